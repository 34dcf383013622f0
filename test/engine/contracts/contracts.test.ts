// Must-flag and must-not-flag tables for each contract kind, the pull-request semantics (only
// what the change adds or removes), and what the contracts cost in requests.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { parseConfig } from "../../../src/engine/config.js";
import { checkContracts } from "../../../src/engine/contracts/index.js";
import { looksLikeSql } from "../../../src/knowledge/sql-text.js";
import { renderCheckRun } from "../../../src/engine/render.js";
import { scanPull } from "../../../src/engine/scan.js";
import type { FileText } from "../../../src/engine/types.js";
import { decide } from "../../../src/engine/verdict.js";
import { MemorySource } from "../../support/memory-source.js";

const catalogue = loadCatalogue();
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };

interface Run {
  /** The changed files: path → text (a new file), or text with its base revision (a modified file). */
  files: Record<string, string | { text: string; base: string }>;
  /** Files at the head the change does not touch. */
  unchanged?: Record<string, string>;
  rules?: Record<string, string>;
}

async function run(contracts: unknown, r: Run) {
  const config = parseConfig({ contracts, rules: r.rules ?? {} }, catalogue);
  const all: Record<string, string> = { ...r.unchanged };
  for (const [p, v] of Object.entries(r.files)) all[p] = typeof v === "string" ? v : v.text;
  const text = (path: string): FileText | undefined => (all[path] === undefined ? undefined : { path, byteSize: all[path]!.length, binary: false, text: all[path] });
  const outcome = await checkContracts({
    contracts: config.contracts,
    rules: catalogue.contractRules,
    severities: config.rules,
    files: Object.entries(r.files).map(([path, v]) => ({ path, status: typeof v === "string" ? ("added" as const) : ("modified" as const) })),
    tree: Object.keys(all),
    texts: new Map(Object.keys(r.files).flatMap((p) => (text(p) ? [[p, text(p)!] as const] : []))),
    read: async (paths) => new Map(paths.flatMap((p) => (text(p) ? [[p, text(p)!] as const] : []))),
    base: new Map(Object.entries(r.files).flatMap(([path, v]) => (typeof v === "string" ? [] : [[path, { path, byteSize: v.base.length, binary: false, text: v.base }] as const]))),
  });
  return { ...outcome, found: outcome.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort() };
}

const CLEAN = { use: "clean-architecture" };

