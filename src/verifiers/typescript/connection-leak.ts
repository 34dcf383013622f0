// A connection checked out of a pool (pg `pool.connect()`, mysql2 `getConnection()`, a TypeORM
// QueryRunner), an unmanaged transaction (Sequelize/knex `transaction()` without a callback,
// MikroORM's `em.begin()`) or a MongoDB session (`startSession()`) that is not given back on every path: each error or early return keeps one pooled connection,
// and after a few the pool is exhausted and every request hangs.
import { ts } from "ts-morph";
import { defineVerifier, type VerifierContext } from "../types.js";
import { isTestOrSeedPath } from "../../analysis/typescript/dev-only.js";
import { calleeName, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type Decl, type FileIndex } from "../../analysis/typescript/file-index.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { walk } from "../../analysis/typescript/walk.js";
import { CHECKOUT_METHODS, CHECKOUT_TEXT, RUNS_ONCE, checkout, checkoutCallback, type Checkout } from "../../knowledge/typescript/orm.js";

type Id = "notReleased" | "errorPath" | "errorPathOnce";

/** Calls that take ownership of a handle passed to them: a promise's or a callback's result. */
const HANDS_OVER = /^(?:resolve|cb|callback|done|next)$/;
/** A handle that listens for events is meant to live (a LISTEN/NOTIFY client). */
const LISTENS = /^(?:on|once|addListener)$/;

interface Held {
  call: ts.CallExpression;
  kind: Checkout;
  name: string;
  decl: Decl;
  scope: ts.Node;
}

export const verifier = defineVerifier({
  id: "typescript/connection-leak",
  languages: ["typescript", "javascript"],
  messageIds: ["notReleased", "errorPath", "errorPathOnce"],
  // Every report starts at a checkout `checkout`/`checkoutCallback` recognise: its method, and the
  // pool, module or ORM that makes it one.
  gate: CHECKOUT_TEXT,
  check(ctx) {
    if (isTestOrSeedPath(ctx.path)) return;
    const sf = ctx.typescript();
    const index = indexOf(sf);
    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      if (!CHECKOUT_METHODS.has(calleeName(call) ?? "")) continue;
      const cb = checkoutCallback(index, call);
      if (cb) callbackForm(ctx, index, call, cb);
      const kind = checkout(index, call);
      if (!kind) continue;
      const held = holder(index, call, kind);
      if (held === "dropped") report(ctx, sf, call, "notReleased", kind, "the result");
      else if (held) judge(ctx, index, held);
    }
  },
});

function report(ctx: VerifierContext<Id>, sf: ts.SourceFile, call: ts.CallExpression, id: Id, kind: Checkout, handle: string): void {
  const h = /^\w+$/.test(handle) ? handle : "client";
  ctx.report({
    messageId: id,
    line: lineOf(sf, call),
    data: { call: snippet(sf, call, 60), what: kind.what, cost: kind.cost, handle, end: kind.ends.map((e) => `${h}.${e}()`).join(" / "), fix: kind.fix.replaceAll("$h", h) },
  });
}

/** The variable that keeps the checked-out handle; "dropped" when nothing keeps it; undefined when it is handed on. */
function holder(index: FileIndex, call: ts.CallExpression, kind: Checkout): Held | "dropped" | undefined {
  if (kind.onReceiver) return receiverHolder(index, call, kind);
  let e: ts.Node = call;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAwaitExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent)) e = e.parent;
  const p = e.parent;
  if (ts.isExpressionStatement(p)) return "dropped";
  const then = thenCallback(p);
  if (then) return then.param ? { call, kind, name: then.param.name.text, decl: then.param, scope: then.fn } : undefined;
  let decl: Decl | undefined;
  if (ts.isVariableDeclaration(p) && p.initializer === e && ts.isIdentifier(p.name)) decl = p;
  else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === e && ts.isIdentifier(p.left)) decl = index.resolve(p.left);
  if (!decl || !ts.isIdentifier(decl.name)) return undefined;
  const scope = functionOf(decl);
  // A handle kept at the top of a module lives as long as the process.
  if (ts.isSourceFile(scope)) return undefined;
  return { call, kind, name: decl.name.text, decl, scope };
}

/** `await em.begin()`: the receiver holds the transaction, within the function that began it. */
function receiverHolder(index: FileIndex, call: ts.CallExpression, kind: Checkout): Held | undefined {
  const rec = ts.isPropertyAccessExpression(call.expression) ? unwrap(call.expression.expression) : undefined;
  const decl = rec && ts.isIdentifier(rec) ? index.resolve(rec) : undefined;
  if (!decl || !ts.isIdentifier(decl.name)) return undefined;
  const scope = functionOf(call);
  return ts.isSourceFile(scope) ? undefined : { call, kind, name: decl.name.text, decl, scope };
}

/** `pool.connect().then((client) => …)`: the callback holds the handle. */
function thenCallback(access: ts.Node): { fn: ts.Node; param?: ts.ParameterDeclaration & { name: ts.Identifier } } | undefined {
  const call = access.parent;
  if (!ts.isPropertyAccessExpression(access) || access.name.text !== "then" || !call || !ts.isCallExpression(call)) return undefined;
  const fn = call.arguments[0] && unwrap(call.arguments[0]);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const param = fn.parameters[0];
  return { fn, ...(param && ts.isIdentifier(param.name) ? { param: param as ts.ParameterDeclaration & { name: ts.Identifier } } : {}) };
}

function functionOf(node: ts.Node): ts.Node {
  let n = node.parent;
  while (!ts.isSourceFile(n) && !ts.isFunctionLike(n)) n = n.parent;
  return n;
}

