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

// A reflected origin counts as checked only by a sound allow-list test that guards the header.
ruleTester("typescript/cors", {
  invalid: [
    {
      name: "attack: a list holding only the origin, and the origin compared with the header it came from",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if ([origin].includes(origin) && origin === req.headers.origin) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 6 }],
    },
    {
      name: "attack: an allow-list read from the request's own query",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (String(req.query.allowed).split(",").includes(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 6 }],
    },
    {
      name: "attack: an unanchored regex kept in a const",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

const TRUSTED = /https:\\/\\/.*\\.example\\.com/;

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (TRUSTED.test(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 8 }],
    },
    {
      name: "attack: new RegExp from a string with an unescaped dot",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

const TRUSTED = new RegExp("^https://app.example.com$");

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (TRUSTED.test(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 8 }],
    },
    {
      name: "attack: endsWith without the dot also trusts https://evilexample.com",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (origin.endsWith("example.com")) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 6 }],
    },
    {
      name: "attack: a substring test of the origin (Koa)",
      path: "src/middleware/cors.ts",
      code: `import type { Context, Next } from "koa";

export async function cors(ctx: Context, next: Next) {
  const origin = ctx.get("Origin");
  if (origin.includes("example.com")) {
    ctx.set("Access-Control-Allow-Origin", origin);
    ctx.set("Access-Control-Allow-Credentials", "true");
  }
  await next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 6 }],
    },
    {
      name: "attack: only the header's presence is tested",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function allowCors(req: Request, res: Response, next: NextFunction) {
  if (req.headers.origin) {
    res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 5 }],
    },
    {
      name: "attack: reflected in the else branch of the list test",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

const ALLOWED = ["https://app.example.com"];

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.get("origin") ?? "";
  if (ALLOWED.includes(origin)) {
    res.setHeader("Vary", "Origin");
  } else {
    res.setHeader("Access-Control-Allow-Origin", origin);
  }
  res.setHeader("Access-Control-Allow-Credentials", "true");
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 10 }],
    },
    {
      name: "attack: an unanchored regex literal (Hono)",
      path: "src/app.ts",
      code: `import { Hono } from "hono";

const app = new Hono();
app.use("*", async (c, next) => {
  const origin = c.req.header("Origin") ?? "";
  if (/https:\\/\\/.*example\\.com/.test(origin)) {
    c.header("Access-Control-Allow-Origin", origin);
    c.header("Access-Control-Allow-Credentials", "true");
  }
  await next();
});
`,
      errors: [{ messageId: "reflectHeader", line: 7 }],
    },
    {
      name: "attack: an earlier list test that only logs, then a prefix test",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

const ALLOWED = new Set(["https://app.example.com"]);

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (!ALLOWED.has(origin)) {
    console.warn("unlisted origin", origin);
  }
  if (origin.startsWith("https://app.example.com")) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
      errors: [{ messageId: "reflectHeader", line: 11 }],
    },
  ],
  valid: [
    {
      name: "near-miss: a list named origins (the word, not the value)",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

const origins = ["https://app.example.com"];

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (origins.includes(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
    },
    {
      name: "near-miss: an anchored regex kept in a const",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

const TRUSTED = /^https:\\/\\/[a-z0-9-]+\\.example\\.com$/;

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (TRUSTED.test(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
    },
    {
      name: "near-miss: endsWith with the leading dot and an https prefix",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (origin.startsWith("https://") && origin.endsWith(".example.com")) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
    },
    {
      name: "near-miss: an early 403 for origins off the list",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

const ALLOWED = ["https://app.example.com", "https://admin.example.com"];

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (!ALLOWED.includes(origin)) {
    return res.status(403).end();
  }
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Allow-Credentials", "true");
  next();
}
`,
    },
    {
      name: "near-miss: indexOf against the configured list",
      path: "src/middleware/cors.ts",
      code: `import type { Context, Next } from "koa";

const ORIGINS = (process.env.CORS_ORIGINS ?? "").split(",");

export async function cors(ctx: Context, next: Next) {
  const origin = ctx.get("Origin");
  if (ORIGINS.indexOf(origin) !== -1) {
    ctx.set("Access-Control-Allow-Origin", origin);
    ctx.set("Access-Control-Allow-Credentials", "true");
  }
  await next();
}
`,
    },
    {
      name: "near-miss: an anchored regex literal with escaped dots",
      path: "src/app.ts",
      code: `import { Hono } from "hono";

const app = new Hono();
app.use("*", async (c, next) => {
  const origin = c.req.header("Origin") ?? "";
  if (/^https:\\/\\/[a-z0-9-]+\\.example\\.com$/.test(origin)) {
    c.header("Access-Control-Allow-Origin", origin);
    c.header("Access-Control-Allow-Credentials", "true");
  }
  await next();
});
`,
    },
    {
      name: "near-miss: a validator named for the job",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";
import { isAllowedOrigin } from "../security/origins";

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin;
  if (origin && isAllowedOrigin(origin)) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`,
    },
    {
      name: "near-miss: throws for an origin other than the configured one",
      path: "src/middleware/cors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (origin !== process.env.FRONTEND_ORIGIN) {
    throw new Error("origin not allowed");
  }
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Allow-Credentials", "true");
  next();
}
`,
    },
  ],
});

