// Hostile and unusual input for the TypeScript/JavaScript rules: minified bundles, 1 MB files,
// syntax errors and nesting deep enough to overflow the compiler's recursive parser. Each must
// end in findings or a notice, never in a crash, a verifier-error finding or a hang.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { defaultConfig } from "../../../src/engine/config.js";
import { languageOf } from "../../../src/engine/language.js";
import { runVerifiers } from "../../../src/engine/run-verifiers.js";
import { MAX_NESTING, parseTypeScript, tooDeep } from "../../../src/verifiers/typescript/parser.js";
import { loadVerifiers } from "../../../src/verifiers/registry.js";

const catalogue = loadCatalogue();
const tsRules = loadVerifiers(catalogue).filter((v) => v.languages.includes("typescript"));

async function scan(path: string, text: string) {
  const started = Date.now();
  const result = await runVerifiers(
    [{ path, status: "added", language: languageOf(path), text, scopes: [] }],
    tsRules,
    defaultConfig(catalogue),
    { allFiles: true },
  );
  return { ...result, ms: Date.now() - started };
}

const TLS_OFF = `export const agent = new https.Agent({ rejectUnauthorized: false });\n`;

describe("TypeScript/JavaScript rules on hostile input", () => {
  it.each([
    ["parentheses", (n: number) => `export const x = ${"(".repeat(n)}1${")".repeat(n)};\n`],
    ["object literals", (n: number) => `export const x = ${"{a:".repeat(n)}1${"}".repeat(n)};\n`],
    ["arrays", (n: number) => `export const x = ${"[".repeat(n)}1${"]".repeat(n)};\n`],
    ["calls", (n: number) => `export const x = ${"f(".repeat(n)}1${")".repeat(n)};\n`],
    ["template literals", (n: number) => `export const x = ${"`${".repeat(n)}1${"}`".repeat(n)};\n`],
    ["blocks", (n: number) => `${"{".repeat(n)}${"}".repeat(n)}\n`],
  ])("%s nested 5,000 deep: could not check, and the rest of the file is still checked", async (_kind, make) => {
    const { findings, incomplete, ms } = await scan("src/deep.ts", make(5000) + TLS_OFF);
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual(["typescript/tls:2"]);
    expect(incomplete).toEqual([{ file: "src/deep.ts", reason: expect.stringContaining(`nests brackets deeper than ${MAX_NESTING} levels on lines 1`) }]);
    expect(ms).toBeLessThan(10_000);
  });

  it.each([
    ["arrow functions", (n: number) => `export const f = ${"a => ".repeat(n)}0;\n`],
    ["else-if chains", (n: number) => `if (a) {} ${"else if (a) {} ".repeat(n)}\n`],
    ["prefix operators", (n: number) => `export const x = ${"!".repeat(n)}1;\n`],
  ])("%s chained 20,000 deep without brackets: could not check, no verifier error", async (_kind, make) => {
    const { findings, incomplete } = await scan("src/chain.ts", make(20_000) + TLS_OFF);
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]?.reason).toMatch(/too deeply for the TypeScript parser/);
  });

  it("a file with syntax errors: could not check, and findings in the parts that parsed", async () => {
    const text = `import { Router } from "express";
export const r = Router();
r.post("/x", async (req, res) => {
  const = ;;; ((( }
});
${TLS_OFF}`;
    const { findings, notices, incomplete } = await scan("src/broken.ts", text);
    expect(findings.map((f) => f.ruleId)).toContain("typescript/tls");
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(notices).toEqual([]);
    expect(incomplete).toEqual([{ file: "src/broken.ts", reason: expect.stringContaining("syntax error on line 4") }]);
  });

  it("a 1 MB file of route handlers is checked in a few seconds", async () => {
    const handler = (i: number) => `router.post("/items/${i}", requireAuth, async (req, res) => {
  const item = await prisma.item.create({ data: { name: String(req.body.name), ownerId: req.user.id } });
  if (!item) return res.status(404).json({ error: "not found" });
  res.status(201).json(item);
});
`;
    let text = `import { Router } from "express";\nimport { prisma } from "../db";\nexport const router = Router();\n`;
    for (let i = 0; text.length < 1024 * 1024; i++) text += handler(i);
    const { findings, notices, ms } = await scan("src/routes/items.ts", text + TLS_OFF);
    expect(notices).toEqual([]);
    expect(findings.map((f) => f.ruleId)).toEqual(["typescript/tls"]);
    expect(ms).toBeLessThan(15_000);
  });

  it("a minified bundle on one line is checked without errors", async () => {
    const chunk = `function a${"$"}(e,t){return e&&t?Object.assign({},e,{k:t.map(function(n){return n*2}).filter(Boolean)}):null}var b=[1,2,3].map(function(x){return{x:x,y:"(["+x+"])"}});`;
    const text = `!function(){"use strict";${chunk.repeat(4000)}var agent=new https.Agent({rejectUnauthorized:!1,keepAlive:!0});}();`;
    const { findings, notices } = await scan("dist/bundle.min.js", text);
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(notices).toEqual([]);
  });
});

describe("tooDeep, the bracket pre-scan", () => {
  it("ignores brackets inside strings, comments, template text and regular expressions", () => {
    const text = `const s = "(((((("; // ((((((\n/* [[[[[[ */ const t = \`{{{{{{ \${ "((" } \`; const r = /[(]{3}\\(/;\n`;
    expect(tooDeep(text, 2)).toBeUndefined();
  });

  it("finds the region past the limit and keeps line breaks when blanking", () => {
    const text = `f(((\n(1)\n)));\nok();`;
    expect(tooDeep(text, 2)).toEqual([[3, 10]]);
    const parsed = parseTypeScript("a.ts", text, 2);
    expect(parsed.sourceFile.text.split("\n")).toHaveLength(4);
    expect(parsed.skipped).toMatch(/deeper than 2 levels on lines 1-3/);
  });
});
