// Whether a value is shown to be the program's own rather than a caller's: an attribute of the
// object (`this.x`), its settings (`config.x`, `this.driver.options.x`, `process.env.X`), a value
// read back from the database (a query's result, a row of it, a loop or callback over it), or
// what a method of `this` returns. Found with the file's value flow (`find` and its leaves), so
// locals, string building and helpers are followed as everywhere else. A parameter of a named
// function, an import or a free name may be anything its caller passes: not own. And the other
// way: whether this file's own calls of such a function pass it request data.
import { ts } from "ts-morph";
import { calleeName, isFunctionLike, lastName, receiverOf, unwrap } from "./expressions.js";
import type { Decl, FileIndex } from "./file-index.js";
import { returnedBy, type ValueFlow } from "./value-flow.js";
import { PROMISE_COMBINATORS, QUERY_OBJECT, READS_BACK, SETTINGS } from "../../knowledge/typescript/own-state.js";

/** Sources followed through more loops and destructurings than this are not shown to be own. */
const MAX_HOPS = 12;
/** Searches one question may start: a file that branches at every step must not run away. Past it, the answer fails closed. */
const MAX_SEARCHES = 500;
let searches = 0;

/** What one place a value starts from says: own, possibly a caller's, or nothing (a constant). */
type Verdict = "own" | "other" | "none";

/** Every place `e`'s value can start from is the program's own, and there is at least one. */
export function isOwnValue(flow: ValueFlow, index: FileIndex, e: ts.Expression): boolean {
  searches = 0;
  inProgress.clear();
  return own(flow, index, e, 0);
}

/**
 * Variables whose sources are being judged, each with whether its initializer is shown own (not a
 * constant): `x = f(x)` refers back to `x`, and that reference is own only when `x` starts from the
 * program's own value, so a cycle alone (`let v; v = header(v)`) proves nothing.
 */
const inProgress = new Map<ts.Node, boolean>();

function own(flow: ValueFlow, index: FileIndex, e: ts.Expression, hops: number): boolean {
  if (hops > MAX_HOPS || ++searches > MAX_SEARCHES) return false;
  const x = unwrap(e);
  const decl = ts.isIdentifier(x) ? index.resolve(x) : undefined;
  if (decl && inProgress.has(decl)) return inProgress.get(decl)!;
  if (decl) {
    const start = ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
    inProgress.set(decl, false);
    inProgress.set(decl, !!start && flow.valueOf(start).kind !== "const" && own(flow, index, start, hops + 1));
  }
  try {
    let seen = false;
    const leaf = (l: ts.Expression): ts.Node | undefined => {
      const verdict = startOf(flow, index, l, hops);
      seen ||= verdict === "own";
      return verdict === "other" ? l : undefined;
    };
    const { found, limited } = flow.find(e, () => undefined, leaf);
    return seen && !found && !limited;
  } finally {
    if (decl) inProgress.delete(decl);
  }
}

function startOf(flow: ValueFlow, index: FileIndex, x: ts.Expression, hops: number): Verdict {
  if (flow.valueOf(x).kind === "const") return "none";
  if (ts.isIdentifier(x)) return nameStart(flow, index, x, hops);
  return chainStart(flow, index, x, hops);
}

/**
 * A chain of reads and calls: own when it starts at `this`, reads a settings object on the way
 * (`db.options.database`, not off a parameter), or a call in it reads from the database; else as
 * its first name is.
 */
function chainStart(flow: ValueFlow, index: FileIndex, x: ts.Expression, hops: number): Verdict {
  let cur = unwrap(x);
  let settings = false;
  let field: string | undefined;
  const calls: ts.CallExpression[] = [];
  for (let hop = 0; hop < 200; hop++) {
    if (cur.kind === ts.SyntaxKind.ThisKeyword || cur.kind === ts.SyntaxKind.SuperKeyword) return thisStart(flow, index, field, calls, hops);
    if (ts.isPropertyAccessExpression(cur)) {
      settings ||= cur !== x && SETTINGS.test(cur.name.text);
      if (unwrap(cur.expression).kind === ts.SyntaxKind.ThisKeyword) field = cur.name.text;
      cur = unwrap(cur.expression);
    } else if (ts.isElementAccessExpression(cur) || ts.isAwaitExpression(cur)) cur = unwrap(cur.expression);
    else if (ts.isCallExpression(cur)) {
      const receiver = receiverOf(cur);
      if (!receiver) return "other";
      const name = calleeName(cur) ?? "";
      const values = cur.arguments[0];
      if (PROMISE_COMBINATORS.has(name) && lastName(receiver) === "Promise") return values && own(flow, index, values, hops + 1) ? "own" : "other";
      if (READS_BACK.has(name)) return "own";
      calls.push(cur);
      cur = unwrap(receiver);
    } else if (ts.isIdentifier(cur)) {
      if (cur === x) return nameStart(flow, index, cur, hops);
      if (settings && !namedParameter(flow, index, cur)) return "own";
      if (own(flow, index, cur, hops + 1) || (!index.resolve(cur) && SETTINGS.test(cur.text))) return "own";
      return computedFromOwn(flow, index, calls, hops) ? "own" : "other";
    } else return "other";
  }
  return "other";
}