/** An Express middleware that reflects the origin when `check` (written in this file) says yes. */
function withValidator(validator: string, test = "isAllowedOrigin(origin)"): string {
  return `import type { NextFunction, Request, Response } from "express";

const ALLOWED_ORIGINS = ["https://app.example.com", "https://admin.example.com"];

${validator}

export function allowCors(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin ?? "";
  if (${test}) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  next();
}
`;
}
/** The line of the header reflection in `withValidator`'s code. */
const reflectAt = (validator: string) => 9 + validator.split("\n").length;

// A validator written in the same file is judged by its body, not trusted for its name.
const ATTACK_VALIDATORS: [string, string][] = [
  ["a validator that always says yes", "function isAllowedOrigin(origin: string): boolean {\n  return true;\n}"],
  ["an arrow validator that tests a substring", "const isAllowedOrigin = (origin: string) => origin.includes(\"example.com\");"],
  ["a validator whose list test only logs", "function isAllowedOrigin(origin: string) {\n  if (!ALLOWED_ORIGINS.includes(origin)) console.warn(\"unlisted\", origin);\n  return true;\n}"],
  ["a validator with a suffix test without the dot", "function isAllowedOrigin(origin: string) {\n  return origin.endsWith(\"example.com\");\n}"],
  ["a validator that lets anything through after a sound test fails", "function isAllowedOrigin(origin: string) {\n  if (ALLOWED_ORIGINS.includes(origin)) return true;\n  return origin.length > 0;\n}"],
  ["a validator comparing the origin with itself", "const isAllowedOrigin = function (origin: string) {\n  return [origin].includes(origin);\n};"],
  ["a validator testing an unanchored regex", "function isTrustedOrigin(origin: string) {\n  return /https:\\/\\/.*example\\.com/.test(origin);\n}"],
  ["a sound validator declared again below, saying yes (the last declaration runs)", "function isAllowedOrigin(origin: string) {\n  return ALLOWED_ORIGINS.includes(origin);\n}\nfunction isAllowedOrigin(origin: string) {\n  return true;\n}"],
  ["a sound validator in a let, reassigned to say yes", "let isAllowedOrigin = (origin: string) => ALLOWED_ORIGINS.includes(origin);\nisAllowedOrigin = () => true;"],
];
const NEAR_MISS_VALIDATORS: [string, string][] = [
  ["a validator that tests the list", "function isAllowedOrigin(origin: string): boolean {\n  return ALLOWED_ORIGINS.includes(origin);\n}"],
  ["an arrow validator with an anchored regex", "const isAllowedOrigin = (origin: string) => /^https:\\/\\/[a-z0-9-]+\\.example\\.com$/.test(origin);"],
  ["a validator that returns true only inside the list test", "function isAllowedOrigin(origin: string) {\n  if (ALLOWED_ORIGINS.indexOf(origin) !== -1) {\n    return true;\n  }\n  return false;\n}"],
  ["a validator that refuses first, then says yes", "function isAllowedOrigin(origin: string) {\n  if (!ALLOWED_ORIGINS.includes(origin)) {\n    return false;\n  }\n  return true;\n}"],
  ["a validator with a suffix test with its dot", "function isAllowedOrigin(origin: string) {\n  return origin === \"https://example.com\" || origin.endsWith(\".example.com\");\n}"],
  ["a validator that delegates to another sound one", "function inList(o: string) {\n  return ALLOWED_ORIGINS.includes(o);\n}\nfunction isAllowedOrigin(origin: string) {\n  return inList(origin);\n}"],
];

