// Small helpers over raw `ts.Node` trees (never ts-morph wrappers, which are ~10x slower),
// shared by the TypeScript verifiers: one indexing walk per file, name resolution, and what
// Node web frameworks and ORMs look like (request data, routes, responses, database calls).
import { ts } from "ts-morph";
import { gitLinesFor } from "../../engine/lines.js";
import type { Report, VerifierContext } from "../types.js";

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

/** A rule's check whose findings, found in several passes, are reported in line order. */
export function inLineOrder(check: (ctx: VerifierContext) => void): (ctx: VerifierContext) => void {
  return (ctx) => {
    const reports: Report[] = [];
    check({ ...ctx, report: (r) => reports.push(r) });
    for (const r of reports.sort((a, b) => a.line - b.line)) ctx.report(r);
  };
}

// ---------------------------------------------------------------------------------------------
// The file index: one walk per file, shared by every rule through a WeakMap on the SourceFile,
// so thirteen rules cost one traversal plus what each does with the nodes it asks for.

export type Decl = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;

interface KindNodes {
  [ts.SyntaxKind.CallExpression]: ts.CallExpression;
  [ts.SyntaxKind.NewExpression]: ts.NewExpression;
  [ts.SyntaxKind.PropertyAssignment]: ts.PropertyAssignment;
  [ts.SyntaxKind.BinaryExpression]: ts.BinaryExpression;
  [ts.SyntaxKind.ExpressionStatement]: ts.ExpressionStatement;
  [ts.SyntaxKind.ClassDeclaration]: ts.ClassDeclaration;
  [ts.SyntaxKind.DebuggerStatement]: ts.DebuggerStatement;
  [ts.SyntaxKind.StringLiteral]: ts.StringLiteral;
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: ts.NoSubstitutionTemplateLiteral;
  [ts.SyntaxKind.ImportDeclaration]: ts.ImportDeclaration;
  [ts.SyntaxKind.ImportEqualsDeclaration]: ts.ImportEqualsDeclaration;
  [ts.SyntaxKind.VariableDeclaration]: ts.VariableDeclaration;
  [ts.SyntaxKind.Parameter]: ts.ParameterDeclaration;
  [ts.SyntaxKind.BindingElement]: ts.BindingElement;
  [ts.SyntaxKind.EnumDeclaration]: ts.EnumDeclaration;
}

export interface FileIndex {
  readonly sf: ts.SourceFile;
  /** Nodes of one kind, in source order. */
  of<K extends keyof KindNodes>(kind: K): readonly KindNodes[K][];
  /** Module specifiers the file imports or requires. */
  readonly modules: ReadonlySet<string>;
  /** Local name → the module it was imported or required from. */
  readonly imports: ReadonlyMap<string, string>;
  /** The innermost declaration of a variable or parameter that `id` refers to, if in this file. */
  resolve(id: ts.Identifier): Decl | undefined;
  /** A per-file fact computed once, on first use (e.g. "imports an ORM"). */
  once<T>(key: string, compute: () => T): T;
}

const INDEXES = new WeakMap<ts.SourceFile, FileIndex>();
/** Exactly the kinds of KindNodes (the compiler checks both ways); identifiers, most of a tree, are not kept. */
const KEPT: Record<keyof KindNodes, true> = {
  [ts.SyntaxKind.CallExpression]: true,
  [ts.SyntaxKind.NewExpression]: true,
  [ts.SyntaxKind.PropertyAssignment]: true,
  [ts.SyntaxKind.BinaryExpression]: true,
  [ts.SyntaxKind.ExpressionStatement]: true,
  [ts.SyntaxKind.ClassDeclaration]: true,
  [ts.SyntaxKind.DebuggerStatement]: true,
  [ts.SyntaxKind.StringLiteral]: true,
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: true,
  [ts.SyntaxKind.ImportDeclaration]: true,
  [ts.SyntaxKind.ImportEqualsDeclaration]: true,
  [ts.SyntaxKind.VariableDeclaration]: true,
  [ts.SyntaxKind.Parameter]: true,
  [ts.SyntaxKind.BindingElement]: true,
  [ts.SyntaxKind.EnumDeclaration]: true,
};
const INDEXED = new Uint8Array(ts.SyntaxKind.Count);
for (const kind of Object.keys(KEPT)) INDEXED[Number(kind)] = 1;
const NONE: readonly never[] = [];

