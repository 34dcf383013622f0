// The other half of a narrowed gate's tests: code the gate was narrowed to skip (Babylon.js-like
// code with the old gate's words) must fail it, so the rule is not even run there.
import { describe, expect, it } from "@jest/globals";
import { languageOf } from "../../src/engine/language.js";
import { passesGate } from "../../src/engine/rule-gate.js";
import { MODULES } from "../../src/verifiers/registry.js";
import type { ValidCase } from "./rule-tester.js";

export function gateSkips(ruleId: string, cases: ValidCase[]): void {
  const rule = MODULES.find((m) => m.id === ruleId);
  if (!rule) throw new Error(`no verifier ${ruleId}`);
  describe(`${ruleId}: the gate skips`, () => {
    it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      expect(passesGate(rule, languageOf(c.path ?? "src/file.ts"), { text: c.code })).toBe(false);
    });
  });
}
