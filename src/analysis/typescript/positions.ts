// Positions and text of nodes, in git lines.
import { ts } from "ts-morph";
import { gitLinesFor } from "../../engine/lines.js";

/** 1-based git line of a node's first token (the compiler's own line map also breaks at CR, U+2028, U+2029). */
export function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return gitLinesFor(sf, sf.text).lineOf(node.getStart(sf));
}

/** 1-based git line of a node's last character. */
export function endLineOf(sf: ts.SourceFile, node: ts.Node): number {
  return gitLinesFor(sf, sf.text).lineOf(node.getEnd());
}

/** A node's source on one line, shortened for a message; reads only the head of a huge node. */
export function snippet(sf: ts.SourceFile, node: ts.Node, max = 60): string {
  const start = node.getStart(sf);
  const head = sf.text.slice(start, Math.min(node.getEnd(), start + max * 4));
  const text = head.replace(/\s+/g, " ").trim();
  return text.length > max || head.length < node.getEnd() - start ? `${text.slice(0, max - 1)}…` : text;
}
