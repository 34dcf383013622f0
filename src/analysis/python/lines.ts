// Git lines of a Python node (tree-sitter's rows follow the parsed text, see parsePython).
import type { Node } from "web-tree-sitter";
import { registeredLines } from "../../engine/lines.js";

/** 1-based first and last git line of a node. */
export function lines(node: Node): { line: number; endLine: number } {
  const git = registeredLines(node.tree);
  if (!git) return { line: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
  return { line: git.lineOf(node.startIndex), endLine: git.lineOf(node.endIndex) };
}
