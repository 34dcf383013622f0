// The request body (or query) written to the database whole: `User.create(req.body)`,
// `prisma.user.update({ data: req.body })`, `repository.save({ ...req.body })`,
// `Object.assign(user, req.body)`. Whatever keys the client adds (`role`, `isAdmin`, `ownerId`,
// `balance`) become columns. A NestJS body typed with a DTO class is trusted (ValidationPipe).
import { ts } from "ts-morph";
import { defineVerifier } from "../types.js";
import { calleeLabel, calleeName, enclosingFunction, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { objectLiteral, propertyValue } from "../../analysis/typescript/literals.js";
import { dbCall, isModelInstance, isModelName } from "../../knowledge/typescript/orm.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { WHOLE_BODY_OR_QUERY_GATE, isValidatedNestParam, requestData, type RequestData } from "../../knowledge/typescript/request-data.js";

/** Which argument holds the values, per ORM and method. */
const MODEL_DATA: Record<string, number> = {
  create: 0, build: 0, insertMany: 0, bulkCreate: 0, upsert: 0, insert: 0,
  updateOne: 1, updateMany: 1, findOneAndUpdate: 1, findByIdAndUpdate: 1, replaceOne: 1, findOneAndReplace: 1,
};
const REPOSITORY_DATA: Record<string, number> = { save: 0, insert: 0, create: 0, upsert: 0, preload: 0, update: 1, merge: 1, assign: 1 };
const COLLECTION_DATA: Record<string, number> = { insertOne: 0, insertMany: 0, updateOne: 1, updateMany: 1, replaceOne: 1, findOneAndUpdate: 1, findOneAndReplace: 1 };
const PRISMA_KEYS: Record<string, string[]> = {
  create: ["data"], createMany: ["data"], createManyAndReturn: ["data"], update: ["data"], updateMany: ["data"], upsert: ["create", "update"],
};
/** Every method that can write its argument: anything else is skipped before any analysis. */
const WRITERS = new Set([
  ...Object.keys(MODEL_DATA), ...Object.keys(REPOSITORY_DATA), ...Object.keys(COLLECTION_DATA), ...Object.keys(PRISMA_KEYS),
  ...["insert", "update", "values", "set", "upsert", "assign", "merge", "extend", "defaults", "defaultsDeep", "mergeWith", "assignIn"],
]);
const MERGE_FUNCTIONS = /^(?:assign|merge|extend|defaults|defaultsDeep|mergeWith|assignIn)$/;
/** Mongo update operators that set fields from their operand. */
const SET_OPERATORS = ["$set", "$setOnInsert"];

export const verifier = defineVerifier({
  id: "typescript/mass-assignment",
  languages: ["typescript", "javascript"],
  messageIds: ["whole", "spread"],
  // Only a whole body or query is reported: the gate is how requestData reads one.
  gate: WHOLE_BODY_OR_QUERY_GATE,
  check: inLineOrder((ctx) => {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const seen = new Set<ts.Node>();
    const flag = (sink: string, value: ts.Expression | undefined, at: ts.Node) => {
      const found = value && bodyIn(index, value);
      if (!found || seen.has(found.node)) return;
      seen.add(found.node);
      const data = { sink, source: snippet(sf, found.node), part: found.part };
      ctx.report({ messageId: found.spread ? "spread" : "whole", line: lineOf(sf, at), data });
    };

    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      const op = calleeName(call);
      if (!op || !WRITERS.has(op)) continue;
      const receiver = receiverOf(call);
      const sink = calleeLabel(sf, call.expression);
      // Object.assign(user, req.body), _.merge(entity, req.body), into an entity that is then saved.
      if (isMerge(index, call, op, receiver)) {
        const target = call.arguments[0] && unwrap(call.arguments[0]);
        const sources = call.arguments.slice(1).filter((a) => bodyIn(index, a));
        if (target && sources.length > 0 && isEntity(index, target, call)) {
          for (const arg of sources) flag(`${sink}(${snippet(sf, target, 30)}, …)`, arg, call);
        }
        continue;
      }
      if (!receiver) continue;
      const db = dbCall(index, call);
      if (db?.orm === "prisma") {
        const args = objectLiteral(index, call.arguments[0]);
        for (const key of PRISMA_KEYS[op] ?? []) flag(sink, args && propertyValue(args, key), call);
        continue;
      }
      if (db?.orm === "knex" || db?.orm === "drizzle") {
        if (["insert", "update", "values", "set", "upsert"].includes(op)) flag(sink, call.arguments[0], call);
        continue;
      }
      let at: number | undefined;
      if (db?.orm === "model" || (op === "build" && isModelName(index, receiver))) {
        at = MODEL_DATA[op];
        // Sequelize `Model.update(values, { where })`, Mongoose `Model.update(filter, doc)`.
        if (op === "update") {
          const second = objectLiteral(index, call.arguments[1]);
          at = second && propertyValue(second, "where") ? 0 : 1;
        }
        // Sequelize's `fields` option limits the columns written.
        const opts = objectLiteral(index, call.arguments[(at ?? 0) + 1]);
        if (opts && propertyValue(opts, "fields")) continue;
      } else if (db?.orm === "repository" || (op === "assign" && /^(?:em|entityManager|manager)$/.test(lastName(receiver) ?? ""))) {
        at = REPOSITORY_DATA[op];
        // `manager.save(User, body)`, `em.create(User, body)`: the entity class comes first.
        const first = call.arguments[0];
        if (at === 0 && call.arguments.length >= 2 && first && ts.isIdentifier(unwrap(first)) && /^[A-Z]/.test(unwrap(first).getText(sf))) at = 1;
      } else if (db?.orm === "collection") {
        at = COLLECTION_DATA[op];
      } else if ((op === "set" || op === "update" || op === "assign") && isEntity(index, unwrap(receiver), call)) {
        // Mongoose/Sequelize `user.set(body)`, `user.update(body)`; MikroORM `wrap(user).assign(body)`.
        at = 0;
      }
      if (at !== undefined) flag(sink, call.arguments[at], call);
    }

    for (const e of index.of(ts.SyntaxKind.NewExpression)) {
      if (isModelName(index, e.expression)) flag(`new ${calleeLabel(sf, e.expression)}`, e.arguments?.[0], e);
    }
  }),
});

