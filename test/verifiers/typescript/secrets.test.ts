import { expect, it } from "@jest/globals";
import { passesGate } from "../../../src/engine/rule-gate.js";
import { verifier } from "../../../src/verifiers/typescript/secrets.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/secrets", {
  invalid: [
    {
      name: "gate: jose jwtVerify with a literal key, no secret-like word in the file",
      path: "src/auth/verify.ts",
      code: `import { jwtVerify } from "jose";

export async function verify(jwt: string) {
  const { payload } = await jwtVerify(jwt, new TextEncoder().encode("changeme-in-prod"));
  return payload;
}
`,
      errors: [{ messageId: "literal", line: 4 }],
    },
    {
      name: "gate: jose namespace import, jwtVerify with a literal key",
      path: "src/auth/check.ts",
      code: `import * as jose from "jose";

export async function check(jwt: string) {
  return jose.jwtVerify(jwt, new TextEncoder().encode("hunter2hunter2"));
}
`,
      errors: [{ messageId: "literal", line: 4 }],
    },
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
      name: "attacker: Koa keys set through computed access",
      path: "src/server.ts",
      code: `import Koa from "koa";

const app = new Koa();
app["keys"] = ["im a newer secret", "i like turtle"];
`,
      errors: [{ messageId: "literal", line: 4 }],
    },
    {
      name: "attacker: Koa keys through a cast and single-quoted computed access",
      path: "src/server.ts",
      code: `import Koa from "koa";

const server = new Koa();
(server as Koa)['keys'] = ['signing-key-one-prod', 'signing-key-two-prod'];
`,
      errors: [{ messageId: "literal", line: 4 }],
    },
    {
      name: "attacker: Koa keys through computed access with a comment before the assignment",
      path: "src/server.js",
      code: `const Koa = require("koa");

const app = new Koa();
app[ "keys" ] /* rotated yearly */ = ["rotate-me-2026", "older-key-2025"];
`,
      errors: [{ messageId: "literal", line: 4 }],
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
      name: "near-miss: Koa keys from the environment through computed access",
      path: "src/server.ts",
      code: `import Koa from "koa";

const app = new Koa();
app["keys"] = [process.env.COOKIE_KEY_1!, process.env.COOKIE_KEY_2!];
`,
    },
    {
      name: "near-miss: a computed keys member read, not assigned",
      path: "src/server.ts",
      code: `import Koa from "koa";

const app = new Koa();
export const rotated = app["keys"] === undefined ? [] : app["keys"];
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

// Keys that reach their use through locals, objects, fields and helpers; secrets in token payloads.
ruleTester("typescript/secrets", {
  invalid: [
    {
      name: "jose: a TextEncoder-encoded literal held in a local signs and verifies",
      path: "src/auth/jwt.ts",
      code: `import { SignJWT, jwtVerify } from "jose";

const secret = new TextEncoder().encode("keyboard cat");

export async function issue(userId: string): Promise<string> {
  return new SignJWT({ sub: userId }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("2h").sign(secret);
}

export async function check(token: string) {
  return jwtVerify(token, secret);
}
`,
      errors: [{ messageId: "literal", line: 6 }, { messageId: "literal", line: 10 }],
      messageIncludes: ["The JWT signing key passed to", "(held in `secret`)"],
    },
    {
      name: "passport-jwt: secretOrKey from a constant options object",
      path: "src/passport.ts",
      code: `import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";

const settings = { auth: { jwt: { key: "secret" } } };
const opts = {
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: settings.auth.jwt.key,
};
passport.use(new JwtStrategy(opts, (payload, done) => done(null, payload)));
`,
      errors: [{ messageId: "literal", line: 7 }],
      messageIncludes: ["`secretOrKey` (held in `settings.auth.jwt.key`) is the literal"],
    },
    {
      name: "express-session: the secret read from a config object literal",
      path: "src/app.js",
      code: `const express = require("express");
const session = require("express-session");

const config = { port: 3000, session: { sessionKey: "keyboard cat", maxAge: 86400000 } };
const app = express();
app.use(session({ secret: config.session.sessionKey, resave: false, saveUninitialized: true }));
app.listen(config.port);
`,
      errors: [{ messageId: "literal", line: 6 }],
    },
    {
      name: "webhook verifier: createHmac keyed by a readonly field and jwt.verify keyed by a helper",
      path: "src/webhooks/verifier.ts",
      code: `import crypto from "node:crypto";
import jwt from "jsonwebtoken";

function signingSecret() {
  return "shared secret";
}

export class WebhookVerifier {
  private readonly key = "webhook key";
  valid(body: string, sig: string): boolean {
    const mac = crypto.createHmac("sha256", this.key).update(body).digest("hex");
    return crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(sig));
  }
  claims(token: string) {
    return jwt.verify(token, signingSecret());
  }
}
`,
      errors: [{ messageId: "literal", line: 11 }, { messageId: "literal", line: 15 }],
    },
    {
      name: "fallbacks that travel: a local with an env fallback, NestJS config.get with a default",
      path: "src/auth/auth.module.ts",
      code: `import { Module } from "@nestjs/common";
import { ConfigService } from "@nestjs/config";
import { JwtModule } from "@nestjs/jwt";
import jwt from "jsonwebtoken";

const signing = process.env.SIGNING || "local-signing";
export const verify = (token: string) => jwt.verify(token, signing);

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ secret: config.get("JWT_SECRET", "dev-jwt-secret") }),
    }),
  ],
})
export class AuthModule {}
`,
      errors: [{ messageId: "fallback", line: 7 }, { messageId: "fallback", line: 13 }],
      messageIncludes: ["falls back to the literal \"loc…\" when `SIGNING` is not set"],
    },
    {
      name: "jose: old JWK.asKey and a createSecretKey built from a literal",
      path: "src/tokens.js",
      code: `const { JWK, JWT } = require("jose");
