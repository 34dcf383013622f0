// The query sinks typescript/sql-injection knows, in one place: the rule finds them in the
// syntax tree, and the scoper's content signal (src/engine/content-signals.ts) finds them in the
// text, so a sink the rule knows never goes unscoped.

/** knex's raw clause builders: their first argument is SQL, on any receiver. */
export const KNEX_RAW = new Set(["whereRaw", "andWhereRaw", "orWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "groupByRaw", "joinRaw", "fromRaw"]);
export const PRISMA = new Set(["$queryRawUnsafe", "$executeRawUnsafe", "$queryRaw", "$executeRaw"]);
export const BUILDER = new Set(["where", "andWhere", "orWhere", "having", "andHaving", "orHaving", "orderBy", "addOrderBy", "groupBy", "addGroupBy"]);
/** Driver methods whose first argument is SQL: pg, mysql2, sqlite3, better-sqlite3, pg-promise, TypeORM. */
export const DRIVER = new Set(["query", "execute", "prepare", "exec", "run", "all", "get", "each", "one", "oneOrNone", "many", "manyOrNone", "any", "none", "result", "multi"]);

/** Names of receivers that are a database handle: `db.all(…)`, `this.pool.query(…)`, `userRepository.query(…)`. */
export const DB_RECEIVER =
  /^(?:db|database|conn|connection|client|pool|pg|mysql|sqlite|knex|trx|tx|transaction|manager|entityManager|queryRunner|dataSource|sql)$|(?:Db|DB|Database|Pool|Client|Conn|Connection|Repository|Repo|Manager|Runner|DataSource)$/;

/** AWS SDK v3 DynamoDB commands and DocumentClient (v2) methods whose input holds DynamoDB expressions. */
export const DYNAMO_COMMAND = /^(?:Scan|Query|UpdateItem|DeleteItem|PutItem|GetItem|Update|Delete|Put|Get)Command$/;
export const DYNAMO_METHODS = new Set(["scan", "query", "update", "delete", "put", "get", "updateItem", "deleteItem", "putItem", "getItem"]);
/** Input fields written in DynamoDB's expression language. */
export const DYNAMO_EXPRESSIONS = ["FilterExpression", "KeyConditionExpression", "ConditionExpression", "UpdateExpression", "ProjectionExpression"];
