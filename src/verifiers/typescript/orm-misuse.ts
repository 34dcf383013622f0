// ORM calls that run but do the wrong thing: writes with no filter (every row), schema
// auto-sync outside tests, database promises nobody awaits (lost writes), and work inside a
// transaction callback that escapes the transaction (the outer client, an injected repository,
// a Sequelize or Mongoose call without its `transaction`/`session` option).
import { ts } from "ts-morph";
import { defineVerifier, type Report } from "../types.js";
import { allOf, anyOf, keyGate, memberGate, wordGate } from "../../engine/rule-gate.js";
import { DEV_PATH, isTestOrSeedPath, devOnly } from "../../analysis/typescript/dev-only.js";
import { calleeName, chainCalls, chainMethods, chainRoot, enclosingFunction, isAsync, isChainTop, isFunctionLike, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { hasSpread, isTrue, objectLiteral, property, propertyName, propertyValue, stringValue } from "../../analysis/typescript/literals.js";
import { DB_CALL_TEXT, FLUSHES, SEQUELIZE_FIND_OPTIONS, SEQUELIZE_FINDERS, dbCall, importsMongoose, isModelName, isSequelizeFinder, type DbCall } from "../../knowledge/typescript/orm.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { walk } from "../../analysis/typescript/walk.js";

const MESSAGE_IDS = ["unbounded", "unboundedGeneric", "sync", "floating", "forEach", "txOuter", "txRepository", "txOption", "noWhere", "noFlush"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const MIGRATION_PATH = /(?:^|\/)(?:migrations?|seeds?|seeders?|scripts)\//;
/** The last call of a chain that can write without a filter: `deleteMany()`, `knex("t").del()`, `db.update(t).set(…)`. */
const UNBOUNDED_OPS = new Set(["deleteMany", "updateMany", "destroy", "update", "delete", "del", "clear", "truncate", "drop", "execute", "set", "returning", "transacting", "nativeDelete", "nativeUpdate"]);
/** Methods of a query client that run or start a query: knex, Drizzle, TypeORM's DataSource. */
const CLIENT_METHODS = /^(?:raw|select|insert|update|del|delete|from|table|into|query|execute|getRepository|createQueryBuilder)$/;
const TRANSACTIONS = ["$transaction", "transaction", "transactional", "withTransaction"];
const SYNC_FLAGS = ["force", "alter"] as const;
/** `synchronize: true`: the key, as written, before its colon (and the value `true` somewhere). */
const SCHEMA_SETTING = allOf(keyGate(["synchronize", "dropSchema"]), wordGate(["true"]));
const ORM_CONFIG_KEYS = ["type", "entities", "database", "url", "host", "autoLoadEntities", "migrations", "dialect"];
/** Where a Sequelize method takes its options: `Model.create(values, options)`, `Model.destroy(options)`. */
const SEQUELIZE_OPTIONS: Record<string, number> = {
  create: 1, bulkCreate: 1, update: 1, upsert: 1, increment: 1, decrement: 1, findByPk: 1, max: 1, min: 1, sum: 1, query: 1,
  destroy: 0, findOne: 0, findAll: 0, findOrCreate: 0, findAndCountAll: 0, count: 0, save: 0, reload: 0, restore: 0,
};
/** Where a Mongoose method takes its options (`{ session }`). */
const MONGOOSE_OPTIONS: Record<string, number> = {
  create: 1, insertMany: 1, save: 0, deleteOne: 1, deleteMany: 1, findById: 2, findOne: 2, find: 2,
  updateOne: 2, updateMany: 2, findOneAndUpdate: 2, findByIdAndUpdate: 2, findOneAndDelete: 1, findByIdAndDelete: 1, countDocuments: 1,
};

/** What the checks of one file share. */
interface Checking {
  index: FileIndex;
  sf: ts.SourceFile;
  report(node: ts.Node, r: Omit<Report<MessageId>, "line">): void;
  label(call: ts.CallExpression): string;
}

export const verifier = defineVerifier({
  id: "typescript/orm-misuse",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  // Every check starts at a database call dbCall recognises (DB_CALL_TEXT: its method and its
  // handle), a transaction method (whose callback may use the outer client, whatever its name),
  // a query builder's `execute`, `sync({ force | alter })`, or `synchronize: true`/`dropSchema: true`.
  gate: anyOf(
    DB_CALL_TEXT,
    allOf(
      memberGate(TRANSACTIONS, wordGate(["createQueryBuilder", "sync", "synchronize", "dropSchema"])),
      anyOf(memberGate(TRANSACTIONS), wordGate(["createQueryBuilder"]), allOf(wordGate(["sync"]), wordGate(SYNC_FLAGS)), SCHEMA_SETTING),
    ),
  ),
  check(ctx) {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const inTests = isTestOrSeedPath(ctx.path);
    const reported = new Map<string, Report<MessageId>>();
    const report = (node: ts.Node, r: Omit<Report<MessageId>, "line">) => {
      const line = lineOf(sf, node);
      const key = `${r.messageId}:${line}`;
      if (!reported.has(key)) reported.set(key, { ...r, line });
    };
    const label = (call: ts.CallExpression) => snippet(sf, call, 70);
    const checking: Checking = { index, sf, report, label };

    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      const name = calleeName(call);
      if (!name) continue;
      if (UNBOUNDED_OPS.has(name) && !inTests && !MIGRATION_PATH.test(ctx.path) && isChainTop(call)) {
        const what = unbounded(index, call);
        if (what) report(call, { messageId: tableFromParameter(index, call) ? "unboundedGeneric" : "unbounded", data: { call: label(call), what } });
      }
      if (!inTests && !DEV_PATH.test(ctx.path) && name === "sync" && !devOnly(sf, call)) {
        const opts = objectLiteral(index, call.arguments[0]);
        const flag = opts && SYNC_FLAGS.find((k) => {
          const v = propertyValue(opts, k);
          return v && (isTrue(v) || ts.isObjectLiteralExpression(unwrap(v)));
        });
        if (flag) report(call, { messageId: "sync", data: { setting: `sync({ ${flag}: true })` } });
      }
      if (SEQUELIZE_FINDERS.has(name) && isSequelizeFinder(index, call)) droppedFilter(checking, call, name);
      if (TRANSACTIONS.includes(name) && call.arguments.length > 0) {
        transaction(checking, call, name);
      }
      if (name === "forEach") lostInForEach(checking, call);
      if ((name === "persist" || name === "remove") && dbCall(index, call)?.marks) unflushed(checking, call);
      if ((name === "forEach" || name === "map") && async(call.arguments[0])) {
        const standalone = name === "forEach" || ts.isExpressionStatement(call.parent);
        if (standalone && writesInside(index, call.arguments[0] as ts.Expression)) report(call, { messageId: "forEach", data: { call: `${snippet(sf, call.expression, 40)}(async …)` } });
      }
    }

    if (!inTests && !DEV_PATH.test(ctx.path)) {
      for (const p of index.of(ts.SyntaxKind.PropertyAssignment)) {
        // The key's name in any spelling: quoted, computed or escaped (`"synchronize": true`).
        const key = propertyName(p);
        if ((key !== "synchronize" && key !== "dropSchema") || !isTrue(p.initializer) || devOnly(sf, p)) continue;
        const obj = p.parent;
        if (ORM_CONFIG_KEYS.some((k) => property(obj, k))) report(p, { messageId: "sync", data: { setting: `${key}: true` } });
      }
    }

    for (const st of index.of(ts.SyntaxKind.ExpressionStatement)) floating(checking, st);

    // The checks run in several passes; findings go out in line order.
    for (const r of [...reported.values()].sort((a, b) => a.line - b.line)) ctx.report(r);

  },
});

/** A database write whose promise nobody awaits, returns or collects. */
function floating(c: Checking, st: ts.ExpressionStatement): void {
  const outer = unwrap(st.expression);
  // `void p` says the promise is left on purpose: only a lazy query, which then never runs, is wrong.
  const voided = ts.isVoidExpression(outer);
  const e = voided ? unwrap(outer.expression) : outer;
  if (!ts.isCallExpression(e) || /^(?:then|catch|finally)$/.test(calleeName(e) ?? "")) return;
  const write = chainCalls(e).map((x) => dbCall(c.index, x)).find((d): d is DbCall => !!d?.write && d.promise);
  if (!write) return;
  // `.exec()` sends a Mongoose query; without it (or an await) a lazy query is never sent.
  const lazy = chainMethods(e).includes("exec") ? undefined : write.lazy;
  const inAsync = isAsync(enclosingFunction(st));
  if (voided && !lazy) return;
  // Outside async functions only a lazy query is certainly lost; a Mongoose call given a callback runs (Mongoose 6).
  if (!inAsync && (!lazy || (lazy === "Mongoose" && e.arguments.some((a) => isFunctionLike(a))))) return;
  const effect = lazy ? neverSent(lazy) : "so the write can fail silently or finish after the response";
  c.report(st, { messageId: "floating", data: { call: c.label(e), effect, where: inAsync ? "async function" : "function" } });
}

const neverSent = (lazy: string) => `so the query is never sent: ${lazy} only builds it, and runs it when it is awaited or \`.then\`-ed`;

/** MikroORM `em.persist(user)` in a function that never flushes, runs in no `transactional` scope and has no `@Transactional()`. */
function unflushed(c: Checking, call: ts.CallExpression): void {
  for (let n: ts.Node | undefined = call.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) && FLUSHES.has(calleeName(n) ?? "")) return;
    const decorators = ts.canHaveDecorators(n) ? (ts.getDecorators(n) ?? []) : [];
    if (decorators.some((d) => /^Transactional\b/.test(d.expression.getText(c.sf)))) return;
    if (!ts.isFunctionLike(n)) continue;
    let flushes = false;
    walk(n, (x) => {
      if (!flushes && ts.isCallExpression(x) && FLUSHES.has(calleeName(x) ?? "")) flushes = true;
    });
    if (flushes) return;
    if (!ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) break;
  }
  c.report(call, { messageId: "noFlush", data: { call: c.label(call) } });
}

