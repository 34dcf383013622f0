// Shell commands wherever a file holds them (a script, a Dockerfile's RUN, a Makefile recipe, a
// workflow's `run:`, GitLab `script:`, package.json `scripts`), split into simple commands. This
// is a reader for patterns, not a shell: quoting is honoured, expansions are kept as written.
import { cached, type FileSource } from "./cached.js";
import { lineOfPiece, parseDockerfile } from "./dockerfile.js";
import { fileKind, type FileKind } from "./kind.js";
import { entries, get, items, parseYaml, scalarLines, type SourceLine, type YamlFile } from "./yaml.js";

/** One logical command line: continuation lines joined. */
export interface Command {
  text: string;
  line: number;
  /** Physical line of a character of `text`. */
  lineAt(index: number): number;
  /** Where it came from, for messages: "RUN", "run:", "recipe", "script". */
  origin: string;
}

/** Joins lines ending in a backslash; drops lines that are only a comment. */
export function joinLines(lines: SourceLine[], origin: string): Command[] {
  const out: Command[] = [];
  let pieces: { at: number; line: number }[] = [];
  let text = "";
  const flush = () => {
    if (pieces.length === 0) return;
    const own = pieces;
    out.push({
      text,
      line: own[0]?.line ?? 1,
      lineAt: (index) => lineOfPiece(own, index),
      origin,
    });
    pieces = [];
    text = "";
  };
  for (const { line, text: raw } of lines) {
    const body = raw.replace(/\r$/, "");
    if (pieces.length === 0 && body.trimStart().startsWith("#")) continue;
    const continued = endsWithEscape(body);
    pieces.push({ at: text.length, line });
    text += continued ? body.slice(0, -1) : body;
    if (!continued) flush();
  }
  flush();
  return out;
}

/** An odd number of trailing backslashes continues the line. */
export function endsWithEscape(line: string): boolean {
  let n = 0;
  for (let i = line.length - 1; i >= 0 && line.charAt(i) === "\\"; i--) n++;
  return n % 2 === 1;
}

export interface Segment {
  /** Words with quotes removed; substitutions kept as written. */
  words: string[];
  /** The segment as written. */
  raw: string;
  /** Offset of the segment in the command text. */
  at: number;
  /** The operator that joins it to the next segment: "|", "&&", "||", ";", "&" or "". */
  next: string;
  /** Redirections (`> file`, `>> $GITHUB_ENV`) as written. */
  redirects: string[];
  /** Inside `$(...)`, `<(...)` or backquotes: its output is captured, not printed. */
  captured?: boolean;
}

/**
 * Splits a command line into simple commands at unquoted |, &&, ||, ; and &. Command
 * substitutions and process substitutions stay inside their word (their text is split again by
 * `substitutions`). One pass, no backtracking.
 */
export function segments(text: string): Segment[] {
  return new Segmenter(text).run();
}

/** The state of one pass of `segments` over a command line. */
class Segmenter {
  private readonly out: Segment[] = [];
  private words: string[] = [];
  private redirects: string[] = [];
  private word = "";
  private inWord = false;
  private start = 0;
  private quote = "";
  private depth = 0;

  constructor(private readonly text: string) {}

  run(): Segment[] {
    const { text } = this;
    for (let i = 0; i < text.length; i++) {
      const next = this.quoted(i) ?? this.operator(i);
      if (next === "comment") return this.out;
      if (next !== undefined) {
        i = next;
        continue;
      }
      const c = text.charAt(i);
      if ((c === "(" || c === ")" || c === "{" || c === "}") && !this.inWord) continue;
      this.word += c;
      this.inWord = true;
    }
    this.endSegment("", text.length, text.length);
    return this.out;
  }

  /** Quotes, escapes, expressions and substitutions at `i`: the index consumed up to, or undefined. */
  private quoted(i: number): number | undefined {
    const { text } = this;
    const c = text.charAt(i);
    if (this.quote === "'") {
      if (c === "'") this.quote = "";
      else this.word += c;
      return i;
    }
    if (c === "$" && text.startsWith("{{", i + 1)) {
      // A GitHub Actions expression is one word, spaces and all.
      const end = text.indexOf("}}", i + 3);
      const stop = end < 0 ? text.length : end + 2;
      this.word += text.slice(i, stop);
      this.inWord = true;
      return stop - 1;
    }
    if (c === "\\" && i + 1 < text.length) {
      this.word += text.charAt(i + 1);
      this.inWord = true;
      return i + 1;
    }
    if (this.depth > 0 || this.quote === '"') {
      if (c === "(" && text.charAt(i - 1) === "$") this.depth++;
      else if (c === ")" && this.depth > 0) this.depth--;
      else if (c === '"' && this.depth === 0) {
        this.quote = "";
        return i;
      }
      this.word += c;
      return i;
    }
    if (c === "'" || c === '"') {
      this.quote = c;
      this.inWord = true;
      return i;
    }
    if ((c === "$" || c === "<" || c === ">") && text.charAt(i + 1) === "(") {
      this.depth++;
      this.word += c + "(";
      this.inWord = true;
      return i + 1;
    }
    return undefined;
  }

