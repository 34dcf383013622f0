// A pull request may not change what guards it: the gate's own configuration, CODEOWNERS (who
// must review), repository rulesets and branch-protection settings, and the workflows that run
// the gate and the tests. The gate's config is read from the default branch, so such an edit
// would only take effect after merge, once nobody re-checks. Which paths count is the `gate`
// scope in rules/scopes.yml; this rule names what kind of file each one is.
import type { VerifierModule } from "../types.js";
import { baseName } from "./formats/kind.js";

function kindOf(path: string): string {
  const base = baseName(path);
  if (/^agent-gate\.ya?ml$/.test(base)) return "the agent-gate configuration";
  if (base === "CODEOWNERS") return "the CODEOWNERS file, which decides whose review a change needs";
  if (path.startsWith(".github/workflows/")) return "a GitHub Actions workflow, which runs the checks and tests this pull request must pass";
  if (path.startsWith(".github/rulesets/")) return "a repository ruleset, which sets the branch rules and required checks";
  return "repository settings (branch protection, required reviews and checks)";
}

export const verifier: VerifierModule = {
  id: "any/gate-tamper",
  languages: ["path"],
  check(ctx) {
    const messageId = ctx.status === "removed" ? "removed" : "changed";
    ctx.report({ messageId, data: { path: ctx.path, kind: kindOf(ctx.path) }, line: 1, wholeFile: true });
  },
};