/** `ids.forEach((id) => prisma.user.delete(…))`: forEach drops the lazy query its callback returns. */
function lostInForEach(c: Checking, call: ts.CallExpression): void {
  const fn = call.arguments[0] && unwrap(call.arguments[0]);
  if (!fn || !ts.isArrowFunction(fn) || isAsync(fn) || ts.isBlock(fn.body)) return;
  const body = unwrap(fn.body);
  if (!ts.isCallExpression(body) || chainMethods(body).includes("exec")) return;
  const lazy = chainCalls(body).map((x) => dbCall(c.index, x)).find((d) => d?.write && d.lazy)?.lazy;
  if (lazy) c.report(body, { messageId: "floating", data: { call: c.label(body), effect: neverSent(lazy), where: "`forEach` callback" } });
}

function transaction(c: Checking, call: ts.CallExpression, name: string): void {
  const { index, sf, report, label } = c;
  const receiver = receiverOf(call);
  const fn = call.arguments.map((a) => unwrap(a)).find(isFunctionLike);
  if (!receiver || !fn) return;
  const outer = chainRoot(receiver);
  const paramNode = fn.parameters[0]?.name;
  const param = paramNode && ts.isIdentifier(paramNode) ? paramNode.text : undefined;
  const tx = `${snippet(sf, call.expression, 40)}(…)`;
  if (name === "withTransaction") {
    const session = outer;
    if (session) missingOption(c, fn, "session", session, tx, MONGOOSE_OPTIONS);
    return;
  }
  // Mongoose `connection.transaction(async (session) => …)`, unless AsyncLocalStorage passes the session.
  if (name === "transaction" && param && importsMongoose(index)) {
    if (!setsOption(index, "transactionAsyncLocalStorage")) missingOption(c, fn, "session", param, tx, MONGOOSE_OPTIONS);
    return;
  }
  if (/sequelize/i.test(receiver.getText(sf))) {
    // Sequelize.useCLS(ns) passes the transaction implicitly: a real call, not the word.
    const cls = index.once("useCLS", () => index.of(ts.SyntaxKind.CallExpression).some((c) => calleeName(c) === "useCLS"));
    if (param && !cls) missingOption(c, fn, "transaction", param, tx, SEQUELIZE_OPTIONS);
    return;
  }
  if (!param || !outer) return;
  walk(fn.body, (node) => {
    if (!ts.isCallExpression(node) || !isChainTop(node)) return;
    const inner = calleeName(node);
    if (inner === "$transaction" || inner === "transaction") return;
    const root = chainRoot(node.expression);
    const calls = chainCalls(node);
    const db = calls.map((c) => dbCall(index, c)).find((d) => d !== undefined);
    // `knex("t")…`, `knex.raw(…)`: the client itself; `knex.fn.now()` only builds a value.
    const first = calls.at(-1);
    const firstName = first ? calleeName(first) ?? "" : "";
    const direct = first !== undefined && (unwrap(first.expression).getText(sf) === outer || CLIENT_METHODS.test(firstName));
    if (root === outer && (db || direct)) {
      report(node, { messageId: "txOuter", data: { call: label(node), tx, outer, param } });
    } else if (db?.orm === "repository" && root && /Repository$|Repo$/.test(root) && boundOutside(index, node, fn)) {
      report(node, { messageId: "txRepository", data: { call: label(node), tx, param } });
    }
  });
}

