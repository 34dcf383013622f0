import { ruleTester } from "../../support/rule-tester.js";
import { describe, expect, it } from "@jest/globals";
import { passesGate } from "../../../src/engine/rule-gate.js";
import { MODULES } from "../../../src/verifiers/registry.js";

ruleTester("typescript/orm-misuse", {
  invalid: [
    {
      name: "gate: Prisma deleteMany without a where, its name written with a unicode escape",
      code: `import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function purgeSessions() {
  await prisma.session.\\u0064eleteMany();
}
`,
      errors: [{ messageId: "unbounded", line: 6 }],
    },
    {
      name: "TypeORM: a manager helper that empties whatever entity it is given (a warning: the caller chooses)",
      code: `import { DataSource, EntityTarget } from "typeorm";

export class Maintenance {
  constructor(private readonly dataSource: DataSource) {}

  async clear<T>(target: EntityTarget<T>) {
    await this.dataSource.createQueryBuilder().delete().from(target).execute();
  }
}
`,
      errors: [{ messageId: "unboundedGeneric", line: 7, severity: "warning" }],
    },
    {
      name: "TypeORM: a query builder made for a parameter entity, updated without where",
      code: `import { AppDataSource } from "./data-source";

export async function resetFlags(entity: Function) {
  await AppDataSource.createQueryBuilder(entity, "e").update(entity).set({ flagged: false }).execute();
}
`,
      errors: [{ messageId: "unboundedGeneric", line: 4, severity: "warning" }],
    },
    {
      name: "TypeORM: manager.clear(target) in a test-support helper that sits in src/",
      code: `import { EntityManager, EntityTarget } from "typeorm";

export async function wipe(manager: EntityManager, target: EntityTarget<unknown>) {
  await manager.clear(target);
}
`,
      errors: [{ messageId: "unboundedGeneric", line: 4, severity: "warning" }],
    },
    {
      name: "MikroORM: nativeDelete with empty criteria on the entity a caller passes",
      code: `import { EntityManager } from "@mikro-orm/core";

export async function purgeAll(em: EntityManager, entityName: string) {
  await em.nativeDelete(entityName, {});
}
`,
      errors: [{ messageId: "unboundedGeneric", line: 4, severity: "warning" }],
    },
    {
      name: "TypeORM: getRepository(target).clear() in a generic admin helper",
      code: `import { dataSource } from "./data-source";

export const truncate = async (target: string) => {
  await dataSource.getRepository(target).clear();
};
`,
      errors: [{ messageId: "unboundedGeneric", line: 4, severity: "warning" }],
    },
    {
      name: "MikroORM: nativeUpdate with empty criteria on an entity name a caller passes",
      code: `import { EntityManager } from "@mikro-orm/postgresql";

export function archiveEverything(em: EntityManager, entity: string) {
  return em.nativeUpdate(entity, {}, { archived: true });
}
`,
      errors: [{ messageId: "unboundedGeneric", line: 4, severity: "warning" }],
    },
    {
      name: "TypeORM: the same helper shape on a concrete entity stays blocking",
      code: `import { DataSource } from "typeorm";
import { Cart } from "./entities";

export class CartService {
  constructor(private readonly dataSource: DataSource) {}

  async clearCart(userId: string) {
    await this.dataSource.createQueryBuilder().delete().from(Cart).execute();
  }
}
`,
      errors: [{ messageId: "unbounded", line: 8, severity: "blocking" }],
    },
    {
      name: "knex: a constant table emptied while a parameter is only logged stays blocking",
      code: `import knex from "../db/knex";

export async function logout(userId: string) {
  console.info("logout", userId);
  await knex("sessions").del();
}
`,
      errors: [{ messageId: "unbounded", line: 5, severity: "blocking" }],
    },
    {
      name: "TypeORM: query builder update of a concrete entity with a parameter value stays blocking",
      code: `import { AppDataSource } from "./data-source";
import { User } from "./user";

export async function disableAll(reason: string) {
  await AppDataSource.createQueryBuilder().update(User).set({ disabledReason: reason }).execute();
}
`,
      errors: [{ messageId: "unbounded", line: 5, severity: "blocking" }],
    },
    {
      name: "MikroORM: nativeDelete of a named entity with empty criteria stays blocking",
      code: `import { EntityManager } from "@mikro-orm/core";
import { Session } from "./session.entity";

export async function endSessions(em: EntityManager, userId: string) {
  await em.nativeDelete(Session, {});
}
`,
      errors: [{ messageId: "unbounded", line: 5, severity: "blocking" }],
    },
    {
      name: "NestJS + TypeORM: an injected repository cleared keeps blocking (its entity is fixed)",
      code: `import { Injectable } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
import { Order } from "./order";

@Injectable()
export class OrdersService {
  constructor(@InjectRepository(Order) private readonly orderRepository: Repository<Order>) {}

  async reset(reason: string) {
    await this.orderRepository.clear();
  }
}
`,
      errors: [{ messageId: "unbounded", line: 11, severity: "blocking" }],
    },
    {
      name: "TypeORM: manager.clear of a named entity, with a parameter beside it, stays blocking",
      code: `import { EntityManager } from "typeorm";
import { AuditLog } from "./audit-log";

export async function rotate(manager: EntityManager, days: number) {
  await manager.clear(AuditLog);
}
`,
      errors: [{ messageId: "unbounded", line: 5, severity: "blocking" }],
    },
    {
      name: "lazy queries that never run: a voided Prisma create, a Mongoose delete in a timer with no callback, exec or await",
      code: `import { Router } from "express";
import { Types } from "mongoose";
import { prisma } from "../db";
import { User } from "../models/user";

export const sessions = Router();

sessions.post("/logout", async (req, res) => {
  void prisma.metric.create({ data: { name: "logout" } });
  res.status(204).end();
});

export function later(id: string) {
  setTimeout(() => {
    User.deleteOne({ _id: new Types.ObjectId(id) });
  }, 1000);
}
`,
      errors: [{ messageId: "floating", line: 9 }, { messageId: "floating", line: 15 }],
      messageIncludes: ["never sent"],
    },
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
    {
      name: "Express + Sequelize login: findOne({ email }) without where returns the first user",
      path: "src/routes/auth.js",
      code: `const express = require("express");
const bcrypt = require("bcrypt");
const { User } = require("../models");

const router = express.Router();

router.post("/login", async (req, res) => {
  const user = await User.findByPk(req.body.id);
  const byEmail = await User.findOne({ email: req.body.email });
  if (!byEmail || !(await bcrypt.compare(req.body.password, byEmail.passwordHash))) return res.sendStatus(401);
  res.json({ id: (user ?? byEmail).id });
});

module.exports = router;
`,
      errors: [{ messageId: "noWhere", line: 9, severity: "blocking" }],
      messageIncludes: ["passes `email` next to the finder's options, not under `where`", "returns the first row of the table", "`findOne({ where: { email } })`"],
    },
    {
      name: "Fastify + Sequelize: findAll({ userId }) lists every user's orders; count({ status }) counts every row",
      path: "src/routes/orders.ts",
      code: `import type { FastifyInstance } from "fastify";
import { Op } from "sequelize";
import { Order } from "../models/order";

export default async function orders(fastify: FastifyInstance) {
  fastify.get("/orders", async (request) => {
    const userId = request.user.id;
    const rows = await Order.findAll({ userId, order: [["createdAt", "DESC"]], limit: 20 });
    const open = await Order.count({ status: "open" });
    const recent = await Order.findAll({ where: { createdAt: { [Op.gt]: new Date(Date.now() - 864e5) } } });
    return { rows, open, recent };
  });
}
`,
      errors: [{ messageId: "noWhere", line: 8 }, { messageId: "noWhere", line: 9 }],
    },
    {
      name: "Koa + sequelize-typescript: findAndCountAll with a bare ownerId, options built in a const",
      path: "src/routes/projects.ts",
      code: `import Router from "@koa/router";
import { Project } from "../models/project.model";
import { Sequelize } from "sequelize-typescript";

export const sequelize = new Sequelize(process.env.DATABASE_URL as string);
const router = new Router();

router.get("/projects", async (ctx) => {
  const options = { ownerId: ctx.state.user.id, archived: false, limit: 50, offset: 0 };
  ctx.body = await Project.findAndCountAll(options);
});

export default router;
`,
      errors: [{ messageId: "noWhere", line: 10 }],
      messageIncludes: ["`ownerId, archived`"],
    },
    {
      name: "NestJS + @nestjs/sequelize: an injected model's findOne({ id, tenantId })",
      path: "src/invoices/invoices.service.ts",
      code: `import { Injectable } from "@nestjs/common";
import { InjectModel } from "@nestjs/sequelize";
import { Invoice } from "./invoice.model";

@Injectable()
export class InvoicesService {
  constructor(@InjectModel(Invoice) private readonly invoiceModel: typeof Invoice) {}

  findForTenant(id: string, tenantId: string) {
    return this.invoiceModel.findOne({ id, tenantId, attributes: ["id", "total"] });
  }
}
`,
      errors: [{ messageId: "noWhere", line: 10 }],
    },
    {
      name: "Hono + Sequelize (file shows Sequelize by findAll): findOne({ token }) on a password reset",
      path: "src/routes/reset.ts",
      code: `import { Hono } from "hono";
import { PasswordReset, User } from "../db/models";

const app = new Hono();

app.post("/reset", async (c) => {
  const { token, password } = await c.req.json();
  const reset = await PasswordReset.findOne({ token });
  if (!reset) return c.json({ error: "invalid" }, 400);
  const [user] = await User.findAll({ where: { id: reset.userId } });
  await user.update({ password });
  return c.json({ ok: true });
});

export default app;
`,
      errors: [{ messageId: "noWhere", line: 8 }],
    },
    {
      name: "Express + Sequelize: a finder whose keys are a mix, with include but no where",
      path: "src/controllers/posts.controller.js",
      code: `const { Post, Comment } = require("../models");
const { Sequelize } = require("sequelize");

exports.show = async (req, res) => {
  const post = await Post.findOne({ slug: req.params.slug, include: [{ model: Comment }] });
  res.json(post);
};

exports.sequelize = Sequelize;
`,
      errors: [{ messageId: "noWhere", line: 5 }],
    },
    {
      name: "TypeORM: a repository made at module level, used inside dataSource.transaction (Express)",
      path: "src/routes/transfers.ts",
      code: `import { Router } from "express";
import { AppDataSource } from "../data-source";
import { Account } from "../entity/Account";
import { Transfer } from "../entity/Transfer";

const accountRepository = AppDataSource.getRepository(Account);
export const transfers = Router();

transfers.post("/transfers", async (req, res) => {
  await AppDataSource.transaction(async (manager) => {
    await manager.decrement(Account, { id: req.body.from }, "balance", req.body.amount);
    await accountRepository.increment({ id: req.body.to }, "balance", req.body.amount);
    await manager.getRepository(Transfer).save(req.body);
  });
  res.sendStatus(201);
});
`,
      errors: [{ messageId: "txRepository", line: 12 }],
      messageIncludes: ["a repository made outside the callback"],
    },
    {
      name: "TypeORM: an imported repository and a repository parameter inside the manager's transaction",
      path: "src/services/signup.service.ts",
      code: `import { DataSource, Repository } from "typeorm";
import { profileRepository } from "../repositories/profile.repository";
import { User } from "../entity/User";

export async function signup(dataSource: DataSource, userRepo: Repository<User>, data: { email: string }) {
  return dataSource.manager.transaction(async (em) => {
    const user = await em.save(User, { email: data.email });
    await profileRepository.insert({ userId: user.id });
    await userRepo.update(user.id, { verified: false });
    return user;
  });
}
`,
      errors: [{ messageId: "txRepository", line: 8 }, { messageId: "txRepository", line: 9 }],
    },
    {
      name: "Koa + Mongoose connection.transaction: a write without { session }",
      path: "src/routes/wallets.ts",
      code: `import Router from "@koa/router";
import mongoose from "mongoose";
import { Wallet } from "../models/wallet";
import { Ledger } from "../models/ledger";

const router = new Router();

router.post("/wallets/:id/credit", async (ctx) => {
  await mongoose.connection.transaction(async (session) => {
    await Wallet.updateOne({ _id: ctx.params.id }, { $inc: { balance: ctx.request.body.amount } }, { session });
    await Ledger.create([{ wallet: ctx.params.id, amount: ctx.request.body.amount }]);
  });
  ctx.status = 204;
});

export default router;
`,
      errors: [{ messageId: "txOption", line: 11 }],
    },
    {
      name: "Hono + Drizzle transaction that writes through db; Fastify + Sequelize instance save without the transaction",
      path: "src/routes/teams.ts",
      code: `import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { db } from "../db";
import { teams, members } from "../schema";

const app = new Hono();

app.post("/teams", async (c) => {
  const body = await c.req.json();
  const team = await db.transaction(async (tx) => {
    const [t] = await tx.insert(teams).values({ name: body.name }).returning();
    await db.insert(members).values({ teamId: t.id, userId: body.ownerId });
    await tx.update(teams).set({ size: 1 }).where(eq(teams.id, t.id));
    return t;
  });
  return c.json(team, 201);
});

export default app;
`,
      errors: [{ messageId: "txOuter", line: 12 }],
    },
    {
      name: "Fastify + Sequelize: an instance's save() and a bulkCreate inside a managed transaction without { transaction }",
      path: "src/plugins/inventory.js",
      code: `const { Item, StockMove, sequelize } = require("../models");

module.exports = async function inventory(fastify) {
  fastify.post("/items/:id/move", async (request) => {
    return sequelize.transaction(async (t) => {
      const item = await Item.findByPk(request.params.id, { transaction: t, lock: t.LOCK.UPDATE });
      item.quantity -= request.body.quantity;
      await item.save();
      await StockMove.bulkCreate(request.body.moves);
      return item;
    });
  });
};
`,
      errors: [{ messageId: "txOption", line: 8 }, { messageId: "txOption", line: 9 }],
    },
    {
      name: "lazy queries left un-awaited never run: Prisma in a plain Express handler, knex and Drizzle in async ones, a Mongoose update",
      path: "src/routes/profile.ts",
      code: `import { Router } from "express";
import { prisma } from "../db/prisma";

export const profile = Router();

profile.post("/profile/seen", (req, res) => {
  prisma.user.update({ where: { id: req.user.id }, data: { lastSeenAt: new Date() } });
  res.sendStatus(204);
});
`,
      errors: [{ messageId: "floating", line: 7 }],
      messageIncludes: ["in this function, so the query is never sent: Prisma only builds it"],
    },
    {
      name: "lazy knex and Drizzle writes in async handlers (Koa, Hono)",
      path: "src/routes/audit.ts",
      code: `import Router from "@koa/router";
import { Hono } from "hono";
import knex from "../db/knex";
import { db } from "../db/drizzle";
import { events } from "../db/schema";

const router = new Router();
router.post("/audit", async (ctx) => {
  knex("audit_log").insert({ userId: ctx.state.user.id, action: ctx.request.body.action });
  ctx.status = 202;
});

const app = new Hono();
app.post("/events", async (c) => {
  db.insert(events).values({ kind: "click", at: new Date() });
  return c.json({ ok: true });
});

export { router, app };
`,
      errors: [{ messageId: "floating", line: 9 }, { messageId: "floating", line: 15 }],
      messageIncludes: ["so the query is never sent: knex only builds it"],
    },
    {
      name: "Mongoose: an un-awaited Query is never sent, an un-awaited create() runs unobserved",
      path: "src/services/visits.service.ts",
      code: `import { Visit } from "../models/visit";
import { User } from "../models/user";
import mongoose from "mongoose";

export async function recordVisit(userId: string, path: string) {
  User.updateOne({ _id: userId }, { $inc: { visits: 1 } });
  Visit.create({ user: userId, path });
  User.updateOne({ _id: userId }, { $set: { lastPath: path } }).exec();
  return mongoose.connection.readyState;
}
`,
      errors: [{ messageId: "floating", line: 6 }, { messageId: "floating", line: 7 }, { messageId: "floating", line: 8 }],
      messageIncludes: ["so the query is never sent: Mongoose only builds it"],
    },
    {
      name: "MikroORM: nativeDelete and nativeUpdate with empty criteria",
      path: "src/sessions/sessions.service.ts",
      code: `import { EntityManager, EntityRepository } from "@mikro-orm/postgresql";
import { Session } from "./session.entity";

export class SessionsService {
  constructor(private readonly em: EntityManager, private readonly sessionRepository: EntityRepository<Session>) {}

  async revokeAll() {
    await this.em.nativeDelete(Session, {});
    await this.sessionRepository.nativeUpdate({}, { revoked: true });
  }
}
`,
      errors: [{ messageId: "unbounded", line: 8 }, { messageId: "unbounded", line: 9 }],
    },
    {
      name: "Fastify: deleteMany({}) on Prisma, updateMany({}, …) on Mongoose, knex update() without where, TypeORM update({}, …)",
      path: "src/plugins/admin.ts",
      code: `import type { FastifyInstance } from "fastify";
import { User } from "../models/user";
import knex from "../db/knex";
import { AppDataSource } from "../data-source";
import { Coupon } from "../entity/Coupon";

export default async function admin(fastify: FastifyInstance) {
  fastify.post("/admin/reset", async () => {
    await fastify.prisma.notification.deleteMany({});
    await User.updateMany({}, { $set: { mustResetPassword: true } });
    await knex("accounts").update({ frozen: true });
    await AppDataSource.getRepository(Coupon).update({}, { active: false });
    return { ok: true };
  });
}
`,
      errors: [
        { messageId: "unbounded", line: 9 },
        { messageId: "unbounded", line: 10 },
        { messageId: "unbounded", line: 11 },
        { messageId: "unbounded", line: 12 },
      ],
    },
    {
      name: "sequelize-cli models index: the sequelize binding shows Sequelize; findOne({ resetToken }) drops the token",
      path: "src/controllers/password.controller.js",
      code: `const { User, sequelize } = require("../models");

exports.reset = async (req, res) => {
  const user = await User.findOne({ resetToken: req.body.token });
  if (!user) return res.status(400).json({ error: "invalid token" });
  await sequelize.transaction(async (transaction) => user.update({ password: req.body.password }, { transaction }));
  res.sendStatus(204);
};
`,
      errors: [{ messageId: "noWhere", line: 4 }],
    },
    {
      name: "forEach drops the lazy query its arrow returns: Prisma and Mongoose deletes that never run",
      path: "src/routes/cleanup.ts",
      code: `import { Router } from "express";
import mongoose from "mongoose";
import { prisma } from "../db/prisma";
import { Upload } from "../models/upload";

export const cleanup = Router();

cleanup.post("/uploads/cleanup", async (req, res) => {
  const ids: string[] = req.body.ids;
  ids.forEach((id) => prisma.upload.delete({ where: { id } }));
  ids.forEach((id) => Upload.deleteOne({ _id: id }));
  res.json({ removed: ids.length, db: mongoose.connection.name });
});
`,
      errors: [{ messageId: "floating", line: 10 }, { messageId: "floating", line: 11 }],
      messageIncludes: ["in this `forEach` callback, so the query is never sent: Prisma only builds it"],
    },
    {
      name: "Sequelize: an empty where next to the real condition filters nothing either",
      path: "src/routes/api-keys.ts",
      code: `import { Router } from "express";
import { ApiKey } from "../models/api-key";
import { Op } from "sequelize";

export const keys = Router();

keys.get("/keys/verify", async (req, res) => {
  const key = await ApiKey.findOne({ where: {}, token: req.header("x-api-key"), raw: true });
  const active = await ApiKey.count({ where: { expiresAt: { [Op.gt]: new Date() } } });
  res.json({ valid: !!key, active });
});
`,
      errors: [{ messageId: "noWhere", line: 8 }],
      messageIncludes: ["passes `token` next to the finder's options"],
    },
    {
      name: "MikroORM: persist() and remove() in functions that never flush (Express handler, NestJS service, Fastify route)",
      path: "src/users/users.controller.ts",
      code: `import { Router } from "express";
import { EntityManager, EntityRepository } from "@mikro-orm/postgresql";
import type { FastifyInstance } from "fastify";
import { User } from "./user.entity";

export function usersRouter(em: EntityManager) {
  const router = Router();
  router.post("/users", async (req, res) => {
    const user = em.create(User, req.body);
    em.persist(user);
    res.status(201).json(user);
  });
  return router;
}

export class UsersService {
  constructor(private readonly em: EntityManager, private readonly userRepository: EntityRepository<User>) {}

  async deactivate(user: User) {
    user.active = false;
    this.userRepository.remove(user);
  }

  rename(user: User, name: string) {
    user.name = name;
    this.em.persist(user);
    return user;
  }
}

export async function routes(fastify: FastifyInstance & { em: EntityManager }) {
  fastify.post("/tags", async (request) => {
    const tags = (request.body as string[]).map((name) => fastify.em.create(User, { name }));
    tags.forEach((t) => fastify.em.persist(t));
    return tags;
  });
}
`,
      errors: [
        { messageId: "noFlush", line: 10, severity: "warning" },
        { messageId: "noFlush", line: 21, severity: "warning" },
        { messageId: "noFlush", line: 26, severity: "warning" },
        { messageId: "noFlush", line: 34, severity: "warning" },
      ],
      messageIncludes: ["only marks the entity in MikroORM's unit of work, and nothing in this function flushes it"],
    },
  ],
  valid: [
    {
      name: "near-miss: a quoted synchronize key set to false",
      code: `import { DataSource } from "typeorm";

export const dataSource = new DataSource({ "type": "postgres", "url": process.env.DATABASE_URL, "synchronize": false });
`,
    },
    {
      name: "near-miss: a quoted synchronize key outside any ORM configuration",
      code: `export const featureFlags = { "synchronize": true, "darkMode": false };
`,
    },
    {
      name: "gate: Prisma deleteMany with a where, its name written with a unicode escape",
      code: `import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function purgeExpired(now: Date) {
  await prisma.session.\\u0064eleteMany({ where: { expiresAt: { lt: now } } });
}
`,
    },
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
  void Promise.resolve(prisma.metric.create({ data: { name: "logout" } }));
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
      code: `import { Types } from "mongoose";
import { User } from "../models/user";
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
    User.deleteOne({ _id: new Types.ObjectId(id) }, (err: unknown) => err && console.error(err));
    void User.updateOne({ _id: id }, { $set: { seen: true } }).exec();
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
    {
      name: "Sequelize finders with where, with only options, with no argument, with a spread, findByPk",
      path: "src/routes/auth.js",
      code: `const express = require("express");
const { User } = require("../models");
const { Sequelize } = require("sequelize");

const router = express.Router();

router.post("/login", async (req, res) => {
  const user = await User.findOne({ where: { email: req.body.email }, attributes: ["id", "passwordHash"] });
  const latest = await User.findAll({ order: [["createdAt", "DESC"]], limit: 10, attributes: ["id"] });
  const total = await User.count();
  const filtered = await User.findAll({ ...req.scopeOptions });
  const byPk = await User.findByPk(req.body.id, { attributes: ["id"] });
  res.json({ user, latest, total, filtered, byPk, Sequelize: !!Sequelize });
});

module.exports = router;
`,
    },
    {
      name: "Mongoose models take a bare filter: findOne({ email }) is right there",
      path: "src/routes/auth.ts",
      code: `import { Router } from "express";
import mongoose from "mongoose";
import { User } from "../models/user";

export const auth = Router();

auth.post("/login", async (req, res) => {
  const user = await User.findOne({ email: req.body.email }).select("+password");
  const count = await User.countDocuments({ active: true });
  res.json({ user, count, ready: mongoose.connection.readyState });
});
`,
    },
    {
      name: "TypeORM BaseEntity and an unknown ORM: a bare-filter findOne is not judged as Sequelize",
      path: "src/services/lookup.ts",
      code: `import { BaseEntity, Entity, PrimaryGeneratedColumn, Column } from "typeorm";

@Entity()
export class Coupon extends BaseEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() code!: string;
}

export async function find(code: string) {
  return Coupon.findOne({ where: { code } }) ?? Coupon.findOneBy({ code });
}
`,
    },
    {
      name: "a file with no sign of Sequelize: Item.findOne({ sku }) could be any ORM",
      path: "src/services/items.ts",
      code: `import { Item } from "../models";

export async function bySku(sku: string) {
  return Item.findOne({ sku });
}
`,
    },
    {
      name: "a Sequelize model's findOne with options passed in from the caller, and a plain object's findOne",
      path: "src/repositories/users.repository.ts",
      code: `import { FindOptions } from "sequelize";
import { User } from "../models/user";

const cache = { findOne: (o: { key: string }) => o.key };

export function findUser(options: FindOptions) {
  cache.findOne({ key: "x" });
  return User.findOne(options);
}
`,
    },
    {
      name: "Sequelize where with Op, paranoid, transaction, lock: only known options next to where",
      path: "src/services/orders.service.ts",
      code: `import { Op, Transaction } from "sequelize";
import { Order } from "../models/order";

export async function lockOpen(userId: string, transaction: Transaction) {
  return Order.findAll({
    where: { userId, status: { [Op.in]: ["open", "pending"] } },
    paranoid: false,
    transaction,
    lock: transaction.LOCK.UPDATE,
    raw: true,
  });
}
`,
    },
    {
      name: "TypeORM: repositories taken from the transaction's manager, a module-level repository used outside it",
      path: "src/routes/transfers.ts",
      code: `import { Router } from "express";
import { AppDataSource } from "../data-source";
import { Account } from "../entity/Account";

const accountRepository = AppDataSource.getRepository(Account);
export const transfers = Router();

transfers.get("/accounts/:id", async (req, res) => {
  res.json(await accountRepository.findOneBy({ id: req.params.id }));
});

transfers.post("/transfers", async (req, res) => {
  await AppDataSource.transaction(async (manager) => {
    const accounts = manager.getRepository(Account);
    await accounts.decrement({ id: req.body.from }, "balance", req.body.amount);
    const repo = manager.withRepository(accountRepository);
    await repo.increment({ id: req.body.to }, "balance", req.body.amount);
  });
  res.sendStatus(201);
});
`,
    },
    {
      name: "Mongoose connection.transaction passing the session; AsyncLocalStorage configured",
      path: "src/routes/wallets.ts",
      code: `import Router from "@koa/router";
import mongoose from "mongoose";
import { Wallet } from "../models/wallet";
import { Ledger } from "../models/ledger";

mongoose.set("transactionAsyncLocalStorage", true);
const router = new Router();

router.post("/wallets/:id/credit", async (ctx) => {
  await mongoose.connection.transaction(async (session) => {
    await Wallet.updateOne({ _id: ctx.params.id }, { $inc: { balance: 1 } }, { session });
    await Ledger.create([{ wallet: ctx.params.id, amount: 1 }], { session });
    await Ledger.findOne({ wallet: ctx.params.id }).session(session);
  });
  await mongoose.connection.transaction(async () => {
    await Ledger.create([{ wallet: ctx.params.id, amount: 2 }]);
  });
  ctx.status = 204;
});

export default router;
`,
    },
    {
      name: "Drizzle and Sequelize transactions that use only their own client / option",
      path: "src/routes/teams.js",
      code: `const { Item, StockMove, sequelize } = require("../models");
const { db } = require("../db");
const { teams, members } = require("../schema");

exports.create = async (req, res) => {
  const team = await db.transaction(async (tx) => {
    const [t] = await tx.insert(teams).values({ name: req.body.name }).returning();
    await tx.insert(members).values({ teamId: t.id, userId: req.user.id });
    return t;
  });
  await sequelize.transaction(async (t) => {
    const item = await Item.findByPk(req.body.itemId, { transaction: t });
    item.quantity -= 1;
    await item.save({ transaction: t });
    await StockMove.bulkCreate(req.body.moves, { transaction: t });
  });
  res.json(team);
};
`,
    },
    {
      name: "not promises or not lost: TypeORM create(), Sequelize build(), MikroORM create(), a returned Prisma call, a knex query built in steps",
      path: "src/services/users.service.ts",
      code: `import { Repository } from "typeorm";
import knex from "../db/knex";
import { prisma } from "../db/prisma";
import { User } from "../entity/User";

export class UsersService {
  constructor(private readonly userRepository: Repository<User>) {}

  async register(data: Partial<User>) {
    const user = this.userRepository.create(data);
    this.userRepository.merge(user, { active: true });
    return this.userRepository.save(user);
  }

  touch(id: string) {
    return prisma.user.update({ where: { id }, data: { touchedAt: new Date() } });
  }

  async purge(ids: string[], before?: Date) {
    const qb = knex("sessions").whereIn("user_id", ids);
    if (before) qb.andWhere("created_at", "<", before);
    await qb.del();
  }
}
`,
    },
    {
      name: "Mongoose queries in callback-style and awaited code; exec() awaited",
      path: "src/services/visits.service.js",
      code: `const { User } = require("../models/user");
const mongoose = require("mongoose");

exports.recordVisit = async (userId) => {
  await User.updateOne({ _id: userId }, { $inc: { visits: 1 } }).exec();
  const user = new User({ name: "x" });
  user.validateSync();
  return mongoose.connection.readyState;
};

exports.legacy = (userId, done) => {
  User.findById(userId, (err, user) => done(err, user));
};
`,
    },
    {
      name: "MikroORM: nativeDelete and nativeUpdate with criteria",
      path: "src/sessions/sessions.service.ts",
      code: `import { EntityManager, EntityRepository } from "@mikro-orm/postgresql";
import { Session } from "./session.entity";

export class SessionsService {
  constructor(private readonly em: EntityManager, private readonly sessionRepository: EntityRepository<Session>) {}

  async revoke(userId: string) {
    await this.em.nativeDelete(Session, { user: userId });
    await this.sessionRepository.nativeUpdate({ user: userId }, { revoked: true });
  }
}
`,
    },
    {
      name: "forEach over plain work, over writes collected or exec()-ed, and map into Promise.all",
      path: "src/routes/cleanup.ts",
      code: `import { Router } from "express";
import mongoose from "mongoose";
import { prisma } from "../db/prisma";
import { Upload } from "../models/upload";

export const cleanup = Router();

cleanup.post("/uploads/cleanup", async (req, res) => {
  const ids: string[] = req.body.ids;
  const pending: Promise<unknown>[] = [];
  ids.forEach((id) => pending.push(prisma.upload.delete({ where: { id } })));
  ids.forEach((id) => console.log(id));
  ids.forEach((id) => Upload.deleteOne({ _id: id }).exec().catch(() => undefined));
  await Promise.all([...pending, ...ids.map((id) => prisma.upload.findUnique({ where: { id } }))]);
  res.json({ removed: ids.length, db: mongoose.connection.name });
});
`,
    },
    {
      name: "MikroORM: persist then flush, persist().flush(), inside transactional(), under @Transactional(), a forEach before a flush",
      path: "src/users/users.service.ts",
      code: `import { EntityManager, EntityRepository, Transactional } from "@mikro-orm/postgresql";
import { User } from "./user.entity";

export class UsersService {
  constructor(private readonly em: EntityManager, private readonly userRepository: EntityRepository<User>) {}

  async create(data: Partial<User>) {
    const user = this.em.create(User, data);
    this.em.persist(user);
    await this.em.flush();
    return user;
  }

  async chained(user: User) {
    await this.em.persist(user).flush();
  }

  async inTransaction(users: User[]) {
    await this.em.transactional(async (em) => {
      users.forEach((u) => em.persist(u));
    });
  }

  @Transactional()
  async decorated(user: User) {
    this.userRepository.remove(user);
  }

  async many(users: User[]) {
    users.forEach((u) => this.em.persist(u));
    await this.em.flush();
  }
}
`,
    },
  ],
});

// knex chains whose table is named by a constant or a parameter, not a literal.
ruleTester("typescript/orm-misuse", {
  invalid: [
    {
      name: "attack: a parameter whose default names the table is not a table the caller chooses",
      path: "src/routes/logout.ts",
      code: `import { Request, Response } from "express";
import { AppDataSource } from "../data-source";
import { Session } from "../entities";

export async function logout(req: Request, res: Response, table = Session) {
  await AppDataSource.createQueryBuilder().delete().from(table).execute();
  res.sendStatus(204);
}
`,
      errors: [{ messageId: "unbounded", line: 6, severity: "blocking" }],
    },
    {
      name: "attack: a table name kept in a local constant hides an unfiltered delete",
      path: "src/routes/logout.ts",
      code: `import knex from "../db/knex";

export async function logoutEverywhere() {
  const table = "sessions";
  await knex(table).del();
}
`,
      errors: [{ messageId: "unbounded", line: 5, severity: "blocking" }],
    },
    {
      name: "attack: an imported table constant",
      path: "src/services/audit.ts",
      code: `import knex from "../db/knex";
import { AUDIT_TABLE } from "../db/tables";

export async function purgeAudit() {
  await knex(AUDIT_TABLE).del();
}
`,
      errors: [{ messageId: "unbounded", line: 5, severity: "blocking" }],
    },
    {
      name: "attack: a table from a config object, updated without where",
      path: "src/services/flags.ts",
      code: `import knex from "../db/knex";
import { tables } from "../config";

export async function resetFlags() {
  await knex(tables.flags).update({ enabled: false });
}
`,
      errors: [{ messageId: "unbounded", line: 5, severity: "blocking" }],
    },
    {
      name: "a table its caller names is a warning (a helper that empties what it is given)",
      path: "src/db/maintenance.ts",
      code: `import knex from "./knex";

export async function wipe(table: string) {
  await knex(table).del();
}
`,
      errors: [{ messageId: "unboundedGeneric", line: 4, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "near-miss: the constant table filtered by where",
      path: "src/routes/logout.ts",
      code: `import knex from "../db/knex";

export async function logout(userId: string) {
  const table = "sessions";
  await knex(table).where({ user_id: userId }).del();
}
`,
    },
    {
      name: "near-miss: an insert into a constant table",
      path: "src/services/audit.ts",
      code: `import knex from "../db/knex";
import { AUDIT_TABLE } from "../db/tables";

export async function audit(action: string) {
  await knex(AUDIT_TABLE).insert({ action });
}
`,
    },
  ],
});

// The gate lets a database method through only with a handle dbCall recognises (its name where a
// receiver stands, a model import, Prisma in sight), besides transactions, `sync({ force })` and
// `synchronize: true`. These cases sit at its edge: casts, computed access, `require`, short names.
const GATE_SKIPS: [string, string][] = [
  ["a sprite removed from a sprite manager", `export function hide(spriteManager: SpriteManager, sprite: Sprite) {\n  spriteManager.sprites.splice(spriteManager.sprites.indexOf(sprite), 1);\n  sprite.dispose();\n  this._spriteManager.remove(sprite);\n}\n`],
  ["a loop counter named k beside a Map's set", `export function reset(cache: Map<number, number>, n: number) {\n  for (let k = 0; k < n; k++) cache.set(k, 0);\n  cache.clear();\n}\n`],
  ["an async texture update", `export async function upload(texture: RawTexture, data: Uint8Array) {\n  await texture.update(data);\n  texture.create();\n}\n`],
  ["observers cleared and deleted", `export class Observable {\n  private _observers = new Set<() => void>();\n  clear() {\n    this._observers.clear();\n  }\n  remove(o: () => void) {\n    return this._observers.delete(o);\n  }\n}\n`],
  ["a camera synchronised without force", `export function follow(xr: WebXRCamera, camera: FreeCamera) {\n  xr.sync(camera);\n  xr.position.set(0, 1.6, 0);\n}\n`],
  ["a layer's synchronize() method", `export function frame(layer: WebXRLayer) {\n  layer.synchronize();\n  layer.isEnabled = true;\n}\n`],
];

ruleTester("typescript/orm-misuse", {
  invalid: [
    {
      name: "gate edge: a model instance made by new without parentheses, saved without await",
      code: `export class Users {
  constructor(private readonly userModel: any) {}

  async add(name: string) {
    const u = new this.userModel;
    u.name = name;
    u.save();
    return u;
  }
}
`,
      errors: [{ messageId: "floating", line: 7 }],
    },
    {
      name: "gate edge: a TypeORM entityManager cast before clear(), truncating the table",
      code: `import { EntityManager } from "typeorm";
import { Session } from "./entities/session";

export class SessionService {
  constructor(private readonly entityManager: unknown) {}

  async logoutEveryone() {
    await (this.entityManager as EntityManager).clear(Session);
  }
}
`,
      errors: [{ messageId: "unbounded", line: 8 }],
    },
    {
      name: "gate edge: knex required under the name k, a delete without a where",
      code: `const k = require("knex")({ client: "pg", connection: process.env.DATABASE_URL });

async function purge() {
  await k("sessions").del();
}

module.exports = { purge };
`,
      errors: [{ messageId: "unbounded", line: 4 }],
    },
    {
      name: "gate edge: a pool by its suffix (readPool), an UPDATE nobody awaits",
      code: `import { Pool } from "pg";

export class Visits {
  constructor(private readonly readPool: Pool) {}

  async record(id: number) {
    this.readPool.query("UPDATE pages SET visits = visits + 1 WHERE id = $1", [id]);
    return id;
  }
}
`,
      errors: [{ messageId: "floating", line: 7 }],
    },
    {
      name: "gate edge: a Mongoose model required from a .model file, deleteMany({})",
      code: `const Account = require("./account.model");

async function wipe() {
  await Account.deleteMany({});
}

module.exports = { wipe };
`,
      errors: [{ messageId: "unbounded", line: 4 }],
    },
    {
      name: "gate edge: sync({ force: true }) by computed access",
      code: `import { Sequelize } from "sequelize";

const sequelize = new Sequelize(process.env.DATABASE_URL!);

export async function start() {
  await sequelize["sync"]({ force: true });
}
`,
      errors: [{ messageId: "sync", line: 6 }],
    },
    {
      name: "gate edge: synchronize: true with a comment before the colon",
      code: `import { DataSource } from "typeorm";

export const dataSource = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
  synchronize /* handy */ : true,
  entities: ["dist/entities/*.js"],
});
`,
      errors: [{ messageId: "sync", line: 6 }],
    },
    {
      name: "attacker: synchronize: true under a quoted key",
      code: `import { DataSource } from "typeorm";