export function indexOf(sf: ts.SourceFile): FileIndex {
  const known = INDEXES.get(sf);
  if (known) return known;
  const byKind: (ts.Node[] | undefined)[] = [];
  walk(sf, (node) => {
    if (!INDEXED[node.kind]) return;
    const list = byKind[node.kind];
    if (list) list.push(node);
    else byKind[node.kind] = [node];
  });
  const of = <K extends keyof KindNodes>(kind: K): readonly KindNodes[K][] =>
    (byKind[kind] as KindNodes[K][] | undefined) ?? NONE;

  const modules = new Set<string>();
  const imports = new Map<string, string>();
  for (const d of of(ts.SyntaxKind.ImportDeclaration)) {
    if (!ts.isStringLiteral(d.moduleSpecifier)) continue;
    const from = d.moduleSpecifier.text;
    modules.add(from);
    const clause = d.importClause;
    if (clause?.name) imports.set(clause.name.text, from);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, from);
    else if (bindings) for (const el of bindings.elements) imports.set(el.name.text, from);
  }
  for (const d of of(ts.SyntaxKind.ImportEqualsDeclaration)) {
    const ref = d.moduleReference;
    if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
      modules.add(ref.expression.text);
      imports.set(d.name.text, ref.expression.text);
    }
  }
  for (const c of of(ts.SyntaxKind.CallExpression)) {
    const first = c.arguments[0];
    const isRequire = ts.isIdentifier(c.expression) && c.expression.text === "require";
    const isImport = c.expression.kind === ts.SyntaxKind.ImportKeyword;
    if (!(isRequire || isImport) || !first || !ts.isStringLiteral(first)) continue;
    modules.add(first.text);
    // `const x = require("m")`, `const { a } = require("m")`, `const x = require("m").y`.
    let holder: ts.Node = c.parent;
    while (ts.isPropertyAccessExpression(holder) || ts.isAwaitExpression(holder)) holder = holder.parent;
    if (!ts.isVariableDeclaration(holder)) continue;
    if (ts.isIdentifier(holder.name)) imports.set(holder.name.text, first.text);
    else if (ts.isObjectBindingPattern(holder.name)) {
      for (const el of holder.name.elements) if (ts.isIdentifier(el.name)) imports.set(el.name.text, first.text);
    }
  }

  // Declarations grouped by the scope they are visible in, so that resolving a name climbs the
  // (shallow) scope chain instead of scanning every declaration of that name in the file.
  let byScope: Map<ts.Node, Map<string, Decl[]>> | undefined;
  const resolved = new Map<ts.Identifier, Decl | undefined>();
  const resolve = (id: ts.Identifier): Decl | undefined => {
    if (resolved.has(id)) return resolved.get(id);
    if (!byScope) {
      const scopes = new Map<ts.Node, Map<string, Decl[]>>();
      const add = (d: Decl) => {
        if (!ts.isIdentifier(d.name)) return;
        const scope = scopeOf(d);
        let names = scopes.get(scope);
        if (!names) scopes.set(scope, (names = new Map()));
        const list = names.get(d.name.text);
        if (list) list.push(d);
        else names.set(d.name.text, [d]);
      };
      of(ts.SyntaxKind.VariableDeclaration).forEach(add);
      of(ts.SyntaxKind.Parameter).forEach(add);
      of(ts.SyntaxKind.BindingElement).forEach(add);
      byScope = scopes;
    }
    let best: Decl | undefined;
    for (let n: ts.Node | undefined = id; n && !best; n = n.parent) {
      const list = byScope.get(n)?.get(id.text);
      if (!list) continue;
      // The last declaration before the use; a use before every declaration (hoisting) takes the first.
      best = list[0];
      for (const d of list) if (d.pos < id.pos) best = d;
    }
    resolved.set(id, best);
    return best;
  };

  const facts = new Map<string, unknown>();
  const once = <T>(key: string, compute: () => T): T => {
    if (!facts.has(key)) facts.set(key, compute());
    return facts.get(key) as T;
  };

  const index: FileIndex = { sf, of, modules, imports, resolve, once };
  INDEXES.set(sf, index);
  return index;
}

/** The node a declaration is visible in: its block for let/const, its function for var and parameters. */
function scopeOf(decl: Decl): ts.Node {
  let n: ts.Node = decl;
  while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n = n.parent;
  if (ts.isParameter(n) || ts.isCatchClause(n.parent)) return n.parent;
  const blockScoped = (n.parent.flags & ts.NodeFlags.BlockScoped) !== 0;
  let scope: ts.Node = n.parent.parent;
  while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope) && !(blockScoped && isBlockBoundary(scope))) scope = scope.parent;
  return scope;
}

function isBlockBoundary(node: ts.Node): boolean {
  return (
    ts.isBlock(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isForStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isForOfStatement(node)
  );
}

// ---------------------------------------------------------------------------------------------
// Expressions.

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
function unwrapAwait(e: ts.Expression): ts.Expression {
  let x = unwrap(e);
  while (ts.isAwaitExpression(x)) x = unwrap(x.expression);
  return x;
}

/** The called name: `query` for both `pool.query(...)` and `query(...)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return ts.isIdentifier(callee) ? callee.text : undefined;
}

/** The object a method is called on: `pool` for `pool.query(...)`; undefined for a bare call. */
export function receiverOf(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
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

/** A property of an object literal by name (`name: …`, `"name": …`, or shorthand `name`). */
export function property(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return obj.properties.find((p) => propertyName(p) === name);
}

export function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isSpreadAssignment(p) || !p.name) return undefined;
  const n = p.name;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n)) return n.text;
  if (ts.isComputedPropertyName(n) && ts.isStringLiteralLike(n.expression)) return n.expression.text;
  return undefined;
}

