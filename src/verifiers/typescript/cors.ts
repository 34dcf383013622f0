// CORS that lets any website read responses with the user's cookies: `credentials: true`
// together with `origin: "*"`, `origin: true` or an origin callback that allows everything
// (cors, @koa/cors, @fastify/cors, hono/cors, NestJS enableCors), and handlers that copy the
// request's Origin header into Access-Control-Allow-Origin while allowing credentials.
import { ts } from "ts-morph";
import { defineVerifier, type VerifierContext } from "../types.js";
import { devOnly } from "../../analysis/typescript/dev-only.js";
import { calleeName, enclosingFunction, isFunctionLike, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { isTrue, objectLiteral, propertyName, propertyValue, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { walk } from "../../analysis/typescript/walk.js";
import { searchText } from "./source.js";

const MESSAGE_IDS = ["wildcard", "reflect", "reflectHeader"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const ACAO = "access-control-allow-origin";
const HEADER_SETTERS = new Set(["setHeader", "header", "set", "append", "writeHead"]);
/** Anything in an origin callback that can tell origins apart. */
const DECIDES = /\bif\b|\?|&&|\|\||includes\(|\.test\(|indexOf\(|===|!==|\bsome\(|\.has\(|match\(|endsWith\(|startsWith\(|switch\b/;

export const verifier = defineVerifier({
  id: "typescript/cors",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  check: inLineOrder((ctx) => {
    if (!/cors|Cors|CORS|access-control-allow-origin/i.test(searchText(ctx))) return;
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const options = new Map<ts.ObjectLiteralExpression, string>();

    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      const name = calleeName(call) ?? "";
      const receiver = receiverOf(call);
      const where = `in \`${snippet(sf, call.expression, 40)}(…)\``;
      if (/^(?:cors|enableCors|corsMiddleware|koaCors|fastifyCors)$/i.test(name)) {
        const o = objectLiteral(index, call.arguments[0]);
        if (o) options.set(o, where);
      } else if (name === "register" && receiver && /cors/i.test(lastName(call.arguments[0] ?? receiver) ?? "")) {
        const o = objectLiteral(index, call.arguments[1]);
        if (o) options.set(o, where);
      } else if (HEADER_SETTERS.has(name) && receiver) {
        headerReflection(ctx.report.bind(ctx), index, call);
      }
    }
    // NestFactory.create(AppModule, { cors: { … } }), ApolloServer({ cors: { … } })
    for (const p of index.of(ts.SyntaxKind.PropertyAssignment)) {
      if (propertyName(p) !== "cors") continue;
      const o = objectLiteral(index, p.initializer);
      if (o && !options.has(o)) options.set(o, "in the `cors` option");
    }

    for (const [o, where] of options) {
      if (devOnly(sf, o) || !isTrue(propertyValue(o, "credentials"))) continue;
      const origin = propertyValue(o, "origin");
      const at = origin ? origin.parent : o;
      if (!origin) continue;
      const v = unwrap(origin);
      if (stringValue(v) === "*") ctx.report({ messageId: "wildcard", line: lineOf(sf, at), data: { where } });
      else if (isTrue(v)) ctx.report({ messageId: "reflect", line: lineOf(sf, at), data: { where, what: "`origin: true` (reflect the request's origin)" } });
      else if (isFunctionLike(v) && !DECIDES.test(sf.text.slice(v.body.pos, v.body.end))) {
        ctx.report({ messageId: "reflect", line: lineOf(sf, at), data: { where, what: "An `origin` callback that accepts every origin" } });
      }
    }
  }),
});

type ReportFn = VerifierContext<MessageId>["report"];

/** `res.setHeader("Access-Control-Allow-Origin", req.headers.origin)` next to allowed credentials. */
function headerReflection(report: ReportFn, index: FileIndex, call: ts.CallExpression): void {
  const sf = index.sf;
  let value: ts.Expression | undefined;
  const first = call.arguments[0];
  if (stringValue(first)?.toLowerCase() === ACAO) value = call.arguments[1];
  else {
    const o = objectLiteral(index, first);
    const p = o?.properties.find((q) => propertyName(q)?.toLowerCase() === ACAO);
    value = p && ts.isPropertyAssignment(p) ? p.initializer : undefined;
  }
  if (!value || !isRequestOrigin(index, value, 0)) return;
  const fn = enclosingFunction(call);
  const scope = fn ? sf.text.slice(fn.pos, fn.end) : sf.text;
  if (!/access-control-allow-credentials['"`]\s*[,:]\s*['"`]?true/i.test(scope)) return;
  // Set only after the origin was compared with an allow-list.
  const originText = unwrap(value).getText(sf);
  for (let n: ts.Node = call; n && n !== fn; n = n.parent) {
    if (ts.isIfStatement(n) && n.expression.getText(sf).includes(originText)) return;
  }
  let guarded = false;
  if (fn) {
    walk(fn, (n) => {
      if (!guarded && ts.isIfStatement(n) && n.pos < call.pos && /includes|has\(|indexOf|test\(|===/.test(n.expression.getText(sf)) && n.expression.getText(sf).includes(originText)) guarded = true;
    });
  }
  if (!guarded) report({ messageId: "reflectHeader", line: lineOf(sf, call), data: { call: snippet(sf, call, 70) } });
}

/** `req.headers.origin`, `req.get("origin")`, `ctx.get("Origin")`, `c.req.header("Origin")`, or a local holding one. */
function isRequestOrigin(index: FileIndex, e: ts.Expression, depth: number): boolean {
  if (depth > 4) return false;
  const x = unwrap(e);
  if (ts.isPropertyAccessExpression(x)) return x.name.text.toLowerCase() === "origin" && /headers?$/.test(lastName(x.expression) ?? "");
  if (ts.isElementAccessExpression(x)) return stringValue(x.argumentExpression)?.toLowerCase() === "origin";
  if (ts.isCallExpression(x)) return /^(?:get|header)$/.test(calleeName(x) ?? "") && stringValue(x.arguments[0])?.toLowerCase() === "origin";
  if (ts.isBinaryExpression(x) && (x.operatorToken.kind === ts.SyntaxKind.BarBarToken || x.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return isRequestOrigin(index, x.left, depth + 1);
  }
  if (ts.isIdentifier(x)) {
    const decl = index.resolve(x);
    return !!decl && ts.isVariableDeclaration(decl) && !!decl.initializer && isRequestOrigin(index, decl.initializer, depth + 1);
  }
  return false;
}
