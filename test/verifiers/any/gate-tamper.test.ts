import { ruleTester } from "../../support/rule-tester.js";

// Scope decides which paths reach this rule (rules/scopes.yml `gate`); the rule flags every file
// that reaches it, changed or removed. Which paths are in scope is tested in test/engine/scope.test.ts.
ruleTester("any/gate-tamper", {
  valid: [],
  invalid: [
    { name: "config switched off", path: ".github/agent-gate.yml", code: "enabled: false\n", lines: [1], messageIncludes: ["changes .github/agent-gate.yml"] },
    { name: "config deleted", path: ".github/agent-gate.yml", status: "removed", code: "", lines: [1], messageIncludes: ["deletes"] },
    { name: "yaml spelling", path: ".github/agent-gate.yaml", code: "gate: all\n", lines: [1] },
  ],
});
