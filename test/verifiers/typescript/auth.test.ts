import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/auth", {
  invalid: [
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
