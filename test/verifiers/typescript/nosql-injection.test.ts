import { ruleTester } from "../../support/rule-tester.js";
import { describe, expect, it } from "@jest/globals";
import { passesGate } from "../../../src/engine/rule-gate.js";
import { MODULES } from "../../../src/verifiers/registry.js";

// Each case is a whole file as an agent would write it; line numbers count from the first line.
ruleTester("typescript/nosql-injection", {
  invalid: [
    {
      name: "gate: Prisma upsert whose where is the request body, no find/update call in the file",
      path: "src/routes/settings.ts",
      code: `import express from "express";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();
export const router = express.Router();

router.post("/settings", async (req, res) => {
  const saved = await prisma.setting.upsert({ where: req.body, create: { key: "theme", value: "dark" }, update: {} });
  res.json(saved);
});
`,
      errors: [{ messageId: "wholeFilter", line: 8 }],
    },
    {
      name: "gate: Mongoose find with type arguments, find<T>(req.query)",
      path: "src/routes/users.ts",
      code: `import express from "express";
import { User, type IUser } from "../models/user";

export const router = express.Router();

router.get("/users", async (req, res) => {
  const users = await User.find<IUser>(req.query);
  res.json(users);
});
`,
      errors: [{ messageId: "wholeFilter", line: 7 }],
    },
    {
      name: "attack: the words mongoSanitize and sanitizeFilter in a comment do not switch the rule off",
      code: `import { Router } from "express";
import { User } from "../models/user";
// Filters are cleaned by mongoSanitize / sanitizeFilter (express-mongo-sanitize) elsewhere.
export const auth = Router();

auth.post("/login", async (req, res) => {
  const user = await User.findOne({ email: req.body.email, password: req.body.password });
  res.json({ id: user?.id });
});
`,
      errors: [{ messageId: "fieldValue", line: 7 }],
    },
    {
      name: "Express router + Mongoose: login filter built from body fields",
      code: `import { Router } from "express";
import { User } from "../models/user";

export const auth = Router();

auth.post("/login", async (req, res) => {
  const user = await User.findOne({ email: req.body.email, password: req.body.password });
  if (!user) return res.status(401).json({ error: "invalid credentials" });
  res.json({ id: user.id });
});
`,
      errors: [{ messageId: "fieldValue", line: 7 }],
      messageIncludes: ["`req.body.email` from the request body is the `email` filter value of `User.findOne`", "String(…)"],
    },
    {
      name: "Express router + Mongoose: the query string is the whole filter, and spread into another",
      code: `import express from "express";
import Product from "../models/product.model";

const router = express.Router();

router.get("/products", async (req, res) => {
  const products = await Product.find(req.query).limit(50);
  res.json(products);
});

router.get("/products/count", async (req, res) => {
  res.json({ count: await Product.countDocuments({ ...req.query, deleted: false }) });
});

export default router;
`,
      errors: [{ messageId: "wholeFilter", line: 7 }, { messageId: "spreadFilter", line: 12 }],
      messageIncludes: ["`req.query` (the request query as the client sent it) is the whole filter of `Product.find`"],
    },
    {
      name: "Fastify plugin + MongoDB driver: destructured body fields and $where",
      path: "src/plugins/accounts.js",
      code: `const fp = require("fastify-plugin");

module.exports = fp(async function accounts(fastify) {
  const accounts = fastify.mongo.db.collection("accounts");

  fastify.post("/accounts/lookup", async (request) => {
    const { owner, minBalance } = request.body;
    const found = await accounts.findOne({ owner });
    const rich = await accounts.find({ $where: "this.balance > " + minBalance }).toArray();
    return { found, rich };
  });
});
`,
      errors: [{ messageId: "fieldValue", line: 8 }, { messageId: "where", line: 9 }],
      messageIncludes: ["`owner` from the request body is the `owner` filter value of `accounts.findOne`"],
    },
    {
      name: "Koa router + Mongoose: ctx.request.body as the filter of deleteMany",
      code: `import Router from "@koa/router";
import { Session } from "../models/session";

const router = new Router();

router.post("/sessions/revoke", async (ctx) => {
  const filter = ctx.request.body;
  const { deletedCount } = await Session.deleteMany(filter);
  ctx.body = { deletedCount };
});

export default router;
`,
      errors: [{ messageId: "wholeFilter", line: 8 }],
      messageIncludes: ["`filter` (the request body as the client sent it) is the whole filter of `Session.deleteMany`"],
    },
    {
      name: "Hono app + MongoDB: await c.req.json() fields, $regex and new RegExp",
      code: `import { Hono } from "hono";
import { MongoClient } from "mongodb";

const db = new MongoClient(process.env.MONGO_URL!).db("shop");
const app = new Hono();

app.post("/orders/search", async (c) => {
  const body = await c.req.json();
  const orders = await db.collection("orders").find({ customerId: body.customerId }).toArray();
  const byName = await db.collection("customers").find({ name: { $regex: c.req.query("q") } }).toArray();
  const bySku = await db.collection("items").find({ sku: new RegExp(body.sku, "i") }).toArray();
  return c.json({ orders, byName, bySku });
});

export default app;
`,
      errors: [
        { messageId: "fieldValue", line: 9 },
        { messageId: "regex", line: 10 },
        { messageId: "regex", line: 11 },
      ],
      messageIncludes: ["`body.customerId` from the request body is the `customerId` filter value"],
    },
    {
      name: "NestJS controller: an untyped @Query() object straight into an injected model",
      code: `import { Controller, Get, Query } from "@nestjs/common";
import { InjectModel } from "@nestjs/mongoose";
import { Model } from "mongoose";
import { Article } from "./article.schema";

@Controller("articles")
export class ArticlesController {
  constructor(@InjectModel(Article.name) private readonly articleModel: Model<Article>) {}

  @Get()
  list(@Query() query: Record<string, unknown>) {
    return this.articleModel.find(query).lean();
  }
}
`,
      errors: [{ messageId: "wholeFilter", line: 12 }],
      messageIncludes: ["`query` (the request query as the client sent it) is the whole filter of `this.articleModel.find`"],
    },
    {
      name: "Express + Prisma: body fields as where values (operator injection in Prisma too)",
      code: `import { Router } from "express";
import { prisma } from "../db";

export const resets = Router();

resets.post("/password-reset/confirm", async (req, res) => {
  const token = await prisma.resetToken.findFirst({ where: { token: req.body.token, used: false } });
  if (!token) return res.status(400).end();
  const users = await prisma.user.findMany({ where: req.body.filter ? req.body : {} });
  res.json({ ok: true, users: users.length });
});
`,
      errors: [{ messageId: "fieldValue", line: 7 }],
      messageIncludes: ["`req.body.token` from the request body is the `token` filter value of `prisma.resetToken.findFirst`", "{\"not\": \"\"}"],
    },
    {
      name: "Fastify plugin + fastify.prisma: a destructured body field in where",
      path: "src/routes/login.js",
      code: `export default async function (fastify) {
  fastify.post("/login", async (request, reply) => {
    const { email, password } = request.body;
    const user = await fastify.prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
    if (!user || !(await fastify.bcrypt.compare(password, user.passwordHash))) return reply.code(401).send();
    return { id: user.id };
  });
}
`,
      errors: [{ messageId: "fieldValue", line: 4 }],
      messageIncludes: ["`email` from the request body is the `email` filter value of `fastify.prisma.user.findUnique`"],
    },
    {
      name: "repository class used from an Express handler: aggregate $match on the query",
      code: `import type { Request, Response } from "express";
import { Order } from "../models/order";

export async function stats(req: Request, res: Response) {
  const rows = await Order.aggregate([{ $match: req.query }, { $group: { _id: "$status", n: { $sum: 1 } } }]);
  res.json(rows);
}
`,
      errors: [{ messageId: "wholeFilter", line: 5 }],
    },
    {
      name: "attack: $where code built from a value through a local, and an imported name the file cannot show is fixed",
      path: "src/routes/logs.ts",
      code: `import { Log } from "../models/log";
import { WHERE_CLAUSE } from "./clauses";

export async function search(level: string) {
  const code = "this.level == '" + level + "'";
  const a = await Log.find({ $where: code });
  const b = await Log.find({ $where: WHERE_CLAUSE });
  return [a, b];
}
`,
      errors: [{ messageId: "where", line: 6 }, { messageId: "where", line: 7 }],
    },
  ],
  valid: [
    {
      name: "gate: Prisma upsert whose where names a field of the body",
      path: "src/routes/settings.ts",
      code: `import express from "express";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();
export const router = express.Router();

router.post("/settings", async (req, res) => {
  const key = String(req.body.key);
  const saved = await prisma.setting.upsert({ where: { key }, create: { key, value: "dark" }, update: {} });
  res.json(saved);
});
`,
    },
    {
      name: "control: a real import of express-mongo-sanitize still counts",
      code: `import { Router } from "express";
import { User } from "../models/user";
import mongoSanitize from "express-mongo-sanitize";
export const auth = Router();

auth.post("/login", async (req, res) => {
  const user = await User.findOne({ email: req.body.email, password: req.body.password });
  res.json({ id: user?.id });
});
`,
    },
    {
      name: "Express + Mongoose: fields checked with typeof, cast with String, compared with $eq",
      code: `import { Router } from "express";
import { User } from "../models/user";

export const auth = Router();

auth.post("/login", async (req, res) => {
  const { email, password } = req.body;
  if (typeof email !== "string" || typeof password !== "string") return res.status(400).end();
  const user = await User.findOne({ email });
  const other = await User.findOne({ email: String(req.body.altEmail) });
  const third = await User.findOne({ email: { $eq: req.body.email } });
  res.json({ ok: !!user && !!other && !!third });
});
`,
    },
    {
      name: "Express + Mongoose: route params are strings; findById casts",
      code: `import { Router } from "express";
import Product from "../models/product.model";

const router = Router();

router.get("/products/:id", async (req, res) => {
  const product = await Product.findOne({ _id: req.params.id });
  const same = await Product.findById(req.body.id);
  res.json({ product, same });
});

export default router;
`,
    },
    {
      name: "Fastify plugin: the route declares a body schema, so fields are type-checked",
      path: "src/plugins/accounts.js",
      code: `module.exports = async function accounts(fastify) {
  const accounts = fastify.mongo.db.collection("accounts");
  fastify.post("/accounts/lookup", {
    schema: { body: { type: "object", required: ["owner"], properties: { owner: { type: "string" } } } },
  }, async (request) => {
    return accounts.findOne({ owner: request.body.owner });
  });
};
`,
    },
    {
      name: "Koa router: ctx.query values are strings; a validated body",
      code: `import Router from "@koa/router";
import { z } from "zod";
import { Session } from "../models/session";

const Revoke = z.object({ userId: z.string() });
const router = new Router();

router.get("/sessions", async (ctx) => {
  ctx.body = await Session.find({ userId: ctx.query.userId });
});

router.post("/sessions/revoke", async (ctx) => {
  const { userId } = Revoke.parse(ctx.request.body);
  ctx.body = await Session.deleteMany({ userId });
});

export default router;
`,
    },
    {
      name: "Hono: validated input and an escaped pattern",
      code: `import { Hono } from "hono";
import { zValidator } from "@hono/zod-validator";
import escapeStringRegexp from "escape-string-regexp";
import { z } from "zod";
import { Customer } from "./models/customer";

const app = new Hono();

app.post("/customers/search", zValidator("json", z.object({ name: z.string().max(50) })), async (c) => {
  const { name } = c.req.valid("json");
  const rows = await Customer.find({ name: { $regex: escapeStringRegexp(name), $options: "i" } });
  return c.json(rows);
});
`,
    },
    {
      name: "NestJS controller: @Query() typed with a DTO class; repository class taking a filter parameter",
      code: `import { Controller, Get, Query } from "@nestjs/common";
import { InjectModel } from "@nestjs/mongoose";
import { Model } from "mongoose";
import { Article } from "./article.schema";
import { ListArticlesDto } from "./dto";

@Controller("articles")
export class ArticlesController {
  constructor(@InjectModel(Article.name) private readonly articleModel: Model<Article>) {}

  @Get()
  list(@Query() query: ListArticlesDto) {
    return this.articleModel.find({ status: query.status, author: query.author });
  }
}

export class ArticleRepository {
  constructor(private readonly articleModel: Model<Article>) {}
  findBy(filter: Record<string, unknown>) {
    return this.articleModel.find(filter);
  }
}
`,
    },
    {
      name: "near-misses: Array#find, lodash, a constant $where, a function $where",
      code: `import _ from "lodash";
import { Log } from "../models/log";

export async function handler(req: { body: { id: string; filter: object } }) {
  const hit = [1, 2, 3].find((n) => n === Number(req.body.id));
  const picked = _.find([{ a: 1 }], req.body.filter);
  const stale = await Log.find({ $where: "this.updatedAt < this.createdAt" });
  const odd = await Log.find({ $where: function () { return this.level > 3; } });
  return { hit, picked, stale, odd };
}
`,
    },
    {
      name: "a file that turns on Mongoose's sanitizeFilter",
      code: `import mongoose from "mongoose";
import { Log } from "../models/log";

mongoose.set("sanitizeFilter", true);

export async function search(req: { body: { filter: object } }) {
  return Log.find(req.body.filter);
}
`,
    },
    {
      name: "Prisma: where built from cast values and params",
      code: `import { Router } from "express";
import { prisma } from "../db";

export const orders = Router();

orders.get("/orders/:id", async (req, res) => {
  const order = await prisma.order.findUnique({ where: { id: req.params.id } });
  const mine = await prisma.order.findMany({ where: { userId: String(req.body.userId), status: { equals: req.body.status } } });
  res.json({ order, mine });
});
`,
    },
    {
      name: "near-misses: $where code held in a local constant, or joined from constants",
      path: "src/routes/logs.ts",
      code: `import { Log } from "../models/log";

const STALE = "this.updatedAt < this.createdAt";
const parts = ["this.level > 3", "this.archived == false"];

export async function stale() {
  const code = STALE;
  const a = await Log.find({ $where: code });
  const b = await Log.find({ $where: parts.join(" && ") });
  return [a, b];
}
`,
    },
  ],
});

