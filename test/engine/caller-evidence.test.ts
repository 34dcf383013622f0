// A SQL value spliced in from a parameter is blocking, unless every call of the function in the
// scanned files passes a value the program owns: then it is the `unproven` warning. Through the
// engine (several files in one run, in-thread, in the worker pool, in a pull request, in `scan`),
// since the evidence is in other files than the finding.
import { afterAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig, parseConfig } from "../../src/engine/config.js";
import { languageOf } from "../../src/engine/language.js";
import { VerifierPool } from "../../src/engine/pool.js";
import { runVerifiers, type FileToCheck } from "../../src/engine/run-verifiers.js";
import { scanPull } from "../../src/engine/scan.js";
import type { Finding } from "../../src/engine/types.js";
import { scan } from "../../src/cli/scan.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { MemorySource } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const config = defaultConfig(catalogue);
const verifiers = loadVerifiers(catalogue).filter((v) => v.id.endsWith("/sql-injection"));

function filesOf(texts: Record<string, string>): FileToCheck[] {
  return Object.entries(texts).map(([path, text]) => ({ path, status: "added", language: languageOf(path), text, scopes: ["query"] }));
}

/** `path:line severity` of each SQL finding. */
function tiers(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.severity}`).sort();
}

async function run(texts: Record<string, string>): Promise<Finding[]> {
  const { findings } = await runVerifiers(filesOf(texts), verifiers, config, { allFiles: true });
  expect(findings.every((f) => f.unlessCallers === undefined)).toBe(true);
  return findings;
}

// --- Python -------------------------------------------------------------------------------

const PG8000 = `from sqlalchemy.dialects.postgresql.base import PGDialect


class PGDialect_pg8000(PGDialect):
    client_encoding = "utf8"

    def set_client_encoding(self, connection, client_encoding):
        dbapi_connection = connection.connection
        cursor = dbapi_connection.cursor()
        cursor.execute("SET CLIENT_ENCODING TO '" + client_encoding + "'")
        cursor.execute("COMMIT")
        cursor.close()

    def on_connect(self):
        fns = []

        def on_connect(conn):
            self.set_client_encoding(conn, self.client_encoding)

        fns.append(on_connect)
        return fns
`;

const COUNT_HELPER = `def count_status(cur, status):
    cur.execute(f"SELECT count(*) FROM orders WHERE status = '{status}'")
    return cur.fetchone()[0]
`;

const KEYWORD_ONLY = `def purge_before(cur, *, cutoff):
    cur.execute("DELETE FROM audit_log WHERE created_at < '%s'" % cutoff)
