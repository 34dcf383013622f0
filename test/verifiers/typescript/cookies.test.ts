import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/cookies", {
  invalid: [
    {
      name: "Express app: express-session cookie with secure false and httpOnly false",
      path: "src/app.ts",
      code: `import express from "express";
import session from "express-session";

const app = express();
app.use(
  session({
    secret: process.env.SESSION_SECRET!,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: false, httpOnly: false, maxAge: 86_400_000 },
  }),
);
`,
      errors: [{ messageId: "insecure", line: 10 }, { messageId: "httpOnly", line: 10 }],
      messageIncludes: ["`secure: false` in `session(…)` lets the browser send the session cookie over plain HTTP"],
    },
    {
      name: "Express router: a token cookie without httpOnly, a refresh cookie with sameSite none",
      path: "src/routes/auth.ts",
      code: `import { Router } from "express";

export const auth = Router();

auth.post("/login", async (req, res) => {
  const { accessToken, refreshToken } = await login(req.body);
  res.cookie("access_token", accessToken);
  res.cookie("refresh_token", refreshToken, { httpOnly: true, sameSite: "none" });
  res.status(204).end();
});
`,
      errors: [{ messageId: "noHttpOnly", line: 7 }, { messageId: "sameSiteNone", line: 8 }],
      messageIncludes: ["The `access_token` cookie set by `res.cookie(\"access_token\", accessToken)` has no `httpOnly: true`, and Express does not add it"],
    },
    {
      name: "Fastify plugin: @fastify/session with secure false, setCookie without httpOnly",
      path: "src/plugins/session.ts",
      code: `import fastifyCookie from "@fastify/cookie";
import fastifySession from "@fastify/session";
import type { FastifyInstance } from "fastify";

export default async function sessions(fastify: FastifyInstance) {
  fastify.register(fastifyCookie);
  fastify.register(fastifySession, { secret: process.env.SESSION_SECRET!, cookie: { secure: false } });
  fastify.post("/remember", async (request, reply) => {
    reply.setCookie("remember_me", await issueToken(request.user), { path: "/", secure: true });
    return { ok: true };
  });
}
`,
      errors: [{ messageId: "insecure", line: 7 }, { messageId: "noHttpOnly", line: 9 }],
    },
    {
      name: "Koa router: ctx.cookies.set with httpOnly false for the session id",
      code: `import Router from "@koa/router";

const router = new Router();

router.post("/login", async (ctx) => {
  const sid = await createSession(ctx.request.body);
  ctx.cookies.set("sid", sid, { httpOnly: false, signed: true });
  ctx.status = 204;
});

export default router;
`,
      errors: [{ messageId: "httpOnly", line: 7 }],
    },
    {
      name: "Hono app: setCookie of a jwt without httpOnly",
      code: `import { Hono } from "hono";
import { setCookie } from "hono/cookie";

const app = new Hono();

app.post("/login", async (c) => {
  const jwt = await signIn(await c.req.json());
  setCookie(c, "auth", jwt, { secure: true, sameSite: "Lax", path: "/" });
  return c.body(null, 204);
});
`,
      errors: [{ messageId: "noHttpOnly", line: 8 }],
    },
    {
      name: "NestJS controller: response.cookie with secure false for the session",
      code: `import { Controller, Post, Res } from "@nestjs/common";
import type { Response } from "express";

@Controller("auth")
export class AuthController {
  @Post("login")
  login(@Res({ passthrough: true }) response: Response) {
    response.cookie("session", "abc", { httpOnly: true, secure: false });
    return { ok: true };
  }
}
`,
      errors: [{ messageId: "insecure", line: 8 }],
    },
    {
      name: "Express app: cookie-session with sameSite none and no secure",
      path: "src/app.js",
      code: `const express = require("express");
const cookieSession = require("cookie-session");

const app = express();
app.use(cookieSession({ name: "session", keys: [process.env.COOKIE_KEY], sameSite: "none" }));
`,
      errors: [{ messageId: "sameSiteNone", line: 5 }],
    },
  ],
  valid: [
    {
      name: "Express app: express-session with secure, httpOnly and lax",
      path: "src/app.ts",
      code: `import express from "express";
import session from "express-session";

const app = express();
app.set("trust proxy", 1);
app.use(session({ secret: process.env.SESSION_SECRET!, cookie: { secure: true, httpOnly: true, sameSite: "lax" } }));
`,
    },
    {
      name: "Express router: token cookies with httpOnly; a theme cookie readable by scripts",
      path: "src/routes/auth.ts",
      code: `import { Router } from "express";

export const auth = Router();

auth.post("/login", async (req, res) => {
  const { accessToken } = await login(req.body);
  res.cookie("access_token", accessToken, { httpOnly: true, secure: true, sameSite: "strict" });
  res.cookie("theme", "dark", { httpOnly: false });
  res.cookie("cross_site", "1", { sameSite: "none", secure: true });
  res.status(204).end();
});
`,
    },
    {
      name: "Fastify plugin: secure chosen by environment",
      path: "src/plugins/session.ts",
      code: `import fastifySession from "@fastify/session";
import type { FastifyInstance } from "fastify";

export default async function sessions(fastify: FastifyInstance) {
  fastify.register(fastifySession, { secret: process.env.SESSION_SECRET!, cookie: { secure: process.env.NODE_ENV === "production" } });
  fastify.post("/remember", async (request, reply) => {
    reply.setCookie("remember_me", await issueToken(request.user), { path: "/", secure: true, httpOnly: true });
    return { ok: true };
  });
}
`,
    },
    {
      name: "Koa router: ctx.cookies.set is httpOnly by default",
      code: `import Router from "@koa/router";

const router = new Router();

router.post("/login", async (ctx) => {
  ctx.cookies.set("sid", await createSession(ctx.request.body), { signed: true, sameSite: "lax" });
  ctx.status = 204;
});
`,
    },
    {
      name: "Hono app: setCookie with httpOnly; a locale cookie",
      code: `import { Hono } from "hono";
import { setCookie } from "hono/cookie";

const app = new Hono();

app.post("/login", async (c) => {
  setCookie(c, "auth", await signIn(await c.req.json()), { httpOnly: true, secure: true, sameSite: "Lax" });
  setCookie(c, "locale", "en");
  return c.body(null, 204);
});
`,
    },
    {
      name: "NestJS: shared cookie options the file does not show, and a dev-only relaxation",
      code: `import { Controller, Post, Res } from "@nestjs/common";
import type { Response } from "express";
import { COOKIE_OPTIONS } from "./cookie-options";

@Controller("auth")
export class AuthController {
  @Post("login")
  login(@Res({ passthrough: true }) response: Response) {
    response.cookie("session", "abc", COOKIE_OPTIONS);
    if (process.env.NODE_ENV === "development") response.cookie("debug_session", "abc", { secure: false, httpOnly: true });
    return { ok: true };
  }
}
`,
    },
  ],
});
