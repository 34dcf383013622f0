// A pull request may not change the gate's own configuration: the config is read from the
// default branch, so such an edit would only take effect after merge, once nobody re-checks.
import type { VerifierModule } from "../types.js";

export const verifier: VerifierModule = {
  id: "any/gate-tamper",
  languages: ["path"],
  check(ctx) {
    const messageId = ctx.status === "removed" ? "removed" : "changed";
    ctx.report({ messageId, data: { path: ctx.path }, line: 1, wholeFile: true });
  },
};