describe("contracts.layers", () => {
  const layered = {
    "app/models/user.py": "class User: ...\n",
    "app/repositories/users.py": "from app.models.user import User\n",
    "app/services/users.py": "from app.repositories import users\n",
    "app/routes/users.py": "from app.services import users\n",
    "src/models/user.ts": "export interface User { id: number }\n",
    "src/repositories/users.ts": 'import { User } from "../models/user";\n',
    "src/services/users.ts": 'import { x } from "../repositories/users";\n',
    "src/routes/users.ts": 'import { s } from "../services/users";\nimport { Router } from "express";\nimport { h } from "../lib/http";\n',
    "src/lib/http.ts": 'import { User } from "../models/user";\n',
  };

  it.each([
    ["Python: routes → models skips two layers", "app/routes/users.py", "from app.models.user import User\n"],
    ["Python: models → services points up", "app/models/user.py", "from app.services.users import x\n"],
    ["Python: relative import upward", "app/repositories/users.py", "from ..routes import users\n"],
    ["TS: routes → repositories skips services", "src/routes/users.ts", 'import { r } from "../repositories/users";\n'],
    ["TS: repositories → services points up", "src/repositories/users.ts", 'import { s } from "../services/users";\n'],
    ["TS: require() of a model in a route", "src/routes/users.ts", 'const { User } = require("../models/user");\n'],
    ["TS: re-export of a model from a route", "src/routes/users.ts", 'export { User } from "../models/user";\n'],
  ])("flags %s", async (_name, path, text) => {
    const { found } = await run(CLEAN, { files: { [path]: text }, unchanged: layered });
    expect(found).toEqual([`${path}:1 contracts/layers`]);
  });

  it.each([
    ["each layer importing the one below", Object.fromEntries(Object.entries(layered))],
    ["a type-only import across layers", { "src/routes/users.ts": 'import type { User } from "../models/user";\n' }],
    ["TYPE_CHECKING imports", { "app/routes/users.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.models.user import User\n" }],
    ["files in no layer importing anything", { "src/lib/http.ts": 'import { s } from "../routes/users";\n' }],
    ["libraries", { "src/models/user.ts": 'import { z } from "zod";\n' }],
    ["tests, excluded by default", { "tests/routes/test_users.py": "from app.models.user import User\n" }],
  ])("does not flag %s", async (_name, files) => {
    const { found } = await run(CLEAN, { files, unchanged: layered });
    expect(found).toEqual([]);
  });

  it("allows an edge the team allows, any skip with allow_skip, and counts type imports when asked", async () => {
    const skip = { files: { "app/routes/users.py": "from app.models.user import User\n" }, unchanged: layered };
    expect((await run({ ...CLEAN, layers: { allow: ["routes -> models"] } }, skip)).found).toEqual([]);
    expect((await run({ ...CLEAN, layers: { allow_skip: true } }, skip)).found).toEqual([]);
    const typed = { files: { "src/routes/users.ts": 'import type { User } from "../models/user";\n' }, unchanged: layered };
    expect((await run({ ...CLEAN, layers: { count_type_imports: true } }, typed)).found).toEqual(["src/routes/users.ts:1 contracts/layers"]);
  });

  it("names both layers, both files and the rule in the message, and records the edge for the summary", async () => {
    const { findings, summary } = await run(CLEAN, { files: { "app/routes/users.py": "from app.services import users\nfrom app.models.user import User\n" }, unchanged: layered });
    expect(findings[0]!.message).toContain("`app/routes/users.py` is in layer `routes` and imports `app/models/user.py` from layer `models`, skipping `services` and `repositories`");
    expect(findings[0]!.message).toContain("routes → services → repositories → models");
    expect(summary.layers?.edges).toEqual([
      { from: "routes", to: "services", imports: 1, verdict: "allowed", example: "app/routes/users.py:1 → app/services/users.py" },
      { from: "routes", to: "models", imports: 1, verdict: "skip", example: "app/routes/users.py:2 → app/models/user.py" },
    ]);
  });
});

describe("contracts.layers.data_access", () => {
  const project = {
    "app/models/user.py": "class User: ...\n",
    "app/repositories/users.py": "def get(session, id): ...\n",
    "src/models/user.ts": "export class User {}\n",
    "src/repositories/users.ts": "export const users = {};\n",
  };

  it.each([
    ["a SQLAlchemy session in a FastAPI route", "app/routes/a.py", "from fastapi import Depends\nfrom app.db import get_db\n\n\n@router.post('/x')\ndef create(db = Depends(get_db)):\n    pass\n", 6],
    ["db.session in a Flask route", "app/routes/a.py", "def create():\n    db.session.commit()\n", 2],
    ["the ORM's select() in a route", "app/routes/a.py", "from sqlalchemy import select\nrows = select(1)\n", 2],
    ["a Django manager on a model", "app/views.py", "from app.models.user import User\n\ndef index(request):\n    return User.objects.all()\n", 4],
    ["Prisma in an Express route", "src/routes/a.ts", "router.get('/', async () => prisma.user.findMany());\n", 1],
    ["a TypeORM repository in a controller", "src/users.controller.ts", 'import { getRepository } from "typeorm";\nconst r = getRepository(User);\n', 2],
    ["a pg pool created in a route", "src/routes/a.ts", 'import { Pool } from "pg";\nconst pool = new Pool();\n', 2],
    ["a Sequelize model's finder in a route", "src/routes/a.ts", 'import { User } from "../models/user";\nawait User.findAll();\n', 2],
  ])("flags %s", async (_name, path, text, line) => {
    const { found } = await run({ ...CLEAN, layers: { allow_skip: true } }, { files: { [path]: text }, unchanged: project });
    expect(found).toContain(`${path}:${line} contracts/data-access`);
  });

  it.each([
    ["a route calling a service", { "app/routes/a.py": "from app.services import users\nusers.create()\n" }],
    ["a repository using the session", { "app/repositories/users.py": "def add(session, u):\n    session.add(u)\n    session.commit()\n" }],
    ["a model used as a value", { "src/routes/a.ts": 'import { User } from "../models/user";\nconst u = new User();\n' }],
  ])("does not flag %s", async (_name, files) => {
    const { found } = await run({ ...CLEAN, layers: { allow_skip: true } }, { files, unchanged: project });
    expect(found).toEqual([]);
  });

  it("says nothing while the project has no repository layer to move the query to", async () => {
    const { found } = await run(CLEAN, { files: { "app/routes/a.py": "def create():\n    db.session.commit()\n" } });
    expect(found).toEqual([]);
  });
});

