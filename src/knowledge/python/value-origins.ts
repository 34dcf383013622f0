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

/** DB-API and asyncpg methods that return rows (or a cursor over them), whatever the receiver. */
const DATABASE_READS = new Set(["execute", "exec_driver_sql", "cursor", "fetchone", "fetchall", "fetchmany", "fetch", "fetchrow", "fetchval"]);

/**
 * SQLAlchemy result methods: generic names (`all`, `first`), so rows only when called on a call's
 * result (`session.execute(q).first()`); on a variable, the variable's own origin decides.
 */
const RESULT_METHODS = new Set(["scalar", "scalars", "scalar_one", "scalar_one_or_none", "first", "one", "one_or_none", "all", "mappings"]);

/** Whether a method call `x.name(…)` returns what the database holds; `onCall`: `x` is itself a call. */
export function isDatabaseRead(name: string, onCall: boolean): boolean {
  return DATABASE_READS.has(name) || (onCall && RESULT_METHODS.has(name));
}
