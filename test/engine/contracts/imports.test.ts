// Import resolution against a head's file list: TS/JS through the compiler's module resolution,
// Python against the package layout.
import { beforeAll, describe, expect, it } from "@jest/globals";
import { factsOf } from "../../../src/engine/contracts/extract.js";
import { ProjectIndex, TsResolver, resolvePython } from "../../../src/engine/contracts/resolve.js";
import { initPython } from "../../../src/verifiers/python/parser.js";

beforeAll(async () => {
  await initPython();
});

/** Every import of `file` as "specifier → target" (or "→ -" when it resolves to no file of the project). */
function tsImports(project: Record<string, string>, file: string): string[] {
  const index = new ProjectIndex(Object.keys(project));
  const resolver = new TsResolver(index, (p) => project[p]);
  return factsOf(file, project[file]!, false).imports.map((i) => `${i.specifier} → ${resolver.resolve(file, i.specifier) ?? "-"}${i.typeOnly ? " (type)" : ""}`);
}

function pyImports(project: Record<string, string>, file: string): string[] {
  const index = new ProjectIndex(Object.keys(project));
  return factsOf(file, project[file]!, false).imports.map((i) => `${i.specifier} → ${resolvePython(index, file, i).join(", ") || "-"}${i.typeOnly ? " (type)" : ""}`);
}

describe("TypeScript and JavaScript imports", () => {
  it("resolves ESM, re-exports, require(), dynamic import(), index files and .js naming .ts", () => {
    const project = {
      "src/routes/users.ts": [
        'import { a } from "../services/users.js";',
        'import b from "../services";',
        'export * from "../models/user";',
        'import type { T } from "../models/types";',
        'const c = require("../lib/legacy");',
        'const d = await import("../repositories/users");',
        'import express from "express";',
      ].join("\n"),
      "src/services/users.ts": "",
      "src/services/index.ts": "",
      "src/models/user.ts": "",
      "src/models/types.d.ts": "",
      "src/lib/legacy.js": "",
      "src/repositories/users.mts": "",
      "src/repositories/users.ts": "",
    };
    expect(tsImports(project, "src/routes/users.ts")).toEqual([
      "../services/users.js → src/services/users.ts",
      "../services → src/services/index.ts",
      "../models/user → src/models/user.ts",
      "../models/types → src/models/types.d.ts (type)",
      "../lib/legacy → src/lib/legacy.js",
      "../repositories/users → src/repositories/users.ts",
      "express → -",
    ]);
  });

  it("follows tsconfig paths and baseUrl, through extends, from the nearest tsconfig.json", () => {
    const project = {
      "tsconfig.base.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@app/*": ["packages/api/src/*"] } } }),
      "packages/api/tsconfig.json": '// comments are allowed\n{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }',
      "packages/api/src/routes/a.ts": 'import { s } from "@app/services/s";\nimport { m } from "packages/api/src/models/m";',
      "packages/api/src/services/s.ts": "",
      "packages/api/src/models/m.ts": "",
    };
    expect(tsImports(project, "packages/api/src/routes/a.ts")).toEqual([
      "@app/services/s → packages/api/src/services/s.ts",
      "packages/api/src/models/m → packages/api/src/models/m.ts",
    ]);
    const resolver = new TsResolver(new ProjectIndex(Object.keys(project)), () => undefined);
    expect(resolver.missing(["packages/api/src/routes/a.ts"], []).sort()).toEqual(["packages/api/tsconfig.json"]);
  });

  it("asks for the configs it still needs: the nearest tsconfig, what it extends, package.json for #imports", () => {
    const project: Record<string, string> = {
      "tsconfig.json": '{ "extends": "./config/tsconfig.shared" }',
      "config/tsconfig.shared.json": "{}",
      "package.json": JSON.stringify({ imports: { "#db/*": "./src/db/*.ts" } }),
      "src/routes/a.ts": 'import { pool } from "#db/pool";',
      "src/db/pool.ts": "",
    };
    const given: Record<string, string> = {};
    const resolver = new TsResolver(new ProjectIndex(Object.keys(project)), (p) => given[p]);
    expect(resolver.missing(["src/routes/a.ts"], ["src/routes/a.ts"]).sort()).toEqual(["package.json", "tsconfig.json"]);
    given["tsconfig.json"] = project["tsconfig.json"]!;
    given["package.json"] = project["package.json"]!;
    expect(resolver.missing(["src/routes/a.ts"], ["src/routes/a.ts"])).toEqual(["config/tsconfig.shared.json"]);
    expect(tsImports(project, "src/routes/a.ts")).toEqual(["#db/pool → src/db/pool.ts"]);
  });

  it("reads jsconfig.json for JavaScript projects", () => {
    const project = {
      "jsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: "src" } }),
      "src/controllers/a.js": 'const svc = require("services/orders");',
      "src/services/orders.js": "",
    };
    expect(tsImports(project, "src/controllers/a.js")).toEqual(["services/orders → src/services/orders.js"]);
  });

  it("counts an import as type-only only when everything it imports is a type", () => {
    const project = { "a.ts": 'import { type A, B } from "./b";\nimport { type C } from "./b";\nexport type { D } from "./b";', "b.ts": "" };
    expect(tsImports(project, "a.ts")).toEqual(["./b → b.ts", "./b → b.ts (type)", "./b → b.ts (type)"]);
  });
});

