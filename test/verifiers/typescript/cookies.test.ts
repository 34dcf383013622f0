import { expect, it } from "@jest/globals";
import { passesGate } from "../../../src/engine/rule-gate.js";
import { verifier } from "../../../src/verifiers/typescript/cookies.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/cookies", {
  invalid: [
    {
      name: "gate: Fastify registers a session plugin imported in capitals, its cookie not secure",
      path: "src/server.ts",
      code: `import Fastify from "fastify";
import SESSION from "@fastify/secure-session";

const app = Fastify();
app.register(SESSION, { key: process.env.KEY, cookie: { secure: false, httpOnly: true } });
`,
      errors: [{ messageId: "insecure", line: 5 }],
    },
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
    {
      name: "Express: a JWT cookie with httpOnly but no secure (blocking)",
      path: "src/routes/auth.ts",
      code: `import { Router } from "express";

export const auth = Router();

auth.post("/login", async (req, res) => {
  const jwt = await signIn(req.body);
  res.cookie("jwt", jwt, { httpOnly: true, sameSite: "lax", maxAge: 3_600_000 });
  res.json({ ok: true });
});
`,
      errors: [{ messageId: "noSecure", line: 7, severity: "blocking" }],
      messageIncludes: ["has no `secure: true`, and Express does not add it, so the browser also sends the token over plain HTTP"],
    },
    {
      name: "Fastify: a refresh token cookie with httpOnly but no secure (blocking)",
      path: "src/plugins/auth.ts",
      code: `import type { FastifyInstance } from "fastify";

export default async function auth(fastify: FastifyInstance) {
  fastify.post("/refresh", async (request, reply) => {
    const { refreshToken } = await rotate(request.cookies.refresh_token);
    reply.setCookie("refresh_token", refreshToken, { httpOnly: true, path: "/refresh" });
    return { ok: true };
  });
}
`,
      errors: [{ messageId: "noSecure", line: 6 }],
    },
    {
      name: "Hono: a session cookie with httpOnly only (blocking)",
      code: `import { Hono } from "hono";
import { setCookie } from "hono/cookie";

const app = new Hono();
app.post("/login", async (c) => {
  setCookie(c, "session_id", await createSession(await c.req.json()), { httpOnly: true });
  return c.json({ ok: true });
});
`,
      errors: [{ messageId: "noSecure", line: 6 }],
    },
    {
      name: "warning: Express cart cookie with no options, and a tracking cookie with secure but no sameSite",
      path: "src/routes/cart.ts",
      code: `import { Router } from "express";

export const cart = Router();

cart.post("/cart", async (req, res) => {
  const id = await createCart(req.body);
  res.cookie("cart_id", id);
  res.cookie("ref", String(req.query.ref ?? ""), { secure: true });
  res.status(201).json({ id });
});
`,
      errors: [
        { messageId: "cookieFlags", line: 7, severity: "warning" },
        { messageId: "cookieFlags", line: 8, severity: "warning" },
      ],
      messageIncludes: ["has no `secure: true` and `sameSite: \"lax\"`"],
    },
    {
      name: "warning: express-session with no cookie options",
      path: "src/app.ts",
      code: `import express from "express";
import session from "express-session";

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET!, resave: false, saveUninitialized: false }));
`,
      errors: [{ messageId: "sessionDefaults", line: 5, severity: "warning" }],
    },
    {
      name: "warning: express-session (required) with cookie options that leave secure out",
      path: "src/app.js",
      code: `const express = require("express");
const session = require("express-session");

const app = express();
app.use(
  session({
    secret: process.env.SESSION_SECRET,
    cookie: { httpOnly: true, maxAge: 86400000 },
  }),
);
`,
      errors: [{ messageId: "sessionDefaults", line: 6, severity: "warning" }],
    },
    {
      name: "cookie-session with httpOnly false still blocks",
      path: "src/app.ts",
      code: `import express from "express";
import cookieSession from "cookie-session";

const app = express();
app.use(cookieSession({ name: "session", keys: [process.env.COOKIE_KEY!], httpOnly: false }));
`,
      errors: [{ messageId: "httpOnly", line: 5 }],
    },
  ],
  valid: [
    {
      name: "Express: a JWT cookie with every flag; secure chosen by environment",
      path: "src/routes/auth.ts",
      code: `import { Router } from "express";

export const auth = Router();
const isProd = process.env.NODE_ENV === "production";

auth.post("/login", async (req, res) => {
  const jwt = await signIn(req.body);
  res.cookie("jwt", jwt, { httpOnly: true, secure: true, sameSite: "strict" });
  res.cookie("refresh_token", jwt, { httpOnly: true, secure: isProd, sameSite: "lax" });
  res.json({ ok: true });
});
`,
    },
    {
      name: "Koa sets secure itself on HTTPS requests",
      code: `import Router from "@koa/router";

const router = new Router();
router.post("/login", async (ctx) => {
  ctx.cookies.set("session_id", await createSession(ctx.request.body), { httpOnly: true, sameSite: "lax" });
  ctx.cookies.set("cart_id", "1");
  ctx.status = 204;
});
`,
    },
    {
      name: "near-miss: preference and CSRF cookies hold nothing to steal",
      path: "src/routes/prefs.ts",
      code: `import { Router } from "express";

export const prefs = Router();
prefs.post("/prefs", (req, res) => {
  res.cookie("theme", req.body.theme);
  res.cookie("locale", req.body.locale);
  res.cookie("XSRF-TOKEN", req.csrfToken());
  res.cookie("cookie_consent", "yes", { maxAge: 31_536_000_000 });
  res.sendStatus(204);
});
`,
    },
    {
      name: "express-session with cookie.secure by environment; @fastify/session defaults to secure",
      path: "src/app.ts",
      code: `import express from "express";
import session from "express-session";
import fastifySession from "@fastify/session";

const app = express();
app.set("trust proxy", 1);
app.use(session({ secret: process.env.SESSION_SECRET!, cookie: { secure: process.env.NODE_ENV === "production", sameSite: "lax" } }));

export async function plugin(fastify: any) {
  fastify.register(fastifySession, { secret: process.env.SESSION_SECRET! });
}
`,
    },
    {
      name: "near-miss: cookie options spread from a shared object",
      path: "src/routes/cart.ts",
      code: `import { Router } from "express";
import { COOKIE_DEFAULTS } from "../config";

export const cart = Router();
cart.post("/cart", async (req, res) => {
  res.cookie("cart_id", await createCart(req.body), { ...COOKIE_DEFAULTS, maxAge: 86_400_000 });
  res.cookie("token", await issue(req.body), { ...COOKIE_DEFAULTS, httpOnly: true });
  res.sendStatus(201);
});
`,
    },
    {
      name: "Hono and Fastify cookies with secure and sameSite",
      code: `import { Hono } from "hono";
import { setCookie } from "hono/cookie";

const app = new Hono();
app.post("/cart", async (c) => {
  setCookie(c, "cart_id", await newCart(), { secure: true, sameSite: "Lax" });
  setCookie(c, "session_id", await createSession(await c.req.json()), { httpOnly: true, secure: true, sameSite: "Strict" });
  return c.json({ ok: true });
});
`,
    },
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

// The gate at its edges: session middleware judged without the word "cookie" in the file, a
// setter's name written with an escape, a session callee in parentheses; WebXR code full of
// `session` does not pass it.
ruleTester("typescript/cookies", {
  invalid: [
    {
      name: "gate: express-session with defaults, no cookie word in the file",
      path: "src/app.ts",
      code: `import express from "express";
import session from "express-session";

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET!, resave: false, saveUninitialized: false }));
`,
      errors: [{ messageId: "sessionDefaults", line: 5 }],
    },
    {
      name: "gate: koa-session under the name koaSession, secure off and sameSite none",
      path: "src/server.js",
      code: `const Koa = require("koa");
const koaSession = require("koa-session");

const app = new Koa();
app.use(koaSession({ key: "koa.sess", secure: false, sameSite: "none" }, app));
`,
      errors: [{ messageId: "insecure", line: 5 }, { messageId: "sameSiteNone", line: 5 }],
    },
    {
      name: "gate: a session middleware called through a type assertion with httpOnly off",
      path: "src/middleware/session.ts",
      code: `import session from "@fastify/session";

export const middleware = (session as any)({ secret: process.env.SESSION_SECRET, httpOnly: false });
`,
      errors: [{ messageId: "httpOnly", line: 3 }],
    },
    {
      name: "gate: res.cookie spelled with a unicode escape, a token without httpOnly",
      path: "src/routes/login.js",
      code: `const express = require("express");
const router = express.Router();

router.post("/login", async (req, res) => {
  const jwtValue = await issue(req.body);
  res.coo\\u006bie("token", jwtValue, { secure: true, sameSite: "lax" });
  res.sendStatus(204);
});
module.exports = router;
`,
      errors: [{ messageId: "noHttpOnly", line: 6 }],
    },
    {
      name: "gate: sessionMiddleware with secure as a quoted key set to false",
      path: "src/app.ts",
      code: `import { sessionMiddleware } from "./session";

const name = "sid";
export const handler = sessionMiddleware({ name, "secure": false });
`,
      errors: [{ messageId: "insecure", line: 4 }],
    },
    {
      name: "gate: Koa ctx.cookies.set with sameSite none and no secure",
      path: "src/routes/prefs.js",
      code: `module.exports = async (ctx) => {
  ctx.cookies.set("session_id", ctx.state.sid, { sameSite: "none" });
  ctx.status = 204;
};
`,
      errors: [{ messageId: "sameSiteNone", line: 2 }],
    },
  ],
  valid: [
    {
      name: "WebXR session manager: requestSession and session events",
      path: "src/xr/webXRSessionManager.ts",
      code: `export class WebXRSessionManager {
  public session: XRSession;
  public async initializeSessionAsync(mode: XRSessionMode, init: XRSessionInit = {}): Promise<XRSession> {
    const session = await navigator.xr!.requestSession(mode, init);
    this.session = session;
    session.addEventListener("end", () => this.onXRSessionEnded.notifyObservers(null), { once: true });
    return session;
  }
}
`,
    },
    {
      name: "WebXR camera: a session passed to a callback",
      path: "src/xr/webXRCamera.ts",
      code: `export function updateFromSession(camera: WebXRCamera, session: XRSession): void {
  camera.rigCameras.forEach((c) => c.setSession(session));
  return ((session) => session.renderState)(session) && undefined;
}
`,
    },
    {
      name: "WebXR layers: a session option object without cookie flags",
      path: "src/xr/webXRWebGLLayer.ts",
      code: `export const layerInit = (session: XRSession, context: WebGL2RenderingContext) => new XRWebGLLayer(session, context, { antialias: true, stencil: false });
`,
    },
    {
      name: "a secure context check next to a session, no session call",
      path: "src/xr/support.ts",
      code: `export const supported = (session: XRSession | null) => window.isSecureContext && session !== null;
`,
    },
    {
      name: "a session's input sources read in a secure option, no session middleware",
      path: "src/xr/inputs.ts",
      code: `export const inputs = (xr: { session: XRSession }) => ({ secure: true, count: xr.session.inputSources.length });
`,
    },
    {
      name: "a Session class constructed, not a session middleware call",
      path: "src/audio/audioSession.ts",
      code: `export const audio = new AudioSession({ sameSite: "none", latencyHint: "interactive" });
`,
    },
  ],
});

it("typescript/cookies: the gate skips WebXR code with session in it", () => {
  const skips = (text: string) => !passesGate(verifier, "typescript", { text });
  expect(skips("const session = await navigator.xr.requestSession(\"immersive-vr\"); session.end();")).toBe(true);
  expect(skips("export class WebXRSessionManager { public session: XRSession; }")).toBe(true);
  expect(skips("const sessionMode = \"immersive-ar\"; const secureContext = window.isSecureContext;")).toBe(true);
  expect(skips("res.cookie(\"token\", value)")).toBe(false);
  expect(skips("app.use(session({ secret: s }))\nimport session from \"express-session\";")).toBe(false);
});
