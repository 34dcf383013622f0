// A table runner for verifiers (after ESLint's RuleTester): `invalid` cases must be flagged on
// exactly the listed lines, `valid` cases must not be flagged at all. Neither may report the
// file as not fully checked, unless an invalid case says it must (`incomplete`).
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { languageOf } from "../../src/engine/language.js";
import { runVerifiers } from "../../src/engine/run-verifiers.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import type { Finding, Unchecked } from "../../src/engine/types.js";

export interface ValidCase {
  name: string;
  code: string;
  /** File path, which decides the language; defaults by the verifier's first language. */
  path?: string;
  status?: string;
  /** The file's text at the PR's base, for rules that compare with it (status becomes "modified"). */
  base?: string;
  /** Where a renamed or copied file came from (give `status` too). */
  previousPath?: string;
}

export interface InvalidCase extends ValidCase {
  /** 1-based lines that must carry a finding of this rule, and no others. */
  lines: number[];
  /** Substrings the message of the first finding must contain. */
  messageIncludes?: string[];
  /** The rule must report that it could not check all of the file, with a reason containing this. */
  incomplete?: string;
}

const DEFAULT_PATH: Record<string, string> = {
  python: "app/db/queries.py",
  typescript: "src/db/queries.ts",
  javascript: "src/db/queries.js",
  any: "config/settings.env",
  text: "config/settings.env",
  path: ".github/agent-gate.yml",
};

export async function findingsFor(ruleId: string, c: ValidCase): Promise<Finding[]> {
  return (await resultFor(ruleId, c)).findings;
}

/** The rule's findings on one file, and what it reported it could not check. */
export async function resultFor(ruleId: string, c: ValidCase): Promise<{ findings: Finding[]; incomplete: Unchecked[] }> {
  const catalogue = loadCatalogue();
  const verifier = loadVerifiers(catalogue).find((v) => v.id === ruleId);
  if (!verifier) throw new Error(`no verifier ${ruleId}`);
  const path = c.path ?? DEFAULT_PATH[verifier.languages[0] ?? "any"] ?? "file.txt";
  const { findings, incomplete } = await runVerifiers(
    [
      {
        path,
        ...(c.previousPath !== undefined ? { previousPath: c.previousPath } : {}),
        status: c.status ?? (c.base !== undefined ? "modified" : "added"),
        ...(c.previousPath !== undefined ? { previousPath: c.previousPath } : {}),
        language: languageOf(path),
        text: c.code,
        ...(c.base !== undefined ? { baseText: c.base } : {}),
        scopes: verifier.meta.scopes,
      },
    ],
    [verifier],
    defaultConfig(catalogue),
  );
  return { findings, incomplete };
}

export function ruleTester(ruleId: string, table: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    if (table.valid.length > 0) describe("must not flag", () => {
      it.each(table.valid.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
        const { findings, incomplete } = await resultFor(ruleId, c);
        expect(findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
        expect(incomplete).toEqual([]);
      });
    });
    if (table.invalid.length > 0) describe("must flag", () => {
      it.each(table.invalid.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
        const { findings, incomplete } = await resultFor(ruleId, c);
        expect(incomplete.map((u) => u.reason)).toEqual(c.incomplete === undefined ? [] : [expect.stringContaining(c.incomplete)]);
        expect(findings.every((f) => f.ruleId === ruleId)).toBe(true);
        expect(findings.map((f) => f.line).sort((a, b) => a - b)).toEqual([...c.lines].sort((a, b) => a - b));
        for (const part of c.messageIncludes ?? []) expect(findings[0]?.message).toContain(part);
      });
    });
  });
}
