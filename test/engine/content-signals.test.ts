// The TS/JS "calls a query API" signal puts a file in the query scope: every call the SQL rules know
// fires it (and names where it starts, owner included), a same-named call on something that is not
// a database does not. A knex or Prisma raw call at the end of a chain needs no owner (it was missed).
import { describe, expect, it } from "@jest/globals";
import { BUILT_IN_SIGNALS } from "../../src/engine/content-signals.js";

const signal = BUILT_IN_SIGNALS.query!.find((s) => s.languages.includes("typescript") && s.reason === "calls a query API")!;

describe("TS/JS query-call signal", () => {
  it.each([
    ["const rows = await db.query(sql);", "db.query("],
    ["const rows = await pool?.query<Row>(sql);", "pool?.query<Row>("],
    ["await client\n  .execute(`DELETE FROM t`);", "client\n  .execute("],
    ["knex('users').whereRaw(`id = ${id}`);", ".whereRaw("],
    ["this.db('users')\n  .where({ a })\n  .orderByRaw(`${col} desc`);", ".orderByRaw("],
    ["await prisma.$queryRaw`SELECT 1`;", "prisma.$queryRaw`"],
    ["await getPrisma().$queryRawUnsafe(q);", ".$queryRawUnsafe("],
    ["const r = conn . all('SELECT * FROM t');", "conn . all("],
    ["x = a.b.connection.get(`SELECT ${id}`)", "connection.get("],
    ["await tx.$executeRawUnsafe(q)", "tx.$executeRawUnsafe("],
  ])("fires on %j at %j", (text, match) => {
    expect(signal.find(text)).toEqual({ index: text.indexOf(match), match });
  });

  it.each([
    "const v = cache.get(key);",
    "const all = list.all(items);",
    "const qr = db.queryRunner(sql);",
    "const q = db.query;",
    "registry.run(task);",
    "render.execute(pass);",
    "makeCache().get(key);",
    "items[0].run(task);",
  ])("stays quiet on %j", (text) => {
    expect(signal.find(text)).toBeUndefined();
  });
});
