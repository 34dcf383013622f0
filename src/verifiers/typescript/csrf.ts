// Requests that change data without a CSRF defence: GET routes whose handler deletes or
// writes (a link or an <img> on another site runs them with the victim's cookies), and CSRF
// middleware configured to skip the methods that change data.
import { ts } from "ts-morph";
import { defineVerifier } from "../types.js";
import { PUBLIC_PATH } from "../../knowledge/typescript/auth-guards.js";
import { calleeName, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { propertyName, stringValue } from "../../analysis/typescript/literals.js";
import { dbCall } from "../../knowledge/typescript/orm.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { ROUTE_PATH_ARGUMENT, WRITE_METHODS, handlerFunction, routeOf } from "../../knowledge/typescript/routes.js";
import { walk } from "../../analysis/typescript/walk.js";
import { TRIVIA, allOf, anyOf, gateText, memberGate } from "../../engine/rule-gate.js";

/**
 * What each check starts from (together, the rule's gate). A GET route is `.get(` with a path
 * argument ("/…" or "*…") and a handler after it, or goes through `.route(…)` (an Express chain,
 * Fastify's options with `method: "GET"`); a NestJS GET handler is decorated `@Get(…)` (the
 * class's `@Controller` is optional here); a csurf option names its key.
 */
const GET_ROUTE = anyOf(allOf(memberGate(["get"]), ROUTE_PATH_ARGUMENT), memberGate(["route"]));
const NEST_GET = new RegExp(`@${TRIVIA}Get(?![\\w$])`);
const OPTIONS = /ignoreMethods|ignoredMethods|csrf/;

const DELETES = /^(?:delete|deleteOne|deleteMany|destroy|remove|del|truncate|findByIdAndDelete|findOneAndDelete|findByIdAndRemove|findOneAndRemove|softDelete|softRemove|nativeDelete|drop|clear)$/;
/** A GET path that names an action: `/users/:id/delete`, `/posts/approve`. */
const ACTION_PATH = /(?:^|[/_-])(?:delete|remove|destroy|create|add|update|edit|approve|reject|cancel|transfer|pay|grant|revoke|promote|demote|ban|unban|block|deactivate|disable|enable|archive|publish|reset|purge|wipe)(?:$|[/_-])/i;

export const verifier = defineVerifier({
  id: "typescript/csrf",
  languages: ["typescript", "javascript"],
  messageIds: ["getWrite", "ignoreMethods", "disabled"],
  gate: anyOf(GET_ROUTE, NEST_GET, OPTIONS),
  check: inLineOrder((ctx) => {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    if (GET_ROUTE.test(gateText(ctx))) {
      for (const call of index.of(ts.SyntaxKind.CallExpression)) {
        const route = routeOf(index, call);
        if (!route || route.method !== "get") continue;
        const fn = handlerFunction(route);
        const path = route.path ?? "";
        if (!fn || PUBLIC_PATH.test(path)) continue;
        const write = writeIn(index, fn.body, ACTION_PATH.test(path));
        if (write) {
          ctx.report({
            messageId: "getWrite",
            line: lineOf(sf, call),
            data: { path, call: snippet(sf, write, 50), callLine: String(lineOf(sf, write)) },
          });
        }
      }
    }
    if (NEST_GET.test(gateText(ctx))) {
      for (const cls of index.of(ts.SyntaxKind.ClassDeclaration)) {
        const controller = (ts.getDecorators(cls) ?? []).map((d) => d.expression).find((e) => ts.isCallExpression(e) && calleeName(e) === "Controller");
        const base = controller && ts.isCallExpression(controller) ? (stringValue(controller.arguments[0]) ?? "") : "";
        for (const m of cls.members) {
          if (!ts.isMethodDeclaration(m) || !m.body) continue;
          const get = (ts.getDecorators(m) ?? []).map((d) => d.expression).find((e) => ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "Get");
          if (!get || !ts.isCallExpression(get)) continue;
          const path = stringValue(get.arguments[0]) ?? "";
          if (PUBLIC_PATH.test(path) || PUBLIC_PATH.test(base)) continue;
          const write = writeIn(index, m.body, ACTION_PATH.test(path));
          const full = `/${[base, path].map((p) => p.replace(/^\/+|\/+$/g, "")).filter((p) => p !== "").join("/")}`;
          if (write) ctx.report({ messageId: "getWrite", line: lineOf(sf, get), data: { path: full, call: snippet(sf, write, 50), callLine: String(lineOf(sf, write)) } });
        }
      }
    }
    if (OPTIONS.test(gateText(ctx))) {
      for (const p of index.of(ts.SyntaxKind.PropertyAssignment)) {
        const key = propertyName(p) ?? "";
        const v = unwrap(p.initializer);
        if ((key === "ignoreMethods" || key === "ignoredMethods") && ts.isArrayLiteralExpression(v)) {
          const unsafe = v.elements.map((e) => stringValue(e) ?? "").filter((m) => WRITE_METHODS.has(m.toLowerCase()));
          if (unsafe.length > 0) ctx.report({ messageId: "ignoreMethods", line: lineOf(sf, p), data: { key, methods: unsafe.join(", ") } });
        } else if (key === "csrf" && v.kind === ts.SyntaxKind.FalseKeyword) {
          ctx.report({ messageId: "disabled", line: lineOf(sf, p) });
        }
      }
    }
  }),
});

/** The first deleting call in a handler, or any writing call when the path names an action. */
function writeIn(index: FileIndex, body: ts.Node, actionPath: boolean): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  walk(body, (node) => {
    if (found || !ts.isCallExpression(node)) return;
    const db = dbCall(index, node);
    if (db?.write && (actionPath || DELETES.test(db.op))) found = node;
  });
  return found;
}
