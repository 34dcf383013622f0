// A verifier that spins on a file holding LOOP_MARKER: it stands in for analysis that never
// ends, in the worker-pool tests. Workers load it through PoolOptions.extraModules. The spin
// is bounded (far past every budget in the tests) so that a regression to analysis on the
// main thread fails those tests instead of hanging the run.
import type { Verifier } from "../../src/verifiers/types.js";

export const LOOP_MARKER = "agent-gate-test: loop forever";
const SPIN_MS = 120_000;
export const LOOPING_MODULE = new URL("./looping-verifier.ts", import.meta.url).href;

export const verifier: Verifier = {
  id: "test/loop-forever",
  languages: ["any"],
  messageIds: [],
  check(ctx) {
    if (!ctx.text.includes(LOOP_MARKER)) return;
    const until = Date.now() + SPIN_MS;
    while (Date.now() < until) {
      // Spins without yielding, as a pathological parse would.
    }
  },
  meta: {
    id: "test/loop-forever",
    description: "Loops forever on a marked file (tests only).",
    category: "verifier-error",
    cwe: [],
    severity: "blocking",
    scopes: ["data-layer", "query", "auth", "secrets", "gate", "supply-chain", "access-control", "web"],
    why: "Stands in for analysis that never ends.",
    remediation: "Nothing to fix: this rule exists only in tests.",
    messages: {},
    examples: { bad: "", good: "" },
  },
};
