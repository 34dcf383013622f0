import { expect, it } from "@jest/globals";
import { passesGate } from "../../../src/engine/rule-gate.js";
import { verifier } from "../../../src/verifiers/typescript/debug.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/debug", {
  invalid: [
    {
      name: "Express router: a debugger statement left in a handler",
      path: "src/routes/orders.ts",
      code: `import { Router } from "express";

export const orders = Router();

orders.post("/orders", async (req, res) => {
  debugger;
  res.json(await createOrder(req.body));
});
`,
      errors: [{ messageId: "debugger", line: 6 }],
      messageIncludes: ["A `debugger` statement is left in the code"],
    },
    {
      name: "Express app: errorhandler middleware for every environment",
      path: "src/app.ts",
      code: `import express from "express";
import errorhandler from "errorhandler";

const app = express();
app.use(errorhandler());
`,
      errors: [{ messageId: "errorhandler", line: 5 }],
    },
    {
      name: "Fastify plugin: Sequelize logging to the console",
      path: "src/plugins/db.ts",
      code: `import { Sequelize } from "sequelize";
import type { FastifyInstance } from "fastify";

export default async function db(fastify: FastifyInstance) {
  const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialect: "postgres", logging: console.log });
  fastify.decorate("sequelize", sequelize);
}
`,
      errors: [{ messageId: "queryLog", line: 5 }],
      messageIncludes: ["`logging: console.log` logs every database query in every environment", "`logging: process.env.NODE_ENV === \"development\"`"],
    },
    {
      name: "Koa service: mongoose debug and a knex debug config",
      path: "src/db.ts",
      code: `import mongoose from "mongoose";
import knex from "knex";

mongoose.set("debug", true);
export const db = knex({ client: "pg", connection: process.env.DATABASE_URL, debug: true });
`,
      errors: [{ messageId: "queryLog", line: 4 }, { messageId: "queryLog", line: 5 }],
    },
    {
      name: "Hono app: Prisma query logging",
      code: `import { Hono } from "hono";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient({ log: ["query", "info", "warn"] });
const app = new Hono();
app.get("/users", async (c) => c.json(await prisma.user.findMany()));
`,
      errors: [{ messageId: "queryLog", line: 4 }],
    },
    {
      name: "NestJS module: TypeORM logging all; Apollo stack traces",
      path: "src/app.module.ts",
      code: `import { Module } from "@nestjs/common";
import { TypeOrmModule } from "@nestjs/typeorm";
import { ApolloServer } from "@apollo/server";

export const apollo = new ApolloServer({ typeDefs: "", resolvers: {}, includeStacktraceInErrorResponses: true });

@Module({ imports: [TypeOrmModule.forRoot({ type: "postgres", url: process.env.DATABASE_URL, logging: "all" })] })
export class AppModule {}
`,
      errors: [{ messageId: "stacktraces", line: 5 }, { messageId: "queryLog", line: 7 }],
    },
  ],
  valid: [
    {
      name: "Express router: no debugger",
      path: "src/routes/orders.ts",
      code: `import { Router } from "express";

export const orders = Router();
const debug = (msg: string) => process.env.DEBUG && console.log(msg);

orders.post("/orders", async (req, res) => {
  debug("creating order");
  res.json(await createOrder(req.body));
});
`,
    },
    {
      name: "Express app: errorhandler only in development",
      path: "src/app.ts",
      code: `import express from "express";
import errorhandler from "errorhandler";

const app = express();
if (process.env.NODE_ENV === "development") {
  app.use(errorhandler());
}
`,
    },
    {
      name: "Fastify plugin: Sequelize logging tied to the environment, or off",
      path: "src/plugins/db.ts",
      code: `import { Sequelize } from "sequelize";

export const sequelize = new Sequelize(process.env.DATABASE_URL!, {
  dialect: "postgres",
  logging: process.env.NODE_ENV === "development" ? console.log : false,
});
export const quiet = new Sequelize(process.env.DATABASE_URL!, { dialect: "postgres", logging: false });
`,
    },
    {
      name: "Koa service: mongoose debug under a development check",
      path: "src/db.ts",
      code: `import mongoose from "mongoose";

if (process.env.NODE_ENV !== "production") mongoose.set("debug", true);
mongoose.set("strictQuery", true);
`,
    },
    {
      name: "Hono app: Prisma logging warnings and errors",
      code: `import { PrismaClient } from "@prisma/client";

export const prisma = new PrismaClient({ log: ["warn", "error"] });
`,
    },
    {
      name: "NestJS module: logging only errors; a development-only config file",
      path: "src/app.module.ts",
      code: `import { Module } from "@nestjs/common";
import { TypeOrmModule } from "@nestjs/typeorm";

@Module({ imports: [TypeOrmModule.forRoot({ type: "postgres", url: process.env.DATABASE_URL, logging: ["error"] })] })
export class AppModule {}
`,
    },
    {
      name: "a development configuration file",
      path: "config/database.development.ts",
      code: `export default { type: "postgres", database: "app_dev", logging: true };
`,
    },
  ],
});

