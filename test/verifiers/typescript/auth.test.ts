import { expect, it } from "@jest/globals";
import { passesGate } from "../../../src/engine/rule-gate.js";
import { verifier } from "../../../src/verifiers/typescript/auth.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/auth", {
  invalid: [
    {
      name: "attacker: the none algorithm in a variable given as shorthand { algorithms }",
      path: "src/auth/verify.ts",
      code: `import jwt from "jsonwebtoken";

const algorithms = ["HS256", "none"];
export function check(token: string) {
  return jwt.verify(token, process.env.JWT_SECRET!, { algorithms });
}
`,
      errors: [{ messageId: "algNone", line: 5 }],
    },
    {
      name: "attacker: the algorithms list in a constant, and none in a constant inside a list",
      path: "src/auth/verify.ts",
      code: `import jwt from "jsonwebtoken";

const ALGS = ["none"] as const;
const NONE = "none";
const EXTRA = NONE;
export function check(token: string) {
  jwt.verify(token, process.env.JWT_SECRET!, { algorithms: ALGS });
  return jwt.verify(token, process.env.JWT_SECRET!, { algorithms: ["HS256", EXTRA] });
}
`,
      errors: [{ messageId: "algNone", line: 7 }, { messageId: "algNone", line: 8 }],
    },
    {
      name: "attacker: ignoreExpiration from a let variable given as shorthand",
      path: "src/auth/verify.ts",
      code: `import jwt from "jsonwebtoken";

let ignoreExpiration = true;
export function check(token: string) {
  return jwt.verify(token, process.env.JWT_SECRET!, { ignoreExpiration, algorithm: "HS256" });
}
`,
      errors: [{ messageId: "ignoreExpiration", line: 5 }],
    },
    {
      name: "attacker: ignoreExpiration under a quoted key",
      path: "src/auth/verify.ts",
      code: `import jwt from "jsonwebtoken";

export function check(token: string) {
  return jwt.verify(token, process.env.JWT_SECRET!, { "ignoreExpiration": true });
}
`,
      errors: [{ messageId: "ignoreExpiration", line: 4 }],
    },
    {
      name: "attacker: the none algorithm allowed under a computed key",
      path: "src/auth/verify.ts",
      code: `import jwt from "jsonwebtoken";

export function check(token: string) {
  return jwt.verify(token, process.env.JWT_SECRET!, { ["algorithms"]: ["HS256", "none"] });
}
`,
      errors: [{ messageId: "algNone", line: 4 }],
    },
    {
      name: "gate: md5 of a parameter named pass (no password/pwd word in the file)",
      path: "src/users/hash.ts",
      code: `import express from "express";
import md5 from "md5";

export const router = express.Router();

export function digest(pass: string): string {
  return md5(pass);
}
`,
      errors: [{ messageId: "fastHash", line: 7 }],
    },
    {
      name: "Express middleware: jwt.decode trusted as the user",
      path: "src/middleware/auth.ts",
      code: `import jwt from "jsonwebtoken";
import type { NextFunction, Request, Response } from "express";

export function requireAuth(req: Request, res: Response, next: NextFunction) {
  const token = req.headers.authorization?.replace("Bearer ", "") ?? "";
  const claims = jwt.decode(token) as { sub: string; role: string } | null;
  if (!claims) return res.status(401).json({ error: "unauthorized" });
  req.user = { id: claims.sub, role: claims.role };
  next();
}
`,
      errors: [{ messageId: "decode", line: 6 }],
      messageIncludes: ["`jwt.decode` reads the token's claims without checking its signature"],
    },
    {
      name: "Express router: plain-text password comparison and a fast hash on sign-up",
      code: `import { Router } from "express";
import crypto from "node:crypto";
import { User } from "../models/user";

export const auth = Router();

auth.post("/login", async (req, res) => {
  const user = await User.findOne({ email: String(req.body.email) });
  if (!user || user.password !== req.body.password) return res.status(401).end();
  res.json({ id: user.id });
});

auth.post("/register", async (req, res) => {
  const { email, password } = req.body;
  const hash = crypto.createHash("sha256").update(password).digest("hex");
  await User.create({ email: String(email), passwordHash: hash });
  res.status(201).end();
});
`,
      errors: [{ messageId: "plainPassword", line: 9 }, { messageId: "fastHash", line: 15 }],
      messageIncludes: ["compares a stored password with the submitted one directly"],
    },
    {
      name: "Fastify plugin: verify accepting none, a token signed with none",
      path: "src/plugins/tokens.js",
      code: `const jwt = require("jsonwebtoken");

module.exports = async function tokens(fastify) {
  fastify.addHook("onRequest", async (request) => {
    request.user = jwt.verify(request.headers.authorization, process.env.JWT_PUBLIC_KEY, {
      algorithms: ["RS256", "none"],
    });
  });
  fastify.post("/tokens/guest", async () => ({ token: jwt.sign({ guest: true }, "", { algorithm: "none" }) }));
};
`,
      errors: [{ messageId: "algNone", line: 6 }, { messageId: "algNone", line: 9 }],
      messageIncludes: ["`algorithms` allows \"none\""],
    },
    {
      name: "Koa router: ignoreExpiration and a low bcrypt cost",
      code: `import Router from "@koa/router";
import bcrypt from "bcryptjs";
import jwt from "jsonwebtoken";

const router = new Router();

router.post("/refresh", async (ctx) => {
  const claims = jwt.verify(ctx.request.body.token, process.env.JWT_SECRET!, { ignoreExpiration: true });
  ctx.body = { token: jwt.sign({ sub: (claims as jwt.JwtPayload).sub }, process.env.JWT_SECRET!, { expiresIn: "15m" }) };
});

router.post("/users", async (ctx) => {
  const hash = await bcrypt.hash(ctx.request.body.password, 6);
  ctx.body = { hash };
});

export default router;
`,
      errors: [{ messageId: "ignoreExpiration", line: 8, severity: "warning" }, { messageId: "weakCost", line: 13, severity: "warning" }],
      messageIncludes: ["`ignoreExpiration: true` accepts expired tokens"],
    },
    {
      name: "Hono app: decode from hono/jwt without verify",
      code: `import { Hono } from "hono";
import { decode } from "hono/jwt";

const app = new Hono();

app.use("/api/*", async (c, next) => {
  const token = c.req.header("Authorization")?.slice(7) ?? "";
  const { payload } = decode(token);
  c.set("userId", payload.sub as string);
  await next();
});

export default app;
`,
      errors: [{ messageId: "decode", line: 8 }],
    },
    {
      name: "NestJS: a guard that decodes, a passport strategy that ignores expiry",
      code: `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";
import { PassportStrategy } from "@nestjs/passport";
import { ExtractJwt, Strategy } from "passport-jwt";

@Injectable()
export class TokenGuard implements CanActivate {
  constructor(private readonly jwtService: JwtService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const payload = this.jwtService.decode(request.headers.authorization?.split(" ")[1]);
    request.user = payload;
    return !!payload;
  }
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), ignoreExpiration: true, secretOrKey: process.env.JWT_SECRET });
  }
}
`,
      errors: [{ messageId: "decode", line: 12 }, { messageId: "ignoreExpiration", line: 21, severity: "warning" }],
    },
    {
      name: "repository class: md5 of the password",
      code: `import md5 from "md5";
import { User } from "../models/user";

export class UserRepository {
  async create(email: string, password: string) {
    return User.create({ email, passwordHash: md5(password) });
  }

  async checkPassword(user: { passwordHash: string }, candidate: string) {
    return user.passwordHash === md5(candidate);
  }
}
`,
      errors: [{ messageId: "fastHash", line: 6 }],
      messageIncludes: ["`password` is hashed with md5"],
    },
  ],
  valid: [
    {
      name: "near-miss: shorthand algorithms and ignoreExpiration from safe values",
      path: "src/auth/verify.ts",
      code: `import jwt from "jsonwebtoken";

const algorithms = ["HS256"];
const ignoreExpiration = false;
const NONE_ALLOWED = "none allowed";
export function check(token: string, algorithm: string) {
  jwt.verify(token, process.env.JWT_SECRET!, { algorithms, ignoreExpiration });
  jwt.sign({ sub: "1" }, process.env.JWT_SECRET!, { algorithm });
  return jwt.verify(token, process.env.JWT_SECRET!, { algorithms: [NONE_ALLOWED] });
}
`,
    },
    {
      name: "near-miss: a quoted algorithms key with HS256 only",
      path: "src/auth/verify.ts",
      code: `import jwt from "jsonwebtoken";

export function check(token: string) {
  return jwt.verify(token, process.env.JWT_SECRET!, { "algorithms": ["HS256"], "ignoreExpiration": false });
}
`,
    },
    {
      name: "Express middleware: verify, then decode the verified token for its header",
      path: "src/middleware/auth.ts",
      code: `import jwt from "jsonwebtoken";
import type { NextFunction, Request, Response } from "express";

export function requireAuth(req: Request, res: Response, next: NextFunction) {
  const token = req.headers.authorization?.replace("Bearer ", "") ?? "";
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET!, { algorithms: ["HS256"] }) as Express.User;
    const header = jwt.decode(token, { complete: true })?.header;
    res.locals.kid = header?.kid;
    next();
  } catch {
    res.status(401).json({ error: "unauthorized" });
  }
}
`,
    },
    {
      name: "Express router: bcrypt hash and compare; password confirmation check",
      code: `import { Router } from "express";
import bcrypt from "bcrypt";
import { User } from "../models/user";

export const auth = Router();

auth.post("/register", async (req, res) => {
  const { email, password, confirmPassword } = req.body;
  if (password !== confirmPassword) return res.status(400).json({ error: "passwords differ" });
  if (req.body.password === undefined) return res.status(400).end();
  const user = await User.create({ email: String(email), passwordHash: await bcrypt.hash(String(password), 12) });
  res.status(201).json({ id: user.id });
});

auth.post("/login", async (req, res) => {
  const user = await User.findOne({ email: String(req.body.email) });
  const ok = user && (await bcrypt.compare(String(req.body.password), user.passwordHash));
  res.status(ok ? 200 : 401).end();
});
`,
    },
    {
      name: "Fastify plugin: @fastify/jwt verification with pinned algorithms",
      path: "src/plugins/tokens.js",
      code: `const fp = require("fastify-plugin");

module.exports = fp(async function tokens(fastify) {
  fastify.register(require("@fastify/jwt"), { secret: process.env.JWT_SECRET, verify: { algorithms: ["HS256"] } });
  fastify.decorate("authenticate", async (request) => {
    await request.jwtVerify();
  });
});
`,
    },
    {
      name: "Koa router: expiry enforced, ignoreExpiration false, bcrypt cost 12",
      code: `import Router from "@koa/router";
import bcrypt from "bcryptjs";
import jwt from "jsonwebtoken";

const router = new Router();

router.post("/refresh", async (ctx) => {
  const claims = jwt.verify(ctx.request.body.token, process.env.JWT_SECRET!, { ignoreExpiration: false });
  ctx.body = { claims, hash: await bcrypt.hash("x", await bcrypt.genSalt(12)) };
});

export default router;
`,
    },
    {
      name: "Hono app: verify from hono/jwt",
      code: `import { Hono } from "hono";
import { verify } from "hono/jwt";

const app = new Hono();

app.use("/api/*", async (c, next) => {
  const token = c.req.header("Authorization")?.slice(7) ?? "";
  const payload = await verify(token, process.env.JWT_SECRET!, "HS256");
  c.set("userId", payload.sub as string);
  await next();
});
`,
    },
    {
      name: "NestJS: guard with verifyAsync; strategy keeping expiry",
      code: `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";

@Injectable()
export class TokenGuard implements CanActivate {
  constructor(private readonly jwtService: JwtService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    request.user = await this.jwtService.verifyAsync(request.headers.authorization?.split(" ")[1] ?? "");
    return true;
  }
}

export const jwtOptions = { ignoreExpiration: false, algorithms: ["HS256"] };
`,
    },
    {
      name: "near-misses: a React component decoding for display, sha256 of a reset token, a password policy",
      path: "src/components/Profile.tsx",
      code: `import { jwtDecode } from "jwt-decode";
import crypto from "node:crypto";

export function Profile({ token, resetToken }: { token: string; resetToken: string }) {
  const claims = jwtDecode<{ name: string }>(token);
  const digest = crypto.createHash("sha256").update(resetToken).digest("hex");
  const policy = { password: { minLength: 12 } };
  return <p title={digest}>{claims.name} {policy.password.minLength}</p>;
}
`,
    },
  ],
});

