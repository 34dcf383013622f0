import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/csrf", {
  invalid: [
    {
      name: "gate: a GET route with type arguments that destroys a record",
      path: "src/routes/posts.ts",
      code: `import { Router } from "express";
import { requireLogin } from "../middleware/session";
import { Post } from "../models/post";

export const posts = Router();

posts.get<{ id: string }>("/posts/:id/delete", requireLogin, async (req, res) => {
  await Post.destroy({ where: { id: req.params.id, authorId: req.session.userId } });
  res.redirect("/posts");
});
`,
      errors: [{ messageId: "getWrite", line: 7 }],
    },
    {
      name: "Express router: a GET route that destroys a record",
      path: "src/routes/posts.ts",
      code: `import { Router } from "express";
import { requireLogin } from "../middleware/session";
import { Post } from "../models/post";

export const posts = Router();

posts.get("/posts/:id/delete", requireLogin, async (req, res) => {
  await Post.destroy({ where: { id: req.params.id, authorId: req.session.userId } });
  res.redirect("/posts");
});
`,
      errors: [{ messageId: "getWrite", line: 7 }],
      messageIncludes: ["`GET /posts/:id/delete` changes data (`Post.destroy(", "line 8"],
    },
    {
      name: "Fastify plugin: a GET that approves through Prisma (action path)",
      path: "src/plugins/admin.ts",
      code: `import type { FastifyInstance } from "fastify";
import { prisma } from "../db";

export default async function admin(fastify: FastifyInstance) {
  fastify.get("/requests/:id/approve", { preHandler: [fastify.authenticate] }, async (request) => {
    const { id } = request.params as { id: string };
    return prisma.request.update({ where: { id }, data: { status: "approved" } });
  });
}
`,
      errors: [{ messageId: "getWrite", line: 5 }],
    },
    {
      name: "Koa router: a GET that deletes with knex",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.get("/subscriptions/:id/cancel-now", async (ctx) => {
  await knex("subscriptions").where({ id: ctx.params.id, user_id: ctx.state.user.id }).del();
  ctx.redirect("/account");
});

export default router;
`,
      errors: [{ messageId: "getWrite", line: 6 }],
    },
    {
      name: "Hono app: a GET that removes with Drizzle",
      code: `import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { db } from "./db";
import { notes } from "./schema";

const app = new Hono();

app.get("/notes/:id", async (c) => {
  await db.delete(notes).where(eq(notes.id, c.req.param("id")));
  return c.redirect("/");
});

export default app;
`,
      errors: [{ messageId: "getWrite", line: 8 }],
    },
    {
      name: "NestJS controller: @Get handler that removes through a repository",
      code: `import { Controller, Get, Param } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import { ApiKey } from "./api-key.entity";

@Controller("api-keys")
export class ApiKeysController {
  constructor(@InjectRepository(ApiKey) private readonly apiKeysRepository: Repository<ApiKey>) {}

  @Get(":id/revoke")
  async revoke(@Param("id") id: string) {
    await this.apiKeysRepository.delete({ id });
    return { ok: true };
  }
}
`,
      errors: [{ messageId: "getWrite", line: 10 }],
      messageIncludes: ["`GET /api-keys/:id/revoke` changes data (`this.apiKeysRepository.delete({ id })`, line 12)"],
    },
    {
      name: "Express app: csurf told to ignore POST, lusca with csrf off",
      path: "src/app.ts",
      code: `import express from "express";
import csurf from "csurf";
import lusca from "lusca";

const app = express();
app.use(csurf({ cookie: true, ignoreMethods: ["GET", "HEAD", "OPTIONS", "POST"] }));
app.use(lusca({ csrf: false, xframe: "SAMEORIGIN" }));
`,
      errors: [{ messageId: "ignoreMethods", line: 6 }, { messageId: "disabled", line: 7 }],
      messageIncludes: ["`ignoreMethods` includes POST"],
    },
  ],
  valid: [
    {
      name: "Express router: deletes registered as DELETE; GET reads only",
      path: "src/routes/posts.ts",
      code: `import { Router } from "express";
import { requireLogin } from "../middleware/session";
import { Post } from "../models/post";

export const posts = Router();

posts.get("/posts/:id", requireLogin, async (req, res) => {
  res.json(await Post.findByPk(req.params.id));
});

posts.delete("/posts/:id", requireLogin, async (req, res) => {
  await Post.destroy({ where: { id: req.params.id, authorId: req.session.userId } });
  res.status(204).end();
});
`,
    },
    {
      name: "Fastify plugin: a GET that counts a view (a write, but not an action path)",
      path: "src/plugins/posts.ts",
      code: `import type { FastifyInstance } from "fastify";
import { prisma } from "../db";

export default async function posts(fastify: FastifyInstance) {
  fastify.get("/posts/:slug", async (request) => {
    const { slug } = request.params as { slug: string };
    return prisma.post.update({ where: { slug }, data: { views: { increment: 1 } } });
  });
}
`,
    },
    {
      name: "Koa router: email verification and unsubscribe links are GETs by design",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.get("/verify-email/:token", async (ctx) => {
  await knex("email_tokens").where({ token: ctx.params.token }).del();
  ctx.redirect("/welcome");
});

router.get("/newsletter/unsubscribe/:token", async (ctx) => {
  await knex("subscribers").where({ token: ctx.params.token }).del();
  ctx.body = "unsubscribed";
});

export default router;
`,
    },
    {
      name: "Hono app: DELETE route; GET with a Map#delete",
      code: `import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { db } from "./db";
import { sessions } from "./schema";

const app = new Hono();
const cache = new Map<string, string>();

app.delete("/sessions/:id", async (c) => {
  await db.delete(sessions).where(eq(sessions.id, c.req.param("id")));
  return c.body(null, 204);
});

app.get("/cache/:key", (c) => {
  cache.delete(c.req.param("key"));
  return c.text("ok");
});
`,
    },
    {
      name: "NestJS controller: @Delete for removal, @Get reads",
      code: `import { Controller, Delete, Get, Param } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import { Invite } from "./invite.entity";

@Controller("invites")
export class InvitesController {
  constructor(@InjectRepository(Invite) private readonly invitesRepository: Repository<Invite>) {}

  @Get(":id")
  find(@Param("id") id: string) {
    return this.invitesRepository.findOneBy({ id });
  }

  @Delete(":id")
  async revoke(@Param("id") id: string) {
    await this.invitesRepository.delete({ id });
  }
}
`,
    },
    {
      name: "csurf on its defaults; a double-submit config ignoring only safe methods",
      path: "src/app.ts",
      code: `import express from "express";
import csurf from "csurf";
import { doubleCsrf } from "csrf-csrf";

const app = express();
app.use(csurf({ cookie: true }));
const { doubleCsrfProtection } = doubleCsrf({ getSecret: () => process.env.CSRF_SECRET!, ignoredMethods: ["GET", "HEAD", "OPTIONS"] });
app.use(doubleCsrfProtection);
`,
    },
  ],
});
