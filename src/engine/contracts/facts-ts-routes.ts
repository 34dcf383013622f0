// The routes of a TypeScript or JavaScript file, for the contracts: what each route is (methods,
// path with the file's prefix, handler) and the source text of everything that could guard it
// (middleware, Fastify hooks, NestJS decorators, `use`/`addHook` on its router before it). What
// counts as a route is the rules' one vocabulary (src/knowledge/typescript/routes.ts).
import { ts } from "ts-morph";
import { chainText, unwrap } from "../../analysis/typescript/expressions.js";
import type { FileIndex } from "../../analysis/typescript/file-index.js";
import { stringValue } from "../../analysis/typescript/literals.js";
import { FASTIFY_HOOKS, HTTP_METHODS, isRouterObject, nestRouteMethod, routeOf } from "../../knowledge/typescript/routes.js";
import type { RouteFact } from "./facts.js";

/** Lines and text of nodes, in the facts' terms. */
export interface Span {
  start(node: ts.Node): number;
  end(node: ts.Node): number;
  text(node: ts.Node): string;
}

interface ScopeGuard {
  receiver: string;
  scope: ts.Node;
  pos: number;
  /** `use` applies to routes declared after it; Fastify hooks to the whole plugin. */
  ordered: boolean;
  path?: string;
  texts: string[];
}

interface PendingRoute extends RouteFact {
  receiver?: string;
  scope?: ts.Node;
  pos: number;
}

interface Found {
  span: Span;
  index: FileIndex;
  pending: PendingRoute[];
  guards: ScopeGuard[];
  /** Router → path prefix: Koa's `new Router({ prefix })`, Hono's `.basePath(…)`. */
  prefixes: Map<string, string>;
  /** `const auth = jwt({ secret })`: a guard passed by a local name is judged by what the name holds. */
  locals: Map<string, string>;
}

function methodsOf(e: ts.Expression | undefined): string[] {
  const n = e && unwrap(e);
  if (!n) return [];
  if (ts.isStringLiteralLike(n)) return [n.text.toUpperCase()];
  if (ts.isArrayLiteralExpression(n)) return n.elements.flatMap((x) => (ts.isStringLiteralLike(x) ? [x.text.toUpperCase()] : []));
  return [];
}

/** The nearest function or the file: receiver-wide guards hold within it and the functions it contains. */
function scopeOf(node: ts.Node): ts.Node {
  for (let p = node.parent; p; p = p.parent) if (ts.isFunctionLike(p) || ts.isSourceFile(p)) return p;
  return node;
}

function within(inner: ts.Node, outer: ts.Node): boolean {
  for (let p: ts.Node | undefined = inner; p; p = p.parent) if (p === outer) return true;
  return false;
}

function joinPath(prefix: string | undefined, path: string | undefined): string | undefined {
  if (prefix === undefined) return path;
  const p = `/${prefix}`.replace(/\/+/g, "/").replace(/\/$/, "");
  const rest = path === undefined || path === "" ? "" : `/${path}`.replace(/\/+/g, "/");
  return `${p}${rest}` || "/";
}

/** Whether `use("/admin/*", guard)` covers a route's path. */
function pathCovers(pattern: string | undefined, path: string | undefined): boolean {
  if (pattern === undefined || pattern === "*" || pattern === "/*" || pattern === "/") return true;
  if (path === undefined) return false;
  const base = pattern.replace(/\/?\*+$/, "").replace(/\/$/, "");
  return path === base || path.startsWith(`${base}/`);
}

export function routeFacts(index: FileIndex, span: Span): RouteFact[] {
  const found: Found = { span, index, pending: [], guards: [], prefixes: new Map(), locals: new Map() };
  for (const call of index.of(ts.SyntaxKind.CallExpression)) {
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee)) routeCall(found, call, callee);
  }
  for (const node of index.of(ts.SyntaxKind.NewExpression)) koaPrefix(found, node);
  for (const decl of index.of(ts.SyntaxKind.VariableDeclaration)) local(found, decl);
  for (const cls of index.of(ts.SyntaxKind.ClassDeclaration)) nestController(found, cls);
  return found.pending.sort((a, b) => a.pos - b.pos).map((r) => withScope(found, r));
}

