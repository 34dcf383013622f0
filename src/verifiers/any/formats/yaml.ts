// YAML (and JSON, which YAML 1.2 reads too) as data with line numbers, for the any/* rules.
// Never throws: a file that cannot be read safely is reported as not checked (readYaml).
import { GitLines } from "../../../engine/lines.js";
import type { VerifierContext } from "../../types.js";
import { cached, type FileSource } from "./cached.js";
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from "yaml";

export interface YamlFile {
  docs: Document.Parsed[];
  /** 1-based git line of a character offset. */
  lineAt(offset: number): number;
  /** The file's lines, for reading a scalar's source text. */
  lines: string[];
  /** Offset at which each line starts. */
  lineStarts: readonly number[];
}

/**
 * The yaml package recurses once per nesting level and overflows the stack a few hundred levels
 * down; after that the process is left unable to compile regular expressions (seen on Node 20).
 * Real configuration nests a few dozen levels, so deeper text is refused before it is parsed.
 */
const MAX_DEPTH = 120;

/** The text as YAML, parsed once per file of a run when given the rule's context. */
export function parseYaml(source: FileSource | string): YamlFile | undefined {
  return cached(source, "yaml", parseUncached);
}

/** The file as YAML; when it cannot be read safely, the rule says so and gets undefined. */
export function readYaml(ctx: FileSource & Pick<VerifierContext, "incomplete">): YamlFile | undefined {
  const file = parseYaml(ctx);
  if (!file) ctx.incomplete(tooDeep(ctx.text) ? `YAML nested deeper than ${MAX_DEPTH} levels was not read` : "the YAML could not be read");
  return file;
}

function parseUncached(text: string): YamlFile | undefined {
  if (tooDeep(text)) return undefined;
  const first = parse(text);
  if (!first || first.docs.every((d) => d.errors.length === 0) || !text.includes("{{")) return first;
  // A Helm or Jinja template: blank out the template actions, keeping every offset in place.
  return parse(withoutTemplates(text)) ?? first;
}

function parse(text: string): YamlFile | undefined {
  try {
    // prettyErrors off: building the error context is quadratic in the number of errors.
    const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
    if (!Array.isArray(docs)) return { docs: [], lineAt: () => 1, lines: [], lineStarts: [0] };
    const git = new GitLines(text);
    return { docs, lineAt: (offset) => git.lineOf(offset), lines: text.split("\n"), lineStarts: git.lineStarts() };
  } catch {
    return undefined;
  }
}

/** An upper bound on nesting: indentation plus open flow brackets plus block indicators on a line. */
function tooDeep(text: string): boolean {
  let flow = 0;
  let lead = 0;
  let indicators = 0;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      atStart = true;
      lead = 0;
      indicators = 0;
      continue;
    }
    if (atStart && (c === 32 || c === 9)) {
      lead++;
    } else {
      atStart = false;
      if (c === 91 || c === 123) flow++;
      else if ((c === 93 || c === 125) && flow > 0) flow--;
      else if ((c === 45 || c === 63 || c === 58) && (i + 1 === text.length || text.charCodeAt(i + 1) === 32)) indicators++;
    }
    if (lead + flow + indicators > MAX_DEPTH) return true;
  }
  return false;
}

const TEMPLATE_ACTION = /\{\{.{0,400}?\}\}/g;

function withoutTemplates(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const rest = line.replace(TEMPLATE_ACTION, "").trim();
      return rest === "" ? " ".repeat(line.length) : line.replace(TEMPLATE_ACTION, (m) => "_".repeat(m.length));
    })
    .join("\n");
}

export type PairNode = Pair<unknown, unknown>;

/** Pairs of a mapping whose key is a plain string. */
export function* entries(node: unknown): Generator<[string, unknown, PairNode]> {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key === "string" || typeof key === "number") yield [String(key), pair.value, pair];
  }
}

export function get(node: unknown, key: string): unknown {
  for (const [k, v] of entries(node)) if (k === key) return v;
  return undefined;
}

export function getPair(node: unknown, key: string): PairNode | undefined {
  for (const [k, , pair] of entries(node)) if (k === key) return pair;
  return undefined;
}

export function items(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

/** A scalar's value as a string (numbers and booleans too), or undefined for anything else. */
export function str(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
}

/** A scalar true, also written as a string ("true") as in Helm values. */
export function isTrue(node: unknown): boolean {
  return str(node)?.toLowerCase() === "true";
}

export function lineOf(file: YamlFile, node: unknown): number {
  const range = (node as Node | undefined)?.range;
  return range ? file.lineAt(range[0]) : 1;
}

/** The line of a pair's key, where a reader looks for `key: value`. */
export function pairLine(file: YamlFile, pair: PairNode): number {
  return lineOf(file, pair.key ?? pair.value);
}

export interface SourceLine {
  line: number;
  text: string;
}

/**
 * The source lines a scalar spans, as written (indentation kept), so shell patterns run on the
 * text a reader sees and report its real line numbers. The first line starts at the scalar, not
 * at its key. Quoted scalars give their decoded value instead.
 */
export function scalarLines(file: YamlFile, node: unknown): SourceLine[] {
  if (!isScalar(node) || !node.range) return [];
  const [start, , end] = node.range;
  const first = file.lineAt(start);
  if (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") {
    // Quotes and escapes would hide the command from a shell reader: use the decoded value.
    return String(node.value)
      .split("\n")
      .map((text, i) => ({ line: Math.min(first + i, file.lineAt(Math.max(start, end - 1))), text }));
  }
  const last = file.lineAt(Math.max(start, end - 1));
  const out: SourceLine[] = [];
  for (let line = first; line <= last; line++) {
    let text = file.lines[line - 1] ?? "";
    if (line === first) text = text.slice(start - (file.lineStarts[line - 1] ?? 0));
    out.push({ line, text });
  }
  return out;
}
