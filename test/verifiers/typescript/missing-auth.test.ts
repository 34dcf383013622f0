import { gateSkips } from "../../support/gate-skips.js";
import { ruleTester, type ValidCase } from "../../support/rule-tester.js";

/** Code with the old gate's words that the narrowed gate skips (each must also not be flagged). */
const GATE_SKIPS: ValidCase[] = [
    {
      name: "gate: Promise.all over loaders and a Map delete (no route)",
      path: "src/Loading/loaders.ts",
      code: `export async function loadAll(urls: string[], pending: Map<string, Promise<void>>, load: (u: string) => Promise<void>) {
  await Promise.all(urls.map((url) => load(url)));
  for (const url of urls) pending.delete(url);
}
`,
    },
    {
      name: "gate: a scene's observers removed and put back",
      path: "src/Behaviors/interpolatingBehavior.ts",
      code: `export class InterpolatingBehavior {
  private _animatables = new Set<object>();
  public detach(): void {
    this._animatables.delete(this);
    this._animatables.add(this);
  }
}
`,
    },
    {
      name: "gate: an XR controller class (the word Controller, no decorator)",
      path: "src/XR/webXRController.ts",
      code: `export class WebXRController {
  public dispose(): void {}
}
export function makeController(): WebXRController {
  return new WebXRController();
}
`,
    },
    {
      name: "gate: a WebGPU buffer put and a path string used alone",
      path: "src/Engines/webgpu/bufferManager.ts",
      code: `export function upload(queue: { put(data: ArrayBuffer): void }, data: ArrayBuffer, root: string) {
  queue.put(data);
  return root.endsWith("/") ? root : root + "/";
}
`,
    },
    {
      name: "gate: a file system delete by path (one argument)",
      path: "src/Offline/database.ts",
      code: `export function purge(store: { delete(key: string): void }) {
  store.delete("/scenes/cache.babylon");
}
`,
    },
    {
      name: "gate: query selector all with a path-like string (one argument)",
      path: "src/Misc/dom.ts",
      code: `export function scripts(doc: { querySelectorAll(s: string): unknown[] }) {
  const all = doc.querySelectorAll("/assets/*.js");
  return all.length;
}
`,
    },
];