/** The value a property gives, for `name: value` and shorthand `name`. */
export function propertyValue(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const p = property(obj, name);
  if (!p) return undefined;
  if (ts.isPropertyAssignment(p)) return p.initializer;
  return ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
}

export function hasSpread(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => ts.isSpreadAssignment(p));
}

/** An object literal, seen through a `const` initialised with one. */
export function objectLiteral(index: FileIndex, e: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!e) return undefined;
  const x = unwrap(e);
  if (ts.isObjectLiteralExpression(x)) return x;
  if (!ts.isIdentifier(x)) return undefined;
  const decl = index.resolve(x);
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
  return init && ts.isObjectLiteralExpression(init) ? init : undefined;
}

export const isTrue = (e: ts.Expression | undefined): boolean => !!e && unwrap(e).kind === ts.SyntaxKind.TrueKeyword;
export const isFalse = (e: ts.Expression | undefined): boolean => !!e && unwrap(e).kind === ts.SyntaxKind.FalseKeyword;

/** The text of a string literal or a template without substitutions. */
export function stringValue(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const x = unwrap(e);
  return ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) ? x.text : undefined;
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

export { nameWords } from "../names.js";

// ---------------------------------------------------------------------------------------------
// Positions and text.

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

export { isTestOrSeedPath } from "../test-paths.js";

// ---------------------------------------------------------------------------------------------
// Request data in Express, Fastify, Koa, Hono and NestJS.

type RequestPart = "body" | "query" | "params" | "headers" | "cookies";

export interface RequestData {
  part: RequestPart;
  /** The whole body/query/…, rather than one field of it. */
  whole: boolean;
  /** The expression that reads it, for messages: `req.body`, `await c.req.json()`. */
  node: ts.Node;
}

const PARTS = new Set<string>(["body", "query", "params", "headers", "cookies"]);
/** Names a request object goes by: Express `req`, Fastify `request`, Koa `ctx.request`. */
const REQUEST_NAMES = /^(?:req|request|_req|incomingRequest|httpRequest)$/;
const NEST_PARTS: Record<string, RequestPart> = { Body: "body", Query: "query", Param: "params", Headers: "headers" };
/** Hono: `c.req.json()` and friends. */
const HONO_CALLS: Record<string, RequestPart> = {
  json: "body",
  parseBody: "body",
  formData: "body",
  query: "query",
  queries: "query",
  param: "params",
  header: "headers",
};

function isRequestObject(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return REQUEST_NAMES.test(x.text);
  // Koa `ctx.request`; Hono `c.req` only through its methods.
  return ts.isPropertyAccessExpression(x) && x.name.text === "request" && ts.isIdentifier(unwrap(x.expression));
}

/** `req.body`, `request.query`, `ctx.request.body`, Koa `ctx.query`/`ctx.params`. */
function requestPartAccess(e: ts.PropertyAccessExpression): RequestPart | undefined {
  const name = e.name.text;
  if (!PARTS.has(name)) return undefined;
  if (isRequestObject(e.expression)) return name as RequestPart;
  const target = unwrap(e.expression);
  // Koa's context: `ctx.body` is the response, but `ctx.query` and `ctx.params` are the request's.
  const koa = ts.isIdentifier(target) && /^(?:ctx|context)$/.test(target.text) && (name === "query" || name === "params");
  return koa ? (name as RequestPart) : undefined;
}

/**
 * What part of the HTTP request an expression holds, if it holds one as it arrived: directly,
 * through a local alias or destructuring, or through a NestJS `@Body()`/`@Query()` parameter.
 * Anything passed through a call (a validator, a cast) is no longer request data.
 */
export function requestData(index: FileIndex, e: ts.Expression, depth = 0): RequestData | undefined {
  if (depth > 16) return undefined;
  const x = unwrapAwait(e);
  if (ts.isPropertyAccessExpression(x)) {
    const part = requestPartAccess(x);
    if (part) return { part, whole: true, node: x };
    const inner = requestData(index, x.expression, depth + 1);
    return inner?.whole ? { part: inner.part, whole: false, node: x } : undefined;
  }
  if (ts.isElementAccessExpression(x)) {
    const inner = requestData(index, x.expression, depth + 1);
    return inner?.whole ? { part: inner.part, whole: false, node: x } : undefined;
  }
  if (ts.isCallExpression(x)) return honoRequest(x);
  if (ts.isIdentifier(x)) return identifierData(index, x, depth);
  return undefined;
}

function honoRequest(call: ts.CallExpression): RequestData | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const part = HONO_CALLS[callee.name.text];
  const target = unwrap(callee.expression);
  if (!part || !ts.isPropertyAccessExpression(target) || target.name.text !== "req") return undefined;
  const whole = part === "body" || call.arguments.length === 0;
  return { part, whole, node: call };
}

