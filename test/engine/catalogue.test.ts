import { describe, expect, it } from "@jest/globals";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { reportSeverity } from "../../src/engine/findings.js";
import { rulePage } from "../../src/engine/replies.js";
import { CONTRACT_MESSAGES, CONTRACT_RULES, Reporter } from "../../src/engine/contracts/report.js";
import { rulesDir } from "../../src/engine/rules-dir.js";

/** A copy of the shipped rules/ with agents.yml edited. */
function withAgents(edit: (yml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "agent-gate-rules-"));
  cpSync(rulesDir(), dir, { recursive: true });
  writeFileSync(join(dir, "agents.yml"), edit(readFileSync(join(dir, "agents.yml"), "utf8")));
  return dir;
}

describe("the agents catalogue", () => {
  it("refuses a branch pattern that is not a regular expression, at start", () => {
    const dir = withAgents((yml) => yml.replace('branch_patterns: ["^[a-z0-9]+-codex/"]', 'branch_patterns: ["^[a-z0-9+-codex/"]'));
    try {
      expect(() => loadCatalogue(dir)).toThrow(/not a valid regular expression/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("control: the shipped catalogue loads, with its AI reviewers", () => {
    const dir = withAgents((yml) => yml);
    try {
      const reviewers = loadCatalogue(dir).agents.reviewers.flatMap((r) => r.logins);
      expect(reviewers).toEqual(expect.arrayContaining(["copilot-pull-request-reviewer[bot]", "Copilot", "coderabbitai[bot]", "cursor[bot]", "gemini-code-assist[bot]", "sourcery-ai[bot]", "qodo-merge[bot]"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("severity by message (levels)", () => {
  function withRule(file: string, edit: (yml: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), "agent-gate-rules-"));
    cpSync(rulesDir(), dir, { recursive: true });
    const path = join(dir, "verifiers", file);
    writeFileSync(path, edit(readFileSync(path, "utf8")));
    return dir;
  }

  it("a `levels` key that is not one of the rule's messages fails loading", () => {
    const dir = withRule("typescript/cors.yml", (yml) => yml.replace(/^messages:/m, "levels:\n  wildcrad: warning\nmessages:"));
    try {
      expect(() => loadCatalogue(dir)).toThrow(/levels[\s\S]*every key of `levels` must be a message id of the rule/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a message's level is its findings' severity, and the repository's `rules:` override beats it", () => {
    const dir = withRule("typescript/cors.yml", (yml) => yml.replace(/^messages:/m, "levels:\n  wildcard: warning\nmessages:"));
    try {
      const meta = loadCatalogue(dir).rules.get("typescript/cors")!;
      expect(reportSeverity(meta, "wildcard", undefined)).toBe("warning");
      expect(reportSeverity(meta, "reflect", undefined)).toBe("blocking");
      expect(reportSeverity(meta, "wildcard", "blocking")).toBe("blocking");
      expect(reportSeverity(meta, "reflect", "notice")).toBe("notice");
      expect(rulePage(meta)).toContain("**Severity by message.** blocking unless listed here; warning: `wildcard`.");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("contract rules' messages", () => {
  function withContract(file: string, edit: (yml: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), "agent-gate-rules-"));
    cpSync(rulesDir(), dir, { recursive: true });
    const path = join(dir, "contracts", file);
    writeFileSync(path, edit(readFileSync(path, "utf8")));
    return dir;
  }

  it("a YAML message the code never reports fails loading, naming rule and id", () => {
    const dir = withContract("layers.yml", (yml) => yml.replace(/^messages:\n/m, "messages:\n  sideways: \"never reported\"\n"));
    try {
      expect(() => loadCatalogue(dir)).toThrow(/contracts\/layers: its YAML has message sideways that no code reports/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a message the code reports that the YAML lacks fails loading", () => {
    const dir = withContract("confine.yml", (yml) => yml.replace(/^(\s+)use:/m, "$1used:"));
    try {
      expect(() => loadCatalogue(dir)).toThrow(/contracts\/confine: the code reports messageId use that its YAML lacks/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the shipped contracts load, and a typo'd messageId does not compile", () => {
    const catalogue = loadCatalogue();
    expect([...catalogue.contractRules.keys()].sort()).toEqual(Object.keys(CONTRACT_MESSAGES).sort());
    const reporter = new Reporter(catalogue.contractRules, {});
    const file = { path: "a.py", lines: ["import x"] };
    reporter.report(CONTRACT_RULES.confine, "use", { api: "x" }, file, 1);
    expect(reporter.findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual(["contracts/confine 1"]);
    // Type-checking fails here if the typo ever compiles (tsc runs before the tests).
    // @ts-expect-error "usage" is not a message of contracts/confine
    const typo = (): void => reporter.report(CONTRACT_RULES.confine, "usage", {}, file, 1);
    expect(typo).toBeInstanceOf(Function);
  });
});
