// Every verifier has its id = path, its metadata and doc in rules/, and a test table.
import { describe, expect, it } from "@jest/globals";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { MODULES, loadVerifiers } from "../../src/verifiers/registry.js";

const catalogue = loadCatalogue();
const verifiers = loadVerifiers(catalogue);
const HELPERS = new Set(["parser.ts", "ast.ts", "sql-sinks.ts", "source.ts"]);

describe("verifier registry", () => {
  it("registers every verifier module under src/verifiers/<lang>/", () => {
    const onDisk = ["any", "python", "typescript"].flatMap((lang) =>
      readdirSync(join("src", "verifiers", lang))
        .filter((f) => f.endsWith(".ts") && !HELPERS.has(f))
        .map((f) => `${lang}/${f.replace(/\.ts$/, "")}`),
    );
    expect(MODULES.map((m) => m.id).sort()).toEqual(onDisk.sort());
  });

  it("has metadata for exactly the registered verifiers", () => {
    expect([...catalogue.rules.keys()].sort()).toEqual(MODULES.map((m) => m.id).sort());
  });

  it.each(verifiers.map((v) => [v.id, v] as const))("%s has a test table, a doc, and messages it can use", (id, v) => {
    expect(existsSync(join("test", "verifiers", `${id}.test.ts`))).toBe(true);
    expect(v.meta.why.trim().length).toBeGreaterThan(40);
    expect(v.meta.remediation.trim().length).toBeGreaterThan(40);
    expect(v.meta.examples.bad.trim()).not.toBe("");
    expect(v.meta.examples.good.trim()).not.toBe("");
    expect(Object.keys(v.meta.messages).length).toBeGreaterThan(0);
  });
});