ruleTester("typescript/cors", {
  invalid: [
    ...ATTACK_VALIDATORS.map(([name, validator]) => ({
      name: `attack: ${name}`,
      path: "src/middleware/cors.ts",
      code: withValidator(validator, name.includes("unanchored") ? "isTrustedOrigin(origin)" : undefined),
      errors: [{ messageId: "reflectHeader", line: reflectAt(validator) }],
    })),
  ],
  valid: NEAR_MISS_VALIDATORS.map(([name, validator]) => ({ name: `near-miss: ${name}`, path: "src/middleware/cors.ts", code: withValidator(validator) })),
});

// An origin callback is judged by what it lets through, not by whether it contains an `if`.
ruleTester("typescript/cors", {
  invalid: [
    {
      name: "attack: Express cors callback that allows whenever an Origin header is present",
      path: "src/app.ts",
      code: `import cors from "cors";
import express from "express";

const app = express();
app.use(cors({ origin: (origin, cb) => cb(null, origin ? true : false), credentials: true }));
`,
      errors: [{ messageId: "reflect", line: 5 }],
    },
    {
      name: "attack: a named callback with a prefix test",
      path: "src/app.ts",
      code: `import cors from "cors";
import express from "express";

function checkOrigin(origin: string | undefined, callback: (err: Error | null, allow?: boolean) => void) {
  if (origin && origin.startsWith("https://app.example.com")) {
    callback(null, true);
  } else {
    callback(new Error("Not allowed by CORS"));
  }
}

const app = express();
app.use(cors({ origin: checkOrigin, credentials: true }));
`,
      errors: [{ messageId: "reflect", line: 13 }],
    },
    {
      name: "attack: NestJS callback whose list test only logs",
      path: "src/main.ts",
      code: `import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";

const ALLOWED = ["https://app.example.com"];

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({
    origin: (origin, callback) => {
      if (!ALLOWED.includes(origin ?? "")) console.warn("unlisted origin", origin);
      callback(null, true);
    },
    credentials: true,
  });
  await app.listen(3000);
}
bootstrap();
`,
      errors: [{ messageId: "reflect", line: 9 }],
    },
    {
      name: "attack: hono/cors callback with a suffix test without the dot",
      path: "src/index.ts",
      code: `import { Hono } from "hono";
import { cors } from "hono/cors";

const app = new Hono();
app.use("/api/*", cors({ origin: (origin) => (origin.endsWith("example.com") ? origin : null), credentials: true }));
export default app;
`,
      errors: [{ messageId: "reflect", line: 5 }],
    },
    {
      name: "attack: @fastify/cors callback that computes its answer from the origin's presence",
      path: "src/server.ts",
      code: `import Fastify from "fastify";
import fastifyCors from "@fastify/cors";

const fastify = Fastify();
await fastify.register(fastifyCors, {
  origin: (origin, cb) => {
    const ok = Boolean(origin);
    cb(null, ok);
  },
  credentials: true,
});
`,
      errors: [{ messageId: "reflect", line: 6 }],
    },
    {
      name: "attack: a callback answering with a module constant that is true",
      path: "src/app.ts",
      code: `import cors from "cors";
import express from "express";

const ALLOW_ALL = true;
const app = express();
app.use(cors({ origin: (origin, cb) => cb(null, ALLOW_ALL), credentials: true }));
`,
      errors: [{ messageId: "reflect", line: 6 }],
    },
    {
      name: "attack: Koa callback returning the origin after a substring test",
      path: "src/server.ts",
      code: `import Koa from "koa";
import cors from "@koa/cors";

const app = new Koa();
app.use(
  cors({
    origin: (ctx) => {
      const origin = ctx.get("Origin");
      return origin.includes("example.com") ? origin : "";
    },
    credentials: true,
  }),
);
`,
      errors: [{ messageId: "reflect", line: 7 }],
    },
  ],
  valid: [
    {
      name: "near-miss: the cors README's allow-list callback",
      path: "src/app.ts",
      code: `import cors from "cors";
import express from "express";

const whitelist = ["http://example1.com", "http://example2.com"];
const app = express();
app.use(
  cors({
    origin: function (origin, callback) {
      if (whitelist.indexOf(origin) !== -1) {
        callback(null, true);
      } else {
        callback(new Error("Not allowed by CORS"));
      }
    },
    credentials: true,
  }),
);
`,
    },
    {
      name: "near-miss: a named callback that allows requests without an Origin header and listed origins",
      path: "src/app.ts",
      code: `import cors from "cors";
import express from "express";

const ALLOWED = new Set((process.env.CORS_ORIGINS ?? "").split(","));

function checkOrigin(origin: string | undefined, cb: (err: Error | null, allow?: boolean) => void) {
  if (!origin) return cb(null, true);
  if (ALLOWED.has(origin)) return cb(null, true);
  cb(new Error("Not allowed by CORS"));
}

const app = express();
app.use(cors({ origin: checkOrigin, credentials: true }));
`,
    },
    {
      name: "near-miss: hono/cors callback that returns the origin only when listed",
      path: "src/index.ts",
      code: `import { Hono } from "hono";
import { cors } from "hono/cors";

const ALLOWED = ["https://app.example.com", "https://admin.example.com"];
const app = new Hono();
app.use("/api/*", cors({ origin: (origin) => (ALLOWED.includes(origin) ? origin : null), credentials: true }));
export default app;
`,
    },
    {
      name: "near-miss: @fastify/cors async callback testing a set",
      path: "src/server.ts",
      code: `import Fastify from "fastify";
import fastifyCors from "@fastify/cors";

const ALLOWED = new Set(["https://app.example.com"]);
const fastify = Fastify();
await fastify.register(fastifyCors, {
  origin: async (origin) => ALLOWED.has(origin ?? ""),
  credentials: true,
});
`,
    },
    {
      name: "near-miss: Koa callback that answers with the configured origin",
      path: "src/server.ts",
      code: `import Koa from "koa";
import cors from "@koa/cors";

const ALLOWED = ["https://app.example.com"];
const app = new Koa();
app.use(
  cors({
    origin: (ctx) => {
      const origin = ctx.get("Origin");
      return ALLOWED.includes(origin) ? origin : "";
    },
    credentials: true,
  }),
);
`,
    },
    {
      name: "near-miss: a callback answering with a module constant list",
      path: "src/app.ts",
      code: `import cors from "cors";
import express from "express";

const ORIGINS = ["https://app.example.com"];
const app = express();
app.use(cors({ origin: (origin, cb) => cb(null, ORIGINS), credentials: true }));
`,
    },
    {
      name: "near-miss: NestJS callback that passes the list back to the library",
      path: "src/main.ts",
      code: `import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";
import { config } from "./config";

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({ origin: (origin, callback) => callback(null, config.corsOrigins), credentials: true });
  await app.listen(3000);
}
bootstrap();
`,
    },
  ],
});