describe("contracts.orm", () => {
  const SQLA = { orm: { require: "sqlalchemy" } };
  const DRIZZLE = { orm: { require: "drizzle" } };

  it.each([
    ["a raw driver (Python)", "app/a.py", "import psycopg2\n", SQLA],
    ["a raw driver submodule", "app/a.py", "from psycopg2.extras import RealDictCursor\n", SQLA],
    ["another ORM (Python)", "app/a.py", "from tortoise.models import Model\n", SQLA],
    ["SQL text (Python)", "app/a.py", 'q = "SELECT id FROM users WHERE email = %s"\n', SQLA],
    ["SQL in an f-string", "app/a.py", 'q = f"DELETE FROM users WHERE id = {uid}"\n', SQLA],
    ["a raw driver (TS)", "src/a.ts", 'import mysql from "mysql2/promise";\n', DRIZZLE],
    ["another ORM (TS)", "src/a.ts", 'import { PrismaClient } from "@prisma/client";\n', DRIZZLE],
    ["lower-case SQL in a template", "src/a.ts", "const q = `select * from users where id = ${id}`;\n", DRIZZLE],
  ])("flags %s", async (_name, path, text, contracts) => {
    const { found } = await run(contracts, { files: { [path]: text } });
    expect(found).toEqual([`${path}:1 contracts/orm`]);
  });

  it.each([
    ["the required ORM and its helpers", { "app/a.py": "from sqlalchemy import select\nfrom flask_sqlalchemy import SQLAlchemy\nimport alembic\n" }, SQLA],
    ["SQL in migrations", { "migrations/versions/1.py": 'op.execute("CREATE TABLE t (id int)")\n' }, SQLA],
    ["a docstring that shows SQL", { "app/a.py": 'def f():\n    """SELECT id FROM users: what this replaces."""\n' }, SQLA],
    ["prose", { "app/a.py": 'msg = "Select one from the list"\nhelp = "select a file from disk"\n' }, SQLA],
    ["JS files when only a Python ORM is required", { "web/a.ts": 'import pg from "pg";\n' }, SQLA],
    ["a driver handed to Drizzle", { "src/db.ts": 'import { drizzle } from "drizzle-orm/node-postgres";\nimport pg from "pg";\n' }, DRIZZLE],
  ])("does not flag %s", async (_name, files, contracts) => {
    const { found } = await run(contracts, { files });
    expect(found).toEqual([]);
  });

  it("tells SQL from prose", () => {
    expect(["SELECT * FROM t", "  INSERT INTO t (a) VALUES (1)", "UPDATE t SET a = 1", "with x as (select 1) select * from x", "select id from users where id = ?"].every((t) => looksLikeSql(t))).toBe(true);
    expect(["Select one from the list", "select an option from the menu", "Update your profile", "DELETE", "from select import x"].some((t) => looksLikeSql(t))).toBe(false);
  });
});