`;

describe("Python: every call passes the program's own value, so the finding is a warning", () => {
  it.each<[string, Record<string, string>, string[]]>([
    ["pg8000: a method called on self with self.client_encoding (the real shape)", { "sqlalchemy/dialects/postgresql/pg8000.py": PG8000 }, ["sqlalchemy/dialects/postgresql/pg8000.py:10 warning"]],
    [
      "a module constant passed from another file",
      { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": `from shop.db.reports import count_status\n\nPENDING = "pending"\n\n\ndef run(conn):\n    with conn.cursor() as cur:\n        return count_status(cur, PENDING)\n` },
      ["shop/db/reports.py:2 warning"],
    ],
    [
      "Django settings and Flask app.config values",
      {
        "shop/db/reports.py": COUNT_HELPER,
        "shop/jobs/django_job.py": `from django.conf import settings\nfrom django.db import connection\nfrom shop.db import reports\n\n\ndef run():\n    with connection.cursor() as cur:\n        reports.count_status(cur, settings.DEFAULT_ORDER_STATUS)\n`,
        "shop/web/flask_job.py": `from flask import current_app\nfrom shop.db.reports import count_status\n\n\ndef nightly(cur):\n    return count_status(cur, current_app.config["DEFAULT_ORDER_STATUS"])\n`,
      },
      ["shop/db/reports.py:2 warning"],
    ],
    [
      "a same-named DB-API method called with fewer arguments than the required ones is another function (psycopg2, Django)",
      {
        "sqlalchemy/dialects/postgresql/pg8000.py": PG8000,
        "sqlalchemy/dialects/postgresql/psycopg2.py": `class PGDialect_psycopg2:\n    def on_connect(self):\n        def on_connect(conn):\n            conn.set_client_encoding(self.client_encoding)\n\n        return on_connect\n`,
        "django/db/backends/postgresql/base.py": `class DatabaseWrapper:\n    def init_connection_state(self):\n        self.connection.set_client_encoding("UTF8")\n`,
      },
      ["sqlalchemy/dialects/postgresql/pg8000.py:10 warning"],
    ],
    ["a literal passed by keyword to a keyword-only parameter", { "audit/purge.py": KEYWORD_ONLY, "audit/cron.py": `from audit.purge import purge_before\n\n\ndef monthly(cur):\n    purge_before(cur, cutoff="2020-01-01")\n` }, ["audit/purge.py:2 warning"]],
    [
      "a value read back from the database",
      { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/replay.py": `from shop.db.reports import count_status\n\n\ndef replay(cur):\n    cur.execute("SELECT status FROM order_statuses WHERE id = 1")\n    row = cur.fetchone()\n    return count_status(cur, row[0])\n` },
      ["shop/db/reports.py:2 warning"],
    ],
    [
      "two own calls in two files: self.x and a literal",
      {
        "shop/db/reports.py": COUNT_HELPER,
        "shop/jobs/a.py": `from shop.db.reports import count_status\n\n\nclass Job:\n    status = "open"\n\n    def run(self, cur):\n        return count_status(cur, self.status)\n`,
        "shop/jobs/b.py": `from shop.db.reports import count_status\n\n\ndef run(cur):\n    return count_status(cur, "closed")\n`,
      },
      ["shop/db/reports.py:2 warning"],
    ],
  ])("%s", async (_name, texts, expected) => {
    const findings = await run(texts);
    expect(tiers(findings)).toEqual(expected);
    expect(findings[0]?.message).toMatch(/Every call of `\w+` in the scanned files passes a value the program owns \(\d calls?, [\w.]+:\d+/);
  });

  it("says where the call is", async () => {
    const [finding] = await run({ "sqlalchemy/dialects/postgresql/pg8000.py": PG8000 });
    expect(finding?.message).toContain("every caller");
    expect(finding?.message).toContain("Every call of `set_client_encoding` in the scanned files passes a value the program owns (1 call, pg8000.py:18)");
  });
});

describe("Python: a call that may pass anything keeps the finding blocking", () => {
  const OWN_CALLER = `from shop.db.reports import count_status\n\n\ndef nightly(cur):\n    return count_status(cur, "open")\n`;
  it.each<[string, Record<string, string>]>([
    ["no call in the scanned files", { "shop/db/reports.py": COUNT_HELPER }],
    [
      "one own call, and a Flask view passing request data in another file",
      {
        "shop/db/reports.py": COUNT_HELPER,
        "shop/jobs/nightly.py": OWN_CALLER,
        "shop/web/views.py": `from flask import request\nfrom shop.db.reports import count_status\nfrom shop.db import get_cursor\n\n\n@app.get("/orders/count")\ndef count():\n    return {"n": count_status(get_cursor(), request.args["status"])}\n`,
      },
    ],
    ["a call passing the caller's own parameter", { "shop/db/reports.py": COUNT_HELPER, "shop/services/orders.py": `from shop.db.reports import count_status\n\n\ndef count_for(cur, wanted):\n    return count_status(cur, wanted)\n` }],
    ["*args and **kwargs hide the argument", { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": OWN_CALLER, "shop/jobs/fwd.py": `from shop.db.reports import count_status\n\n\ndef forward(*args, **kwargs):\n    count_status(*args)\n    return count_status(kwargs["cur"], **kwargs)\n` }],
    ["a call missing a required argument, and a call from the request", { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": `from shop.db.reports import count_status\n\n\ndef nightly(cur):\n    return count_status(cur)\n`, "shop/web/views.py": `from flask import request\nfrom shop.db.reports import count_status\n\n\ndef count(cur):\n    return count_status(cur, status=request.values["s"])\n` }],
    ["a call missing an argument that has a default", { "shop/db/reports.py": COUNT_HELPER.replace("status):", 'status="open"):'), "shop/jobs/nightly.py": `from shop.db.reports import count_status\n\n\ndef nightly(cur):\n    return count_status(cur)\n` }],
    [
      "a same-named method call elsewhere passing a Django request value",
      { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": OWN_CALLER, "shop/web/views.py": `from django.http import JsonResponse\nfrom shop.db import reports\n\n\ndef count(request):\n    return JsonResponse({"n": reports.count_status(request.cursor, request.GET.get("status"))})\n` },
    ],
    [
      "a keyword argument from the request",
      { "audit/purge.py": KEYWORD_ONLY, "audit/api.py": `from fastapi import Request\nfrom audit.purge import purge_before\n\n\n@router.post("/purge")\nasync def purge(request: Request, cur=Depends(get_cursor)):\n    purge_before(cur, cutoff=request.query_params["before"])\n` },
    ],
    ["imported under another name and called with request data", { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": OWN_CALLER, "shop/web/views.py": `from flask import request\nfrom shop.db.reports import count_status as count\n\n\ndef view(cur):\n    return count(cur, request.args["status"])\n` }],
    ["the function passed on as a callback", { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": `${OWN_CALLER}\nHOOKS = {"count": count_status}\n` }],
    ["its name as a string (getattr)", { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": `${OWN_CALLER}\n\ndef dispatch(cur, name, value):\n    return getattr(reports, "count_status")(cur, value)\n` }],
    [
      "a method called unbound on its class",
      { "sqlalchemy/dialects/postgresql/pg8000.py": PG8000, "app/db.py": `from sqlalchemy.dialects.postgresql.pg8000 import PGDialect_pg8000\n\n\ndef force(dialect, conn, enc):\n    PGDialect_pg8000.set_client_encoding(dialect, conn, "utf8")\n` },
    ],
    ["a caller file that does not parse", { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": OWN_CALLER, "shop/jobs/broken.py": `from shop.db.reports import count_status\n\ndef broken(cur:\n    count_status(cur, "x")\n` }],
  ])("%s", async (_name, texts) => {
    const findings = await run(texts);
    const helper = Object.keys(texts)[0]!;
    expect(tiers(findings.filter((f) => f.file === helper))).toEqual([`${helper}:${helper.includes("pg8000") ? 10 : 2} blocking`]);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      "a Flask view: the framework calls it with the URL's value, whatever the code's own call passes",
      { "shop/web/views.py": `from flask import Flask\nfrom shop.db import cursor\n\napp = Flask(__name__)\n\n\n@app.get("/orders/<status>/count")\ndef count_status(status):\n    cursor().execute(f"SELECT count(*) FROM orders WHERE status = '{status}'")\n\n\ndef nightly():\n    return count_status("open")\n` },
      "shop/web/views.py:9 blocking",
    ],
    [
      "a Django class-based view's get(): Django's dispatch passes the URL kwargs",
      { "shop/web/views.py": `from django.db import connection\nfrom django.views import View\n\n\nclass OrderCount(View):\n    def get(self, request, status):\n        with connection.cursor() as cur:\n            cur.execute(f"SELECT count(*) FROM orders WHERE status = '{status}'")\n\n    def warm(self, request):\n        return self.get(request, "open")\n` },
      "shop/web/views.py:8 blocking",
    ],
  ])("%s", async (_name, texts, expected) => {
    expect(tiers(await run(texts))).toEqual([expected]);
  });

  it("two parameters in value slots: the own one at the first does not vouch for the second", async () => {
    const helper = `def find(cur, kind, name):\n    cur.execute(f"SELECT * FROM things WHERE kind = '{kind}' AND name = '{name}'")\n`;
    const findings = await run({ "app/db/things.py": helper, "app/web.py": `from flask import request\nfrom app.db.things import find\n\n\ndef view(cur):\n    return find(cur, "plain", request.args["n"])\n` });
    expect(tiers(findings)).toEqual(["app/db/things.py:2 blocking"]);
  });

  it("a parameter reassigned in the function has no key: literal calls do not lower it", async () => {
    const helper = `def find(cur, name, kind):\n    kind = name\n    cur.execute(f"SELECT * FROM things WHERE kind = '{kind}'")\n`;
    const findings = await run({ "app/db/things.py": helper, "app/web.py": `from flask import request\nfrom app.db.things import find\n\n\ndef view(cur):\n    return find(cur, request.args["n"], "plain")\n` });
    expect(tiers(findings)).toEqual(["app/db/things.py:3 blocking"]);
  });
});

// --- TypeScript / JavaScript ---------------------------------------------------------------

const SUBCLASS = `const { AbstractSqliteQueryRunner } = require("../sqlite-abstract/AbstractSqliteQueryRunner");
class BetterSqlite3QueryRunner extends AbstractSqliteQueryRunner {
    async loadTableRecords(tablePath, tableOrIndex) {
        const res = await this.query(\`SELECT * FROM "typeorm_metadata" WHERE "type" = '\${tableOrIndex}'\`);
        return res;
    }
}
exports.BetterSqlite3QueryRunner = BetterSqlite3QueryRunner;
`;
const SUPERCLASS = `class AbstractSqliteQueryRunner {
    async loadTables(tableNames) {
        const tables = await Promise.all(tableNames.map((name) => this.loadTableRecords(name, "table")));
        const indices = await Promise.all(tableNames.map((name) => this.loadTableRecords(name, "index")));
        return [tables, indices];
    }
}
exports.AbstractSqliteQueryRunner = AbstractSqliteQueryRunner;
`;
const COUNT_TS = `import { Pool } from "pg";

export async function countByStatus(pool: Pool, status: string): Promise<number> {
  const { rows } = await pool.query(\`SELECT count(*) AS n FROM orders WHERE status = '\${status}'\`);
  return rows[0].n;
}
`;

describe("TypeScript: every call passes the program's own value, so the finding is a warning", () => {
  it.each<[string, Record<string, string>, string[]]>([
    ["TypeORM: a subclass's override called from the superclass file as this.m(x, \"lit\")", { "driver/better-sqlite3/BetterSqlite3QueryRunner.js": SUBCLASS, "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SUPERCLASS }, ["driver/better-sqlite3/BetterSqlite3QueryRunner.js:4 warning"]],
    ["a module constant", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": `import { countByStatus } from "../db/orders";\nimport { pool } from "../db/pool";\n\nconst PENDING = "pending";\n\nexport async function nightly() {\n  return countByStatus(pool, PENDING);\n}\n` }, ["src/db/orders.ts:4 warning"]],
    ["settings: process.env and a config object", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": `import { countByStatus } from "../db/orders";\nimport { pool } from "../db/pool";\nimport config from "../config";\n\nexport async function nightly() {\n  await countByStatus(pool, process.env.DEFAULT_STATUS ?? "open");\n  return countByStatus(pool, config.orders.defaultStatus);\n}\n` }, ["src/db/orders.ts:4 warning"]],
    ["this.x in a NestJS service", { "src/db/orders.ts": COUNT_TS, "src/orders/orders.service.ts": `import { Injectable } from "@nestjs/common";\nimport { Pool } from "pg";\nimport { countByStatus } from "../db/orders";\n\n@Injectable()\nexport class OrdersService {\n  private readonly status = "open";\n  constructor(private readonly pool: Pool) {}\n\n  open() {\n    return countByStatus(this.pool, this.status);\n  }\n}\n` }, ["src/db/orders.ts:4 warning"]],
    ["a value read back from the database", { "src/db/orders.ts": COUNT_TS, "src/jobs/replay.ts": `import { Pool } from "pg";\nimport { countByStatus } from "../db/orders";\n\nexport async function replay(pool: Pool) {\n  const { rows } = await pool.query("SELECT status FROM order_statuses WHERE id = 1");\n  return countByStatus(pool, rows[0].status);\n}\n` }, ["src/db/orders.ts:4 warning"]],
    ["literals in two files, one through a namespace import", { "src/db/orders.ts": COUNT_TS, "src/jobs/a.ts": `import { countByStatus } from "../db/orders";\nimport { pool } from "../db/pool";\nexport const a = () => countByStatus(pool, "open");\n`, "src/jobs/b.js": `const orders = require("../db/orders");\nconst { pool } = require("../db/pool");\nexports.b = () => orders.countByStatus(pool, "closed");\n` }, ["src/db/orders.ts:4 warning"]],
  ])("%s", async (_name, texts, expected) => {
    const findings = await run(texts);
    expect(tiers(findings)).toEqual(expected);
    expect(findings[0]?.message).toMatch(/Every call of `\w+` in the scanned files passes a value the program owns \(\d calls?, [\w.]+:\d+/);
  });
});

describe("TypeScript: a call that may pass anything keeps the finding blocking", () => {
  const OWN_CALLER = `import { countByStatus } from "../db/orders";\nimport { pool } from "../db/pool";\nexport const nightly = () => countByStatus(pool, "open");\n`;
  it.each<[string, Record<string, string>]>([
    ["no call in the scanned files", { "src/db/orders.ts": COUNT_TS }],
    ["one own call, and an Express route passing req.query in another file", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": OWN_CALLER, "src/routes/orders.ts": `import { Router } from "express";\nimport { countByStatus } from "../db/orders";\nimport { pool } from "../db/pool";\n\nexport const router = Router();\nrouter.get("/orders/count", async (req, res) => {\n  res.json({ n: await countByStatus(pool, String(req.query.status)) });\n});\n` }],
    ["a call passing the caller's own parameter", { "src/db/orders.ts": COUNT_TS, "src/services/orders.ts": `import { Pool } from "pg";\nimport { countByStatus } from "../db/orders";\n\nexport function countFor(pool: Pool, wanted: string) {\n  return countByStatus(pool, wanted);\n}\n` }],
    ["a spread hides the argument", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": OWN_CALLER, "src/jobs/fwd.ts": `import { countByStatus } from "../db/orders";\nexport const forward = (...args: [any, string]) => countByStatus(...args);\n` }],
    ["a call missing the argument", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": `import { countByStatus } from "../db/orders";\nimport { pool } from "../db/pool";\n// @ts-expect-error\nexport const nightly = () => countByStatus(pool);\n` }],
    ["a same-named method call elsewhere passing the Fastify body", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": OWN_CALLER, "src/routes/orders.ts": `import type { FastifyInstance } from "fastify";\nimport * as orders from "../db/orders";\n\nexport default async function routes(app: FastifyInstance) {\n  app.post("/orders/count", async (request) => orders.countByStatus(app.pg.pool, (request.body as any).status));\n}\n` }],
    ["imported under another name and called with request data", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": OWN_CALLER, "src/routes/orders.ts": `import { Router } from "express";\nimport { countByStatus as count } from "../db/orders";\nimport { pool } from "../db/pool";\n\nexport const router = Router();\nrouter.get("/n", async (req, res) => res.json(await count(pool, String(req.query.status))));\n` }],
    ["re-exported under another name", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": OWN_CALLER, "src/db/index.ts": `export { countByStatus as ordersByStatus } from "./orders";\n` }],
    ["the function handed on with .call", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": `${OWN_CALLER}export const other = (s: string) => countByStatus.call(null, pool, s);\n` }],
    ["the name written with a unicode escape", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": OWN_CALLER, "src/routes/orders.js": `const { countByStatus } = require("../db/orders");\nconst { pool } = require("../db/pool");\napp.get("/n", async (req, res) => res.json(await \\u0063ountByStatus(pool, req.query.s)));\n` }],
    ["called through an element access", { "src/db/orders.ts": COUNT_TS, "src/jobs/nightly.ts": OWN_CALLER, "src/routes/orders.js": `const orders = require("../db/orders");\napp.get("/n", async (req, res) => res.json(await orders["countByStatus"](pool, req.query.s)));\n` }],
    ["a method called as a bare function", { "driver/better-sqlite3/BetterSqlite3QueryRunner.js": SUBCLASS, "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SUPERCLASS, "driver/x.js": `const { loadTableRecords } = require("./y");\nloadTableRecords("t", "table");\n` }],
  ])("%s", async (_name, texts) => {
    const findings = await run(texts);
    const helper = Object.keys(texts)[0]!;
    expect(tiers(findings.filter((f) => f.file === helper))).toEqual([`${helper}:4 blocking`]);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      "a Next.js server action: the client calls it with what it wants, whatever the page's own call passes",
      {
        "app/orders/actions.ts": `"use server";\nimport { sql } from "@/db";\n\nexport async function countByStatus(status: string) {\n  return sql.query(\`SELECT count(*) FROM orders WHERE status = '\${status}'\`);\n}\n`,
        "app/orders/page.tsx": `import { countByStatus } from "./actions";\n\nexport default async function Page() {\n  const n = await countByStatus("open");\n  return <p>{String(n)}</p>;\n}\n`,
      },
      "app/orders/actions.ts:5 blocking",
    ],
    [
      "a NestJS microservice handler: decorated, so the transport passes the message's value",
      { "src/orders/orders.controller.ts": `import { Controller } from "@nestjs/common";\nimport { MessagePattern } from "@nestjs/microservices";\nimport { DataSource } from "typeorm";\n\n@Controller()\nexport class OrdersController {\n  constructor(private readonly db: DataSource) {}\n  @MessagePattern("orders.count")\n  count(status: string) {\n    return this.db.query(\`SELECT count(*) FROM orders WHERE status = '\${status}'\`);\n  }\n\n  warm() {\n    return this.count("open");\n  }\n}\n` },
      "src/orders/orders.controller.ts:10 blocking",
    ],
  ])("%s", async (_name, texts, expected) => {
    expect(tiers((await run(texts)).filter((f) => f.file === Object.keys(texts)[0]))).toEqual([expected]);
  });

  it("two parameters in value slots: the own one at the first does not vouch for the second", async () => {
    const helper = `export async function find(db, kind, name) {\n  return db.query(\`SELECT * FROM things WHERE kind = '\${kind}' AND name = '\${name}'\`);\n}\n`;
    const findings = await run({ "src/db/things.ts": helper, "src/web.ts": `import { find } from "./db/things";\nexport const view = (db) => find(db, "plain", process.env.NAME);\n` });
    expect(tiers(findings.filter((f) => f.file === "src/db/things.ts"))).toEqual(["src/db/things.ts:2 blocking"]);
  });

  it("a parameter reassigned in the function has no key", async () => {
    const helper = `export async function find(db, name, kind) {\n  kind = name;\n  return db.query(\`SELECT * FROM things WHERE kind = '\${kind}'\`);\n}\n`;
    const findings = await run({ "src/db/things.ts": helper, "src/web.ts": `import { find } from "./db/things";\napp.get("/t", (req, res) => find(db, req.query.n, "plain"));\n` });
    expect(tiers(findings.filter((f) => f.file === "src/db/things.ts"))).toEqual(["src/db/things.ts:3 blocking"]);
  });
});

// --- every path through the engine ------------------------------------------------------------

describe("the step runs on every path", () => {
  const pool = new VerifierPool({ threads: 2 });
  afterAll(() => pool.close());

  it("the worker pool settles against all files, as in-thread", async () => {
    const files = filesOf({
      "driver/better-sqlite3/BetterSqlite3QueryRunner.js": SUBCLASS,
      "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SUPERCLASS,
      "shop/db/reports.py": COUNT_HELPER,
      "shop/web/views.py": `from flask import request\nfrom shop.db.reports import count_status\n\n\ndef count(cur):\n    return count_status(cur, request.args["status"])\n`,
    });
    const pooled = await pool.run(files, verifiers, config, { allFiles: true });
    expect(tiers(pooled.findings)).toEqual(["driver/better-sqlite3/BetterSqlite3QueryRunner.js:4 warning", "shop/db/reports.py:2 blocking"]);
    expect(pooled.findings.every((f) => f.unlessCallers === undefined)).toBe(true);
    expect(pooled).toEqual(await runVerifiers(files, verifiers, config, { allFiles: true }));
  });

  it("a pull request: only its changed files are evidence (an unchanged caller is not seen)", async () => {
    const deps = { catalogue, verifiers };
    const gateAll = parseConfig({ gate: "all" }, catalogue);
    const unchanged = { "shop/web/views.py": `from flask import request\nfrom shop.db.reports import count_status\n\n\ndef count(cur):\n    return count_status(cur, request.args["status"])\n` };
    const own = `from shop.db.reports import count_status\n\n\ndef nightly(cur):\n    return count_status(cur, "open")\n`;
    const lowered = await scanPull(new MemorySource({ files: { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": own }, unchanged }), gateAll, deps);
    expect(tiers(lowered.findings)).toEqual(["shop/db/reports.py:2 warning"]);
    const both = await scanPull(new MemorySource({ files: { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": own, ...unchanged } }), gateAll, deps);
    expect(tiers(both.findings)).toEqual(["shop/db/reports.py:2 blocking"]);
  });

  it("agent-gate scan on two worker threads (40 files) settles across files as one thread does", async () => {
    const root = mkdtempSync(join(tmpdir(), "callers-pool-"));
    const saved = process.env.AGENT_GATE_WORKERS;
    try {
      const texts: Record<string, string> = { "shop/db/reports.py": COUNT_HELPER, "shop/jobs/nightly.py": `from shop.db.reports import count_status\n\n\ndef nightly(cur):\n    return count_status(cur, "open")\n` };
      for (let i = 0; i < 40; i++) texts[`shop/util${i}.py`] = `def add${i}(a, b):\n    return a + b\n`;
      for (const [path, text] of Object.entries(texts)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      const scanned = async (workers: string) => {
        process.env.AGENT_GATE_WORKERS = workers;
        const out = await scan(["--format", "json", "--all-files", root]);
        return tiers((JSON.parse(out.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId.endsWith("/sql-injection")));
      };
      expect(await scanned("2")).toEqual(["shop/db/reports.py:2 warning"]);
      expect(await scanned("1")).toEqual(["shop/db/reports.py:2 warning"]);
    } finally {
      if (saved === undefined) delete process.env.AGENT_GATE_WORKERS;
      else process.env.AGENT_GATE_WORKERS = saved;
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("agent-gate scan over a directory", async () => {
    const root = mkdtempSync(join(tmpdir(), "callers-"));
    try {
      for (const [path, text] of Object.entries({ "sqlalchemy/dialects/postgresql/pg8000.py": PG8000, "src/db/orders.ts": COUNT_TS, "src/jobs/a.ts": `import { countByStatus } from "../db/orders";\nexport const a = (pool) => countByStatus(pool, "open");\n` })) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      const out = await scan(["--format", "json", "--all-files", root]);
      const findings = (JSON.parse(out.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId.endsWith("/sql-injection"));
      expect(tiers(findings)).toEqual(["sqlalchemy/dialects/postgresql/pg8000.py:10 warning", "src/db/orders.ts:4 warning"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
