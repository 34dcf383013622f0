import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/orm-misuse", {
  invalid: [
    {
      name: "attack: the word useCLS in a comment does not exempt a managed transaction",
      path: "src/plugins/carts.js",
      code: `const { Cart, Order, sequelize } = require("../models");
// Sequelize.useCLS(namespace) is configured in models (it is not).

module.exports = async function carts(fastify) {
  fastify.post("/carts/:id/checkout", async (request) => {
    return sequelize.transaction(async (t) => {
      const cart = await Cart.findByPk(request.params.id, { transaction: t });
      return Order.create({ cartId: cart.id });
    });
  });
};
`,
      errors: [{ messageId: "txOption", line: 8 }],
    },
    {
      name: "Express router + Prisma: deleteMany() with no where, an audit write nobody awaits",
      code: `import { Router } from "express";
import { prisma } from "../db";

export const sessions = Router();

sessions.post("/logout", async (req, res) => {
  await prisma.session.deleteMany();
  prisma.auditLog.create({ data: { userId: req.user.id, action: "logout" } });
  await prisma.token.updateMany({ data: { revoked: true } });
  res.status(204).end();
});
`,
      errors: [
        { messageId: "unbounded", line: 7 },
        { messageId: "floating", line: 8 },
        { messageId: "unbounded", line: 9 },
      ],
      messageIncludes: ["`prisma.session.deleteMany()` runs `deleteMany` without a `where`, so it applies to every row"],
    },
    {
      name: "Prisma interactive $transaction whose callback uses the outer client",
      code: `import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function transfer(from: string, to: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    const source = await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
    if (source.balance < 0) throw new Error("insufficient funds");
    await prisma.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
  });
}
`,
      errors: [{ messageId: "txOuter", line: 9 }],
      messageIncludes: ["inside the `prisma.$transaction(…)` callback goes through `prisma`, not the transaction client `tx`"],
    },
    {
      name: "Fastify plugin + Sequelize: destroy with where {}, sync alter, a managed transaction missing { transaction }",
      path: "src/plugins/carts.js",
      code: `const { Cart, CartItem, Order, sequelize } = require("../models");

module.exports = async function carts(fastify) {
  await sequelize.sync({ alter: true });

  fastify.delete("/carts/expired", async () => {
    await CartItem.destroy({ where: {} });
    return { ok: true };
  });

  fastify.post("/carts/:id/checkout", async (request) => {
    return sequelize.transaction(async (t) => {
      const cart = await Cart.findByPk(request.params.id, { transaction: t });
      const order = await Order.create({ cartId: cart.id, total: cart.total });
      await Cart.destroy({ where: { id: cart.id }, transaction: t });
      return order;
    });
  });
};
`,
      errors: [
        { messageId: "sync", line: 4 },
        { messageId: "unbounded", line: 7 },
        { messageId: "txOption", line: 14 },
      ],
      messageIncludes: ["`sync({ alter: true })` makes the ORM rewrite the database schema"],
    },
    {
      name: "Koa router + knex: del() with no where; the outer knex inside a transaction",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.post("/carts/clear", async (ctx) => {
  await knex("cart_items").del();
  ctx.status = 204;
});

router.post("/orders", async (ctx) => {
  const id = await knex.transaction(async (trx) => {
    const [order] = await trx("orders").insert({ userId: ctx.state.user.id }).returning("id");
    await knex("stock").where({ sku: ctx.request.body.sku }).decrement("quantity", 1);
    return order;
  });
  ctx.body = { id };
});

export default router;
`,
      errors: [{ messageId: "unbounded", line: 7 }, { messageId: "txOuter", line: 14 }],
      messageIncludes: ["deletes or updates without a `where`"],
    },
    {
      name: "Hono app + Drizzle: update with no where, writes inside forEach(async …)",
      code: `import { Hono } from "hono";
import { db } from "./db";
import { users, notifications } from "./schema";

const app = new Hono();

app.post("/admin/deactivate", async (c) => {
  await db.update(users).set({ active: false });
  const ids: number[] = await c.req.json();
  ids.forEach(async (id) => {
    await db.insert(notifications).values({ userId: id, text: "deactivated" });
  });
  return c.json({ ok: true });
});

export default app;
`,
      errors: [{ messageId: "unbounded", line: 8 }, { messageId: "forEach", line: 10 }],
      messageIncludes: ["`db.update(users).set({ active: false })` deletes or updates without a `where`"],
    },
    {
      name: "NestJS service + TypeORM: injected repository inside dataSource.transaction, clear()",
      code: `import { Injectable } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { DataSource, Repository } from "typeorm";
import { Order } from "./order.entity";
import { Payment } from "./payment.entity";

@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Order) private readonly ordersRepository: Repository<Order>,
    @InjectRepository(Payment) private readonly paymentsRepository: Repository<Payment>,
  ) {}

  async pay(order: Order, amount: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.save(Payment, { orderId: order.id, amount });
      await this.ordersRepository.update(order.id, { status: "paid" });
    });
  }

  async reset() {
    await this.paymentsRepository.clear();
  }
}
`,
      errors: [{ messageId: "txRepository", line: 18 }, { messageId: "unbounded", line: 23 }],
      messageIncludes: ["uses an injected repository, which is not bound to the transaction"],
    },
    {
      name: "NestJS module: TypeORM synchronize true and dropSchema true",
      path: "src/app.module.ts",
      code: `import { Module } from "@nestjs/common";
