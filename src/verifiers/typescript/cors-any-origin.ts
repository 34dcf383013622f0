// CORS opened to every origin without credentials, and origin regexes looser than meant:
// `cors()` with no options, `origin: "*"` or `origin: true`, NestJS `enableCors()` and
// `{ cors: true }`, `fastify.register(cors)`, a hand-set `Access-Control-Allow-Origin: *`, and
// `origin: /example.com/`. With credentials the same settings block under typescript/cors.
import { ts } from "ts-morph";
import { defineVerifier, type Report } from "../types.js";
import { devOnly } from "../../analysis/typescript/dev-only.js";
import { calleeName, isFunctionLike, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { isTrue, objectLiteral, propertyName, propertyValue, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { looseOriginRegex } from "../../knowledge/cors-origins.js";

const MESSAGE_IDS = ["wildcard", "reflect", "looseRegex"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const CORS_CALL = /^(?:cors|enableCors|corsMiddleware|koaCors|fastifyCors)$/i;
const HEADER_SETTERS = new Set(["setHeader", "header", "set", "append"]);
/** Anything in an origin callback that can tell origins apart. */
const DECIDES = /\bif\b|\?|&&|\|\||includes\(|\.test\(|indexOf\(|===|!==|\bsome\(|\.has\(|match\(|endsWith\(|startsWith\(|switch\b/;

type ReportFn = (r: Report<MessageId>) => void;

export const verifier = defineVerifier({
  id: "typescript/cors-any-origin",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  gate: /cors|access-control-allow-origin/i,
  check: inLineOrder((ctx) => {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const report = ctx.report.bind(ctx);
    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      if (devOnly(sf, call)) continue;
      const name = calleeName(call) ?? "";
      const receiver = receiverOf(call);
      const where = `\`${snippet(sf, call.expression, 40)}(…)\``;
      // `this.enableCors()` is a framework implementing the option (NestJS's own `cors: true`), not an app choosing it.
      if (CORS_CALL.test(name) && !(receiver && receiver.kind === ts.SyntaxKind.ThisKeyword)) {
        options(index, report, call.arguments[0], call, where);
      } else if (name === "register" && receiver && /cors/i.test(lastName(call.arguments[0] ?? receiver) ?? "")) {
        options(index, report, call.arguments[1], call, where);
      } else if (HEADER_SETTERS.has(name) && receiver && stringValue(call.arguments[0])?.toLowerCase() === "access-control-allow-origin") {
        if (stringValue(call.arguments[1])?.trim() === "*") report({ messageId: "wildcard", line: lineOf(sf, call), data: { what: "`Access-Control-Allow-Origin: *`", where: `\`${snippet(sf, call, 60)}\`` } });
      }
    }
    // NestFactory.create(AppModule, { cors: true }), serverless `cors: true`.
    for (const p of index.of(ts.SyntaxKind.PropertyAssignment)) {
      if (propertyName(p) !== "cors" || devOnly(sf, p)) continue;
      if (isTrue(p.initializer)) report({ messageId: "wildcard", line: lineOf(sf, p), data: { what: "`cors: true`", where: "in the options" } });
      else if (ts.isObjectLiteralExpression(unwrap(p.initializer))) options(index, report, p.initializer, p, "in the `cors` option");
    }
  }),
});

/** One CORS configuration: absent (the libraries default to `*`), or an object whose `origin` decides. */
function options(index: FileIndex, report: ReportFn, arg: ts.Expression | undefined, at: ts.Node, where: string): void {
  const sf = index.sf;
  if (!arg) {
    report({ messageId: "wildcard", line: lineOf(sf, at), data: { what: "No options", where } });
    return;
  }
  const o = objectLiteral(index, arg);
  if (!o || isTrue(propertyValue(o, "credentials"))) return;
  const origin = propertyValue(o, "origin");
  const line = lineOf(sf, origin?.parent ?? o);
  if (!origin) return report({ messageId: "wildcard", line, data: { what: "Options without `origin`", where } });
  const v = unwrap(origin);
  if (stringValue(v) === "*") report({ messageId: "wildcard", line, data: { what: "`origin: \"*\"`", where } });
  else if (isTrue(v)) report({ messageId: "reflect", line, data: { what: "`origin: true` (reflect the request's origin)", where } });
  else if (isFunctionLike(v) && !DECIDES.test(sf.text.slice(v.body.pos, v.body.end))) {
    report({ messageId: "reflect", line, data: { what: "An `origin` callback that accepts every origin", where } });
  }
  const patterns = ts.isArrayLiteralExpression(v) ? v.elements : [v];
  for (const p of patterns) {
    if (!ts.isRegularExpressionLiteral(p)) continue;
    const source = p.text.slice(1, p.text.lastIndexOf("/"));
    const why = looseOriginRegex(source, "none");
    if (why) report({ messageId: "looseRegex", line: lineOf(sf, p), data: { pattern: p.text, why, where } });
  }
}