/** What each Sequelize finder does when its options carry no `where`. */
const UNFILTERED: Record<string, string> = {
  findOne: "returns the first row of the table, whoever it belongs to",
  findAll: "returns every row of the table",
  findAndCountAll: "returns and counts every row of the table",
  count: "counts every row of the table",
};

/** `User.findOne({ email })`: Sequelize reads only its options, so a bare condition is silently dropped. */
function droppedFilter(c: Checking, call: ts.CallExpression, op: string): void {
  const opts = objectLiteral(c.index, call.arguments[0]);
  if (!opts || hasSpread(opts)) return;
  const where = propertyValue(opts, "where");
  // `where: {}` filters nothing either.
  if (where && !isEmptyObject(where)) return;
  const names = opts.properties.map((p) => propertyName(p));
  if (names.some((n) => n === undefined)) return;
  const keys = names.filter((n): n is string => n !== "where" && !SEQUELIZE_FIND_OPTIONS.has(n as string));
  if (keys.length === 0) return;
  c.report(call, { messageId: "noWhere", data: { call: c.label(call), keys: keys.join(", "), op, effect: UNFILTERED[op] ?? "ignores them" } });
}

/** A repository from outside the callback: injected (`this.userRepository`), imported, or made before it. */
function boundOutside(index: FileIndex, call: ts.CallExpression, fn: ts.Node): boolean {
  let e: ts.Expression = call.expression;
  for (let hop = 0; hop < 200 && !ts.isIdentifier(e); hop++) {
    const x = unwrap(e);
    if (ts.isPropertyAccessExpression(x) && unwrap(x.expression).kind === ts.SyntaxKind.ThisKeyword) return true;
    if (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) || ts.isCallExpression(x)) e = x.expression;
    else return false;
  }
  if (!ts.isIdentifier(e)) return false;
  const decl = index.resolve(e);
  if (!decl) return index.imports.has(e.text);
  return decl.pos < fn.pos || decl.end > fn.end;
}

