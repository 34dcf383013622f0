// contracts.orm and contracts.database: raw drivers, SQL text and other ORMs where an ORM is
// required, and every kind of evidence that the code talks to another database engine.
import type { Contracts } from "./config.js";
import { clip, type FileFacts } from "./facts.js";
import {
  ORMS,
  PACKAGES,
  driverOf,
  engineOfConfigValue,
  engineOfDatabaseClass,
  engineOfDjangoBackend,
  engineOfImage,
  engineOfModule,
  engineOfUrl,
  ormAccepts,
  ormOf,
  sameEngine,
  type Engine,
  type OrmName,
} from "./knowledge.js";
import { looksLikeSql } from "../../knowledge/sql-text.js";
import { CONTRACT_RULES, Globs, listing, type Reporter } from "./report.js";

const PYTHON_ORMS = new Set<OrmName>(["sqlalchemy", "sqlmodel", "django", "peewee", "tortoise", "pony", "mongoengine", "beanie"]);

/** The required ORMs that apply to a file's language: a Python ORM says nothing about JS code. */
function requiredFor(path: string, required: OrmName[]): OrmName[] {
  const python = /\.pyi?$/.test(path);
  return required.filter((o) => PYTHON_ORMS.has(o) === python);
}

export function checkOrm(contract: NonNullable<Contracts["orm"]>, facts: FileFacts, reporter: Reporter): void {
  const allowed = Globs.of(contract.raw_allowed_in);
  if (allowed.match(facts.path)) return;
  const required = requiredFor(facts.path, contract.require as OrmName[]);
  if (required.length === 0) return;
  const orm = listing(required.map((o) => `\`${o}\``));
  const hint = ORMS[required[0]!].hint;
  const where = allowed.patterns.length > 0 ? allowed.describe() : "nowhere";
  const modules = facts.imports.filter((i) => i.level === 0 && !i.typeOnly && !i.module.startsWith(".")).map((i) => i.module);
  // Drizzle, Kysely and Prisma adapters are handed a driver's pool: importing it next to them is wiring.
  const wires = required.some((o) => "wiresDrivers" in ORMS[o] && modules.some((m) => ormAccepts(o, m)));
  const lines = new Set<number>();
  for (const imp of facts.imports) {
    if (imp.level !== 0 || imp.typeOnly || imp.module.startsWith(".")) continue;
    if (driverOf(imp.module)) {
      if (wires) continue;
      lines.add(imp.line);
      reporter.report(CONTRACT_RULES.orm, "driver", { module: imp.module, orm, allowed: where, hint }, facts, imp.line, imp.endLine);
      continue;
    }
    const other = ormOf(imp.module);
    if (other && !required.some((o) => ormAccepts(o, imp.module))) {
      lines.add(imp.line);
      reporter.report(CONTRACT_RULES.orm, "otherOrm", { module: imp.module, other, orm, hint }, facts, imp.line, imp.endLine);
    }
  }
  for (const s of facts.strings) {
    if (lines.has(s.line) || !looksLikeSql(s.text)) continue;
    lines.add(s.line);
    reporter.report(CONTRACT_RULES.orm, "sql", { sql: clip(s.text, 60), orm, allowed: where, hint }, facts, s.line, s.endLine);
  }
}

const FIX: Record<Engine, string> = {
  postgresql: "a PostgreSQL driver (psycopg, asyncpg, pg), a `postgresql://` URL read from configuration, the `postgresql` dialect or provider and the `postgres` image",
  mysql: "a MySQL driver (mysqlclient, PyMySQL, mysql2), a `mysql://` URL read from configuration, the `mysql` dialect or provider and the `mysql` image",
  mariadb: "a MariaDB or MySQL driver (mariadb, mysql2, PyMySQL), a `mariadb://` or `mysql://` URL read from configuration, the `mariadb` dialect and the `mariadb` image",
  sqlite: "the SQLite driver the ORM uses, a `sqlite://` URL read from configuration and the `sqlite` dialect or provider",
  mongodb: "the MongoDB driver or ODM (pymongo, motor, mongodb, mongoose), a `mongodb://` URL read from configuration and the `mongo` image",
  mssql: "a SQL Server driver (pyodbc, mssql, tedious), a `mssql://` URL read from configuration and the `mssql` dialect or provider",
  oracle: "an Oracle driver (oracledb), an Oracle URL read from configuration and the `oracle` dialect or provider",
};

interface Evidence {
  engine: Engine;
  how: string;
  code: string;
  line: number;
  endLine: number;
}

const TYPEORM_KEYS = new Set(["entities", "synchronize", "database", "host", "username", "migrations", "url", "port", "autoLoadEntities", "logging"]);