/** A route with the file's prefix for its router and the guards its router took before it. */
function withScope(found: Found, r: PendingRoute): RouteFact {
  const scoped = r.receiver && r.scope
    ? found.guards.filter((g) => g.receiver === r.receiver && within(r.scope!, g.scope) && (!g.ordered || g.pos < r.pos) && pathCovers(g.path, r.path))
    : [];
  const prefix = r.receiver ? found.prefixes.get(r.receiver) : undefined;
  const guards = [...r.guards, ...scoped.flatMap((g) => g.texts)];
  const held = guards.flatMap((g) => (g.match(/[A-Za-z_$][\w$]*/g) ?? []).flatMap((name) => found.locals.get(name) ?? []));
  return {
    methods: r.methods.length > 0 ? r.methods : ["*"],
    ...(r.path !== undefined ? { path: prefix !== undefined ? joinPath(prefix, r.path) : r.path } : {}),
    ...(r.handler ? { handler: r.handler } : {}),
    guards: [...guards, ...held],
    line: r.line,
    endLine: r.endLine,
  };
}

function guardTexts(span: Span, args: readonly ts.Expression[]): string[] {
  return args.flatMap((a) => {
    const n = unwrap(a);
    if (!ts.isObjectLiteralExpression(n)) return [span.text(n)];
    return n.properties.flatMap((p) => (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && FASTIFY_HOOKS.includes(p.name.text) ? [span.text(p.initializer)] : []));
  });
}

function handlerName(span: Span, e: ts.Expression | undefined): { handler?: string } {
  const n = e && unwrap(e);
  return n && (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) ? { handler: span.text(n) } : {};
}

function routeCall(found: Found, call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
  const method = callee.name.text;
  const receiver = unwrap(callee.expression);
  if (HTTP_METHODS.has(method)) return methodRoute(found, call, method);
  const recv = chainText(receiver);
  if (!recv) return;
  const { span } = found;
  const args = call.arguments;
  const at = { receiver: recv, scope: scopeOf(call), pos: call.getStart(found.index.sf) };
  if (method === "on" && args.length >= 3 && isRouterObject(found.index, receiver)) {
    // Hono's app.on(["POST", "PUT"], "/x", …handlers).
    const path = stringValue(args[1]);
    const last = args[args.length - 1]!;
    if (path !== undefined) found.pending.push({ methods: methodsOf(args[0]), path, ...handlerName(span, last), guards: guardTexts(span, args.slice(2, -1)), line: span.start(call), endLine: span.start(last), ...at });
  } else if (method === "route" && args.length === 1 && ts.isObjectLiteralExpression(unwrap(args[0]!)) && isRouterObject(found.index, receiver)) {
    optionsRoute(found, call, unwrap(args[0]!) as ts.ObjectLiteralExpression, at);
  } else if (method === "use" && args.length > 0) {
    const first = stringValue(args[0]);
    found.guards.push({ ...at, ordered: true, ...(first !== undefined ? { path: first } : {}), texts: (first !== undefined ? args.slice(1) : args).map((a) => span.text(a)) });
  } else if (method === "addHook" && args.length === 2 && FASTIFY_HOOKS.includes(stringValue(args[0]) ?? "")) {
    found.guards.push({ ...at, ordered: false, texts: [span.text(args[1]!)] });
  }
}

/**
 * `router.post("/x", auth, h)`, Koa's `router.post("name", "/x", h)`, `router.route("/x").post(h)`:
 * whatever the rules' route vocabulary (routeOf) calls a route, on a router or app object only.
 */
function methodRoute(found: Found, call: ts.CallExpression, method: string): void {
  const { span, index } = found;
  const route = routeOf(index, call);
  const last = route?.handler;
  if (!route || !last || route.path === undefined) return;
  // Fastify also takes the handler inside the options object: { onRequest, handler }.
  const options = [...(route.options ? [route.options] : []), ...(ts.isObjectLiteralExpression(unwrap(last)) ? [last] : [])];
  const recv = chainText(unwrap(route.receiver));
  found.pending.push({
    methods: method === "all" ? ["*"] : [method === "del" ? "DELETE" : method.toUpperCase()],
    path: route.path,
    ...handlerName(span, last),
    guards: guardTexts(span, [...route.middleware, ...options]),
    line: span.start(call),
    endLine: span.start(last),
    ...(recv ? { receiver: recv } : {}),
    scope: scopeOf(call),
    pos: call.getStart(index.sf),
  });
}

