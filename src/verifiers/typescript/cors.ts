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
      else {
        const callbacks = isFunctionLike(v) ? [v] : ts.isIdentifier(v) ? localFunctions(index, v) : undefined;
        const test = callbacks && every(callbacks.map((c) => callbackTest(index, c)));
        if (callbacks && test !== "sound") {
          const what = test === "loose" ? "An `origin` callback whose test also passes other origins" : "An `origin` callback that accepts every origin";
          ctx.report({ messageId: "reflect", line: lineOf(sf, at), data: { where, what } });
        }
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

/** What counts as the origin `value` (its name or the request's header) and as chosen by the client. */
function predicates(index: FileIndex, value: ts.Expression, depth: number): OriginPredicates {
  const originText = unwrap(value).getText(index.sf);
  const isOrigin = (e: ts.Expression): boolean => {
    const x = unwrap(e);
    // `origin ?? ""`, `origin || ""`: still the origin.
    const orEmpty = ts.isBinaryExpression(x) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(x.operatorToken.kind) && stringValue(x.right) === "";
    return x.getText(index.sf) === originText || isRequestOrigin(index, e, 0) || (orEmpty && isOrigin(x.left));
  };
  // The origin as a whole name inside `e` (`[origin]`), not a longer name (`origins`, `allowedOrigins`).
  const holds = new RegExp(`(?<![\\w$.])${originText.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w$])`);
  const fromClient = (e: ts.Expression) => {
    const text = unwrap(e).getText(index.sf);
    return isOrigin(e) || holds.test(text) || /\b(?:req|request|ctx)\b|\bc\.req\b/.test(text) || requestData(index, e) !== undefined;
  };
  return { isOrigin, fromClient, depth };
}

/** Whether `call` runs only for an origin that passed a sound test: inside its `if`, or after an `if (!test) return/throw`. */
function checkedFirst(index: FileIndex, call: ts.Node, value: ts.Expression, fn: ts.Node | undefined, depth = 0): boolean {
  const by = predicates(index, value, depth);
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
  /** How many validators deep the test is judged (a validator calling another, or itself). */
  depth: number;
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
  const local = localFunctions(index, x.expression);
  if (local) return every(local.map((f) => validatorTest(index, f, x.arguments.findIndex(isOrigin), by.depth)));
  return ORIGIN_VALIDATOR.test(name) ? "sound" : undefined;
}

/** Loose if any is, sound if all are (and there is one), else undefined. */
function every(tests: (OriginTest | undefined)[]): OriginTest | undefined {
  return tests.includes("loose") ? "loose" : tests.length > 0 && tests.every((t) => t === "sound") ? "sound" : undefined;
}

/**
 * The functions a name may call when it is written in this file: every `function isAllowed(o) {…}`
 * of that name (the last one declared wins at run time), or a `const ok = (o) => …`. A `let`/`var`
 * may be assigned anything later: none to judge (not sound). Undefined when not written here.
 */
function localFunctions(index: FileIndex, name: ts.Expression): ts.FunctionLikeDeclaration[] | undefined {
  const callee = unwrap(name);
  if (!ts.isIdentifier(callee)) return undefined;
  const decl = index.resolve(callee);
  if (decl) {
    const init = ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
    if (!init || !isFunctionLike(init)) return undefined;
    return (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) !== 0 ? [init] : [];
  }
  const declared = index.of(ts.SyntaxKind.FunctionDeclaration).filter((f) => f.name?.text === callee.text && f.body);
  return declared.length > 0 ? declared : undefined;
}

/**
 * A validator written in this file is judged by what it returns for the origin, not by its name
 * (`function isAllowedOrigin(o) { return true }` checks nothing): every value it returns that may
 * be true must be a sound test of that parameter, or `true` behind one.
 */
function validatorTest(index: FileIndex, fn: ts.FunctionLikeDeclaration, at: number, depth: number): OriginTest | undefined {
  const param = fn.parameters[at]?.name;
  if (!param || !ts.isIdentifier(param) || !fn.body || depth >= 3) return undefined;
  const by = predicates(index, param, depth + 1);
  if (!ts.isBlock(fn.body)) return originTest(index, fn.body, by);
  const verdicts: (OriginTest | undefined)[] = [];
  walk(fn.body, (n) => {
    if (!ts.isReturnStatement(n) || enclosingFunction(n) !== fn || !n.expression || refuses(n.expression)) return;
    const always = unwrap(n.expression).kind === ts.SyntaxKind.TrueKeyword;
    verdicts.push(always ? (checkedFirst(index, n, param, fn, depth + 1) ? "sound" : undefined) : originTest(index, n.expression, by));
  });
  return verdicts.includes("loose") ? "loose" : verdicts.every((v) => v === "sound") ? "sound" : undefined;
}

/**
 * How an origin callback decides (cors, @fastify/cors, hono/cors, Koa): every origin it may allow,
 * by `callback(null, allow)` or by what it returns, must have passed a sound test. A request
 * without an Origin header (`!origin || …`) is not a cross-site one, so allowing it is fine.
 */
function callbackTest(index: FileIndex, fn: ts.FunctionLikeDeclaration): OriginTest | undefined {
  const [first, second] = fn.parameters;
  if (!first || !ts.isIdentifier(first.name) || !fn.body) return undefined;
  const judge = { index, fn, origin: first.name, by: predicates(index, first.name, 0) };
  const cb = second && ts.isIdentifier(second.name) ? second.name.text : undefined;
  const verdicts: Allow[] = [];
  if (!ts.isBlock(fn.body) && !calls(fn.body, cb)) verdicts.push(allowTest(judge, fn.body, fn.body));
  walk(fn.body, (n) => {
    if (cb && ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === cb) {
      verdicts.push(n.arguments[1] ? allowTest(judge, n.arguments[1], n) : "refuses");
    } else if (ts.isReturnStatement(n) && n.expression && enclosingFunction(n) === fn && !calls(n.expression, cb)) {
      verdicts.push(allowTest(judge, n.expression, n));
    }
  });
  const allows = verdicts.filter((v) => v !== "refuses");
  return allows.includes("loose") ? "loose" : allows.every((v) => v === "sound") ? "sound" : undefined;
}

type Allow = OriginTest | undefined | "refuses";
interface CallbackJudge {
  index: FileIndex;
  fn: ts.FunctionLikeDeclaration;
  origin: ts.Identifier;
  by: OriginPredicates;
}

function calls(e: ts.Expression, name: string | undefined): boolean {
  const x = unwrap(e);
  return !!name && ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === name;
}

/** What one value a callback allows with lets through: `true`/the origin/"*" need a sound test around them. */
function allowTest(j: CallbackJudge, value: ts.Expression, site: ts.Node): Allow {
  const x = unwrap(value);
  if (refuses(x)) return "refuses";
  if (x.kind === ts.SyntaxKind.TrueKeyword || j.by.isOrigin(x) || stringValue(x) === "*") {
    return checkedFirst(j.index, site, j.origin, j.fn) || whenAbsent(j, site) ? "sound" : undefined;
  }
  if (ts.isConditionalExpression(x)) {
    const no = allowTest(j, x.whenFalse, site);
    if (no !== "refuses") return undefined;
    const yes = allowTest(j, x.whenTrue, site);
    return yes === "refuses" || yes === "sound" ? yes : originTest(j.index, x.condition, j.by);
  }
  if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    const sides = [x.left, x.right].map((side) => (absent(j, side) ? "sound" : allowTest(j, side, site)));
    return sides.includes("loose") ? "loose" : sides.every((t) => t === "sound" || t === "refuses") ? "sound" : undefined;
  }
  if (ts.isIdentifier(x)) {
    const decl = j.index.resolve(x);
    const init = decl && ts.isVariableDeclaration(decl) && (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) !== 0 ? decl.initializer : undefined;
    // A local the callback computed is judged by what it holds; a name from outside (a list, a
    // setting) is the library's to match, unless it holds `true` or "*" (`cb(null, ALLOW_ALL)`).
    if (decl && decl.pos > j.fn.pos && decl.end < j.fn.end) return init ? allowTest(j, init, site) : undefined;
    if (decl && ts.isVariableDeclaration(decl) && !init) return undefined;
    if (init && (unwrap(init).kind === ts.SyntaxKind.TrueKeyword || stringValue(unwrap(init)) === "*")) return allowTest(j, init, site);
  }
  const test = originTest(j.index, x, j.by);
  if (test) return test;
  return j.by.fromClient(x) || !isStaticValue(x) ? undefined : "sound";
}