function identifierData(index: FileIndex, id: ts.Identifier, depth: number): RequestData | undefined {
  const decl = index.resolve(id);
  if (!decl) return undefined;
  if (ts.isVariableDeclaration(decl)) {
    if (!decl.initializer) return undefined;
    const data = requestData(index, decl.initializer, depth + 1);
    return data ? { ...data, node: id } : undefined;
  }
  if (ts.isParameter(decl)) return nestParameter(decl, id);
  // A destructured name: follow the property names back to the initializer.
  const path: string[] = [];
  let n: ts.Node = decl;
  while (ts.isBindingElement(n)) {
    const key = n.propertyName ?? n.name;
    if (n.dotDotDotToken) path.push("...");
    else if (ts.isIdentifier(key) || ts.isStringLiteral(key)) path.push(key.text);
    else return undefined;
    const pattern = n.parent;
    if (!ts.isObjectBindingPattern(pattern)) return undefined;
    n = pattern.parent;
  }
  if (!ts.isVariableDeclaration(n) || !n.initializer) return undefined;
  path.reverse();
  const init = unwrapAwait(n.initializer);
  const root = requestData(index, init, depth + 1);
  if (root?.whole) {
    // `const { ...rest } = req.body` keeps the whole object.
    const whole = path.every((p) => p === "...");
    return { part: root.part, whole, node: id };
  }
  // `const { body } = req`, `const { body: { email } } = req`.
  const first = path[0];
  if (isRequestObject(init) && first && PARTS.has(first)) {
    return { part: first as RequestPart, whole: path.slice(1).every((p) => p === "..."), node: id };
  }
  return undefined;
}

/** A NestJS handler parameter decorated `@Body()`, `@Query()` (whole) or `@Body("email")` (a field). */
function nestParameter(param: ts.ParameterDeclaration, id: ts.Identifier): RequestData | undefined {
  for (const d of ts.getDecorators(param) ?? []) {
    const call = d.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) continue;
    const part = NEST_PARTS[call.expression.text];
    if (!part) continue;
    const whole = !call.arguments.some((a) => ts.isStringLiteralLike(a));
    return { part, whole, node: id };
  }
  return undefined;
}

/**
 * A NestJS parameter typed with a class (a DTO) is checked by the ValidationPipe; one typed
 * `any`, `object`, a `Record` or an inline type, or untyped, carries whatever the client sent.
 */
function isUntypedNestBody(index: FileIndex, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (!ts.isIdentifier(x)) return false;
  const decl = index.resolve(x);
  if (!decl || !ts.isParameter(decl)) return false;
  const type = decl.type;
  if (!type) return true;
  if (type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.ObjectKeyword || type.kind === ts.SyntaxKind.UnknownKeyword) return true;
  if (ts.isTypeLiteralNode(type)) return true;
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && /^(?:Record|Partial|Object|Dictionary)$/.test(type.typeName.text);
}

/** Whether request data is trusted as it is: a NestJS DTO-typed parameter. */
export function isValidatedNestParam(index: FileIndex, data: RequestData): boolean {
  let node: ts.Node = data.node;
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = unwrap(node.expression);
  if (!ts.isIdentifier(node)) return false;
  const decl = index.resolve(node);
  return !!decl && ts.isParameter(decl) && !!ts.getDecorators(decl)?.length && !isUntypedNestBody(index, node);
}

// ---------------------------------------------------------------------------------------------
// Routes.

const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options"]);
export const WRITE_METHODS = new Set(["post", "put", "patch", "delete", "del"]);
/** Objects whose `.get("/x")` is a request, not a route. */
const HTTP_CLIENTS = /^(?:axios|http|https|fetch|got|ky|superagent|supertest|request|agent|client|httpClient|http2|\$http|api[A-Z]\w*Client|\w*Client)$/;
const ROUTER_NAMES = /^(?:app|router|api|server|fastify|instance|routes|route|r|admin|v\d+|web|srv|hono)$|(?:Router|Routes|App|Api|Server)$/;
const ROUTER_FACTORIES = /^(?:express|Router|Hono|fastify|Fastify|Koa|KoaRouter|OpenAPIHono|createRouter|Elysia)$/;

export interface Route {
  call: ts.CallExpression;
  method: string;
  path: string | undefined;
  /** The router, plugin instance or app the route is registered on, as written. */
  owner: string;
  /** Arguments between the path and the handler: Express/Koa/Hono middleware. */
  middleware: ts.Expression[];
  /** Fastify's route options object (`{ preHandler, onRequest }`). */
  options: ts.ObjectLiteralExpression | undefined;
  handler: ts.Expression | undefined;
}

function isRouterObject(index: FileIndex, e: ts.Expression): boolean {
  const x = unwrap(e);
  const name = lastName(x);
  if (!name || HTTP_CLIENTS.test(name)) return false;
  if (ROUTER_NAMES.test(name)) return true;
  if (!ts.isIdentifier(x)) return false;
  const decl = index.resolve(x);
  if (decl && ts.isParameter(decl)) {
    const type = decl.type?.getText(index.sf) ?? "";
    return /Fastify|Router|Hono|Express|Application/.test(type);
  }
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrapAwait(decl.initializer) : undefined;
  if (!init || !(ts.isCallExpression(init) || ts.isNewExpression(init))) return false;
  return ROUTER_FACTORIES.test(calleeName(init) ?? "");
}

