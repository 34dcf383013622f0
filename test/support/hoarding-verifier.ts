// A verifier that holds memory without bound on a file holding HOARD_MARKER: it stands in for a
// file whose tree needs more heap than a worker has. Workers load it through
// PoolOptions.extraModules. The hoard stops at HOARD_MB, far past the tests' worker heap, so a
// regression (no heap limit) fails the test instead of taking the machine's memory.
import type { Verifier } from "../../src/verifiers/types.js";

export const HOARD_MARKER = "agent-gate-test: hoard memory";
const HOARD_MB = 768;
export const HOARDING_MODULE = new URL("./hoarding-verifier.ts", import.meta.url).href;

export const verifier: Verifier = {
  id: "test/hoard-memory",
  languages: ["any"],
  messageIds: [],
  check(ctx) {
    if (!ctx.text.includes(HOARD_MARKER)) return;
    const held: number[][] = [];
    for (let mb = 0; mb < HOARD_MB; mb++) held.push(new Array<number>(128 * 1024).fill(mb + 0.5));
    // Uses the hoard, so none of it can be collected before the end.
    if (held.length !== HOARD_MB) ctx.incomplete("the hoard was cut short");
  },
  meta: {
    id: "test/hoard-memory",
    description: "Holds memory without bound on a marked file (tests only).",
    category: "verifier-error",
    cwe: [],
    severity: "blocking",
    scopes: ["data-layer", "query", "auth", "secrets", "gate", "supply-chain", "access-control", "web"],
    why: "Stands in for a file whose analysis needs more memory than a worker has.",
    remediation: "Nothing to fix: this rule exists only in tests.",
    messages: {},
    examples: { bad: "", good: "" },
  },
};
