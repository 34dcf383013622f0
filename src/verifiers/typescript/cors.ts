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
import { leaves } from "../../analysis/typescript/value-flow.js";
import { requestData } from "../../knowledge/typescript/request-data.js";
import { ORIGIN_VALIDATOR, affixTest, looseOriginRegex, type OriginTest } from "../../knowledge/cors-origins.js";

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
  gate: /cors|access-control-allow-origin/i,
  check: inLineOrder((ctx) => {
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
  // Set only after the origin was checked by a test only listed origins pass.
  if (!checkedFirst(index, call, value, fn)) report({ messageId: "reflectHeader", line: lineOf(sf, call), data: { call: snippet(sf, call, 70) } });
}

/** Whether `call` runs only for an origin that passed a sound test: inside its `if`, or after an `if (!test) return/throw`. */
function checkedFirst(index: FileIndex, call: ts.Node, value: ts.Expression, fn: ts.Node | undefined): boolean {
  const originText = unwrap(value).getText(index.sf);
  const isOrigin = (e: ts.Expression) => unwrap(e).getText(index.sf) === originText || isRequestOrigin(index, e, 0);
  // The origin as a whole name inside `e` (`[origin]`), not a longer name (`origins`, `allowedOrigins`).
  const holds = new RegExp(`(?<![\\w$.])${originText.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w$])`);
  const fromClient = (e: ts.Expression) => {
    const text = unwrap(e).getText(index.sf);
    return isOrigin(e) || holds.test(text) || /\b(?:req|request|ctx)\b|\bc\.req\b/.test(text) || requestData(index, e) !== undefined;
  };
  const by: OriginPredicates = { isOrigin, fromClient };
  for (let from: ts.Node = call, n: ts.Node = call.parent; n && n !== fn; from = n, n = n.parent) {
    if (ts.isIfStatement(n) && n.thenStatement === from && !negated(n.expression) && originTest(index, n.expression, by) === "sound") return true;
  }
  let guarded = false;
  if (fn) {
    walk(fn, (n) => {
      if (guarded || !ts.isIfStatement(n) || n.end > call.pos || !negated(n.expression)) return;
      guarded = originTest(index, n.expression, by) === "sound" && leaves(n.thenStatement);
    });
  }
  return guarded;
}

/** `!ok`, `x !== y`, `LIST.indexOf(o) === -1`: a test whose true branch is the refused origin. */
function negated(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isPrefixUnaryExpression(x)) return x.operator === ts.SyntaxKind.ExclamationToken;
  if (!ts.isBinaryExpression(x)) return false;
  const op = x.operatorToken.kind;
  const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  const indexOf = [x.left, x.right].some((side) => ts.isCallExpression(unwrap(side)) && calleeName(unwrap(side) as ts.CallExpression) === "indexOf");
  if (!indexOf) return unequal;
  // `indexOf(o) === -1` and `indexOf(o) < 0` refuse; `!== -1` and `>= 0` accept.
  return op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.LessThanToken;
}


/** The origin value itself, and anything the client chose (it, a list holding it, request data). */
interface OriginPredicates {
  isOrigin(e: ts.Expression): boolean;
  fromClient(e: ts.Expression): boolean;
}

/**
 * How a condition tests the origin: a list's `includes`/`has`/`indexOf`, `in`, equality, an
 * anchored regex or a validator named so is sound; `origin.includes("x")`, a loose suffix or
 * prefix and an unanchored regex are loose; `if (origin)` tests nothing.
 */
function originTest(index: FileIndex, e: ts.Expression, by: OriginPredicates): OriginTest | undefined {
  const { isOrigin, fromClient } = by;
  const x = unwrap(e);
  if (ts.isPrefixUnaryExpression(x) && x.operator === ts.SyntaxKind.ExclamationToken) return originTest(index, x.operand, by);
  if (ts.isBinaryExpression(x)) {
    const op = x.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      const tests = [originTest(index, x.left, by), originTest(index, x.right, by)];
      if (op === ts.SyntaxKind.BarBarToken) return tests.includes("loose") ? "loose" : tests.every((t) => t === "sound") ? "sound" : undefined;
      return tests.includes("sound") ? "sound" : tests.includes("loose") ? "loose" : undefined;
    }
    if (op === ts.SyntaxKind.InKeyword) return isOrigin(x.left) && !fromClient(x.right) ? "sound" : undefined;
    const sides = [x.left, x.right].map((side) => unwrap(side));
    const indexed = sides.find((side): side is ts.CallExpression => ts.isCallExpression(side) && calleeName(side) === "indexOf");
    if (indexed) return originTest(index, indexed, by);
    // Compared with something the client did not choose: not `origin === req.headers.origin`.
    const [a, b] = sides as [ts.Expression, ts.Expression];
    return (isOrigin(a) && !fromClient(b)) || (isOrigin(b) && !fromClient(a)) ? "sound" : undefined;
  }
  if (!ts.isCallExpression(x)) return undefined;
  const name = calleeName(x) ?? "";
  const receiver = receiverOf(x);
  if (receiver && isOrigin(receiver)) {
    if (name === "endsWith" || name === "startsWith") return affixTest(name === "endsWith" ? "suffix" : "prefix", stringValue(x.arguments[0]));
    if (name === "match") return regexTest(index, x.arguments[0]);
    return name === "includes" || name === "indexOf" || name === "search" ? "loose" : undefined;
  }
  if (!x.arguments.some(isOrigin)) return undefined;
  // A list the client did not choose: not `[origin].includes(origin)` or a list read from the request.
  if (name === "includes" || name === "has" || name === "indexOf" || name === "some") return receiver && !fromClient(receiver) ? "sound" : undefined;
  if (name === "test" || name === "exec") return regexTest(index, receiver);
  return ORIGIN_VALIDATOR.test(name) ? "sound" : undefined;
}

/** A regex literal is judged as RegExp.test applies it (anchored by nothing); a regex kept elsewhere is trusted. */
function regexTest(index: FileIndex, e: ts.Expression | undefined): OriginTest {
  let x = e && unwrap(e);
  // `const ORIGIN_RE = /…/` or `new RegExp("…")`: judged where the name was bound.
  if (x && ts.isIdentifier(x)) {
    const decl = index.resolve(x);
    x = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : x;
  }
  if (x && ts.isNewExpression(x) && calleeName(x) === "RegExp") {
    const source = stringValue(x.arguments?.[0]);
    return source !== undefined && looseOriginRegex(source, "none") ? "loose" : "sound";
  }
  if (!x || !ts.isRegularExpressionLiteral(x)) return "sound";
  const pattern = x.text.slice(1, x.text.lastIndexOf("/"));
  return looseOriginRegex(pattern, "none") ? "loose" : "sound";
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
