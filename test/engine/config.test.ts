import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { ConfigError, parseConfig } from "../../src/engine/config.js";

const catalogue = loadCatalogue();

function problems(raw: unknown): string[] {
  try {
    parseConfig(raw, catalogue);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("fills defaults for an absent file", () => {
    const c = parseConfig(null, catalogue);
    expect(c).toMatchObject({ enabled: true, gate: "agents", limits: { max_file_bytes: 1048576 }, approvals: { count: 1, min_role: "write" } });
  });

  it("names an unknown top-level key and the allowed keys", () => {
    const [p] = problems({ gates: "all" });
    expect(p).toContain("unknown key `gates`");
    expect(p).toContain("enabled, gate, agents, scopes, rules, limits, approvals");
  });

  it("names the allowed values of an enum", () => {
    expect(problems({ gate: "everything" })).toEqual(["`gate` must be one of: agents, all"]);
  });

  it("lists the known scopes when a scope name is unknown", () => {
    const [p] = problems({ scopes: { datalayer: { include: ["x/**"] } } });
    expect(p).toContain("unknown key `scopes.datalayer`");
    expect(p).toContain("data-layer, query, auth");
  });

  it("lists the rule ids when a rule id is unknown, and the severities when one is wrong", () => {
    expect(problems({ rules: { "python/nope": "off" } })[0]).toContain("any/gate-tamper");
    expect(problems({ rules: { "any/gate-tamper": "ignore" } })[0]).toContain("off, notice, warning, blocking");
  });

  it("rejects bad globs", () => {
    const found = problems({ scopes: { query: { include: ["", "/abs/**"] } } });
    expect(found).toHaveLength(2);
    expect(found[0]).toContain("not a valid glob");
  });

  it("reports every problem at once, with its path", () => {
    const found = problems({ enabled: "yes", approvals: { count: 0, min_role: "read" } });
    expect(found.join("\n")).toMatch(/`enabled` must be boolean/);
    expect(found.join("\n")).toMatch(/`approvals.count`/);
    expect(found.join("\n")).toMatch(/`approvals.min_role` must be one of: write, maintain, admin/);
  });
});