/** A real `x.set("option", …)` call (not the word in a comment). */
function setsOption(index: FileIndex, option: string): boolean {
  return index.of(ts.SyntaxKind.CallExpression).some((c) => calleeName(c) === "set" && stringValue(c.arguments[0]) === option);
}

function isEmptyObject(e: ts.Expression): boolean {
  const o = unwrap(e);
  return ts.isObjectLiteralExpression(o) && o.properties.length === 0;
}

function missingOption(c: Checking, fn: ts.ArrowFunction | ts.FunctionExpression, key: string, value: string, tx: string, positions: Record<string, number>): void {
  const { index, report, label } = c;
  walk(fn.body, (node) => {
    if (!ts.isCallExpression(node)) return;
    const op = calleeName(node) ?? "";
    const at = positions[op];
    const receiver = receiverOf(node);
    if (at === undefined || !receiver) return;
    const db = dbCall(index, node);
    const isSequelizeQuery = op === "query" && /sequelize/i.test(chainRoot(receiver) ?? "");
    if (!isSequelizeQuery && (!db || (db.orm !== "model" && db.orm !== "instance" && !isModelName(index, receiver)))) return;
    // Mongoose also takes the session from a chained `.session(session)`.
    if (key === "session" && chainMethods(outermost(node)).includes("session")) return;
    const opts = node.arguments[at];
    if (opts) {
      const object = unwrap(opts);
      if (!ts.isObjectLiteralExpression(object) || property(object, key) || hasSpread(object)) return;
    }
    report(node, { messageId: "txOption", data: { call: label(node), tx, key, param: value } });
  });
}

function outermost(call: ts.CallExpression): ts.CallExpression {
  let cur = call;
  for (let hop = 0; hop < 200; hop++) {
    const access = cur.parent;
    const next = access?.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || !next || !ts.isCallExpression(next)) return cur;
    cur = next;
  }
  return cur;
}

function async(e: ts.Expression | undefined): boolean {
  const x = e && unwrap(e);
  return !!x && isFunctionLike(x) && isAsync(x);
}

function writesInside(index: FileIndex, fn: ts.Expression): boolean {
  let found = false;
  walk(fn, (node) => {
    if (!found && ts.isCallExpression(node) && dbCall(index, node)?.write) found = true;
  });
  return found;
}

/** Calls whose first argument names the table or entity a chain writes to. */
const TABLE_ARGUMENT = new Set(["from", "createQueryBuilder", "getRepository", "clear", "nativeDelete", "nativeUpdate", "table", "into"]);

/**
 * The table the chain writes to is a parameter of the enclosing function (`clear(target)`,
 * `knex(table).del()`): a utility whose job is to empty whatever table its caller names, so the
 * unfiltered write is the caller's decision, which this file does not show.
 */
