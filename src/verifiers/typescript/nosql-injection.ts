// Request data reaching a MongoDB/Mongoose or Prisma filter as the client sent it: the whole
// body or query as the filter, a body field as a filter value without a cast, `$where` code
// built from values, a pattern from the request as `$regex`. JSON bodies (and Express 4's qs
// query strings) turn a "string" field into `{"$ne": null}`, which matches every document.
import { ts } from "ts-morph";
import { defineVerifier, type VerifierContext } from "../types.js";
import { allOf, memberGate, oneOf } from "../../engine/rule-gate.js";
import { calleeLabel, calleeName, enclosingFunction, isFunctionLike, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { objectLiteral, propertyName, propertyValue } from "../../analysis/typescript/literals.js";
import { ORM_CALL_TEXT, dbCall } from "../../knowledge/typescript/orm.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { REQUEST_DATA_TEXT, isValidatedNestParam, requestData, type RequestData } from "../../knowledge/typescript/request-data.js";
import { routeOf } from "../../knowledge/typescript/routes.js";
import { PLAIN, valueFlow } from "../../analysis/typescript/value-flow.js";

const MESSAGE_IDS = ["wholeFilter", "spreadFilter", "fieldValue", "where", "regex"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** Methods whose first argument is a filter, for Mongoose models and MongoDB collections. */
const FILTER_FIRST = new Set([
  ...["find", "findOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "findOneAndRemove"],
  ...["updateOne", "updateMany", "deleteOne", "deleteMany", "replaceOne", "countDocuments", "count", "exists", "remove", "where"],
]);
const PRISMA_WHERE = new Set(["findMany", "findFirst", "findFirstOrThrow", "findUnique", "findUniqueOrThrow", "updateMany", "deleteMany", "update", "delete", "upsert", "count", "aggregate", "groupBy"]);
const SANITIZER_MODULES = /^(?:express-)?mongo-sanitize$/;
/** Operators whose operand is compared as a value, never read as a filter: `{ $eq: x }`, Prisma `{ equals: x }`. */
const VALUE_OPERATORS = /^(?:\$\w+|equals|in|notIn|lt|lte|gt|gte|contains|startsWith|endsWith|has|hasSome|hasEvery|mode|search)$/;
const MAX_NESTED = 4;

/**
 * The file really sanitises filters: it imports express-mongo-sanitize / mongo-sanitize, or turns
 * on Mongoose's `sanitizeFilter` in code (`mongoose.set("sanitizeFilter", true)`, an option, a
 * call). Read from the tree, so the word in a comment switches nothing off.
 */
function sanitized(index: FileIndex): boolean {
  return index.once("sanitized", () =>
    [...index.modules].some((m) => SANITIZER_MODULES.test(m)) ||
    index.of(ts.SyntaxKind.CallExpression).some((c) => calleeName(c) === "sanitizeFilter") ||
    index.of(ts.SyntaxKind.StringLiteral).some((l) => l.text === "sanitizeFilter") ||
    index.of(ts.SyntaxKind.PropertyAssignment).some((p) => propertyName(p) === "sanitizeFilter"),
  );
}

export const verifier = defineVerifier({
  id: "typescript/nosql-injection",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  // Every sink is a method call by one of these names that dbCall knows as an ORM or MongoDB call
  // (ORM_CALL_TEXT), and every finding is request data in its filter, or `$where`.
  gate: allOf(memberGate([...FILTER_FIRST, ...PRISMA_WHERE, "distinct", "aggregate"]), oneOf(REQUEST_DATA_TEXT, /\$where/), ORM_CALL_TEXT),
  check: inLineOrder((ctx) => {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    if (sanitized(index)) return;
    // One finding per line: `{ email: req.body.email, password: req.body.password }` is one mistake.
    const lines = new Set<number>();
    const report: VerifierContext<MessageId>["report"] = (r) => {
      if (lines.has(r.line)) return;
      lines.add(r.line);
      ctx.report(r);
    };
    const once: VerifierContext<MessageId> = { ...ctx, report };
    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      const op = calleeName(call);
      if (!op) continue;
      const db = dbCall(index, call);
      if (!db || db.orm === "instance" || db.orm === "driver" || db.orm === "knex" || db.orm === "drizzle") continue;
      const sink = calleeLabel(sf, call.expression);
      if (db.orm === "prisma") {
        const args = objectLiteral(index, call.arguments[0]);
        const where = args && propertyValue(args, "where");
        if (PRISMA_WHERE.has(op) && where) checkFilter(once, index, where, sink, call, 0);
      } else if (FILTER_FIRST.has(op) && call.arguments[0]) {
        checkFilter(once, index, call.arguments[0], sink, call, 0);
      } else if (op === "distinct" && call.arguments[1]) {
        checkFilter(once, index, call.arguments[1], sink, call, 0);
      } else if (op === "aggregate") {
        const pipeline = call.arguments[0] && unwrap(call.arguments[0]);
        if (!pipeline || !ts.isArrayLiteralExpression(pipeline)) continue;
        for (const stage of pipeline.elements) {
          const match = ts.isObjectLiteralExpression(stage) ? propertyValue(stage, "$match") : undefined;
          if (match) checkFilter(once, index, match, `${sink} $match`, call, 0);
        }
      }
    }
  }),
});

function checkFilter(ctx: VerifierContext<MessageId>, index: FileIndex, filter: ts.Expression, sink: string, call: ts.CallExpression, depth: number): void {
  const sf = index.sf;
  const report = (messageId: MessageId, node: ts.Node, data: Record<string, string>) =>
    ctx.report({ messageId, line: lineOf(sf, node), data: { sink, ...data } });
  const whole = requestData(index, filter);
  if (whole?.whole && dangerousWhole(index, whole)) {
    report("wholeFilter", filter, { source: snippet(sf, whole.node), part: whole.part });
    return;
  }
  const object = objectLiteral(index, filter);
  if (!object || depth > MAX_NESTED) return;
  for (const p of object.properties) {
    if (ts.isSpreadAssignment(p)) {
      const spread = requestData(index, p.expression);
      if (spread?.whole && dangerousWhole(index, spread)) report("spreadFilter", p, { source: snippet(sf, spread.node), part: spread.part });
      continue;
    }
    const key = propertyName(p) ?? "";
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (!value) continue;
    if (key === "$where") {
      if (!isConstantCode(index, value)) report("where", p, { source: snippet(sf, value) });
      continue;
    }
    const v = unwrap(value);
    if (key === "$regex" || (ts.isNewExpression(v) && calleeName(v) === "RegExp")) {
      const pattern = key === "$regex" ? v : ts.isNewExpression(v) ? v.arguments?.[0] : undefined;
      const data = pattern && requestData(index, pattern);
      if (data && !validatedByFramework(index, call, data)) report("regex", p, { source: snippet(sf, data.node) });
      continue;
    }
    if (ts.isObjectLiteralExpression(v)) {
      checkFilter(ctx, index, v, sink, call, depth + 1);
      continue;
    }
    if (VALUE_OPERATORS.test(key)) continue;
    const field = requestData(index, value);
    if (field && !field.whole && fieldCanBeObject(index, field, call) && !typeChecked(sf, call, field)) {
      report("fieldValue", p, { source: snippet(sf, field.node), key, part: field.part });
    }
  }
}

/** A body or query object; route params and headers are strings whatever the client sends. */
function dangerousWhole(index: FileIndex, data: RequestData): boolean {
  return (data.part === "body" || data.part === "query") && !isValidatedNestParam(index, data);
}

/**
 * Whether a field can arrive as an object: JSON body fields can; query fields only where the
 * query string is parsed with nesting (Express 4's qs), not Koa's, Fastify's or Hono's parsers.
 */
function fieldCanBeObject(index: FileIndex, data: RequestData, call: ts.CallExpression): boolean {
  if (isValidatedNestParam(index, data) || validatedByFramework(index, call, data)) return false;
  if (data.part === "body") return true;
  if (data.part !== "query") return false;
  const text = data.node.getText(index.sf);
  const plainParser = /^(?:ctx|context)\./.test(text) || ts.isCallExpression(data.node) || index.once("plainQuery", () => [...index.modules].some((m) => /^(?:fastify|koa|@koa\/router|koa-router|hono)$/.test(m)));
  return !plainParser;
}

/** A Fastify route declaring a body/querystring schema: its values are type-checked before the handler. */
function validatedByFramework(index: FileIndex, call: ts.CallExpression, data: RequestData): boolean {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    if (!isFunctionLike(fn)) continue;
    let owner: ts.Node = fn.parent;
    if (ts.isPropertyAssignment(owner)) owner = owner.parent.parent;
    if (!ts.isCallExpression(owner)) continue;
    const route = routeOf(index, owner);
    const schema = route?.options && objectLiteral(index, propertyValue(route.options, "schema"));
    const key = data.part === "query" ? "querystring" : data.part;
    if (schema && (propertyValue(schema, key) || (data.part === "query" && propertyValue(schema, "query")))) return true;
  }
  return false;
}

/** `typeof email !== "string"` checked in the same function before the query. */
function typeChecked(sf: ts.SourceFile, call: ts.CallExpression, data: RequestData): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  const body = sf.text.slice(fn.pos, call.pos);
  const name = data.node.getText(sf).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`typeof\\s*\\(?\\s*${name}\\s*\\)?\\s*[!=]==?\\s*["'\`](?:string|number)`).test(body) || new RegExp(`(?:isValidObjectId|isValid|isMongoId|isString)\\(\\s*${name}\\s*\\)`).test(body);
}

/** `$where` given constant text (as the value flow sees it) or a function literal (no outside values) is fixed code. */
function isConstantCode(index: FileIndex, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (isFunctionLike(x) || ts.isFunctionExpression(x)) return true;
  // Text the flow only knows is safe by convention (an imported UPPER_CASE name) has no text: not shown fixed.
  const value = valueFlow(index, PLAIN).valueOf(x);
  return value.kind === "const" && value.text !== "";
}