const { createSecretKey } = require("node:crypto");

const key = JWK.asKey("legacy signing");
const hmacKey = createSecretKey(Buffer.from("my hmac key"));
module.exports = { key, hmacKey, issue: (sub) => JWT.sign({ sub }, key) };
`,
      errors: [{ messageId: "literal", line: 4 }, { messageId: "literal", line: 5 }],
    },
    {
      name: "login route: the password and its hash signed into the token",
      path: "src/routes/login.ts",
      code: `import { Router } from "express";
import jwt from "jsonwebtoken";
import { SignJWT } from "jose";
import { prisma } from "../db";

export const login = Router();
login.post("/login", async (req, res) => {
  const user = await prisma.user.findUniqueOrThrow({ where: { email: req.body.email } });
  const token = jwt.sign({ id: user.id, email: user.email, password: req.body.password }, process.env.JWT_SECRET!);
  const refresh = await new SignJWT({ sub: user.id, passwordHash: user.passwordHash }).setProtectedHeader({ alg: "HS256" }).sign(key());
  res.json({ token, refresh });
});
`,
      errors: [{ messageId: "payload", line: 9 }, { messageId: "payload", line: 10 }],
      messageIncludes: ["The token payload carries `password`"],
    },
    {
      name: "Sequelize and Mongoose: the whole user record spread or nested into the payload (warnings)",
      path: "src/services/auth.service.js",
      code: `const jwt = require("jsonwebtoken");
const { User } = require("../models");

async function login(email) {
  const user = await User.findOne({ where: { email } });
  const payload = { ...user.toJSON(), scope: "api" };
  return jwt.sign(payload, process.env.JWT_SECRET, { expiresIn: "1d" });
}

async function refresh(id) {
  const account = await Account.findById(id);
  return jwt.sign({ account }, process.env.JWT_SECRET);
}
module.exports = { login, refresh };
`,
      errors: [{ messageId: "payloadObject", line: 6, severity: "warning" }, { messageId: "payloadObject", line: 12, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "jose with its key from the environment, checked at start-up",
      path: "src/auth/jwt.ts",
      code: `import { SignJWT, jwtVerify } from "jose";

