// The text that TS/JS rules' quick pre-checks search. The compiler decodes unicode escapes in
// identifiers (`db.\u0071uery` is `db.query`) and escapes in strings, so a pre-check over the raw
// text could miss a name the tree-based check would find; the decoded text cannot.
import { cached, type FileSource } from "../any/formats/cached.js";

const ESCAPE = /\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\([0-7]{1,3})|\\(\r\n|[\s\S])/g;
/** What a string's one-character escapes stand for; any other escaped character is itself (`"s\ecret"` is "secret"). */
const SINGLE: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\n": "", "\r": "", "\r\n": "", "\u2028": "", "\u2029": "" };

/**
 * The file's text with `\uXXXX`, `\u{X}`, `\xXX`, octal and one-character escapes decoded, and
 * line continuations removed (for matching only: offsets move), decoded once per file and
 * evaluation and shared by every rule that asks.
 */
export function searchText(source: FileSource): string {
  return source.text.includes("\\") ? cached(source, "typescript/search-text", decode) : source.text;
}

function decode(text: string): string {
  return text.replace(ESCAPE, (whole, braced?: string, u?: string, x?: string, octal?: string, single?: string) => {
    if (single !== undefined) return SINGLE[single] ?? single;
    const code = braced ?? u ?? x;
    const point = code !== undefined ? parseInt(code, 16) : parseInt(octal ?? "", 8);
    return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
  });
}
