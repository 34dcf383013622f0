import { gateSkips } from "../../support/gate-skips.js";
import { ruleTester, type ValidCase } from "../../support/rule-tester.js";

/** Code with the old gate's words that the narrowed gate skips (each must also not be flagged). */
const GATE_SKIPS: ValidCase[] = [
    {
      name: "gate: a texture cache read by URL and cleared (a Map, not a route)",
      path: "src/Materials/Textures/textureCache.ts",
      code: `export class TextureCache {
  private readonly _textures = new Map<string, WebGLTexture>();

  public find(rootUrl: string): WebGLTexture | undefined {
    return this._textures.get("/assets/environment/" + rootUrl);
  }

  public dispose(): void {
    this._textures.delete("/assets/environment/default.env");
    this._textures.clear();
  }
}
`,
    },
    {
      name: "gate: JSDoc saying Get, a getter and path joins",
      path: "src/Misc/fileTools.ts",
      code: `/**
 * Get the file name of a url.
 * @param url the url
 */
export function getFileName(url: string): string {
  const parts = url.split("/");
  return parts[parts.length - 1];
}

export class AssetsManager {
  private _tasks = new Map<string, number>();
  public get count(): number {
    return this._tasks.size;
  }
}
`,
    },
    {
      name: "gate: an observable's get and a remove of meshes",
      path: "src/scene.ts",
      code: `export function removeMeshes(scene: { meshes: { name: string; dispose(): void }[] }, names: Map<string, boolean>) {
  for (const mesh of scene.meshes) {
    if (names.get(mesh.name)) mesh.dispose();
  }
}
`,
    },
    {
      name: "gate: a request URL built with slashes, fetched with GET",
      path: "src/Loading/sceneLoader.ts",
      code: `export async function load(root: string, file: string): Promise<ArrayBuffer> {
  const response = await fetch(root + "/" + file, { method: "GET" });
  return response.arrayBuffer();
}
`,
    },
    {
      name: "gate: a GUI control named Get button",
      path: "src/gui/buttons.ts",
      code: `export function createButtons(panel: { addControl(c: unknown): void }, make: (label: string) => unknown) {
  panel.addControl(make("Get"));
  panel.addControl(make("Set"));
}
`,
    },
    {
      name: "gate: a shader include map read with get and a path string",
      path: "src/Engines/Processors/shaderCodeInliner.ts",
      code: `export function inline(includes: Map<string, string>, name: string): string {
  const code = includes.get(name) ?? "";
  const at = code.indexOf("/*include*/");
  return at < 0 ? code : code.slice(0, at);
}
`,
    },
];

ruleTester("typescript/csrf", {
  invalid: [
    {
      name: "gate: Fastify route options with method GET (no `.get` in the file) deleting through Prisma",
      path: "src/plugins/sessions.ts",
      code: `import type { FastifyInstance } from "fastify";
import { prisma } from "../db";

export default async function sessions(fastify: FastifyInstance) {
  fastify.route({
    method: "GET",
    url: "/sessions/:id/revoke",
    handler: async (request) => {
      const { id } = request.params as { id: string };
      await prisma.session.delete({ where: { id } });
      return { ok: true };
    },
  });
}
`,
      errors: [{ messageId: "getWrite", line: 5 }],
    },
    {
      name: "gate: computed `[\"get\"]` on an app named by its factory, not a router word",
      path: "src/server/panel.ts",
      code: `import express from "express";
import { Post } from "../models/post";

const panel = express();

panel["get"]("/posts/:id/delete", async (req, res) => {
  await Post.destroy({ where: { id: req.params.id } });
  res.redirect("/posts");
});
`,
      errors: [{ messageId: "getWrite", line: 6 }],
    },
    {
      name: "gate: unicode-escaped method name and a hex-escaped slash in the path",
      path: "src/routes/posts.js",
      code: `const express = require("express");
const { Post } = require("../models/post");

const router = express.Router();

router.\\u0067et("\\x2fposts/:id/delete", async (req, res) => {
  await Post.destroy({ where: { id: req.params.id } });
  res.sendStatus(204);
});

module.exports = router;
`,
      errors: [{ messageId: "getWrite", line: 6 }],
    },
    {
      name: "gate: parenthesised callee with type arguments and a template-literal path",
      path: "src/routes/carts.ts",
      code: `import { Router } from "express";
import { prisma } from "../db";

export const carts = Router();

(carts.get)<{ id: string }>(\`/carts/:id/clear\`, async (req, res) => {
  await prisma.cartItem.deleteMany({ where: { cartId: req.params.id } });
  res.json({ ok: true });
});
`,
      errors: [{ messageId: "getWrite", line: 6 }],
    },
    {
      name: "gate: Koa named route with a comment between the receiver and `.get`",
      path: "src/routes/cache.ts",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router /* admin tools */
  .get("purge-cache", "/cache/entries/purge", async (ctx) => {
    await knex("cache_entries").del();
    ctx.status = 204;
  });

export default router;
`,
      errors: [{ messageId: "getWrite", line: 6 }],
    },
    {
      name: "gate: an escaped slash, the path in parentheses with `as const`",
      path: "src/routes/tokens.ts",
      code: `import { Router } from "express";
import { ApiToken } from "../models/api-token";

export const tokens = Router();

tokens.get(("\\/tokens/:id/remove" as const), async (req, res) => {
  await ApiToken.destroy({ where: { id: req.params.id } });
  res.redirect("/tokens");
});
`,
      errors: [{ messageId: "getWrite", line: 6 }],
    },
    {
      name: "gate: NestJS `@ /* c */ Get` in a class without `@Controller`",
      path: "src/users/users.admin.ts",
      code: `import { Get, Param } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import { User } from "./user.entity";

export class UsersAdminRoutes {
  constructor(@InjectRepository(User) private readonly usersRepository: Repository<User>) {}

  @/* legacy link */ Get(":id/delete")
  async remove(@Param("id") id: string) {
    await this.usersRepository.delete(id);
  }
}
`,
      errors: [{ messageId: "getWrite", line: 9 }],
    },
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
    ...GATE_SKIPS,
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

gateSkips("typescript/csrf", GATE_SKIPS);