/** The uses of a held handle: the calls that end it, and whether it leaves the function's hands. */
function usesOf(index: FileIndex, held: Held): { ends: ts.CallExpression[]; escapes: boolean } {
  const ends: ts.CallExpression[] = [];
  let escapes = false;
  walk(held.scope, (node) => {
    if (!ts.isIdentifier(node) || node.text !== held.name || node === held.decl.name || index.resolve(node) !== held.decl) return;
    const p = node.parent;
    if (ts.isPropertyAccessExpression(p) && p.expression === node) {
      const call = p.parent;
      if (ts.isCallExpression(call) && call.expression === p) {
        if (held.kind.ends.includes(p.name.text)) ends.push(call);
        if (LISTENS.test(p.name.text) || held.kind.holdsNothing?.includes(p.name.text)) escapes = true;
      }
      return;
    }
    if (ts.isBinaryExpression(p) && p.left === node) return;
    if (escapesThrough(p, node)) escapes = true;
  });
  return { ends, escapes };
}

function escapesThrough(p: ts.Node, node: ts.Identifier): boolean {
  if (ts.isReturnStatement(p) || ts.isArrowFunction(p) || ts.isYieldExpression(p)) return true;
  // `{ transaction: t }` in a call's options uses the handle; an object kept or returned takes it away.
  if (ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p)) return !isCallOption(p.parent);
  if (ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p)) return true;
  if (ts.isVariableDeclaration(p) || ts.isNewExpression(p) || ts.isConditionalExpression(p)) return true;
  if (ts.isBinaryExpression(p)) return p.right === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  return ts.isCallExpression(p) && p.expression !== node && HANDS_OVER.test(calleeName(p) ?? "");
}

function isCallOption(obj: ts.ObjectLiteralExpression): boolean {
  const call = obj.parent;
  return ts.isCallExpression(call) && call.arguments.includes(obj) && !HANDS_OVER.test(calleeName(call) ?? "");
}

function judge(ctx: VerifierContext<Id>, index: FileIndex, held: Held): void {
  const sf = index.sf;
  const { ends, escapes } = usesOf(index, held);
  if (escapes) return;
  if (ends.length === 0) return report(ctx, sf, held.call, "notReleased", held.kind, held.name);
  if (ends.some(inFinally) || endedAroundTry(held, ends)) return;
  const last = Math.max(...ends.map((c) => c.getStart(sf)));
  if (!riskyBetween(held.scope, held.call.end, last)) return;
  report(ctx, sf, held.call, RUNS_ONCE.test(functionName(held.scope) ?? "") ? "errorPathOnce" : "errorPath", held.kind, held.name);
}

/** A function's name: declared, a method's, or the variable or property it is assigned to. */
function functionName(fn: ts.Node): string | undefined {
  const named = fn as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const p = fn.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p)) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

function inFinally(call: ts.Node): boolean {
  for (let n: ts.Node = call; n.parent && !ts.isFunctionLike(n.parent); n = n.parent) {
    if (ts.isTryStatement(n.parent) && n.parent.finallyBlock === n) return true;
  }
  return false;
}

/**
 * `try { …; end } catch { end; throw }`: ended in the try and in every catch; or a catch that
 * swallows the error followed by an end after the try.
 */
function endedAroundTry(held: Held, ends: ts.CallExpression[]): boolean {
  const within = (node: ts.Node, c: ts.Node) => c.pos >= node.pos && c.end <= node.end;
  const tries: ts.TryStatement[] = [];
  walk(held.scope, (n) => {
    if (ts.isTryStatement(n) && n.end > held.call.end) tries.push(n);
  });
  return tries.some((t) => {
    const handler = t.catchClause;
    if (!handler) return false;
    if (ends.some((c) => within(t.tryBlock, c)) && ends.some((c) => within(handler.block, c))) return true;
    return !leaves(handler.block) && ends.some((c) => c.pos >= t.end && functionOf(c) === held.scope);
  });
}

/** A return or throw in a block (not in a function nested in it). */
function leaves(block: ts.Node): boolean {
  let found = false;
  walk(block, (n) => {
    if (ts.isReturnStatement(n) || ts.isThrowStatement(n)) found = true;
  });
  return found;
}

/** An await, return or throw between two positions of the function: a path that can skip the end. */
function riskyBetween(scope: ts.Node, from: number, to: number): boolean {
  let found = false;
  walk(scope, (n) => {
    if (found || n.pos < from || n.end > to) return;
    if (ts.isAwaitExpression(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n)) found = functionOf(n) === scope;
  });
  return found;
}

/** `pool.connect((err, client, release) => …)`: the client must be released, through `release`, `client.release()`, or whoever it is passed to. */
function callbackForm(ctx: VerifierContext<Id>, index: FileIndex, call: ts.CallExpression, form: { fn: ts.ArrowFunction | ts.FunctionExpression; kind: Checkout }): void {
  const [client, release] = form.fn.parameters.slice(1, 3).map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
  if (!client) return;
  let given = false;
  walk(form.fn.body, (n) => {
    if (!ts.isIdentifier(n)) return;
    const p = n.parent;
    if (release && n.text === release) given = true;
    else if (n.text === client && ts.isPropertyAccessExpression(p) && p.expression === n) given ||= form.kind.ends.includes(p.name.text);
    else if (n.text === client && !(ts.isPropertyAccessExpression(p) && p.name === n)) given ||= escapesThrough(p, n) || ts.isCallExpression(p);
  });
  if (!given) report(ctx, index.sf, call, "notReleased", form.kind, client);
}