/** A route registration: `router.post("/x", auth, handler)`, `fastify.route({...})`, `router.route("/x").post(h)`. */
export function routeOf(index: FileIndex, call: ts.CallExpression): Route | undefined {
  const name = calleeName(call);
  const receiver = receiverOf(call);
  if (!name || !receiver) return undefined;
  const sf = index.sf;
  if (name === "route") {
    const opts = call.arguments[0] && unwrap(call.arguments[0]);
    if (!opts || !ts.isObjectLiteralExpression(opts) || !isRouterObject(index, receiver)) return undefined;
    const method = stringValue(propertyValue(opts, "method"))?.toLowerCase();
    const url = stringValue(propertyValue(opts, "url") ?? propertyValue(opts, "path"));
    if (!method) return undefined;
    return { call, method, path: url, owner: receiver.getText(sf), middleware: [], options: opts, handler: propertyValue(opts, "handler") };
  }
  const method = name;
  if (!HTTP_METHODS.has(method)) return undefined;
  const args = [...call.arguments];
  const rec = unwrap(receiver);
  // Express `router.route("/x").get(h).post(h)`.
  if (ts.isCallExpression(rec)) {
    const base = chainRootRoute(rec);
    if (!base || !isRouterObject(index, base.receiver)) return undefined;
    return { call, method, path: base.path, owner: base.receiver.getText(sf), middleware: args.slice(0, -1), options: undefined, handler: args.at(-1) };
  }
  const first = args[0];
  const path = stringValue(first);
  if (path === undefined || !/^[/*]/.test(path) || args.length < 2) return undefined;
  if (!isRouterObject(index, receiver)) return undefined;
  const rest = args.slice(1);
  const handler = rest.at(-1);
  const between = rest.slice(0, -1);
  const options = between.map((a) => unwrap(a)).find(ts.isObjectLiteralExpression);
  return {
    call,
    method,
    path,
    owner: receiver.getText(sf),
    middleware: between.filter((a) => !ts.isObjectLiteralExpression(unwrap(a))),
    options,
    handler,
  };
}

function chainRootRoute(call: ts.CallExpression): { receiver: ts.Expression; path: string | undefined } | undefined {
  let cur: ts.CallExpression = call;
  for (let hop = 0; hop < 20; hop++) {
    const r = receiverOf(cur);
    if (!r) return undefined;
    const name = calleeName(cur) ?? "";
    if (name === "route") return { receiver: r, path: stringValue(cur.arguments[0]) };
    if (!HTTP_METHODS.has(name)) return undefined;
    const inner = unwrap(r);
    if (!ts.isCallExpression(inner)) return undefined;
    cur = inner;
  }
  return undefined;
}

/** The function a route runs (the handler argument when written inline). */
export function handlerFunction(route: Route): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const h = route.handler && unwrap(route.handler);
  return h && isFunctionLike(h) ? h : undefined;
}

/**
 * Middleware or a guard that authenticates or authorises, by its name: `requireAuth`,
 * `passport.authenticate("jwt")`, `fastify.authenticate`, `jwt({ secret })`, `bearerAuth(…)`,
 * `checkRole("admin")`, `isLoggedIn`. Routers mounted with an auth-ish name are not middleware.
 */
const AUTH_WORDS =
  /auth|jwt|login|logged|protect|guard|verif(?:y|ied)|admin|role|permission|perms?\b|acl|rbac|bearer|apikey|api_key|session|owner|signed|token|can[A-Z]|isUser|requireUser|ensureUser|currentUser|clerk|keycloak/i;
const NOT_MIDDLEWARE = /(?:Router|Routes|Controller|Module|Service|router|routes|controller)$/;
/** `optionalAuth`, `maybeAuthenticate`: they let anonymous requests through, so they protect nothing. */
const OPTIONAL = /optional|maybe|soft/i;

export function isAuthMiddleware(sf: ts.SourceFile, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isArrayLiteralExpression(x)) return x.elements.some((el) => isAuthMiddleware(sf, el));
  // An inline hook that verifies: `async (request) => { await request.jwtVerify(); }`.
  if (isFunctionLike(x)) return /jwtVerify|authenticate|\.verify\w*\(|[Uu]nauthori[sz]ed|\b401\b/.test(sf.text.slice(x.body.pos, x.body.end));
  if (ts.isCallExpression(x)) {
    const name = calleeName(x) ?? "";
    // `fastify.auth([fastify.verifyJWT])`, `requireRole("admin")`, `passport.authenticate("jwt")`.
    if (/csrf|xsrf|rateLimit|limiter|validate|cors|helmet/i.test(name) || OPTIONAL.test(name)) return false;
    return AUTH_WORDS.test(name) || x.arguments.some((a) => !ts.isStringLiteralLike(a) && isAuthMiddleware(sf, a));
  }
  if (ts.isIdentifier(x) || ts.isPropertyAccessExpression(x)) {
    const name = lastName(x) ?? "";
    if (NOT_MIDDLEWARE.test(name) || /csrf|xsrf/i.test(name) || OPTIONAL.test(name)) return false;
    return AUTH_WORDS.test(name);
  }
  return false;
}

/** Paths that are public by design: signing in, signing up, resetting passwords, webhooks, health. */
export const PUBLIC_PATH =
  /login|logout|sign-?in|sign-?up|sign-?out|register|auth|token|refresh|password|forgot|reset|verif|confirm|callback|webhook|hook|health|status|ping|ready|live|public|oauth|sso|saml|session|csrf|metrics|invite|accept|subscribe|contact|feedback|newsletter|otp|magic|activate/i;

// ---------------------------------------------------------------------------------------------
// HTTP responses.

const RESPONSE_NAMES = /^(?:res|response|reply|resp|rep|ctx|c|context)$/;
const RESPONSE_METHODS = new Set(["send", "json", "jsonp", "end", "write", "render", "text", "html", "body"]);

/**
 * The payload arguments when `call` sends a response: `res.json(x)`, `res.status(500).send(x)`,
 * `reply.code(500).send(x)`, Hono `c.json(x)`, `Response.json(x)`, `new Response(x)` elsewhere.
 */
export function responsePayload(call: ts.CallExpression): ts.Expression[] | undefined {
  const name = calleeName(call);
  const receiver = receiverOf(call);
  if (!name || !receiver) return undefined;
  if (name === "json" && lastName(receiver) === "Response") return [...call.arguments];
  if (!RESPONSE_METHODS.has(name)) return undefined;
  const root = chainRoot(receiver);
  if (!root || !RESPONSE_NAMES.test(root.replace(/^this\./, ""))) return undefined;
  // `res.render(view, locals)`: the locals are the payload.
  return name === "render" ? call.arguments.slice(1) : [...call.arguments];
}

// ---------------------------------------------------------------------------------------------
// Database calls.

type Orm = "prisma" | "model" | "repository" | "knex" | "drizzle" | "collection" | "driver" | "instance";

export interface DbCall {
  orm: Orm;
  op: string;
  write: boolean;
}

/** Packages that make a capitalised `User.create(…)` a model call. */
const ORM_MODULES = /^(?:mongoose|sequelize|sequelize-typescript|typeorm|@nestjs\/mongoose|@nestjs\/sequelize|@nestjs\/typeorm|objection|@mikro-orm\/[\w-]+|mongodb|@typegoose\/typegoose|waterline|bookshelf|dynamoose)$/;
const GLOBALS = new Set(
  "Object Array Promise Reflect JSON Math Date Buffer Map Set WeakMap WeakSet Intl Symbol Number String Boolean Error URL URLSearchParams Proxy React Vue Atomics BigInt RegExp Function Response Request Headers FormData Blob File Event EventTarget AbortController Worker Stream Readable Writable Transform Logger Test Nest NestFactory Module Injectable Controller Sequelize DataSource Schema Types Model Router Hono Fastify Koa".split(" "),
);
const MODEL_PATH = /(?:^|\/)(?:models?|entities|entity|schemas?|db|database|orm)(?:\/|$)|\.(?:model|entity|schema)(?:\.[jt]s)?$/i;
const PRISMA_ROOT = /^(?:this\.)?(?:prisma\w*|\w*Prisma\w*)$/i;
/** Names a Prisma client often goes by; only in a file that shows Prisma somewhere. */
const PRISMA_ALIASES = /^(?:this\.)?(?:db|tx|trx|client|database|orm|prismaTx)$/;
const KNEX_ROOT = /^(?:this\.)?(?:knex|db|trx|tx|database|k|qb|pg|mysql|sql|conn|connection)$/i;
const DRIVER_ROOT = /^(?:this\.)?(?:pool|client|db|conn|connection|pg|mysql|sqlite|database|trx|tx)$|(?:Pool|Db|DB|Client|Connection)$/;
const REPOSITORY = /(?:Repository|Repo)$|^(?:repo|repository|manager|entityManager|em|queryRunner)$/i;
const COLLECTION = /(?:Collection|collection)$/;

const PRISMA_WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);
const PRISMA_READS = new Set(["findMany", "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "count", "aggregate", "groupBy"]);
const MODEL_WRITES = new Set([
  ...["create", "insertMany", "bulkCreate", "update", "updateOne", "updateMany", "deleteOne", "deleteMany", "destroy", "upsert"],
  ...["findOneAndUpdate", "findByIdAndUpdate", "findOneAndDelete", "findByIdAndDelete", "findOneAndRemove", "findByIdAndRemove"],
  ...["findOneAndReplace", "replaceOne", "bulkWrite", "increment", "decrement", "truncate", "restore", "remove", "bulkSave", "insert"],
]);
const MODEL_READS = new Set(["find", "findOne", "findById", "findAll", "findByPk", "findOrCreate", "findAndCountAll", "countDocuments", "count", "exists", "aggregate", "distinct", "where"]);
const REPOSITORY_WRITES = new Set([
  ...["save", "insert", "update", "upsert", "delete", "remove", "softDelete", "softRemove", "restore", "recover", "increment", "decrement", "clear"],
  ...["persist", "persistAndFlush", "flush", "removeAndFlush", "nativeDelete", "nativeUpdate", "nativeInsert", "insertMany"],
]);
const REPOSITORY_READS = new Set(["find", "findOne", "findBy", "findOneBy", "findOneOrFail", "findAndCount", "findByIds", "count", "exist", "exists", "query"]);
const KNEX_WRITES = new Set(["insert", "update", "del", "delete", "truncate", "upsert", "increment", "decrement", "merge", "returning"]);
const COLLECTION_WRITES = new Set(["insertOne", "insertMany", "updateOne", "updateMany", "deleteOne", "deleteMany", "replaceOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "bulkWrite", "drop"]);
const INSTANCE_WRITES = new Set(["save", "destroy", "remove", "deleteOne", "updateOne", "update", "increment", "decrement", "reload", "restore", "softRemove"]);
/** Every method name a database call (or the last link of a query chain) can end with. */
const DB_OPS = new Set([
  ...PRISMA_WRITES, ...PRISMA_READS, ...MODEL_WRITES, ...MODEL_READS, ...REPOSITORY_WRITES, ...REPOSITORY_READS,
  ...KNEX_WRITES, ...COLLECTION_WRITES, ...INSTANCE_WRITES,
  ...["query", "execute", "run", "exec", "none", "any", "one", "oneOrNone", "result"],
  ...["values", "set", "returning", "transacting", "onConflict", "onConflictDoNothing", "onConflictDoUpdate", "ignore", "first", "limit", "orderBy"],
  ...["andWhere", "orWhere", "whereIn", "whereNot", "whereNull", "whereNotNull", "whereRaw", "whereBetween", "whereLike"],
]);
const SQL_WRITE = /^\s*(?:insert|update|delete|merge|replace|upsert|create|drop|alter|truncate)\b/i;

function isPrismaRoot(index: FileIndex, root: string): boolean {
  if (PRISMA_ROOT.test(root)) return true;
  return PRISMA_ALIASES.test(root) && index.once("prisma", () => [...index.modules].some((m) => /prisma/i.test(m)) || /\$transaction|Prisma/.test(index.sf.text));
}

/** A capitalised identifier that names an ORM model: imported from a model path, or in a file that imports an ORM. */
export function isModelName(index: FileIndex, e: ts.Expression): boolean {
  const x = unwrap(e);
  let name: string | undefined;
  if (ts.isIdentifier(x)) name = x.text;
  else if (ts.isPropertyAccessExpression(x)) {
    // `this.userModel`, `models.User`, `db.User`.
    const owner = chainRoot(x.expression) ?? "";
    if (/Model$/.test(x.name.text)) return true;
    return /^[A-Z]/.test(x.name.text) && /^(?:models?|db|database|this\.models?)$/.test(owner);
  }
  if (!name) return false;
  if (/^[a-z]\w*Model$/.test(name)) return true;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name) || GLOBALS.has(name) || /^[A-Z0-9_]+$/.test(name)) return false;
  const from = index.imports.get(name);
  if (from !== undefined) return MODEL_PATH.test(from) || ORM_MODULES.test(from);
  return index.once("orm", () => [...index.modules].some((m) => ORM_MODULES.test(m)));
}

/** A MongoDB collection: `db.collection("users")`, `usersCollection`, or a local bound to one. */
function isCollection(index: FileIndex, rec: ts.Expression, recName: string): boolean {
  if (COLLECTION.test(recName)) return true;
  if (ts.isCallExpression(rec)) return recName === "collection" || recName === "getCollection";
  if (!ts.isIdentifier(rec)) return false;
  const decl = index.resolve(rec);
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrapAwait(decl.initializer) : undefined;
  return !!init && ts.isCallExpression(init) && /^(?:collection|getCollection)$/.test(calleeName(init) ?? "");
}

/** What kind of database call `call` is, if it is one; `undefined` for anything else. */
export function dbCall(index: FileIndex, call: ts.CallExpression): DbCall | undefined {
  const op = calleeName(call);
  if (!op || !DB_OPS.has(op)) return undefined;
  const receiver = receiverOf(call);
  if (!receiver) return undefined;
  const rec = unwrap(receiver);
  const root = chainRoot(rec);
  // prisma.user.create(…), this.prisma.order.deleteMany(…), fastify.prisma.post.findMany(…), tx.account.update(…).
  if ((PRISMA_WRITES.has(op) || PRISMA_READS.has(op)) && ts.isPropertyAccessExpression(rec)) {
    const client = unwrap(rec.expression);
    const name = ts.isIdentifier(client) ? client.text : ts.isPropertyAccessExpression(client) ? client.name.text : undefined;
    if (name && isPrismaRoot(index, name)) return { orm: "prisma", op, write: PRISMA_WRITES.has(op) };
  }
  if ((MODEL_WRITES.has(op) || MODEL_READS.has(op)) && isModelName(index, rec)) return { orm: "model", op, write: MODEL_WRITES.has(op) };
  const recName = lastName(rec) ?? "";
  const fromGetRepository = ts.isCallExpression(rec) && /^(?:getRepository|getCustomRepository|getMongoRepository|getTreeRepository|withRepository)$/.test(recName);
  if ((REPOSITORY_WRITES.has(op) || REPOSITORY_READS.has(op)) && (REPOSITORY.test(recName) || fromGetRepository)) {
    // MikroORM's `em.persist/remove/clear` only mark the unit of work (or empty the identity map); `flush` writes.
    const unitOfWork = recName === "em" && (op === "persist" || op === "remove" || (op === "clear" && call.arguments.length === 0));
    return { orm: "repository", op, write: REPOSITORY_WRITES.has(op) && !unitOfWork };
  }
  if ((COLLECTION_WRITES.has(op) || MODEL_READS.has(op)) && isCollection(index, rec, recName)) {
    return { orm: "collection", op, write: COLLECTION_WRITES.has(op) };
  }
  // knex("users").where(…).del(), db("users").insert(…); Drizzle db.insert(users).values(…).
  if (root && KNEX_ROOT.test(root)) {
    const methods = chainMethods(call);
    if (startsWithTableCall(call)) {
      if (methods.some((m) => KNEX_WRITES.has(m))) return { orm: "knex", op, write: true };
    } else if (isDrizzleWrite(call)) return { orm: "drizzle", op, write: true };
  }
  if (["query", "execute", "run", "exec", "none", "any", "one", "oneOrNone", "result"].includes(op) && root && DRIVER_ROOT.test(root)) {
    const text = stringValue(call.arguments[0]) ?? templateHead(call.arguments[0]);
    if (text !== undefined) return { orm: "driver", op, write: SQL_WRITE.test(text) };
  }
  if (INSTANCE_WRITES.has(op) && ts.isIdentifier(rec) && isModelInstance(index, rec)) return { orm: "instance", op, write: true };
  return undefined;
}

/** A chain that starts `db.insert(table)`, `db.update(table)` or `db.delete(table)`. */
function isDrizzleWrite(call: ts.CallExpression): boolean {
  let cur: ts.CallExpression = call;
  for (let hop = 0; hop < 200; hop++) {
    const callee = unwrap(cur.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const inner = unwrap(callee.expression);
    if (!ts.isCallExpression(inner)) {
      const table = cur.arguments[0];
      return ["insert", "update", "delete"].includes(callee.name.text) && cur.arguments.length === 1 && !!table && !ts.isStringLiteralLike(table);
    }
    cur = inner;
  }
  return false;
}

function templateHead(e: ts.Expression | undefined): string | undefined {
  const x = e && unwrap(e);
  return x && ts.isTemplateExpression(x) ? x.head.text : undefined;
}

/** `knex("users")…`, `db("users")…`, `trx("users")…`, `knex.from("users")…`, `knex.table("users")…`. */
function startsWithTableCall(call: ts.CallExpression): boolean {
  let cur: ts.Expression = call;
  for (let hop = 0; hop < 200; hop++) {
    cur = unwrap(cur);
    if (!ts.isCallExpression(cur)) return false;
    const callee = unwrap(cur.expression);
    if (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && unwrap(callee.expression).kind === ts.SyntaxKind.ThisKeyword)) {
      return cur.arguments.length >= 1 && stringValue(cur.arguments[0]) !== undefined;
    }
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const inner = unwrap(callee.expression);
    if (ts.isIdentifier(inner) && /^(?:from|table|into)$/.test(callee.name.text)) return true;
    cur = inner;
  }
  return false;
}

/** A local bound to a model instance: `const user = await User.findByPk(id)`, `new User(…)`. */
export function isModelInstance(index: FileIndex, id: ts.Identifier): boolean {
  const decl = index.resolve(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const init = unwrapAwait(decl.initializer);
  if (ts.isNewExpression(init)) return isModelName(index, init.expression);
  if (!ts.isCallExpression(init)) return false;
  const inner = dbCall(index, init);
  return !!inner && inner.orm !== "instance" && inner.orm !== "driver";
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

// ---------------------------------------------------------------------------------------------
// Development-only code: settings that are fine on a laptop.

const DEV_CONDITION = /NODE_ENV|\b(?:is)?(?:dev|development|local|test|debug)\b|isDev|isTest|isLocal|isDebug|__DEV__/i;
const PROD_CONDITION = /prod|production|isProd/i;
export { DEV_OR_TEST_PATH as DEV_PATH } from "../test-paths.js";

/**
 * Whether a node only runs in development or tests: inside `if (process.env.NODE_ENV !==
 * "production")`, `isDev ? … : …`, or the `false` branch of a production check.
 */
export function devOnly(sf: ts.SourceFile, node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let n = node.parent; n && !ts.isSourceFile(n); child = n, n = n.parent) {
    let cond: ts.Expression | undefined;
    let inThen = false;
    if (ts.isIfStatement(n) && child !== n.expression) {
      cond = n.expression;
      inThen = child === n.thenStatement;
    } else if (ts.isConditionalExpression(n) && child !== n.condition) {
      cond = n.condition;
      inThen = child === n.whenTrue;
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === n.right) {
      cond = n.left;
      inThen = true;
    }
    if (!cond) continue;
    const text = cond.getText(sf);
    const negated = /!==?|!\s*\w/.test(text);
    if (PROD_CONDITION.test(text)) return inThen === negated;
    if (DEV_CONDITION.test(text)) return inThen !== negated;
  }
  return false;
}
