import { ruleTester } from "../../support/rule-tester.js";
import { describe, expect, it } from "@jest/globals";
import { passesGate } from "../../../src/engine/rule-gate.js";
import { MODULES } from "../../../src/verifiers/registry.js";

ruleTester("typescript/connection-leak", {
  invalid: [
    {
      name: "gate: pg pool.connect written with a unicode escape, the client never released",
      code: `import { Pool } from "pg";

const pool = new Pool();

export async function countUsers(): Promise<number> {
  const client = await pool.\\u0063onnect();
  const { rows } = await client.query("SELECT count(*) AS n FROM users");
  return Number(rows[0].n);
}
`,
      errors: [{ messageId: "notReleased", line: 6 }],
    },
    {
      name: "MikroORM: em.begin() committed at the end, never rolled back when a persist throws",
      code: `import { EntityManager } from "@mikro-orm/postgresql";
import { Order, Payment } from "./entities";

export async function pay(em: EntityManager, orderId: number, amount: number) {
  await em.begin();
  const order = await em.findOneOrFail(Order, orderId);
  em.persist(new Payment(order, amount));
  order.paid = true;
  await em.commit();
}
`,
      errors: [{ messageId: "errorPath", line: 5 }],
    },
    {
      name: "MikroORM: a forked manager's transaction begun and never ended",
      code: `import { MikroORM } from "@mikro-orm/core";
import { AuditLog } from "./entities";

export async function audit(orm: MikroORM, action: string) {
  const em = orm.em.fork();
  await em.begin();
  em.persist(new AuditLog(action));
  await em.flush();
}
`,
      errors: [{ messageId: "notReleased", line: 6 }],
    },
    {
      name: "Express + MikroORM: early return between begin and commit",
      code: `import express from "express";
import { RequestContext } from "@mikro-orm/core";
import { Cart } from "./entities";

export const router = express.Router();
router.post("/checkout", async (req, res) => {
  const em = RequestContext.getEntityManager()!;
  await em.begin();
  const cart = await em.findOne(Cart, { user: req.body.userId });
  if (!cart) return res.sendStatus(404);
  cart.checkedOut = true;
  await em.commit();
  res.sendStatus(204);
});
`,
      errors: [{ messageId: "errorPath", line: 8 }],
    },
    {
      name: "NestJS + MikroORM: committed only after both updates succeed, never rolled back",
      code: `import { Injectable } from "@nestjs/common";
import { EntityManager } from "@mikro-orm/postgresql";

@Injectable()
export class TransfersService {
  async transfer(em: EntityManager, from: number, to: number, amount: number) {
    await em.begin();
    await em.nativeUpdate("Account", { id: from }, { balance: amount });
    await em.nativeUpdate("Account", { id: to }, { balance: amount });
    await em.commit();
    return { ok: true };
  }
}
`,
      errors: [{ messageId: "errorPath", line: 7 }],
    },
    {
      name: "Fastify + MikroORM: begin inside a handler, commit after an awaited call",
      code: `import type { FastifyInstance } from "fastify";
import type { EntityManager } from "@mikro-orm/core";
import { Invoice } from "./invoice";

export default async function routes(app: FastifyInstance, em: EntityManager) {
  app.post("/invoices", async (request) => {
    const tx = em.fork();
    await tx.begin();
    const invoice = tx.create(Invoice, request.body as object);
    await tx.flush();
    await tx.commit();
    return invoice;
  });
}
`,
      errors: [{ messageId: "errorPath", line: 8 }],
    },
    {
      name: "Hono + MikroORM: begun, flushed, answered, never committed",
      code: `import { Hono } from "hono";
import { MikroORM } from "@mikro-orm/sqlite";
import { Note } from "./note";

export function notes(orm: MikroORM) {
  const app = new Hono();
  app.post("/notes", async (c) => {
    const em = orm.em.fork();
    await em.begin();
    em.persist(em.create(Note, await c.req.json()));
    await em.flush();
    return c.json({ ok: true }, 201);
  });
  return app;
}
`,
      errors: [{ messageId: "notReleased", line: 9 }],
    },
    {
      name: "Express + Mongoose: a session for a transfer, ended only on the success path",
      code: `import express from "express";
import mongoose from "mongoose";
import { Account } from "./models";

export const router = express.Router();

router.post("/transfer", async (req, res) => {
  const session = await mongoose.startSession();
  session.startTransaction();
  await Account.updateOne({ _id: req.body.from }, { $inc: { balance: -req.body.amount } }, { session });
  await Account.updateOne({ _id: req.body.to }, { $inc: { balance: req.body.amount } }, { session });
  await session.commitTransaction();
  await session.endSession();
  res.sendStatus(204);
});
`,
      errors: [{ messageId: "errorPath", line: 8, severity: "blocking" }],
    },
    {
      name: "Mongoose: a session started from a model and never ended",
      code: `import { Order } from "../models/order";

export async function placeOrder(items: string[]) {
  const session = await Order.startSession();
  await session.withTransaction(async () => {
    await Order.create([{ items }], { session });
  });
  return { ok: true };
}
`,
      errors: [{ messageId: "notReleased", line: 4, severity: "blocking" }],
    },
    {
      name: "MongoDB driver: client.startSession() in a Fastify handler, ended after the work",
      code: `import { FastifyInstance } from "fastify";
import { MongoClient } from "mongodb";

const client = new MongoClient(process.env.MONGO_URL!);

export default async function routes(app: FastifyInstance) {
  app.post("/orders", async (request) => {
    const session = client.startSession();
    const orders = client.db("shop").collection("orders");
    await orders.insertOne({ items: request.body }, { session });
    await session.endSession();
    return { ok: true };
  });
}
`,
      errors: [{ messageId: "errorPath", line: 8, severity: "blocking" }],
    },
    {
      name: "Mongoose connection: abortTransaction in catch, but the session itself never ended",
      code: `import mongoose from "mongoose";

export async function archive(userId: string) {
  const session = await mongoose.connection.startSession();
  try {
    session.startTransaction();
    await mongoose.connection.collection("users").updateOne({ _id: userId }, { $set: { archived: true } }, { session });
    await session.commitTransaction();
  } catch (err) {
    await session.abortTransaction();
    throw err;
  }
}
`,
      errors: [{ messageId: "notReleased", line: 4, severity: "blocking" }],
    },
    {
      name: "NestJS + @nestjs/mongoose: injected connection's session leaks on an early return",
      code: `import { Injectable } from "@nestjs/common";
import { InjectConnection } from "@nestjs/mongoose";
import { Connection } from "mongoose";

@Injectable()
export class CartService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async checkout(cartId: string) {
    const session = await this.connection.startSession();
    const cart = await this.connection.collection("carts").findOne({ _id: cartId }, { session });
    if (!cart) return null;
    await this.connection.collection("orders").insertOne({ cart }, { session });
    await session.endSession();
    return cart;
  }
}
`,
      errors: [{ messageId: "errorPath", line: 10, severity: "blocking" }],
    },
    {
      name: "Koa + Mongoose: a session started and dropped on the floor",
      code: `import Router from "@koa/router";
import mongoose from "mongoose";

export const router = new Router();

router.post("/reindex", async (ctx) => {
  await mongoose.startSession();
  ctx.status = 202;
});
`,
      errors: [{ messageId: "notReleased", line: 7, severity: "blocking" }],
    },
    {
      name: "Express + pg: release after the query, skipped when the query throws",
      path: "src/routes/orders.ts",
      code: `import { Router } from "express";
import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export const orders = Router();

orders.get("/orders", async (req, res) => {
  const client = await pool.connect();
  const { rows } = await client.query("SELECT * FROM orders WHERE user_id = $1", [req.user.id]);
  client.release();
  res.json(rows);
});
`,
      errors: [{ messageId: "errorPath", line: 8, severity: "blocking" }],
      messageIncludes: ["`client` (a client checked out of the pool, from `pool.connect()`) is given back only on the success path", "try { … } finally { client.release(); }"],
    },
    {
      name: "Express + pg transaction: BEGIN/COMMIT with ROLLBACK in catch, but release only in try (the catch rethrows)",
      path: "src/services/transfer.ts",
      code: `import type { Pool } from "pg";

export async function transfer(pool: Pool, from: string, to: string, amount: number) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("UPDATE accounts SET balance = balance - $1 WHERE id = $2", [amount, from]);
    await client.query("UPDATE accounts SET balance = balance + $1 WHERE id = $2", [amount, to]);
    await client.query("COMMIT");
    client.release();
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  }
}
`,
      errors: [{ messageId: "errorPath", line: 4 }],
    },
    {
      name: "Fastify + @fastify/postgres: a client never released, and an early return",
      path: "src/routes/users.js",
      code: `module.exports = async function users(fastify) {
  fastify.get("/users/:id", async (request, reply) => {
    const client = await fastify.pg.connect();
    const { rows } = await client.query("SELECT id, name FROM users WHERE id = $1", [request.params.id]);
    if (rows.length === 0) return reply.code(404).send();
    return rows[0];
  });
};
`,
      errors: [{ messageId: "notReleased", line: 3 }],
      messageIncludes: ["this function never gives it back (`client.release()`)"],
    },
    {
      name: "Koa + Sequelize unmanaged transaction: committed, never rolled back when a create throws",
      path: "src/routes/checkout.js",
      code: `const Router = require("@koa/router");
const { sequelize, Order, Cart } = require("../models");

const router = new Router();

router.post("/checkout", async (ctx) => {
  const t = await sequelize.transaction();
  const order = await Order.create({ userId: ctx.state.user.id }, { transaction: t });
  await Cart.destroy({ where: { userId: ctx.state.user.id }, transaction: t });
  await t.commit();
  ctx.body = order;
});

module.exports = router;
`,
      errors: [{ messageId: "errorPath", line: 7 }],
      messageIncludes: ["await t.rollback(); throw err;"],
    },
    {
      name: "Hono + knex unmanaged transaction that is never committed or rolled back",
      path: "src/routes/stock.ts",
      code: `import { Hono } from "hono";
import knex from "../db/knex";

const app = new Hono();

app.post("/stock/:sku/reserve", async (c) => {
  const trx = await knex.transaction();
  await trx("stock").where({ sku: c.req.param("sku") }).decrement("quantity", 1);
  await trx("reservations").insert({ sku: c.req.param("sku") });
  return c.json({ ok: true });
});

export default app;
`,
      errors: [{ messageId: "notReleased", line: 7 }],
    },
    {
      name: "NestJS service + TypeORM QueryRunner: release after commit, not in finally",
      path: "src/orders/orders.service.ts",
      code: `import { Injectable } from "@nestjs/common";
import { DataSource } from "typeorm";
import { Order } from "./order.entity";

@Injectable()
export class OrdersService {
  constructor(private readonly dataSource: DataSource) {}

  async place(order: Order) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      await queryRunner.manager.save(order);
      await queryRunner.commitTransaction();
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    }
    await queryRunner.release();
  }
}
`,
      errors: [{ messageId: "errorPath", line: 10 }],
    },
    {
      name: "Express + mysql2/promise: a connection checked out and dropped, and one never released",
      path: "src/db/reports.ts",
      code: `import mysql from "mysql2/promise";

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

export async function warmUp() {
  await pool.getConnection();
}

export async function monthly(month: string) {
  const conn = await pool.getConnection();
  const [rows] = await conn.query("SELECT * FROM sales WHERE month = ?", [month]);
  return rows;
}
`,
      errors: [{ messageId: "notReleased", line: 6 }, { messageId: "notReleased", line: 10 }],
    },
    {
      name: "Express + pg callback form: the release callback is never called",
      path: "src/routes/health.js",
      code: `const express = require("express");
const { Pool } = require("pg");

const pool = new Pool();
const router = express.Router();

router.get("/health/db", (req, res, next) => {
  pool.connect((err, client, release) => {
    if (err) return next(err);
    client.query("SELECT 1", (qErr) => {
      if (qErr) return next(qErr);
      res.json({ ok: true });
    });
  });
});

module.exports = router;
`,
      errors: [{ messageId: "notReleased", line: 8 }],
    },
    {
      name: "start-up code (NestJS onModuleInit): released only on success is a warning, it runs once",
      path: "src/db/db.service.ts",
      code: `import { Injectable, OnModuleInit } from "@nestjs/common";
import { DataSource } from "typeorm";

@Injectable()
export class DbService implements OnModuleInit {
  version?: string;
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit() {
    const queryRunner = this.dataSource.createQueryRunner();
    this.version = await queryRunner.getVersion?.();
    await queryRunner.release();
  }
}
`,
      errors: [{ messageId: "errorPathOnce", line: 10, severity: "warning" }],
    },
    {
      name: "Koa + pg promise chain: the client taken in then() is never released",
      path: "src/routes/stats.js",
      code: `const Router = require("@koa/router");
const { Pool } = require("pg");

const pool = new Pool();
const router = new Router();

router.get("/stats", (ctx) =>
  pool.connect().then((client) =>
    client.query("SELECT count(*) FROM orders").then((res) => {
      ctx.body = res.rows[0];
    }),
  ),
);

module.exports = router;
`,
      errors: [{ messageId: "notReleased", line: 8 }],
    },
  ],
  valid: [
    {
      name: "gate: pool.\\u0063onnect() released in finally",
      code: `import { Pool } from "pg";

const pool = new Pool();

export async function countUsers(): Promise<number> {
  const client = await pool.\\u0063onnect();
  try {
    const { rows } = await client.query("SELECT count(*) AS n FROM users");
    return Number(rows[0].n);
  } finally {
    client.release();
  }
}
`,
    },
    {
      name: "MikroORM: commit in try, rollback and rethrow in catch",
      code: `import { EntityManager } from "@mikro-orm/postgresql";
import { Order, Payment } from "./entities";

export async function pay(em: EntityManager, orderId: number, amount: number) {
  await em.begin();
  try {
    const order = await em.findOneOrFail(Order, orderId);
    em.persist(new Payment(order, amount));
    await em.commit();
  } catch (err) {
    await em.rollback();
    throw err;
  }
}
`,
    },
    {
      name: "MikroORM: em.transactional() manages its own transaction",
      code: `import { EntityManager } from "@mikro-orm/postgresql";
import { Order } from "./entities";

export async function close(em: EntityManager, id: number) {
  await em.transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, id);
    order.closed = true;
  });
}
`,
    },
    {
      name: "MikroORM: rollback in finally when not committed",
      code: `import { EntityManager } from "@mikro-orm/core";

export async function run(em: EntityManager, work: (em: EntityManager) => Promise<void>) {
  await em.begin();
  let done = false;
  try {
    await work(em);
    await em.commit();
    done = true;
  } finally {
    if (!done) await em.rollback();
  }
}
`,
    },
    {
      name: "a game engine's loop.begin() in a file without MikroORM",
      code: `import { loop } from "./engine";

export function start() {
  loop.begin();
  loop.tick();
}
`,
    },
    {
      name: "MikroORM: the manager handed back to the caller, who ends the transaction",
      code: `import { MikroORM } from "@mikro-orm/core";

export async function openTransaction(orm: MikroORM) {
  const em = orm.em.fork();
  await em.begin();
  return em;
}
`,
    },
    {
      name: "MikroORM: `this.em.begin()` on a class field is left to the class (not followed)",
      code: `import { EntityManager } from "@mikro-orm/core";

export class UnitOfWork {
  constructor(private readonly em: EntityManager) {}

  async start() {
    await this.em.begin();
  }

  async end() {
    await this.em.commit();
  }
}
`,
    },
    {
      name: "Mongoose: the session ended in finally",
      code: `import mongoose from "mongoose";
import { Account } from "./models";

export async function transfer(from: string, to: string, amount: number) {
  const session = await mongoose.startSession();
  try {
    await session.withTransaction(async () => {
      await Account.updateOne({ _id: from }, { $inc: { balance: -amount } }, { session });
      await Account.updateOne({ _id: to }, { $inc: { balance: amount } }, { session });
    });
  } finally {
    await session.endSession();
  }
}
`,
    },
    {
      name: "Mongoose: connection.transaction() manages its own session",
      code: `import mongoose from "mongoose";
import { Account } from "./models";

export async function credit(id: string, amount: number) {
  await mongoose.connection.transaction(async (session) => {
    await Account.updateOne({ _id: id }, { $inc: { balance: amount } }, { session });
  });
}
`,
    },
    {
      name: "MongoDB driver: ended in both the try and the catch that rethrows",
      code: `import { MongoClient } from "mongodb";

const client = new MongoClient(process.env.MONGO_URL!);

export async function audit(entry: object) {
  const session = client.startSession();
  try {
    await client.db("app").collection("audit").insertOne(entry, { session });
    await session.endSession();
  } catch (err) {
    await session.endSession();
    throw err;
  }
}
`,
    },
    {
      name: "a session handed to the caller, who ends it",
      code: `import mongoose from "mongoose";

export async function openSession() {
  const session = await mongoose.startSession();
  return session;
}
`,
    },
    {
      name: "an analytics SDK's startSession in a file without MongoDB",
      code: `import { analytics } from "./analytics";

export function onLogin(userId: string) {
  const session = analytics.startSession(userId);
  session.track("login");
}
`,
    },
    {
      name: "Mongoose: session created at module level for a script that lives as long as the process",
      code: `import mongoose from "mongoose";

await mongoose.connect(process.env.MONGO_URL!);
const session = await mongoose.startSession();

export async function step(name: string) {
  await mongoose.connection.collection("steps").insertOne({ name }, { session });
}
`,
    },
    {
      name: "Express + pg: release in finally (the pg documentation's form), BEGIN inside try",
      path: "src/services/transfer.ts",
      code: `import { Pool } from "pg";

const pool = new Pool();

export async function transfer(from: string, to: string, amount: number) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("UPDATE accounts SET balance = balance - $1 WHERE id = $2", [amount, from]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
}
`,
    },
    {
      name: "pg: released in the try and in the catch; a client released right away; pool.query checks out by itself",
      path: "src/db/users.ts",
      code: `import { pool } from "./pool";

export async function find(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query("SELECT * FROM users WHERE id = $1", [id]);
    client.release();
    return rows[0];
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
}

export async function ping() {
  const client = await pool.connect();
  client.release();
  const { rows } = await pool.query("SELECT now()");
  return rows[0];
}
`,
    },
    {
      name: "handed over: a client returned to the caller, stored on the request, or resolved",
      path: "src/db/clients.ts",
      code: `import type { Request } from "express";
import { pool } from "./pool";

export async function getClient() {
  const client = await pool.connect();
  return client;
}

export async function attach(req: Request & { db?: unknown }) {
  const client = await pool.connect();
  req.db = client;
}

export function acquire(): Promise<unknown> {
  return new Promise((resolve) => {
    pool.connect().then(async (c) => resolve(c));
  });
}

export const checkout = () => pool.connect();
`,
    },
    {
      name: "a LISTEN/NOTIFY client that is meant to live; a pg Client's own connect(); a module-level client",
      path: "src/events/listener.ts",
      code: `import { Client, Pool } from "pg";

const pool = new Pool();
const shared = await pool.connect();

export async function listen(onEvent: (payload: string) => void) {
  const client = await pool.connect();
  client.on("notification", (msg) => onEvent(msg.payload ?? ""));
  await client.query("LISTEN order_events");
}

export async function once() {
  const client = new Client();
  await client.connect();
  try {
    return (await client.query("SELECT 1")).rows;
  } finally {
    await client.end();
  }
}

export { shared };
`,
    },
    {
      name: "Sequelize unmanaged transaction with commit in try and rollback in catch; the managed form",
      path: "src/routes/checkout.js",
      code: `const Router = require("@koa/router");
const { sequelize, Order, Cart } = require("../models");

const router = new Router();

router.post("/checkout", async (ctx) => {
  const t = await sequelize.transaction();
  try {
    const order = await Order.create({ userId: ctx.state.user.id }, { transaction: t });
    await Cart.destroy({ where: { userId: ctx.state.user.id }, transaction: t });
    await t.commit();
    ctx.body = order;
  } catch (err) {
    await t.rollback();
    throw err;
  }
});

router.post("/checkout/managed", async (ctx) => {
  ctx.body = await sequelize.transaction(async (t) => Order.create({ userId: ctx.state.user.id }, { transaction: t }));
});

module.exports = router;
`,
    },
    {
      name: "knex unmanaged transaction ended in finally-style; TypeORM QueryRunner released in finally",
      path: "src/services/stock.service.ts",
      code: `import knex from "../db/knex";
import { DataSource } from "typeorm";

export async function reserve(sku: string) {
  const trx = await knex.transaction();
  try {
    await trx("stock").where({ sku }).decrement("quantity", 1);
    await trx.commit();
  } catch (err) {
    await trx.rollback(err);
  }
}

export async function place(dataSource: DataSource, order: object) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.manager.save(order);
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}
`,
    },
    {
      name: "a catch that swallows the error, then the release; optional-chained release in finally of a let",
      path: "src/jobs/cleanup.ts",
      code: `import { pool } from "../db/pool";
import { logger } from "../logger";

export async function cleanup() {
  const client = await pool.connect();
  try {
    await client.query("DELETE FROM sessions WHERE expires_at < now()");
  } catch (err) {
    logger.error(err);
  }
  client.release();
}

export async function count() {
  let client;
  try {
    client = await pool.connect();
    return (await client.query("SELECT count(*) FROM users")).rows[0];
  } finally {
    client?.release();
  }
}
`,
    },
    {
      name: "callback form: release() called, or the client released on every branch",
      path: "src/routes/health.js",
      code: `const { Pool } = require("pg");
const mysql = require("mysql2");

const pool = new Pool();
const mysqlPool = mysql.createPool({ host: "db" });

exports.health = (req, res, next) => {
  pool.connect((err, client, release) => {
    if (err) return next(err);
    client.query("SELECT 1", (qErr) => {
      release();
      if (qErr) return next(qErr);
      res.json({ ok: true });
    });
  });
  mysqlPool.getConnection((err, connection) => {
    if (err) return next(err);
    connection.query("SELECT 1", () => connection.release());
  });
};
`,
    },
    {
      name: "tests may hold a client for the whole suite",
      path: "test/db.test.ts",
      code: `import { pool } from "../src/db/pool";

it("connects", async () => {
  const client = await pool.connect();
  await client.query("SELECT 1");
});
`,
    },
    {
      name: "a CLI command: checked out inside try, released at the end of try and in the catch",
      path: "src/commands/query.ts",
      code: `import { DataSource, QueryRunner } from "typeorm";

export async function runQuery(dataSource: DataSource, sql: string) {
  let queryRunner: QueryRunner | undefined;
  try {
    await dataSource.initialize();
    queryRunner = dataSource.createQueryRunner();
    const result = await queryRunner.query(sql);
    console.log(result);
    await queryRunner.release();
  } catch (err) {
    console.error(err);
    if (queryRunner) await queryRunner.release();
    process.exit(1);
  }
}
`,
    },
    {
      name: "TypeORM on MongoDB: the Mongo query runner holds no connection (its release() does nothing)",
      path: "src/db/indexes.ts",
      code: `import { DataSource } from "typeorm";

export async function ensureIndexes(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.createCollectionIndex("users", { email: 1 }, { unique: true });
  await queryRunner.createCollectionIndex("sessions", { expiresAt: 1 }, { expireAfterSeconds: 0 });
}
`,
    },
    {
      name: "pg promise chain released in finally() of the query's promise",
      path: "src/routes/stats.js",
      code: `const { Pool } = require("pg");

const pool = new Pool();

exports.stats = (req, res, next) =>
  pool
    .connect()
    .then((client) =>
      client
        .query("SELECT count(*) FROM orders")
        .then((result) => res.json(result.rows[0]))
        .finally(() => client.release()),
    )
    .catch(next);
`,
    },
  ],
});