  /** Comments, blanks, control operators and redirections at `i` (outside quotes). */
  private operator(i: number): number | "comment" | undefined {
    const { text } = this;
    const c = text.charAt(i);
    if (c === "#" && !this.inWord) {
      this.endSegment("", i, text.length);
      return "comment";
    }
    if (c === " " || c === "\t" || c === "\n") {
      this.endWord();
      return i;
    }
    const two = text.slice(i, i + 2);
    if (two === "&&" || two === "||") {
      this.endSegment(two, i, i + 2);
      return i + 1;
    }
    if (c === "|" || c === ";" || (c === "&" && text.charAt(i - 1) !== ">" && text.charAt(i + 1) !== ">")) {
      this.endSegment(c, i, i + 1);
      return i;
    }
    if ((c === ">" || c === "<") && !this.inWord) {
      this.word = c;
      this.inWord = true;
      const doubled = text.charAt(i + 1) === ">";
      if (doubled) this.word += ">";
      this.endWord();
      return doubled ? i + 1 : i;
    }
    return undefined;
  }

  private endWord(): void {
    if (this.inWord) {
      const prev = this.words.at(-1);
      if (prev !== undefined && /^\d?>{1,2}&?$|^<$/.test(prev)) {
        this.words.pop();
        this.redirects.push(prev + this.word);
      } else if (/^(?:\d?>{1,2}&?|&>)./.test(this.word) && !this.word.startsWith(">(")) {
        this.redirects.push(this.word);
      } else {
        this.words.push(this.word);
      }
    }
    this.word = "";
    this.inWord = false;
  }

  private endSegment(op: string, at: number, nextStart: number): void {
    this.endWord();
    if (this.words.length > 0 || this.redirects.length > 0) {
      this.out.push({ words: this.words, raw: this.text.slice(this.start, at), at: this.start, next: op, redirects: this.redirects });
    }
    this.words = [];
    this.redirects = [];
    this.start = nextStart;
  }
}

const WRAPPERS = new Set(["sudo", "env", "exec", "time", "nice", "nohup", "command", "doas", "if", "elif", "while", "until", "then", "do", "else", "!"]);

/** `NAME=(` or `NAME+=(`: an array assignment, whose words are data, not a command. */
export const ARRAY_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]{0,100})\+?=\($/;

/** The command word of a segment and its arguments, past sudo/env wrappers and VAR=value prefixes. */
export function commandOf(seg: Segment): { name: string; args: string[] } {
  const w = seg.words;
  if (ARRAY_ASSIGNMENT.test(w[0] ?? "")) return { name: "", args: [] };
  let i = 0;
  while (i < w.length) {
    const word = w[i] ?? "";
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      i++;
    } else if (WRAPPERS.has(word)) {
      i++;
      while (i < w.length && (w[i] ?? "").startsWith("-")) i += (w[i] === "-u" || w[i] === "-g") ? 2 : 1;
    } else {
      break;
    }
  }
  const name = (w[i] ?? "").replace(/^.*\//, "");
  return { name, args: w.slice(i + 1) };
}

/** Texts of `$(...)`, `<(...)` and backquoted substitutions inside a word. */
export function substitutions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    const c = word.charAt(i);
    if ((c === "$" || c === "<" || c === ">") && word.charAt(i + 1) === "(" && word.charAt(i + 2) !== "(") {
      let depth = 1;
      let j = i + 2;
      for (; j < word.length && depth > 0; j++) {
        if (word.charAt(j) === "(") depth++;
        else if (word.charAt(j) === ")") depth--;
      }
      out.push(word.slice(i + 2, depth === 0 ? j - 1 : j));
      i = j - 1;
    } else if (c === "`") {
      const end = word.indexOf("`", i + 1);
      if (end < 0) break;
      out.push(word.slice(i + 1, end));
      i = end;
    }
  }
  return out;
}

export const SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "zsh", "dash", "ksh", "ash"]);
/** Interpreters besides the shells and Python (which is matched by pattern: python3.12). */
export const INTERPRETERS: ReadonlySet<string> = new Set(["node", "nodejs", "perl", "ruby", "php", "bun", "deno"]);
export const FETCHERS: ReadonlySet<string> = new Set(["curl", "wget"]);

export function isPython(name: string): boolean {
  return /^(?:python|pypy)[0-9.]{0,5}$/.test(name);
}

/** Whether an interpreter invoked with these arguments reads its program from standard input. */
export function readsProgramFromStdin(name: string, args: string[]): boolean {
  const shell = SHELLS.has(name);
  if (!shell && !isPython(name) && !INTERPRETERS.has(name)) return false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "-") return true;
    if (shell) {
      if (a === "-s") return true;
      if (a === "-c" || a === "--") return false;
      if (a === "-o" || a === "+o") i++;
      else if (!/^[-+]/.test(a)) return false;
    } else {
      // -c (python), -e/-p (node, perl, ruby), -m (python), -r (php): the program is an argument.
      if (/^-(?:c|e|p|m|r|-eval|-print)$/.test(a)) return false;
      if (/^-[WX]$/.test(a)) i++;
      else if (!a.startsWith("-")) return false;
    }
  }
  return true;
}