// The gate at its edges: settings written as quoted or computed keys, comments before the colon,
// Knex's `client` as a shorthand, aliases of errorhandler and computed mongoose calls still pass
// it; 3D-engine code with debug layers and `log` in shaders does not.
ruleTester("typescript/debug", {
  invalid: [
    {
      name: "gate: Sequelize options with a quoted logging key",
      path: "src/db/sequelize.js",
      code: `const { Sequelize } = require("sequelize");

module.exports = new Sequelize(process.env.DATABASE_URL, { "dialect": "postgres", "logging": console.log });
`,
      errors: [{ messageId: "queryLog", line: 3 }],
    },
    {
      name: "gate: TypeORM data source with a computed logging key",
      path: "src/data-source.ts",
      code: `import { DataSource } from "typeorm";

export const AppDataSource = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
  ["logging"]: ["query", "error"],
});
`,
      errors: [{ messageId: "queryLog", line: 6 }],
    },
    {
      name: "gate: Prisma log option with a comment before its colon",
      path: "src/db.ts",
      code: `import { PrismaClient } from "@prisma/client";

export const db = new PrismaClient({ log /* verbose */ : [{ level: "query", emit: "stdout" }] });
`,
      errors: [{ messageId: "queryLog", line: 3 }],
    },
    {
      name: "gate: Knex with client as a shorthand and debug on",
      path: "src/db/knex.ts",
      code: `import knex from "knex";

const client = "pg";
export const db = knex({ client, connection: process.env.DATABASE_URL, debug: true });
`,
      errors: [{ messageId: "queryLog", line: 4 }],
    },
    {
      name: "gate: Apollo Server with a quoted debug key",
      path: "src/graphql/server.ts",
      code: `import { ApolloServer } from "@apollo/server";

export const server = new ApolloServer({ typeDefs, resolvers, "debug": true });
`,
      errors: [{ messageId: "stacktraces", line: 3 }],
    },
    {
      name: "gate: mongoose debug through computed access",
      path: "src/db/mongo.js",
      code: `const mongoose = require("mongoose");

mongoose["set"]("debug", true);
module.exports = mongoose.connect(process.env.MONGO_URL);
`,
      errors: [{ messageId: "queryLog", line: 3 }],
    },
    {
      name: "gate: errorhandler required under another name",
      path: "src/app.js",
      code: `const express = require("express");
const devErrors = require("errorhandler");

const app = express();
app.use(devErrors());
module.exports = app;
`,
      errors: [{ messageId: "errorhandler", line: 5 }],
    },
  ],
  valid: [
    {
      name: "Babylon.js-like debug layer: debug flags and logs, no server settings",
      path: "src/debug/debugLayer.ts",
      code: `export class DebugLayer {
  public debug = false;
  public show(config: { embedMode?: boolean; overlay?: boolean }): void {
    if (this.debug) Logger.Log("debug layer shown");
    this._scene.debugLayer.show(config);
  }
}
`,
    },
    {
      name: "Babylon.js-like shader include: log in GLSL text",
      path: "src/shaders/include/logDepth.ts",
      code: `const shader = \`float logDepth = log2(max(1e-6, 1.0 + vFragmentDepth));
gl_FragDepth = log(logDepth) * 0.5;\`;
export const logDepthDeclaration = { name: "logDepthDeclaration", shader };
`,
    },
    {
      name: "Babylon.js-like options object with debug and verbose, no client or Apollo",
      path: "src/physics/havokPlugin.ts",
      code: `export const physicsOptions = { debug: true, verbose: 1, substeps: 4 };
`,
    },
    {
      name: "Babylon.js-like scene loader flags: logging as a setter, not a key",
      path: "src/loading/sceneLoaderFlags.ts",
      code: `export class SceneLoaderFlags {
  private static _LoggingLevel = 0;
  public static set loggingLevel(value: number) {
    SceneLoaderFlags._LoggingLevel = value;
  }
}
`,
    },
    {
      name: "Babylon.js-like inspector: a debug key next to a clientRect, not a client",
      path: "src/inspector/overlay.ts",
      code: `export const overlay = (rect: DOMRect) => ({ debug: true, clientRect: rect, clientWidth: rect.width });
`,
    },
    {
      name: "Babylon.js-like logger: a log key in a plain object",
      path: "src/misc/logger.ts",
      code: `export const Logger = { log: (message: string) => console.log(message), warn: console.warn };
`,
    },
  ],
});

it("typescript/debug: the gate skips 3D-engine code with debug and log in it", () => {
  const skips = (text: string) => !passesGate(verifier, "typescript", { text });
  expect(skips("if (this.debug) Logger.Log(msg); scene.debugLayer.show({ overlay: true });")).toBe(true);
  expect(skips("const depth = Math.log(x); const options = { debug: true, verbose: 1 };")).toBe(true);
  expect(skips("export const Logger = { log: console.log };")).toBe(true);
  expect(skips("knex({ client: \"pg\", debug: true })")).toBe(false);
  expect(skips("new DataSource({ type: \"postgres\", logging: true })")).toBe(false);
});
