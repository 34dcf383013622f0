// Routes left out of the authentication their siblings have: a state-changing route registered
// before the `use(auth)` that protects the routes after it, a write route without the auth
// middleware (or Fastify hook, or NestJS guard) its siblings carry, and NestJS `@Public()`
// bypasses on write handlers. Only what the file shows counts: global guards set elsewhere
// make siblings unguarded alike, and then nothing is flagged.
import { ts } from "ts-morph";
import { defineVerifier, type VerifierContext } from "../types.js";
import { isAuthMiddleware, NEST_BYPASS, NEST_GUARDS, PUBLIC_METADATA, PUBLIC_PATH } from "../../knowledge/typescript/auth-guards.js";
import { isPublicRoute } from "../../knowledge/public-routes.js";
import { calleeName, enclosingFunction, receiverOf } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { propertyValue, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { FASTIFY_HOOKS, NEST_ROUTE_DECORATORS, ROUTE_PATH_ARGUMENT, WRITE_METHODS, nestRouteMethod, routeOf, type Route } from "../../knowledge/typescript/routes.js";
import { TRIVIA, allOf, anyOf, gateText, memberGate } from "../../engine/rule-gate.js";

/**
 * What each check starts from (together, the rule's gate). Only a write route is reported: a write
 * method call (`router.post<Params>(`, `(router.post)(`, `router["all"](`) with a path argument and
 * a handler after it, or one made through `.route(…)` (an Express chain, Fastify's options object).
 * A NestJS controller is a class decorated `@Controller` with a write handler (`@Post`, `@All`…).
 */
const ROUTE_CALL = anyOf(allOf(memberGate([...WRITE_METHODS, "all"]), ROUTE_PATH_ARGUMENT), memberGate(["route"]));
const decorator = (names: readonly string[]) => new RegExp(`@${TRIVIA}(?:${names.join("|")})(?![\\w$])`);
const CONTROLLER = allOf(decorator(["Controller"]), decorator(NEST_ROUTE_DECORATORS.filter(isNestWrite)));

const MESSAGE_IDS = ["beforeUse", "unguarded", "nestUnguarded", "publicWrite"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];


interface GroupUse {
  pos: number;
  line: number;
  owner: string;
  guard: string;
  /** Path prefix the middleware applies to ("" for all). */
  prefix: string;
  /** Fastify hooks apply to every route of the plugin, wherever they are added. */
  ordered: boolean;
}

export const verifier = defineVerifier({
  id: "typescript/missing-auth",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  gate: anyOf(ROUTE_CALL, CONTROLLER),
  check: inLineOrder((ctx) => {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    if (ROUTE_CALL.test(gateText(ctx))) routes(index, ctx.report.bind(ctx));
    if (CONTROLLER.test(gateText(ctx))) controllers(index, ctx.report.bind(ctx));
  }),
});

type ReportFn = VerifierContext<MessageId>["report"];

function routes(index: FileIndex, report: ReportFn): void {
  const sf = index.sf;
  const groups = new Map<string, { routes: Route[]; uses: GroupUse[] }>();
  const group = (owner: string, node: ts.Node) => {
    const key = `${owner}@${enclosingFunction(node)?.pos ?? -1}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { routes: [], uses: [] }));
    return g;
  };
  for (const call of index.of(ts.SyntaxKind.CallExpression)) {
    const route = routeOf(index, call);
    if (route) {
      group(route.owner, call).routes.push(route);
      continue;
    }
    const name = calleeName(call);
    const receiver = receiverOf(call);
    if (!receiver || (name !== "use" && name !== "addHook")) continue;
    const owner = receiver.getText(sf);
    const args = [...call.arguments];
    const prefixArg = stringValue(args[0]);
    if (name === "addHook") {
      const hook = args[1];
      if (prefixArg && FASTIFY_HOOKS.includes(prefixArg) && hook && isAuthMiddleware(sf, hook)) {
        group(owner, call).uses.push({ pos: call.pos, line: lineOf(sf, call), owner, guard: snippet(sf, hook, 40), prefix: "", ordered: false });
      }
      continue;
    }
    const middleware = prefixArg === undefined ? args : args.slice(1);
    const guard = middleware.find((m) => isAuthMiddleware(sf, m));
    if (guard) {
      const prefix = (prefixArg ?? "").replace(/\*+$/, "").replace(/\/$/, "");
      group(owner, call).uses.push({ pos: call.pos, line: lineOf(sf, call), owner, guard: snippet(sf, guard, 40), prefix, ordered: true });
    }
  }

  for (const g of groups.values()) {
    const own = (r: Route) => guardOf(sf, r) !== undefined;
    const applies = (u: GroupUse, r: Route) => u.prefix === "" || (r.path ?? "").startsWith(u.prefix);
    const guardedSibling = g.routes.find(own);
    for (const r of g.routes) {
      if (!WRITE_METHODS.has(r.method) && r.method !== "all") continue;
      if (own(r) || isPublicRoute(r.method, r.path ?? "")) continue;
      if (g.uses.some((u) => applies(u, r) && (!u.ordered || u.pos < r.call.pos))) continue;
      const method = r.method.toUpperCase();
      const path = r.path ?? "(this route)";
      const later = g.uses.find((u) => u.ordered && u.pos > r.call.pos && applies(u, r) && g.routes.some((s) => s.call.pos > u.pos));
      if (later) {
        report({
          messageId: "beforeUse",
          line: lineOf(sf, r.call),
          data: { method, path, owner: r.owner, guard: later.guard, useLine: String(later.line), verb: r.method },
        });
      } else if (guardedSibling) {
        const guard = guardOf(sf, guardedSibling);
        if (!guard) continue;
        const fix = guard.hook
          ? `${r.owner}.${r.method}("${path}", { ${guard.hook}: ${guard.text} }, …)`
          : `${r.owner}.${r.method}("${path}", ${guard.text}, …)`;
        report({
          messageId: "unguarded",
          line: lineOf(sf, r.call),
          data: {
            method,
            path,
            owner: r.owner,
            guard: guard.hook ? `${guard.hook}: ${guard.text}` : guard.text,
            fix,
            sibling: `${guardedSibling.method.toUpperCase()} ${guardedSibling.path ?? ""}`.trim(),
            siblingLine: String(lineOf(sf, guardedSibling.call)),
          },
        });
      }
    }
  }
}

/** The authentication a route carries itself: Express/Koa/Hono middleware, or a Fastify route hook. */
function guardOf(sf: ts.SourceFile, r: Route): { text: string; hook?: string } | undefined {
  const middleware = r.middleware.find((m) => isAuthMiddleware(sf, m));
  if (middleware) return { text: snippet(sf, middleware, 40) };
  const options = r.options;
  for (const hook of options ? FASTIFY_HOOKS : []) {
    const v = options && propertyValue(options, hook);
    if (v && isAuthMiddleware(sf, v)) return { text: snippet(sf, v, 40), hook };
  }
  return undefined;
}

interface DecoratorUse {
  name: string;
  call: ts.CallExpression | undefined;
  node: ts.Decorator;
}

function decoratorsOf(node: ts.Node): DecoratorUse[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).flatMap((d): DecoratorUse[] => {
    const e = d.expression;
    if (ts.isIdentifier(e)) return [{ name: e.text, call: undefined, node: d }];
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression)) return [{ name: e.expression.text, call: e, node: d }];
    return [];
  });
}

function controllers(index: FileIndex, report: ReportFn): void {
  const sf = index.sf;
  for (const cls of index.of(ts.SyntaxKind.ClassDeclaration)) {
    const classDecorators = decoratorsOf(cls);
    const controller = classDecorators.find((d) => d.name === "Controller");
    if (!controller) continue;
    const base = stringValue(controller.call?.arguments[0]) ?? "";
    if (PUBLIC_PATH.test(base)) continue;
    const classGuard = classDecorators.find((d) => NEST_GUARDS.test(d.name));
    const handlers = cls.members.filter(ts.isMethodDeclaration).flatMap((m) => {
      const ds = decoratorsOf(m);
      const route = ds.find((d) => nestRouteMethod(d.name) !== undefined);
      if (!route) return [];
      const bypass = ds.find((d) => NEST_BYPASS.test(d.name) || (d.name === "SetMetadata" && publicMetadata(d.call)));
      return [{ m, route, path: stringValue(route.call?.arguments[0]) ?? "", guard: ds.find((d) => NEST_GUARDS.test(d.name)), bypass }];
    });
    const guarded = handlers.find((h) => h.guard);
    const controllerName = cls.name?.text ?? "this controller";
    for (const h of handlers) {
      if (!isNestWrite(h.route.name) || isPublicRoute(nestRouteMethod(h.route.name) ?? "", `${base}/${h.path}`)) continue;
      const handler = h.m.name.getText(sf);
      if (h.bypass) {
        report({
          messageId: "publicWrite",
          line: lineOf(sf, h.bypass.node),
          data: { bypass: snippet(sf, h.bypass.node.expression, 40), handler, decorator: h.route.name },
        });
      } else if (!classGuard && !h.guard && guarded?.guard) {
        report({
          messageId: "nestUnguarded",
          line: lineOf(sf, h.route.node),
          data: {
            decorator: h.route.name,
            handler,
            controller: controllerName,
            guard: snippet(sf, guarded.guard.node.expression, 50),
            sibling: guarded.m.name.getText(sf),
          },
        });
      }
    }
  }
}

function isNestWrite(decorator: string): boolean {
  const method = nestRouteMethod(decorator) ?? "";
  return method === "*" || WRITE_METHODS.has(method.toLowerCase());
}

/** `@SetMetadata(IS_PUBLIC_KEY, true)`, `@SetMetadata("isPublic", true)`. */
function publicMetadata(call: ts.CallExpression | undefined): boolean {
  const key = call?.arguments[0];
  if (!key) return false;
  const text = stringValue(key) ?? key.getText();
  return PUBLIC_METADATA.test(text) && call.arguments[1]?.kind !== ts.SyntaxKind.FalseKeyword;
}
