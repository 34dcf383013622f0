// Sensitive data leaving through the wrong door: stack traces and raw error objects sent in
// HTTP responses (they carry SQL, file paths, library versions and sometimes values), and
// passwords, tokens, secrets and Authorization/Cookie headers written to logs.
import { ts } from "ts-morph";
import { defineVerifier } from "../types.js";
import { TRIVIA, allOf, anyOf, callGate, chainRootGate, memberAssignGate, receiverMemberGate } from "../../engine/rule-gate.js";
import { nameWords } from "../names.js";
import { devOnly } from "../../analysis/typescript/dev-only.js";
import { calleeName, chainRoot, enclosingFunction, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { propertyName, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { requestData } from "../../knowledge/typescript/request-data.js";
import { RESPONSE_GATE, responsePayload } from "../../analysis/typescript/responses.js";
import { PLAIN, valueFlow, type Carried, type FindTest } from "../../analysis/typescript/value-flow.js";
import { walk } from "../../analysis/typescript/walk.js";
import { isSecretName } from "../../knowledge/secret-names.js";

const MESSAGE_IDS = ["stack", "rawError", "logged"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const ERROR_NAMES = /^(?:err|error|e|ex|exc|exception|caught|dbError|dbErr)$/;
const LOG_METHODS = new Set(["log", "info", "debug", "warn", "error", "trace", "fatal", "verbose", "silly", "http"]);
const LOGGER_ROOTS = ["console", "logger", "log", "Logger", "winston", "pino", "logging"];
const LOGGERS = new RegExp(`^(?:${LOGGER_ROOTS.join("|")}|this\\.logger|this\\.log)$`);
/** `fastify.log`, `req.log`, `ctx.logger`: a logger held as a property. */
const LOGGER_MEMBERS = ["log", "logger"];
const KOA_CONTEXTS = ["ctx", "context"];
/** Whose `body =` is Koa's response: the context, or its response. */
const KOA_BODY_OWNER = new RegExp(`^(?:${KOA_CONTEXTS.join("|")})(?:\\.response)?$`);
const NOT_A_VALUE = /^(?:has|is|should|needs|with|no|missing|invalid|valid|require|requires)[A-Z_]/;

export const verifier = defineVerifier({
  id: "typescript/info-exposure",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  // Sinks: a response method called, Koa's `ctx.body =`, a logger method called on a logger, `throw new …Exception(…)`
  // (the `new` straight after `throw`, the class name after it).
  gate: anyOf(
    RESPONSE_GATE,
    allOf(memberAssignGate(["body"]), chainRootGate(KOA_CONTEXTS)),
    allOf(callGate(LOG_METHODS), anyOf(chainRootGate(LOGGER_ROOTS), receiverMemberGate(LOGGER_MEMBERS))),
    new RegExp(String.raw`(?<![\w$])throw${TRIVIA}new(?![\w$])[\s\S]*?Exception(?![\w$])`),
  ),
  check: inLineOrder((ctx) => {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const reported = new Set<number>();
    const report = (node: ts.Node, messageId: MessageId, data: Record<string, string>) => {
      const line = lineOf(sf, node);
      if (reported.has(line)) return;
      reported.add(line);
      ctx.report({ messageId, line, data });
    };

    const flow = valueFlow(index, PLAIN);
    /** Whatever the value carries, followed through locals, string building and helpers. */
    const search = (value: ts.Expression, at: ts.Node, test: FindTest): ts.Node | undefined => {
      const { found, limited } = flow.find(value, test);
      if (!found && limited) ctx.incomplete(`line ${lineOf(sf, at)}: the value reaching \`${snippet(sf, at, 40)}\` is built through more nested helpers or steps than the analysis follows`);
      return found;
    };
    const response = (payload: ts.Expression, at: ts.Node, sink: string, fastify: boolean) => {
      if (devOnly(sf, at)) return;
      // A part that is only there in development (`isDev ? err.stack : undefined`) is not sent in production.
      const leak = search(payload, at, (x, carried) => (devOnly(sf, x) ? undefined : errorPart(index, x, carried, fastify)));
      const stack = leak !== undefined && ts.isPropertyAccessExpression(leak) && leak.name.text === "stack";
      if (leak) report(at, stack ? "stack" : "rawError", { value: snippet(sf, leak, 50), sink });
    };

    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      const payload = responsePayload(call);
      if (payload) {
        const root = chainRoot(call.expression) ?? "";
        for (const p of payload) response(p, call, snippet(sf, call.expression, 40), /^(?:reply|rep)$/.test(root));
        continue;
      }
      const name = calleeName(call);
      const receiver = receiverOf(call);
      if (!name || !receiver || !LOG_METHODS.has(name) || !isLogger(receiver)) continue;
      for (const arg of call.arguments) {
        const secret = search(arg, call, (x) => secretPart(index, x));
        if (secret) {
          report(call, "logged", { value: snippet(sf, secret, 50), logger: snippet(sf, call.expression, 30) });
          break;
        }
      }
    }

    // Koa: ctx.body = { error: err.stack }
    for (const b of index.of(ts.SyntaxKind.BinaryExpression)) {
      if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const left = unwrap(b.left);
      if (ts.isPropertyAccessExpression(left) && left.name.text === "body" && KOA_BODY_OWNER.test(left.expression.getText(sf))) {
        response(b.right, b, "ctx.body", false);
      }
    }

    // NestJS: throw new InternalServerErrorException(err.stack)
    for (const e of index.of(ts.SyntaxKind.NewExpression)) {
      const name = lastName(e.expression) ?? "";
      if (/Exception$/.test(name) && ts.isThrowStatement(e.parent)) {
        for (const arg of e.arguments ?? []) response(arg, e, `new ${name}`, false);
      }
    }
  }),
});

function isLogger(receiver: ts.Expression): boolean {
  const root = chainRoot(receiver) ?? "";
  if (LOGGERS.test(root)) return true;
  // fastify.log, request.log, req.log, app.log, ctx.logger
  const x = unwrap(receiver);
  return ts.isPropertyAccessExpression(x) && LOGGER_MEMBERS.includes(x.name.text);
}

/** A caught error (catch variable, or an error handler's error parameter) as a value. */
function isErrorValue(index: FileIndex, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (!ts.isIdentifier(x)) return false;
  const decl = index.resolve(x);
  if (!decl) return false;
  if (ts.isVariableDeclaration(decl)) return ts.isCatchClause(decl.parent);
  return ts.isParameter(decl) && ERROR_NAMES.test(x.text);
}

/**
 * `err.stack`, a database error's own details, or the raw error object inside a payload. Turned
 * into text an error gives only its message; Fastify's `reply.send(err)` serialises an Error to
 * `{ statusCode, error, message }` itself.
 */
function errorPart(index: FileIndex, x: ts.Expression, carried: Carried, fastify: boolean): ts.Node | undefined {
  if (ts.isPropertyAccessExpression(x)) {
    if (x.name.text === "stack") return x;
    // err.original, err.sql, err.parent (Sequelize), err.meta (Prisma): the database's own details.
    return /^(?:original|sql|parent|meta|errors|parameters)$/.test(x.name.text) && isErrorValue(index, x.expression) ? x : undefined;
  }
  if (!isErrorValue(index, x) || carried === "text") return undefined;
  return fastify && carried === "whole" ? undefined : x;
}

function secretName(name: string): boolean {
  return !NOT_A_VALUE.test(name) && isSecretName(name);
}

/**
 * A secret as it is (not its length, a hash of it or a check on it): a secret-named value, a whole
 * request body that carries a password, the request's headers, or an object key naming a secret.
 */
function secretPart(index: FileIndex, x: ts.Expression): ts.Node | undefined {
  if (ts.isIdentifier(x)) return secretName(x.text) && !namedTokenOnly(index, x) ? x : undefined;
  if (ts.isPropertyAccessExpression(x)) {
    if (secretName(x.name.text)) return x;
    const body = requestData(index, x);
    if (body?.whole && body.part === "body") {
      const fn = enclosingFunction(x);
      if (fn && /pass(?:word|wd)|secret/i.test(index.sf.text.slice(fn.pos, fn.end))) return x;
    }
    return body?.whole && body.part === "headers" ? x : undefined;
  }
  if (ts.isElementAccessExpression(x)) {
    const key = stringValue(x.argumentExpression);
    return key !== undefined && secretName(key) ? x : undefined;
  }
  if (!ts.isObjectLiteralExpression(x)) return undefined;
  for (const p of x.properties) {
    if (ts.isShorthandPropertyAssignment(p) && secretName(p.name.text)) return p;
    if (!ts.isPropertyAssignment(p)) continue;
    const value = unwrap(p.initializer);
    const literal = ts.isLiteralExpression(value) || value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword;
    if (!literal && secretName(propertyName(p) ?? "") && leakable(value)) return p;
  }
  return undefined;
}

/**
 * A bare `token` computed in plain sight from names or literals: a dependency-injection token,
 * a lexer token. A credential comes from a call, an await, the request or the environment.
 */
function namedTokenOnly(index: FileIndex, id: ts.Identifier): boolean {
  if (id.text !== "token") return false;
  const decl = index.resolve(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  let credential = false;
  walk(decl.initializer, (n) => {
    if (ts.isCallExpression(n) || ts.isAwaitExpression(n) || (ts.isPropertyAccessExpression(n) && n.name.text === "env")) credential = true;
    else if (ts.isExpression(n) && requestData(index, n)) credential = true;
  });
  return !credential;
}

/** A value that is the secret itself, not a length, a flag or a hash of it. */
function leakable(e: ts.Expression): boolean {
  if (!(ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e))) return ts.isTemplateExpression(e);
  const words = nameWords(lastName(e) ?? "");
  return !words.some((w) => /^(?:length|size|hash|hashed|masked|redacted|digest|count|exists|present|type)$/.test(w));
}