function codeEvidence(facts: FileFacts): Evidence[] {
  const out: Evidence[] = [];
  for (const imp of facts.imports) {
    if (imp.typeOnly || imp.level !== 0 || imp.module.startsWith(".")) continue;
    const engine = engineOfModule(imp.module);
    if (engine) out.push({ engine, how: "driver import", code: imp.module, line: imp.line, endLine: imp.endLine });
  }
  for (const s of facts.strings) {
    const url = engineOfUrl(s.text);
    const django = engineOfDjangoBackend(s.text);
    const key = s.key ?? "";
    const configValue = ["dialect", "client", "provider"].includes(key) || (key === "type" && (s.siblings ?? []).some((k) => TYPEORM_KEYS.has(k)))
      ? engineOfConfigValue(s.text)
      : undefined;
    const label = key === "dialect" ? "Sequelize or Drizzle `dialect`" : key === "client" ? "knex `client`" : key === "provider" ? "Prisma `provider`" : "TypeORM or MikroORM `type`";
    if (url) out.push({ engine: url.engine, how: "connection URL", code: clip(s.text, 60), line: s.line, endLine: s.endLine });
    else if (django) out.push({ engine: django, how: "Django `ENGINE`", code: s.text, line: s.line, endLine: s.endLine });
    else if (configValue) out.push({ engine: configValue, how: label, code: `${key}: "${s.text}"`, line: s.line, endLine: s.endLine });
  }
  for (const u of facts.uses) {
    const last = u.written.split(".").pop() ?? "";
    const engine = u.call ? engineOfDatabaseClass(last) : undefined;
    if (engine) out.push({ engine, how: "database class", code: `${u.written}(…)`, line: u.line, endLine: u.endLine });
  }
  return out;
}

const MANIFEST = /(?:^|\/)(?:requirements[\w.-]*\.(?:txt|in)|Pipfile|pyproject\.toml|setup\.cfg|package\.json)$/;
const COMPOSE = /(?:^|\/)(?:docker-)?compose[\w.-]*\.ya?ml$/;
const SETTINGS_TEXT = /(?:^|\/)(?:\.env[\w.-]*|[\w.-]+\.env|alembic\.ini|[\w.-]+\.(?:ini|toml|cfg|ya?ml))$/;

/** Text files other than code that can name an engine. */
export function isEvidenceFile(path: string): boolean {
  return MANIFEST.test(path) || COMPOSE.test(path) || SETTINGS_TEXT.test(path) || path.endsWith(".prisma");
}

const PACKAGE_NAMES = Object.keys(PACKAGES).sort((a, b) => b.length - a.length);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const PY_REQUIREMENT = new RegExp(`^\\s*["']?(${PACKAGE_NAMES.map(escape).join("|")})(?=\\s*(?:[<>=!~;\\[\\]"',]|$)|\\s*=)`, "i");

function textEvidence(path: string, text: string): Evidence[] {
  const out: Evidence[] = [];
  const lines = text.split("\n");
  const at = (i: number, engine: Engine, how: string, code: string) =>
    out.push({ engine, how, code: clip(code.replace(/\s+#.*$/, ""), 60), line: i + 1, endLine: i + 1 });
  if (path.endsWith("package.json")) {
    let deps: Set<string>;
    try {
      const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
      deps = new Set(["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"].flatMap((k) => Object.keys(json[k] ?? {})));
    } catch {
      return out;
    }
    lines.forEach((l, i) => {
      const name = /^\s*"([^"]+)"\s*:/.exec(l)?.[1];
      const engine = name && deps.has(name) ? PACKAGES[name] : undefined;
      if (engine) at(i, engine, "dependency in package.json", l.trim());
    });
    return out;
  }
  if (path.endsWith(".prisma")) {
    let inDatasource = false;
    lines.forEach((l, i) => {
      if (/^\s*datasource\s+\w+\s*\{/.test(l)) inDatasource = true;
      else if (/^\s*\}/.test(l)) inDatasource = false;
      const value = inDatasource ? /^\s*provider\s*=\s*"(\w+)"/.exec(l)?.[1] : undefined;
      const engine = value ? engineOfConfigValue(value) : undefined;
      if (engine) at(i, engine, "Prisma `provider`", l.trim());
    });
    return out;
  }
  const manifest = MANIFEST.test(path);
  const compose = COMPOSE.test(path);
  lines.forEach((l, i) => {
    if (/^\s*#/.test(l)) return;
    const image = compose ? /^\s*image:\s*(\S+)/.exec(l)?.[1] : undefined;
    const imageEngine = image ? engineOfImage(image) : undefined;
    if (imageEngine) return at(i, imageEngine, "docker-compose service image", l.trim());
    const pkg = manifest ? PY_REQUIREMENT.exec(l)?.[1]?.toLowerCase() : undefined;
    if (pkg && PACKAGES[pkg]) return at(i, PACKAGES[pkg]!, "dependency", l.trim());
    const url = engineOfUrl(l);
    if (url) at(i, url.engine, "connection URL", l.trim());
  });
  return out;
}

export function checkDatabase(
  contract: NonNullable<Contracts["database"]>,
  file: { path: string; lines: string[]; facts?: FileFacts; text?: string },
  reporter: Reporter,
): void {
  if (Globs.of(contract.others_allowed_in).match(file.path)) return;
  const evidence = file.facts ? codeEvidence(file.facts) : file.text !== undefined ? textEvidence(file.path, file.text) : [];
  const required = contract.require;
  const names = listing(required.map((e) => `\`${e}\``));
  const done = new Set<number>();
  for (const e of evidence) {
    if (done.has(e.line) || required.some((r) => sameEngine(r, e.engine))) continue;
    done.add(e.line);
    reporter.report(CONTRACT_RULES.database, "evidence", { engine: `\`${e.engine}\``, how: e.how, code: e.code, required: names, fix: FIX[required[0]!] }, file, e.line, e.endLine);
  }
}