/**
 * A library call computed from the program's own values (`momentTz.tz(this.options.timezone).format("Z")`):
 * its result is as much the program's as they are. At least one argument must be shown own, not
 * only constants, so a helper that reads the request by a constant key (`header("x-tenant")`) is not.
 */
function computedFromOwn(flow: ValueFlow, index: FileIndex, calls: ts.CallExpression[], hops: number): boolean {
  const args = calls.flatMap((c) => [...c.arguments]);
  const constant = (a: ts.Expression) => flow.valueOf(a).kind === "const";
  if (args.some(ts.isSpreadElement) || !args.some((a) => !constant(a) && own(flow, index, a, hops + 1))) return false;
  return args.every((a) => constant(a) || own(flow, index, a, hops + 1));
}

/**
 * `this.x`, `this.m(…)`: the object's own, unless a method on the way is handed a parameter
 * (`this.normalize(name)` may give it back: unless the class's own `m` only returns its own
 * values, such as rows it queried) or the file stores request data in the field.
 */
function thisStart(flow: ValueFlow, index: FileIndex, field: string | undefined, calls: ts.CallExpression[], hops: number): Verdict {
  const handed = calls.filter((c) => c.arguments.some((a) => carriesParameter(flow, index, a)));
  if (handed.some((c) => !returnsOwn(flow, index, c, hops))) return "other";
  if (field === undefined) return "own";
  const stored = index.of(ts.SyntaxKind.BinaryExpression).some((b) => {
    const left = unwrap(b.left);
    const mine = ts.isPropertyAccessExpression(left) && left.name.text === field && unwrap(left.expression).kind === ts.SyntaxKind.ThisKeyword;
    return mine && b.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && b.operatorToken.kind <= ts.SyntaxKind.LastAssignment && flow.readsInput(b.right);
  });
  return stored ? "other" : "own";
}

/** `this.m(…)` where the enclosing class declares `m`, and all `m` returns is the program's own. */
function returnsOwn(flow: ValueFlow, index: FileIndex, call: ts.CallExpression, hops: number): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || unwrap(callee.expression).kind !== ts.SyntaxKind.ThisKeyword) return false;
  let cls: ts.Node = call;
  while (!ts.isClassLike(cls)) {
    if (ts.isSourceFile(cls)) return false;
    cls = cls.parent;
  }
  const method = cls.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === callee.name.text);
  const returned = method?.body ? returnedBy(method.body) : [];
  return returned.length > 0 && returned.every((r) => own(flow, index, r, hops + 1));
}

/** `e`'s value carries a parameter of a named function (not a loop's or callback's). */
function carriesParameter(flow: ValueFlow, index: FileIndex, e: ts.Expression): boolean {
  const leaf = (x: ts.Expression): ts.Node | undefined => {
    let cur = unwrap(x);
    while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) cur = unwrap(cur.expression);
    return ts.isIdentifier(cur) && namedParameter(flow, index, cur) ? x : undefined;
  };
  return flow.find(e, () => undefined, leaf).found !== undefined;
}

/** A parameter whose value the file does not show: its function's callers choose it. */
function namedParameter(flow: ValueFlow, index: FileIndex, id: ts.Identifier): boolean {
  const decl = index.resolve(id);
  let root: ts.Node | undefined = decl;
  while (root && ts.isBindingElement(root)) root = root.parent.parent;
  return !!decl && !!root && ts.isParameter(root) && !flow.sourceOf(decl) && !promised(decl);
}

/** A name the search could not follow: a settings import, or a destructured name, loop variable or callback parameter traced to its source. */
function nameStart(flow: ValueFlow, index: FileIndex, id: ts.Identifier, hops: number): Verdict {
  const decl = index.resolve(id);
  if (!decl) return SETTINGS.test(id.text) ? "own" : "other";
  if (queryOutputRows(index, decl)) return "own";
  const source = flow.sourceOf(decl) ?? promised(decl);
  return source && own(flow, index, source, hops + 1) ? "own" : "other";
}

/** `query(…).then((rows) => …)`: a `then` callback's parameter holds what the promise gives. */
function promised(decl: Decl): ts.Expression | undefined {
  let n: ts.Node = decl;
  while (ts.isBindingElement(n)) n = n.parent.parent;
  if (!ts.isParameter(n)) return undefined;
  const call = n.parent.parent;
  const then = ts.isCallExpression(call) && calleeName(call) === "then" && call.arguments[0] === n.parent;
  return then ? receiverOf(call) : undefined;
}

