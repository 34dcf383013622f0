// A tolerant reader for Terraform's HCL: blocks, attributes and literal values (strings, numbers,
// booleans, lists, objects, heredocs, function calls such as jsonencode) with their lines.
// Anything it does not model (operators, for-expressions, templates) becomes an opaque
// expression, so real files read without error and a broken one reads as far as it can.
import type { VerifierContext } from "../../types.js";
import { cached, type FileSource } from "./cached.js";

export type HclValue =
  | { kind: "string"; value: string; line: number }
  | { kind: "number"; value: number; line: number }
  | { kind: "bool"; value: boolean; line: number }
  | { kind: "list"; items: HclValue[]; line: number }
  | { kind: "object"; body: HclBody; line: number }
  | { kind: "heredoc"; value: string; line: number }
  | { kind: "call"; name: string; args: HclValue[]; line: number }
  | { kind: "expr"; text: string; line: number };

export interface HclAttr {
  name: string;
  value: HclValue;
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
  line: number;
  endLine: number;
}

export interface HclBody {
  attrs: HclAttr[];
  blocks: HclBlock[];
}

interface Token {
  t: "ident" | "string" | "number" | "heredoc" | "punct" | "nl";
  v: string;
  line: number;
  /** A string with `${...}` or `%{...}` in it: not a literal. */
  template?: boolean;
}

const MAX_DEPTH = 64;

/** The file's HCL; when blocks nest past the depth guard (their contents are skipped), the rule says so. */
export function readHcl(ctx: FileSource & Pick<VerifierContext, "incomplete">): HclBody {
  const { body, truncated } = cached(ctx, "hcl", parsed);
  if (truncated) ctx.incomplete(`HCL nested deeper than ${MAX_DEPTH} levels was not read`);
  return body;
}

function parsed(text: string): { body: HclBody; truncated: boolean } {
  const reader = new Reader(tokenize(text));
  const body = reader.body(undefined, 0);
  return { body, truncated: reader.truncated };
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charAt(i);
    if (c === "\n") {
      out.push({ t: "nl", v: "\n", line });
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (c === "#" || (c === "/" && text.charAt(i + 1) === "/")) {
      while (i < n && text.charAt(i) !== "\n") i++;
    } else if (c === "/" && text.charAt(i + 1) === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (text.charAt(k) === "\n") line++;
      i = stop;
    } else if (c === '"') {
      const str = readString(text, i + 1);
      i = str.end;
      out.push({ t: "string", v: str.value, line, ...(str.template ? { template: true } : {}) });
    } else if (c === "<" && text.charAt(i + 1) === "<" && /[-A-Za-z_]/.test(text.charAt(i + 2))) {
      const doc = readHeredoc(text, i);
      if (!doc) {
        out.push({ t: "punct", v: "<", line });
        i++;
        continue;
      }
      i = doc.end;
      out.push({ t: "heredoc", v: doc.body.join("\n"), line: line + 1 });
      line += doc.lines;
      out.push({ t: "nl", v: "\n", line });
      line++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w-]/.test(text.charAt(j))) j++;
      out.push({ t: "ident", v: text.slice(i, j), line });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(text.charAt(j))) j++;
      out.push({ t: "number", v: text.slice(i, j), line });
      i = j;
    } else {
      out.push({ t: "punct", v: c, line });
      i++;
    }
  }
  return out;
}

/** A quoted string from just after its opening quote: its value, whether it holds a template, where it ends. */
function readString(text: string, from: number): { value: string; template: boolean; end: number } {
  const n = text.length;
  let i = from;
  let value = "";
  let template = false;
  while (i < n && text.charAt(i) !== '"' && text.charAt(i) !== "\n") {
    const d = text.charAt(i);
    if (d === "\\") {
      value += text.charAt(i + 1);
      i += 2;
    } else if ((d === "$" || d === "%") && text.charAt(i + 1) === "{") {
      template = true;
      let depth = 0;
      for (; i < n && text.charAt(i) !== "\n"; i++) {
        const e = text.charAt(i);
        value += e;
        if (e === "{") depth++;
        else if (e === "}" && --depth === 0) break;
      }
      i++;
    } else {
      value += d;
      i++;
    }
  }
  return { value, template, end: i + 1 };
}