const MERGE_MODULES = /^(?:lodash(?:\/\w+)?|lodash-es|lodash\.\w+|underscore|deepmerge)$/;

function isMerge(index: FileIndex, call: ts.CallExpression, op: string, receiver: ts.Expression | undefined): boolean {
  if (call.arguments.length < 2) return false;
  const owner = receiver ? lastName(receiver) : undefined;
  if (owner === "Object") return op === "assign";
  if (owner === "_" || owner === "lodash") return MERGE_FUNCTIONS.test(op);
  return !receiver && MERGE_FUNCTIONS.test(op) && MERGE_MODULES.test(index.imports.get(op) ?? "");
}

/**
 * An object that is (or becomes) a database row: a model instance loaded or built in this
 * function, `wrap(entity)`, or a local that is saved after the call (`user.save()`, `repo.save(user)`).
 */
function isEntity(index: FileIndex, target: ts.Expression, call: ts.CallExpression): boolean {
  if (ts.isCallExpression(target)) return calleeName(target) === "wrap";
  if (!ts.isIdentifier(target)) return false;
  if (isModelInstance(index, target)) return true;
  const fn = enclosingFunction(call);
  if (!fn) return false;
  const after = index.sf.text.slice(call.end, fn.end);
  const name = target.text.replace(/\$/g, "\\$");
  return new RegExp(`\\b${name}\\.(?:save|update|persist)\\(|\\b(?:save|persist|persistAndFlush|insert|upsert)\\(\\s*(?:\\w+\\s*,\\s*)?${name}\\b`).test(after);
}

interface Found extends RequestData {
  spread: boolean;
}

/** The whole request body or query in a value written to the database, directly, spread, or under `$set`. */
function bodyIn(index: FileIndex, value: ts.Expression, depth = 0): Found | undefined {
  const whole = requestData(index, value);
  if (whole) return dangerous(index, whole) ? { ...whole, spread: false } : undefined;
  const object = objectLiteral(index, value);
  if (!object || depth > 2) return undefined;
  for (const p of object.properties) {
    if (ts.isSpreadAssignment(p)) {
      const spread = requestData(index, p.expression);
      if (spread && dangerous(index, spread)) return { ...spread, spread: true };
    }
  }
  for (const key of SET_OPERATORS) {
    const v = propertyValue(object, key);
    const inner = v && bodyIn(index, v, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

function dangerous(index: FileIndex, data: RequestData): boolean {
  return data.whole && (data.part === "body" || data.part === "query") && !isValidatedNestParam(index, data);
}