ruleTester("typescript/missing-auth", {
  invalid: [
    {
      name: "gate: computed `[\"delete\"]` on a router next to a guarded sibling",
      path: "src/routes/users.ts",
      code: `import { Router } from "express";
import { requireAuth } from "../middleware/auth";
import * as users from "../controllers/users";

export const accounts = Router();

accounts.post("/users", requireAuth, users.create);
accounts["delete"]("/users/:id", users.remove);
`,
      errors: [{ messageId: "unguarded", line: 8 }],
    },
    {
      name: "gate: Fastify route options (no method call with a path) beside a guarded one",
      path: "src/plugins/posts.ts",
      code: `import type { FastifyInstance } from "fastify";
import { createPost, deletePost } from "../handlers/posts";

export default async function posts(fastify: FastifyInstance) {
  fastify.route({ method: "POST", url: "/posts", preHandler: fastify.authenticate, handler: createPost });
  fastify.route({ method: "DELETE", url: "/posts/:id", handler: deletePost });
}
`,
      errors: [{ messageId: "unguarded", line: 6 }],
    },
    {
      name: "gate: unicode-escaped `post` and a hex-escaped slash",
      path: "src/routes/orders.js",
      code: `const express = require("express");
const { requireAuth } = require("../middleware/auth");
const orders = require("../controllers/orders");

const app = express();

app.put("/orders/:id", requireAuth, orders.update);
app.\\u0070ost("\\x2forders", orders.create);
`,
      errors: [{ messageId: "unguarded", line: 8 }],
    },
    {
      name: "gate: parenthesised generic callee with a template-literal path",
      path: "src/routes/settings.ts",
      code: `import { Router } from "express";
import { requireAuth } from "../middleware/auth";
import { readSettings, writeSettings } from "../controllers/settings";

export const settingsRouter = Router();

settingsRouter.get("/settings", requireAuth, readSettings);
(settingsRouter.patch)<{ theme: string }>(\`/settings\`, writeSettings);
`,
      errors: [{ messageId: "unguarded", line: 8 }],
    },
    {
      name: "gate: Koa named `del` route with its path second",
      path: "src/routes/members.ts",
      code: `import Router from "@koa/router";
import { authenticate } from "../middleware/authenticate";
import { addMember, removeMember } from "../controllers/members";

const router = new Router();

router.post("add-member", "/members", authenticate, addMember);
router.del("remove-member", "/members/:id", removeMember);

export default router;
`,
      errors: [{ messageId: "unguarded", line: 8 }],
    },
    {
      name: "gate: a write route before use(auth), the path in parentheses and escaped",
      path: "src/app.ts",
      code: `import express from "express";
import { requireAuth } from "./middleware/auth";
import { transfer, listAccounts } from "./controllers/accounts";

const app = express();

app.post(("\\/accounts/:id/transfer"), transfer);
app.use(requireAuth);
app.get("/accounts", listAccounts);
`,
      errors: [{ messageId: "beforeUse", line: 7 }],
    },
    {
      name: "gate: NestJS decorators with comments after `@`",
      path: "src/invoices/invoices.controller.ts",
      code: `import { Controller, Delete, Get, Param, UseGuards } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";
import { InvoicesService } from "./invoices.service";

@/* billing */ Controller("invoices")
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @UseGuards(AuthGuard("jwt"))
  @Get(":id")
  find(@Param("id") id: string) {
    return this.invoices.find(id);
  }

  @ /* cleanup */ Delete(":id")
  remove(@Param("id") id: string) {
    return this.invoices.remove(id);
  }
}
`,
      errors: [{ messageId: "nestUnguarded", line: 15 }],
    },
    {
      name: "gate: Express routes with type arguments, router.post<Params>( without the guard its sibling has",
      path: "src/routes/invoices.ts",
      code: `import { Router } from "express";
import { requireAuth } from "../middleware/auth";
import * as invoices from "../controllers/invoices";

export const router = Router();

router.get<{ id: string }>("/invoices/:id", requireAuth, invoices.show);
router.post<{ id: string }>("/invoices/:id/void", invoices.voidInvoice);
`,
      errors: [{ messageId: "unguarded", line: 8 }],
    },
    {
      name: "Express router: a public-sounding word after a record's id or before the route's own purpose does not make a write public (status, password, confirm, /auth/users/promote)",
      path: "src/routes/orders.ts",
      code: `import { Router } from "express";
import { requireAuth } from "../middleware/auth";
import * as orders from "../controllers/orders";

export const router = Router();

router.get("/orders", requireAuth, orders.list);
router.post("/orders/:id/status", orders.setStatus);
router.put("/users/:id/password", orders.setPassword);
router.post("/orders/:id/confirm", orders.confirm);
router.post("/password/reset", orders.requestReset);
router.post("/auth/login", orders.login);
router.post("/auth/users/promote", orders.promote);
router.post("/webhooks/stripe", orders.stripeEvent);
`,
      errors: [{ messageId: "unguarded", line: 8 }, { messageId: "unguarded", line: 9 }, { messageId: "unguarded", line: 10 }, { messageId: "unguarded", line: 13 }],
    },
    {
      name: "Express router: a new POST route without the middleware its siblings use",
      path: "src/routes/orders.ts",
      code: `import { Router } from "express";
import { optionalAuth, requireAuth } from "../middleware/auth";
import * as orders from "../controllers/orders";

export const router = Router();

router.get("/orders", requireAuth, orders.list);
router.get("/orders/:id", requireAuth, orders.show);
router.post("/orders/:id/refund", orders.refund);
router.delete("/orders/:id", requireAuth, orders.remove);
router.patch("/orders/:id", optionalAuth, orders.update);
`,
      errors: [{ messageId: "unguarded", line: 9 }, { messageId: "unguarded", line: 11 }],
      messageIncludes: ["`POST /orders/:id/refund` changes data but has no authentication, while its sibling `GET /orders` (line 7) on `router` uses `requireAuth`"],
    },
    {
      name: "Express app: a route registered before app.use(authenticate)",
      path: "src/app.ts",
      code: `import express from "express";
import { authenticate } from "./middleware/authenticate";
import { ordersRouter } from "./routes/orders";

const app = express();
app.use(express.json());

app.post("/api/orders/import", async (req, res) => {
  res.json(await importOrders(req.body));
});

app.use(authenticate);
app.use("/api/orders", ordersRouter);
app.put("/api/settings", async (req, res) => res.json(await saveSettings(req.body)));

export default app;
`,
      errors: [{ messageId: "beforeUse", line: 8 }],
      messageIncludes: ["`POST /api/orders/import` is registered before `app.use(authenticate)` on line 12"],
    },
    {
      name: "Fastify plugin: siblings carry preHandler, one write route does not",
      path: "src/plugins/projects.ts",
      code: `import type { FastifyInstance } from "fastify";

export default async function projects(fastify: FastifyInstance) {
  fastify.get("/projects", { preHandler: [fastify.authenticate] }, async () => listProjects());
  fastify.post("/projects", { preHandler: [fastify.authenticate] }, async (request) => createProject(request.body));
  fastify.delete("/projects/:id", async (request) => deleteProject((request.params as { id: string }).id));
  fastify.route({ method: "PATCH", url: "/projects/:id", handler: async (request) => patchProject(request.body) });
}
`,
      errors: [{ messageId: "unguarded", line: 6 }, { messageId: "unguarded", line: 7 }],
      messageIncludes: [
        "`DELETE /projects/:id` changes data but has no authentication, while its sibling `GET /projects` (line 4) on `fastify` uses `preHandler: [fastify.authenticate]`",
        "`fastify.delete(\"/projects/:id\", { preHandler: [fastify.authenticate] }, …)`",
      ],
    },
    {
      name: "Koa router: router.use(auth) comes after a write route",
      code: `import Router from "@koa/router";
import jwt from "koa-jwt";

const router = new Router({ prefix: "/api" });

router.post("/invoices", async (ctx) => {
  ctx.body = await createInvoice(ctx.request.body);
});
router.use(jwt({ secret: process.env.JWT_SECRET! }));
router.get("/invoices", async (ctx) => {
  ctx.body = await listInvoices();
});

export default router;
`,
      errors: [{ messageId: "beforeUse", line: 6 }],
    },
    {
      name: "Hono app: jwt middleware on /api/* registered after a write route under /api",
      code: `import { Hono } from "hono";
import { jwt } from "hono/jwt";

const app = new Hono();

app.post("/api/notes", async (c) => c.json(await createNote(await c.req.json()), 201));
app.use("/api/*", jwt({ secret: process.env.JWT_SECRET! }));
app.get("/api/notes", async (c) => c.json(await listNotes()));
app.delete("/api/notes/:id", async (c) => c.json(await deleteNote(c.req.param("id"))));

export default app;
`,
      errors: [{ messageId: "beforeUse", line: 6 }],
    },
    {
      name: "NestJS controller: a write handler without the guard of its siblings, and a @Public() delete",
      code: `import { Body, Controller, Delete, Get, Param, Post, UseGuards } from "@nestjs/common";
import { JwtAuthGuard } from "../auth/jwt-auth.guard";
import { Public } from "../auth/public.decorator";
import { UsersService } from "./users.service";

@Controller("users")
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @UseGuards(JwtAuthGuard)
  @Get()
  findAll() {
    return this.users.findAll();
  }

  @Post(":id/promote")
  promote(@Param("id") id: string) {
    return this.users.promote(id);
  }

  @Public()
  @Delete(":id")
  remove(@Param("id") id: string) {
    return this.users.remove(id);
  }
}
`,
      errors: [{ messageId: "nestUnguarded", line: 16 }, { messageId: "publicWrite", line: 21 }],
      messageIncludes: ["`@Post` handler `promote` changes data without a guard, while `findAll` in `UsersController` uses `@UseGuards(JwtAuthGuard)`. Add `@UseGuards(JwtAuthGuard)` to `promote`"],
    },
    {
      name: "NestJS controller guarded at class level: SetMetadata isPublic on a write handler",
      code: `import { Body, Controller, Post, Put, SetMetadata, UseGuards } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";

@UseGuards(AuthGuard("jwt"))
@Controller("billing")
export class BillingController {
  @Put("plan")
  changePlan(@Body() body: { plan: string }) {
    return body;
  }

  @SetMetadata("isPublic", true)
  @Post("refunds")
  refund(@Body() body: { orderId: string }) {
    return body;
  }
}
`,
      errors: [{ messageId: "publicWrite", line: 12 }],
      messageIncludes: ["`@SetMetadata(\"isPublic\", true)` switches authentication off for `refund`"],
    },
    {
      name: "Koa named routes: the name comes first, the path second; an unguarded named write route is still a route",
      path: "src/routes/users.js",
      code: `const Router = require("@koa/router");
const { requireAuth } = require("../middleware/auth");

const users = new Router();

users.get("list-users", "/users", requireAuth, list);
users.post("promote-user", "/users/:id/promote", promote);
`,
      errors: [{ messageId: "unguarded", line: 7 }],
    },
    {
      name: "a router named by its factory (not by a router-like name) registers a PATCH route",
      path: "src/routes/items.ts",
      code: `import express from "express";
import { requireAuth } from "../middleware/auth";

const items = express.Router();

items.post("/items", requireAuth, create);
items.patch("/items/:id", update);
`,
      errors: [{ messageId: "unguarded", line: 7 }],
    },
    {
      name: "sign-up is public, but deleting a user is not: DELETE /users/:id without the guard its siblings have",
      path: "src/routes/users.ts",
      code: `import { Router } from "express";
import { requireAuth } from "../middleware/auth";
import * as users from "../controllers/users";

export const router = Router();

router.post("/users", users.signUp);
router.get("/users", requireAuth, users.list);
router.delete("/users/:id", users.remove);
`,
      errors: [{ messageId: "unguarded", line: 9 }],
    },
    {
      name: "managing API tokens is not the public /token endpoint",
      path: "src/routes/tokens.ts",
      code: `import express from "express";
import { requireAuth } from "../middleware/auth";

const app = express();
app.get("/api-tokens", requireAuth, listTokens);
app.post("/api-tokens", createToken);
app.post("/token", issueAccessToken);
`,
      errors: [{ messageId: "unguarded", line: 6 }],
    },
    {
      name: "Fastify: /authors is not /auth",
      path: "src/plugins/authors.ts",
      code: `import type { FastifyInstance } from "fastify";

export default async function authors(fastify: FastifyInstance) {
  fastify.get("/authors", { onRequest: [fastify.authenticate] }, async () => listAuthors());
  fastify.post("/authors", async (request) => createAuthor(request.body));
}
`,
      errors: [{ messageId: "unguarded", line: 5 }],
    },
    {
      name: "NestJS UsersController: POST is sign-up, but an unguarded DELETE :id is still reported",
      code: `import { Body, Controller, Delete, Get, Param, Post, UseGuards } from "@nestjs/common";
import { JwtAuthGuard } from "../auth/jwt-auth.guard";

@Controller("users")
export class UsersController {
  @Post()
  register(@Body() body: { email: string; password: string }) {
    return body;
  }

  @UseGuards(JwtAuthGuard)
  @Get()
  findAll() {
    return [];
  }

  @Delete(":id")
  remove(@Param("id") id: string) {
    return id;
  }
}
`,
      errors: [{ messageId: "nestUnguarded", line: 17 }],
    },
    {
      name: "Hono: POST to a user's sub-resource is not sign-up",
      code: `import { Hono } from "hono";
import { jwt } from "hono/jwt";

const app = new Hono();
const auth = jwt({ secret: process.env.JWT_SECRET! });

app.get("/users/:id", auth, async (c) => c.json(await getUser(c.req.param("id"))));
app.post("/users/:id/avatar", async (c) => c.json(await setAvatar(c.req.param("id"), await c.req.blob())));
`,
      errors: [{ messageId: "unguarded", line: 8 }],
    },
    {
      name: "Koa: PATCH /accounts/:id is not sign-up",
      code: `import Router from "@koa/router";
import { requireAuth } from "../middleware/auth";

const router = new Router();
router.post("/accounts", createAccount);
router.get("/accounts/:id", requireAuth, showAccount);
router.patch("/accounts/:id", updateAccount);
`,
      errors: [{ messageId: "unguarded", line: 7 }],
    },
  ],
  valid: [
    ...GATE_SKIPS,
    {
      name: "gate: routes with type arguments, every write guarded",
      path: "src/routes/invoices.ts",
      code: `import { Router } from "express";
import { requireAuth } from "../middleware/auth";
import * as invoices from "../controllers/invoices";

export const router = Router();

router.get<{ id: string }>("/invoices/:id", requireAuth, invoices.show);
router.post<{ id: string }>("/invoices/:id/void", requireAuth, invoices.voidInvoice);
`,
    },
    {
      name: "sign-up as POST /users, beside guarded reads",
      path: "src/routes/users.ts",
      code: `import { Router } from "express";
import { requireAuth } from "../middleware/auth";
import * as users from "../controllers/users";

export const router = Router();

router.post("/api/v1/users", users.signUp);
router.get("/api/v1/users", requireAuth, users.list);
router.delete("/api/v1/users/:id", requireAuth, users.remove);
`,
    },
    {
      name: "register, signup, auth/login, token and password reset routes next to guarded ones",
      path: "src/routes/auth.ts",
      code: `import express from "express";
import { requireAuth } from "../middleware/auth";

const router = express.Router();
router.post("/register", register);
router.post("/signup", register);
router.post("/auth/login", login);
router.post("/token", issueToken);
router.post("/password/reset", resetPassword);
router.put("/me", requireAuth, updateMe);
export default router;
`,
    },
    {
      name: "NestJS: unguarded @Post() on the users controller is sign-up",
      code: `import { Body, Controller, Get, Post, UseGuards } from "@nestjs/common";
import { JwtAuthGuard } from "../auth/jwt-auth.guard";

@Controller("users")
export class UsersController {
  @Post()
  create(@Body() body: { email: string; password: string }) {
    return body;
  }

  @UseGuards(JwtAuthGuard)
  @Get()
  findAll() {
    return [];
  }
}
`,
    },
    {
      name: "Fastify: refresh and forgot-password under /auth",
      code: `import type { FastifyInstance } from "fastify";

export default async function auth(fastify: FastifyInstance) {
  fastify.post("/auth/refresh", async (request) => refresh(request.body));
  fastify.post("/auth/forgot-password", async (request) => sendReset(request.body));
  fastify.delete("/sessions/:id", { onRequest: [fastify.authenticate] }, async (request) => revoke(request.params));
}
`,
    },
    {
      name: "Koa: POST /accounts creates the caller's account",
      code: `import Router from "@koa/router";
import { requireAuth } from "../middleware/auth";

const router = new Router();
router.post("/accounts", createAccount);
router.patch("/accounts/:id", requireAuth, updateAccount);
`,
    },
    {
      name: "Hono: camelCase signUp and log-in",
      code: `import { Hono } from "hono";
import { jwt } from "hono/jwt";

const app = new Hono();
app.post("/signUp", async (c) => c.json(await signUp(await c.req.json())));
app.post("/log-in", async (c) => c.json(await logIn(await c.req.json())));
app.post("/notes", jwt({ secret: process.env.JWT_SECRET! }), async (c) => c.json(await createNote(await c.req.json())));
`,
    },
    {
      name: "Express router: every write route guarded; public login and webhook routes",
      path: "src/routes/orders.ts",
      code: `import { Router } from "express";
import passport from "passport";
import { requireAuth, requireRole } from "../middleware/auth";
import * as orders from "../controllers/orders";

export const router = Router();

router.post("/login", passport.authenticate("local"), orders.afterLogin);
router.post("/webhooks/stripe", orders.stripeWebhook);
router.get("/orders", requireAuth, orders.list);
router.post("/orders/:id/refund", requireAuth, requireRole("admin"), orders.refund);
router.delete("/orders/:id", passport.authenticate("jwt", { session: false }), orders.remove);
router.route("/orders/:id/notes").get(requireAuth, orders.notes).post(requireAuth, orders.addNote);
`,
    },
    {
      name: "Express app: auth router mounted first, then app.use(authenticate), then routes",
      path: "src/app.ts",
      code: `import express from "express";
import { authenticate } from "./middleware/authenticate";
import { authRouter } from "./routes/auth";

const app = express();
app.use(express.json());
app.use("/auth", authRouter);
app.post("/api/password/forgot", async (req, res) => res.json(await sendReset(req.body.email)));
app.use(authenticate);
app.post("/api/orders/import", async (req, res) => res.json(await importOrders(req.body)));

export default app;
`,
    },
    {
      name: "Fastify plugin: onRequest hook protects every route, wherever it is added",
      path: "src/plugins/projects.ts",
      code: `import type { FastifyInstance } from "fastify";

export default async function projects(fastify: FastifyInstance) {
  fastify.get("/projects", async () => listProjects());
  fastify.delete("/projects/:id", async (request) => deleteProject((request.params as { id: string }).id));
  fastify.addHook("onRequest", async (request) => {
    await request.jwtVerify();
  });
}
`,
    },
    {
      name: "Koa router: auth applied before all routes",
      code: `import Router from "@koa/router";
import jwt from "koa-jwt";

const router = new Router({ prefix: "/api" });

router.use(jwt({ secret: process.env.JWT_SECRET! }));
router.post("/invoices", async (ctx) => {
  ctx.body = await createInvoice(ctx.request.body);
});
router.get("/invoices", async (ctx) => {
  ctx.body = await listInvoices();
});

export default router;
`,
    },
    {
      name: "Hono app: a public route outside the protected prefix, bearerAuth per route",
      code: `import { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { jwt } from "hono/jwt";

const app = new Hono();

app.post("/contact", async (c) => c.json(await sendMessage(await c.req.json())));
app.use("/api/*", jwt({ secret: process.env.JWT_SECRET! }));
app.post("/api/notes", async (c) => c.json(await createNote(await c.req.json()), 201));
app.put("/admin/flags", bearerAuth({ token: process.env.ADMIN_TOKEN! }), async (c) => c.json(await setFlags(await c.req.json())));
`,
    },
    {
      name: "NestJS: class-level guard; @Public() only on login; no method guards anywhere (global guard)",
      code: `import { Body, Controller, Get, Post, UseGuards } from "@nestjs/common";
import { JwtAuthGuard } from "../auth/jwt-auth.guard";
import { Public } from "../auth/public.decorator";

@UseGuards(JwtAuthGuard)
@Controller("account")
export class AccountController {
  @Get()
  me() {
    return {};
  }

  @Post("email")
  changeEmail(@Body() body: { email: string }) {
    return body;
  }
}

@Controller("session")
export class SessionController {
  @Public()
  @Post("login")
  login(@Body() body: { email: string; password: string }) {
    return body;
  }
}

@Controller("posts")
export class PostsController {
  @Get()
  list() {
    return [];
  }

  @Post()
  create(@Body() body: { title: string }) {
    return body;
  }
}
`,
    },
    {
      name: "near-misses: HTTP clients and supertest calls are not routes",
      path: "src/routes/sync.ts",
      code: `import axios from "axios";
import request from "supertest";
import { app } from "../app";
import { requireAuth } from "../middleware/auth";

export async function sync(token: string) {
  await axios.get("/api/items", { headers: { Authorization: token } });
  await axios.post("/api/items", { name: "x" });
  await request(app).get("/orders").set("Authorization", token);
  await request(app).post("/orders").send({});
  return requireAuth;
}
`,
    },
    {
      name: "near-misses: .patch(/.post( on API clients, mocks and nock are requests, not routes, beside guarded routes",
      path: "src/routes/profile.ts",
      code: `import { Router } from "express";
import nock from "nock";
import { requireAuth } from "../middleware/auth";
import { apiClient, billingClient, mockServer } from "../clients";

export const router = Router();
router.post("/profile", requireAuth, save);

export async function save(token: string) {
  await apiClient.patch("/users/1", { name: "x" });
  await billingClient.post("/invoices", { total: 1 });
  mockServer.patch("/users/:id", () => ({ ok: true }));
  nock("https://api.example.com").patch("/users/1", { name: "x" }).reply(200);
  return token;
}
`,
    },
  ],
});

gateSkips("typescript/missing-auth", GATE_SKIPS);