describe("Python imports", () => {
  const project = {
    "app/__init__.py": "",
    "app/models/__init__.py": "from app.models.user import User\n",
    "app/models/user.py": "",
    "app/services/__init__.py": "",
    "app/services/user_service.py": "",
    "app/repositories/user_repository.py": "",
    "app/routes/users.py": [
      "from app.models.user import User",
      "from app.models import User",
      "from app.services import user_service",
      "import app.repositories.user_repository as repo",
      "from . import auth",
      "from .auth import login",
      "from ..models import user",
      "import importlib",
      'importlib.import_module("app.services.user_service")',
      'importlib.import_module(".user", package="app.models")',
      "import os, json",
      "from typing import TYPE_CHECKING",
      "if TYPE_CHECKING:",
      "    from app.repositories.user_repository import UserRepository",
    ].join("\n"),
    "app/routes/auth.py": "",
  };

  it("resolves absolute and relative imports, submodules and packages, and importlib with a constant", () => {
    expect(pyImports(project, "app/routes/users.py")).toEqual([
      "app.models.user → app/models/user.py",
      "app.models → app/models/__init__.py",
      "app.services → app/services/user_service.py",
      "app.repositories.user_repository → app/repositories/user_repository.py",
      ". → app/routes/auth.py",
      ".auth → app/routes/auth.py",
      "..models → app/models/user.py",
      "importlib → -",
      "app.services.user_service → app/services/user_service.py",
      "app.models.user → app/models/user.py",
      "os → -",
      "json → -",
      "typing → -",
      "app.repositories.user_repository → app/repositories/user_repository.py (type)",
    ]);
  });

  it("finds the package root of a src layout or a nested project", () => {
    const nested = {
      "src/shop/__init__.py": "",
      "src/shop/api/views.py": "from shop.services import orders\nimport shop.models",
      "src/shop/services/orders.py": "",
      "src/shop/models.py": "",
      "backend/app/main.py": "from app.core.config import settings",
      "backend/app/core/config.py": "",
    };
    expect(pyImports(nested, "src/shop/api/views.py")).toEqual(["shop.services → src/shop/services/orders.py", "shop.models → src/shop/models.py"]);
    expect(pyImports(nested, "backend/app/main.py")).toEqual(["app.core.config → backend/app/core/config.py"]);
  });

  it("binds names to what they were imported as, so calls read as their module's API", () => {
    const facts = factsOf("a.py", "import jwt as j\nfrom os import environ\nfrom .db import get_db\nj.encode({})\nenviron.get('X')\nDepends(get_db)\n", false);
    expect(facts.uses.map((u) => `${u.written} = ${u.canonical ?? "?"}`)).toEqual([
      "j.encode = jwt.encode",
      "environ.get = os.environ.get",
      "Depends = ?",
      "get_db = .db.get_db",
    ]);
  });
});