// The gate (CHECKOUT_TEXT) lets a checkout method through only with what makes it a checkout: a
// pool by name or `new Pool`, `fastify.pg`, MongoDB, MikroORM, Sequelize or knex. These cases sit
// at its edge: casts, computed access, comments, `require`, names that say nothing.
const GATE_SKIPS: [string, string][] = [
  ["a Web Audio node connected to the output", `export function route(ctx: AudioContext, source: AudioBufferSourceNode) {\n  const gain = ctx.createGain();\n  source.connect(gain);\n  gain.connect(ctx.destination);\n  return gain;\n}\n`],
  ["an IndexedDB transaction (no ORM in sight)", `export function save(db: IDBDatabase, key: string, value: unknown) {\n  const tx = db.transaction(["textures"], "readwrite");\n  tx.objectStore("textures").put(value, key);\n  return tx;\n}\n`],
  ["a WebSocket client connecting", `export class Inspector {\n  private socket = new WebSocket("ws://localhost:1234");\n  open() {\n    this.socket.connect?.();\n  }\n}\n`],
  ["a render pass begun and ended", `export function draw(encoder: GPUCommandEncoder, pass: RenderPass) {\n  pass.begin(encoder);\n  pass.draw(3);\n  pass.end();\n}\n`],
  ["an XR session started by the engine", `export async function enter(xr: XRHelper) {\n  const session = await xr.startSession("immersive-vr");\n  return session;\n}\n`],
  ["a gamepad manager's getConnection", `export function poll(gamepads: GamepadManager) {\n  const link = gamepads.getConnection(0);\n  return link?.connected ?? false;\n}\n`],
];