export const dataSource = new DataSource({
  "type": "postgres",
  "url": process.env.DATABASE_URL,
  "synchronize": true,
  "entities": ["dist/entities/*.js"],
});
`,
      errors: [{ messageId: "sync", line: 6 }],
    },
    {
      name: "attacker: dropSchema: true under a computed key",
      code: `import { DataSource } from "typeorm";

export const dataSource = new DataSource({
  type: "mysql",
  url: process.env.DATABASE_URL,
  ["dropSchema"]: true,
});
`,
      errors: [{ messageId: "sync", line: 6 }],
    },
    {
      name: "attacker: synchronize spelled with a unicode escape",
      code: `import { DataSource } from "typeorm";

export const dataSource = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
  synchroniz\\u0065: true,
});
`,
      errors: [{ messageId: "sync", line: 6 }],
    },
    {
      name: "attacker: synchronize: true in single quotes in a NestJS TypeOrmModule config",
      code: `import { TypeOrmModule } from "@nestjs/typeorm";

export const db = TypeOrmModule.forRoot({
  'type': 'postgres',
  'url': process.env.DATABASE_URL,
  'synchronize': true,
  'autoLoadEntities': true,
});
`,
      errors: [{ messageId: "sync", line: 6 }],
    },
    {
      name: "gate edge: a Prisma client named db, deletes dropped by forEach",
      code: `import { PrismaClient } from "@prisma/client";

