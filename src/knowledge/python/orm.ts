// Python ORMs and drivers as the rules need to know them, in one place: which modules are the
// SQLAlchemy family, what makes sessions and engines, which session calls return coroutines on
// an AsyncSession, which options load relationships eagerly, Django's managers, and the
// "sessions" of HTTP and ML libraries that are no database session.

/** SQLAlchemy and SQLModel (built on it): their modules, as imported. */
export const SQLALCHEMY_MODULE = /^(?:sqlalchemy|sqlmodel)(?:\.|$)/;
/** Names the SQLAlchemy family is usually imported as, for `sa.text(…)`, `sa.delete(…)`. */
export const SQLALCHEMY_ALIAS = /^(?:sa|sqlalchemy|sqlmodel)$/;
/** Words in a file that show it works with SQLAlchemy sessions (a cheap first look before the tree). */
export const SQLALCHEMY_WORDS = /sqlalchemy|sqlmodel|sessionmaker|session_scope\(/;
/** Words that show a file uses SQLAlchemy's asyncio extension. */
export const ASYNC_SQLALCHEMY_WORDS = /create_async_engine|AsyncSession|async_sessionmaker|AsyncEngine/;

/** Functions whose result makes sessions. */
export const SESSION_FACTORIES = ["sessionmaker", "async_sessionmaker"];
/** Thread- or task-local session registries: their sessions are released by the registry, not by the caller. */
export const SCOPED_SESSIONS = ["scoped_session", "async_scoped_session"];
/** Functions that make engines. */
export const ENGINE_FACTORIES = ["create_engine", "create_async_engine"];
/** The session classes themselves, by module. */
export const SESSION_CLASS = /^(?:sqlalchemy\.orm|sqlalchemy\.ext\.asyncio|sqlmodel)\.(?:Session|AsyncSession)$/;
/** `text()` by module: SQL text for the driver. */
export const TEXT_FUNCTION = /^(?:sqlalchemy|sqlmodel)(?:\.\w+)*\.text$/;

/** AsyncSession methods that return a coroutine: calling one without `await` does nothing. */
export const ASYNC_SESSION_COROUTINES =
  /^(?:execute|commit|get|scalars|scalar|refresh|flush|delete|close|rollback|merge|stream|stream_scalars|run_sync|connection)$/;
/** Loader options that load a relationship with the query, so reading it later needs no session. */
export const EAGER_LOADERS = /(?:selectinload|joinedload|subqueryload|immediateload|contains_eager)\(/;

/** Django's model managers: `Model.objects`, `_default_manager`, `_base_manager`. */
export const DJANGO_MANAGER = /(?:^|\.)(?:objects|_default_manager|_base_manager)$/;
/** A receiver chain that goes through a Django manager. */
export const DJANGO_MANAGER_IN = /\bobjects\b|_default_manager|_base_manager/;

/** Libraries whose "session" is an HTTP client or a model runtime, not a database session. */
export const NOT_A_DATABASE_SESSION = /^(?:requests|aiohttp|httpx|boto3|botocore|tf|keras)\b|ClientSession/;

/** Query methods and SQL functions whose positional arguments are SQL conditions (SQLAlchemy and Django). */
export const QUERY_CONDITION_CALLS = ["filter", "where", "having", "exclude", "get", "join", "outerjoin", "and_", "or_", "not_"];
/** Functions whose result is a SQL condition: SQLAlchemy's conjunctions and Django's Q(). */
export const SQL_CONDITION_FUNCTIONS = new Set(["and_", "or_", "not_", "exists", "Q"]);
/** Column methods that build a SQL condition (`User.id.in_(ids)`). */
export const SQL_COLUMN_METHODS = new Set([
  "in_", "not_in", "notin_", "is_", "is_not", "isnot", "like", "ilike", "not_like", "not_ilike", "notlike", "notilike",
  "startswith", "endswith", "contains", "icontains", "between", "any", "has", "match", "regexp_match", "is_distinct_from", "isnot_distinct_from",
]);
/** Conventional names of async session factories imported from elsewhere (`from app.db import async_session`). */
export const ASYNC_SESSION_FACTORY_NAME = /^(?:async_?session\w*|AsyncSession(?:Local|Maker|Factory)\w*|\w*_async_session\w*)$/i;

/** Synchronous DB-API drivers, by their connect function: each call blocks the thread until the database answers. */
export const SYNC_DRIVER_CONNECT = /^(?:psycopg2|psycopg|sqlite3|pymysql|MySQLdb|mysql\.connector|cx_Oracle|oracledb|pyodbc|pymssql)\.connect$/;
/** Django QuerySet methods that run a query at once (their async twins are `aget`, `acount`...). */
export const DJANGO_EVALUATING_METHODS = new Set([
  "get", "first", "last", "count", "exists", "create", "get_or_create", "update_or_create", "update", "delete",
  "aggregate", "bulk_create", "bulk_update", "in_bulk", "latest", "earliest", "contains", "iterator", "explain",
]);
/** A receiver chain that starts at a model's manager: `Order.objects`, `Order.objects.filter(...)`. */
export const DJANGO_MODEL_MANAGER_CHAIN = /^[A-Z]\w*\.(?:objects|_default_manager|_base_manager)\b/;
/** Engine methods that check a connection out of the pool, which the caller must give back. */
export const CONNECTION_METHODS = ["connect", "raw_connection"];
/** Conventional names of engines made elsewhere (`from app.db import engine`). */
export const ENGINE_NAME = /^(?:\w+_)?engine$/;
/** Session context managers that commit on exit by convention (SQLAlchemy's documented `session_scope`). */
export const COMMITTING_SCOPE = /^(?:session_scope|transaction_scope|transactional_session|db_transaction)$/;
