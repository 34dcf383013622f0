// Database calls: ORM, query builder and driver vocabulary, and what each call does.
import { ts } from "ts-morph";
import { ORMS } from "../../engine/contracts/knowledge.js";
import type { FileIndex } from "../../analysis/typescript/file-index.js";
import { calleeName, chainMethods, chainRoot, lastName, receiverOf, unwrap, unwrapAwait } from "../../analysis/typescript/expressions.js";
import { stringValue, templateHead } from "../../analysis/typescript/literals.js";
import { allOf, anyOf, caseless, memberGate, moduleGate, modulePathGate, nameGate, receiverGate } from "../../engine/rule-gate.js";

type Orm = "prisma" | "model" | "repository" | "knex" | "drizzle" | "collection" | "driver" | "instance";

export interface DbCall {
  orm: Orm;
  op: string;
  /** Changes stored data when it runs (a unit-of-work mark is not: its flush is). */
  write: boolean;
  /** Returns a promise (or a thenable query) that must be awaited for the call to finish. */
  promise: boolean;
  /** A MikroORM unit-of-work mark (`persist`, `remove`): written only by a later `flush()`. */
  marks?: boolean;
  /** The library that only builds the query and sends it when it is awaited or `.then`-ed: un-awaited, it never runs. */
  lazy?: "Prisma" | "knex" | "Drizzle" | "Mongoose";
}

/** ORMs whose models are classes: in a file importing one, a capitalised `User.create(…)` is a model call. */
const MODEL_ORMS = [...ORMS.typeorm.modules, ...ORMS.sequelize.modules, ...ORMS.mongoose.modules, ...ORMS["mikro-orm"].modules, "objection"];
/** Model-style data modules the contracts do not name (they know ORMs by how to query, not by their models). */
const OTHER_MODEL_MODULES = ["mongodb", "@typegoose/typegoose", "waterline", "bookshelf", "dynamoose"];

function isOrmModule(module: string): boolean {
  return [...MODEL_ORMS, ...OTHER_MODEL_MODULES].some((m) => (m.endsWith("/") ? module.startsWith(m) && module.length > m.length : module === m));
}

const GLOBALS = new Set(
  "Object Array Promise Reflect JSON Math Date Buffer Map Set WeakMap WeakSet Intl Symbol Number String Boolean Error URL URLSearchParams Proxy React Vue Atomics BigInt RegExp Function Response Request Headers FormData Blob File Event EventTarget AbortController Worker Stream Readable Writable Transform Logger Test Nest NestFactory Module Injectable Controller Sequelize DataSource Schema Types Model Router Hono Fastify Koa".split(" "),
);
const MODEL_PATH = /(?:^|\/)(?:models?|entities|entity|schemas?|db|database|orm)(?:\/|$)|\.(?:model|entity|schema)(?:\.[jt]s)?$/i;
const PRISMA_ROOT = /^(?:this\.)?(?:prisma\w*|\w*Prisma\w*)$/i;
/** Names a Prisma client often goes by; only in a file that shows Prisma somewhere. */
const PRISMA_ALIASES = /^(?:this\.)?(?:db|tx|trx|client|database|orm|prismaTx)$/;
/** In a file showing Prisma this way (or importing it), a client may go by one of PRISMA_ALIASES. */
const PRISMA_SHOWN = /\$transaction|Prisma/;
const PRISMA_MODULE = /prisma/i;
/** A model by its name (`this.userModel`, `UserModel`), or a capitalised model read from these (`models.User`). */
const MODEL_NAME = /Model$/;
const MODEL_OWNER = /^(?:models?|db|database|this\.models?)$/;
const KNEX_ROOT = /^(?:this\.)?(?:knex|db|trx|tx|database|k|qb|pg|mysql|sql|conn|connection)$/i;
const DRIVER_ROOT = /^(?:this\.)?(?:pool|client|db|conn|connection|pg|mysql|sqlite|database|trx|tx)$|(?:Pool|Db|DB|Client|Connection)$/;
const REPOSITORY = /(?:Repository|Repo)$|^(?:repo|repository|manager|entityManager|em|queryRunner)$/i;
const COLLECTION = /(?:Collection|collection)$/;
/** Calls that write what the unit of work holds (or a scope that flushes it on its own). */
export const FLUSHES: ReadonlySet<string> = new Set(["flush", "persistAndFlush", "removeAndFlush", "transactional", "commit"]);
/** MikroORM's synchronous unit-of-work methods: they mark entities (or empty the identity map); `flush` writes. */
const UNIT_OF_WORK = new Set(["persist", "remove", "clear", "assign", "merge"]);
/** A MikroORM handle by name: `em` anywhere, a manager or repository in a file that imports MikroORM. */
const MIKRO_HANDLE = /^(?:em|entityManager|manager)$|(?:Repository|Repo)$|^(?:repo|repository)$/i;