/** Fastify's `fastify.route({ method, url, preHandler, handler })`. */
function optionsRoute(found: Found, call: ts.CallExpression, obj: ts.ObjectLiteralExpression, at: { receiver: string; scope: ts.Node; pos: number }): void {
  const prop = (name: string) => obj.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name)?.initializer;
  const url = stringValue(prop("url") ?? prop("path"));
  if (url === undefined) return;
  const { span } = found;
  found.pending.push({ methods: methodsOf(prop("method")), path: url, ...handlerName(span, prop("handler")), guards: guardTexts(span, [obj]), line: span.start(call), endLine: span.end(call), ...at });
}

/** Koa's `const router = new Router({ prefix: "/users" })`. */
function koaPrefix(found: Found, node: ts.NewExpression): void {
  let decl = node.parent;
  while (decl && (ts.isAwaitExpression(decl) || ts.isParenthesizedExpression(decl))) decl = decl.parent;
  const options = node.arguments?.[0];
  if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !options || !ts.isObjectLiteralExpression(options)) return;
  const p = options.properties.find((x): x is ts.PropertyAssignment => ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && x.name.text === "prefix");
  const prefix = stringValue(p?.initializer);
  if (prefix !== undefined) found.prefixes.set(decl.name.text, prefix);
}

/** What a local holds (for guards passed by name), and Hono's `new Hono().basePath("/api")`. */
function local(found: Found, node: ts.VariableDeclaration): void {
  if (!ts.isIdentifier(node.name) || !node.initializer) return;
  found.locals.set(node.name.text, found.span.text(node.initializer));
  const init = unwrap(node.initializer);
  if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === "basePath") {
    const prefix = stringValue(init.arguments[0]);
    if (prefix !== undefined) found.prefixes.set(node.name.text, prefix);
  }
}

/** The path a NestJS `@Controller("users")` or `@Controller({ path: "users" })` gives its routes. */
function controllerPrefix(call: ts.CallExpression): string | undefined {
  const arg = call.arguments[0];
  const obj = arg && unwrap(arg);
  if (!obj || !ts.isObjectLiteralExpression(obj)) return stringValue(arg);
  const p = obj.properties.find((x): x is ts.PropertyAssignment => ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && x.name.text === "path");
  return stringValue(p?.initializer);
}

function nestController(found: Found, cls: ts.ClassDeclaration): void {
  const { span, index } = found;
  const decorators = ts.getDecorators(cls) ?? [];
  const controller = decorators.find((d) => ts.isCallExpression(d.expression) && chainText(d.expression.expression) === "Controller");
  if (!controller) return;
  const prefix = controllerPrefix(controller.expression as ts.CallExpression);
  const classGuards = decorators.filter((d) => d !== controller).map((d) => span.text(d));
  const className = cls.name?.text ?? "Controller";
  for (const member of cls.members) {
    if (!ts.isMethodDeclaration(member)) continue;
    const mdecs = ts.getDecorators(member) ?? [];
    for (const d of mdecs) {
      const e = d.expression;
      const name = ts.isCallExpression(e) ? chainText(e.expression) : chainText(e);
      const method = name ? nestRouteMethod(name) : undefined;
      if (!method) continue;
      const sub = ts.isCallExpression(e) ? stringValue(e.arguments[0]) : undefined;
      found.pending.push({
        methods: [method],
        path: joinPath(prefix ?? "", sub) ?? "/",
        handler: `${className}.${member.name.getText(index.sf)}`,
        guards: [...classGuards, ...mdecs.filter((x) => x !== d).map((x) => span.text(x))],
        line: span.start(member),
        endLine: member.body ? span.start(member.body) : span.end(member),
        pos: member.getStart(index.sf),
      });
    }
  }
}
