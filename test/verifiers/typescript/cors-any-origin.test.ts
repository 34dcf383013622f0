import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/cors-any-origin", {
  invalid: [
    {
      name: "Express: cors() with no options, and origin \"*\" without credentials",
      path: "src/app.ts",
      code: `import express from "express";
import cors from "cors";

const app = express();
app.use(cors());
app.use("/api", cors({ origin: "*", methods: ["GET", "POST"] }));
`,
      errors: [
        { messageId: "wildcard", line: 5, severity: "warning" },
        { messageId: "wildcard", line: 6, severity: "warning" },
      ],
      messageIncludes: ["No options `cors(…)` allows every origin"],
    },
    {
      name: "NestJS: enableCors() without options and NestFactory cors: true",
      path: "src/main.ts",
      code: `import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { cors: true });
  app.enableCors();
  await app.listen(3000);
}
bootstrap();
`,
      errors: [{ messageId: "wildcard", line: 5 }, { messageId: "wildcard", line: 6 }],
    },
    {
      name: "Fastify: @fastify/cors registered without options, and with origin true",
      path: "src/server.ts",
      code: `import Fastify from "fastify";
import cors from "@fastify/cors";

const fastify = Fastify();
await fastify.register(cors);
await fastify.register(cors, { origin: true, methods: ["GET"] });
`,
      errors: [{ messageId: "wildcard", line: 5 }, { messageId: "reflect", line: 6 }],
    },
    {
      name: "Express: unanchored origin regexes",
      path: "src/app.ts",
      code: `import express from "express";
import cors from "cors";

const app = express();
app.use(cors({ origin: /example\\.com/ }));
app.use("/admin", cors({ origin: [/^https:\\/\\/.*\\.example\\.com$/, "https://admin.example.com"] }));
`,
      errors: [{ messageId: "looseRegex", line: 5 }, { messageId: "looseRegex", line: 6 }],
      messageIncludes: ["without `$` it also matches"],
    },
    {
      name: "Hono and Koa: cors() defaults to every origin; an origin callback that says yes",
      code: `import { Hono } from "hono";
import { cors } from "hono/cors";
import Koa from "koa";
import koaCors from "@koa/cors";

const app = new Hono();
app.use("/api/*", cors());
const koa = new Koa();
koa.use(koaCors({ origin: (ctx) => ctx.get("Origin") }));
`,
      errors: [{ messageId: "wildcard", line: 7 }, { messageId: "reflect", line: 9 }],
    },
    {
      name: "Express: Access-Control-Allow-Origin: * set by hand",
      path: "src/routes/feed.ts",
      code: `import { Router } from "express";

export const feed = Router();
feed.get("/feed", async (req, res) => {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.json(await latestItems());
});
`,
      errors: [{ messageId: "wildcard", line: 5 }],
    },
  ],
  valid: [
    {
      name: "Express: origins from configuration",
      path: "src/app.ts",
      code: `import express from "express";
import cors from "cors";

const app = express();
app.use(cors({ origin: process.env.CORS_ORIGINS?.split(",") ?? [] }));
`,
    },
    {
      name: "near-miss: * or true with credentials is typescript/cors's to block, not a second warning",
      path: "src/app.ts",
      code: `import express from "express";
import cors from "cors";

const app = express();
app.use(cors({ origin: true, credentials: true }));
`,
    },
    {
      name: "NestJS: enableCors with an origin list; a dev-only open CORS",
      path: "src/main.ts",
      code: `import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { cors: { origin: ["https://app.example.com"] } });
  app.enableCors({ origin: ["https://app.example.com"] });
  if (process.env.NODE_ENV === "development") app.enableCors();
  await app.listen(3000);
}
bootstrap();
`,
    },
    {
      name: "near-miss: a framework's own implementation of the cors option calls this.enableCors()",
      path: "src/nest-application.ts",
      code: `export class NestApplication {
  constructor(private readonly appOptions: { cors?: boolean | object }) {}

  registerCors() {
    if (!this.appOptions.cors) return;
    if (typeof this.appOptions.cors !== "object") {
      this.enableCors();
      return;
    }
    this.enableCors(this.appOptions.cors);
  }

  enableCors(options?: object) {
    return options;
  }
}
`,
    },
    {
      name: "tight origin regexes: escaped dots, a character class, both anchors",
      path: "src/app.ts",
      code: `import express from "express";
import cors from "cors";

const app = express();
app.use(cors({ origin: [/^https:\\/\\/[a-z0-9-]+\\.example\\.com$/, /^http:\\/\\/localhost:\\d+$/] }));
`,
    },
    {
      name: "Fastify: @fastify/cors with a checking callback; options from another module",
      path: "src/server.ts",
      code: `import Fastify from "fastify";
import cors from "@fastify/cors";
import { corsOptions } from "./config";

const fastify = Fastify();
await fastify.register(cors, { origin: (origin, cb) => cb(null, !origin || ALLOWED.has(origin)) });
await fastify.register(cors, corsOptions);
`,
    },
    {
      name: "near-miss: a fixed origin header, and a header that is not CORS",
      path: "src/routes/feed.ts",
      code: `import { Router } from "express";

export const feed = Router();
feed.get("/feed", async (req, res) => {
  res.setHeader("Access-Control-Allow-Origin", "https://app.example.com");
  res.setHeader("Cache-Control", "*");
  res.json(await latestItems());
});
`,
    },
  ],
});