const PRISMA_WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);
const PRISMA_READS = new Set(["findMany", "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "count", "aggregate", "groupBy"]);
const MODEL_WRITES = new Set([
  ...["create", "insertMany", "bulkCreate", "update", "updateOne", "updateMany", "deleteOne", "deleteMany", "destroy", "upsert"],
  ...["findOneAndUpdate", "findByIdAndUpdate", "findOneAndDelete", "findByIdAndDelete", "findOneAndRemove", "findByIdAndRemove"],
  ...["findOneAndReplace", "replaceOne", "bulkWrite", "increment", "decrement", "truncate", "restore", "remove", "bulkSave", "insert"],
]);
const MODEL_READS = new Set(["find", "findOne", "findById", "findAll", "findByPk", "findOrCreate", "findAndCountAll", "countDocuments", "count", "exists", "aggregate", "distinct", "where"]);
const REPOSITORY_WRITES = new Set([
  ...["save", "insert", "update", "upsert", "delete", "remove", "softDelete", "softRemove", "restore", "recover", "increment", "decrement", "clear"],
  ...["persist", "persistAndFlush", "flush", "removeAndFlush", "nativeDelete", "nativeUpdate", "nativeInsert", "insertMany"],
]);
const REPOSITORY_READS = new Set(["find", "findOne", "findBy", "findOneBy", "findOneOrFail", "findAndCount", "findByIds", "count", "exist", "exists", "query"]);
const KNEX_WRITES = new Set(["insert", "update", "del", "delete", "truncate", "upsert", "increment", "decrement", "merge", "returning"]);
/** Driver methods that take SQL first: pg, mysql2, sqlite, pg-promise. */
const DRIVER_OPS = ["query", "execute", "run", "exec", "none", "any", "one", "oneOrNone", "result"];
const COLLECTION_WRITES = new Set(["insertOne", "insertMany", "updateOne", "updateMany", "deleteOne", "deleteMany", "replaceOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "bulkWrite", "drop"]);
const INSTANCE_WRITES = new Set(["save", "destroy", "remove", "deleteOne", "updateOne", "update", "increment", "decrement", "reload", "restore", "softRemove"]);
/** Every method name a database call (or the last link of a query chain) can end with. */
export const DB_OPS: ReadonlySet<string> = new Set([
  ...PRISMA_WRITES, ...PRISMA_READS, ...MODEL_WRITES, ...MODEL_READS, ...REPOSITORY_WRITES, ...REPOSITORY_READS,
  ...KNEX_WRITES, ...COLLECTION_WRITES, ...INSTANCE_WRITES,
  ...DRIVER_OPS,
  ...["values", "set", "returning", "transacting", "onConflict", "onConflictDoNothing", "onConflictDoUpdate", "ignore", "first", "limit", "orderBy"],
  ...["andWhere", "orWhere", "whereIn", "whereNot", "whereNull", "whereNotNull", "whereRaw", "whereBetween", "whereLike"],
]);
const SQL_WRITE = /^\s*(?:insert|update|delete|merge|replace|upsert|create|drop|alter|truncate)\b/i;

function isPrismaRoot(index: FileIndex, root: string): boolean {
  if (PRISMA_ROOT.test(root)) return true;
  return PRISMA_ALIASES.test(root) && index.once("prisma", () => [...index.modules].some((m) => PRISMA_MODULE.test(m)) || PRISMA_SHOWN.test(index.sf.text));
}

/** A capitalised identifier that names an ORM model: imported from a model path, or in a file that imports an ORM. */
export function isModelName(index: FileIndex, e: ts.Expression): boolean {
  const x = unwrap(e);
  let name: string | undefined;
  if (ts.isIdentifier(x)) name = x.text;
  else if (ts.isPropertyAccessExpression(x)) {
    // `this.userModel`, `models.User`, `db.User`.
    const owner = chainRoot(x.expression) ?? "";
    if (MODEL_NAME.test(x.name.text)) return true;
    return /^[A-Z]/.test(x.name.text) && MODEL_OWNER.test(owner);
  }
  if (!name) return false;
  if (/^[a-z]\w*Model$/.test(name)) return true;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name) || GLOBALS.has(name) || /^[A-Z0-9_]+$/.test(name)) return false;
  const from = index.imports.get(name);
  if (from !== undefined) return MODEL_PATH.test(from) || isOrmModule(from);
  return index.once("orm", () => [...index.modules].some(isOrmModule));
}

/** A MongoDB collection: `db.collection("users")`, `usersCollection`, or a local bound to one. */
function isCollection(index: FileIndex, rec: ts.Expression, recName: string): boolean {
  if (COLLECTION.test(recName)) return true;
  if (ts.isCallExpression(rec)) return recName === "collection" || recName === "getCollection";
  if (!ts.isIdentifier(rec)) return false;
  const decl = index.resolve(rec);
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrapAwait(decl.initializer) : undefined;
  return !!init && ts.isCallExpression(init) && /^(?:collection|getCollection)$/.test(calleeName(init) ?? "");
}

/** What kind of database call `call` is, if it is one; `undefined` for anything else. */
export function dbCall(index: FileIndex, call: ts.CallExpression): DbCall | undefined {
  const op = calleeName(call);
  if (!op || !DB_OPS.has(op)) return undefined;
  const receiver = receiverOf(call);
  if (!receiver) return undefined;
  const rec = unwrap(receiver);
  const root = chainRoot(rec);
  // prisma.user.create(…), this.prisma.order.deleteMany(…), fastify.prisma.post.findMany(…), tx.account.update(…).
  if ((PRISMA_WRITES.has(op) || PRISMA_READS.has(op)) && ts.isPropertyAccessExpression(rec)) {
    const client = unwrap(rec.expression);
    const name = ts.isIdentifier(client) ? client.text : ts.isPropertyAccessExpression(client) ? client.name.text : undefined;
    if (name && isPrismaRoot(index, name)) return { orm: "prisma", op, write: PRISMA_WRITES.has(op), promise: true, lazy: "Prisma" };
  }
  if ((MODEL_WRITES.has(op) || MODEL_READS.has(op)) && isModelName(index, rec)) {
    const query = !MONGOOSE_EAGER.has(op) && importsMongoose(index);
    return { orm: "model", op, write: MODEL_WRITES.has(op), promise: true, ...(query ? { lazy: "Mongoose" as const } : {}) };
  }
  const recName = lastName(mikroFluent(index, rec)) ?? "";
  const fromGetRepository = ts.isCallExpression(rec) && /^(?:getRepository|getCustomRepository|getMongoRepository|getTreeRepository|withRepository)$/.test(recName);
  if ((REPOSITORY_WRITES.has(op) || REPOSITORY_READS.has(op)) && (REPOSITORY.test(recName) || fromGetRepository)) {
    const marks = isUnitOfWork(index, call, op, recName);
    return { orm: "repository", op, write: REPOSITORY_WRITES.has(op) && !marks, promise: !marks, ...(marks && op !== "clear" ? { marks } : {}) };
  }
  if ((COLLECTION_WRITES.has(op) || MODEL_READS.has(op)) && isCollection(index, rec, recName)) {
    return { orm: "collection", op, write: COLLECTION_WRITES.has(op), promise: true };
  }
  // knex("users").where(…).del(), db("users").insert(…); Drizzle db.insert(users).values(…).
  if (root && KNEX_ROOT.test(root)) {
    const methods = chainMethods(call);
    if (startsWithTableCall(call)) {
      if (methods.some((m) => KNEX_WRITES.has(m))) return { orm: "knex", op, write: true, promise: true, lazy: "knex" };
    } else if (isDrizzleWrite(call)) return { orm: "drizzle", op, write: true, promise: true, lazy: "Drizzle" };
  }
  if (DRIVER_OPS.includes(op) && root && DRIVER_ROOT.test(root)) {
    const text = stringValue(call.arguments[0]) ?? templateHead(call.arguments[0]);
    if (text !== undefined) return { orm: "driver", op, write: SQL_WRITE.test(text), promise: true };
  }
  if (INSTANCE_WRITES.has(op) && ts.isIdentifier(rec) && isModelInstance(index, rec)) return { orm: "instance", op, write: true, promise: true };
  return undefined;
}

/**
 * What a file must hold for `dbCall` to find a call of each kind (the rules' text gates): the
 * method, and the handle's name where a receiver stands, or the import that makes a name a model.
 */
// PRISMA_SHOWN, PRISMA_MODULE and PRISMA_ROOT's names all hold "prisma" or "$transaction".
const PRISMA_SIGN = caseless(/prisma|\$transaction/i);
/** isModelName: by name, by owner, imported from a model path or an ORM, or in a file importing an ORM. */
// `new userModel;` needs no parentheses: a model's name counts anywhere.
const MODEL_SIGN = anyOf(nameGate(MODEL_NAME), receiverGate(MODEL_OWNER), modulePathGate(MODEL_PATH), moduleGate([...MODEL_ORMS, ...OTHER_MODEL_MODULES]));
const REPOSITORY_SIGN = receiverGate(REPOSITORY);
const COLLECTION_SIGN = receiverGate(COLLECTION);
const KNEX_SIGN = receiverGate(KNEX_ROOT);
const DRIVER_SIGN = receiverGate(DRIVER_ROOT);
const ORM_OPS = new Set([...PRISMA_WRITES, ...PRISMA_READS, ...MODEL_WRITES, ...MODEL_READS, ...INSTANCE_WRITES, ...REPOSITORY_WRITES, ...REPOSITORY_READS, ...COLLECTION_WRITES]);
/** The ORM calls `dbCall` finds: prisma, model (and the instances made by one), repository, collection. */
const ORM_CALLS = [
  allOf(memberGate([...PRISMA_WRITES, ...PRISMA_READS]), PRISMA_SIGN),
  allOf(memberGate([...MODEL_WRITES, ...MODEL_READS, ...INSTANCE_WRITES]), MODEL_SIGN),
  allOf(memberGate([...REPOSITORY_WRITES, ...REPOSITORY_READS]), REPOSITORY_SIGN),
  allOf(memberGate([...COLLECTION_WRITES, ...MODEL_READS]), COLLECTION_SIGN),
];
/** Calls `dbCall` finds of the ORMs and MongoDB (`prisma`, `model`, `repository`, `collection`, `instance`); one scan for any sign first. */
export const ORM_CALL_TEXT: RegExp = allOf(memberGate(ORM_OPS), anyOf(PRISMA_SIGN, MODEL_SIGN, REPOSITORY_SIGN, COLLECTION_SIGN), anyOf(...ORM_CALLS));
/** Every call `dbCall` finds: the ORMs', a knex or Drizzle chain that writes, a driver's query, on a client by name. */
export const DB_CALL_TEXT: RegExp = allOf(
  memberGate(DB_OPS),
  anyOf(PRISMA_SIGN, MODEL_SIGN, REPOSITORY_SIGN, COLLECTION_SIGN, KNEX_SIGN, DRIVER_SIGN),
  anyOf(...ORM_CALLS, allOf(memberGate(KNEX_WRITES), KNEX_SIGN), allOf(memberGate(DRIVER_OPS), DRIVER_SIGN)),
);

/** Mongoose model methods that run at once and return a real promise; the others return a lazy Query. */
const MONGOOSE_EAGER = new Set(["create", "insertMany", "bulkWrite", "bulkSave"]);

export function importsMongoose(index: FileIndex): boolean {
  return index.once("mongoose", () => [...index.modules].some((m) => ORMS.mongoose.modules.includes(m)));
}

function importsMikroOrm(index: FileIndex): boolean {
  return index.once("mikro-orm", () => [...index.modules].some((m) => m.startsWith(MIKRO_MODULE)));
}

/** MikroORM's `em.persist(a).persist(b).flush()`: each mark returns the handle it was called on. */
function mikroFluent(index: FileIndex, rec: ts.Expression): ts.Expression {
  let cur = rec;
  for (let hop = 0; hop < 200 && ts.isCallExpression(cur); hop++) {
    const inner = receiverOf(cur);
    const name = calleeName(cur) ?? "";
    if (!inner || (name !== "persist" && name !== "remove") || !isMikroHandle(index, lastName(inner) ?? "")) break;
    cur = unwrap(inner);
  }
  return cur;
}

function isMikroHandle(index: FileIndex, name: string): boolean {
  return name === "em" || (MIKRO_HANDLE.test(name) && importsMikroOrm(index));
}

/** A synchronous MikroORM mark (`em.persist(user)`, `repo.remove(user)`, `em.clear()`), not a promise. */
function isUnitOfWork(index: FileIndex, call: ts.CallExpression, op: string, recName: string): boolean {
  if (!UNIT_OF_WORK.has(op) || !isMikroHandle(index, recName)) return false;
  // `repository.clear()` of TypeORM truncates; MikroORM's `em.clear()` takes no table.
  return op !== "clear" || (call.arguments.length === 0 && /^(?:em|entityManager|manager)$/i.test(recName));
}

/** A chain that starts `db.insert(table)`, `db.update(table)` or `db.delete(table)`. */
function isDrizzleWrite(call: ts.CallExpression): boolean {
  let cur: ts.CallExpression = call;
  for (let hop = 0; hop < 200; hop++) {
    const callee = unwrap(cur.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const inner = unwrap(callee.expression);
    if (!ts.isCallExpression(inner)) {
      const table = cur.arguments[0];
      return ["insert", "update", "delete"].includes(callee.name.text) && cur.arguments.length === 1 && !!table && !ts.isStringLiteralLike(table);
    }
    cur = inner;
  }
  return false;
}

/** `knex("users")…`, `db(TABLE)…`, `trx("users")…`, `knex.from("users")…`, `knex.table("users")…`. */
function startsWithTableCall(call: ts.CallExpression): boolean {
  let cur: ts.Expression = call;
  for (let hop = 0; hop < 200; hop++) {
    cur = unwrap(cur);
    if (!ts.isCallExpression(cur)) return false;
    const callee = unwrap(cur.expression);
    if (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && unwrap(callee.expression).kind === ts.SyntaxKind.ThisKeyword)) {
      // The table as a literal, or named by a constant or parameter (`knex(TABLE)`, `db(table)`).
      const table = cur.arguments[0] && unwrap(cur.arguments[0]);
      return !!table && (stringValue(table) !== undefined || ts.isIdentifier(table) || ts.isPropertyAccessExpression(table));
    }
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const inner = unwrap(callee.expression);
    if (ts.isIdentifier(inner) && /^(?:from|table|into)$/.test(callee.name.text)) return true;
    cur = inner;
  }
  return false;
}

/** A local bound to a model instance: `const user = await User.findByPk(id)`, `new User(…)`. */
export function isModelInstance(index: FileIndex, id: ts.Identifier): boolean {
  const decl = index.resolve(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const init = unwrapAwait(decl.initializer);
  if (ts.isNewExpression(init)) return isModelName(index, init.expression);
  if (!ts.isCallExpression(init)) return false;
  const inner = dbCall(index, init);
  return !!inner && inner.orm !== "instance" && inner.orm !== "driver";
}

/** A call that checks a connection out of a pool, or opens a transaction, that the code must give back itself. */
export interface Checkout {
  /** What is held, for messages. */
  what: string;
  /** Methods on the handle that give it back (`release`, or a transaction's `commit`/`rollback`). */
  ends: readonly string[];
  /** What each call that does not give it back costs, for messages. */
  cost: string;
  /** How to give it back on every path, with `$h` for the handle. */
  fix: string;
  /** The handle is the receiver itself (MikroORM's `em.begin()`), not what the call returns. */
  onReceiver?: boolean;
  /** Methods that show the handle holds no connection (TypeORM's MongoDB runner, whose release() does nothing). */
  holdsNothing?: readonly string[];
}

const POOLED_CLIENT: Checkout = { what: "a client checked out of the pool", ends: ["release"], cost: "keeps one pooled connection, and after a few the pool is exhausted and requests hang", fix: "try { … } finally { $h.release(); }" };
const QUERY_RUNNER: Checkout = {
  what: "a TypeORM QueryRunner (a connection of its own)",
  ends: ["release"],
  cost: "keeps one pooled connection, and after a few the pool is exhausted and requests hang",
  fix: "try { … } finally { await $h.release(); }",
  holdsNothing: ["createCollectionIndex", "createCollectionIndexes", "dropCollectionIndex", "dropCollectionIndexes", "collectionIndexExists", "cursor"],
};
const UNMANAGED_TX: Checkout = {
  what: "an unmanaged transaction (it holds a pooled connection until committed or rolled back)",
  ends: ["commit", "rollback"],
  cost: "keeps one pooled connection, and after a few the pool is exhausted and requests hang",
  fix: "try { …; await $h.commit(); } catch (err) { await $h.rollback(); throw err; }",
};
/**
 * Functions that run once per process (start-up, a driver's connect, a CLI's main): a connection
 * they leak on an error cannot pile up, since the error stops the start.
 */
export const RUNS_ONCE = /^(?:connect|afterConnect|init|initialize|bootstrap|main|setup|start|startup|onModuleInit|onApplicationBootstrap)$/;
/** A pool by name (`pool`, `this.pgPool`, `db.pool`) or fastify-postgres' `fastify.pg`. */
const POOL_NAME = /pool$/i;
const FASTIFY_PG = "pg";
const MIKRO_MODULE = "@mikro-orm/";

/** Methods that may check something out; anything else is not a checkout (a cheap first filter). */
export const CHECKOUT_METHODS: ReadonlySet<string> = new Set(["connect", "getConnection", "transaction", "createQueryRunner", "startSession", "begin"]);
/** What holds a MongoDB session: mongoose, a connection, a model, the driver's client. */
const MONGO_HOLDER = /^(?:mongoose|mongo\w*|\w*[cC]lient|\w*[cC]onn(?:ection)?|db|[A-Z]\w*)$/;
/** Modules that show a file uses MongoDB (mongoose, mongodb, a local db or models module). */
const MONGO_MODULE = /^(?:mongoose|mongodb)$|(?:^|\/)(?:db|mongo\w*|database)$|(?:^|\/)models?(?:\/|$)/;

/** `mongoose.startSession()`, `connection.startSession()`, `User.startSession()`, `client.startSession()` in a file that uses MongoDB. */
function isMongo(index: FileIndex, rec: ts.Expression): boolean {
  const mongo = [...index.modules].some((m) => MONGO_MODULE.test(m));
  return mongo && MONGO_HOLDER.test(lastName(unwrap(rec)) ?? "");
}

function isPool(index: FileIndex, rec: ts.Expression): boolean {
  const x = unwrap(rec);
  const name = lastName(x) ?? "";
  if (POOL_NAME.test(name)) return true;
  // `fastify.pg.connect()` (@fastify/postgres); a bare `pg` is the module, whose connect() is gone.
  if (name === FASTIFY_PG && ts.isPropertyAccessExpression(x)) return true;
  if (!ts.isIdentifier(x)) return false;
  const decl = index.resolve(x);
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
  return !!init && ts.isNewExpression(init) && calleeName(init) === "Pool";
}

const MIKRO_TX: Checkout = {
  what: "a MikroORM transaction begun by hand (it holds a connection until committed or rolled back)",
  ends: ["commit", "rollback"],
  cost: "keeps one pooled connection in an open transaction, and after a few the pool is exhausted and requests hang",
  fix: "try { …; await $h.commit(); } catch (err) { await $h.rollback(); throw err; }",
  onReceiver: true,
};

const MONGO_SESSION: Checkout = {
  what: "a MongoDB client session",
  ends: ["endSession"],
  cost: "keeps a server session open, with the locks of any transaction started on it, until the server drops it 30 minutes later; the server refuses new sessions past its limit",
  fix: "try { … } finally { await $h.endSession(); }",
};

/**
 * What `call` checks out, if it is a checkout the caller must end: pg `pool.connect()` (no
 * callback: the callback form is `checkoutCallback`), mysql2 `pool.getConnection()`, TypeORM
 * `createQueryRunner()`, and Sequelize's or knex's `transaction()` called without a callback
 * (with one, the ORM commits and rolls back itself).
 */
export function checkout(index: FileIndex, call: ts.CallExpression): Checkout | undefined {
  const op = calleeName(call);
  const rec = receiverOf(call);
  if (!op || !rec || !CHECKOUT_METHODS.has(op)) return undefined;
  if (op === "createQueryRunner") return QUERY_RUNNER;
  if (call.arguments.some((a) => ts.isFunctionLike(unwrap(a)))) return undefined;
  if (op === "startSession") return isMongo(index, rec) ? MONGO_SESSION : undefined;
  // MikroORM's `await em.begin()`: the entity manager itself holds the transaction.
  if (op === "begin") return importsMikroOrm(index) && ts.isIdentifier(unwrap(rec)) ? MIKRO_TX : undefined;
  if (op === "connect" || op === "getConnection") return call.arguments.length === 0 && isPool(index, rec) ? POOLED_CLIENT : undefined;
  const root = chainRoot(rec) ?? "";
  if (/sequelize/i.test(rec.getText(index.sf))) return UNMANAGED_TX;
  const knex = /knex/i.test(root) || (KNEX_ROOT.test(root) && [...index.modules].some((m) => m === "knex"));
  return knex ? UNMANAGED_TX : undefined;
}

/**
 * What a file must hold for `checkout` or `checkoutCallback` to find a checkout (the rules' text
 * gates): `createQueryRunner` on anything; the other methods only with what makes them one.
 */
export const CHECKOUT_TEXT: RegExp = allOf(memberGate(CHECKOUT_METHODS), anyOf(
  memberGate(["createQueryRunner"]),
  allOf(memberGate(["startSession"]), modulePathGate(MONGO_MODULE)),
  allOf(memberGate(["begin"]), moduleGate([MIKRO_MODULE])),
  // A pool by name, `fastify.pg`, or a local made by `new Pool(…)` (or `new Pool;`: the name counts anywhere).
  allOf(memberGate(["connect", "getConnection"]), anyOf(nameGate(POOL_NAME), receiverGate(new RegExp(`^${FASTIFY_PG}$`)))),
  allOf(memberGate(["transaction"]), caseless(/sequelize|knex/i)),
));

/** The callback form `pool.connect((err, client, release) => …)`, `pool.getConnection((err, conn) => …)`. */
export function checkoutCallback(index: FileIndex, call: ts.CallExpression): { fn: ts.ArrowFunction | ts.FunctionExpression; kind: Checkout } | undefined {
  const op = calleeName(call);
  const rec = receiverOf(call);
  if ((op !== "connect" && op !== "getConnection") || !rec || !isPool(index, rec)) return undefined;
  const fn = call.arguments.map((a) => unwrap(a)).find((a): a is ts.ArrowFunction | ts.FunctionExpression => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
  return fn && fn.parameters.length >= 2 ? { fn, kind: POOLED_CLIENT } : undefined;
}

/** Sequelize finders whose only argument is an options object: a filter must sit under `where`. */
export const SEQUELIZE_FINDERS: ReadonlySet<string> = new Set(["findOne", "findAll", "findAndCountAll", "count"]);
/** Keys a Sequelize finder reads (FindOptions, CountOptions); any other key is ignored, not a filter. */
export const SEQUELIZE_FIND_OPTIONS: ReadonlySet<string> = new Set(
  ("where attributes include order group having limit offset transaction lock skipLocked raw paranoid logging benchmark " +
    "subQuery nest plain replacements bind mapToModel instance indexHints rejectOnEmpty searchPath useMaster type fieldMap " +
    "distinct col through hooks tableHint separate required right duplicating scope").split(" "),
);
/** Modules whose models take a bare filter (`User.findOne({ email })` is right there). */
const BARE_FILTER_ORMS = [...ORMS.mongoose.modules, ...ORMS.typeorm.modules, ...ORMS["mikro-orm"].modules, "objection", "@typegoose/typegoose", "mongodb", "waterline", "dynamoose"];
/** Calls only Sequelize models have. */
const SEQUELIZE_ONLY = new Set(["findByPk", "findAll", "findAndCountAll", "findOrCreate", "bulkCreate"]);

/**
 * A finder on a Sequelize model: the receiver names a model, the file shows Sequelize (imports it or
 * a `sequelize` binding, or calls a method only Sequelize models have) and imports no ORM whose models take a bare filter.
 */
export function isSequelizeFinder(index: FileIndex, call: ts.CallExpression): boolean {
  const op = calleeName(call);
  const rec = receiverOf(call);
  if (!op || !SEQUELIZE_FINDERS.has(op) || !rec || !isModelName(index, rec)) return false;
  return index.once("sequelize-models", () => {
    const modules = [...index.modules];
    if (modules.some((m) => BARE_FILTER_ORMS.some((o) => (o.endsWith("/") ? m.startsWith(o) : m === o)))) return false;
    // `const { User, sequelize } = require("../models")`: the sequelize-cli models index.
    if (modules.some((m) => ORMS.sequelize.modules.includes(m)) || [...index.imports.keys()].some((k) => /^sequelize$/i.test(k))) return true;
    return index.of(ts.SyntaxKind.CallExpression).some((c) => SEQUELIZE_ONLY.has(calleeName(c) ?? "") && !!receiverOf(c) && isModelName(index, receiverOf(c) as ts.Expression));
  });
}
