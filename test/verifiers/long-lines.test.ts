// A credential on a line over 4,000 characters (a minified bundle, a padded settings line) is
// still reported by the secret rules: no line-length limit lets it through unseen.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { languageOf } from "../../src/engine/language.js";
import { runVerifiers } from "../../src/engine/run-verifiers.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";

const catalogue = loadCatalogue();
const verifiers = loadVerifiers(catalogue);

async function secretFindings(path: string, text: string) {
  const { findings, incomplete } = await runVerifiers(
    [{ path, status: "added", language: languageOf(path), text, scopes: ["secrets"] }],
    verifiers,
    defaultConfig(catalogue),
    { allFiles: true },
  );
  return { lines: findings.filter((f) => f.category === "secrets").map((f) => `${f.line}:${f.ruleId}`), incomplete };
}

const PADDING = '"k": "v", '.repeat(450);

describe("a password on a line over 4,000 characters", () => {
  it.each([
    ["Python settings", "app/settings.py", `DATABASES = {"default": {${PADDING}"PASSWORD": "Tr0ub4dor&3x"}}\n`],
    ["Python SECRET_KEY", "app/settings.py", `X = {${PADDING}}; SECRET_KEY = "f8Kq2LmZ0pXv7RtY4nWc9bHs"\n`],
    ["TypeScript config", "src/config.ts", `export const config = { ${PADDING.replace(/"k"/g, "k").repeat(2)} password: "Tr0ub4dor&3x" };\n`],
    ["minified JavaScript", "public/app.min.js", `var a=${"1,".repeat(2500)}password:"Tr0ub4dor&3x";\n`],
    [".env", "config/.env", `DB_PASSWORD=Tr0ub4dor&3x # ${"x".repeat(4500)}\n`],
  ])("%s: flagged", async (_name, path, text) => {
    const { lines } = await secretFindings(path, text);
    expect(text.split("\n")[0]!.length).toBeGreaterThan(4000);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith("1:"))).toBe(true);
  });

  it("control: the same long line without a password is not flagged and not reported as unchecked", async () => {
    const { lines, incomplete } = await secretFindings("app/settings.py", `DATABASES = {"default": {${PADDING}"PASSWORD": os.environ["DB_PASSWORD"]}}\n`);
    expect(lines).toEqual([]);
    expect(incomplete).toEqual([]);
  });
});
