import { ruleTester } from "../../support/rule-tester.js";

// Each case is a whole file as an agent would write it; line numbers count from the first line
// of `code`. Backticks and `${` inside the samples are escaped for this file's own templates.
/** A route whose SQL is built in `h0` and handed through `depth - 1` more local helpers. */
function helperChain(depth: number): string {
  const helpers = ["function h0(s) { return \"SELECT * FROM users WHERE name = '\" + s + \"'\"; }"];
  for (let i = 1; i < depth; i++) helpers.push(`function h${i}(s) { return h${i - 1}(s); }`);
  return `import express from "express";
import { pool } from "./db";
${helpers.join("\n")}
const app = express();
app.get("/users", async (req, res) => {
  res.json(await pool.query(h${depth - 1}(req.query.name)));
});
`;
}

ruleTester("typescript/sql-injection", {
  invalid: [
    {
      name: "a SET of a user variable whose value is put in quotes (Sequelize-style set()) is a value",
      path: "src/db/admin.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function setVars(variables: Record<string, string>) {
  const query = \`SET \${Object.entries(variables).map(([k, v]) => \`@\${k} := "\${v}"\`).join(", ")}\`;
  return pool.query(query);
}
`,
      errors: [{ messageId: "driver", line: 5 }],
    },
    {
      name: "request data in SET TRANSACTION ISOLATION LEVEL is blocking",
      path: "src/db/admin.ts",
      code: `import express from "express";
import { Pool } from "pg";
const pool = new Pool();
const app = express();
app.post("/tx", async (req, res) => {
  await pool.query("SET TRANSACTION ISOLATION LEVEL " + req.body.level);
  res.end();
});
`,
      errors: [{ messageId: "noParams", line: 6, severity: "blocking" }],
    },
    {
      name: "request data in a PRAGMA is blocking",
      path: "src/db/admin.ts",
      code: `import express from "express";
import Database from "better-sqlite3";
const db = new Database("app.db");
const app = express();
app.post("/mode", (req, res) => {
  db.exec(\`PRAGMA journal_mode = \${req.query.mode}\`);
  res.end();
});
`,
      errors: [{ messageId: "noParams", line: 6, severity: "blocking" }],
    },
    {
      name: "request data in CREATE DATABASE is blocking",
      path: "src/db/admin.ts",
      code: `import express from "express";
import { Pool } from "pg";
const pool = new Pool();
const app = express();
app.post("/tenants", async (req, res) => {
  const { name } = req.body;
  await pool.query(\`CREATE DATABASE \${name}\`);
  res.end();
});
`,
      errors: [{ messageId: "noParams", line: 7, severity: "blocking" }],
    },
    {
      name: "request data in GRANT is blocking",
      path: "src/db/admin.ts",
      code: `import express from "express";
import { Pool } from "pg";
const pool = new Pool();
const app = express();
app.post("/grant", async (req, res) => {
  await pool.query(\`GRANT SELECT ON reports TO \${req.body.user}\`);
  res.end();
});
`,
      errors: [{ messageId: "noParams", line: 6, severity: "blocking" }],
    },
    {
      name: "request data in SET search_path is blocking",
      path: "src/db/admin.ts",
      code: `import express from "express";
import { Pool } from "pg";
const pool = new Pool();
const app = express();
app.use(async (req, res, next) => {
  await pool.query(\`SET search_path TO \${req.headers["x-tenant"]}\`);
  next();
});
`,
      errors: [{ messageId: "noParams", line: 6, severity: "blocking" }],
    },
    {
      name: "a parameter in CREATE DATABASE is a warning",
      path: "src/db/admin.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function createTenantDb(name: string) {
  await pool.query(\`CREATE DATABASE \${name}\`);
}
`,
      errors: [{ messageId: "ddl", line: 4, severity: "warning" }],
    },
    {
      name: "a parameter in DROP SCHEMA is a warning",
      path: "src/db/admin.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function dropTenant(schema: string) {
  await pool.query("DROP SCHEMA " + schema + " CASCADE");
}
`,
      errors: [{ messageId: "ddl", line: 4, severity: "warning" }],
    },
    {
      name: "attack: an includes check that only logs does not stop the value",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function setMode(mode: string) {
  if (!["DELETE", "WAL"].includes(mode)) console.warn("odd mode", mode);
  return pool.query("SELECT * FROM jobs WHERE mode = '" + mode + "'");
}
`,
      errors: [{ messageId: "driver", line: 5 }],
    },
    {
      name: "attack: the checked value is reassigned after the check",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function sort(order: string, raw: string) {
  if (!["name", "email"].includes(order)) throw new Error("bad order");
  order = raw;
  return pool.query(\`SELECT * FROM users ORDER BY \${order}\`);
}
`,
      errors: [{ messageId: "driver", line: 6 }],
    },
    {
      name: "attack: the list holds request data",
      path: "src/db/queries.ts",
      code: `import express from "express";
import { Pool } from "pg";
const pool = new Pool();
const app = express();
app.get("/u", async (req, res) => {
  const order = String(req.query.order);
  if (!["name", String(req.query.extra)].includes(order)) throw new Error("bad");
  res.json(await pool.query(\`SELECT * FROM users ORDER BY \${order}\`));
});
`,
      errors: [{ messageId: "driver", line: 8 }],
    },
    {
      name: "attack: the positive check guards an empty block and the query runs anyway",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function sort(order: string) {
  if (["name", "email"].includes(order)) {
  }
  return pool.query(\`SELECT * FROM users ORDER BY \${order}\`);
}
`,
      errors: [{ messageId: "driver", line: 6 }],
    },
    {
      name: "attack: a switch whose default does not throw lets any value through",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function begin(level: string) {
  switch (level) {
    case "SERIALIZABLE":
    case "READ COMMITTED":
      break;
    default:
      console.warn(level);
  }
  return pool.query("SELECT * FROM jobs WHERE level = '" + level + "'");
}
`,
      errors: [{ messageId: "driver", line: 11 }],
    },
    {
      name: "attack: a string's includes is a substring test, not a list",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function sort(order: string) {
  if (!"name,email".includes(order)) throw new Error("bad");
  return pool.query(\`SELECT * FROM users ORDER BY \${order}\`);
}
`,
      errors: [{ messageId: "driver", line: 5 }],
    },
    {
      name: "attack: indexOf compared the wrong way round",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function sort(order: string) {
  if (["name", "email"].indexOf(order) !== -1) throw new Error("bad");
  return pool.query(\`SELECT * FROM users ORDER BY \${order}\`);
}
`,
      errors: [{ messageId: "driver", line: 5 }],
    },
    {
      name: "attack: the check is on another variable",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function sort(order: string, dir: string) {
  if (!["ASC", "DESC"].includes(dir)) throw new Error("bad");
  return pool.query(\`SELECT * FROM users ORDER BY \${order} \${dir}\`);
}
`,
      errors: [{ messageId: "driver", line: 5 }],
    },
    {
      name: "attack: a quoteName helper that returns its argument is no escaping",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
const quoteName = (s: string) => s;
export async function count(table: string) {
  return pool.query(\`SELECT count(*) FROM \${quoteName(table)}\`);
}
`,
      errors: [{ messageId: "driver", line: 5 }],
    },
    {
      name: "attack: an escapeValue function that only wraps quotes",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
function escapeValue(v: string) {
  return "'" + v + "'";
}
export async function find(name: string) {
  return pool.query("SELECT * FROM users WHERE name = " + escapeValue(name));
}
`,
      errors: [{ messageId: "driver", line: 7 }],
    },
    {
      name: "attack: an includes check inside the other branch of an if",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function sort(order: string, strict: boolean) {
  if (strict) {
    if (!["name"].includes(order)) throw new Error("bad");
  }
  return pool.query(\`SELECT * FROM users ORDER BY \${order}\`);
}
`,
      errors: [{ messageId: "driver", line: 7 }],
    },
    {
      name: "a function's own parameter in a value position stays blocking",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function getUser(name: string) {
  return pool.query(\`SELECT * FROM users WHERE name = '\${name}'\`);
}
`,
      errors: [{ messageId: "driver", line: 4 }],
    },
    {
      name: "attack: SQL built four helpers away is still followed",
      path: "src/routes/users.ts",
      code: helperChain(4),
      errors: [{ messageId: "driver", line: 9 }],
    },
    {
      name: "attack: SQL handed through more helpers than the analysis follows is could-not-check, never a pass",
      path: "src/routes/users.ts",
      code: helperChain(6),
      errors: [],
      incomplete: "more nested helpers or steps than the analysis follows",
    },
    {
      name: "attack: 4,000+ characters of padding before the SQL text",
      code: `export async function find(api: { query(q: string): Promise<unknown> }, name: string) {\n  return api.query("/* ${"x".repeat(4200)} */ SELECT * FROM users WHERE name = '" + name + "'");\n}\n`,
      errors: [{ messageId: "driver", line: 2 }],
    },
    {
      name: "attack: unicode escapes in the sink's name are decoded (pool.\\u0071uery is pool.query)",
      code: `import pg from "pg";

const pool = new pg.Pool();

export async function find(email: string) {
  return pool.\\u0071uery(\`SELECT id FROM users WHERE email = '\${email}'\`);
}
`,
      errors: [{ messageId: "driver", line: 6 }],
      messageIncludes: ["`pool.query`"],
    },
    {
      name: "attack: a braced unicode escape in the receiver and the sink (\\u{64}b.\\u{71}uery)",
      code: `import pg from "pg";

const db = new pg.Pool();

export async function find(email: string) {
  return \\u{64}b.\\u{71}uery("SELECT id FROM users WHERE email = '" + email + "'");
}
`,
      errors: [{ messageId: "driver", line: 6 }],
    },
    {
      name: "Express + pg: request value interpolated into the query",
      code: `import { Router } from "express";
import pg from "pg";

const pool = new pg.Pool();
export const users = Router();

users.get("/users", async (req, res) => {
  const { rows } = await pool.query(\`SELECT id, email FROM users WHERE email = '\${req.query.email}'\`);
  res.json(rows);
});
`,
      errors: [{ messageId: "driver", line: 8 }],
      messageIncludes: [
        "SQL built with a template literal interpolating `req.query.email` reaches `pool.query`",
        "`$1`, `$2` placeholders",
      ],
    },
    {
      name: "Express + pg: a let extended with += next to a values array",
      code: `import { Router } from "express";
import { Pool } from "pg";

const client = new Pool();
export const orders = Router();

orders.get("/orders", async (req, res) => {
  let sql = "SELECT * FROM orders WHERE user_id = $1";
  const values = [req.user.id];
  if (req.query.status) {
    sql += " AND status = '" + req.query.status + "'";
  }
  const result = await client.query(sql, values);
  res.json(result.rows);
});
`,
      errors: [{ messageId: "driver", line: 13 }],
      messageIncludes: ["`+` concatenation of `req.query.status` (line 11, stored in `sql`) reaches `client.query`"],
    },
    {
      name: "Fastify plugin + mysql2 (require): concatenated string through a const",
      path: "src/routes/products.js",
      code: `const fp = require("fastify-plugin");
const mysql = require("mysql2/promise");

module.exports = fp(async function productRoutes(fastify) {
  const pool = mysql.createPool(process.env.DATABASE_URL);

  fastify.get("/products", async (request) => {
    const { category, sort } = request.query;
    const sql = "SELECT id, name, price FROM products WHERE category = '" + category + "' ORDER BY " + sort;
    const [rows] = await pool.execute(sql);
    return rows;
  });
});
`,
      errors: [{ messageId: "driver", line: 10 }],
      messageIncludes: ["`+` concatenation of `category` (line 9, stored in `sql`) reaches `pool.execute`", "`?` placeholders"],
    },
    {
      name: "Koa + knex: whereRaw with a template in a multi-line chain",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.get("/search", async (ctx) => {
  const { q } = ctx.query;
  const rows = await knex("articles")
    .select("id", "title")
    .whereRaw(\`title ILIKE '%\${q}%'\`)
    .orderByRaw("published_at DESC");
  ctx.body = rows;
});

export default router;
`,
      errors: [{ messageId: "knex", line: 10 }],
      messageIncludes: ["interpolating `q` reaches `….select(…).whereRaw`", "`?` for a value and `??` for an identifier"],
    },
    {
      name: "Hono + drizzle: sql.raw with an interpolated table name",
      code: `import { Hono } from "hono";
import { sql } from "drizzle-orm";
import { db } from "./db";

const app = new Hono();

app.get("/reports/:table", async (c) => {
  const table = c.req.param("table");
  const rows = await db.execute(sql.raw(\`SELECT count(*) FROM \${table}\`));
  return c.json(rows);
});

export default app;
`,
      errors: [{ messageId: "tagRaw", line: 9 }],
      messageIncludes: ["interpolating `table` reaches `sql.raw`, which inserts its text unescaped"],
    },
    {
      name: "NestJS + TypeORM: query-builder where/orderBy and repository query",
      path: "src/users/users.service.ts",
      code: `import { Injectable } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import { User } from "./user.entity";

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findByEmail(email: string, sort: string) {
    return this.users
      .createQueryBuilder("user")
      .where(\`user.email = '\${email}'\`)
      .orderBy(\`user.\${sort}\`, "DESC")
      .getMany();
  }

  countSince(since: string) {
    return this.users.query("SELECT count(*) FROM users WHERE created_at > '" + since + "'");
  }
}
`,
      errors: [
        { messageId: "builder", line: 13 },
        { messageId: "builder", line: 14 },
        { messageId: "driver", line: 19 },
      ],
      messageIncludes: ["interpolating `email` reaches the query builder's `….createQueryBuilder(…).where`", ":id"],
    },
    {
      name: "Prisma repository: $queryRawUnsafe with a template and Prisma.raw",
      path: "src/repositories/post.repository.ts",
      code: `import { Prisma, PrismaClient } from "@prisma/client";

export class PostRepository {
  constructor(private readonly prisma: PrismaClient) {}

  search(term: string, orderBy: string) {
    return this.prisma.$queryRawUnsafe(
      \`SELECT * FROM "Post" WHERE title LIKE '%\${term}%' ORDER BY \${orderBy}\`,
    );
  }

  byAuthor(authorId: string, column: string) {
    return this.prisma.$queryRaw\`SELECT * FROM "Post" WHERE "authorId" = \${authorId} ORDER BY \${Prisma.raw(\`"\${column}"\`)}\`;
  }
}
`,
      errors: [{ messageId: "prisma", line: 7 }, { messageId: "prismaRaw", line: 13 }],
      messageIncludes: ["interpolating `term` reaches `this.prisma.$queryRawUnsafe`", "tagged template"],
    },
    {
      name: "Sequelize model (require): replacements do not save a built string; literal",
      path: "src/models/invoice.js",
      code: `const { Model, Sequelize, QueryTypes } = require("sequelize");

class Invoice extends Model {
  static async totalsFor(customerId, from) {
    return this.sequelize.query(
      \`SELECT sum(amount) AS total FROM invoices WHERE customer_id = :customerId AND issued_at >= '\${from}'\`,
      { replacements: { customerId }, type: QueryTypes.SELECT },
    );
  }

  static latestBy(field) {
    return this.findAll({ order: [Sequelize.literal(\`"\${field}" DESC\`)] });
  }
}

module.exports = Invoice;
`,
      errors: [{ messageId: "sequelize", line: 5 }, { messageId: "literal", line: 12 }],
      messageIncludes: ["interpolating `from` reaches `this.sequelize.query`", "replacements do not help"],
    },
    {
      name: "Express + pg (require): WHERE fragments pushed into an array and joined",
      path: "src/routes/users.js",
      code: `const express = require("express");
const { Pool } = require("pg");

const pool = new Pool();
const router = express.Router();

router.get("/users", async (req, res) => {
  const where = [];
  if (req.query.role) where.push(\`role = '\${req.query.role}'\`);
  if (req.query.team) where.push("team_id = " + req.query.team);
  const clause = where.length ? "WHERE " + where.join(" AND ") : "";
  const { rows } = await pool.query(\`SELECT id, name FROM users \${clause}\`);
  res.json(rows);
});

module.exports = router;
`,
      errors: [{ messageId: "driver", line: 12 }],
      messageIncludes: ["interpolating `req.query.role` (line 9, stored in `where`) reaches `pool.query`"],
    },
    {
      name: "better-sqlite3: String#concat into prepare",
      code: `import Database from "better-sqlite3";

const db = new Database("app.db");

export function notesTagged(tag: string) {
  const sql = "SELECT * FROM notes WHERE tag = '".concat(tag, "'");
  return db.prepare(sql).all();
}
`,
      errors: [{ messageId: "driver", line: 7 }],
      messageIncludes: ["`.concat()` of `tag` (line 6, stored in `sql`) reaches `db.prepare`"],
    },
    {
      name: "Kysely: sql.lit with a request value",
      code: `import { Kysely, sql } from "kysely";
import type { DB } from "./types";

export function ordersByStatus(db: Kysely<DB>, status: string) {
  return db.selectFrom("orders").selectAll().where("status", "=", sql.lit(status)).execute();
}
`,
      errors: [{ messageId: "lit", line: 5 }],
      messageIncludes: ["`sql.lit` writes the non-constant value `status` into the SQL text"],
    },
    {
      name: "postgres.js: sql.unsafe with a concatenated id",
      code: `import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL!);

export async function deleteSession(id: string) {
  await sql.unsafe("DELETE FROM sessions WHERE id = '" + id + "'");
}
`,
      errors: [{ messageId: "tagRaw", line: 6 }],
      messageIncludes: ["`+` concatenation of `id` reaches `sql.unsafe`"],
    },
    {
      name: "Express + pg: UPDATE whose column names come from the request body",
      path: "src/routes/profile.ts",
      code: `import type { Request, Response } from "express";
import { pool } from "../db/pool";

export async function updateProfile(req: Request, res: Response) {
  const fields = Object.keys(req.body);
  const sets = fields.map((field, i) => \`\${field} = $\${i + 1}\`).join(", ");
  await pool.query(\`UPDATE users SET \${sets} WHERE id = $\${fields.length + 1}\`, [...Object.values(req.body), req.user.id]);
  res.sendStatus(204);
}
`,
      errors: [{ messageId: "driver", line: 7 }],
      messageIncludes: ["interpolating `field` (line 6, stored in `sets`) reaches `pool.query`"],
    },
    {
      name: "a syntax error elsewhere in the file does not stop the check",
      code: `import { pool } from "./pool";

export async function removeSessions(userId: string) {
  await pool.query("DELETE FROM sessions WHERE user_id = " + userId);
}

export function broken( {
  return
`,
      errors: [{ messageId: "driver", line: 4 }],
      incomplete: "syntax error on line 9",
    },
    {
      name: "Express + pg: DDL and SELECT naming a table taken from the request",
      path: "src/routes/admin.ts",
      code: `import { Router } from "express";
import { pool } from "../db/pool";

export const admin = Router();

admin.post("/columns", async (req, res) => {
  await pool.query(\`ALTER TABLE \${req.body.table} ADD COLUMN \${req.body.column} text\`);
  res.sendStatus(204);
});

admin.get("/export", async (req, res) => {
  const { rows } = await pool.query(\`SELECT * FROM \${req.query.table}\`);
  res.json(rows);
});
`,
      errors: [{ messageId: "driver", line: 7 }, { messageId: "driver", line: 12 }],
      messageIncludes: ["interpolating `req.body.table` reaches `pool.query`"],
    },
    {
      name: "Koa + knex: a name field of the request body, destructured or read off an object named table",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.post("/indexes", async (ctx) => {
  const { name } = ctx.request.body;
  await knex.raw(\`CREATE INDEX \${name} ON events (created_at)\`);
  const table = ctx.request.body;
  await knex.raw(\`DROP TABLE IF EXISTS \${table.name}\`);
  ctx.status = 204;
});

export default router;
`,
      errors: [{ messageId: "knex", line: 8 }, { messageId: "knex", line: 10 }],
      messageIncludes: ["interpolating `name` reaches `knex.raw`"],
    },
    {
      name: "Express + mysql2: a user object from the request body, and a metadata table name next to a raw id",
      path: "src/routes/users.js",
      code: `const express = require("express");
const mysql = require("mysql2/promise");

const pool = mysql.createPool(process.env.DATABASE_URL);
const router = express.Router();

router.post("/users/lookup", async (req, res) => {
  const user = req.body;
  const [rows] = await pool.query(\`SELECT id FROM users WHERE name = '\${user.name}'\`);
  res.json(rows);
});

async function purge(metadata, id) {
  await pool.query(\`DELETE FROM \${metadata.tableName} WHERE id = \${id}\`);
}

module.exports = { router, purge };
`,
      errors: [{ messageId: "driver", line: 9 }, { messageId: "driver", line: 14 }],
      messageIncludes: ["interpolating `user.name` reaches `pool.query`"],
    },
    {
      name: "NestJS + TypeORM: identifier-named fields of a DTO, a parameter named input, a helper fed the query",
      path: "src/reports/reports.service.ts",
      code: `import { Body, Controller, Get, Post, Query } from "@nestjs/common";
import { DataSource } from "typeorm";

@Controller("reports")
export class ReportsController {
  constructor(private readonly dataSource: DataSource) {}

  @Post("export")
  export(@Body() dto: ExportDto) {
    return this.dataSource.query(\`SELECT * FROM "\${dto.schemaName}"."\${dto.tableName}"\`);
  }

  @Get("count")
  count(@Query("entity") entity: string) {
    return this.dataSource.query(\`SELECT count(*) FROM \${this.getTableName(entity)}\`);
  }

  rows(input: { tableName: string }) {
    return this.dataSource.query(\`SELECT * FROM \${input.tableName}\`);
  }

  private getTableName(entity: string) {
    return this.dataSource.getMetadata(entity).tableName;
  }
}
`,
      errors: [
        { messageId: "driver", line: 10 },
        { messageId: "driver", line: 15 },
        { messageId: "driver", line: 19 },
      ],
      messageIncludes: ["interpolating `dto.schemaName` reaches `this.dataSource.query`"],
    },
    {
      name: "Fastify + pg: request arrays walked by map and for-of keep what they came from",
      path: "src/routes/maintenance.js",
      code: `async function maintenance(fastify) {
  fastify.post("/truncate", async (request) => {
    for (const table of request.body.tables) {
      await fastify.pg.query(\`TRUNCATE \${table}\`);
    }
    const drops = request.body.views.map((viewName) => \`DROP VIEW \${viewName}\`).join("; ");
    await fastify.pg.query(drops);
    const names = request.body.tables.map(({ tableName }) => \`'\${tableName}'\`).join(", ");
    return fastify.pg.query(\`SELECT * FROM information_schema.tables WHERE table_name IN (\${names})\`);
  });
}

module.exports = maintenance;
`,
      errors: [
        { messageId: "driver", line: 4 },
        { messageId: "driver", line: 7 },
        { messageId: "driver", line: 9 },
      ],
      messageIncludes: ["interpolating `table` reaches `fastify.pg.query`"],
    },
    {
      name: "Hono + better-sqlite3: a function parameter named like a table is still unknown input",
      code: `import { Hono } from "hono";
import Database from "better-sqlite3";

const db = new Database("app.db");
const app = new Hono();

function countRows(tableName: string) {
  return db.prepare(\`SELECT count(*) AS n FROM \${tableName}\`).get();
}

app.get("/count/:table", (c) => c.json(countRows(c.req.param("table"))));

export default app;
`,
      errors: [{ messageId: "driver", line: 8 }],
      messageIncludes: ["interpolating `tableName` reaches `db.prepare`"],
    },
    {
      name: "attack: SQL built with util.format, and through a local helper that returns its argument",
      path: "src/db/users.ts",
      code: `import util from "node:util";
import pg from "pg";

const pool = new pg.Pool();
const sql = (text: string) => text;

export async function find(name: string, id: string) {
  await pool.query(util.format("SELECT * FROM users WHERE name = '%s'", name));
  return pool.query(sql(\`SELECT * FROM users WHERE id = \${id}\`));
}
`,
      errors: [{ messageId: "driver", line: 8 }, { messageId: "driver", line: 9 }],
      messageIncludes: ["`util.format()` of"],
    },
    {
      name: "sqlite3: lower-case REPLACE INTO built with + reaches db.run (a whole statement, read by the shared SQL text)",
      code: `import sqlite3 from "sqlite3";

const db = new sqlite3.Database("cache.db");

export function remember(key: string, value: string) {
  db.run("replace into kv (k, v) values ('" + key + "', '" + value + "')");
}
`,
      errors: [{ messageId: "driver", line: 6 }],
    },
    {
      name: "mssql: MERGE INTO with an interpolated source table reaches a request's query",
      code: `import sql from "mssql";

export async function sync(pool: sql.ConnectionPool, staging: string) {
  const request = pool.request();
  return request.query(\`MERGE INTO accounts AS a USING \${staging} AS s ON a.id = s.id WHEN MATCHED THEN UPDATE SET a.balance = s.balance;\`);
}
`,
      errors: [{ messageId: "driver", line: 5 }],
    },
    {
      name: "AWS SDK v3: ScanCommand FilterExpression built from a Lambda event's query string",
      path: "src/handlers/search.ts",
      code: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent } from "aws-lambda";

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: APIGatewayProxyEvent) => {
  const status = event.queryStringParameters?.status ?? "open";
  const out = await doc.send(new ScanCommand({ TableName: "orders", FilterExpression: \`order_status = \${status}\` }));
  return { statusCode: 200, body: JSON.stringify(out.Items) };
};
`,
      errors: [{ messageId: "dynamo", line: 9 }],
      messageIncludes: ["The DynamoDB `FilterExpression` in `new ScanCommand` is built with a template literal interpolating `status`"],
    },
    {
      name: "AWS SDK v3: QueryCommand KeyConditionExpression concatenated from an Express body",
      path: "src/routes/orders.ts",
      code: `import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { Router } from "express";
import { client } from "../db";

export const orders = Router();
orders.post("/orders/search", async (req, res) => {
  const cmd = new QueryCommand({
    TableName: "orders",
    KeyConditionExpression: "pk = " + req.body.customerId,
  });
  res.json(await client.send(cmd));
});
`,
      errors: [{ messageId: "dynamo", line: 9 }],
    },
    {
      name: "DocumentClient v2: scan and update with expressions from path parameters",
      path: "src/handlers/items.js",
      code: `const AWS = require("aws-sdk");
const docClient = new AWS.DynamoDB.DocumentClient();

exports.handler = async (event) => {
  const id = event.pathParameters.id;
  const field = JSON.parse(event.body).field;
  await docClient.update({ TableName: "items", Key: { id }, UpdateExpression: "SET " + field + " = :v", ExpressionAttributeValues: { ":v": 1 } }).promise();
  return docClient.scan({ TableName: "items", FilterExpression: \`id = \${id}\` }).promise();
};
`,
      errors: [{ messageId: "dynamo", line: 7 }, { messageId: "dynamo", line: 8 }],
    },
    {
      name: "Lambda event body reaches a pg query through util.format",
      path: "src/handlers/notes.ts",
      code: `import { format } from "node:util";
import { Pool } from "pg";

const pool = new Pool();

export const handler = async (event: { body: string }) => {
  const { title } = JSON.parse(event.body);
  await pool.query(format("INSERT INTO notes (title) VALUES ('%s')", title));
  return { statusCode: 201 };
};
`,
      errors: [{ messageId: "driver", line: 8 }],
    },
    {
      name: "Lambda path parameter concatenated with .concat into a mysql2 query",
      path: "src/handlers/user.ts",
      code: `import mysql from "mysql2/promise";

const db = await mysql.createConnection(process.env.DATABASE_URL!);

export async function handler(event: any) {
  const id = event.pathParameters.id;
  const [rows] = await db.query("SELECT * FROM users WHERE id = ".concat(id));
  return { statusCode: 200, body: JSON.stringify(rows) };
}
`,
      errors: [{ messageId: "driver", line: 7 }],
    },
    {
      name: "AWS SDK v3: DeleteItemCommand ConditionExpression from Fastify params",
      path: "src/routes/items.ts",
      code: `import { DeleteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { FastifyInstance } from "fastify";

const ddb = new DynamoDBClient({});

export default async function items(fastify: FastifyInstance) {
  fastify.delete("/items/:owner", async (request) => {
    const { owner } = request.params as { owner: string };
    return ddb.send(new DeleteItemCommand({ TableName: "items", Key: { pk: { S: "x" } }, ConditionExpression: \`owner = \${owner}\` }));
  });
}
`,
      errors: [{ messageId: "dynamo", line: 9 }],
    },
  ],
  valid: [
    {
      name: "a parameter in SET TRANSACTION ISOLATION LEVEL (no request data)",
      path: "src/db/admin.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function begin(isolationLevel?: string) {
  if (isolationLevel) await pool.query("SET TRANSACTION ISOLATION LEVEL " + isolationLevel);
  await pool.query("BEGIN");
}
`,
    },
    {
      name: "a SAVEPOINT name built from a counter",
      path: "src/db/admin.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
let depth = 0;
export async function savepoint(name: string) {
  await pool.query(\`SAVEPOINT \${name}_\${depth++}\`);
}
`,
    },
    {
      name: "request data checked against a list before a PRAGMA",
      path: "src/db/admin.ts",
      code: `import express from "express";
import Database from "better-sqlite3";
const db = new Database("app.db");
const app = express();
app.post("/mode", (req, res) => {
  const mode = String(req.query.mode);
  if (!["DELETE", "WAL"].includes(mode)) return res.status(400).end();
  db.exec(\`PRAGMA journal_mode = \${mode}\`);
  res.end();
});
`,
    },
    {
      name: "an escaped database name in CREATE DATABASE",
      path: "src/db/admin.ts",
      code: `import { Pool, escapeIdentifier } from "pg";
const pool = new Pool();
export async function createTenantDb(name: string) {
  await pool.query(\`CREATE DATABASE \${escapeIdentifier(name)}\`);
}
`,
    },
    {
      name: "a constant DROP DATABASE",
      path: "src/db/admin.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function reset() {
  await pool.query("DROP DATABASE IF EXISTS app_test");
}
`,
    },
    {
      name: "request data in a SET statement checked with a literal switch",
      path: "src/db/admin.ts",
      code: `import express from "express";
import { Pool } from "pg";
const pool = new Pool();
const app = express();
app.post("/tx", async (req, res) => {
  const level = String(req.body.level);
  switch (level) {
    case "SERIALIZABLE":
    case "READ COMMITTED":
      break;
    default:
      throw new Error("bad level");
  }
  await pool.query("SET TRANSACTION ISOLATION LEVEL " + level);
  res.end();
});
`,
    },
    {
      name: "a value checked with includes and throw before a PRAGMA",
      path: "src/db/queries.ts",
      code: `import Database from "better-sqlite3";
const db = new Database("app.db");
export function journal(mode: string) {
  if (!["DELETE", "TRUNCATE", "WAL"].includes(mode)) throw new Error(\`bad mode \${mode}\`);
  return db.prepare("SELECT * FROM settings WHERE mode = '" + mode + "'").all();
}
`,
    },
    {
      name: "a value checked against a const list with indexOf === -1 and return",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
const SORTABLE = ["name", "created_at"];
export async function sort(order: string) {
  if (SORTABLE.indexOf(order) === -1) return [];
  return pool.query(\`SELECT * FROM users ORDER BY \${order}\`);
}
`,
    },
    {
      name: "a query inside an if that checks membership (TypeORM-style journal mode)",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function journal(options: { journalMode?: string }) {
  if (options.journalMode && ["DELETE", "WAL", "OFF"].indexOf(options.journalMode) !== -1) {
    await pool.query(\`SELECT * FROM settings WHERE mode = '\${options.journalMode}'\`);
  }
}
`,
    },
    {
      name: "a switch with literal cases and a default that throws",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function begin(level: string) {
  switch (level) {
    case "READ COMMITTED":
    case "SERIALIZABLE":
      break;
    default:
      throw new Error(\`unknown isolation level \${level}\`);
  }
  return pool.query("SELECT * FROM jobs WHERE level = '" + level + "'");
}
`,
    },
    {
      name: "inside a case clause of a literal switch",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function direction(dir: string) {
  switch (dir) {
    case "ASC":
    case "DESC":
      return pool.query(\`SELECT * FROM users ORDER BY name \${dir}\`);
    default:
      return [];
  }
}
`,
    },
    {
      name: "request data checked against a Set of literals",
      path: "src/db/queries.ts",
      code: `import express from "express";
import { Pool } from "pg";
const pool = new Pool();
const SORTS = new Set(["name", "email"]);
const app = express();
app.get("/u", async (req, res) => {
  const order = String(req.query.order);
  if (!SORTS.has(order)) return res.status(400).end();
  res.json(await pool.query(\`SELECT * FROM users ORDER BY \${order}\`));
});
`,
    },
    {
      name: "equality with literals joined by &&",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function direction(dir: string) {
  if (dir !== "ASC" && dir !== "DESC") throw new Error("bad");
  return pool.query(\`SELECT * FROM users ORDER BY name \${dir}\`);
}
`,
    },
    {
      name: "a check in a loop that continues",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function counts(tables: string[]) {
  for (const t of tables) {
    if (!["users", "orders"].includes(t)) continue;
    await pool.query(\`SELECT count(*) AS n FROM \${t}\`);
  }
}
`,
    },
    {
      name: "a local quoteIdent helper that doubles quotes",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
function quoteIdent(s: string) {
  return '"' + s.replace(/"/g, '""') + '"';
}
export async function count(table: string) {
  return pool.query(\`SELECT count(*) FROM \${quoteIdent(table)}\`);
}
`,
    },
    {
      name: "an imported escapeIdentifier",
      path: "src/db/queries.ts",
      code: `import { escapeIdentifier } from "pg";
import { Pool } from "pg";
const pool = new Pool();
export async function count(table: string) {
  return pool.query(\`SELECT count(*) FROM \${escapeIdentifier(table)}\`);
}
`,
    },
    {
      name: "the check and the query in the same branch",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function sort(order: string, strict: boolean) {
  if (strict) {
    if (!["name"].includes(order)) throw new Error("bad");
    return pool.query(\`SELECT * FROM users ORDER BY \${order}\`);
  }
  return [];
}
`,
    },
    {
      name: "positive includes with a ternary fallback already known, and a guard block that throws",
      path: "src/db/queries.ts",
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function sort(order: string) {
  if (!["name", "email"].includes(order)) {
    throw new Error(\`cannot sort by \${order}\`);
  }
  return pool.query(\`SELECT * FROM users ORDER BY \${order}\`);
}
`,
    },
    {
      name: "AWS SDK v3: placeholders with ExpressionAttributeValues",
      path: "src/handlers/search.ts",
      code: `import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { doc } from "../db";

export const handler = async (event: any) => {
  const status = event.queryStringParameters?.status ?? "open";
  const scanned = await doc.send(new ScanCommand({ TableName: "orders", FilterExpression: "order_status = :s", ExpressionAttributeValues: { ":s": status } }));
  const queried = await doc.send(new QueryCommand({ TableName: "orders", KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": event.pathParameters.id } }));
  return { statusCode: 200, body: JSON.stringify([scanned.Items, queried.Items]) };
};
`,
    },
    {
      name: "near-miss: an UpdateExpression built from a constant list of fields",
      path: "src/repo/items.ts",
      code: `import { UpdateCommand } from "@aws-sdk/lib-dynamodb";

const FIELDS = ["title", "status"] as const;

export function touch(id: string) {
  const set = FIELDS.map((f) => \`#\${f} = :\${f}\`).join(", ");
  return new UpdateCommand({ TableName: "items", Key: { id }, UpdateExpression: "SET " + set });
}
`,
    },
    {
      name: "Lambda handler with a parameterized pg query",
      path: "src/handlers/notes.ts",
      code: `import { Pool } from "pg";

const pool = new Pool();

export const handler = async (event: { body: string }) => {
  const { title } = JSON.parse(event.body);
  await pool.query("INSERT INTO notes (title) VALUES ($1)", [title]);
  return { statusCode: 201 };
};
`,
    },
    {
      name: "near-miss: a DOM event and a queue message are not Lambda's API Gateway input",
      path: "src/ui/search.ts",
      code: `export function onSubmit(event: SubmitEvent, db: { query(sql: string, v: unknown[]): void }) {
  const form = event.target as HTMLFormElement;
  db.query("SELECT * FROM drafts WHERE title = $1", [form.title]);
}
`,
    },
    {
      name: "near-miss: DocumentClient get with a Key object only, and a Map's get",
      path: "src/handlers/item.js",
      code: `const AWS = require("aws-sdk");
const docClient = new AWS.DynamoDB.DocumentClient();
const cache = new Map();

exports.handler = async (event) => {
  const id = event.pathParameters.id;
  if (cache.get(id)) return cache.get(id);
  return docClient.get({ TableName: "items", Key: { id } }).promise();
};
`,
    },
    {
      name: "util.format and .concat with constants only",
      path: "src/db/tables.ts",
      code: `import util from "node:util";
import { pool } from "./pool";

const TABLE = "audit_log";

export async function count() {
  await pool.query(util.format("SELECT count(*) FROM %s", TABLE));
  return pool.query("SELECT * FROM ".concat(TABLE, " WHERE id = $1"), [1]);
}
`,
    },
    {
      name: "Express + pg: WHERE clause of $n placeholders, numeric LIMIT, logged template",
      code: `import { Router } from "express";
import { Pool } from "pg";

const pool = new Pool();
export const router = Router();

router.get("/users", async (req, res) => {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (req.query.role) {
    values.push(req.query.role);
    conditions.push(\`role = $\${values.length}\`);
  }
  if (req.query.active) conditions.push("active = true");
  const where = conditions.length ? \`WHERE \${conditions.join(" AND ")}\` : "";
  const limit = Math.min(Number(req.query.limit) || 20, 100);
  const { rows } = await pool.query(\`SELECT id, name FROM users \${where} ORDER BY id LIMIT \${limit}\`, values);
  console.log(\`listed \${rows.length} users for \${req.ip}\`);
  res.json(rows);
});
`,
    },
    {
      name: "Fastify + mysql2 (require): placeholders and an allow-listed sort column",
      path: "src/routes/products.js",
      code: `const SORTABLE = { name: "name", price: "price", newest: "created_at" };

async function productRoutes(fastify) {
  fastify.get("/products", async (request) => {
    const column = SORTABLE[request.query.sort] ?? "created_at";
    const direction = request.query.dir === "asc" ? "ASC" : "DESC";
    const [rows] = await fastify.mysql.query(
      \`SELECT id, name, price FROM products WHERE category = ? ORDER BY \${column} \${direction}\`,
      [request.query.category],
    );
    return rows;
  });
}

module.exports = productRoutes;
`,
    },
    {
      name: "Koa + knex: constant raw SQL with ? and ?? bindings",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.get("/stats", async (ctx) => {
  const { from, to, type } = ctx.query;
  const totals = await knex.raw("SELECT ??, count(*) FROM events WHERE created_at BETWEEN ? AND ? GROUP BY 1", ["type", from, to]);
  const recent = await knex("events").where("type", type).whereRaw("created_at > ?", [from]).orderBy("created_at", "desc");
  ctx.body = { totals: totals.rows, recent };
});

export default router;
`,
    },
    {
      name: "Hono + drizzle: the sql tag binds interpolated values",
      code: `import { Hono } from "hono";
import { sql } from "drizzle-orm";
import { db } from "./db";
import { users } from "./schema";

const app = new Hono();

app.get("/users/:id", async (c) => {
  const id = Number(c.req.param("id"));
  const rows = await db.execute(sql\`SELECT * FROM users WHERE id = \${id}\`);
  const found = await db.select().from(users).where(sql\`\${users.email} = \${c.req.query("email")}\`);
  return c.json({ rows, found });
});

export default app;
`,
    },
    {
      name: "NestJS + TypeORM: named parameters and an includes-guarded sort column",
      path: "src/users/users.service.ts",
      code: `import { Injectable } from "@nestjs/common";
import { DataSource, Repository } from "typeorm";
import { User } from "./user.entity";

@Injectable()
export class UsersService {
  constructor(private readonly users: Repository<User>, private readonly dataSource: DataSource) {}

  findActive(email: string, sort: string) {
    const column = ["name", "createdAt"].includes(sort) ? sort : "createdAt";
    return this.users
      .createQueryBuilder("user")
      .where("user.email = :email", { email })
      .andWhere("user.deletedAt IS NULL")
      .orderBy(\`user.\${column}\`, "ASC")
      .getMany();
  }

  byId(id: string) {
    return this.dataSource.query("SELECT * FROM users WHERE id = $1", [id]);
  }
}
`,
    },
    {
      name: "Prisma repository: tagged $queryRaw, Prisma.sql and a readonly table name",
      path: "src/repositories/user.repository.ts",
      code: `import { Prisma, PrismaClient } from "@prisma/client";

export class UserRepository {
  private readonly table = '"User"';

  constructor(private readonly prisma: PrismaClient) {}

  byEmail(email: string) {
    return this.prisma.$queryRaw\`SELECT * FROM "User" WHERE email = \${email}\`;
  }

  byIds(ids: number[]) {
    return this.prisma.$queryRaw(Prisma.sql\`SELECT * FROM "User" WHERE id IN (\${Prisma.join(ids)})\`);
  }

  countByStatus(status: string) {
    return this.prisma.$queryRawUnsafe(\`SELECT count(*) FROM \${this.table} WHERE status = $1\`, status);
  }
}
`,
    },
    {
      name: "Sequelize model (require): constant SQL with replacements",
      path: "src/models/invoice.js",
      code: `const { Model, Sequelize, QueryTypes } = require("sequelize");

class Invoice extends Model {
  static async totalsFor(customerId, from) {
    const sql = \`SELECT sum(amount) AS total FROM invoices WHERE customer_id = :customerId AND issued_at >= :from\`;
    return this.sequelize.query(sql, { replacements: { customerId, from }, type: QueryTypes.SELECT });
  }

  static counted() {
    return this.findAll({ attributes: ["id", [Sequelize.literal("COUNT(*) OVER ()"), "total"]] });
  }
}

module.exports = Invoice;
`,
    },
    {
      name: "near-misses: HTTP clients, caches, GraphQL, regex exec, array join, logging",
      path: "src/services/profile.ts",
      code: `import axios from "axios";
import { cache } from "./cache";

export async function loadProfile(api: GraphClient, userId: string, params: Record<string, string>) {
  const search = new URLSearchParams(params);
  const base = "https://api.example.com/users/" + userId + "?" + search;
  const res = await fetch(base + "/profile");
  const orders = await axios.get(\`/users/\${userId}/orders?limit=10&from=\${params.from}\`);
  const cached = await cache.get(\`select:\${userId}\`);
  const graph = await api.query(\`{ user(id: "\${userId}") { name } }\`);
  const tags = ["a", userId].join(",");
  const match = /id=(\\d+)/.exec(\`id=\${userId}\`);
  console.log(\`SELECT for \${userId} took \${Date.now()} ms\`);
  return { profile: await res.json(), orders, cached, graph, tags, match };
}
`,
    },
    {
      name: "constant fragments: UPPER_CASE consts, imported constants, enum members, arithmetic",
      code: `import { pool } from "./pool";
import { USERS_TABLE } from "./tables";

const COLUMNS = "id, email, created_at";
enum Status {
  Active = "active",
  Banned = "banned",
}

export async function activeUsers(page: number) {
  const offset = (page - 1) * 50;
  const { rows } = await pool.query(
    \`SELECT \${COLUMNS} FROM \${USERS_TABLE} WHERE status = '\${Status.Active}' LIMIT 50 OFFSET \${offset}\`,
  );
  return rows;
}
`,
    },
    {
      name: "pg and mysql2 IN lists: placeholders generated with map and Array.from",
      path: "src/db/orders.js",
      code: `const { pool } = require("./pool");
const mysql = require("./mysql");

const COLUMNS = ["status", "total"];

async function ordersByIds(ids) {
  const marks = ids.map((_, i) => \`$\${i + 1}\`).join(", ");
  const { rows } = await pool.query(\`SELECT * FROM orders WHERE id IN (\${marks})\`, ids);
  const [more] = await mysql.query(\`SELECT * FROM orders WHERE id IN (\${ids.map(() => "?").join(",")})\`, ids);
  const sets = COLUMNS.map((c, i) => \`\${c} = $\${i + 2}\`).join(", ");
  await pool.query(\`UPDATE orders SET \${sets} WHERE id = $1\`, [ids[0], "paid", 0]);
  const slots = Array.from({ length: ids.length }, (_, i) => "$" + (i + 1)).join(", ");
  return pool.query(\`DELETE FROM carts WHERE order_id IN (\${slots})\`, ids).then(() => [rows, more]);
}

module.exports = { ordersByIds };
`,
    },
    {
      name: "a parameter shadows a built module-level variable of the same name",
      code: `import type { Database } from "better-sqlite3";

const sql = \`SELECT * FROM audit WHERE actor = '\${process.env.USER}'\`;
console.debug(sql);

export function all(db: Database, sql: string, params: unknown[]) {
  return db.prepare(sql).all(...params);
}
`,
    },
    {
      name: "TypeORM-style query runner: escaped paths, built column SQL and parsed table names",
      path: "src/db/postgres-query-runner.ts",
      code: `import type { DataSource } from "typeorm";

export class PostgresQueryRunner {
  constructor(private readonly dataSource: DataSource, private readonly driver: PostgresDriver) {}

  async addColumn(table: Table, column: TableColumn) {
    await this.query(\`ALTER TABLE \${this.escapePath(table)} ADD \${this.buildCreateColumnSql(table, column)}\`);
    await this.query(\`COMMENT ON COLUMN \${this.escapePath(table)}."\${column.name}" IS NULL\`);
  }

  async hasEnumType(target: Table | string, enumName: string) {
    let { schema, tableName } = this.driver.parseTableName(target);
    schema ??= await this.getCurrentSchema();
    const sql = \`SELECT 1 FROM "pg_type" "t" INNER JOIN "pg_namespace" "n" ON "n"."oid" = "t"."typnamespace" WHERE "n"."nspname" = '\${schema}' AND "t"."typname" = '\${tableName}_enum'\`;
    return (await this.query(sql)).length > 0;
  }

  async renameTable(metadata: EntityMetadata, newName: string) {
    await this.query(\`ALTER TABLE \${this.escapePath(metadata.tablePath)} RENAME TO \${this.escapePath(newName)}\`);
    await this.query(\`DROP INDEX IF EXISTS "\${metadata.schema}"."\${metadata.indices[0].name}"\`);
  }

  private query(sql: string, parameters?: unknown[]) {
    return this.dataSource.query(sql, parameters);
  }
}
`,
    },
    {
      name: "schema introspection: names read from catalog rows, views and indexes",
      path: "src/db/introspect.js",
      code: `class Introspector {
  constructor(queryRunner) {
    this.queryRunner = queryRunner;
  }

  async loadTables(tableNames) {
    const dbTables = [];
    const condition = tableNames
      .map((tablePath) => {
        const [schema, name] = tablePath.split(".");
        return \`("table_schema" = '\${schema}' AND "table_name" = '\${name}')\`;
      })
      .join(" OR ");
    dbTables.push(...(await this.queryRunner.query(\`SELECT * FROM "information_schema"."tables" WHERE \${condition}\`)));
    const columnsCondition = dbTables
      .map(({ table_schema, table_name }) => \`("table_schema" = '\${table_schema}' AND "table_name" = '\${table_name}')\`)
      .join(" OR ");
    return this.queryRunner.query(\`SELECT * FROM "information_schema"."columns" WHERE \${columnsCondition}\`);
  }

  async clear(schemas) {
    const views = await this.queryRunner.query(
      \`SELECT quote_ident(schemaname) || '.' || quote_ident(viewname) AS "name" FROM "pg_views" WHERE "schemaname" = ANY($1)\`,
      [schemas],
    );
    if (views.length > 0) await this.queryRunner.query(\`DROP VIEW IF EXISTS \${views.map(({ name }) => name).join(", ")} CASCADE\`);
    const dbIndices = await this.queryRunner.query(\`SELECT * FROM "sqlite_master" WHERE "type" = 'index'\`);
    for (const dbIndex of dbIndices) await this.queryRunner.query(\`PRAGMA index_info("\${dbIndex["name"]}")\`);
  }
}

module.exports = { Introspector };
`,
    },
    {
      name: "TypeORM query builder: aliases and property paths from entity metadata, indexed parameter names",
      path: "src/repositories/tree.repository.ts",
      code: `import { Repository } from "typeorm";

export class CategoryTreeRepository extends Repository<Category> {
  findDescendants(entities: Category[]) {
    const metadata = this.metadata;
    const alias = metadata.targetName;
    const junctionAlias = metadata.closureJunctionTable.junctionAlias;
    const qb = this.createQueryBuilder(alias).innerJoin(metadata.closureJunctionTable.target, junctionAlias);
    const condition = entities
      .map((entity, index) =>
        metadata.primaryColumns.map((column) => \`\${junctionAlias}.\${column.propertyPath} = :id_\${index}\`).join(" AND "),
      )
      .map((part) => "(" + part + ")")
      .join(" OR ");
    return qb.where(condition).orderBy(\`\${alias}.\${metadata.primaryColumns[0].propertyName}\`, "ASC").getMany();
  }
}
`,
    },
    {
      name: "Sequelize query interface and knex: generated statements split up, doubled identifier quotes, @p placeholders",
      path: "src/db/migrate.js",
      code: `const { QueryInterface } = require("sequelize");

class SqliteQueryInterface extends QueryInterface {
  async removeColumn(tableName, attributeName, options) {
    const sql = this.queryGenerator.removeColumnQuery(tableName, attributeName);
    for (const statement of sql.split(";").filter(Boolean)) {
      await this.sequelize.query(\`\${statement};\`, { ...options, raw: true });
    }
  }
}

function setSearchPath(connection, schemas) {
  const path = schemas.map((schema) => \`"\${schema.replace(/"/g, '""')}"\`).join(",");
  return connection.query(\`set search_path to \${path}\`);
}

function byIds(db, ids) {
  const placeholders = ids.map((_, i) => \`@p\${i}\`).join(", ");
  return db.query(\`SELECT * FROM items WHERE id IN (\${placeholders})\`, ids);
}

module.exports = { SqliteQueryInterface, setSearchPath, byIds };
`,
    },
    {
      name: "near-misses: util.format with a number placeholder, a helper given constant SQL, parameters through a helper",
      path: "src/db/users.ts",
      code: `import util from "node:util";
import pg from "pg";

const pool = new pg.Pool();
function sql(text: string) {
  return text;
}

export async function page(limit: number, id: string) {
  await pool.query(util.format("SELECT * FROM users LIMIT %d", limit));
  return pool.query(sql("SELECT * FROM users WHERE id = $1"), [id]);
}
`,
    },
  ],
});
