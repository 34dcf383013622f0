// Values a program holds itself rather than takes from whoever calls it: its settings, and what
// it reads back from its database. The SQL rule's tiers (typescript/sql-injection) ask whether a
// value built into SQL comes from there (a warning to review) or may be a caller's (blocking).

/** Calls whose result is read back from the database: drivers, query builders and ORMs. */
export const READS_BACK: ReadonlySet<string> = new Set([
  ...["query", "execute", "all", "any", "many", "manyOrNone", "one", "oneOrNone"],
  ...["getRawOne", "getRawMany", "getOne", "getOneOrFail", "getMany", "getManyAndCount", "getRawAndEntities", "getCount", "stream"],
  ...["findOne", "findOneBy", "findOneOrFail", "findBy", "findAll", "findByPk", "findAndCount", "findAndCountAll", "findMany", "findUnique", "findFirst", "columnInfo"],
  ...["$queryRaw", "$queryRawUnsafe"],
]);

/**
 * knex's query objects, `{ sql, bindings, output(resp) {…} }` handed to its runner: the runner
 * calls `output` with what running `sql` read back.
 */
export const QUERY_OBJECT = { text: "sql", rows: "output" } as const;

/** `Promise.all([…])` and kin hold what their argument holds, not rows of their own. */
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(["all", "allSettled", "any", "race"]);

/** An object of settings: `config.db.schema`, `this.driver.options.database`, `process.env.SCHEMA`. */
export const SETTINGS = /^(?:settings|config|configuration|conf|options|opts|env)$/i;