// The gate lets a filter method through only with an ORM or MongoDB handle dbCall knows (by name
// where a receiver stands, or a model import) and request data or `$where`. These cases sit at its
// edge: names that say nothing, computed access, `require`, Hono, Lambda, a bound collection.
const GATE_SKIPS: [string, string][] = [
  ["a mesh looked up in the scene by the picked id", `export function pick(scene: Scene, query: string) {\n  return scene.meshes.find((m) => m.id === query);\n}\n`],
  ["the document body and an array's find", `export function overlay(items: HTMLElement[], id: string) {\n  const el = items.find((e) => e.id === id);\n  if (el) document.body.appendChild(el);\n}\n`],
  ["a shape-cast query counted", `export function hits(world: PhysicsEngine, params: ShapeCastParams) {\n  const query = world.shapeCast(params);\n  return query.hits.count();\n}\n`],
  ["a particle system updated with its params", `export function step(system: ParticleSystem, params: UpdateParams) {\n  system.update(params.delta);\n  system.remove(params.dead);\n}\n`],
  ["a texture cache keyed by request headers", `export function evict(cache: Map<string, Texture>, headers: Headers) {\n  cache.delete(headers.get("etag") ?? "");\n}\n`],
  ["a loaded model's animation groups", `export function clips(loaded: AssetContainer, body: TransformNode) {\n  return loaded.animationGroups.find((g) => g.name === body.name);\n}\n`],
];