import { TypeOrmModule } from "@nestjs/typeorm";

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: "postgres",
      url: process.env.DATABASE_URL,
      autoLoadEntities: true,
      synchronize: true,
      dropSchema: true,
    }),
  ],
})
export class AppModule {}
`,
      errors: [{ messageId: "sync", line: 10 }, { messageId: "sync", line: 11 }],
    },
    {
      name: "repository class + Mongoose: save() not awaited, deleteMany({}), session without { session }",
      code: `import mongoose from "mongoose";
import { User } from "../models/user";
import { Account } from "../models/account";

export class UserRepository {
  async rename(id: string, name: string) {
    const user = await User.findById(id);
    user.name = name;
    user.save();
  }

  async purge() {
    await User.deleteMany({});
  }

  async openAccount(userId: string) {
    const session = await mongoose.startSession();
    await session.withTransaction(async () => {
      await Account.create([{ userId }], { session });
      await User.updateOne({ _id: userId }, { $set: { hasAccount: true } });
    });
  }
}
`,
      errors: [
        { messageId: "floating", line: 9 },
        { messageId: "unbounded", line: 13 },
        { messageId: "txOption", line: 20 },
      ],
      messageIncludes: ["`user.save()` returns a promise that is neither awaited, returned nor collected"],
    },
    {
      name: "repository class: every ORM's way to empty a table from application code",
      path: "src/repositories/maintenance.repository.ts",
      code: `import { Sequelize } from "sequelize";
import { AppDataSource } from "../data-source";
import { AuditLog } from "../entity/AuditLog";
import { Session, Token } from "../models";
import { knex } from "../db/knex";

export class MaintenanceRepository {
  async reset() {
    await Session.deleteMany();
    await Token.update({ revoked: true }, { where: {} });
    await Token.destroy({ truncate: true });
    await AppDataSource.getRepository(AuditLog).delete({});
    await AppDataSource.manager.clear(AuditLog);
    await knex("events").truncate();
  }
}
`,
      errors: [
        { messageId: "unbounded", line: 9 },
        { messageId: "unbounded", line: 10 },
        { messageId: "unbounded", line: 11 },
        { messageId: "unbounded", line: 12 },
        { messageId: "unbounded", line: 13 },
        { messageId: "unbounded", line: 14 },
      ],
    },
    {
      name: "TypeORM query builder delete without where",
      code: `import { AppDataSource } from "./data-source";
import { Session } from "./entity/Session";

export async function expireSessions() {
  await AppDataSource.createQueryBuilder().delete().from(Session).execute();
}
`,
      errors: [{ messageId: "unbounded", line: 5 }],
    },
    {
      name: "MikroORM: flush() and persistAndFlush() return promises; left un-awaited the write is lost, whatever persist() did before",
      path: "src/users/users.service.ts",
      code: `import { EntityManager, EntityRepository } from "@mikro-orm/postgresql";
import { User } from "./user.entity";

export class UsersService {
  constructor(private readonly em: EntityManager, private readonly userRepository: EntityRepository<User>) {}

