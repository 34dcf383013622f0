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
