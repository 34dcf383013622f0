// One traversal of a raw `ts.Node` tree (never ts-morph wrappers, which are ~10x slower).
import { ts } from "ts-morph";

/**
 * Visits every node once in source order, parents before children, with an explicit stack:
 * no recursion limit however deep the nesting.
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    visit(node);
    const from = stack.length;
    // A block body: forEachChild stops at the first truthy return, and push returns the length.
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
    // Reversed in place, so that pop() returns this node's children in source order.
    for (let i = from, j = stack.length - 1; i < j; i++, j--) {
      const first = stack[i] as ts.Node;
      stack[i] = stack[j] as ts.Node;
      stack[j] = first;
    }
  }
}
