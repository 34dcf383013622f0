import { gateSkips } from "../../support/gate-skips.js";
import { ruleTester, type ValidCase } from "../../support/rule-tester.js";

/** Code with the old gate's words that the narrowed gate skips (each must also not be flagged). */
const GATE_SKIPS: ValidCase[] = [
    {
      name: "gate: Emscripten's console methods bound, never called as loggers here",
      path: "src/assets/Draco/draco_wasm_wrapper.js",
      code: `var Module = typeof Module !== "undefined" ? Module : {};
var out = Module["print"] || console.log.bind(console);
var err = Module["printErr"] || console.warn.bind(console);
function abort(what) {
  err(what);
  throw what;
}
`,
    },
    {
      name: "gate: a render loop and a pass's render",
      path: "src/Engines/renderLoop.ts",
      code: `export function start(engine: { runRenderLoop(f: () => void): void }, scene: { render(): void }, pass: { render(): void }) {
  engine.runRenderLoop(() => {
    scene.render();
    pass.render();
  });
}
`,
    },
    {
      name: "gate: Math.log and a capitalised Tools.Warn",
      path: "src/Misc/tools.ts",
      code: `import { Tools } from "./tools.pure";

export function mipLevels(size: number): number {
  const levels = Math.floor(Math.log(size) / Math.LN2);
  if (levels > 12) Tools.Warn("texture too large: " + size);
  return levels;
}
`,
    },
    {
      name: "gate: an HTML element's text and a GUI control's html",
      path: "src/gui/textBlock.ts",
      code: `export function label(element: HTMLElement, control: { text: string; html?: string }) {
  element.textContent = control.text;
  control.html = "<b>" + control.text + "</b>";
}
`,
    },
    {
      name: "gate: a render context's end and a stream's write on private fields",
      path: "src/FrameGraph/frameGraphRenderContext.ts",
      code: `export class FrameGraphRenderContext {
  constructor(private _context: { end(): void }, private _stream: { write(b: Uint8Array): void }) {}

  public finish(data: Uint8Array): void {
    this._stream.write(data);
    this._context.end();
  }
}
`,
    },
    {
      name: "gate: an exception named in a comment and an Error thrown",
      path: "src/Loading/sceneLoader.ts",
      code: `// A DOMException is raised by the browser when the file is missing.
export function check(data: unknown): void {
  if (!data) throw new Error("no data");
}
`,
    },
    {
      name: "gate: a debug layer's error and info panes",
      path: "src/Debug/debugLayer.ts",
      code: `export function show(layer: { error: { show(): void }; info: { hide(): void } }) {
  layer.error.show();
  layer.info.hide();
}
`,
    },
];

