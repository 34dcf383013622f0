// Every verifier has its id = path, its metadata and doc in rules/, and a test table.
import { describe, expect, it } from "@jest/globals";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { runVerifiers } from "../../src/engine/run-verifiers.js";
import { MODULES, loadVerifiers } from "../../src/verifiers/registry.js";
import { defineVerifier, type VerifierModule } from "../../src/verifiers/types.js";

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

describe("messages by id", () => {
  const secretLogged = MODULES.find((m) => m.id === "python/secret-logged")!;
  const withMessages = (messages: Record<string, string>) => {
    const rules = new Map(catalogue.rules);
    rules.set(secretLogged.id, { ...catalogue.rules.get(secretLogged.id)!, messages });
    return { ...catalogue, rules };
  };

  it("loads when the code's messageIds and the YAML's messages are the same set", () => {
    expect(loadVerifiers(withMessages({ logged: "a", printed: "b" }), [secretLogged]).map((v) => v.id)).toEqual([secretLogged.id]);
  });

  it("fails loading, naming rule and id, when the code reports an id the YAML has no message for", () => {
    expect(() => loadVerifiers(withMessages({ logged: "a" }), [secretLogged])).toThrow(
      'verifier python/secret-logged reports messageId "printed", which has no message in rules/verifiers/python/secret-logged.yml',
    );
  });

  it("fails loading, naming rule and id, when the YAML has a message no code uses", () => {
    expect(() => loadVerifiers(withMessages({ logged: "a", printed: "b", stale: "c" }), [secretLogged])).toThrow(
      'verifier python/secret-logged: message "stale" in rules/verifiers/python/secret-logged.yml is not in its messageIds',
    );
  });

  it("does not compile a report with an id the rule did not declare (defineVerifier)", () => {
    const typed = defineVerifier({
      id: "python/secret-logged",
      languages: ["python"],
      messageIds: ["logged", "printed"],
      check(ctx) {
        ctx.report({ messageId: "printed", line: 1 });
        // @ts-expect-error "typo" is not one of the declared messageIds
        ctx.report({ messageId: "typo", line: 2 });
      },
    });
    expect(typed.messageIds).toEqual(["logged", "printed"]);
  });

  it("turns a report with an undeclared id into a blocking verifier error, and keeps a declared one", async () => {
    const rogue: VerifierModule = {
      id: secretLogged.id,
      languages: ["python"],
      messageIds: secretLogged.messageIds,
      check(ctx) {
        ctx.report({ messageId: "logged", data: { call: "log.info", value: "token" }, line: 1 });
        try {
          ctx.report({ messageId: "typo", line: 2 });
        } catch {
          // A rule that swallows errors must not hide the bad id.
        }
      },
    };
    const [v] = loadVerifiers(catalogue, [rogue]);
    const file = { path: "app/x.py", status: "added", language: "python" as const, text: "a\nb\n", scopes: ["secrets"] };
    const { findings } = await runVerifiers([file], [v!], defaultConfig(catalogue));
    expect(findings.map((f) => [f.category, f.message])).toEqual([["verifier-error", expect.stringContaining('reported messageId "typo"')]]);
    const control: VerifierModule = { ...rogue, check: (ctx) => ctx.report({ messageId: "logged", data: { call: "log.info", value: "token" }, line: 1 }) };
    const [c] = loadVerifiers(catalogue, [control]);
    const ok = await runVerifiers([file], [c!], defaultConfig(catalogue));
    expect(ok.findings.map((f) => [f.ruleId, f.line])).toEqual([[secretLogged.id, 1]]);
  });
});