  async register(user: User) {
    this.em.persist(user);
    this.em.flush();
    this.em.persist(user).flush();
    this.userRepository.persistAndFlush(user);
    this.em.removeAndFlush(user);
    this.em.nativeDelete(User, { id: user.id });
  }
}
`,
      errors: [
        { messageId: "floating", line: 9 },
        { messageId: "floating", line: 10 },
        { messageId: "floating", line: 11 },
        { messageId: "floating", line: 12 },
        { messageId: "floating", line: 13 },
      ],
    },
    {
      name: "TypeORM: a repository's remove() and save() return promises, so un-awaited they are floating writes (not MikroORM's synchronous remove)",
      path: "src/users/users.service.ts",
      code: `import { Repository } from "typeorm";
import { User } from "./user.entity";

export class UsersService {
  constructor(private readonly userRepository: Repository<User>) {}

  async drop(user: User) {
    this.userRepository.remove(user);
    this.userRepository.save(user);
  }
}
`,
      errors: [{ messageId: "floating", line: 8 }, { messageId: "floating", line: 9 }],
    },
  ],
  valid: [
    {
      name: "control: a real Sequelize.useCLS call still passes the transaction implicitly",
      path: "src/plugins/carts.js",
      code: `const { Cart, Order, sequelize } = require("../models");
const { Sequelize } = require("sequelize");
Sequelize.useCLS(require("cls-hooked").createNamespace("tx"));

module.exports = async function carts(fastify) {
  fastify.post("/carts/:id/checkout", async (request) => {
    return sequelize.transaction(async (t) => {
      const cart = await Cart.findByPk(request.params.id, { transaction: t });
      return Order.create({ cartId: cart.id });
    });
  });
};
`,
    },
    {
      name: "Express router + Prisma: bounded deletes, awaited and collected writes, explicit void",
      code: `import { Router } from "express";
import { prisma } from "../db";

export const sessions = Router();

sessions.post("/logout", async (req, res) => {
  await prisma.session.deleteMany({ where: { userId: req.user.id } });
  const writes = [prisma.auditLog.create({ data: { userId: req.user.id, action: "logout" } })];
  writes.push(prisma.token.updateMany({ where: { userId: req.user.id }, data: { revoked: true } }));
  await Promise.all(writes);
  void prisma.metric.create({ data: { name: "logout" } });
  prisma.visit.create({ data: { path: "/logout" } }).catch((err) => req.log.error(err));
  res.status(204).end();
});
`,
    },
    {
      name: "Prisma $transaction: only the tx client; the array form",
      code: `import { prisma } from "./db";

export async function transfer(from: string, to: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
    await tx.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
  });
  await prisma.$transaction([
    prisma.ledger.create({ data: { from, to, amount } }),
    prisma.account.update({ where: { id: to }, data: { lastTransferAt: new Date() } }),
  ]);
}
`,
    },
    {
      name: "Fastify plugin + Sequelize: bounded destroy, plain sync, test-only force, transaction passed everywhere",
      path: "src/plugins/carts.js",
      code: `const { Cart, Order, sequelize } = require("../models");

module.exports = async function carts(fastify) {
  await sequelize.sync();
  if (process.env.NODE_ENV === "test") await sequelize.sync({ force: true });

  fastify.delete("/carts/:id", async (request) => {
    await Cart.destroy({ where: { id: request.params.id } });
    return { ok: true };
  });

  fastify.post("/carts/:id/checkout", async (request) => {
    return sequelize.transaction(async (t) => {
      const cart = await Cart.findByPk(request.params.id, { transaction: t, lock: true });
      const order = await Order.create({ cartId: cart.id }, { transaction: t });
      await cart.update({ status: "closed" }, { transaction: t });
      return order;
    });
  });
};
`,
    },
    {
      name: "Koa router + knex: where before del, the trx client inside the transaction",
      code: `import Router from "@koa/router";
import knex from "../db/knex";

const router = new Router();

router.post("/carts/:id/clear", async (ctx) => {
  await knex("cart_items").where({ cart_id: ctx.params.id }).del();
  await knex("carts").whereIn("id", [ctx.params.id]).update({ cleared_at: knex.fn.now() });
  ctx.status = 204;
});

