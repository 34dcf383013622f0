// What the contracts know about the data-layer ecosystem: which modules are ORMs, which are raw
// drivers, which database engine each driver, URL, setting or image points to.

export const ORMS = {
  sqlalchemy: { modules: ["sqlalchemy", "flask_sqlalchemy", "alembic", "sqlalchemy_utils"], hint: "a `select()` on the mapped model, run through the session (`session.scalars(select(User).where(User.id == user_id))`)" },
  sqlmodel: { modules: ["sqlmodel", "sqlalchemy", "alembic"], hint: "a `select()` on the SQLModel class, run through the session (`session.exec(select(User).where(User.id == user_id))`)" },
  django: { modules: ["django.db", "django.contrib.postgres", "django.contrib.gis.db"], hint: "the model's manager (`User.objects.filter(email=email)`)" },
  peewee: { modules: ["peewee", "playhouse"], hint: "the model's query methods (`User.select().where(User.email == email)`)" },
  tortoise: { modules: ["tortoise"], hint: "the model's query methods (`await User.filter(email=email)`)" },
  pony: { modules: ["pony.orm"], hint: "a Pony query (`select(u for u in User if u.email == email)`)" },
  mongoengine: { modules: ["mongoengine", "flask_mongoengine"], hint: "the document's queryset (`User.objects(email=email)`)" },
  beanie: { modules: ["beanie"], hint: "the document's query methods (`await User.find_one(User.email == email)`)", wiresDrivers: true },
  prisma: { modules: ["@prisma/client", "prisma", "@prisma/"], hint: "the Prisma client (`prisma.user.findMany({ where: { email } })`)", wiresDrivers: true },
  typeorm: { modules: ["typeorm", "@nestjs/typeorm"], hint: "a TypeORM repository (`userRepository.findOneBy({ email })`)" },
  sequelize: { modules: ["sequelize", "sequelize-typescript", "@nestjs/sequelize"], hint: "the model's query methods (`User.findAll({ where: { email } })`)" },
  drizzle: { modules: ["drizzle-orm", "drizzle-orm/", "drizzle-kit"], hint: "the Drizzle query builder (`db.select().from(users).where(eq(users.email, email))`)", wiresDrivers: true },
  knex: { modules: ["knex"], hint: "the knex query builder (`knex(\"users\").where({ email })`)" },
  mongoose: { modules: ["mongoose", "@nestjs/mongoose"], hint: "the model's query methods (`User.find({ email })`)" },
  "mikro-orm": { modules: ["@mikro-orm/"], hint: "the entity manager (`em.find(User, { email })`)" },
  kysely: { modules: ["kysely"], hint: "the Kysely query builder (`db.selectFrom(\"users\").where(\"email\", \"=\", email)`)", wiresDrivers: true },
  objection: { modules: ["objection", "knex"], hint: "the model's query builder (`User.query().where({ email })`)" },
} satisfies Record<string, { modules: string[]; hint: string; wiresDrivers?: boolean }>;

export type OrmName = keyof typeof ORMS;
export const ORM_NAMES = Object.keys(ORMS) as [OrmName, ...OrmName[]];

export const ENGINES = ["postgresql", "mysql", "mariadb", "sqlite", "mongodb", "mssql", "oracle"] as const;
export type Engine = (typeof ENGINES)[number];

/** MySQL and MariaDB share drivers, URLs and dialects, so evidence of one never contradicts the other. */
export function sameEngine(a: Engine, b: Engine): boolean {
  const family = (e: Engine) => (e === "mariadb" ? "mysql" : e);
  return family(a) === family(b);
}

/** Raw drivers and the engine each talks to; a driver's submodules (psycopg2.extras, mysql2/promise) count as it. */
export const DRIVERS: Record<string, Engine> = {
  sqlite3: "sqlite",
  aiosqlite: "sqlite",
  psycopg2: "postgresql",
  psycopg: "postgresql",
  asyncpg: "postgresql",
  aiopg: "postgresql",
  pymysql: "mysql",
  MySQLdb: "mysql",
  "mysql.connector": "mysql",
  aiomysql: "mysql",
  asyncmy: "mysql",
  pymongo: "mongodb",
  motor: "mongodb",
  pymssql: "mssql",
  oracledb: "oracle",
  cx_Oracle: "oracle",
  pg: "postgresql",
  "pg-promise": "postgresql",
  postgres: "postgresql",
  "@neondatabase/serverless": "postgresql",
  "@vercel/postgres": "postgresql",
  mysql: "mysql",
  mysql2: "mysql",
  mariadb: "mariadb",
  "better-sqlite3": "sqlite",
  sqlite: "sqlite",
  "node:sqlite": "sqlite",
  "bun:sqlite": "sqlite",
  "@libsql/client": "sqlite",
  mongodb: "mongodb",
  tedious: "mssql",
  mssql: "mssql",
};

