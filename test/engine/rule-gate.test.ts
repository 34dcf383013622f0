// The rules' text gates (src/engine/rule-gate.ts): a rule whose gate the text fails is not run, and
// a file no rule is left for is never parsed. A gate must see a name however the parser would:
// JS/TS unicode escapes decoded, Python identifiers NFKC-normalised.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { allOf, anyCase, anyOf, calleeGate, caseless, keyGate, memberAssignGate, memberGate, modulePathGate, passesGate, receiverGate, shorthandGate, wordGate } from "../../src/engine/rule-gate.js";
import { runVerifiers } from "../../src/engine/run-verifiers.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import type { Language } from "../../src/verifiers/types.js";

const QUERY = { gate: memberGate(["query", "$queryRaw"], wordGate(["execute"])) };
const EXECUTE = { gate: wordGate(["execute"]) };

const passes = (rule: typeof QUERY, language: Language, text: string) => passesGate(rule, language, { text });

describe("rule gates", () => {
  it.each([
    ["a method call", "typescript", "await pool.query(sql);"],
    ["a call split over lines", "typescript", "await pool\n  .query(sql);"],
    ["a comment between the dot and the name", "javascript", "db./* pg */query(sql)"],
    ["a unicode escape in the name", "typescript", "await db.\\u0071uery(sql);"],
    ["a braced unicode escape", "javascript", "db.q\\u{75}ery(sql)"],
    ["a $-name whole", "typescript", "prisma.$queryRaw`SELECT 1`"],
    ["an extra alternative (a bare call)", "javascript", "const { execute } = require('./db'); execute(sql);"],
  ] as const)("lets the rule run on %s", (_name, language, text) => {
    expect(passes(QUERY, language, text)).toBe(true);
  });

  it.each([
    ["a method's declaration in a .d.ts", "typescript", "export interface Db {\n  query(sql: string): Promise<void>;\n}\n"],
    ["a longer name", "typescript", "const runner = ds.queryRunner;"],
    ["a name inside another", "typescript", "this.subquery(x); obj.x$queryRaw();"],
    ["an escape spelling another name", "typescript", "db.\\u0071uest(sql);"],
    ["the word in prose without a receiver", "javascript", "// run the query later\nconst q = 1;"],
    ["a Python-looking fullwidth name in JS (JS does not normalise)", "javascript", "db.ｑｕｅｒｙ(sql)"],
  ] as const)("skips the rule on %s", (_name, language, text) => {
    expect(passes(QUERY, language, text)).toBe(false);
  });

  it("reads Python identifiers as CPython does (NFKC), and nothing else there", () => {
    expect(passes(EXECUTE, "python", "cur.ｅｘｅｃｕｔｅ(sql)\n")).toBe(true);
    expect(passes(EXECUTE, "python", "cur.𝐞𝐱𝐞𝐜𝐮𝐭𝐞(sql)\n")).toBe(true);
    expect(passes(EXECUTE, "python", "cur.executemany(sql, rows)\n")).toBe(false);
    // Escapes are not identifiers in Python: "\u0065xecute" is only a string's text.
    expect(passes(EXECUTE, "python", 'name = "\\u0065xecute"\n')).toBe(false);
  });

  it("runs a rule without a gate on every file", () => {
    expect(passesGate({}, "typescript", { text: "" })).toBe(true);
  });

  it("refuses extra alternatives with flags, which the union would drop", () => {
    expect(() => wordGate(["a"], /b/i)).toThrow(/flags/);
  });

  it("never parses a file no rule is left for (its syntax error goes unread), and parses it when one is", async () => {
    const catalogue = loadCatalogue();
    const leak = loadVerifiers(catalogue).filter((v) => v.id === "typescript/connection-leak");
    const file = (text: string) => ({ path: "src/db/pool.ts", status: "added", language: "typescript" as const, text, scopes: leak[0]!.meta.scopes });
    const skipped = await runVerifiers([file("export const a = (;\n")], leak, defaultConfig(catalogue));
    expect(skipped.incomplete).toEqual([]);
    const parsed = await runVerifiers([file("export const a = (;\nawait pool.connect();\n")], leak, defaultConfig(catalogue));
    expect(parsed.incomplete.map((u) => u.reason)).toEqual([expect.stringContaining("syntax error on line 1")]);
  });
});