describe("contracts: test code they skip by default", () => {
  const DRIZZLE = { orm: { require: "drizzle" } };
  const PG = { database: { require: "postgresql" } };
  const users = 'import { query } from "../testing/db";\nexport const list = () => query("users");\n';

  it.each([
    ["a raw driver in src/testing/db.ts, imported by src/api/users.ts", "src/testing/db.ts", DRIZZLE],
    ["a raw driver in src/specs/db.ts", "src/specs/db.ts", DRIZZLE],
    ["a raw driver in src/e2e/db.ts", "src/e2e/db.ts", DRIZZLE],
    ["another engine's driver in app/tests/db.ts", "app/tests/db.ts", PG],
    ["another engine's driver in lib/integration-tests/pool.ts", "lib/integration-tests/pool.ts", PG],
    ["a raw driver in src/__tests__/client.ts (not named as a test)", "src/__tests__/client.ts", DRIZZLE],
  ])("still reads code under a test folder: %s", async (_name, path, contracts) => {
    const files = { [path]: 'import mysql from "mysql2/promise";\nexport const query = (t: string) => mysql.createPool({}).query(t);\n', "src/api/users.ts": users };
    const { found } = await run(contracts, { files });
    expect(found).toContain(`${path}:1 ${"orm" in contracts ? "contracts/orm" : "contracts/database"}`);
  });

  it.each([
    ["a test named as one", { "src/api/users.test.ts": 'import mysql from "mysql2/promise";\n' }, DRIZZLE],
    ["a spec named as one", { "src/testing/db.spec.ts": 'import mysql from "mysql2/promise";\n' }, DRIZZLE],
    ["a pytest module", { "tests/test_db.py": "import sqlite3\n" }, PG],
    ["pytest's conftest", { "app/tests/conftest.py": "import sqlite3\n" }, PG],
    ["an e2e spec", { "e2e/login.e2e-spec.ts": 'import mysql from "mysql2";\n' }, PG],
    ["a compose file for the test setup", { "test/e2e/docker-compose.yml": "services:\n  db:\n    image: mysql:8\n" }, PG],
  ])("does not read %s", async (_name, files, contracts) => {
    const { found } = await run(contracts, { files });
    expect(found).toEqual([]);
  });
});

