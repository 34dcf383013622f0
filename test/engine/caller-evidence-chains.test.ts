// Caller evidence one or two calls up: a call whose argument is a plain parameter of the function
// around it is the program's own only when every call of THAT function passes the program's own
// value there. Through the engine, several files per run, since the evidence is in other files.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { languageOf } from "../../src/engine/language.js";
import { runVerifiers, type FileToCheck } from "../../src/engine/run-verifiers.js";
import type { Finding } from "../../src/engine/types.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";

const catalogue = loadCatalogue();
const config = defaultConfig(catalogue);
const verifiers = loadVerifiers(catalogue).filter((v) => v.id.endsWith("/sql-injection"));

function filesOf(texts: Record<string, string>): FileToCheck[] {
  return Object.entries(texts).map(([path, text]) => ({ path, status: "added", language: languageOf(path), text, scopes: ["query"] }));
}

/** `path:line severity` of each SQL finding in the first file (the helper with the SQL). */
async function helperTiers(texts: Record<string, string>): Promise<string[]> {
  const { findings } = await runVerifiers(filesOf(texts), verifiers, config, { allFiles: true });
  expect(findings.every((f) => f.unlessCallers === undefined)).toBe(true);
  const helper = Object.keys(texts)[0];
  return findings.filter((f) => f.file === helper).map((f) => `${f.file}:${f.line} ${f.severity}`).sort();
}

async function messageOf(texts: Record<string, string>): Promise<string | undefined> {
  const { findings } = await runVerifiers(filesOf(texts), verifiers, config, { allFiles: true });
  return findings.find((f: Finding) => f.file === Object.keys(texts)[0])?.message;
}

// --- TypeScript / JavaScript ---------------------------------------------------------------

/** TypeORM's sqlite query runner (driver/sqlite-abstract), trimmed: the arrow `queryPromises` hands its `type` on. */
const SQLITE_RUNNER = `class AbstractSqliteQueryRunner {
    async loadTableRecords(tablePath, tableOrIndex) {
        const [, tableName] = this.splitTablePath(tablePath);
        return this.query(\`SELECT * FROM "typeorm_metadata" WHERE "type" = '\${tableOrIndex}' AND "name" IN ('\${tableName}')\`);
    }
    async loadTables(tableNames) {
        const tableNamesWithDot = tableNames.filter((tableName) => tableName.split(".").length > 1);
        const queryPromises = (type) => {
            const promises = [...tableNamesWithDot.map((tableName) => this.loadTableRecords(tableName, type))];
            return promises;
        };
        const dbTables = (await Promise.all(queryPromises("table"))).reduce((acc, res) => [...acc, ...res], []);
        const dbIndicesDef = (await Promise.all(queryPromises("index"))).reduce((acc, res) => [...acc, ...res], []);
        return [dbTables, dbIndicesDef];
    }
}
exports.AbstractSqliteQueryRunner = AbstractSqliteQueryRunner;
`;
const BETTER_SQLITE3 = `const { AbstractSqliteQueryRunner } = require("../sqlite-abstract/AbstractSqliteQueryRunner");
class BetterSqlite3QueryRunner extends AbstractSqliteQueryRunner {
    async loadTableRecords(tablePath, tableOrIndex) {
        const [database, tableName] = this.splitTablePath(tablePath);
        const res = await this.query(\`SELECT * FROM \${this.escapePath(\`\${database ? \`\${database}.\` : ""}sqlite_master\`)} WHERE "type" = '\${tableOrIndex}' AND "name" IN ('\${tableName}')\`);
        return res;
    }
}
exports.BetterSqlite3QueryRunner = BetterSqlite3QueryRunner;
`;
const COUNT_TS = `import { Pool } from "pg";

export async function countByStatus(pool: Pool, status: string): Promise<number> {
  const { rows } = await pool.query(\`SELECT count(*) AS n FROM orders WHERE status = '\${status}'\`);
  return rows[0].n;
}
`;
/** One level up: `countFor` passes its own `wanted` on. */
const COUNT_FOR = `import { Pool } from "pg";
import { countByStatus } from "../db/orders";

export function countFor(pool: Pool, wanted: string) {
  return countByStatus(pool, wanted);
}
`;