// The gate at its edges: each report path spelled as an agent might (receivers named `tokens`,
// destructured requires, any-case password members, comments before a key's colon) still passes
// it; 3D-engine code full of `RenderPass`, `Decode` and `algorithm` does not.
ruleTester("typescript/auth", {
  invalid: [
    {
      name: "gate: decode on a helper module's `tokens` export, no jwt spelled in the file",
      path: "src/routes/me.ts",
      code: `import { Router } from "express";
import { tokens } from "../lib/tokens";

export const me = Router();
me.get("/me", (req, res) => {
  const claims = tokens.decode(req.get("authorization") ?? "");
  res.json(claims);
});
`,
      errors: [{ messageId: "decode", line: 6 }],
    },
    {
      name: "gate: jose's decode destructured from require in a Koa middleware",
      path: "src/middleware/user.js",
      code: `const Koa = require("koa");
const { decode } = require("jose");

const app = new Koa();
app.use(async (ctx, next) => {
  ctx.state.user = decode(ctx.headers.authorization);
  await next();
});
`,
      errors: [{ messageId: "decode", line: 6 }],
    },
    {
      name: "gate: algorithms key with a comment before its colon, no jwt word in the file",
      path: "src/auth/bearer.ts",
      code: `import passport from "passport";
import { Strategy } from "passport-http-bearer";

export const options = { algorithms /* legacy clients */ : ["none", "HS256"] };
passport.use(new Strategy(options, (t, done) => done(null, t)));
`,
      errors: [{ messageId: "algNone", line: 4 }],
    },
    {
      name: "gate: an upper-case stored password member with a comment before the comparison",
      path: "src/routes/login.js",
      code: `const express = require("express");
const router = express.Router();

router.post("/login", async (req, res) => {
  const account = await accounts.byName(req.body.name);
  if (account.PASSWD /* legacy column */ === req.body.pwd) return res.json({ ok: true });
  res.sendStatus(401);
});
module.exports = router;
`,
      errors: [{ messageId: "plainPassword", line: 6 }],
    },
    {
      name: "gate: crypto-js SHA256 of a password named userPwd",
      path: "src/users/digest.ts",
      code: `import CryptoJS from "crypto-js";

export const stored = (userPwd: string) => CryptoJS.SHA256(userPwd).toString();
`,
      errors: [{ messageId: "fastHash", line: 3 }],
    },
    {
      name: "gate: bcryptjs hashSync destructured from require with a low cost",
      path: "src/users/hash.js",
      code: `const { hashSync } = require("bcryptjs");

exports.hashSecret = (plain) => hashSync(plain, 4);
`,
      errors: [{ messageId: "weakCost", line: 3 }],
    },
    {
      name: "gate: jwt decode through computed access on a receiver named JWT",
      path: "src/guards/role.guard.ts",
      code: `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";
import * as JWT from "jsonwebtoken";

@Injectable()
export class RoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const claims = JWT["decode"](request.headers.authorization) as { role?: string } | null;
    return claims?.role === "admin";
  }
}
`,
      errors: [{ messageId: "decode", line: 8 }],
    },
  ],
  valid: [
    {
      name: "Babylon.js-like frame graph: render passes, no passwords",
      path: "src/frameGraph/renderContext.ts",
      code: `export class FrameGraphRenderContext {
  private _renderPass?: RenderPass;
  public render(pass: RenderPass): void {
    if (this._renderPass !== pass) this._renderPass = pass;
    pass.execute();
  }
}
`,
    },
    {
      name: "Babylon.js-like Draco loader: Decode and decode on a decoder module",
      path: "src/meshes/draco.ts",
      code: `export async function DecodeMeshAsync(decoder: DracoDecoderModule, data: ArrayBuffer) {
  const buffer = new decoder.DecoderBuffer();
  return decoder.decode(buffer, data.byteLength);
}
`,
    },
    {
      name: "Babylon.js-like collider: an algorithm chosen in a local, not an options key",
      path: "src/collisions/collider.ts",
      code: `export function collide(algorithm = "gjk", shape: Shape) {
  const passes = algorithm === "gjk" ? 4 : 1;
  return shape.test(passes);
}
`,
    },
    {
      name: "Babylon.js-like shader tokenizer: decode of bytes and tokens, no JWT receiver",
      path: "src/engines/processors/tokenizer.ts",
      code: `export function tokenize(bytes: Uint8Array): string[] {
  const text = new TextDecoder().decode(bytes);
  const tokens = text.split(/\\s+/);
  return tokens;
}
`,
    },
    {
      name: "Babylon.js-like post-process: pass counts compared, not passwords",
      path: "src/postProcesses/blur.ts",
      code: `export function sameKernel(a: BlurPostProcess, b: BlurPostProcess): boolean {
  return a.passCount === b.passCount && a.kernel === b.kernel;
}
`,
    },
    {
      name: "Babylon.js-like hash of a mesh's geometry with sha256 (no password-named value)",
      path: "src/misc/geometryHash.ts",
      code: `import { sha256 } from "../misc/hash";

export const geometryId = (positions: Float32Array) => sha256(positions.join(","));
`,
    },
  ],
});

it("typescript/auth: the gate skips 3D-engine code with pass, Decode and algorithm in it", () => {
  const skips = (text: string) => !passesGate(verifier, "typescript", { text });
  expect(skips("this._renderPass.render(); const passes = [pass];")).toBe(true);
  expect(skips("const mesh = Tools.DecodeBase64(url); decoder.decode(buffer);")).toBe(true);
  expect(skips("const algorithm = \"bvh\"; const design = { pwdLength: 2 };")).toBe(true);
  expect(skips("if (user.password === req.body.password) ok();")).toBe(false);
  expect(skips("jwt.decode(token)")).toBe(false);
});
