// The false-positive benchmarks' common table: per rule, blocking findings and warnings, each per
// 1,000 lines, then the totals against issue 13's targets. Rules with no finding are only counted,
// so the table stays short.
import type { Finding } from "../src/engine/types.js";

/** Targets per 1,000 lines of real code: blocking findings gate a PR, warnings are only listed. */
export const TARGETS = { blocking: 0.2, warning: 1 };

export function tierTable(ruleIds: string[], findings: Pick<Finding, "ruleId" | "severity">[], lines: number): string[] {
  const per1k = (n: number): string => ((n * 1000) / lines).toFixed(3);
  const count = (ruleId: string | undefined, severity: Finding["severity"]): number =>
    findings.filter((f) => (ruleId === undefined || f.ruleId === ruleId) && f.severity === severity).length;
  const row = (name: string, b: number, w: number): string =>
    `${name.padEnd(34)} ${String(b).padStart(8)} ${per1k(b).padStart(7)} ${String(w).padStart(8)} ${per1k(w).padStart(7)}`;
  const out = [`${"rule".padEnd(34)} ${"blocking".padStart(8)} ${"per 1k".padStart(7)} ${"warnings".padStart(8)} ${"per 1k".padStart(7)}`];
  const quiet: string[] = [];
  for (const id of ruleIds) {
    const b = count(id, "blocking");
    const w = count(id, "warning");
    if (b + w === 0) quiet.push(id);
    else out.push(row(id, b, w));
  }
  const blocking = count(undefined, "blocking");
  const warnings = count(undefined, "warning");
  out.push(row("total", blocking, warnings));
  if (quiet.length > 0) out.push(`(${quiet.length} other rules: no findings)`);
  const verdict = (n: number, target: number): string => `${per1k(n)} per 1,000 lines (target ≤ ${target}): ${(n * 1000) / lines <= target ? "met" : "NOT met"}`;
  out.push(`blocking ${verdict(blocking, TARGETS.blocking)}; warnings ${verdict(warnings, TARGETS.warning)}`);
  const notices = count(undefined, "notice");
  if (notices > 0) out.push(`notice-level findings: ${notices}`);
  return out;
}
