// The TypeScript compiler's parser only (no program, no type checker), via ts-morph's bundled ts.
// Its recursive descent overflows Node's default stack between about 630 (object literals) and
// 850 (template literals) levels of bracket nesting, so brackets nested deeper than a safe depth
// are blanked out (same length, same line breaks) before parsing and the rest is checked. A
// RangeError from nesting without brackets (thousands of chained `=>` or `?:`) is still caught.
import { ts } from "ts-morph";
import { lineAt } from "../../engine/lines.js";

/** Bracket depth handed to the parser; far above hand-written code, far below the overflow. */
export const MAX_NESTING = 200;

export interface ParsedTypeScript {
  sourceFile: ts.SourceFile;
  /** Why part or all of the file was not parsed, worded for a notice. */
  skipped?: string;
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (path.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.(?:js|mjs|cjs)$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

// No rule reads JSDoc (comments never run), so the parser skips it: a sizeable share of the parse.
const OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

function create(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, OPTIONS, true, scriptKind(path));
}

export function parseTypeScript(path: string, text: string, maxNesting = MAX_NESTING): ParsedTypeScript {
  const deep = tooDeep(text, maxNesting);
  const source = deep ? blank(text, deep) : text;
  const skipped = deep
    ? `nests brackets deeper than ${maxNesting} levels on lines ${lineRange(text, deep)}; that code was not parsed or checked, the rest was`
    : undefined;
  try {
    return { sourceFile: create(path, source), ...(skipped ? { skipped } : {}) };
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return {
      sourceFile: create(path, ""),
      skipped: "nests expressions too deeply for the TypeScript parser (thousands of chained operators); the file was not checked by the TypeScript/JavaScript rules",
    };
  }
}

/** Syntax errors the parser recovered from (an internal field, stable across TS 4-5). */
/** The git line of the first syntax error the parser met, or undefined when the file parsed cleanly. */
export function firstParseErrorLine(sf: ts.SourceFile): number | undefined {
  const first = (sf as unknown as { parseDiagnostics?: { start?: number }[] }).parseDiagnostics?.[0];
  return first ? lineAt(sf.text, first.start ?? 0) : undefined;
}

const OPEN = new Set([0x28, 0x5b, 0x7b]); // ( [ {
const CLOSE = new Set([0x29, 0x5d, 0x7d]); // ) ] }
/** After these a `/` starts a regular expression rather than a division (not after `<`: a JSX closing tag). */
const BEFORE_REGEX = new Set("(,=:[!&|?{};+-*%>~^".split("").map((c) => c.charCodeAt(0)));
/** Character classes for the scan's fast path: most characters only update `prev`. */
const PLAIN = 0;
const SPACE = 1;
const SPECIAL = 2;
const KIND = new Uint8Array(128);
for (const c of " \t\n\r") KIND[c.charCodeAt(0)] = SPACE;
for (const c of "\"'`/()[]{}") KIND[c.charCodeAt(0)] = SPECIAL;
const KEYWORDS_BEFORE_REGEX = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/**
 * Start and end offsets of every region nested deeper than `limit`, in one linear pass that
 * knows strings, comments, template literals and (by the usual heuristic) regular expressions,
 * so brackets inside them do not count. Undefined when the file stays within the limit.
 */
export function tooDeep(text: string, limit: number): [number, number][] | undefined {
  let regions: [number, number][] | undefined;
  // Per open bracket: whether it is a template literal's `${`, whose `}` resumes the template.
  const stack: boolean[] = [];
  let start = -1;
  let prev = 0; // last significant character code
  const n = text.length;
  const close = (at: number) => {
    if (stack.length === limit && start >= 0) {
      (regions ??= []).push([start, at]);
      start = -1;
    }
  };
  let i = 0;
  const template = (): void => {
    // In template text: up to the closing backtick, or into a `${` expression.
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) i++;
      else if (c === 0x60) return;
      else if (c === 0x24 && text.charCodeAt(i + 1) === 0x7b) {
        i++;
        stack.push(true);
        if (stack.length === limit + 1) start = i - 1;
        return;
      }
    }
  };
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? KIND[c] : PLAIN;
    if (kind === SPACE) continue;
    if (kind === PLAIN) {
      prev = c;
      continue;
    }
    if (c === 0x22 || c === 0x27) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === c || d === 0x0a) break;
      }
    } else if (c === 0x60) {
      i++;
      template();
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      const eol = text.indexOf("\n", i);
      i = eol < 0 ? n : eol;
      continue;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 1;
      continue;
    } else if (c === 0x2f && (BEFORE_REGEX.has(prev) || prev === 0 || KEYWORDS_BEFORE_REGEX.test(text.slice(Math.max(0, i - 8), i).trimEnd()))) {
      let inClass = false;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x5b) inClass = true;
        else if (d === 0x5d) inClass = false;
        else if ((d === 0x2f && !inClass) || d === 0x0a) break;
      }
    } else if (OPEN.has(c)) {
      stack.push(false);
      if (stack.length === limit + 1) start = i;
    } else if (CLOSE.has(c) && stack.length > 0) {
      const resumesTemplate = stack.pop();
      close(i + 1);
      if (resumesTemplate) {
        i++;
        template();
      }
    }
    prev = c;
  }
  if (start >= 0) (regions ??= []).push([start, n]);
  return regions;
}

/** The text with the regions replaced by spaces, line breaks kept, so positions do not move. */
function blank(text: string, regions: [number, number][]): string {
  let out = "";
  let from = 0;
  for (const [start, end] of regions) {
    out += text.slice(from, start) + text.slice(start, end).replace(/[^\r\n]/g, " ");
    from = end;
  }
  return out + text.slice(from);
}

function lineRange(text: string, regions: [number, number][]): string {
  const lineOf = (offset: number) => lineAt(text, offset);
  const first = lineOf(regions[0]?.[0] ?? 0);
  const last = lineOf(regions.at(-1)?.[1] ?? 0);
  return first === last ? `${first}` : `${first}-${last}`;
}
