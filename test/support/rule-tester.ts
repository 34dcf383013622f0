// A table runner for verifiers (after typescript-eslint's RuleTester): `invalid` cases must be
// flagged with exactly the listed errors (`{ messageId, line }`), `valid` cases must not be
// flagged at all. Neither may report the file as not fully checked, unless an invalid case says
// it must (`incomplete`).
import { appendFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { languageOf } from "../../src/engine/language.js";
import { runVerifiers } from "../../src/engine/run-verifiers.js";
import { MODULES, loadVerifiers } from "../../src/verifiers/registry.js";
import { passesGate } from "../../src/engine/rule-gate.js";
import { normaliseIdentifiers } from "../../src/verifiers/python/source.js";
import { reportSeverity } from "../../src/engine/findings.js";
import type { Finding, Severity, Unchecked } from "../../src/engine/types.js";
import type { Report } from "../../src/verifiers/types.js";

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

/** One report the rule must make: which message, on which 1-based line (and, if given, at which severity). */
export interface ExpectedError {
  messageId: string;
  line: number;
  /** The finding's severity under the default config: the message's `levels` entry, else the rule's. */
  severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  /** The reports the rule must make, and no others (in any order). Required: a case without it fails. */
  errors?: ExpectedError[];
  /**
   * @deprecated Lines without message ids fail; `npx tsx scripts/fill-message-ids.ts <table>` turns
   * them into `errors` with the ids the rule gives today (read them before committing).
   */
  lines?: number[];
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

/** The rule's findings on one file, its reports (message id and line), and what it could not check. */
export async function resultFor(ruleId: string, c: ValidCase): Promise<{ findings: Finding[]; reports: ExpectedError[]; incomplete: Unchecked[] }> {
  const catalogue = loadCatalogue();
  const loaded = loadVerifiers(catalogue).find((v) => v.id === ruleId);
  if (!loaded) throw new Error(`no verifier ${ruleId}`);
  const reports: ExpectedError[] = [];
  const record = (r: Report): void => void reports.push({ messageId: r.messageId, line: r.line, severity: reportSeverity(loaded.meta, r.messageId, undefined) });
  const verifier = {
    ...loaded,
    check: (ctx: Parameters<typeof loaded.check>[0]) =>
      loaded.check({ ...ctx, report: (r: Report) => (record(r), ctx.report(r)) }),
  };
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
  return { findings, reports, incomplete };
}

/** The soundness net of the rules' text gates: code the rule must flag must pass its gate. */
function gateMustMatch(ruleId: string, c: InvalidCase): void {
  const rule = MODULES.find((m) => m.id === ruleId);
  if (!rule) throw new Error(`no verifier ${ruleId}`);
  const path = c.path ?? DEFAULT_PATH[rule.languages[0] ?? "any"] ?? "file.txt";
  const language = languageOf(path);
  // The rule reads Python text with its identifiers normalised, as the runner hands it over.
  const text = language === "python" ? normaliseIdentifiers(c.code) : c.code;
  if (!passesGate(rule, language, { text })) {
    throw new Error(`${ruleId}: the gate ${String(rule.gate)} does not match the code of the case "${c.name}", which the rule must flag: widen the gate`);
  }
}

const byLine = (a: ExpectedError, b: ExpectedError): number => a.line - b.line || a.messageId.localeCompare(b.messageId);

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
        const { findings, reports, incomplete } = await resultFor(ruleId, c);
        gateMustMatch(ruleId, c);
        if (process.env.RULE_TESTER_RECORD) appendFileSync(process.env.RULE_TESTER_RECORD, `${JSON.stringify({ ruleId, name: c.name, reports })}\n`);
        expect(incomplete.map((u) => u.reason)).toEqual(c.incomplete === undefined ? [] : [expect.stringContaining(c.incomplete)]);
        expect(findings.every((f) => f.ruleId === ruleId)).toBe(true);
        if (!c.errors) throw new Error(`${c.name}: list errors: [{ messageId, line }] (scripts/fill-message-ids.ts fills them from lines)`);
        expect(findings.map((f) => f.line).sort((a, b) => a - b)).toEqual(c.errors.map((e) => e.line).sort((a, b) => a - b));
        const expected = [...c.errors].sort(byLine);
        const actual = [...reports].sort(byLine).map((r, i) => (expected[i]?.severity ? r : { messageId: r.messageId, line: r.line }));
        expect(actual).toEqual(expected);
        for (const part of c.messageIncludes ?? []) expect(findings[0]?.message).toContain(part);
      });
    });
  });
}
