// tree-sitter's Python grammar, loaded once per process. The wasm shipped inside
// tree-sitter-python loads in web-tree-sitter 0.27 (the one in tree-sitter-wasms does not).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";
import { gitLinesFor, registeredLines } from "../../engine/lines.js";

let parser: Parser | undefined;
let loading: Promise<Parser> | undefined;

// Parsing stops past this many milliseconds; the partial tree is still checked.
const PARSE_BUDGET_MS = 5000;

/** The grammar beside this module (the Action's single-file bundle ships it there), else the package's. */
function grammarPath(): string {
  const beside = fileURLToPath(new URL("./tree-sitter-python.wasm", import.meta.url));
  return existsSync(beside) ? beside : createRequire(import.meta.url).resolve("tree-sitter-python/tree-sitter-python.wasm");
}

export function initPython(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(grammarPath());
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    return p;
  })();
  return loading;
}

/** Parses Python source; initPython() must have resolved first. */
export function parsePython(text: string): Tree {
  if (!parser) throw new Error("initPython() has not finished");
  const started = Date.now();
  let timedOut = false;
  // Python reads a lone CR as a line break; git does not. Parse it as Python does (same offsets)
  // and count lines on the original text, as git does.
  const source = text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
  const tree = parser.parse(source, null, {
    progressCallback: () => {
      if (Date.now() - started > PARSE_BUDGET_MS) timedOut = true;
      return timedOut;
    },
  });
  if (!tree) {
    // A cancelled parse resumes on the next call unless reset: the next file would get its tree.
    parser.reset();
    throw new Error(timedOut ? `parsing took longer than ${PARSE_BUDGET_MS} ms` : "tree-sitter returned no tree");
  }
  gitLinesFor(tree, text);
  return tree;
}

/** The git line of the first ERROR or MISSING node, or undefined when the tree has none. */
export function firstSyntaxErrorLine(tree: Tree): number | undefined {
  let node: Node | null = tree.rootNode;
  if (!node.hasError) return undefined;
  while (node && !node.isError && !node.isMissing) node = node.children.find((c) => c?.hasError || c?.isMissing) ?? null;
  if (!node) return undefined;
  return registeredLines(tree)?.lineOf(node.startIndex) ?? node.startPosition.row + 1;
}
