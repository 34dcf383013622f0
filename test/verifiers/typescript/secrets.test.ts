import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/secrets", {
  invalid: [
    {
      name: "Express app: express-session's example secret and a positional cookie-parser secret",
      path: "src/app.ts",
      code: `import express from "express";
import session from "express-session";
import cookieParser from "cookie-parser";

const app = express();
app.use(cookieParser("my cookie secret"));
app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
`,
      errors: [{ messageId: "literal", line: 6 }, { messageId: "literal", line: 7 }],
      messageIncludes: ["The cookie signing secret passed to `cookieParser` is the literal \"my …\"", "process.env.COOKIE_SECRET"],
    },
    {
      name: "Express router: jwt.sign with a fallback secret",
      path: "src/routes/auth.ts",
      code: `import { Router } from "express";
import jwt from "jsonwebtoken";

export const auth = Router();

auth.post("/token", (req, res) => {
  const token = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET || "dev-secret", { expiresIn: "1h" });
  res.json({ token });
});
`,
      errors: [{ messageId: "fallback", line: 7 }],
      messageIncludes: ["falls back to the literal \"dev…\" when `JWT_SECRET` is not set"],
    },
    {
      name: "Fastify plugin: @fastify/jwt registered with a word as secret",
      path: "src/plugins/jwt.js",
      code: `const fp = require("fastify-plugin");

module.exports = fp(async function jwt(fastify) {
  fastify.register(require("@fastify/jwt"), {
    secret: "secret",
  });
});
`,
      errors: [{ messageId: "literal", line: 5 }],
      messageIncludes: ["`secret` is the literal", "process.env.JWT_SECRET"],
    },
    {
      name: "Koa app: app.keys from literals, a default in destructuring from process.env",
      path: "src/server.ts",
      code: `import Koa from "koa";
import session from "koa-session";

const { SESSION_SECRET = "changeme" } = process.env;
const app = new Koa();
app.keys = ["some secret hurr", SESSION_SECRET].slice(0, 1) as string[];
app.keys = ["im a newer secret", "i like turtle"];
app.use(session({ key: "sid" }, app));
`,
      errors: [{ messageId: "fallback", line: 4 }, { messageId: "literal", line: 7 }],
    },
    {
      name: "Hono app: sign and verify from hono/jwt with a literal secret",
      code: `import { Hono } from "hono";
import { sign, verify } from "hono/jwt";

const app = new Hono();

app.post("/login", async (c) => {
  const token = await sign({ sub: "user" }, "hono-secret");
  return c.json({ token, ok: await verify(token, "hono-secret", "HS256") });
});
`,
      errors: [{ messageId: "literal", line: 7 }, { messageId: "literal", line: 8 }],
    },
    {
      name: "NestJS module and strategy: placeholder secrets",
      code: `import { Module } from "@nestjs/common";
import { JwtModule } from "@nestjs/jwt";
import { PassportStrategy } from "@nestjs/passport";
import { ExtractJwt, Strategy } from "passport-jwt";

@Module({ imports: [JwtModule.register({ secret: "changeme", signOptions: { expiresIn: "1h" } })] })
export class AuthModule {}

export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: "secret" });
  }
}
`,
      errors: [{ messageId: "literal", line: 6 }, { messageId: "literal", line: 11 }],
    },
    {
      name: "database module: a positional Sequelize password, an HMAC key, a password fallback",
      path: "src/db/index.ts",
      code: `import crypto from "node:crypto";
import { Sequelize } from "sequelize";

export const sequelize = new Sequelize("shop", "shop", "shop", { dialect: "postgres" });
export const sign = (body: string) => crypto.createHmac("sha256", "webhook-key").update(body).digest("hex");
export const password = process.env.DB_PASSWORD ?? "postgres";
`,
      errors: [
        { messageId: "literal", line: 4 },
        { messageId: "literal", line: 5 },
        { messageId: "fallback", line: 6 },
      ],
    },
    {
      name: "crypto service: a literal cipher key and strictly literal cookie-session keys",
      path: "src/services/crypto.ts",
      code: `import crypto from "node:crypto";
import cookieSession from "cookie-session";

export const encrypt = (iv: Buffer, text: string) => crypto.createCipheriv("aes-256-gcm", Buffer.from("0123456789abcdef0123456789abcdef"), iv).update(text);
export const sessions = cookieSession({ name: "sid", keys: ["key1", "key2"] });
`,
      errors: [{ messageId: "literal", line: 4 }, { messageId: "literal", line: 5 }],
    },
    {
      name: "a database password env var named DB_PASS with a literal fallback, the only secret word in the file",
      path: "src/db/pool.ts",
      code: `import { Pool } from "pg";

const user = process.env.DB_USER ?? "app";
const pass = process.env.DB_PASS ?? "hunter2";
export const pool = new Pool({ connectionString: "postgres://" + user + ":" + pass + "@db/app" });
`,
      errors: [{ messageId: "fallback", line: 4 }],
    },
    {
      name: "attack: the literal moved into a local (or a const two hops away) before it reaches jwt.sign and createHmac",
      path: "src/auth/tokens.ts",
      code: `import crypto from "node:crypto";
import jwt from "jsonwebtoken";

const material = "x8Kd02mQ7vLp3ZrT";
const signing = material;

export const issue = (sub: string) => jwt.sign({ sub }, signing, { expiresIn: "1h" });
export const mac = (body: string) => crypto.createHmac("sha256", material).update(body).digest("hex");
`,
      errors: [{ messageId: "literal", line: 7 }, { messageId: "literal", line: 8 }],
      messageIncludes: ["held in `signing`"],
    },
    {
      name: "attack: the literal handed through three helpers before jwt.sign is still followed",
      path: "src/auth/tokens.ts",
      code: `import jwt from "jsonwebtoken";

function h0(s: string) { return s; }
function h1(s: string) { return h0(s); }
function h2(s: string) { return h1(s); }
const material = h2("x8Kd02mQ7vLp3ZrT");

export const issue = (sub: string) => jwt.sign({ sub }, material, { expiresIn: "1h" });
`,
      errors: [{ messageId: "literal", line: 8 }],
    },
    {
      name: "attack: the literal handed through more helpers than the value flow follows is could-not-check, never a pass",
      path: "src/auth/tokens.ts",
      code: `import jwt from "jsonwebtoken";

function h0(s: string) { return s; }
function h1(s: string) { return h0(s); }
function h2(s: string) { return h1(s); }
function h3(s: string) { return h2(s); }
function h4(s: string) { return h3(s); }
function h5(s: string) { return h4(s); }
const material = h5("x8Kd02mQ7vLp3ZrT");

export const issue = (sub: string) => jwt.sign({ sub }, material, { expiresIn: "1h" });
`,
      errors: [],
      incomplete: "more nested helpers or steps than the analysis follows",
    },
  ],
  valid: [
    {
      name: "near-miss: the key read from the environment through two helpers is neither a literal nor could-not-check",
      path: "src/auth/tokens.ts",
      code: `import jwt from "jsonwebtoken";

function required(name: string) { return process.env[name] ?? fail(name); }
function fail(name: string): never { throw new Error(name + " is not set"); }
const material = required("JWT_SECRET");

export const issue = (sub: string) => jwt.sign({ sub }, material, { expiresIn: "1h" });
`,
    },
    {
      name: "Express app: secrets from the environment, checked at start-up",
      path: "src/app.ts",
      code: `import express from "express";
import session from "express-session";
import cookieParser from "cookie-parser";

const secret = process.env.SESSION_SECRET;
if (!secret) throw new Error("SESSION_SECRET is not set");
const app = express();
app.use(cookieParser(secret));
app.use(session({ secret, resave: false, saveUninitialized: false }));
`,
    },
    {
      name: "Fastify plugin: secret from configuration; unrelated env fallbacks",
      path: "src/plugins/jwt.js",
      code: `const fp = require("fastify-plugin");

module.exports = fp(async function jwt(fastify) {
  fastify.register(require("@fastify/jwt"), { secret: fastify.config.JWT_SECRET });
  const level = process.env.LOG_LEVEL || "info";
  const port = Number(process.env.PORT ?? "3000");
  fastify.log.level = level;
  return port;
});
`,
    },
    {
      name: "Koa app: keys from the environment",
      path: "src/server.ts",
      code: `import Koa from "koa";

const app = new Koa();
app.keys = [process.env.COOKIE_KEY_1!, process.env.COOKIE_KEY_2!];
`,
    },
    {
      name: "Hono app: sign with a secret from the environment binding",
      code: `import { Hono } from "hono";
import { sign } from "hono/jwt";

const app = new Hono<{ Bindings: { JWT_SECRET: string } }>();

app.post("/login", async (c) => c.json({ token: await sign({ sub: "user" }, c.env.JWT_SECRET) }));
`,
    },
    {
      name: "NestJS: ConfigService getOrThrow",
      code: `import { Module } from "@nestjs/common";
import { ConfigModule, ConfigService } from "@nestjs/config";
import { JwtModule } from "@nestjs/jwt";

@Module({
  imports: [
    JwtModule.registerAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ secret: config.getOrThrow<string>("JWT_SECRET") }),
    }),
  ],
})
export class AuthModule {}
`,
    },
    {
      name: "tests may use literal secrets",
      path: "test/auth.test.ts",
      code: `import jwt from "jsonwebtoken";

const token = jwt.sign({ sub: "1" }, "test-secret");
const app = { keys: ["a", "b"] };
export { token, app };
`,
    },
    {
      name: "near-misses: a line the line rule already reports, crypto.sign, an HMAC key variable, empty env default",
      path: "src/lib/crypto.ts",
      code: `import crypto from "node:crypto";
import session from "express-session";

export const mw = session({ secret: "Zq8#kfP2mW9xV1rT" });
export const signature = (key: crypto.KeyObject, data: Buffer) => crypto.sign("sha256", data, key);
export const mac = (key: string, body: string) => crypto.createHmac("sha256", key).update(body).digest("hex");
export const apiBase = process.env.API_BASE_URL || "https://api.example.com";
`,
    },
    {
      name: "near-misses: locals holding the environment's secret, a loaded key, or an empty string are not literals",
      path: "src/auth/tokens.ts",
      code: `import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import { loadKey } from "./keys";

const material = process.env.JWT_SECRET ?? "";
const fromVault = loadKey("hmac");
const empty = "";

export const issue = (sub: string) => jwt.sign({ sub }, material, { expiresIn: "1h" });
export const mac = (body: string) => crypto.createHmac("sha256", fromVault).update(body).digest("hex");
export const none = (body: string) => crypto.createHmac("sha256", empty).update(body).digest("hex");
`,
    },
  ],
});
