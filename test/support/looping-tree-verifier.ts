// A parsing (Python) rule that spins on a file holding LOOP_MARKER, behind a text gate that
// needs GATE_WORD too: for the split run's tests, where gates are tried in the caller's thread
// and only parsing rules go to the workers. Workers load it through PoolOptions.extraModules.
import type { Verifier } from "../../src/verifiers/types.js";
import { LOOP_MARKER, verifier as looping } from "./looping-verifier.js";

export const GATE_WORD = "agent-gate-test-gate-open";
export const LOOPING_TREE_MODULE = new URL("./looping-tree-verifier.ts", import.meta.url).href;

export const verifier: Verifier = {
  ...looping,
  id: "test/loop-forever-parsing",
  languages: ["python"],
  gate: new RegExp(GATE_WORD),
  check(ctx) {
    ctx.python();
    if (ctx.text.includes(LOOP_MARKER)) looping.check(ctx);
  },
  meta: { ...looping.meta, id: "test/loop-forever-parsing" },
};