/** Modules that are not drivers themselves but name the engine they are built for. */
const ENGINE_MODULES: [RegExp, Engine][] = [
  [/^drizzle-orm\/(?:node-postgres|postgres-js|pg-core|neon-http|neon-serverless|vercel-postgres)$/, "postgresql"],
  [/^drizzle-orm\/(?:mysql2|mysql-core|planetscale-serverless)$/, "mysql"],
  [/^drizzle-orm\/(?:better-sqlite3|sqlite-core|libsql|d1|bun-sqlite)$/, "sqlite"],
  [/^@mikro-orm\/postgresql$/, "postgresql"],
  [/^@mikro-orm\/(?:mysql)$/, "mysql"],
  [/^@mikro-orm\/mariadb$/, "mariadb"],
  [/^@mikro-orm\/(?:sqlite|better-sqlite|libsql)$/, "sqlite"],
  [/^@mikro-orm\/mongodb$/, "mongodb"],
  [/^@mikro-orm\/mssql$/, "mssql"],
  [/^@prisma\/adapter-(?:pg|neon)$/, "postgresql"],
  [/^@prisma\/adapter-(?:planetscale|mariadb)$/, "mysql"],
  [/^@prisma\/adapter-(?:libsql|d1|better-sqlite3)$/, "sqlite"],
  [/^(?:mongoengine|flask_mongoengine|beanie|mongoose|@nestjs\/mongoose)$/, "mongodb"],
];

/** `module` is `prefix` or inside it; a prefix ending in "/" (an npm scope) matches only what is inside. */
function under(module: string, prefix: string): boolean {
  if (prefix.endsWith("/")) return module.startsWith(prefix);
  return module === prefix || module.startsWith(`${prefix}.`) || module.startsWith(`${prefix}/`);
}

/** The driver a module is, if it is one: `psycopg2.extras` → psycopg2. */
export function driverOf(module: string): string | undefined {
  return Object.keys(DRIVERS).find((d) => under(module, d));
}

export function ormOf(module: string): OrmName | undefined {
  // knex and sqlalchemy also belong to objection and sqlmodel; the ORM of its own name wins.
  const own = ORM_NAMES.find((n) => ORMS[n].modules[0] !== undefined && under(module, ORMS[n].modules[0]));
  return own ?? ORM_NAMES.find((n) => ORMS[n].modules.some((m) => under(module, m)));
}

export function ormAccepts(orm: OrmName, module: string): boolean {
  return ORMS[orm].modules.some((m) => under(module, m));
}

export function engineOfModule(module: string): Engine | undefined {
  const driver = driverOf(module);
  if (driver) return DRIVERS[driver];
  return ENGINE_MODULES.find(([re]) => re.test(module))?.[1];
}

/** Modules whose direct use is database access: every ORM's and every driver's. */
export function isDataModule(module: string): boolean {
  return driverOf(module) !== undefined || ormOf(module) !== undefined;
}

const SCHEMES: Record<string, Engine> = {
  postgres: "postgresql",
  postgresql: "postgresql",
  postgis: "postgresql",
  cockroachdb: "postgresql",
  mysql: "mysql",
  mariadb: "mariadb",
  sqlite: "sqlite",
  sqlite3: "sqlite",
  libsql: "sqlite",
  mongodb: "mongodb",
  mssql: "mssql",
  sqlserver: "mssql",
  oracle: "oracle",
};

const URL = /\b(postgres(?:ql)?|postgis|cockroachdb|mysql|mariadb|sqlite3?|libsql|mongodb|mssql|sqlserver|oracle)(?:\+[\w-]+)?:\/\/|\bsqlite::memory:/i;

/** The engine a connection URL names: postgresql+asyncpg://…, sqlite:///app.db, mongodb+srv://… */
export function engineOfUrl(text: string): { engine: Engine; match: string } | undefined {
  const m = URL.exec(text);
  if (!m) return undefined;
  const scheme = (m[1] ?? "sqlite").toLowerCase();
  const engine = SCHEMES[scheme];
  return engine ? { engine, match: m[0] } : undefined;
}

const DJANGO_ENGINE = /\bdjango(?:\.contrib\.gis)?\.db\.backends\.(postgresql(?:_psycopg2)?|postgis|mysql|sqlite3|spatialite|oracle)\b|^mssql$/;

