import { gateSkips } from "../../support/gate-skips.js";
import { ruleTester, type ValidCase } from "../../support/rule-tester.js";

/** Code with the old gate's words that the narrowed gate skips (each must also not be flagged). */
const GATE_SKIPS: ValidCase[] = [
    {
      name: "gate: a canvas appended to the document body",
      path: "src/Engines/engine.ts",
      code: `export function attach(canvas: HTMLCanvasElement): void {
  document.body.appendChild(canvas);
  canvas.style.width = "100%";
}
`,
    },
    {
      name: "gate: a physics body's mass set from a JSON description",
      path: "src/Physics/v2/physicsBody.ts",
      code: `export function configure(body: { setMassProperties(p: object): void }, json: { mass: number }) {
  body.setMassProperties({ mass: json.mass });
}
`,
    },
    {
      name: "gate: an XHR request sent while the document body shows loading",
      path: "src/Misc/webRequest.ts",
      code: `export function post(url: string, payload: string, done: (status: number) => void): void {
  const request = new XMLHttpRequest();
  request.open("POST", url);
  request.onload = () => done(request.status);
  request.send(payload);
  document.body.classList.add("loading");
}
`,
    },
    {
      name: "gate: an occlusion query object",
      path: "src/Engines/Extensions/engine.query.ts",
      code: `export function begin(gl: WebGL2RenderingContext, queries: WebGLQuery[]): WebGLQuery | null {
  const query = gl.createQuery();
  if (query) queries.push(query);
  return query;
}
`,
    },
    {
      name: "gate: a fetched glTF response read as JSON",
      path: "src/Loading/gltfFetch.ts",
      code: `export async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  const json = await response.json();
  return json;
}
`,
    },
    {
      name: "gate: a pointer event's body tracking data",
      path: "src/XR/features/WebXRBodyTracking.ts",
      code: `export function onFrame(event: { frame: { body?: { size: number } } }, sizes: number[]): void {
  const body = event.frame.body;
  if (body) sizes.push(body.size);
}
`,
    },
];