/**
 * A parameter of `output` in a query object handed to a call (`runner.query({ sql, output(resp) {…} })`):
 * the rows the runner read. Not when the file calls an `output` itself, which could hand it anything.
 */
function queryOutputRows(index: FileIndex, decl: Decl): boolean {
  let n: ts.Node = decl;
  while (ts.isBindingElement(n)) n = n.parent.parent;
  if (!ts.isParameter(n)) return false;
  const fn = n.parent;
  const member = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
  const object = member?.parent;
  if (!member || !object || !ts.isObjectLiteralExpression(object) || !ts.isCallExpression(object.parent)) return false;
  const named = (p: ts.ObjectLiteralElementLike, name: string) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name;
  if (!named(member, QUERY_OBJECT.rows) || !object.properties.some((p) => named(p, QUERY_OBJECT.text))) return false;
  return !index.of(ts.SyntaxKind.CallExpression).some((c) => {
    const name = calleeName(c);
    const receiver = receiverOf(c);
    return name === QUERY_OBJECT.rows || ((name === "call" || name === "apply") && receiver !== undefined && lastName(receiver) === QUERY_OBJECT.rows);
  });
}

/** Helpers calling helpers deeper than this are not followed back to a route. */
const MAX_CALLERS = 4;

/**
 * Whether `e` starts at a parameter of a function that this file calls with request data
 * (`function count(table) {…}` and `countRows(c.req.param("table"))` beside it): the request
 * reaches the text through a caller in sight. Callers of callers are followed a few levels.
 */
export function callersPassInput(flow: ValueFlow, index: FileIndex, e: ts.Expression, depth = 0): boolean {
  if (depth === 0) searches = 0;
  if (depth >= MAX_CALLERS) return false;
  if (++searches > MAX_SEARCHES) return true;
  const leaf = (x: ts.Expression): ts.Node | undefined => {
    const param = parameterAt(index, x);
    const args = param ? argumentsFor(index, param) : [];
    return args.some((a) => flow.readsInput(a) || callersPassInput(flow, index, a, depth + 1)) ? x : undefined;
  };
  return flow.find(e, () => undefined, leaf).found !== undefined;
}

/** The parameter of a named function a chain of reads starts at: `table`, `input.tableName`. */
function parameterAt(index: FileIndex, x: ts.Expression): ts.ParameterDeclaration | undefined {
  let cur = unwrap(x);
  while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) cur = unwrap(cur.expression);
  const decl = ts.isIdentifier(cur) ? index.resolve(cur) : undefined;
  return decl && ts.isParameter(decl) && ts.isIdentifier(decl.name) ? decl : undefined;
}

/**
 * What the file's calls pass for the whole parameters `e`'s value comes from (`run(sql)` for
 * `const run = (sql) => pool.query(sql)`, also through `const q = sql`).
 */
export function callerArguments(flow: ValueFlow, index: FileIndex, e: ts.Expression): ts.Expression[] {
  const out: ts.Expression[] = [];
  flow.find(e, () => undefined, (x) => {
    const leaf = unwrap(x);
    const decl = ts.isIdentifier(leaf) ? index.resolve(leaf) : undefined;
    if (decl && ts.isParameter(decl) && ts.isIdentifier(decl.name)) out.push(...argumentsFor(index, decl));
    return undefined;
  });
  return out;
}

/** What the file's calls pass for `param`: `f(…)` of a function or a local bound to one, `this.m(…)` of a method. */
function argumentsFor(index: FileIndex, param: ts.ParameterDeclaration): ts.Expression[] {
  const fn = param.parent;
  const at = fn.parameters.indexOf(param);
  let name: string | undefined;
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) name = fn.name.text;
  else if (isFunctionLike(fn) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) name = fn.parent.name.text;
  else if (isFunctionLike(fn) && ts.isPropertyAssignment(fn.parent) && ts.isIdentifier(fn.parent.name)) name = fn.parent.name.text;
  if (!name) return [];
  // A method (of a class or an object, `{ find: (sql) => … }` too) on any receiver: `this.find(…)`, `repo.find(…)`.
  const method = ts.isMethodDeclaration(fn) || ts.isPropertyAssignment(fn.parent);
  return index.of(ts.SyntaxKind.CallExpression)
    .filter((c) => {
      const callee = unwrap(c.expression);
      if (method) return ts.isPropertyAccessExpression(callee) && callee.name.text === name;
      return ts.isIdentifier(callee) && callee.text === name;
    })
    .flatMap((c) => (param.dotDotDotToken ? c.arguments.slice(at) : c.arguments.slice(at, at + 1)));
}

/** A call of a method on another receiver than `this` (`repo.find(…)`): it may be another object's method of that name. */
export function calledOnOther(arg: ts.Expression): boolean {
  const call = arg.parent;
  if (!ts.isCallExpression(call)) return false;
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && unwrap(callee.expression).kind !== ts.SyntaxKind.ThisKeyword;
}