const raw = process.env.JWT_SECRET;
if (!raw) throw new Error("JWT_SECRET is not set");
const secret = new TextEncoder().encode(raw);

export const issue = (sub: string) => new SignJWT({ sub }).setProtectedHeader({ alg: "HS256" }).sign(secret);
export const check = (token: string) => jwtVerify(token, secret);
`,
    },
    {
      name: "passport-jwt and express-session from imported configuration and key files",
      path: "src/passport.ts",
      code: `import fs from "node:fs";
import session from "express-session";
import { Strategy as JwtStrategy, ExtractJwt } from "passport-jwt";
import { config } from "./config";

const publicKey = fs.readFileSync(config.jwt.publicKeyPath, "utf8");
export const strategy = new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: publicKey }, (p, done) => done(null, p));
export const sessions = session({ secret: config.session.secret, resave: false, saveUninitialized: false });
`,
    },
    {
      name: "helpers and fields that return the environment's key",
      path: "src/webhooks/verifier.ts",
      code: `import crypto from "node:crypto";
import jwt from "jsonwebtoken";

function signingSecret(): string {
  const s = process.env.WEBHOOK_SECRET;
  if (!s) throw new Error("WEBHOOK_SECRET is not set");
  return s;
}

export class Verifier {
  private readonly key = signingSecret();
  mac(body: string) { return crypto.createHmac("sha256", this.key).update(body).digest("hex"); }
  claims(token: string) { return jwt.verify(token, signingSecret()); }
}
`,
    },
    {
      name: "NestJS: config.get without a default, and a default for a setting that is not a key",
      path: "src/auth/auth.module.ts",
      code: `import { JwtModule } from "@nestjs/jwt";
import { ConfigService } from "@nestjs/config";

export const jwtModule = JwtModule.registerAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({
    secret: config.getOrThrow<string>("JWT_SECRET"),
    signOptions: { expiresIn: config.get("JWT_EXPIRES_IN", "1h") },
  }),
});
`,
    },
    {
      name: "payloads with ids and claims only; password fields that are not the password",
      path: "src/routes/login.ts",
      code: `import jwt from "jsonwebtoken";

export function issue(user: { id: string; role: string; passwordChangedAt: Date }) {
  return jwt.sign({ sub: user.id, role: user.role, pwdChangedAt: user.passwordChangedAt.getTime(), hasPassword: true }, process.env.JWT_SECRET!);
}
export const passwordReset = (email: string) => jwt.sign({ email, purpose: "password-reset" }, process.env.RESET_SECRET!);
`,
    },
    {
      name: "user records loaded without the password, or with it removed first",
      path: "src/services/auth.service.ts",
      code: `import jwt from "jsonwebtoken";
import { User } from "../models/user";