describe("TypeScript: the argument is a parameter whose function's calls all pass the program's own value: a warning", () => {
  it.each<[string, Record<string, string>, string[]]>([
    ["TypeORM: loadTableRecords gets the arrow queryPromises' type, and queryPromises only literals", { "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SQLITE_RUNNER }, ["driver/sqlite-abstract/AbstractSqliteQueryRunner.js:4 warning"]],
    [
      "TypeORM: the subclass's override, called from the superclass file through queryPromises",
      { "driver/better-sqlite3/BetterSqlite3QueryRunner.js": BETTER_SQLITE3, "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SQLITE_RUNNER },
      ["driver/better-sqlite3/BetterSqlite3QueryRunner.js:5 warning"],
    ],
    ["a function one call up, called with a literal and a module constant", { "src/db/orders.ts": COUNT_TS, "src/services/orders.ts": COUNT_FOR, "src/jobs/nightly.ts": `import { countFor } from "../services/orders";\nimport { pool } from "../db/pool";\n\nconst PENDING = "pending";\n\nexport async function nightly() {\n  return [await countFor(pool, "open"), await countFor(pool, PENDING)];\n}\n` }, ["src/db/orders.ts:4 warning"]],
    [
      "two levels of plain functions, the last called with process.env and a config object",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/services/orders.ts": COUNT_FOR,
        "src/services/report.ts": `import { Pool } from "pg";\nimport { countFor } from "./orders";\n\nexport async function reportLine(pool: Pool, status: string) {\n  return \`\${status}: \${await countFor(pool, status)}\`;\n}\n`,
        "src/jobs/report.ts": `import { reportLine } from "../services/report";\nimport { pool } from "../db/pool";\nimport config from "../config";\n\nexport const run = async () => [await reportLine(pool, process.env.REPORT_STATUS ?? "open"), await reportLine(pool, config.report.status)];\n`,
      },
      ["src/db/orders.ts:4 warning"],
    ],
    [
      "a NestJS service method passing its parameter, called from a decorated handler with a literal",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/orders/orders.service.ts": `import { Injectable } from "@nestjs/common";\nimport { Pool } from "pg";\nimport { countByStatus } from "../db/orders";\n\n@Injectable()\nexport class OrdersService {\n  constructor(private readonly pool: Pool) {}\n\n  count(status: string) {\n    return countByStatus(this.pool, status);\n  }\n}\n`,
        "src/orders/orders.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { OrdersService } from "./orders.service";\n\n@Controller("orders")\nexport class OrdersController {\n  constructor(private readonly orders: OrdersService) {}\n\n  @Get("open/count")\n  open() {\n    return this.orders.count("open");\n  }\n}\n`,
      },
      ["src/db/orders.ts:4 warning"],
    ],
    [
      "a const-held arrow in a method passing its parameter through a closure (map), called with this.x; the helper from a destructured require",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/jobs/sweep.js": `const { countByStatus } = require("../db/orders");\n\nclass Sweeper {\n  constructor(pool) {\n    this.pool = pool;\n    this.status = "stale";\n  }\n  async run() {\n    const sweep = async (status) => {\n      const pools = [this.pool];\n      return Promise.all(pools.map((p) => countByStatus(p, status)));\n    };\n    return sweep(this.status);\n  }\n}\nmodule.exports = Sweeper;\n`,
      },
      ["src/db/orders.ts:4 warning"],
    ],
  ])("%s", async (_name, texts, expected) => {
    expect(await helperTiers(texts)).toEqual(expected);
  });

  it("the message names the chain", async () => {
    const message = await messageOf({ "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SQLITE_RUNNER });
    expect(message).toContain(
      "Every call of `loadTableRecords` in the scanned files passes a value the program owns (1 call, AbstractSqliteQueryRunner.js:9, whose argument is what the calls of `queryPromises` pass (2 calls, AbstractSqliteQueryRunner.js:12, AbstractSqliteQueryRunner.js:13))",
    );
  });
});

describe("TypeScript: the chain does not show the program's own value: still blocking", () => {
  it.each<[string, Record<string, string>]>([
    [
      "destructured from require under another name, and called with req.query (one level)",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/jobs/nightly.js": `const { countByStatus } = require("../db/orders");\nexports.nightly = (pool) => countByStatus(pool, "open");\n`,
        "src/routes/orders.js": `const { countByStatus: count } = require("../db/orders");\nconst { pool } = require("../db/pool");\napp.get("/n", async (req, res) => res.json(await count(pool, req.query.status)));\n`,
      },
    ],
    ["the outer function has no calls", { "src/db/orders.ts": COUNT_TS, "src/services/orders.ts": COUNT_FOR }],
    [
      "one outer call passes req.query from an Express route in another file",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/services/orders.ts": COUNT_FOR,
        "src/jobs/nightly.ts": `import { countFor } from "../services/orders";\nimport { pool } from "../db/pool";\nexport const nightly = () => countFor(pool, "open");\n`,
        "src/routes/orders.ts": `import { Router } from "express";\nimport { countFor } from "../services/orders";\nimport { pool } from "../db/pool";\n\nexport const router = Router();\nrouter.get("/orders/count", async (req, res) => {\n  res.json({ n: await countFor(pool, String(req.query.status)) });\n});\n`,
      },
    ],
    [
      "three levels up (past the depth limit), however constant the last call",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/services/orders.ts": COUNT_FOR,
        "src/services/chain.ts": `import { Pool } from "pg";\nimport { countFor } from "./orders";\n\nexport function second(pool: Pool, s: string) {\n  return countFor(pool, s);\n}\n\nexport function third(pool: Pool, s: string) {\n  return second(pool, s);\n}\n`,
        "src/jobs/nightly.ts": `import { third } from "../services/chain";\nimport { pool } from "../db/pool";\nexport const nightly = () => third(pool, "open");\n`,
      },
    ],
    [
      "recursion: a calls b calls a, and a's only other call passes a literal",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/services/walk.ts": `import { Pool } from "pg";\nimport { countByStatus } from "../db/orders";\n\nexport async function countDown(pool: Pool, status: string, depth: number): Promise<number> {\n  return depth > 0 ? walkUp(pool, status, depth - 1) : countByStatus(pool, status);\n}\n\nexport async function walkUp(pool: Pool, status: string, depth: number): Promise<number> {\n  return countDown(pool, status, depth);\n}\n`,
      },
    ],
    [
      "the argument is built from the parameter (`${type}`, `type + x`), not the parameter itself",
      {
        "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SQLITE_RUNNER.replace("this.loadTableRecords(tableName, type)", "this.loadTableRecords(tableName, `${type}`)"),
        "driver/sqlite-abstract/other.js": `class Other {\n  async load(type, suffix) {\n    return this.loadTableRecords("t", type + suffix);\n  }\n  run() {\n    return this.load("table", "s");\n  }\n}\n`,
      },
    ],
    [
      "the outer function is a NestJS handler: decorated, so the framework passes the URL's value",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/orders/orders.controller.ts": `import { Controller, Get, Param } from "@nestjs/common";\nimport { Pool } from "pg";\nimport { countByStatus } from "../db/orders";\n\n@Controller("orders")\nexport class OrdersController {\n  constructor(private readonly pool: Pool) {}\n\n  @Get(":status/count")\n  count(@Param("status") status: string) {\n    return countByStatus(this.pool, status);\n  }\n\n  warm() {\n    return this.count("open");\n  }\n}\n`,
      },
    ],
    [
      "a NestJS service method called from a handler with the @Param it was given (two levels)",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/orders/orders.service.ts": `import { Injectable } from "@nestjs/common";\nimport { Pool } from "pg";\nimport { countByStatus } from "../db/orders";\n\n@Injectable()\nexport class OrdersService {\n  constructor(private readonly pool: Pool) {}\n\n  count(status: string) {\n    return countByStatus(this.pool, status);\n  }\n}\n`,
        "src/orders/orders.controller.ts": `import { Controller, Get, Param } from "@nestjs/common";\nimport { OrdersService } from "./orders.service";\n\n@Controller("orders")\nexport class OrdersController {\n  constructor(private readonly orders: OrdersService) {}\n\n  @Get("open/count")\n  open() {\n    return this.orders.count("open");\n  }\n\n  @Get(":status/count")\n  byStatus(@Param("status") status: string) {\n    return this.orders.count(status);\n  }\n}\n`,
      },
    ],
    [
      "the outer parameter is reassigned before it is passed on",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/services/orders.ts": `import { Pool } from "pg";\nimport { countByStatus } from "../db/orders";\nimport { lastFilter } from "./filters";\n\nexport function countFor(pool: Pool, wanted: string) {\n  if (!wanted) wanted = lastFilter();\n  return countByStatus(pool, wanted);\n}\n`,
        "src/jobs/nightly.ts": `import { countFor } from "../services/orders";\nimport { pool } from "../db/pool";\nexport const nightly = () => countFor(pool, "open");\n`,
      },
    ],
    [
      "the outer parameter redeclared with var from the request",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/services/orders.js": `const { countByStatus } = require("../db/orders");\n\nfunction countFor(pool, wanted, req) {\n  var wanted = req.query.status;\n  return countByStatus(pool, wanted);\n}\nexports.nightly = (pool, req) => countFor(pool, "open", req);\n`,
      },
    ],
    [
      "an inner arrow's own parameter of the same name shadows the outer one",
      { "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SQLITE_RUNNER.replace("tableNamesWithDot.map((tableName) => this.loadTableRecords(tableName, type))", "tableNamesWithDot.map((type) => this.loadTableRecords(type, type))") },
    ],
    [
      "the outer function handed on as a callback: called with anything",
      { "driver/sqlite-abstract/AbstractSqliteQueryRunner.js": SQLITE_RUNNER.replace('const dbTables = (await Promise.all(queryPromises("table")))', "const dbTables = (await Promise.all(tableNames.flatMap(queryPromises)))") },
    ],
    [
      "an Express handler held by a const: the router calls it, handing req",
      {
        "src/db/orders.ts": COUNT_TS,
        "src/routes/orders.ts": `import { Router, Request, Response } from "express";\nimport { countByStatus } from "../db/orders";\nimport { pool } from "../db/pool";\n\nconst byStatus = async (status: string, res: Response) => res.json({ n: await countByStatus(pool, status) });\nexport const handler = (req: Request, res: Response) => byStatus(req.params.status, res);\nexport const warm = (res: Response) => byStatus("open", res);\n\nexport const router = Router();\nrouter.get("/orders/:status/count", handler);\n`,
      },
    ],
  ])("%s", async (_name, texts) => {
    const tiers = await helperTiers(texts);
    expect(tiers.length).toBeGreaterThan(0);
    expect(tiers.every((t) => t.endsWith(" blocking"))).toBe(true);
  });
});