describe("gates built of gates", () => {
  const POOL = { gate: allOf(memberGate(["query"]), receiverGate(/^pool$|Pool$/)) };
  const has = (gate: RegExp, text: string) => passesGate({ gate }, "typescript", { text });

  it("needs every part of allOf, anywhere in the text, and says so in its source too", () => {
    expect(passesGate(POOL, "typescript", { text: "await pool.query(sql)" })).toBe(true);
    expect(passesGate(POOL, "typescript", { text: "const readPool = make();\nawait readPool\n  .query(sql)" })).toBe(true);
    expect(passesGate(POOL, "typescript", { text: "await cache.query(sql)" })).toBe(false);
    expect(passesGate(POOL, "typescript", { text: "pool.release()" })).toBe(false);
    expect(new RegExp(POOL.gate.source).test("pool.query(sql)")).toBe(true);
    expect(new RegExp(POOL.gate.source).test("cache.query(sql)")).toBe(false);
  });

  it("needs one part of anyOf", () => {
    const gate = anyOf(wordGate(["sync"]), memberGate(["transaction"]));
    expect(has(gate, "await sequelize.sync()")).toBe(true);
    expect(has(gate, "db.transaction(fn)")).toBe(true);
    expect(has(gate, "async function f() {}")).toBe(false);
  });

  it.each([
    ["a member access", "db.query(sql)"],
    ["a call of the handle", "db(\"users\").del()"],
    ["type arguments", "db<User>(\"users\")"],
    ["a cast", "(db as Knex)(\"users\")"],
    ["an awaited handle in parentheses", "(await db).query(sql)"],
    ["a non-null assertion", "db!.query(sql)"],
    ["optional chaining", "db?.query(sql)"],
    ["computed access", "db[\"query\"](sql)"],
    ["a comment, then a newline", "db /* primary */\n  .query(sql)"],
    ["a field of this", "this.db.query(sql)"],
  ])("finds a receiver before %s", (_name, text) => {
    expect(has(receiverGate(/^(?:this\.)?db$/), text)).toBe(true);
  });

  it.each([
    ["a longer name", "const dbx = 1; dbx.query(sql)"],
    ["a parameter list", "export function f(db) { return 1; }"],
    ["a declaration", "const db: Pool = make();"],
    ["a prose word", "// store it in the db, then"],
  ])("finds no receiver in %s", (_name, text) => {
    expect(has(receiverGate(/^(?:this\.)?db$/), text)).toBe(false);
  });

  it("spells out an i flag, letter by letter and inside classes", () => {
    expect(caseless(/ab[xy]/i).source).toBe("[aA][bB][xXyY]");
    expect(() => caseless(/[a-z]/i)).toThrow(/range/);
    expect(has(receiverGate(/^(?:manager|em)$/i), "this.Manager.find()")).toBe(true);
  });

  it("finds a module path as an import writes it, and not elsewhere", () => {
    const gate = modulePathGate(/(?:^|\/)models?(?:\/|$)/i);
    expect(has(gate, "import { User } from \"../Models/user\";")).toBe(true);
    expect(has(gate, "const User = require('./models');")).toBe(true);
    expect(has(gate, "// the models are loaded later")).toBe(false);
  });

  it("finds a bare call, not an argument", () => {
    const gate = calleeGate(["query"]);
    for (const text of ["query(sql)", "query<Row>(sql)", "(query)(sql)", "(query as Run)(sql)", "query?.(sql)", "query /* pg */ (sql)"]) expect(has(gate, text)).toBe(true);
    for (const text of ["world.shapeCast(query);", "const query = 1;", "return query;"]) expect(has(gate, text)).toBe(false);
  });

  it("reads module names through a string's one-character escapes and line continuations", () => {
    const gate = allOf(memberGate(["find"]), modulePathGate(/^mongoose$/));
    expect(has(gate, "const m = require(\"mong\\oose\"); m.find()")).toBe(true);
    expect(has(gate, "const m = require(\"mon\\\ngoose\"); m.find()")).toBe(true);
    expect(has(gate, "const m = require(\"mongo\"); m.find()")).toBe(false);
  });
});

describe("gate helpers for keys, assignments, any case and conjunctions", () => {
  const KEY = { gate: keyGate(["logging"]) };
  const ASSIGN = { gate: memberAssignGate(["keys"]) };
  const BOTH = { gate: allOf(keyGate(["keys"]), new RegExp(anyCase(["session"]).join("|"))) };
  const SHORT = { gate: shorthandGate(["algorithms"]) };

  it.each([
    ["a shorthand property alone", SHORT, "jwt.verify(t, k, { algorithms })"],
    ["a shorthand property among others, over lines, with a comment", SHORT, "jwt.verify(t, k, {\n  issuer,\n  algorithms /* from config */,\n})"],
    ["a key", KEY, "new DataSource({ logging: true })"],
    ["a quoted key", KEY, "{ 'logging': true }"],
    ["a computed key with a comment before the colon", KEY, "{ [\"logging\"] /* on */ : true }"],
    ["an assignment through a type assertion", ASSIGN, "(app.keys as string[]) = [\"a\"]"],
    ["an assignment split over lines with a comment", ASSIGN, "app\n  .keys // rotate\n  = [\"a\"]"],
    ["both parts, far apart, the second in capitals", BOTH, "use(SESSION({ keys: k }))"],
  ] as const)("lets the rule run on %s", (_name, rule, text) => {
    expect(passes(rule, "typescript", text)).toBe(true);
  });

  it.each([
    ["the name not as a key", KEY, "this.logging = true; const logging = 1;"],
    ["an optional key in a type", KEY, "interface O { logging?: boolean }"],
    ["a comparison, not an assignment", ASSIGN, "if (app.keys == null) app.keys2 = [];"],
    ["a read of the member", ASSIGN, "Object.keys(o).forEach((k) => k);"],
    ["one part only", BOTH, "const o = { keys: [1, 2] };"],
    ["the word in a call and a declaration", SHORT, "const algorithms = pick(algorithms);"],
    ["the other part only", BOTH, "xr.session.end();"],
  ] as const)("skips the rule on %s", (_name, rule, text) => {
    expect(passes(rule, "typescript", text)).toBe(false);
  });

  it("refuses conjunction parts with flags", () => {
    expect(() => allOf(/a/i)).toThrow(/flags/);
  });

  it("reads escapes the compiler decodes in strings: one-character escapes and line continuations", () => {
    const JWT = { gate: wordGate(["jsonwebtoken"]) };
    expect(passes(JWT, "javascript", 'require("json\\webtoken")')).toBe(true);
    expect(passes(JWT, "javascript", 'require("json\\\nwebtoken")')).toBe(true);
    // An escaped backslash is a backslash: "\\x6a" is not "j".
    expect(passes({ gate: /jwt/ }, "javascript", 'const p = "\\\\x6awt";')).toBe(false);
  });
});