/** `!origin`, `origin === undefined`, `origin == null`: no Origin header, not a cross-site request. */
function absent(j: CallbackJudge, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isPrefixUnaryExpression(x)) return x.operator === ts.SyntaxKind.ExclamationToken && j.by.isOrigin(x.operand);
  if (!ts.isBinaryExpression(x)) return false;
  const eq = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(x.operatorToken.kind);
  const nothing = (side: ts.Expression) => refuses(side) || unwrap(side).kind === ts.SyntaxKind.UndefinedKeyword;
  return eq && ((j.by.isOrigin(x.left) && nothing(x.right)) || (j.by.isOrigin(x.right) && nothing(x.left)));
}

/** Whether `site` runs only when the request has no Origin header: inside `if (!origin)`. */
function whenAbsent(j: CallbackJudge, site: ts.Node): boolean {
  for (let from: ts.Node = site, n: ts.Node = site.parent; n && n !== j.fn; from = n, n = n.parent) {
    if (ts.isIfStatement(n) && n.thenStatement === from && absent(j, n.expression)) return true;
  }
  return false;
}

/** A list, a regex, a string or a name: a value the cors libraries match the origin against. */
function isStaticValue(x: ts.Expression): boolean {
  return ts.isArrayLiteralExpression(x) || ts.isRegularExpressionLiteral(x) || ts.isStringLiteralLike(x) || ts.isIdentifier(x) || ts.isPropertyAccessExpression(x);
}

/** `return false`, `return null`, `return undefined`, `""`: a value no origin passes with. */
function refuses(e: ts.Expression): boolean {
  const x = unwrap(e);
  return x.kind === ts.SyntaxKind.FalseKeyword || x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === "undefined") || stringValue(x) === "";
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