export function engineOfDjangoBackend(text: string): Engine | undefined {
  const m = DJANGO_ENGINE.exec(text.trim());
  if (!m) return undefined;
  const name = m[1] ?? "mssql";
  if (name.startsWith("postg")) return "postgresql";
  if (name === "sqlite3" || name === "spatialite") return "sqlite";
  return name as Engine;
}

/** Values of Sequelize/Drizzle `dialect`, knex `client`, TypeORM/MikroORM `type` and Prisma `provider`. */
const CONFIG_VALUES: Record<string, Engine> = {
  postgres: "postgresql",
  postgresql: "postgresql",
  pg: "postgresql",
  cockroachdb: "postgresql",
  mysql: "mysql",
  mysql2: "mysql",
  mariadb: "mariadb",
  sqlite: "sqlite",
  sqlite3: "sqlite",
  "better-sqlite3": "sqlite",
  turso: "sqlite",
  sqljs: "sqlite",
  mongodb: "mongodb",
  mssql: "mssql",
  sqlserver: "mssql",
  tedious: "mssql",
  oracle: "oracle",
  oracledb: "oracle",
};

export function engineOfConfigValue(value: string): Engine | undefined {
  return CONFIG_VALUES[value.trim().toLowerCase()];
}

/** Peewee and friends name the engine in the class: SqliteDatabase(...). */
export function engineOfDatabaseClass(name: string): Engine | undefined {
  const m = /^(?:Pooled)?(Sqlite|SqliteExt|CSqliteExt|Postgresql|PostgresqlExt|MySQL|Cockroach)Database$/.exec(name);
  if (!m) return undefined;
  const k = (m[1] ?? "").toLowerCase();
  return k.startsWith("sqlite") || k.startsWith("csqlite") ? "sqlite" : k.startsWith("postgres") || k === "cockroach" ? "postgresql" : "mysql";
}

/** Container images of database servers (docker-compose `image:`), by the image's last path segment. */
const IMAGES: [RegExp, Engine][] = [
  [/^(?:postgres|postgresql|postgis|timescaledb(?:-ha)?|pgvector|cockroach)$/, "postgresql"],
  [/^mysql(?:-server)?$/, "mysql"],
  [/^mariadb$/, "mariadb"],
  [/^(?:mongo|mongodb|mongodb-community-server)$/, "mongodb"],
  [/^(?:server|mssql-server-linux|azure-sql-edge)$/, "mssql"],
  [/^(?:oracle-xe|oracle-free|enterprise|free)$/, "oracle"],
];

export function engineOfImage(image: string): Engine | undefined {
  const name = image.replace(/^["']|["']$/g, "").split("@")[0]!.split(":")[0]!;
  const parts = name.split("/");
  const last = (parts[parts.length - 1] ?? "").toLowerCase();
  const hit = IMAGES.find(([re]) => re.test(last));
  if (!hit) return undefined;
  // "server", "enterprise" and "free" only count under the vendors' own registries.
  if (hit[1] === "mssql" && last === "server" && !name.includes("mssql")) return undefined;
  if (hit[1] === "oracle" && !/oracle|gvenzl/.test(name)) return undefined;
  return hit[1];
}

/** Packages in dependency manifests (requirements, pyproject, Pipfile, package.json) and their engine. */
export const PACKAGES: Record<string, Engine> = {
  "psycopg2": "postgresql",
  "psycopg2-binary": "postgresql",
  "psycopg": "postgresql",
  "psycopg-binary": "postgresql",
  "asyncpg": "postgresql",
  "aiopg": "postgresql",
  "pymysql": "mysql",
  "mysqlclient": "mysql",
  "mysql-connector-python": "mysql",
  "aiomysql": "mysql",
  "asyncmy": "mysql",
  "aiosqlite": "sqlite",
  "pymongo": "mongodb",
  "motor": "mongodb",
  "mongoengine": "mongodb",
  "beanie": "mongodb",
  "pymssql": "mssql",
  "mssql-django": "mssql",
  "oracledb": "oracle",
  "cx_oracle": "oracle",
  "pg": "postgresql",
  "pg-promise": "postgresql",
  "postgres": "postgresql",
  "@neondatabase/serverless": "postgresql",
  "@vercel/postgres": "postgresql",
  "mysql": "mysql",
  "mysql2": "mysql",
  "mariadb": "mariadb",
  "sqlite3": "sqlite",
  "better-sqlite3": "sqlite",
  "sqlite": "sqlite",
  "@libsql/client": "sqlite",
  "mongodb": "mongodb",
  "mongoose": "mongodb",
  "tedious": "mssql",
  "mssql": "mssql",
};