export async function login(email: string) {
  const found = await User.findOne({ email }).select("-password").lean();
  const { password, ...safeUser } = (await User.findOne({ email }).lean())!;
  const user = await User.findOne({ where: { email }, attributes: { exclude: ["password"] } });
  return [jwt.sign({ found }, process.env.JWT_SECRET!), jwt.sign({ ...safeUser }, process.env.JWT_SECRET!), jwt.sign({ user }, process.env.JWT_SECRET!)];
}
`,
    },
  ],
});

// Secrets in token payloads, in the frameworks' own JWT helpers.
ruleTester("typescript/secrets", {
  invalid: [
    {
      name: "NestJS AuthService: the user record spread into jwtService.sign (warning)",
      path: "src/auth/auth.service.ts",
      code: `import { Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";
import { UsersService } from "../users/users.service";

@Injectable()
export class AuthService {
  constructor(private usersService: UsersService, private jwtService: JwtService) {}

  async signIn(email: string) {
    const user = await this.usersService.findOne(email);
    return { access_token: await this.jwtService.signAsync({ sub: user.id }), legacy: this.jwtService.sign({ ...user }) };
  }
}
`,
      errors: [{ messageId: "payloadObject", line: 11, severity: "warning" }],
    },
    {
      name: "Hono: the password hash signed with hono/jwt",
      path: "src/routes/auth.ts",
      code: `import { Hono } from "hono";
import { sign } from "hono/jwt";

export const auth = new Hono<{ Bindings: { JWT_SECRET: string } }>();
auth.post("/login", async (c) => {
  const user = await findUser(await c.req.json());
  const token = await sign({ sub: user.id, passwordHash: user.passwordHash, exp: Math.floor(Date.now() / 1000) + 3600 }, c.env.JWT_SECRET);
  return c.json({ token });
});
`,
      errors: [{ messageId: "payload", line: 7 }],
    },
    {
      name: "Fastify: fastify.jwt.sign with the password in the claims",
      path: "src/routes/login.js",
      code: `module.exports = async function (fastify) {
  fastify.post("/login", async (request, reply) => {
    const { username, password } = request.body;
    const user = await fastify.db.users.findByUsername(username);
    const token = fastify.jwt.sign({ username, password });
    return reply.send({ token });
  });
};
`,
      errors: [{ messageId: "payload", line: 5 }],
    },
    {
      name: "Koa: an OTP seed in claims built in a local first",
      path: "src/auth/tokens.ts",
      code: `import jwt from "jsonwebtoken";

export function mfaToken(user: { id: string; otpSecret: string }) {
  const claims = { sub: user.id, otpSecret: user.otpSecret, stage: "mfa" };
  return jwt.sign(claims, process.env.JWT_SECRET as string, { expiresIn: "5m" });
}
`,
      errors: [{ messageId: "payload", line: 4 }],
    },
    {
      name: "Express + Mongoose: the user document nested whole (warning) and a hashed password field",
      path: "src/controllers/auth.js",
      code: `const jwt = require("jsonwebtoken");
const User = require("../models/User");

exports.login = async (req, res) => {
  const foundUser = await User.findOne({ email: req.body.email });
  const token = jwt.sign({ foundUser }, process.env.JWT_SECRET, { expiresIn: "7d" });
  const refresh = jwt.sign({ id: foundUser._id, hashedPassword: foundUser.password }, process.env.REFRESH_SECRET);
  res.json({ token, refresh });
};
`,
      errors: [{ messageId: "payloadObject", line: 6, severity: "warning" }, { messageId: "payload", line: 7 }],
    },
    {
      name: "jose: a Prisma user's plain object spread into SignJWT (warning)",
      path: "src/lib/session.ts",
      code: `import { SignJWT } from "jose";
import { prisma } from "./db";

export async function createSession(id: string, key: Uint8Array) {
  const account = await prisma.account.findUniqueOrThrow({ where: { id } });
  return new SignJWT({ ...account }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("1d").sign(key);
}
`,
      errors: [{ messageId: "payloadObject", line: 6, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "NestJS: the password destructured away before the rest is signed",
      path: "src/auth/auth.service.ts",
      code: `import { Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";

@Injectable()
export class AuthService {
  constructor(private jwtService: JwtService, private users: UsersService) {}
  async login(email: string) {
    const { password, ...user } = await this.users.findOne(email);
    return this.jwtService.sign({ ...user });
  }
}
`,
    },
    {
      name: "signers that are not JWT: cookie-signature, node:crypto, an AWS presigner",
      path: "src/lib/sign.ts",
      code: `import signature from "cookie-signature";
import crypto from "node:crypto";

export const signed = (value: string) => signature.sign(value, process.env.COOKIE_SECRET!);
export const rsa = (data: Buffer, key: crypto.KeyObject) => crypto.sign("sha256", data, key);
export const hashed = (password: string) => hasher.sign({ password });
`,
    },
    {
      name: "nested user claims with chosen fields, and extra claims that are not the user",
      path: "src/routes/auth.ts",
      code: `import jwt from "jsonwebtoken";

export function issue(user: { id: string; email: string }, claims: Record<string, string>) {
  return [
    jwt.sign({ user: { id: user.id, email: user.email } }, process.env.JWT_SECRET!),
    jwt.sign({ sub: user.id, ...claims }, process.env.JWT_SECRET!),
    jwt.sign({ user: user.id }, process.env.JWT_SECRET!),
  ];
}
`,
    },
    {
      name: "Mongoose and Sequelize records loaded without the password",
      path: "src/controllers/auth.js",
      code: `const jwt = require("jsonwebtoken");

exports.login = async (req, res) => {
  const user = await User.findOne({ email: req.body.email }).select("-password");
  const account = await Account.findOne({ where: { email: req.body.email }, attributes: ["id", "email"] });
  res.json({ token: jwt.sign({ user }, process.env.JWT_SECRET), other: jwt.sign({ ...account }, process.env.JWT_SECRET) });
};
`,
    },
    {
      name: "a password-reset token that names its purpose, and a verify call",
      path: "src/routes/reset.ts",
      code: `import jwt from "jsonwebtoken";

export const resetToken = (email: string) => jwt.sign({ email, purpose: "password", passwordVersion: 3 }, process.env.RESET_SECRET!);
export const readReset = (token: string) => jwt.verify(token, process.env.RESET_SECRET!) as { password?: string };
`,
    },
    {
      name: "test files may sign anything",
      path: "src/auth/auth.service.spec.ts",
      code: `import jwt from "jsonwebtoken";

it("rejects tokens that carry a password", () => {
  const token = jwt.sign({ sub: "1", password: "x" }, "test-secret");
  expect(() => verifyClaims(token)).toThrow();
});
`,
    },
  ],
});

ruleTester("typescript/secrets", {
  invalid: [
    {
      name: "a readonly field with an environment fallback keys createHmac",
      path: "src/webhooks/github.ts",
      code: `import crypto from "node:crypto";

export class GithubWebhook {
  private readonly signingKey = process.env.GH_HOOK || "dev-hook-key";
  verify(body: string, sig: string) {
    return crypto.createHmac("sha256", this.signingKey).update(body).digest("hex") === sig;
  }
}
`,
      errors: [{ messageId: "fallback", line: 6 }],
    },
    {
      name: "NestJS signAsync with the password in the payload",
      path: "src/auth/auth.service.ts",
      code: `import { JwtService } from "@nestjs/jwt";

export class AuthService {
  constructor(private readonly jwtService: JwtService) {}
  issue(user: { id: string }, dto: { password: string }) {
    return this.jwtService.signAsync({ sub: user.id, password: dto.password });
  }
}
`,
      errors: [{ messageId: "payload", line: 6 }],
    },
  ],
  valid: [
    {
      name: "a readonly field read from the environment, checked in the constructor",
      path: "src/webhooks/github.ts",
      code: `import crypto from "node:crypto";

export class GithubWebhook {
  private readonly signingKey = process.env.GH_HOOK;
  constructor() { if (!this.signingKey) throw new Error("GH_HOOK is not set"); }
  verify(body: string) { return crypto.createHmac("sha256", this.signingKey!).update(body).digest("hex"); }
}
`,
    },
  ],
});

ruleTester("typescript/secrets", {
  invalid: [
    {
      name: "cookie-session keys from a constant array declared elsewhere in the file",
      path: "src/app.ts",
      code: `import cookieSession from "cookie-session";
import express from "express";

const SESSION_KEYS = ["key one", "key two"];
const app = express();
app.use(cookieSession({ name: "session", keys: SESSION_KEYS, maxAge: 24 * 60 * 60 * 1000 }));
`,
      errors: [{ messageId: "literal", line: 6 }],
      messageIncludes: ["The cookie signing `keys` (held in `SESSION_KEYS`)"],
    },
  ],
  valid: [
    {
      name: "cookie-session keys split from the environment",
      path: "src/app.ts",
      code: `import cookieSession from "cookie-session";

const keys = (process.env.SESSION_KEYS ?? "").split(",").filter(Boolean);
if (keys.length === 0) throw new Error("SESSION_KEYS is not set");
export const sessions = cookieSession({ name: "session", keys });
`,
    },
  ],
});

// Payloads built in steps or from records under any name: keys set after the literal,
// `Object.assign`, the record signed whole, and a record bound from a query of the users.
ruleTester("typescript/secrets", {
  invalid: [
    {
      name: "attack: the password hash set on the payload after the literal",
      path: "src/auth/token.ts",
      code: `import jwt from "jsonwebtoken";

export function issue(user: { id: string; passwordHash: string }) {
  const payload: Record<string, unknown> = { sub: user.id };
  payload.passwordHash = user.passwordHash;
  return jwt.sign(payload, process.env.JWT_SECRET!, { expiresIn: "1h" });
}
`,
      errors: [{ messageId: "payload", line: 5 }],
    },
    {
      name: "attack: a bracketed key set before signing",
      path: "src/auth/token.ts",
      code: `import jwt from "jsonwebtoken";

export function issue(id: string, password: string) {
  const claims: Record<string, string> = { sub: id };
  claims["password"] = password;
  return jwt.sign(claims, process.env.JWT_SECRET!);
}
`,
      errors: [{ messageId: "payload", line: 5 }],
    },
    {
      name: "attack: Object.assign merges the OTP seed into the payload",
      path: "src/auth/mfa.ts",
      code: `import { SignJWT } from "jose";

export async function stepUp(user: { id: string; totpSecret: string }, key: Uint8Array) {
  const claims = { sub: user.id };
  Object.assign(claims, { totpSecret: user.totpSecret });
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(key);
}
`,
      errors: [{ messageId: "payload", line: 5 }],
    },
    {
      name: "attack: the user row signed whole, under the name found",
      path: "src/routes/session.ts",
      code: `import { Router } from "express";
import jwt from "jsonwebtoken";
import { prisma } from "../db";

export const session = Router();
session.post("/session", async (req, res) => {
  const found = await prisma.user.findUniqueOrThrow({ where: { email: req.body.email } });
  res.json({ token: jwt.sign(found, process.env.JWT_SECRET!) });
});
`,
      errors: [{ messageId: "payloadObject", line: 8, severity: "warning" }],
    },
    {
      name: "attack: NestJS: a record from the users service spread into signAsync",
      path: "src/auth/auth.service.ts",
      code: `import { Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";
import { UsersService } from "../users/users.service";

@Injectable()
export class AuthService {
  constructor(private readonly usersService: UsersService, private readonly jwtService: JwtService) {}

  async login(email: string) {
    const entity = await this.usersService.findOneByEmail(email);
    return { access_token: await this.jwtService.signAsync({ ...entity }) };
  }
}
`,
      errors: [{ messageId: "payloadObject", line: 11, severity: "warning" }],
    },
    {
      name: "attack: a TypeORM repository row, named row, nested in the payload",
      path: "src/auth/refresh.ts",
      code: `import jwt from "jsonwebtoken";
import { userRepository } from "../db/repositories";

export async function refresh(id: string) {
  const row = await userRepository.findOneBy({ id });
  return jwt.sign({ row, type: "refresh" }, process.env.JWT_SECRET!);
}
`,
      errors: [{ messageId: "payloadObject", line: 6, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "near-miss: keys set afterwards are roles and the tenant",
      path: "src/auth/token.ts",
      code: `import jwt from "jsonwebtoken";

export function issue(user: { id: string; roles: string[]; tenantId: string }) {
  const payload: Record<string, unknown> = { sub: user.id };
  payload.roles = user.roles;
  payload["tenant"] = user.tenantId;
  return jwt.sign(payload, process.env.JWT_SECRET!);
}
`,
    },
    {
      name: "near-miss: a password set on another object, not the payload",
      path: "src/auth/token.ts",
      code: `import jwt from "jsonwebtoken";

export function issue(user: { id: string }, password: string) {
  const audit: Record<string, string> = {};
  audit.password = "changed";
  const payload = { sub: user.id };
  return jwt.sign(payload, process.env.JWT_SECRET!);
}
`,
    },
    {
      name: "near-miss: Object.assign merges the expiry and issuer",
      path: "src/auth/token.ts",
      code: `import jwt from "jsonwebtoken";

export function issue(id: string) {
  const claims = { sub: id };
  Object.assign(claims, { iss: "api", aud: "web" });
  return jwt.sign(claims, process.env.JWT_SECRET!);
}
`,
    },
    {
      name: "near-miss: an order row signed into a receipt token",
      path: "src/orders/receipt.ts",
      code: `import jwt from "jsonwebtoken";
import { prisma } from "../db";

export async function receipt(id: string) {
  const found = await prisma.order.findUniqueOrThrow({ where: { id } });
  return jwt.sign({ ...found, type: "receipt" }, process.env.RECEIPT_SECRET!);
}
`,
    },
    {
      name: "near-miss: a user row loaded without its password, signed whole",
      path: "src/auth/session.ts",
      code: `import jwt from "jsonwebtoken";
import { User } from "../models";

export async function session(id: string) {
  const found = await User.findById(id).select("-password");
  return jwt.sign({ ...found }, process.env.JWT_SECRET!);
}
`,
    },
    {
      name: "near-miss: the user's id and role only, from the users service",
      path: "src/auth/auth.service.ts",
      code: `import { JwtService } from "@nestjs/jwt";
import { UsersService } from "../users/users.service";

export class AuthService {
  constructor(private readonly usersService: UsersService, private readonly jwtService: JwtService) {}

  async login(email: string) {
    const entity = await this.usersService.findOneByEmail(email);
    return this.jwtService.signAsync({ sub: entity.id, role: entity.role });
  }
}
`,
    },
  ],
});

// The gate (what a file must contain for the rule to run) at its edges: every way an agent may
// spell a report path must still pass it, and 3D-engine code full of `sign`, `key`, `pass` must not.
ruleTester("typescript/secrets", {
  invalid: [
    {
      name: "gate: jsonwebtoken required through an identity escape, a bare sign with a prose secret",
      path: "src/auth/issue.js",
      code: `const { sign } = require("json\\webtoken");

exports.issue = (user) => sign({ sub: user.id }, "correct horse battery staple", { expiresIn: "1h" });
`,
      errors: [{ messageId: "literal", line: 3 }],
    },
    {
      name: "gate: Koa keys assigned through a type assertion, with a comment before the =",
      path: "src/server.ts",
      code: `import Koa from "koa";

const server = new Koa();
(server.keys as string[]) /* rotate yearly */ = ["im a newer secret", "i like turtle"];
server.listen(3000);
`,
      errors: [{ messageId: "literal", line: 4 }],
    },
    {
      name: "gate: Koa keys on a receiver split over lines",
      path: "src/app.js",
      code: `const Koa = require("koa");
const web = new Koa();
web
  .keys = ["signed cookie words", "older cookie words"];
module.exports = web;
`,
      errors: [{ messageId: "literal", line: 3 }],
    },
    {
      name: "gate: cookie-session keys under a computed string key",
      path: "src/app.js",
      code: `const express = require("express");
const cookieSession = require("cookie-session");

const app = express();
app.use(cookieSession({ name: "sid", ["keys"]: ["first rotating words", "second rotating words"] }));
`,
      errors: [{ messageId: "literal", line: 5 }],
    },
    {
      name: "gate: an HMAC key passed to crypto's createHmac through computed access",
      path: "src/webhooks/verify.ts",
      code: `import * as crypto from "node:crypto";

export function digest(body: string): string {
  return crypto["createHmac"]("sha256", "shared words for the hook").update(body).digest("hex");
}
`,
      errors: [{ messageId: "literal", line: 4 }],
    },
    {
      name: "gate: an env fallback read from globalThis.process across lines",
      path: "src/config.ts",
      code: `export const sessionPassword = globalThis.process
  .env.SESSION_PASSWORD ?? "replace me before launch";
`,
      errors: [{ messageId: "fallback", line: 1 }],
    },
    {
      name: "gate: hono's sign imported from a module spelled with a unicode escape",
      path: "src/auth/token.ts",
      code: `import { sign } from "hono/\\u006awt";

export const issue = (sub: string) => sign({ sub }, "four words of secret");
`,
      errors: [{ messageId: "literal", line: 3 }],
    },
    {
      name: "gate: a signing-key name as a quoted key with a one-character escape",
      path: "src/auth/strategy.js",
      code: `const { Strategy } = require("passport-http-bearer");

module.exports = new Strategy({ scope: "read", "secretOr\\Key": "keyboard cat" }, (token, done) => done(null, token));
`,
      errors: [{ messageId: "literal", line: 3 }],
    },
  ],
  valid: [
    {
      name: "Babylon.js-like render pass: pass, sign and keys everywhere, no server",
      path: "src/rendering/shadowPass.ts",
      code: `export class ShadowPass {
  private _renderPass: RenderPass;
  public design = "cascade";
  public render(scene: Scene): void {
    const sign = Math.sign(scene.activeCamera.position.z);
    Object.assign(this._renderPass, { sign, design: this.design });
    for (const key of Object.keys(scene.meshes)) this._renderPass.pass(key);
  }
}
`,
    },
    {
      name: "Babylon.js-like animation keys assigned as frames, not strings",
      path: "src/animations/fade.ts",
      code: `export function fade(animation: Animation): void {
  animation.keys = [{ frame: 0, value: 1 }, { frame: 60, value: 0 }];
}
`,
    },
    {
      name: "Babylon.js-like keyboard input: key codes, not secret keys",
      path: "src/cameras/inputs/keyboard.ts",
      code: `export class KeyboardInput {
  public keysUp = [38];
  public keysDown = [40];
  private _keys: number[] = [];
  public onKeyDown(evt: KeyboardEvent): void {
    if (this.keysUp.indexOf(evt.keyCode) !== -1) this._keys.push(evt.keyCode);
  }
}
`,
    },
    {
      name: "Babylon.js-like texture loader reading an .env file, no process.env",
      path: "src/textures/cubeTexture.ts",
      code: `export function isEnv(url: string): boolean {
  const extension = url.lastIndexOf(".env") > -1 ? ".env" : "";
  return extension === ".env";
}
`,
    },
    {
      name: "a signature check by a name that is no JWT library",
      path: "src/math/orientation.ts",
      code: `export const orientation = (a: Vector3, b: Vector3) => geometry.sign(a.dot(b), "counter-clockwise");
export const verify = (m: Matrix) => m.verify(m, "determinant positive");
`,
    },
    {
      name: "a session's keys read, not set, in XR code",
      path: "src/xr/sessionManager.ts",
      code: `export class SessionManager {
  public inputs(session: XRSession): string[] {
    return Object.keys(session.inputSources);
  }
}
`,
    },
  ],
});

it("typescript/secrets: the gate skips 3D-engine code with sign, key, pass and verify in it", () => {
  const skips = (text: string) => !passesGate(verifier, "typescript", { text });
  expect(skips("this._renderPass.render(); Object.assign(target, { design: 1 });")).toBe(true);
  expect(skips("const s = Math.sign(x); const key = map.get(k); keys.forEach((k) => k);")).toBe(true);
  expect(skips("if (!this.verify(shader)) Logger.Warn('Sign mismatch'); const token = lexer.next();")).toBe(true);
  expect(skips("const { JWT_SECRET = \"dev\" } = process.env;")).toBe(false);
  expect(skips("jwt.sign(p, k)")).toBe(false);
});
