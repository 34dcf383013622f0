// Request data in Express, Fastify, Koa, Hono, NestJS and AWS Lambda handlers behind API Gateway.
import { ts } from "ts-morph";
import type { FileIndex } from "../../analysis/typescript/file-index.js";
import { unwrap, unwrapAwait } from "../../analysis/typescript/expressions.js";
import { TRIVIA, accessGate, allOf, anyOf, wordGate } from "../../engine/rule-gate.js";

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
const REQUEST_OBJECTS = ["req", "request", "_req", "incomingRequest", "httpRequest"];
const REQUEST_NAMES = new RegExp(`^(?:${REQUEST_OBJECTS.join("|")})$`);
/** Koa's context, whose `query` and `params` are the request's. */
const KOA_CONTEXTS = ["ctx", "context"];
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

/** AWS Lambda (API Gateway): `event.body`, `event.queryStringParameters`, `event.pathParameters`, `event.headers`. */
const LAMBDA_PARTS: Readonly<Record<string, RequestPart>> = {
  body: "body",
  queryStringParameters: "query",
  multiValueQueryStringParameters: "query",
  rawQueryString: "query",
  pathParameters: "params",
  headers: "headers",
  multiValueHeaders: "headers",
  cookies: "cookies",
};
const LAMBDA_EVENTS = ["event", "evt", "apiEvent", "lambdaEvent"];
const LAMBDA_EVENT = new RegExp(`^(?:${LAMBDA_EVENTS.join("|")})$`);

/** Hono's request, on its context: `c.req`. */
const HONO_REQUEST = "req";

/**
 * What a file must hold for `requestData` to find request data in it (the rules' text gates): a
 * part's name (`req.body`, `{ body } = req`, Lambda's `event.pathParameters`), a NestJS decorator,
 * or Hono's `c.req`.
 */
export const REQUEST_DATA_TEXT: RegExp = wordGate([...PARTS, ...Object.keys(NEST_PARTS), ...Object.keys(LAMBDA_PARTS), HONO_REQUEST]);

const bodyOrQuery = (parts: Readonly<Record<string, RequestPart>>) => Object.keys(parts).filter((k) => parts[k] === "body" || parts[k] === "query");
/**
 * Text a whole request body or query needs (the mass-assignment gate): a request's, a Lambda event's
 * or a Koa context's part read as a property (`(req as any).body`, `ctx.request.body` too), a Hono `req.json()`-style call, a NestJS `@Body()` or
 * `@Query()` parameter, or `const { body } = req` (the key, and the request object as the value).
 */
export const WHOLE_BODY_OR_QUERY_GATE = anyOf(
  accessGate(REQUEST_OBJECTS, ["body", "query"]),
  accessGate(LAMBDA_EVENTS, bodyOrQuery(LAMBDA_PARTS)),
  accessGate(KOA_CONTEXTS, ["query"]),
  accessGate(["req"], bodyOrQuery(HONO_CALLS)),
  new RegExp(String.raw`@${TRIVIA}(?:${bodyOrQuery(NEST_PARTS).join("|")})(?![\w$])`),
  allOf(
    new RegExp(String.raw`(?<![\w$])(?:body|query)["'\`]?${TRIVIA}[,}:=]`),
    new RegExp(String.raw`(?:[=(>.]|(?<![\w$])await)${TRIVIA}(?:${REQUEST_OBJECTS.join("|")})(?![\w$])`),
  ),
);

function isRequestObject(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return REQUEST_NAMES.test(x.text);
  // Koa `ctx.request`; Hono `c.req` only through its methods.
  return ts.isPropertyAccessExpression(x) && x.name.text === "request" && ts.isIdentifier(unwrap(x.expression));
}

/** `req.body`, `request.query`, `ctx.request.body`, Koa `ctx.query`/`ctx.params`. */
function requestPartAccess(e: ts.PropertyAccessExpression): RequestPart | undefined {
  const name = e.name.text;
  const target0 = unwrap(e.expression);
  if (ts.isIdentifier(target0) && LAMBDA_EVENT.test(target0.text) && LAMBDA_PARTS[name]) return LAMBDA_PARTS[name];
  if (!PARTS.has(name)) return undefined;
  if (isRequestObject(e.expression)) return name as RequestPart;
  const target = unwrap(e.expression);
  // Koa's context: `ctx.body` is the response, but `ctx.query` and `ctx.params` are the request's.
  const koa = ts.isIdentifier(target) && KOA_CONTEXTS.includes(target.text) && (name === "query" || name === "params");
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
  if (!part || !ts.isPropertyAccessExpression(target) || target.name.text !== HONO_REQUEST) return undefined;
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
