// No blind scopes: the SQL, ORM and auth rules read every changed file of their language, and
// the content signals come from the rules' own sink and driver lists.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig, parseConfig } from "../../src/engine/config.js";
import { languageOf } from "../../src/engine/language.js";
import { EVERY_FILE_SCOPE } from "../../src/engine/rule-reach.js";
import { scanPull, type EngineDeps } from "../../src/engine/scan.js";
import { Scoper } from "../../src/engine/scope.js";
import { decide } from "../../src/engine/verdict.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import * as py from "../../src/verifiers/python/sql-sinks.js";
import * as tsq from "../../src/verifiers/typescript/sql-sinks.js";
import { MemorySource, type MemoryPull } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const deps: EngineDeps = { catalogue, verifiers: loadVerifiers(catalogue) };
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };
/** A repository whose narrowable scopes see nothing (secrets and gate cannot be narrowed). */
const BLIND = {
  scopes: Object.fromEntries(["query", "data-layer", "auth", "web"].map((s) => [s, { replace: true, signals: false }])),
};

const REPORT_PY = 'import os, asyncpg\n\nasync def totals(cur, region):\n    cur.execute(f"SELECT sum(amount) FROM orders WHERE region = \'{region}\'")\n';
const REPORT_TS = "export async function totals(db: Db, region: string) {\n  return db.all(`SELECT sum(amount) FROM orders WHERE region = '${region}'`);\n}\n";

async function scanOf(files: MemoryPull["files"], raw: unknown = {}) {
  return scanPull(new MemorySource({ meta: { author: COPILOT }, files }), parseConfig(raw, catalogue), deps);
}

describe("SQL, ORM and auth rules read every file of their language", () => {
  it("flags an unlisted sink outside data-layer paths even when no scope looks there", async () => {
    const scan = await scanOf({ "services/report.py": REPORT_PY, "services/report.ts": REPORT_TS }, BLIND);
    expect(scan.scopedFiles.flatMap((f) => f.scopes.map((s) => s.scope))).toEqual(["secrets", "secrets"]);
    expect(scan.findings.map((f) => [f.ruleId, f.file, f.line, f.scope])).toEqual([
      ["python/sql-injection", "services/report.py", 4, EVERY_FILE_SCOPE],
      ["typescript/sql-injection", "services/report.ts", 2, EVERY_FILE_SCOPE],
    ]);
    expect(decide(scan).conclusion).toBe("action_required");
  });

  it("control: the same files with bound parameters pass", async () => {
    const scan = await scanOf(
      {
        "services/report.py": 'async def totals(cur, region):\n    cur.execute("SELECT sum(amount) FROM orders WHERE region = %s", (region,))\n',
        "services/report.ts": "export async function totals(db: Db, region: string) {\n  return db.all('SELECT sum(amount) FROM orders WHERE region = ?', [region]);\n}\n",
      },
      BLIND,
    );
    expect(scan.findings).toEqual([]);
    expect(decide(scan).conclusion).toBe("success");
  });

  it("control: rules of other families still wait for their scopes", async () => {
    const files = { "lib/app.py": "from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\n" };
    expect((await scanOf(files, BLIND)).findings).toEqual([]);
    expect((await scanOf(files)).findings.map((f) => f.ruleId)).toEqual(["python/debug-enabled"]);
  });

  it("lists the files by the scope their content gives them, with an honest reason", async () => {
    const scan = await scanOf({ "services/report.py": REPORT_PY, "services/report.ts": REPORT_TS, "services/util.ts": "const m = new Map();\nm.get(k);\n" }, {});
    const why = Object.fromEntries(scan.scopedFiles.map((f) => [f.path, f.scopes.filter((s) => s.scope !== "secrets").map((s) => `${s.scope}: ${s.reason}`)]));
    expect(why["services/report.py"]).toEqual([
      "data-layer: imports an ORM or database driver (line 1: import os, asyncpg)",
      expect.stringMatching(/^query: (?:contains SQL text|calls a query API) \(line 4/),
    ]);
    expect(why["services/report.ts"]).toEqual([expect.stringMatching(/^query: .*\(line 2/)]);
    expect(why["services/util.ts"]).toEqual([]);
  });
});

describe("content signals come from the rules' own lists", () => {
  const scoper = new Scoper(catalogue, defaultConfig(catalogue));
  const scopes = (path: string, text: string) => scoper.byContent(path, languageOf(path), text, new Set()).map((s) => s.scope);

  it.each([...py.SQL_METHODS, ...py.RAW_METHODS].map((name) => [name]))("every Python sink method puts a file in query: %s", (name) => {
    expect(scopes("app/x.py", `def f(h, q):\n    return h.${name}(q)\n`)).toContain("query");
  });

  it.each(py.FETCH_METHODS.map((name) => [name]))("asyncpg's %s on a connection does too, not on any object", (name) => {
    expect(scopes("app/x.py", `async def f(conn, q):\n    return await conn.${name}(q)\n`)).toContain("query");
    expect(scopes("app/x.py", `async def f(client, q):\n    return await client.${name}(q)\n`)).not.toContain("query");
  });

  it.each([...tsq.DRIVER].map((name) => [name]))("every driver method on a database handle puts a TS file in query: db.%s", (name) => {
    expect(scopes("src/x.ts", `export const f = (q: string) => db.${name}(q);\n`)).toContain("query");
    expect(scopes("src/x.js", `exports.f = (q) => this.pool.${name}(q);\n`)).toContain("query");
  });

  it.each([...tsq.KNEX_RAW, ...tsq.PRISMA].map((name) => [name]))("raw builders on any receiver: %s", (name) => {
    expect(scopes("src/x.ts", `q.${name}(sql);\n`)).toContain("query");
  });

  it("control: the same method names on other objects do not", () => {
    expect(scopes("src/x.ts", "const v = cache.get(key);\nitems.all(x);\n")).not.toContain("query");
  });

  it.each([
    ["app/x.py", "import os, asyncpg\n"],
    ["app/x.py", "import json\nfrom psycopg2.extras import RealDictCursor\n"],
    ["app/x.py", "import sqlite3 as lite\n"],
    ["src/x.ts", 'import { Pool } from "pg";\n'],
    ["src/x.js", 'const mysql = require("mysql2/promise");\n'],
    ["src/x.ts", 'const { drizzle } = await import("drizzle-orm/node-postgres");\n'],
  ])("a driver or ORM import puts %s in data-layer: %j", (path, text) => {
    expect(scopes(path, text)).toContain("data-layer");
  });

  it("control: other imports do not", () => {
    expect(scopes("app/x.py", "import os, json\nfrom pathlib import Path\n")).not.toContain("data-layer");
    expect(scopes("src/x.ts", 'import express from "express";\n')).not.toContain("data-layer");
  });

  it("a repository's signals: false turns the built-in signals off too", () => {
    const off = new Scoper(catalogue, parseConfig({ scopes: { "data-layer": { signals: false } } }, catalogue));
    expect(off.byContent("app/x.py", "python", "import asyncpg\n", new Set()).map((s) => s.scope)).not.toContain("data-layer");
  });
});