ruleTester("typescript/info-exposure", {
  invalid: [
    {
      name: "gate: the only response call written as a computed member with a comment inside the brackets",
      path: "src/routes/users.ts",
      code: `import express from "express";

const app = express();
app.get("/users/:id", async (req, res) => {
  try {
    await Promise.resolve();
  } catch (err) {
    res.status(500)[/* send it back */ "json"]({ error: (err as Error).stack });
  }
});
`,
      errors: [{ messageId: "stack", line: 8 }],
    },
    {
      name: "gate: the only logger call written as a computed member with a comment inside the brackets",
      path: "src/middleware/trace.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function trace(req: Request, _res: Response, next: NextFunction) {
  console[ /* keep */ "info" ]("incoming", req.headers);
  next();
}
`,
      errors: [{ messageId: "logged", line: 4 }],
    },
    {
      name: "gate: a parenthesised console.error called with the request headers",
      path: "src/middleware/trace.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function trace(req: Request, _res: Response, next: NextFunction) {
  (console.error)("incoming", req.method, req.headers);
  next();
}
`,
      errors: [{ messageId: "logged", line: 4 }],
    },
    {
      name: "gate: the response cast before the status and json chain",
      path: "src/routes/reports.ts",
      code: `import { Router } from "express";
import { buildReport } from "../services/reports";

export const reports = Router();

reports.get("/reports/:id", async (req, res) => {
  try {
    res.json(await buildReport(req.params.id));
  } catch (err) {
    (res as any).status(500).json({ message: "failed", stack: err.stack });
  }
});
`,
      errors: [{ messageId: "stack", line: 10 }],
    },
    {
      name: "gate: a response held on `this` in a handler class",
      path: "src/handlers/export-handler.ts",
      code: `import type { Response } from "express";
import { exportAll } from "../services/export";

export class ExportHandler {
  constructor(private readonly res: Response) {}

  async run(): Promise<void> {
    try {
      this.res.send(await exportAll());
    } catch (e) {
      this.res.send(e.stack);
    }
  }
}
`,
      errors: [{ messageId: "stack", line: 11 }],
    },
    {
      name: "gate: a Fastify request logger called through a computed method name",
      path: "src/plugins/login.ts",
      code: `import type { FastifyInstance } from "fastify";

export default async function login(fastify: FastifyInstance) {
  fastify.post("/login", async (request) => {
    const { email, password } = request.body as { email: string; password: string };
    request.log["info"]({ email, password }, "login attempt");
    return fastify.auth.signIn(email, password);
  });
}
`,
      errors: [{ messageId: "logged", line: 6 }],
    },
    {
      name: "gate: a child logger (the chain goes through a call)",
      path: "src/services/tokens.ts",
      code: `import { logger } from "../logger";
import { issueToken } from "./issuer";

export async function refresh(userId: string): Promise<string> {
  const token = await issueToken(userId);
  logger.child({ module: "tokens" }).debug({ token }, "issued");
  return token;
}
`,
      errors: [{ messageId: "logged", line: 6 }],
    },
    {
      name: "gate: a unicode-escaped console",
      path: "src/routes/signup.js",
      code: `module.exports = function signup(app, users) {
  app.post("/signup", async (req, res) => {
    const { email, password } = req.body;
    cons\\u006fle.log("signup", email, password);
    res.json(await users.create(email, password));
  });
};
`,
      errors: [{ messageId: "logged", line: 4 }],
    },
    {
      name: "gate: a namespaced NestJS exception thrown with the stack",
      path: "src/orders/orders.service.ts",
      code: `import * as common from "@nestjs/common";
import { OrdersRepository } from "./orders.repository";

@common.Injectable()
export class OrdersService {
  constructor(private readonly orders: OrdersRepository) {}

  async place(input: { sku: string }) {
    try {
      return await this.orders.insert(input);
    } catch (err) {
      throw new common.InternalServerErrorException(err.stack);
    }
  }
}
`,
      errors: [{ messageId: "stack", line: 12 }],
    },
    {
      name: "gate: Koa `ctx.body` assigned after a comment",
      path: "src/middleware/errors.ts",
      code: `import type { Context, Next } from "koa";

export async function errors(ctx: Context, next: Next) {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx /* koa */ .body = { error: err.stack };
  }
}
`,
      errors: [{ messageId: "stack", line: 8 }],
    },
    {
      name: "gate: Express error handler sending err.stack through res.\\u006Ason",
      code: `import express, { NextFunction, Request, Response } from "express";

const app = express();

app.use((err: Error, req: Request, res: Response, next: NextFunction) => {
  res.status(500).\\u006Ason({ error: err.stack });
});
`,
      errors: [{ messageId: "stack", line: 6 }],
    },
    {
      name: "Express router: stack trace in the response, password in the log",
      code: `import { Router } from "express";
import { User } from "../models/user";

export const auth = Router();

auth.post("/login", async (req, res) => {
  console.log("login attempt", req.body.email, req.body.password);
  try {
    res.json(await User.authenticate(String(req.body.email), String(req.body.password)));
  } catch (err) {
    res.status(500).json({ message: "login failed", error: err.stack });
  }
});
`,
      errors: [{ messageId: "logged", line: 7, severity: "blocking" }, { messageId: "stack", line: 11, severity: "warning" }],
      messageIncludes: ["`console.log` writes `req.body.password` to the log"],
    },
    {
      name: "Express error handler: the raw error object sent back",
      path: "src/middleware/errors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function errorHandler(err: Error, req: Request, res: Response, _next: NextFunction) {
  req.log?.error(err);
  res.status(500).send({ error: err });
}
`,
      errors: [{ messageId: "rawError", line: 5, severity: "warning" }],
      messageIncludes: ["`err` sends the raw error (or the database details it carries) to the client through `res.status(500).send`"],
    },
    {
      name: "Fastify plugin: error with its stack via reply.send, token in request.log",
      path: "src/plugins/payments.ts",
      code: `import type { FastifyInstance } from "fastify";

export default async function payments(fastify: FastifyInstance) {
  fastify.post("/payments", async (request, reply) => {
    const { cardToken } = request.body as { cardToken: string };
    request.log.info({ cardToken }, "charging");
    try {
      return await charge(cardToken);
    } catch (error) {
      return reply.code(502).send({ message: "payment failed", detail: (error as Error).stack });
    }
  });
}
`,
      errors: [{ messageId: "logged", line: 6 }, { messageId: "stack", line: 10, severity: "warning" }],
    },
    {
      name: "Koa router: ctx.body holds the caught error; the Authorization header logged",
      code: `import Router from "@koa/router";

const router = new Router();

router.get("/reports/:id", async (ctx) => {
  console.debug("auth header", ctx.request.headers.authorization);
  try {
    ctx.body = await buildReport(ctx.params.id);
  } catch (e) {
    ctx.status = 500;
    ctx.body = { error: e };
  }
});

export default router;
`,
      errors: [{ messageId: "logged", line: 6, severity: "blocking" }, { messageId: "rawError", line: 11, severity: "warning" }],
    },
    {
      name: "Hono app: onError returns the stack; a secret in a template log",
      code: `import { Hono } from "hono";

const app = new Hono();

app.onError((err, c) => c.json({ message: err.message, stack: err.stack }, 500));

app.post("/webhooks/:id", async (c) => {
  const secret = await loadSecret(c.req.param("id"));
  console.info(\`verifying with \${secret}\`);
  return c.text("ok");
});

export default app;
`,
      errors: [{ messageId: "stack", line: 5, severity: "warning" }, { messageId: "logged", line: 9 }],
    },
    {
      name: "NestJS service: exception carries the stack; the logger prints the access token",
      code: `import { Injectable, InternalServerErrorException, Logger } from "@nestjs/common";

@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);

  async exchange(code: string) {
    try {
      const { accessToken } = await this.oauth.exchange(code);
      this.logger.log(\`got token \${accessToken}\`);
      return accessToken;
    } catch (error) {
      throw new InternalServerErrorException(error.stack);
    }
  }
}
`,
      errors: [{ messageId: "logged", line: 10 }, { messageId: "stack", line: 13, severity: "warning" }],
    },
    {
      name: "repository class: Sequelize error details sent back",
      code: `import type { Response } from "express";
import { Order } from "../models/order";

export class OrderRepository {
  async create(res: Response, data: { total: number }) {
    try {
      res.json(await Order.create(data));
    } catch (dbError) {
      res.status(400).json({ error: "invalid order", sql: dbError.sql });
    }
  }
}
`,
      errors: [{ messageId: "rawError", line: 9, severity: "warning" }],
    },
    {
      name: "flow: the stack stored in a local, then sent in an Express response",
      code: `import { Router } from "express";
import { Invoice } from "../models/invoice";

export const invoices = Router();

invoices.get("/:id", async (req, res) => {
  try {
    res.json(await Invoice.findByPk(req.params.id));
  } catch (err) {
    const detail = err.stack;
    res.status(500).json({ message: "lookup failed", detail });
  }
});
`,
      errors: [{ messageId: "stack", line: 11 }],
    },
    {
      name: "flow: a helper that wraps its argument hands the raw error to res.json",
      path: "src/middleware/errors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

function problem(cause: unknown) {
  return { type: "about:blank", status: 500, cause };
}

export function errorHandler(err: Error, _req: Request, res: Response, _next: NextFunction) {
  res.status(500).json(problem(err));
}
`,
      errors: [{ messageId: "rawError", line: 8 }],
    },
    {
      name: "flow: a password concatenated into a message local, then logged",
      code: `import { Router } from "express";
import pino from "pino";

const logger = pino();
export const auth = Router();

auth.post("/login", (req, res) => {
  const { email, password } = req.body;
  const line = "login attempt " + email + " / " + password;
  logger.info(line);
  res.sendStatus(202);
});
`,
      errors: [{ messageId: "logged", line: 10 }],
    },
    {
      name: "flow: a token in a template passed through a tagging helper to console.log",
      code: `function tag(msg: string) {
  return \`[oauth] \${msg}\`;
}

export async function refresh(client: { refresh(): Promise<{ accessToken: string }> }) {
  const { accessToken } = await client.refresh();
  console.log(tag(\`refreshed, now \${accessToken}\`));
  return accessToken;
}
`,
      errors: [{ messageId: "logged", line: 7 }],
    },
    {
      name: "flow: an API key pushed into parts that are joined and logged",
      code: `import winston from "winston";

const logger = winston.createLogger();

export function describeClient(id: string, apiKey: string) {
  const parts = ["client", id];
  parts.push(apiKey);
  logger.debug(parts.join(" "));
}
`,
      errors: [{ messageId: "logged", line: 8 }],
    },
    {
      name: "flow: Koa handler builds the body in a local holding the caught error",
      code: `import Router from "@koa/router";
import { Report } from "../models/report";

export const reports = new Router();

reports.get("/reports/:id", async (ctx) => {
  try {
    ctx.body = await Report.findById(ctx.params.id);
  } catch (err) {
    const payload = { error: err, id: ctx.params.id };
    ctx.status = 500;
    ctx.body = payload;
  }
});
`,
      errors: [{ messageId: "rawError", line: 12 }],
    },
    {
      name: "flow: NestJS exception built from a reason string holding the stack",
      code: `import { Injectable, InternalServerErrorException } from "@nestjs/common";

@Injectable()
export class ExportService {
  async run() {
    try {
      return await this.exporter.start();
    } catch (error) {
      const reason = "export failed: " + error.stack;
      throw new InternalServerErrorException(reason);
    }
  }
}
`,
      errors: [{ messageId: "stack", line: 10 }],
    },
    {
      name: "flow: a secret handed through more helpers than the flow follows is could-not-check",
      code: `import pino from "pino";

const logger = pino();
function h0(s: string) { return "key=" + s; }
function h1(s: string) { return h0(s); }
function h2(s: string) { return h1(s); }
function h3(s: string) { return h2(s); }
function h4(s: string) { return h3(s); }
function h5(s: string) { return h4(s); }

export function start(config: { clientSecret: string }) {
  const note = h5(config.clientSecret);
  logger.info(note);
}
`,
      errors: [],
      incomplete: "more nested helpers or steps than the analysis follows",
    },
    {
      name: "flow: the same local turned into text and sent raw in one payload is still the raw error",
      code: `import { Router } from "express";
import { Job } from "../models/job";

export const jobs = Router();

jobs.post("/", async (req, res) => {
  try {
    res.json(await Job.enqueue(req.body));
  } catch (err) {
    const failure = err;
    res.status(500).json({ summary: \`failed: \${failure}\`, failure });
  }
});
`,
      errors: [{ messageId: "rawError", line: 11 }],
    },
  ],
  valid: [
    ...GATE_SKIPS,
    {
      name: "gate: res.\\u006Ason with the error's message only",
      code: `import express, { NextFunction, Request, Response } from "express";

const app = express();

app.use((err: Error, req: Request, res: Response, next: NextFunction) => {
  res.status(500).\\u006Ason({ error: "Internal error" });
});
`,
    },
    {
      name: "gate: a declaration file's json() and send() signatures are not responses",
      path: "src/types/reply.d.ts",
      code: `export interface Reply {
  json(body: unknown): void;
  send(body: string): void;
  log(message: string): void;
}
`,
    },
    {
      name: "flow near-miss: 2,100 log calls through one helper each stay within every search's own budget",
      code: `import pino from "pino";

const logger = pino();
function fmt(s: string) { return "[jobs] " + s; }

export function report(done: number) {
${"  logger.info(fmt(String(done)));\n".repeat(2100)}}
`,
    },
    {
      name: "flow near-miss: only the password's length reaches the log",
      code: `import pino from "pino";

const logger = pino();

export function checkPolicy(password: string) {
  const n = password.length;
  logger.info(\`password has \${n} characters\`);
  return n >= 12;
}
`,
    },
    {
      name: "flow near-miss: a helper masks the token before it is logged",
      code: `function mask(s: string) {
  return "****" + s.slice(-4);
}

export function remember(token: string) {
  console.log(\`stored \${mask(token)}\`);
}
`,
    },
    {
      name: "flow near-miss: the error turned into text (its message) in a local, sent",
      code: `import { Router } from "express";
import { Cart } from "../models/cart";

export const carts = Router();

carts.post("/", async (req, res) => {
  try {
    res.json(await Cart.create(req.body));
  } catch (err) {
    const msg = \`could not create cart: \${err}\`;
    res.status(400).json({ error: msg });
  }
});
`,
    },
    {
      name: "flow near-miss: Fastify serialises the error held in a local itself",
      code: `import type { FastifyInstance } from "fastify";

export default async function orders(fastify: FastifyInstance) {
  fastify.get("/orders", async (_request, reply) => {
    try {
      return await fastify.db.orders.list();
    } catch (error) {
      const failure = error;
      return reply.code(503).send(failure);
    }
  });
}
`,
    },
    {
      name: "flow near-miss: the stack kept in a development-only local",
      path: "src/middleware/errors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function errorHandler(err: Error, _req: Request, res: Response, _next: NextFunction) {
  const debug = process.env.NODE_ENV === "development" ? err.stack : undefined;
  res.status(500).json({ error: "Internal Server Error", debug });
}
`,
    },
    {
      name: "flow near-miss: a digest of the password, not the password, is logged",
      code: `import { createHash } from "node:crypto";
import winston from "winston";

const logger = winston.createLogger();

export function audit(password: string) {
  const digest = createHash("sha256").update(password).digest("hex");
  logger.info({ digest });
}
`,
    },
    {
      name: "flow near-miss: the secret is assigned to the local only after it was logged",
      code: `import pino from "pino";

const logger = pino();

export function connect(opts: { password: string }) {
  let note = "connecting";
  logger.info(note);
  note = opts.password;
  return note.length;
}
`,
    },
    {
      name: "Express router: generic error message, email logged but not the password",
      code: `import { Router } from "express";
import { User } from "../models/user";

export const auth = Router();

auth.post("/login", async (req, res) => {
  console.log("login attempt", req.body.email, { hasPassword: Boolean(req.body.password), passwordLength: req.body.password?.length });
  try {
    res.json(await User.authenticate(String(req.body.email), String(req.body.password)));
  } catch (err) {
    console.error(err);
    res.status(500).json({ message: "login failed", error: (err as Error).message });
  }
});
`,
    },
    {
      name: "Express error handler: the stack only in development",
      path: "src/middleware/errors.ts",
      code: `import type { NextFunction, Request, Response } from "express";

export function errorHandler(err: Error, _req: Request, res: Response, _next: NextFunction) {
  res.status(500).json({
    error: "Internal Server Error",
    stack: process.env.NODE_ENV === "development" ? err.stack : undefined,
  });
  if (process.env.NODE_ENV !== "production") res.locals.debug = { error: err };
}
`,
    },
    {
      name: "Fastify plugin: reply.send(error) is serialised by Fastify; token length logged",
      path: "src/plugins/payments.ts",
      code: `import type { FastifyInstance } from "fastify";

export default async function payments(fastify: FastifyInstance) {
  fastify.post("/payments", async (request, reply) => {
    const { cardToken } = request.body as { cardToken: string };
    request.log.info({ tokenLength: cardToken.length }, "charging");
    try {
      return await charge(cardToken);
    } catch (error) {
      return reply.code(502).send(error);
    }
  });
}
`,
    },
    {
      name: "Koa router: error message only; header names logged",
      code: `import Router from "@koa/router";

const router = new Router();

router.get("/reports/:id", async (ctx) => {
  console.debug("headers", Object.keys(ctx.request.headers));
  try {
    ctx.body = await buildReport(ctx.params.id);
  } catch (e) {
    ctx.status = 500;
    ctx.body = { error: (e as Error).message };
  }
});
`,
    },
    {
      name: "Hono app: onError with a generic body; token type logged",
      code: `import { Hono } from "hono";

const app = new Hono();

app.onError((err, c) => {
  console.error(err);
  return c.json({ message: "Internal error" }, 500);
});

app.post("/tokens", async (c) => {
  const { tokenType, csrfToken } = await c.req.json();
  console.info("token request", tokenType, csrfToken);
  return c.text("ok");
});
`,
    },
    {
      name: "NestJS service: logs the user id, throws a generic exception",
      code: `import { Injectable, InternalServerErrorException, Logger } from "@nestjs/common";

@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);

  async exchange(code: string, userId: string) {
    try {
      const { accessToken } = await this.oauth.exchange(code);
      this.logger.log(\`got token for \${userId}\`);
      return accessToken;
    } catch (error) {
      this.logger.error(error);
      throw new InternalServerErrorException("token exchange failed");
    }
  }
}
`,
    },
    {
      name: "Express service: an article body logged whole (no password in it), a token-typed payload",
      code: `import type { Request } from "express";
import type { TokenPayload } from "../types";

export async function createArticle(request: Request) {
  const auth = request.auth as TokenPayload;
  console.log({ body: request.body, author: auth.id });
  return auth;
}
`,
    },
    {
      name: "near-misses: a token sent in the response body (not a log), error strings, non-logger .log",
      code: `import type { Request, Response } from "express";

export function issue(req: Request, res: Response) {
  const token = mint(req.user.id);
  res.json({ token });
  try {
    risky();
  } catch (err) {
    res.status(400).send(\`failed: \${String(err)}\`);
  }
  math.log(token.length);
}
`,
    },
  ],
});

gateSkips("typescript/info-exposure", GATE_SKIPS);
