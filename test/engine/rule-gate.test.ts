// The rules' text gates (src/engine/rule-gate.ts): a rule whose gate the text fails is not run, and
// a file no rule is left for is never parsed. A gate must see a name however the parser would:
// JS/TS unicode escapes decoded, Python identifiers NFKC-normalised.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { allOf, anyCase, keyGate, memberAssignGate, memberGate, passesGate, wordGate } from "../../src/engine/rule-gate.js";
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

describe("gate helpers for keys, assignments, any case and conjunctions", () => {
  const KEY = { gate: keyGate(["logging"]) };
  const ASSIGN = { gate: memberAssignGate(["keys"]) };
  const BOTH = { gate: allOf(keyGate(["keys"]), new RegExp(anyCase(["session"]).join("|"))) };

  it.each([
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