const db = new PrismaClient();

export function expire(ids: string[]) {
  ids.forEach((id) => db.session.delete({ where: { id } }));
}
`,
      errors: [{ messageId: "floating", line: 6 }],
    },
    {
      name: "gate edge: a collection by its suffix, an insert nobody awaits",
      code: `import type { Collection } from "mongodb";

export async function log(auditCollection: Collection, action: string) {
  auditCollection.insertOne({ action, at: new Date() });
  return action;
}
`,
      errors: [{ messageId: "floating", line: 4 }],
    },
  ],
  valid: GATE_SKIPS.map(([name, code]) => ({ name: `gate skips: ${name}`, code })),
});

describe("typescript/orm-misuse gate", () => {
  const rule = MODULES.find((m) => m.id === "typescript/orm-misuse")!;
  it.each(GATE_SKIPS)("skips %s", (_name, code) => {
    expect(passesGate(rule, "typescript", { text: code })).toBe(false);
  });
  it("reads a module name hidden by string escapes", () => {
    expect(passesGate(rule, "javascript", { text: `const Account = require("./account.mod\\el");\nAccount.deleteMany({});\n` })).toBe(true);
    expect(passesGate(rule, "javascript", { text: `const Account = require("./account.mod\\\nel");\nAccount.deleteMany({});\n` })).toBe(true);
  });
});
