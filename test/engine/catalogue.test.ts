import { describe, expect, it } from "@jest/globals";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalogue } from "../../src/engine/catalogue.js";
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
