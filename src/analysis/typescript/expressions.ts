// Reading expressions: what is called, on what, along which chain of calls.
import { ts } from "ts-morph";

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

/** `unwrap`, and `await` too. */
export function unwrapAwait(e: ts.Expression): ts.Expression {
  let x = unwrap(e);
  while (ts.isAwaitExpression(x)) x = unwrap(x.expression);
  return x;
}

/** The called name: `query` for both `pool.query(...)` and `query(...)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  // `db["query"](…)` calls the same method as `db.query(…)`.
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return ts.isIdentifier(callee) ? callee.text : undefined;
}

/** The object a method is called on: `pool` for `pool.query(...)` and `pool["query"](...)`; undefined for a bare call. */
export function receiverOf(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.expression;
  return ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
}

/** The last name in a receiver chain: `pool` in `this.pool`, `getManager` in `getManager()`. */
export function lastName(e: ts.Expression): string | undefined {
  const inner = unwrap(ts.isAwaitExpression(e) ? unwrap(e.expression) : e);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  if (ts.isElementAccessExpression(inner) && ts.isStringLiteral(inner.argumentExpression)) return inner.argumentExpression.text;
  return ts.isCallExpression(inner) ? calleeName(inner) : undefined;
}

/**
 * Where a chain of property accesses and calls starts: `prisma` for `prisma.user.create(…)`,
 * `this.prisma` for `this.prisma.user.create(…)`, `knex` for `knex("users").where(…).del()`.
 */
export function chainRoot(e: ts.Expression): string | undefined {
  let cur = unwrap(e);
  for (let hop = 0; hop < 200; hop++) {
    if (ts.isIdentifier(cur)) return cur.text;
    if (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) {
      const inner = unwrap(cur.expression);
      if (inner.kind === ts.SyntaxKind.ThisKeyword && ts.isPropertyAccessExpression(cur)) return `this.${cur.name.text}`;
      cur = inner;
    } else if (ts.isCallExpression(cur) || ts.isAwaitExpression(cur) || ts.isNonNullExpression(cur)) {
      cur = unwrap(cur.expression);
    } else return undefined;
  }
  return undefined;
}

/** Method names along a call chain, innermost first: `["where", "del"]` for `knex("t").where(…).del()`. */
export function chainMethods(call: ts.CallExpression): string[] {
  const names: string[] = [];
  let cur: ts.Expression = call;
  for (let hop = 0; hop < 200; hop++) {
    cur = unwrap(cur);
    if (ts.isCallExpression(cur)) {
      const name = calleeName(cur);
      if (name) names.push(name);
      cur = cur.expression;
    } else if (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) cur = cur.expression;
    else break;
  }
  return names.reverse();
}

/** The calls chained onto `call`: `[where, execute]` for `call` = `db.delete(t)` in `db.delete(t).where(…).execute()`. */
function callsChainedOnto(call: ts.CallExpression): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  let cur: ts.Node = call;
  for (let hop = 0; hop < 200; hop++) {
    const access = cur.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== cur) break;
    const next = access.parent;
    if (!next || !ts.isCallExpression(next) || next.expression !== access) break;
    out.push(next);
    cur = next;
  }
  return out;
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

/** The outermost call of a chain: `a().b().c()` for any of its links. */
export function isChainTop(call: ts.CallExpression): boolean {
  return callsChainedOnto(call).length === 0;
}

/** Every call along a chain, outermost first: `c()`, `b()`, `a()` for `a().b().c()`. */
export function chainCalls(top: ts.CallExpression): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  let cur: ts.Expression = top;
  for (let hop = 0; hop < 200; hop++) {
    cur = unwrap(cur);
    if (ts.isCallExpression(cur)) {
      out.push(cur);
      cur = cur.expression;
    } else if (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) cur = cur.expression;
    else break;
  }
  return out;
}

export function isFunctionLike(e: ts.Node): e is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

/** The nearest function around a node (a declaration, method, arrow or function expression). */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

export function isAsync(fn: ts.Node | undefined): boolean {
  return !!fn && ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** `a.b().c` as written for a callee or member chain; undefined when it does not start at a name. */
export function chainText(e: ts.Expression): string | undefined {
  const n = unwrap(e);
  if (ts.isIdentifier(n)) return n.text;
  if (n.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (ts.isMetaProperty(n)) return `${ts.tokenToString(n.keywordToken)}.${n.name.text}`;
  if (ts.isPropertyAccessExpression(n)) {
    const left = chainText(n.expression);
    return left === undefined ? undefined : `${left}.${n.name.text}`;
  }
  if (ts.isElementAccessExpression(n)) {
    const left = chainText(n.expression);
    const key = n.argumentExpression;
    if (left === undefined) return undefined;
    return ts.isStringLiteralLike(key) ? `${left}.${key.text}` : left;
  }
  if (ts.isCallExpression(n)) {
    const left = chainText(n.expression);
    return left === undefined ? undefined : `${left}()`;
  }
  if (ts.isAwaitExpression(n)) return chainText(n.expression);
  return undefined;
}
