// Dockerfile instructions with their line numbers: continuation lines joined, comment lines
// dropped as Docker drops them, heredoc bodies (RUN <<EOF) kept as shell lines.
import { cached, type FileSource } from "./cached.js";
import type { SourceLine } from "./yaml.js";

export interface Instruction {
  keyword: string;
  /** The arguments, continuation lines joined with a space. */
  args: string;
  line: number;
  endLine: number;
  /** Physical line of a character of `args`. */
  lineAt(index: number): number;
  /** Lines of heredoc bodies that follow the instruction. */
  heredoc: SourceLine[];
}

export interface Stage {
  /** Base image or earlier stage, as written after FROM. */
  base: string;
  name?: string;
  from: Instruction;
  instructions: Instruction[];
  endLine: number;
}

/** The line of the last piece starting at or before `index` (binary search: a command may join many lines). */
export function lineOfPiece(pieces: readonly { at: number; line: number }[], index: number): number {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pieces[mid]?.at ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return pieces[lo]?.line ?? 1;
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z_][\w.-]{0,40})\2/g;
const ESCAPE_DIRECTIVE = /^#\s{0,10}escape\s{0,10}=\s{0,10}([\\`])\s*$/i;

/** The Dockerfile's instructions, parsed once per file of a run when given the rule's context. */
export function parseDockerfile(source: FileSource | string): Instruction[] {
  return cached(source, "dockerfile", parseUncached);
}

function parseUncached(text: string): Instruction[] {
  const lines = text.split("\n");
  const escape = directiveEscape(lines);
  const out: Instruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] ?? "";
    const trimmed = first.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const pieces: { at: number; line: number }[] = [];
    let joined = "";
    let j = i;
    for (; j < lines.length; j++) {
      const raw = (lines[j] ?? "").replace(/\r$/, "");
      if (j > i && raw.trim().startsWith("#")) continue;
      const continued = raw.trimEnd().endsWith(escape);
      const body = continued ? raw.trimEnd().slice(0, -1) : raw;
      pieces.push({ at: joined.length, line: j + 1 });
      joined += (joined === "" ? "" : " ") + body;
      if (!continued) break;
    }
    const lead = /^\s*(\S+)\s*/.exec(joined);
    const keyword = (lead?.[1] ?? "").toUpperCase();
    const argsStart = lead?.[0].length ?? 0;
    const args = joined.slice(argsStart);
    const heredoc: SourceLine[] = [];
    let end = Math.min(j, lines.length - 1);
    if (keyword === "RUN" || keyword === "COPY" || keyword === "ADD") {
      for (const m of args.matchAll(HEREDOC)) {
        const strip = m[1] === "-";
        const word = m[3] ?? "";
        let k = end + 1;
        for (; k < lines.length; k++) {
          const body = lines[k] ?? "";
          if ((strip ? body.trim() : body.replace(/\r$/, "")) === word) break;
          if (keyword === "RUN") heredoc.push({ line: k + 1, text: body });
        }
        end = Math.min(k, lines.length - 1);
      }
    }
    out.push({
      keyword,
      args,
      line: i + 1,
      endLine: end + 1,
      lineAt: (index) => lineOfPiece(pieces, index + argsStart),
      heredoc,
    });
    i = end;
  }
  return out;
}

function directiveEscape(lines: string[]): string {
  for (const line of lines) {
    const m = ESCAPE_DIRECTIVE.exec(line.trim());
    if (m) return m[1] ?? "\\";
    if (!line.trim().startsWith("#")) break;
  }
  return "\\";
}

export function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "FROM") {
      const words = ins.args.split(/\s+/).filter((w) => w !== "" && !w.startsWith("--"));
      const as = words.findIndex((w) => w.toLowerCase() === "as");
      const name = as >= 0 ? words[as + 1]?.toLowerCase() : undefined;
      stages.push({ base: words[0] ?? "", ...(name ? { name } : {}), from: ins, instructions: [], endLine: ins.endLine });
    } else {
      const stage = stages.at(-1);
      if (stage) {
        stage.instructions.push(ins);
        stage.endLine = ins.endLine;
      }
    }
  }
  return stages;
}