ruleTester("typescript/nosql-injection", {
  invalid: [
    {
      name: "gate edge: a Mongoose model named Account from a models path, filtered by the whole body",
      code: `const express = require("express");
const Account = require("../models/account");

const router = express.Router();
router.post("/accounts/search", async (req, res) => {
  res.json(await Account.find(req.body));
});
module.exports = router;
`,
      errors: [{ messageId: "wholeFilter", line: 6 }],
    },
    {
      name: "gate edge: a collection bound to a local with a name that says nothing",
      code: `import { Router } from "express";
import { MongoClient } from "mongodb";

const client = new MongoClient(process.env.MONGO_URL!);
export const router = Router();

router.post("/login", async (req, res) => {
  const things = client.db("app").collection("users");
  const user = await things.findOne({ email: req.body.email, password: req.body.password });
  res.json({ ok: !!user });
});
`,
      errors: [{ messageId: "fieldValue", line: 9 }],
    },
    {
      name: "gate edge: findOne by computed access on a model",
      code: `import { Router } from "express";
import { User } from "../models/user";

export const router = Router();
router.post("/find", async (req, res) => {
  const user = await User["findOne"](req.body);
  res.json(user);
});
`,
      errors: [{ messageId: "wholeFilter", line: 6 }],
    },
    {
      name: "gate edge: Hono c.req.json() as a collection filter",
      code: `import { Hono } from "hono";
import { db } from "./mongo";

const app = new Hono();
app.post("/search", async (c) => {
  const filter = await c.req.json();
  const docs = await db.collection("orders").find(filter).toArray();
  return c.json(docs);
});
export default app;
`,
      errors: [{ messageId: "wholeFilter", line: 7 }],
    },
    {
      name: "gate edge: Lambda query string parameters as a Mongoose filter",
      code: `import mongoose from "mongoose";
import { Order } from "./models/order";

export const handler = async (event: { queryStringParameters: Record<string, string> }) => {
  await mongoose.connect(process.env.MONGO_URL!);
  const orders = await Order.find(event.queryStringParameters);
  return { statusCode: 200, body: JSON.stringify(orders) };
};
`,
      errors: [{ messageId: "wholeFilter", line: 6 }],
    },
    {
      name: "gate edge: $where built from a value, no request data in the file",
      code: `import mongoose from "mongoose";

const Item = mongoose.model("Item", new mongoose.Schema({ price: Number }));

export function cheaperThan(limit: string) {
  return Item.find({ $where: "this.price < " + limit });
}
`,
      errors: [{ messageId: "where", line: 6 }],
    },
    {
      name: "gate edge: a Prisma client named db, the file shows Prisma only by its import",
      code: `import { Router } from "express";
import { PrismaClient } from "@prisma/client";

const db = new PrismaClient();
export const router = Router();
router.get("/posts", async (req, res) => {
  res.json(await db.post.findMany({ where: req.query }));
});
`,
      errors: [{ messageId: "wholeFilter", line: 7 }],
    },
  ],
  valid: GATE_SKIPS.map(([name, code]) => ({ name: `gate skips: ${name}`, code })),
});

describe("typescript/nosql-injection gate", () => {
  const rule = MODULES.find((m) => m.id === "typescript/nosql-injection")!;
  it.each(GATE_SKIPS)("skips %s", (_name, code) => {
    expect(passesGate(rule, "typescript", { text: code })).toBe(false);
  });
  it("needs request data or $where besides the database call", () => {
    expect(passesGate(rule, "typescript", { text: `import { User } from "./models/user";\nexport const all = () => User.find({ active: true });\n` })).toBe(false);
    expect(passesGate(rule, "typescript", { text: `import { User } from "./models/user";\nexport const f = (req) => User.find(req.body);\n` })).toBe(true);
  });
});