ruleTester("typescript/mass-assignment", {
  invalid: [
    {
      name: "gate: the request object cast before `.body`",
      path: "src/routes/users.ts",
      code: `import { Router } from "express";
import { User } from "../models/user";

export const users = Router();

users.post("/users", async (req, res) => {
  const user = await User.create((req as any).body);
  res.status(201).json(user);
});
`,
      errors: [{ messageId: "whole", line: 7 }],
    },
    {
      name: "gate: `const { body } = request` (destructured, no `.body` anywhere)",
      path: "src/plugins/profile.ts",
      code: `import type { FastifyInstance } from "fastify";

export default async function profile(fastify: FastifyInstance) {
  fastify.put("/me", async (request) => {
    const { body } = request;
    return fastify.prisma.user.update({ where: { id: request.user.id }, data: body });
  });
}
`,
      errors: [{ messageId: "whole", line: 6 }],
    },
    {
      name: "gate: a quoted destructuring key for the query",
      path: "src/routes/search.js",
      code: `const express = require("express");
const { SavedSearch } = require("../models/saved-search");

const router = express.Router();

router.post("/searches", async (req, res) => {
  const { "query": filters } = req;
  const saved = await SavedSearch.create(filters);
  res.json(saved);
});

module.exports = router;
`,
      errors: [{ messageId: "whole", line: 8 }],
    },
    {
      name: "gate: Koa `ctx.request` with a comment before `.body`",
      path: "src/routes/articles.ts",
      code: `import Router from "@koa/router";
import { Article } from "../models/article";

const router = new Router();

router.put("/articles/:id", async (ctx) => {
  const article = await Article.findByPk(ctx.params.id);
  await article.update(ctx.request /* koa-body */ .body);
  ctx.body = article;
});

export default router;
`,
      errors: [{ messageId: "whole", line: 8 }],
    },
    {
      name: "gate: Hono `c.req.json()` spread into a Drizzle insert",
      path: "src/routes/todos.ts",
      code: `import { Hono } from "hono";
import { db } from "../db";
import { todos } from "../db/schema";

const app = new Hono();

app.post("/todos", async (c) => {
  const input = await c.req.json();
  await db.insert(todos).values({ ...input });
  return c.json({ ok: true }, 201);
});

export default app;
`,
      errors: [{ messageId: "spread", line: 9 }],
    },
    {
      name: "gate: a unicode-escaped request name",
      path: "src/routes/products.js",
      code: `const { Product } = require("../models/product");

module.exports = function register(app) {
  app.post("/products", async (\\u0072eq, res) => {
    const product = await Product.create(\\u0072eq.body);
    res.json(product);
  });
};
`,
      errors: [{ messageId: "whole", line: 5 }],
    },
    {
      name: "gate: NestJS `@ /* raw */ Body()` typed any",
      path: "src/users/users.controller.ts",
      code: `import { Body, Controller, Post } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import { User } from "./user.entity";

@Controller("users")
export class UsersController {
  constructor(@InjectRepository(User) private readonly usersRepository: Repository<User>) {}

  @Post()
  create(@ /* raw */ Body() input: any) {
    return this.usersRepository.save(input);
  }
}
`,
      errors: [{ messageId: "whole", line: 12 }],
    },
    {
      name: "gate: Lambda handler writing event.queryStringParameters whole (no body/query word)",
      path: "src/handlers/update-profile.ts",
      code: `import type { APIGatewayProxyEvent } from "aws-lambda";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function handler(event: APIGatewayProxyEvent) {
  const id = Number(event.pathParameters?.id);
  await prisma.user.update({ where: { id }, data: event.queryStringParameters });
  return { statusCode: 204 };
}
`,
      errors: [{ messageId: "whole", line: 8 }],
    },
    {
      name: "gate: Hono handler creating a record from c.req.formData()",
      path: "src/routes/users.ts",
      code: `import { Hono } from "hono";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();
export const app = new Hono();

app.put("/me", async (c) => {
  const user = await prisma.user.create({ data: await c.req.formData() });
  return c.text(String(user.id));
});
`,
      errors: [{ messageId: "whole", line: 8 }],
    },
    {
      name: "Express router + Mongoose: create(req.body), new Model(body), $set: req.body",
      code: `import { Router } from "express";
import { User } from "../models/user";

export const users = Router();

users.post("/users", async (req, res) => {
  const user = await User.create(req.body);
  res.status(201).json(user);
});

users.post("/users/invite", async (req, res) => {
  const invited = new User(req.body);
  await invited.save();
  res.status(201).json(invited);
});

users.patch("/users/:id", async (req, res) => {
  await User.updateOne({ _id: req.params.id }, { $set: req.body });
  res.status(204).end();
});
`,
      errors: [
        { messageId: "whole", line: 7 },
        { messageId: "whole", line: 12 },
        { messageId: "whole", line: 18 },
      ],
      messageIncludes: ["`req.body` (the whole request body) is written by `User.create`", "`role`, `isAdmin`"],
    },
    {
      name: "Express + Prisma: data is the body, or the body spread under an override",
      code: `import { Router } from "express";
import { prisma } from "../db";

export const profiles = Router();

profiles.put("/me", async (req, res) => {
  const me = await prisma.user.update({ where: { id: req.user.id }, data: req.body });
  res.json(me);
});

profiles.post("/posts", async (req, res) => {
  const post = await prisma.post.create({ data: { ...req.body, authorId: req.user.id } });
  res.status(201).json(post);
});
`,
      errors: [{ messageId: "whole", line: 7 }, { messageId: "spread", line: 12 }],
      messageIncludes: ["`req.body` (the whole request body) is written by `prisma.user.update`"],
    },
    {
      name: "Fastify plugin + Sequelize: bulkCreate and instance update from request.body",
      path: "src/plugins/products.js",
      code: `const { Product } = require("../models");

module.exports = async function products(fastify) {
  fastify.post("/products/import", async (request) => {
    return Product.bulkCreate(request.body);
  });

  fastify.put("/products/:id", async (request) => {
    const product = await Product.findByPk(request.params.id);
    await product.update(request.body);
    return product;
  });
};
`,
      errors: [{ messageId: "whole", line: 5 }, { messageId: "whole", line: 10 }],
    },
    {
      name: "Koa router + knex: insert of ctx.request.body",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.post("/comments", async (ctx) => {
  const payload = ctx.request.body;
  const [comment] = await knex("comments").insert(payload).returning("*");
  ctx.body = comment;
});

export default router;
`,
      errors: [{ messageId: "whole", line: 8 }],
      messageIncludes: ["`payload` (the whole request body) is written by"],
    },
    {
      name: "Hono app + Drizzle: values from await c.req.json()",
      code: `import { Hono } from "hono";
import { db } from "./db";
import { users } from "./schema";

const app = new Hono();

app.post("/signup", async (c) => {
  const body = await c.req.json();
  const [user] = await db.insert(users).values(body).returning();
  return c.json(user, 201);
});

export default app;
`,
      errors: [{ messageId: "whole", line: 9 }],
    },
    {
      name: "NestJS controller + TypeORM: an untyped @Body() saved, merged into an entity",
      code: `import { Body, Controller, Param, Patch, Post } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import { User } from "./user.entity";

@Controller("users")
export class UsersController {
  constructor(@InjectRepository(User) private readonly usersRepository: Repository<User>) {}

  @Post()
  create(@Body() body: any) {
    return this.usersRepository.save(body);
  }

  @Patch(":id")
  async update(@Param("id") id: string, @Body() changes: Partial<User>) {
    const user = await this.usersRepository.findOneByOrFail({ id });
    Object.assign(user, changes);
    return this.usersRepository.save(user);
  }
}
`,
      errors: [{ messageId: "whole", line: 12 }, { messageId: "whole", line: 18 }],
      messageIncludes: ["`body` (the whole request body) is written by `this.usersRepository.save`"],
    },
    {
      name: "repository class: Object.assign of req.body into a loaded entity then saved",
      code: `import type { Request } from "express";
import { AppDataSource } from "../data-source";
import { Account } from "../entity/Account";

export class AccountRepository {
  private readonly repo = AppDataSource.getRepository(Account);

  async updateFromRequest(req: Request) {
    const account = await this.repo.findOneByOrFail({ id: req.params.id });
    Object.assign(account, req.body);
    await this.repo.save(account);
    return account;
  }
}
`,
      errors: [{ messageId: "whole", line: 10 }],
      messageIncludes: ["`req.body` (the whole request body) is written by `Object.assign(account, …)`"],
    },
  ],
  valid: [
    ...GATE_SKIPS,
    {
      name: "gate: Lambda handler picking fields from event.queryStringParameters",
      path: "src/handlers/update-profile.ts",
      code: `import type { APIGatewayProxyEvent } from "aws-lambda";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function handler(event: APIGatewayProxyEvent) {
  const id = Number(event.pathParameters?.id);
  const name = event.queryStringParameters?.name ?? "";
  await prisma.user.update({ where: { id }, data: { name } });
  return { statusCode: 204 };
}
`,
    },
    {
      name: "Express + Mongoose: named fields, a schema-validated body, Sequelize-style fields option",
      code: `import { Router } from "express";
import { z } from "zod";
import { User } from "../models/user";

const CreateUser = z.object({ name: z.string(), email: z.string().email() });
export const users = Router();

users.post("/users", async (req, res) => {
  const { name, email } = req.body;
  const user = await User.create({ name, email, role: "member" });
  const other = await User.create(CreateUser.parse(req.body));
  res.status(201).json({ user, other });
});
`,
    },
    {
      name: "Express + Prisma: data lists its fields",
      code: `import { Router } from "express";
import { prisma } from "../db";

export const profiles = Router();

profiles.put("/me", async (req, res) => {
  const me = await prisma.user.update({
    where: { id: req.user.id },
    data: { displayName: req.body.displayName, bio: req.body.bio },
  });
  res.json(me);
});
`,
    },
    {
      name: "Fastify plugin + Sequelize: fields option limits the columns",
      path: "src/plugins/products.js",
      code: `const { Product } = require("../models");

module.exports = async function products(fastify) {
  fastify.post("/products", async (request) => {
    return Product.create(request.body, { fields: ["name", "price", "description"] });
  });
};
`,
    },
    {
      name: "Koa router + knex: picked fields",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.post("/comments", async (ctx) => {
  const { text, postId } = ctx.request.body;
  const [comment] = await knex("comments").insert({ text, post_id: postId, user_id: ctx.state.user.id }).returning("*");
  ctx.body = comment;
});

export default router;
`,
    },
    {
      name: "Hono app + Drizzle: c.req.valid after zValidator",
      code: `import { Hono } from "hono";
import { zValidator } from "@hono/zod-validator";
import { z } from "zod";
import { db } from "./db";
import { users } from "./schema";

const app = new Hono();

app.post("/signup", zValidator("json", z.object({ email: z.string().email(), name: z.string() })), async (c) => {
  const input = c.req.valid("json");
  const [user] = await db.insert(users).values(input).returning();
  return c.json(user, 201);
});
`,
    },
    {
      name: "NestJS: DTO-typed @Body() goes to the service and repository",
      code: `import { Body, Controller, Post } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import { CreateUserDto } from "./dto/create-user.dto";
import { User } from "./user.entity";
import { UsersService } from "./users.service";

@Controller("users")
export class UsersController {
  constructor(
    private readonly usersService: UsersService,
    @InjectRepository(User) private readonly usersRepository: Repository<User>,
  ) {}

  @Post()
  create(@Body() dto: CreateUserDto) {
    return this.usersRepository.save(this.usersRepository.create(dto));
  }

  @Post("invite")
  invite(@Body() body: unknown) {
    return this.usersService.create(body);
  }
}
`,
    },
    {
      name: "near-misses: copying the body into a plain object, response helpers, merge into {}",
      code: `import type { Request, Response } from "express";

export function echo(req: Request, res: Response) {
  const copy = Object.assign({}, req.body);
  const options = { ...defaults(), ...req.query };
  res.json({ copy, options });
  return res.send(req.body);
}

function defaults() {
  return { page: 1 };
}
`,
    },
  ],
});

gateSkips("typescript/mass-assignment", GATE_SKIPS);