ruleTester("typescript/connection-leak", {
  invalid: [
    {
      name: "gate edge: a pool made by new without parentheses, under a name that says nothing",
      code: `import { Pool } from "pg";

const db = new Pool;

export async function first() {
  const c = await db.connect();
  const { rows } = await c.query("SELECT * FROM users LIMIT 1");
  return rows[0];
}
`,
      errors: [{ messageId: "notReleased", line: 6 }],
    },
    {
      name: "gate edge: a pool field cast before connect(), never released",
      code: `import { Pool } from "pg";

export class UserStore {
  constructor(private readonly pgPool: unknown) {}

  async count(): Promise<number> {
    const client = await (this.pgPool as Pool).connect();
    const { rows } = await client.query("SELECT count(*) AS n FROM users");
    return Number(rows[0].n);
  }
}
`,
      errors: [{ messageId: "notReleased", line: 7 }],
    },
    {
      name: "gate edge: a pool with a name that says nothing, made by new Pool()",
      code: `const { Pool } = require("pg");

const store = new Pool({ connectionString: process.env.DATABASE_URL });

async function names() {
  const c = await store.connect();
  const { rows } = await c.query("SELECT name FROM users");
  return rows;
}

module.exports = { names };
`,
      errors: [{ messageId: "notReleased", line: 6 }],
    },
    {
      name: "gate edge: connect() by computed access, comments between the tokens",
      code: `import { Pool } from "pg";

const pool = new Pool();

export async function touch(id: number) {
  const client = await pool /* primary */ ["connect"]();
  await client.query("UPDATE users SET seen_at = now() WHERE id = $1", [id]);
  client.release();
}
`,
      errors: [{ messageId: "errorPath", line: 6 }],
    },
    {
      name: "gate edge: fastify.pg.connect() in a route, released only on success",
      code: `import Fastify from "fastify";

const app = Fastify();

app.get("/users/:id", async (request) => {
  const client = await app.pg.connect();
  const { rows } = await client.query("SELECT * FROM users WHERE id = $1", [(request.params as { id: string }).id]);
  client.release();
  return rows[0];
});
`,
      errors: [{ messageId: "errorPath", line: 6 }],
    },
    {
      name: "gate edge: a Sequelize transaction from a required models index, never rolled back",
      code: `const { sequelize, Order } = require("../models");

async function place(userId, items) {
  const t = await sequelize.transaction();
  const order = await Order.create({ userId }, { transaction: t });
  await order.addItems(items, { transaction: t });
  await t.commit();
  return order;
}

module.exports = { place };
`,
      errors: [{ messageId: "errorPath", line: 4 }],
    },
    {
      name: "gate edge: knex from require(), a transaction begun on a client named db",
      code: `const db = require("knex")({ client: "pg", connection: process.env.DATABASE_URL });

async function transfer(from, to, amount) {
  const trx = await db.transaction();
  await trx("accounts").where({ id: from }).decrement("balance", amount);
  await trx("accounts").where({ id: to }).increment("balance", amount);
  await trx.commit();
}

module.exports = { transfer };
`,
      errors: [{ messageId: "errorPath", line: 4 }],
    },
    {
      name: "gate edge: a MikroORM em.begin() with the module required by a subpath",
      code: `import { EntityManager } from "@mikro-orm/postgresql";

export async function archive(em: EntityManager, ids: number[]) {
  await em.begin();
  await em.nativeUpdate("Post", { id: { $in: ids } }, { archived: true });
}
`,
      errors: [{ messageId: "notReleased", line: 4 }],
    },
  ],
  valid: GATE_SKIPS.map(([name, code]) => ({ name: `gate skips: ${name}`, code })),
});

describe("typescript/connection-leak gate", () => {
  const rule = MODULES.find((m) => m.id === "typescript/connection-leak")!;
  it.each(GATE_SKIPS)("skips %s", (_name, code) => {
    expect(passesGate(rule, "typescript", { text: code })).toBe(false);
  });
  it("lets a pool's checkout through however the pool is reached", () => {
    for (const code of ["await (this.pgPool as Pool).connect()", "const s = new Pool(); s.connect()", "await app.pg.connect()", "pool /* c */ [\"connect\"]()"]) {
      expect(passesGate(rule, "typescript", { text: code })).toBe(true);
    }
  });
});