/** The downloader (curl or wget) a command line runs, if any. */
export function fetcherIn(text: string): string | undefined {
  for (const seg of allSegments(text)) {
    const { name } = commandOf(seg);
    if (FETCHERS.has(name)) return name;
  }
  return undefined;
}

/**
 * Simple commands of a command line, and of the command lines nested in it: `$(...)`, `<(...)`,
 * backquotes and `sh -c "..."` strings, a few levels down.
 */
export function allSegments(text: string, depth = 0): Segment[] {
  const own = segments(text);
  if (depth >= 3) return own;
  const out = [...own];
  for (const seg of own) {
    // Nested commands are reported at the place of the command that holds them.
    const nest = (inner: string, captured: boolean) =>
      out.push(...allSegments(inner, depth + 1).map((s) => ({ ...s, at: seg.at, ...(captured || s.captured ? { captured: true } : {}) })));
    for (const word of seg.words) for (const inner of substitutions(word)) nest(inner, true);
    const { name, args } = commandOf(seg);
    const c = args.indexOf("-c");
    if (SHELLS.has(name) && c >= 0 && args[c + 1] !== undefined) nest(args[c + 1] ?? "", false);
  }
  return out;
}

/** Every shell command a file holds, with its lines, by the file's kind. */
export function commandsOf(source: FileSource & { path: string }, kind: FileKind = fileKind(source.path, source.text)): Command[] {
  return cached(source, `commands:${kind}`, (text) => commandsIn(text, source, kind));
}

function commandsIn(text: string, source: FileSource, kind: FileKind): Command[] {
  const lines = () => text.split("\n").map((t, i) => ({ line: i + 1, text: t }));
  switch (kind) {
    case "shell":
      return joinLines(lines(), "script");
    case "makefile":
      return makeRecipes(lines());
    case "dockerfile":
      return dockerRuns(source);
    case "workflow":
    case "action":
    case "gitlab-ci":
    case "package-json": {
      const file = parseYaml(source);
      return file ? yamlCommands(file, kind) : [];
    }
    default:
      return [];
  }
}

function makeRecipes(lines: SourceLine[]): Command[] {
  const recipe: SourceLine[] = [];
  let continued = false;
  for (const l of lines) {
    if (l.text.startsWith("\t") || continued) {
      const body = l.text.replace(/^\t[@+-]{0,3}/, "").replace(/\$\$/g, "$");
      recipe.push({ line: l.line, text: body });
      continued = endsWithEscape(l.text.replace(/\r$/, ""));
    } else {
      recipe.push({ line: l.line, text: "" });
    }
  }
  return joinLines(recipe, "recipe").filter((c) => c.text.trim() !== "");
}

function dockerRuns(source: FileSource): Command[] {
  const out: Command[] = [];
  for (const ins of parseDockerfile(source)) {
    if (ins.keyword !== "RUN") continue;
    out.push({ text: execForm(ins.args) ?? ins.args, line: ins.line, lineAt: ins.lineAt, origin: "RUN" });
    out.push(...joinLines(ins.heredoc, "RUN"));
  }
  return out;
}

/** The command line of an exec-form RUN (["sh", "-c", "..."] or ["chmod", "777", "/x"]). */
function execForm(args: string): string | undefined {
  if (!args.trimStart().startsWith("[")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((a): a is string => typeof a === "string")) return undefined;
  const [program = "", flag, script] = parsed;
  if (SHELLS.has(program.replace(/^.*\//, "")) && flag === "-c" && script !== undefined) return script;
  return parsed.map((a) => (/^[\w./=:@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
}

function yamlCommands(file: YamlFile, kind: FileKind): Command[] {
  const out: Command[] = [];
  const add = (node: unknown, origin: string) => {
    for (const c of joinLines(scalarLines(file, node), origin)) out.push(c);
  };
  for (const doc of file.docs) {
    const root = doc.contents;
    if (kind === "package-json") {
      for (const [, value] of entries(get(root, "scripts"))) add(value, "script");
    } else if (kind === "gitlab-ci") {
      for (const [, job] of entries(root)) {
        for (const key of ["before_script", "script", "after_script"]) {
          const v = get(job, key);
          for (const item of items(v).length > 0 ? items(v) : [v]) add(item, "script:");
        }
      }
    } else {
      for (const step of stepsOf(root)) add(get(step, "run"), "run:");
    }
  }
  return out;
}

/** Steps of every job of a workflow, or of a composite action. */
export function stepsOf(root: unknown): unknown[] {
  const direct = items(get(get(root, "runs"), "steps"));
  const jobs = [...entries(get(root, "jobs"))].flatMap(([, job]) => items(get(job, "steps")));
  return [...direct, ...jobs];
}
