// Python source as CPython reads it. The tokenizer NFKC-normalises every identifier, so
// `cur.ｅｘｅｃｕｔｅ(q)` and `cur.𝐞𝐱𝐞𝐜𝐮𝐭𝐞(q)` call `execute`: rules must see that name, both in the
// tree and in the text their trigger expressions search. Strings and comments keep their
// characters (normalising them would change what the program does, or even how it parses).
import { parsePython } from "./parser.js";
import { walk } from "./ast.js";

const IDENTIFIER = new Set(["identifier"]);

/** The text with each identifier NFKC-normalised; the same text when no identifier changes. Lines never move. */
export function normaliseIdentifiers(text: string): string {
  // Almost every file: nothing that NFKC changes, so no extra parse.
  if (!/[^\x00-\x7f]/.test(text) || text.normalize("NFKC") === text) return text;
  let tree;
  try {
    tree = parsePython(text);
  } catch {
    // The rules' own parse of this text fails the same way and is reported per rule.
    return text;
  }
  const parts: string[] = [];
  let from = 0;
  try {
    walk(tree, {
      types: IDENTIFIER,
      enter(n) {
        const name = text.slice(n.startIndex, n.endIndex);
        const normal = name.normalize("NFKC");
        if (normal === name || normal.includes("\n")) return;
        parts.push(text.slice(from, n.startIndex), normal);
        from = n.endIndex;
      },
    });
  } finally {
    tree.delete();
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(from));
  return parts.join("");
}