// --- Python ---------------------------------------------------------------------------------

const COUNT_PY = `def _count_status(cur, status):
    cur.execute(f"SELECT count(*) FROM orders WHERE status = '{status}'")
    return cur.fetchone()[0]
`;
const REPORT_PY = `from django.db import connection

from shop.db.reports import _count_status


def status_report(status):
    with connection.cursor() as cur:
        return {"status": status, "count": _count_status(cur, status)}
`;

describe("Python: the argument is a parameter of the def whose calls all pass the program's own value: a warning", () => {
  it.each<[string, Record<string, string>]>([
    ["a private helper called from a function whose calls pass Django settings", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": REPORT_PY, "shop/jobs/nightly.py": `from django.conf import settings\n\nfrom shop.services.report import status_report\n\n\ndef run():\n    return status_report(settings.DEFAULT_ORDER_STATUS)\n` }],
    ["Flask app.config, passed by keyword", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": REPORT_PY.replace("_count_status(cur, status)", "_count_status(cur, status=status)"), "shop/web/jobs.py": `from flask import current_app\n\nfrom shop.services.report import status_report\n\n\ndef nightly():\n    return status_report(current_app.config["DEFAULT_ORDER_STATUS"])\n` }],
    [
      "two levels of plain functions, literals at the top",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/services/report.py": REPORT_PY,
        "shop/services/summary.py": `from shop.services.report import status_report\n\n\ndef summary_line(status):\n    report = status_report(status)\n    return f"{report['status']}: {report['count']}"\n`,
        "shop/jobs/nightly.py": `from shop.services.summary import summary_line\n\n\ndef run():\n    return [summary_line("open"), summary_line("shipped")]\n`,
      },
    ],
    [
      "a method passing its parameter on, called on self with a class attribute (SQLAlchemy dialect style)",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/db/dialect.py": `from shop.db.reports import _count_status\n\n\nclass OrdersDialect:\n    default_status = "open"\n\n    def count_for(self, cur, status):\n        return _count_status(cur, status)\n\n    def on_connect(self, conn):\n        return self.count_for(conn.cursor(), self.default_status)\n`,
      },
    ],
    [
      "a module constant at the top, the parameter used inside a comprehension",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/services/report.py": `from shop.db.reports import _count_status\n\n\ndef counts(cursors, status):\n    return [_count_status(cur, status) for cur in cursors]\n`,
        "shop/jobs/nightly.py": `from shop.services.report import counts\n\nSTATUS = "pending"\n\n\ndef run(cursors):\n    return counts(cursors, STATUS)\n`,
      },
    ],
    [
      "the parameter captured by a lambda (map) and a nested def",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/services/report.py": `from shop.db.reports import _count_status\n\n\ndef counts(cursors, status):\n    def one(cur):\n        return _count_status(cur, status)\n\n    return list(map(lambda cur: _count_status(cur, status), cursors)) + [one(c) for c in cursors]\n`,
        "shop/jobs/nightly.py": `from shop.services.report import counts\n\n\ndef run(cursors):\n    return counts(cursors, "open")\n`,
      },
    ],
    [
      "a value read back from the database at the top",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/services/report.py": REPORT_PY,
        "shop/jobs/replay.py": `from django.db import connection\n\nfrom shop.services.report import status_report\n\n\ndef replay():\n    with connection.cursor() as cur:\n        cur.execute("SELECT status FROM order_statuses WHERE id = 1")\n        row = cur.fetchone()\n    return status_report(row[0])\n`,
      },
    ],
  ])("%s", async (_name, texts) => {
    expect(await helperTiers(texts)).toEqual(["shop/db/reports.py:2 warning"]);
  });

  it("the message names the chain", async () => {
    const message = await messageOf({ "shop/db/reports.py": COUNT_PY, "shop/services/report.py": REPORT_PY, "shop/jobs/nightly.py": `from shop.services.report import status_report\n\n\ndef run():\n    return status_report("open")\n` });
    expect(message).toContain("Every call of `_count_status` in the scanned files passes a value the program owns (1 call, report.py:8, whose argument is what the calls of `status_report` pass (1 call, nightly.py:5))");
  });
});

