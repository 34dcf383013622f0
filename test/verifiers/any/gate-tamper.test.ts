import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { defaultConfig } from "../../../src/engine/config.js";
import { Scoper } from "../../../src/engine/scope.js";
import { ruleTester } from "../../support/rule-tester.js";

// The rule flags every file that reaches it, changed or removed; which paths reach it is the
// `gate` scope, checked below against the shipped rules/scopes.yml.
ruleTester("any/gate-tamper", {
  valid: [],
  invalid: [
    { name: "config switched off", path: ".github/agent-gate.yml", code: "enabled: false\n", lines: [1], messageIncludes: ["changes .github/agent-gate.yml, the agent-gate configuration"] },
    { name: "config deleted", path: ".github/agent-gate.yml", status: "removed", code: "", lines: [1], messageIncludes: ["deletes"] },
    { name: "yaml spelling", path: ".github/agent-gate.yaml", code: "gate: all\n", lines: [1] },
    {
      name: "CODEOWNERS narrowed",
      path: ".github/CODEOWNERS",
      code: "* @acme/maintainers\n/src/auth/ @acme/security\n",
      lines: [1],
      messageIncludes: ["the CODEOWNERS file, which decides whose review a change needs"],
    },
    { name: "root CODEOWNERS deleted", path: "CODEOWNERS", status: "removed", code: "", lines: [1], messageIncludes: ["deletes CODEOWNERS"] },
    {
      name: "a workflow that runs the tests",
      path: ".github/workflows/ci.yml",
      code: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
      lines: [1],
      messageIncludes: ["a GitHub Actions workflow, which runs the checks and tests"],
    },
    { name: "a ruleset", path: ".github/rulesets/main.json", code: '{"name": "main", "enforcement": "disabled"}\n', lines: [1], messageIncludes: ["a repository ruleset"] },
    {
      name: "probot settings with branch protection",
      path: ".github/settings.yml",
      code: "branches:\n  - name: main\n    protection:\n      required_status_checks: null\n",
      lines: [1],
      messageIncludes: ["repository settings (branch protection"],
    },
  ],
});

describe("the gate scope", () => {
  const scoper = new Scoper(loadCatalogue(), defaultConfig(loadCatalogue()));
  const inGate = (path: string) => scoper.byPath(path).some((s) => s.scope === "gate");
  it.each([".github/agent-gate.yml", "CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".github/rulesets/main.json", ".github/settings.yml", ".github/workflows/ci.yml", ".github/workflows/nested/deploy.yaml"])(
    "covers %s",
    (path) => expect(inGate(path)).toBe(true),
  );
  it.each(["src/CODEOWNERS.ts", ".github/dependabot.yml", ".github/ISSUE_TEMPLATE/bug.md", "workflows/ci.yml", "app/settings.yml", "docs/rulesets.md"])("does not cover %s", (path) =>
    expect(inGate(path)).toBe(false),
  );
});
