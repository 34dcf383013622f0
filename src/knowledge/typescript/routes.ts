// Route registration in Express, Koa, Hono, Fastify and NestJS, in one vocabulary for the rules
// and the contracts' facts: a route is a call on a router or app object (never any `.patch(`:
// an HTTP client's, a mock's or a test agent's is a request), or a NestJS method decorator.
import { ts } from "ts-morph";
import type { FileIndex } from "../../analysis/typescript/file-index.js";
import { calleeName, isFunctionLike, lastName, receiverOf, unwrap, unwrapAwait } from "../../analysis/typescript/expressions.js";
import { propertyValue, stringValue } from "../../analysis/typescript/literals.js";
import { TRIVIA } from "../../engine/rule-gate.js";

/** Router methods that register a route for one HTTP method (`all`: every method). */
export const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options"]);
export const WRITE_METHODS = new Set(["post", "put", "patch", "delete", "del"]);
/** Objects whose `.get("/x")` is a request, not a route. */
const HTTP_CLIENTS = /^(?:axios|https?|http2|fetch|fetcher|got|ky|superagent|supertest|request|agent|\$http|\w*client|mock\w*|\w*Mock|sinon|jest|vi|nock)$/i;
/** Fastify route hooks that run before the handler, where authentication goes. */
export const FASTIFY_HOOKS: readonly string[] = ["onRequest", "preParsing", "preValidation", "preHandler", "beforeHandler"];
/** NestJS route decorators and the HTTP method each registers ("*" for every method). */
const NEST_ROUTES: Readonly<Record<string, string>> = { Get: "GET", Post: "POST", Put: "PUT", Patch: "PATCH", Delete: "DELETE", All: "*", Options: "OPTIONS", Head: "HEAD" };

/** Every NestJS route decorator's name. */
export const NEST_ROUTE_DECORATORS: readonly string[] = Object.keys(NEST_ROUTES);

/** The HTTP method a NestJS decorator name registers (`Post` → `POST`, `All` → `*`); own keys only. */
export function nestRouteMethod(decorator: string): string | undefined {
  return Object.hasOwn(NEST_ROUTES, decorator) ? NEST_ROUTES[decorator] : undefined;
}
const ROUTER_NAMES = /^(?:app|router|api|server|fastify|instance|routes|route|r|admin|v\d+|web|srv|hono)$|(?:Router|Routes|App|Api|Server)$/;
const ROUTER_FACTORIES = /^(?:express|Router|Hono|fastify|Fastify|Koa|KoaRouter|OpenAPIHono|createRouter|Elysia)$/;

/**
 * Text every `router.get("/x", …)`-style route holds (a rule gate): an argument that is a string
 * literal whose value starts `/` or `*` (`"/x"`, `'\/x'`, `"\x2fx"`, `` `/x` ``, inside parentheses,
 * after a `<T>` assertion, before `!` or `as T`), followed by another argument. Matched on the text as written, where
 * every escape is still an escape (gateText: a decoded `\x22` would end the literal early).
 */
const FIRST_SLASH = String.raw`(?:\\(?:\r\n|[\n\r\u2028\u2029]))*(?:\\?[/*]|\\(?:x2[aAfF]|u002[aAfF]|u\{0*2[aAfF]\}|0?5[27]))`;
const PATH_LITERAL = [
  String.raw`"${FIRST_SLASH}(?:[^"\\\n\r]|\\[\s\S])*"`,
  String.raw`'${FIRST_SLASH}(?:[^'\\\n\r]|\\[\s\S])*'`,
  String.raw`\`${FIRST_SLASH}(?:[^\`\\]|\\[\s\S])*\``,
].join("|");
export const ROUTE_PATH_ARGUMENT = new RegExp(
  String.raw`[(,>]${TRIVIA}(?:\(${TRIVIA})*(?:${PATH_LITERAL})(?:${TRIVIA}[)!])*${TRIVIA}(?:(?:as|satisfies)(?![\w$])[^,]*)?,`,
);

export interface Route {
  call: ts.CallExpression;
  method: string;
  path: string | undefined;
  /** The router, plugin instance or app the route is registered on, as written. */
  owner: string;
  /** That router as an expression (the `.route("/x")` base's receiver in a chain). */
  receiver: ts.Expression;
  /** Arguments between the path and the handler: Express/Koa/Hono middleware. */
  middleware: ts.Expression[];
  /** Fastify's route options object (`{ preHandler, onRequest }`). */
  options: ts.ObjectLiteralExpression | undefined;
  handler: ts.Expression | undefined;
}

/** A router, app or plugin instance by its name, its type annotation, or the factory that made it. */
export function isRouterObject(index: FileIndex, e: ts.Expression): boolean {
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
    return { call, method, path: url, owner: receiver.getText(sf), receiver, middleware: [], options: opts, handler: propertyValue(opts, "handler") };
  }
  const method = name;
  if (!HTTP_METHODS.has(method)) return undefined;
  const args = [...call.arguments];
  const rec = unwrap(receiver);
  // Express `router.route("/x").get(h).post(h)`.
  if (ts.isCallExpression(rec)) {
    const base = chainRootRoute(rec);
    if (!base || !isRouterObject(index, base.receiver)) return undefined;
    return { call, method, path: base.path, owner: base.receiver.getText(sf), receiver: base.receiver, middleware: args.slice(0, -1), options: undefined, handler: args.at(-1) };
  }
  // Koa's named routes put a name first: `router.post("create-user", "/users", …)`.
  const label = stringValue(args[0]);
  const at = label !== undefined && !/^[/*]/.test(label) && /^\//.test(stringValue(args[1]) ?? "") ? 1 : 0;
  const path = stringValue(args[at]);
  if (path === undefined || !/^[/*]/.test(path) || args.length < at + 2) return undefined;
  if (!isRouterObject(index, receiver)) return undefined;
  const rest = args.slice(at + 1);
  const handler = rest.at(-1);
  const between = rest.slice(0, -1);
  const options = between.map((a) => unwrap(a)).find(ts.isObjectLiteralExpression);
  return {
    call,
    method,
    path,
    owner: receiver.getText(sf),
    receiver,
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
