import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/cors", {
  invalid: [
    {
      name: "Express app: cors with origin true and credentials",
      path: "src/app.ts",
      code: `import express from "express";
import cors from "cors";

const app = express();
app.use(cors({ origin: true, credentials: true }));
`,
      errors: [{ messageId: "reflect", line: 5 }],
      messageIncludes: ["`origin: true` (reflect the request's origin) in `cors(…)` together with `credentials: true`"],
    },
    {
      name: "Express router: Origin header reflected by hand with credentials",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function allowCors(req: Request, res: Response, next: NextFunction) {
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
  res.setHeader("Access-Control-Allow-Credentials", "true");
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 4 }],
      messageIncludes: ["copies the request's Origin header into Access-Control-Allow-Origin"],
    },
    {
      name: "Fastify: @fastify/cors registered with a wildcard and credentials",
      path: "src/server.ts",
      code: `import Fastify from "fastify";
import fastifyCors from "@fastify/cors";

const fastify = Fastify();
await fastify.register(fastifyCors, {
  origin: "*",
  credentials: true,
});
`,
      errors: [{ messageId: "wildcard", line: 6 }],
      messageIncludes: ["`origin: \"*\"` with `credentials: true`"],
    },
    {
      name: "Koa app: @koa/cors with an origin function that returns the caller's origin",
      path: "src/server.ts",
      code: `import Koa from "koa";
import cors from "@koa/cors";

const app = new Koa();
app.use(cors({ origin: (ctx) => ctx.get("Origin"), credentials: true }));
`,
      errors: [{ messageId: "reflect", line: 5 }],
      messageIncludes: ["An `origin` callback that accepts every origin"],
    },
    {
      name: "Hono app: cors middleware reflecting origins with credentials; manual header via c.header",
      code: `import { Hono } from "hono";
import { cors } from "hono/cors";

const app = new Hono();
app.use("/api/*", cors({ origin: (origin) => origin, credentials: true }));
app.get("/legacy", (c) => {
  c.header("Access-Control-Allow-Origin", c.req.header("Origin"));
  c.header("Access-Control-Allow-Credentials", "true");
  return c.text("ok");
});
`,
      errors: [{ messageId: "reflect", line: 5 }, { messageId: "reflectHeader", line: 7 }],
    },
    {
      name: "NestJS bootstrap: enableCors and NestFactory cors option",
      path: "src/main.ts",
      code: `import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { cors: { origin: true, credentials: true } });
  app.enableCors({ origin: (origin, callback) => callback(null, true), credentials: true });
  await app.listen(3000);
}
bootstrap();
`,
      errors: [{ messageId: "reflect", line: 5 }, { messageId: "reflect", line: 6 }],
    },
  ],
  valid: [
    {
      name: "Express app: an allow-list with credentials; a public API with a wildcard and no credentials",
      path: "src/app.ts",
      code: `import express from "express";
import cors from "cors";

const app = express();
app.use("/api", cors({ origin: ["https://app.example.com", "https://admin.example.com"], credentials: true }));
app.use("/public", cors({ origin: "*" }));
app.use("/embed", cors({ origin: true }));
`,
    },
    {
      name: "Express middleware: reflection only for allowed origins",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

const ALLOWED = new Set((process.env.CORS_ORIGINS ?? "").split(","));

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin;
  if (origin && ALLOWED.has(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
    res.setHeader("Vary", "Origin");
  }
  next();
}
`,
    },
    {
      name: "Fastify: @fastify/cors with a checking callback",
      path: "src/server.ts",
      code: `import Fastify from "fastify";
import fastifyCors from "@fastify/cors";

const allowed = ["https://app.example.com"];
const fastify = Fastify();
await fastify.register(fastifyCors, {
  origin: (origin, cb) => cb(null, !origin || allowed.includes(origin)),
  credentials: true,
});
`,
    },
    {
      name: "Koa app: @koa/cors with a fixed origin",
      path: "src/server.ts",
      code: `import Koa from "koa";
import cors from "@koa/cors";

const app = new Koa();
app.use(cors({ origin: "https://app.example.com", credentials: true }));
`,
    },
    {
      name: "Hono app: cors with an origin list",
      code: `import { Hono } from "hono";
import { cors } from "hono/cors";

const app = new Hono();
app.use("/api/*", cors({ origin: ["https://app.example.com"], credentials: true }));
app.use("/public/*", cors());
`,
    },
    {
      name: "NestJS bootstrap: origins from configuration, reflection only in development",
      path: "src/main.ts",
      code: `import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({ origin: process.env.CORS_ORIGINS?.split(",") ?? [], credentials: true });
  if (process.env.NODE_ENV === "development") app.enableCors({ origin: true, credentials: true });
  await app.listen(3000);
}
bootstrap();
`,
    },
  ],
});
