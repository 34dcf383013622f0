// Small helpers over raw `ts.Node` trees (never ts-morph wrappers, which are ~10x slower),
// shared by the TypeScript verifiers.
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

/** Strips parentheses, type assertions, `!` and `satisfies`, none of which change the value. */
export function unwrap(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isTypeAssertionExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}

/** The called name: `query` for both `pool.query(...)` and `query(...)`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return ts.isIdentifier(callee) ? callee.text : undefined;
}

/** The object a method is called on: `pool` for `pool.query(...)`; undefined for a bare call. */
export function receiverOf(call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
}

/** The last name in a receiver chain: `pool` in `this.pool`, `getManager` in `getManager()`. */
export function lastName(e: ts.Expression): string | undefined {
  const inner = unwrap(ts.isAwaitExpression(e) ? unwrap(e.expression) : e);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  return ts.isCallExpression(inner) ? calleeName(inner) : undefined;
}

/**
 * A callee as a reader would name it: `pool.query`, `this.dataSource.query`,
 * `….createQueryBuilder(…).where`; long chains are cut from the left.
 */
export function calleeLabel(sf: ts.SourceFile, e: ts.Expression, budget = 3): string {
  const inner = unwrap(e);
  if (ts.isIdentifier(inner) || inner.kind === ts.SyntaxKind.ThisKeyword) return inner.getText(sf);
  if (ts.isPropertyAccessExpression(inner)) {
    return budget > 0 ? `${calleeLabel(sf, inner.expression, budget - 1)}.${inner.name.text}` : "…";
  }
  if (ts.isCallExpression(inner) && budget > 0) return `${calleeLabel(sf, inner.expression, budget - 1)}(…)`;
  return "…";
}

/** 1-based line of a node's first token. */
export function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** 1-based line of a node's last character. */
export function endLineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
}

/** A node's source on one line, shortened for a message. */
export function snippet(sf: ts.SourceFile, node: ts.Node, max = 60): string {
  const text = node.getText(sf).replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