function tableFromParameter(index: FileIndex, call: ts.CallExpression): boolean {
  const calls = chainCalls(call);
  const builder = calls.some((c) => calleeName(c) === "createQueryBuilder");
  return calls.some((c) => {
    const name = calleeName(c);
    const arg = c.arguments[0] && unwrap(c.arguments[0]);
    // The query builder's `.update(Entity)` names the table; elsewhere `update`'s first argument is data.
    const named = name !== undefined && (TABLE_ARGUMENT.has(name) || (builder && name === "update") || !receiverOf(c));
    if (!named || !arg || !ts.isIdentifier(arg)) return false;
    const decl = index.resolve(arg);
    // Without a default: `table = Session` lets the function empty a table its callers never name.
    return decl !== undefined && ts.isParameter(decl) && !decl.initializer;
  });
}

/** What an unfiltered write does, or undefined when it has a filter (or one cannot be seen). */
function unbounded(index: FileIndex, call: ts.CallExpression): string | undefined {
  const calls = chainCalls(call);
  const db = calls.map((c) => dbCall(index, c)).find((d): d is DbCall => !!d?.write);
  const op = calleeName(call) ?? "";
  const first = call.arguments[0];
  const empty = (e: ts.Expression | undefined) => {
    const o = e && unwrap(e);
    return !!o && ts.isObjectLiteralExpression(o) && o.properties.length === 0;
  };
  const noWhere = (e: ts.Expression | undefined) => {
    const o = objectLiteral(index, e);
    if (!e) return true;
    if (!o || hasSpread(o)) return false;
    const where = propertyValue(o, "where");
    return !where || empty(where);
  };
  // TypeORM query builder: `.createQueryBuilder().delete().from(User).execute()`.
  if (op === "execute") {
    const methods = chainMethods(call);
    const writing = methods.includes("delete") || (methods.includes("update") && methods.includes("set"));
    if (methods.includes("createQueryBuilder") && writing && !methods.some((m) => /^(?:where|andWhere|orWhere|whereInIds|whereEntity)$/.test(m))) {
      return "deletes or updates through the query builder without `.where(…)`, so it applies to";
    }
    return undefined;
  }
  if (!db) return undefined;
  switch (db.orm) {
    case "prisma":
      if ((db.op === "deleteMany" || db.op === "updateMany") && noWhere(first)) return `runs \`${db.op}\` without a \`where\`, so it applies to`;
      return undefined;
    case "model":
    case "collection":
      if ((op === "deleteMany" || op === "updateMany") && (!first || empty(first))) return `runs \`${op}\` with an empty filter, so it applies to`;
      if (op === "destroy") {
        const o = objectLiteral(index, first);
        if (o && isTrue(propertyValue(o, "truncate"))) return "truncates the table (`truncate: true`), removing";
        if (o && empty(propertyValue(o, "where"))) return "destroys with `where: {}`, removing";
      }
      if (op === "update" && db.orm === "model") {
        const opts = objectLiteral(index, call.arguments[1]);
        if (opts && empty(propertyValue(opts, "where"))) return "updates with `where: {}`, changing";
      }
      if (op === "truncate" || op === "drop") return `calls \`${op}()\`, removing`;
      return undefined;
    case "repository": {
      if ((op === "delete" || op === "update") && empty(first)) return `calls \`${op}({})\` with empty criteria, applying to`;
      const receiver = receiverOf(call);
      const manager = /^(?:manager|entityManager|em)$/.test(receiver ? (lastName(receiver) ?? "") : "");
      if (op === "clear" && (manager ? call.arguments.length === 1 : call.arguments.length === 0)) return "calls `clear()`, which truncates the table and removes";
      // MikroORM: `em.nativeDelete(User, {})`, `userRepository.nativeUpdate({}, data)`.
      if ((op === "nativeDelete" || op === "nativeUpdate") && empty(call.arguments[manager ? 1 : 0])) return `calls \`${op}\` with empty criteria, applying to`;
      return undefined;
    }
    case "knex":
    case "drizzle": {
      const methods = chainMethods(call);
      if (methods.includes("truncate")) return "truncates the table, removing";
      const writing = methods.some((m) => m === "del" || m === "delete" || m === "update");
      if (writing && !methods.some((m) => /^(?:(?:and|or)?[wW]here\w*|modify)$/.test(m))) return "deletes or updates without a `where`, so it applies to";
      return undefined;
    }
    default:
      return undefined;
  }
}