/** A heredoc at `from` (`<<EOT`): its body lines, the lines it spans after the opener, where it ends. */
function readHeredoc(text: string, from: number): { body: string[]; lines: number; end: number } | undefined {
  const m = /^<<-?([A-Za-z_]\w{0,40})[ \t]*\r?\n/.exec(text.slice(from, from + 50));
  if (!m) return undefined;
  const word = m[1] ?? "";
  const n = text.length;
  let i = from + m[0].length;
  let lines = 1;
  const body: string[] = [];
  while (i < n) {
    const end = text.indexOf("\n", i);
    const stop = end < 0 ? n : end;
    const l = text.slice(i, stop);
    i = stop + 1;
    if (l.trim() === word) break;
    body.push(l);
    lines++;
  }
  return { body, lines, end: i };
}

const CLOSERS: Record<string, string> = { "{": "}", "[": "]", "(": ")" };

class Reader {
  private i = 0;
  /** Something nested past MAX_DEPTH was skipped unread. */
  truncated = false;

  constructor(private readonly tokens: Token[]) {}

  private peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }

  private skipNewlines(): void {
    while (this.peek()?.t === "nl" || this.peek()?.v === ",") this.i++;
  }

  /** Statements until `close` (or the end): attributes `k = v` and blocks `type "label" { }`. */
  body(close: string | undefined, depth: number): HclBody {
    const out: HclBody = { attrs: [], blocks: [] };
    for (;;) {
      this.skipNewlines();
      const tok = this.peek();
      if (!tok) return out;
      if (tok.t === "punct" && tok.v === close) {
        this.i++;
        return out;
      }
      if (tok.t === "punct" && (tok.v === "}" || tok.v === "]" || tok.v === ")")) {
        // A stray closer: the file is broken here; skip it and read on.
        this.i++;
        continue;
      }
      const key = tok.t === "ident" || tok.t === "string" || tok.t === "number" ? tok.v : undefined;
      const next = this.peek(1);
      if (key !== undefined && next?.t === "punct" && (next.v === "=" || next.v === ":") && this.peek(2)?.v !== "=") {
        this.i += 2;
        out.attrs.push({ name: key, value: this.value(depth), line: tok.line });
        continue;
      }
      if (tok.t === "ident") {
        const labels: string[] = [];
        this.i++;
        for (let t = this.peek(); t && (t.t === "string" || t.t === "ident"); t = this.peek()) {
          labels.push(t.v);
          this.i++;
        }
        if (this.peek()?.v === "{") {
          this.i++;
          if (depth >= MAX_DEPTH) this.truncated = true;
          const body = depth < MAX_DEPTH ? this.body("}", depth + 1) : this.skipTo("}");
          out.blocks.push({ type: tok.v, labels, body, line: tok.line, endLine: this.tokens[this.i - 1]?.line ?? tok.line });
        }
        continue;
      }
      this.i++;
    }
  }

  /** One value, up to the end of its expression. */
  private value(depth: number): HclValue {
    const tok = this.peek();
    const line = tok?.line ?? 1;
    const primary = this.primary(depth);
    const after = this.peek();
    if (!after || after.t === "nl" || after.v === "," || after.v === "}" || after.v === "]" || after.v === ")") return primary;
    // An operator follows: the whole expression is opaque.
    let text = "";
    let open = 0;
    for (let t = this.peek(); t; t = this.peek()) {
      if (open === 0 && (t.t === "nl" || t.v === "," || t.v === "}" || t.v === "]" || t.v === ")")) break;
      if (t.v === "{" || t.v === "[" || t.v === "(") open++;
      else if ((t.v === "}" || t.v === "]" || t.v === ")") && open > 0) open--;
      text += t.v;
      this.i++;
    }
    return { kind: "expr", text, line };
  }

  private primary(depth: number): HclValue {
    const tok = this.peek();
    const line = tok?.line ?? 1;
    if (!tok) return { kind: "expr", text: "", line };
    if (depth >= MAX_DEPTH && tok.t === "punct" && CLOSERS[tok.v]) {
      this.truncated = true;
      this.i++;
      this.skipTo(CLOSERS[tok.v] ?? "");
      return { kind: "expr", text: "", line };
    }
    if (tok.t === "string") {
      this.i++;
      return tok.template ? { kind: "expr", text: tok.v, line } : { kind: "string", value: tok.v, line };
    }
    if (tok.t === "heredoc") {
      this.i++;
      return { kind: "heredoc", value: tok.v, line };
    }
    if (tok.t === "number") {
      this.i++;
      return { kind: "number", value: Number(tok.v), line };
    }
    if (tok.v === "{") {
      this.i++;
      return { kind: "object", body: this.body("}", depth + 1), line };
    }
    if (tok.v === "[") {
      this.i++;
      if (this.peek()?.v === "for") {
        this.skipTo("]");
        return { kind: "expr", text: "[for ...]", line };
      }
      return { kind: "list", items: this.items("]", depth), line };
    }
    if (tok.t === "ident") {
      this.i++;
      if (tok.v === "true" || tok.v === "false") return { kind: "bool", value: tok.v === "true", line };
      if (this.peek()?.v === "(") {
        this.i++;
        return { kind: "call", name: tok.v, args: this.items(")", depth), line };
      }
      let text = tok.v;
      while (this.peek()?.v === "." || this.peek()?.v === "[") {
        const t = this.peek();
        this.i++;
        if (t?.v === "[") {
          this.skipTo("]");
          text += "[]";
        } else {
          text += "." + (this.peek()?.v ?? "");
          this.i++;
        }
      }
      return { kind: "expr", text, line };
    }
    this.i++;
    return { kind: "expr", text: tok.v, line };
  }

  /** The values of a list or a call's arguments, up to and past `close`. */
  private items(close: string, depth: number): HclValue[] {
    const out: HclValue[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t) break;
      if (t.v === close) {
        this.i++;
        break;
      }
      const before = this.i;
      out.push(this.value(depth + 1));
      if (this.i === before) this.i++;
    }
    return out;
  }

  /** Skips past the matching closer, without recursion. */
  private skipTo(close: string): HclBody {
    const stack = [close];
    while (stack.length > 0) {
      const t = this.peek();
      if (!t) break;
      this.i++;
      if (t.t !== "punct") continue;
      const closer = CLOSERS[t.v];
      if (closer) stack.push(closer);
      else if (t.v === stack.at(-1)) stack.pop();
    }
    return { attrs: [], blocks: [] };
  }
}

export function attr(body: HclBody, name: string): HclAttr | undefined {
  return body.attrs.find((a) => a.name === name);
}

/** The literal strings of a value: a string, or the strings of a list. */
export function strings(value: HclValue | undefined): string[] {
  if (!value) return [];
  if (value.kind === "string") return [value.value];
  if (value.kind === "list") return value.items.flatMap((v) => (v.kind === "string" ? [v.value] : []));
  return [];
}

/** A literal scalar as text: "22", "true", "public-read". */
export function literal(value: HclValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === "string") return value.value;
  if (value.kind === "number") return String(value.value);
  if (value.kind === "bool") return String(value.value);
  return undefined;
}

/** Every block, at any depth, with the resource block it sits in. */
export function* blocks(body: HclBody, depth = 0): Generator<HclBlock> {
  for (const b of body.blocks) {
    yield b;
    if (depth < MAX_DEPTH) yield* blocks(b.body, depth + 1);
  }
}