describe("contracts.database", () => {
  const PG = { database: { require: "postgresql" } };

  it.each([
    ["a driver import", "app/db.py", "import sqlite3\n"],
    ["a connection URL", "app/db.py", 'engine = create_engine("mysql+pymysql://app@db/app")\n'],
    ["Django's ENGINE", "shop/settings.py", 'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n'],
    ["a peewee database class", "app/db.py", 'db = SqliteDatabase("app.db")\n'],
    ["Sequelize's dialect", "src/db.js", 'new Sequelize(url, { dialect: "mysql" });\n'],
    ["knex's client", "knexfile.js", 'module.exports = { client: "sqlite3", connection: { filename: "./dev.sqlite3" } };\n'],
    ["TypeORM's type", "src/data-source.ts", 'new DataSource({ type: "mysql", host: "db", entities: [] });\n'],
    ["Drizzle's dialect", "drizzle.config.ts", 'export default defineConfig({ dialect: "sqlite", schema: "./s.ts" });\n'],
    ["an ODM import", "src/db.ts", 'import mongoose from "mongoose";\n'],
    ["Prisma's provider", "prisma/schema.prisma", 'datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\n'],
    ["a docker-compose service", "docker-compose.yml", "services:\n  db:\n    image: mongo:7\n"],
    ["a requirement", "requirements.txt", "Django==5.0\nmysqlclient==2.2.4\n"],
    ["a pyproject dependency", "pyproject.toml", '[project]\ndependencies = [\n  "aiosqlite>=0.20",\n]\n'],
    ["a package.json dependency", "package.json", '{\n  "dependencies": {\n    "better-sqlite3": "^11.0.0"\n  }\n}\n'],
    ["a URL in an env file", ".env.example", "DATABASE_URL=sqlite:///dev.db\n"],
  ])("flags %s", async (_name, path, text) => {
    const { found, findings } = await run(PG, { files: { [path]: text } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${path.replace(/[.]/g, "\\.")}:\\d+ contracts/database$`));
    expect(findings[0]!.message).toContain("but the project requires `postgresql`");
  });

  it.each([
    ["the required engine everywhere", { "app/db.py": 'import asyncpg\nurl = "postgresql+asyncpg://app@db/app"\n', "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n", "package.json": '{ "dependencies": { "pg": "^8" } }' }],
    ["a type key that is not a data source", { "src/a.ts": 'const field = { type: "sqlite", label: "Engine" };\n' }],
    ["paths the team allows another engine in", { "app/testing/db.py": "import sqlite3\n" }],
  ])("does not flag %s", async (_name, files) => {
    const { found } = await run({ database: { require: "postgresql", others_allowed_in: ["app/testing/**"] } }, { files });
    expect(found).toEqual([]);
  });

  it("treats MySQL and MariaDB as one family", async () => {
    const { found } = await run({ database: { require: "mariadb" } }, { files: { "src/db.ts": 'import mysql from "mysql2";\n', "docker-compose.yml": "services:\n  db:\n    image: mysql:8\n" } });
    expect(found).toEqual([]);
  });
});

describe("contracts.confine", () => {
  const CONFINE = {
    confine: {
      env: { only_in: ["src/config/**", "app/config.py"] },
      "jwt-sign": { only_in: ["src/auth/**", "app/auth/**"] },
      shell: { only_in: ["scripts/**"] },
      "raw-sql": { only_in: ["src/db/**"] },
      "axios.get": { only_in: ["src/clients/**"], why: "outbound calls go through the clients" },
    },
  };

  it.each([
    ["process.env", "src/a.ts", "const port = process.env.PORT;\n"],
    ["process.env by index", "src/a.ts", 'const key = process.env["API_KEY"];\n'],
    ["process.env destructured", "src/a.ts", "const { PORT } = process.env;\n"],
    ["import.meta.env", "src/a.ts", "const url = import.meta.env.VITE_API;\n"],
    ["os.getenv", "app/a.py", 'import os\nx = os.getenv("X")\n'],
    ["os.environ imported by name", "app/a.py", 'from os import environ\n\nx = environ["X"]\n'],
    ["jsonwebtoken's sign", "src/a.ts", 'import { sign } from "jsonwebtoken";\nconst t = sign({}, k);\n'],
    ["jose's SignJWT", "src/a.ts", 'import * as jose from "jose";\nconst t = await new jose.SignJWT({}).sign(k);\n'],
    ["PyJWT", "app/a.py", "import jwt\nt = jwt.encode({}, k)\n"],
    ["NestJS's JwtService", "src/a.ts", "const t = this.jwtService.sign({ sub: 1 });\n"],
    ["subprocess", "app/a.py", 'import subprocess\nsubprocess.run(["ls"])\n'],
    ["child_process", "src/a.ts", 'import { execSync } from "node:child_process";\nexecSync("ls");\n'],
    ["raw SQL", "src/a.ts", 'const q = "DELETE FROM sessions WHERE expired";\n'],
    ["a dotted call, by its import", "src/a.ts", 'import http from "axios";\nawait http.get(u);\n'],
  ])("flags %s outside its place", async (_name, path, text) => {
    const { found } = await run(CONFINE, { files: { [path]: text } });
    expect(found).toEqual([`${path}:${text.split("\n").length - 1} contracts/confine`]);
  });

  it.each([
    ["the same calls where they belong", { "src/config/index.ts": "export const port = process.env.PORT;\n", "app/auth/tokens.py": "import jwt\nt = jwt.encode({}, k)\n", "src/db/q.ts": 'const q = "SELECT 1 FROM t";\n' }],
    ["verifying a token", { "src/a.ts": 'import jwt from "jsonwebtoken";\njwt.verify(t, k);\n' }],
    ["other process APIs", { "src/a.ts": "process.exit(1);\nprocess.on('SIGTERM', stop);\n" }],
  ])("does not flag %s", async (_name, files) => {
    const { found } = await run(CONFINE, { files });
    expect(found).toEqual([]);
  });

  it("says where the API belongs and why", async () => {
    const { findings } = await run(CONFINE, { files: { "src/a.ts": 'import axios from "axios";\nawait axios.get(u);\n' } });
    expect(findings[0]!.message).toBe("`axios.get(…)` uses `axios.get`, which the project allows only in `src/clients/**` (contracts.confine): outbound calls go through the clients. Move this call into a function under `src/clients/**` and call that function from here.");
  });
});

describe("contracts.require_auth", () => {
  const AUTH = (extra: object = {}) => ({ require_auth: { routes: ["**/routes/**", "**/views.py"], guards: ["requireAuth", "login_required", "get_current_user"], public: ["POST /login", "/webhooks/*", "health_check"], ...extra } });

  it.each([
    ["an Express route without middleware", "src/routes/a.ts", 'router.post("/items", async (req, res) => res.sendStatus(201));\n'],
    ["app.all, which takes writes too", "src/routes/a.ts", 'app.all("/items", handler);\n'],
    ["a guard used only after the route", "src/routes/a.ts", 'router.delete("/items/:id", remove);\nrouter.use(requireAuth);\n'],
    ["a Hono guard on another path", "src/routes/a.ts", 'app.use("/admin/*", requireAuth);\napp.post("/items", (c) => c.json({}));\n'],
    ["a Flask route", "app/routes/a.py", '@bp.route("/items", methods=["GET", "POST"])\ndef items():\n    pass\n'],
    ["a FastAPI route", "app/routes/a.py", '@router.patch("/items/{id}")\nasync def update(id: int):\n    pass\n'],
    ["a Django generic editing view", "shop/views.py", "class ItemCreate(CreateView):\n    model = Item\n"],
    ["a Django view that handles POST itself", "shop/views.py", 'def edit(request):\n    if request.method == "POST":\n        save(request)\n'],
  ])("flags %s", async (_name, path, text) => {
    const { found } = await run(AUTH(), { files: { [path]: text } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/ contracts\/require-auth$/);
  });

  it.each([
    ["reads", { "src/routes/a.ts": 'router.get("/items", list);\n' }],
    ["a guard in the route", { "src/routes/a.ts": 'router.post("/items", requireAuth, create);\n' }],
    ["a guard held by a local name", { "src/routes/a.ts": "const auth = requireAuth;\nrouter.post('/items', auth, create);\n" }],
    ["a router-wide guard before the route", { "src/routes/a.ts": 'router.use(requireAuth);\nrouter.post("/items", create);\n' }],
    ["a Hono guard on the route's path", { "src/routes/a.ts": 'app.use("/items/*", requireAuth);\napp.post("/items/archive", (c) => c.json({}));\n' }],
    ["a FastAPI router with the dependency", { "app/routes/a.py": 'router = APIRouter(dependencies=[Depends(get_current_user)])\n\n@router.post("/items")\nasync def create():\n    pass\n' }],
    ["a Flask blueprint guarded before each request", { "app/routes/a.py": 'bp = Blueprint("a", __name__)\n\n@bp.before_request\n@login_required\ndef guard():\n    pass\n\n@bp.post("/items")\ndef create():\n    pass\n' }],
    ["public routes by method and path, by path, and by handler name", { "src/routes/a.ts": 'router.post("/login", login);\nrouter.post("/webhooks/stripe", stripe);\nrouter.delete("/cache", health_check);\n' }],
    ["files outside the route globs", { "src/lib/a.ts": 'router.post("/items", create);\n' }],
    ["@mock.patch and @patch.object in a sandbox module beside the routes", { "app/routes/sandbox.py": 'from unittest import mock\n\n@mock.patch("app.payments.charge")\ndef sandbox_checkout(charge):\n    pass\n\n@mock.patch.object(Client, "delete")\ndef sandbox_delete(delete):\n    pass\n' }],
  ])("does not flag %s", async (_name, files) => {
    const { found } = await run(AUTH(), { files });
    expect(found).toEqual([]);
  });

  it.each([
    ["a Flask app under another name", 'from flask import Flask\n\nsite = Flask(__name__)\n\n@site.patch("/users/<int:id>")\ndef update(id):\n    pass\n'],
    ["an app imported from the package", 'from app import app\n\n@app.delete("/users/<int:id>")\ndef remove(id):\n    pass\n'],
    ["an aiohttp route table", 'from aiohttp import web\n\nroutes = web.RouteTableDef()\n\n@routes.post("/users")\nasync def create(request):\n    pass\n'],
    ["an aiohttp registration", 'from aiohttp import web\n\nasync def create(request):\n    pass\n\napp = web.Application()\napp.router.add_post("/users", create)\n'],
    ["a Flask add_url_rule", 'from flask import Flask\n\napp = Flask(__name__)\n\ndef create():\n    pass\n\napp.add_url_rule("/users", view_func=create, methods=["POST"])\n'],
    ["a FastAPI api_route taking PUT", 'from fastapi import APIRouter\n\nv1 = APIRouter()\n\n@v1.api_route("/users/{id}", methods=["PUT"])\nasync def replace(id: int):\n    pass\n'],
  ])("attack (Python): %s is a route the contract sees", async (_name, text) => {
    const { found } = await run(AUTH(), { files: { "app/routes/a.py": text } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^app\/routes\/a\.py:\d+ contracts\/require-auth$/);
  });

  it.each([
    ["requests' patch", 'import requests\n\ndef sync(user):\n    requests.patch("/users/1", json=user)\n'],
    ["an httpx client's delete", 'import httpx\n\nclient = httpx.Client(base_url="https://api.example.com")\n\ndef drop(id):\n    client.delete("/users/" + str(id))\n'],
    ["a dict's get with a path-like key", 'HANDLERS = {}\n\ndef find(path):\n    return HANDLERS.get("/users", None)\n'],
    ["respx's mocked route", 'import respx\n\n@respx.patch("/users/1")\ndef sandbox(route):\n    pass\n'],
    ["responses' mocked route", 'import responses\n\n@responses.activate\ndef sandbox():\n    responses.post("/users", json={})\n'],
    ["a Django test client's post", 'from django.test import Client\n\nc = Client()\n\ndef smoke():\n    c.post("/users/", {"name": "x"})\n'],
  ])("control (Python): %s is not a route", async (_name, text) => {
    const { found } = await run(AUTH(), { files: { "app/routes/a.py": text } });
    expect(found).toEqual([]);
  });

  it("guards only the methods the team names", async () => {
    const files = { "src/routes/a.ts": 'router.put("/items/:id", update);\nrouter.delete("/items/:id", remove);\n' };
    expect((await run(AUTH({ methods: ["POST", "DELETE"] }), { files })).found).toEqual(["src/routes/a.ts:2 contracts/require-auth"]);
  });

  it("gives the guard the file's other routes use as the example", async () => {
    const { findings } = await run(AUTH(), { files: { "src/routes/a.ts": 'router.post("/a", requireAuth, a);\nrouter.post("/b", b);\n' } });
    expect(findings.map((f) => f.message)).toEqual([
      "`POST /b` (handler `b`) changes state but has none of the guards the project requires for `**/routes/**` and `**/views.py` (`requireAuth`, `login_required` and `get_current_user`; contracts.require_auth). Add one to this route, e.g. `requireAuth`, as the other routes in this file do.",
    ]);
  });
});

describe("on a pull request", () => {
  const routes = ['@bp.post("/a")', "@login_required", "def a():", "    pass", "", '@bp.post("/b")', "def b():", "    return 1", ""].join("\n");
  const AUTH = { require_auth: { routes: ["app/routes/**"], guards: ["login_required"] } };

  it("reports only what the change brings in: an unguarded route already at the base stays out, counted", async () => {
    const base = routes.replace("    pass", "    return 0");
    const { found, onBase } = await run(AUTH, { files: { "app/routes/a.py": { text: routes, base } } });
    expect(found).toEqual([]);
    expect(onBase).toBe(1);
  });

  it("reports a route whose guard the change removes, though no line was added", async () => {
    const before = routes.replace('@bp.post("/b")\n', '@bp.post("/b")\n@login_required\n');
    expect(before).not.toBe(routes);
    const { found } = await run(AUTH, { files: { "app/routes/a.py": { text: routes, base: before } } });
    expect(found).toEqual(["app/routes/a.py:6 contracts/require-auth"]);
  });

  it("reports a class view whose guard attribute the change removes; keeps quiet when it stays", async () => {
    const GUARDED = { require_auth: { routes: ["app/views.py"], guards: ["IsAuthenticated"] } };
    const view = (guard: string) =>
      ["from rest_framework.views import APIView", "", "", "class Orders(APIView):", guard, "", "    def post(self, request):", "        return 1", ""].join("\n");
    const base = view("    permission_classes = [IsAuthenticated]");
    const removed = await run(GUARDED, { files: { "app/views.py": { text: view("    pass"), base } } });
    expect(removed.found).toEqual(["app/views.py:7 contracts/require-auth"]);
    const kept = await run(GUARDED, { files: { "app/views.py": { text: base.replace("return 1", "return 2"), base } } });
    expect(kept.found).toEqual([]);
  });

  it("does not hold a change to a route's body against its declaration", async () => {
    const base = routes.replace("    return 1", "    return 0");
    const { found } = await run(AUTH, { files: { "app/routes/a.py": { text: routes, base } } });
    expect(found).toEqual([]);
  });

  it("uses the repository's severity for a contract rule, and none when it is off", async () => {
    const files = { "app/a.py": "import sqlite3\n" };
    const warned = await run({ orm: { require: "django" } }, { files, rules: { "contracts/orm": "warning" } });
    expect(warned.findings.map((f) => f.severity)).toEqual(["warning"]);
    expect((await run({ orm: { require: "django" } }, { files, rules: { "contracts/orm": "off" } })).found).toEqual([]);
  });
});

describe("what contracts cost", () => {
  const files = {
    "app/routes/users.py": "import sqlite3\nfrom app.models.user import User\n",
    "README.md": "docs\n",
  };
  const unchanged = { "app/models/user.py": "class User: ...\n" };

  it("reads the base of a modified file in the head's batch, and reports a guard the PR removed", async () => {
    const AUTHED = { require_auth: { routes: ["app/routes/**"], guards: ["login_required"] } };
    const head = '@bp.post("/a")\ndef a():\n    return 1\n';
    const base = '@bp.post("/a")\n@login_required\ndef a():\n    return 1\n';
    const source = new MemorySource({ meta: { author: COPILOT }, files: { "app/routes/a.py": { text: head, status: "modified", patch: "@@ -1,4 +1,3 @@\n @bp.post(\"/a\")\n-@login_required\n def a():\n     return 1" } }, base: { "app/routes/a.py": base } });
    const scan = await scanPull(source, parseConfig({ contracts: AUTHED }, catalogue), { catalogue, verifiers: [] });
    expect(source.calls).toEqual(["pull", "commits", "files", "fileTexts"]);
    expect(source.fetchedBase).toEqual(["app/routes/a.py"]);
    expect(scan.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(["1 contracts/require-auth"]);
    const unchanged = new MemorySource({ meta: { author: COPILOT }, files: { "app/routes/a.py": { text: head, status: "modified" } }, base: { "app/routes/a.py": head } });
    const quiet = await scanPull(unchanged, parseConfig({ contracts: AUTHED }, catalogue), { catalogue, verifiers: [] });
    expect([quiet.findings, quiet.onBaseFindings]).toEqual([[], 1]);
  });

  it("asks nothing more of GitHub when no contract is declared", async () => {
    const source = new MemorySource({ meta: { author: COPILOT }, files, unchanged });
    await scanPull(source, parseConfig({}, catalogue), { catalogue, verifiers: [] });
    expect(source.calls).toEqual(["pull", "commits", "files", "fileTexts"]);
  });

  it("reads the head's file list only for layers, and only when a changed file is in a layer", async () => {
    const orm = new MemorySource({ meta: { author: COPILOT }, files, unchanged });
    await scanPull(orm, parseConfig({ contracts: { orm: { require: "sqlalchemy" } } }, catalogue), { catalogue, verifiers: [] });
    expect(orm.calls).not.toContain("tree");

    const docsOnly = new MemorySource({ meta: { author: COPILOT }, files: { "README.md": "docs\n" }, unchanged });
    await scanPull(docsOnly, parseConfig({ contracts: CLEAN }, catalogue), { catalogue, verifiers: [] });
    expect(docsOnly.calls).not.toContain("tree");

    const layered = new MemorySource({ meta: { author: COPILOT }, files, unchanged });
    const scan = await scanPull(layered, parseConfig({ contracts: { ...CLEAN, orm: { require: "sqlalchemy" } } }, catalogue), { catalogue, verifiers: [] });
    expect(layered.calls).toEqual(["pull", "commits", "files", "tree", "fileTexts"]);
    expect(layered.fetched).toEqual(["app/routes/users.py"]);
    expect(scan.findings.map((f) => `${f.line} ${f.ruleId}`).sort()).toEqual(["1 contracts/orm", "2 contracts/layers"]);
    expect(scan.rulesRun).toEqual(["contracts/layers", "contracts/data-access", "contracts/orm"]);
    expect(scan.scopedFiles.find((f) => f.path === "app/routes/users.py")?.scopes).toContainEqual({ scope: "contracts", reason: "layer `routes`, orm" });
  });

  it("shows the contracts and the touched layer graph in the check run", async () => {
    const source = new MemorySource({ meta: { author: COPILOT }, files, unchanged });
    const scan = await scanPull(source, parseConfig({ contracts: CLEAN }, catalogue), { catalogue, verifiers: [] });
    const { summary, annotations } = renderCheckRun(decide(scan));
    expect(summary).toContain("### Structural contracts");
    expect(summary).toContain("In force (presets: `clean-architecture`): layers: routes → services → repositories → models.");
    expect(summary).toContain("| `routes` | `models` | 1 | ⛔ skips a layer | `app/routes/users.py:2 → app/models/user.py` |");
    expect(annotations.map((a) => a.title)).toEqual(["contracts/layers (layering, CWE-1054)"]);
  });
});
