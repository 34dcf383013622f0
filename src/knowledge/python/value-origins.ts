// Where a Python value comes from when it is not the caller's: the object itself, the deployment's
// settings, or rows read back from the database. The value flow (src/analysis/python/value-flow.ts)
// tags each built part with one of these; the SQL rule blocks only what a caller can pass.

/** The object's own receiver: `self.x`, `cls.x`, `self.method()`. */
export const SELF_NAME = /^(?:self|cls)$/;

/**
 * Attributes that hold configuration: Django's `settings.X` and `connection.settings_dict[…]`,
 * `OPTIONS`, SQLAlchemy's `dialect.options`, Flask's `app.config`, `os.environ`.
 */
const SETTINGS_ATTRIBUTE = /^(?:settings|settings_dict|config|conf|configuration|options|OPTIONS|environ)$/;

/** Module-level names that are configuration when the file does not bind them (`from django.conf import settings`). */
const SETTINGS_MODULE = /^(?:settings|conf|config|environ)$/;

/** Whether an attribute named `name` (in `a.name`) is configuration. */
export function isSettingsAttribute(name: string): boolean {
  return SETTINGS_ATTRIBUTE.test(name);
}

/** Whether a name the file does not bind is a configuration module. */
export function isSettingsModule(name: string): boolean {
  return SETTINGS_MODULE.test(name);
}

/**
 * Methods that return rows read back from the database: DB-API `fetch*` and `cursor()`, asyncpg's
 * `fetch`/`fetchrow`/`fetchval`, SQLAlchemy results (`scalar`, `first`, `one`, `all`, `mappings`).
 */
const DATABASE_READS = new Set([
  "execute",
  "exec_driver_sql",
  "cursor",
  "fetchone",
  "fetchall",
  "fetchmany",
  "fetch",
  "fetchrow",
  "fetchval",
  "scalar",
  "scalars",
  "scalar_one",
  "scalar_one_or_none",
  "first",
  "one",
  "one_or_none",
  "all",
  "mappings",
]);

/** Whether a method call `x.name(…)` returns what the database holds. */
export function isDatabaseRead(name: string): boolean {
  return DATABASE_READS.has(name);
}
