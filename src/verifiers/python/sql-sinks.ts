// The query sinks python/sql-injection knows, in one place: the rule finds them in the syntax
// tree, and the scoper's content signal (src/engine/content-signals.ts) finds them in the text,
// so a sink the rule knows never goes unscoped.

/** Methods whose first argument is SQL on any receiver: DB-API cursors, SQLAlchemy connections. */
export const SQL_METHODS = ["execute", "executemany", "executescript", "exec_driver_sql"];
/** asyncpg's fetch family and cursor(), pg8000's native run(): a sink when the receiver is a connection or pool (DB_RECEIVER). */
export const FETCH_METHODS = ["fetch", "fetchrow", "fetchval", "run", "cursor"];
/** SQLAlchemy query methods that took (1.3) or take as text a string fragment: `query.order_by("name " + d)`. */
export const FRAGMENT_METHODS = ["filter", "where", "having", "group_by", "order_by", "distinct"];
/** boto3 DynamoDB calls, and the keyword arguments that are expressions in DynamoDB's own language. */
export const DYNAMO_METHODS = ["scan", "query", "update_item", "delete_item", "put_item", "get_item"];
export const DYNAMO_EXPRESSIONS = ["FilterExpression", "KeyConditionExpression", "ConditionExpression", "UpdateExpression", "ProjectionExpression"];
/** Django's raw SQL on a manager or queryset: `User.objects.raw(…)`, `.extra(where=…)`. */
export const RAW_METHODS = ["raw", "extra"];
/** Functions whose argument is SQL: SQLAlchemy's text(), Django's RawSQL, pandas' read_sql. */
export const SQL_FUNCTIONS = ["text", "RawSQL", "read_sql", "read_sql_query"];

/** Receivers that are a database handle: `conn.fetch(…)`, `self.pool.fetchrow(…)`. */
export const DB_RECEIVER = /(?:^|[^a-z])(?:con|conn|connection|pool|db|database|cursor|cur|tx|transaction|asyncpg)(?:[^a-z]|$)/i;