describe("Python: the chain does not show the program's own value: still blocking", () => {
  const NIGHTLY = `from shop.services.report import status_report\n\n\ndef run():\n    return status_report("open")\n`;
  it.each<[string, Record<string, string>]>([
    ["the outer function has no calls", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": REPORT_PY }],
    ["one outer call passes Flask request data in another file", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": REPORT_PY, "shop/jobs/nightly.py": NIGHTLY, "shop/web/views.py": `from flask import request\n\nfrom shop.services.report import status_report\n\n\ndef report_view():\n    return status_report(request.args["status"])\n` }],
    [
      "three levels up (past the depth limit)",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/services/report.py": REPORT_PY,
        "shop/services/chain.py": `from shop.services.report import status_report\n\n\ndef second(status):\n    return status_report(status)\n\n\ndef third(status):\n    return second(status)\n`,
        "shop/jobs/nightly.py": `from shop.services.chain import third\n\n\ndef run():\n    return third("open")\n`,
      },
    ],
    [
      "recursion: a calls b calls a",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/services/walk.py": `from shop.db.reports import _count_status\n\n\ndef count_down(cur, status, depth):\n    if depth == 0:\n        return _count_status(cur, status)\n    return walk_up(cur, status, depth - 1)\n\n\ndef walk_up(cur, status, depth):\n    return count_down(cur, status, depth)\n`,
      },
    ],
    ["the argument is built from the parameter", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": REPORT_PY.replace("_count_status(cur, status)", "_count_status(cur, status.upper())"), "shop/jobs/nightly.py": NIGHTLY }],
    ["an f-string of the parameter", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": REPORT_PY.replace("_count_status(cur, status)", '_count_status(cur, f"{status}")'), "shop/jobs/nightly.py": NIGHTLY }],
    ["the outer function is a Flask route", { "shop/db/reports.py": COUNT_PY, "shop/web/views.py": `from flask import Flask\nfrom django.db import connection\n\nfrom shop.db.reports import _count_status\n\napp = Flask(__name__)\n\n\n@app.get("/orders/<status>/count")\ndef status_report(status):\n    with connection.cursor() as cur:\n        return {"count": _count_status(cur, status)}\n\n\ndef warm():\n    return status_report("open")\n` }],
    [
      "the outer function is a Django view routed in urls.py",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/views.py": `from django.db import connection\nfrom django.http import JsonResponse\n\nfrom shop.db.reports import _count_status\n\n\ndef order_count(request, status):\n    with connection.cursor() as cur:\n        return JsonResponse({"count": _count_status(cur, status)})\n\n\ndef warm(request):\n    return order_count(request, "open")\n`,
        "shop/urls.py": `from django.urls import path\n\nfrom shop import views\n\nurlpatterns = [path("orders/<str:status>/count", views.order_count)]\n`,
      },
    ],
    [
      "the outer function is a Django view whose urls.py is not among the scanned files: it takes the request first",
      {
        "shop/db/reports.py": COUNT_PY,
        "shop/views.py": `from django.db import connection\nfrom django.http import JsonResponse\n\nfrom shop.db.reports import _count_status\n\n\ndef order_count(request, status):\n    with connection.cursor() as cur:\n        return JsonResponse({"count": _count_status(cur, status)})\n\n\ndef warm(request):\n    return order_count(request, "open")\n`,
      },
    ],
    ["a lambda's own parameter of the same name shadows the def's", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": `from shop.db.reports import _count_status\n\n\ndef counts(cur, statuses, status):\n    return list(map(lambda status: _count_status(cur, status), statuses))\n`, "shop/jobs/nightly.py": `from shop.services.report import counts\n\n\ndef run(cur, wanted):\n    return counts(cur, wanted, "open")\n` }],
    ["a nested def rebinds the name it captures (nonlocal)", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": `from flask import request\n\nfrom shop.db.reports import _count_status\n\n\ndef counts(cur, status):\n    def refresh():\n        nonlocal status\n        status = request.args["status"]\n\n    refresh()\n    return _count_status(cur, status)\n`, "shop/jobs/nightly.py": `from shop.services.report import counts\n\n\ndef run(cur):\n    return counts(cur, "open")\n` }],
    ["the outer parameter is reassigned", { "shop/db/reports.py": COUNT_PY, "shop/services/report.py": REPORT_PY.replace("def status_report(status):\n", "def status_report(status):\n    status = status or last_filter()\n"), "shop/jobs/nightly.py": NIGHTLY }],
  ])("%s", async (_name, texts) => {
    expect(await helperTiers(texts)).toEqual(["shop/db/reports.py:2 blocking"]);
  });
});

it("Python: SQL in a Django view taking the request first stays blocking, whatever the code's own call passes", async () => {
  const views = `from django.db import connection\nfrom django.http import JsonResponse\n\n\ndef order_count(request, status):\n    with connection.cursor() as cur:\n        cur.execute(f"SELECT count(*) FROM orders WHERE status = '{status}'")\n        return JsonResponse({"count": cur.fetchone()[0]})\n\n\ndef warm(request):\n    return order_count(request, "open")\n`;
  expect(await helperTiers({ "shop/views.py": views })).toEqual(["shop/views.py:7 blocking"]);
});