router.post("/orders", async (ctx) => {
  ctx.body = await knex.transaction(async (trx) => {
    const [order] = await trx("orders").insert({ userId: ctx.state.user.id, created_at: knex.fn.now() }).returning("id");
    await trx("stock").where({ sku: ctx.request.body.sku }).decrement("quantity", 1);
    return order;
  });
});

export default router;
`,
    },
    {
      name: "Hono app + Drizzle: where on update and delete, for…of with await",
      code: `import { Hono } from "hono";
import { eq, inArray } from "drizzle-orm";
import { db } from "./db";
import { users, notifications } from "./schema";

const app = new Hono();

app.post("/admin/deactivate", async (c) => {
  const ids: number[] = await c.req.json();
  await db.update(users).set({ active: false }).where(inArray(users.id, ids));
  for (const id of ids) {
    await db.insert(notifications).values({ userId: id, text: "deactivated" });
  }
  await Promise.all(ids.map(async (id) => db.delete(notifications).where(eq(notifications.userId, id))));
  return c.json({ ok: true });
});
`,
    },
    {
      name: "NestJS service + TypeORM: the transaction's manager, env-driven synchronize, Map#clear",
      code: `import { Injectable } from "@nestjs/common";
import { TypeOrmModule } from "@nestjs/typeorm";
import { DataSource } from "typeorm";
import { Order } from "./order.entity";

export const db = TypeOrmModule.forRoot({
  type: "postgres",
  url: process.env.DATABASE_URL,
  synchronize: process.env.NODE_ENV !== "production",
});

@Injectable()
export class OrdersService {
  private readonly cache = new Map<string, Order>();
  constructor(private readonly dataSource: DataSource) {}

  async pay(order: Order) {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Order).update(order.id, { status: "paid" });
    });
    this.cache.clear();
  }
}
`,
    },
    {
      name: "test setup: clearing tables and syncing the schema is expected there",
      path: "test/setup.ts",
      code: `import { prisma } from "../src/db";
import { sequelize, User } from "../src/models";

beforeEach(async () => {
  await prisma.user.deleteMany();
  await sequelize.sync({ force: true });
  await User.destroy({ truncate: true });
});
`,
    },
    {
      name: "near-misses: MikroORM em.clear() empties the identity map, a Set, a cache, a bounded query-builder delete",
      path: "src/repositories/cache.repository.ts",
      code: `import { EntityManager } from "@mikro-orm/postgresql";
import { AppDataSource } from "../data-source";
import { Session } from "../entity/Session";

export class CacheRepository {
  private readonly seen = new Set<string>();
  constructor(private readonly em: EntityManager, private readonly cache: { clear(): Promise<void> }) {}

  async flush(userId: string) {
    this.em.clear();
    this.seen.clear();
    await this.cache.clear();
    await AppDataSource.createQueryBuilder().delete().from(Session).where("userId = :userId", { userId }).execute();
  }
}
`,
    },
    {
      name: "near-misses: non-DB forEach(async), a sync callback, then-chained, returned promises",
      code: `import { User } from "../models/user";
import { mailer } from "../mail";

export async function notify(emails: string[]) {
  emails.forEach(async (to) => {
    await mailer.send({ to, subject: "hi" });
  });
  User.updateOne({ _id: "1" }, { $set: { notified: true } }).then(() => undefined);
  return User.create({ name: "x" });
}

export function later(id: string) {
  setTimeout(() => {
    User.deleteOne({ _id: id });
  }, 1000);
}
`,
    },
    {
      name: "near-misses: MikroORM persist/remove/assign only mark the unit of work (synchronous), on every handle they go by",
      path: "src/users/users.service.ts",
      code: `import { EntityManager, EntityRepository, wrap } from "@mikro-orm/postgresql";
import { User } from "./user.entity";

export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly entityManager: EntityManager,
    private readonly userRepository: EntityRepository<User>,
    private readonly orm: { em: EntityManager },
  ) {}

  async register(data: Partial<User>) {
    const user = this.em.create(User, data);
    this.em.persist(user);
    this.entityManager.persist(user);
    this.orm.em.persist(user);
    this.userRepository.persist(user);
    this.em.fork().persist(user);
    this.em.persist(user).persist(user);
    this.userRepository.remove(user);
    this.em.remove(user);
    wrap(user).assign(data);
    await this.em.flush();
    return user;
  }
}
`,
    },
  ],
});
