// Reports of a rule that finds them in several passes go out in line order.
import type { Report, VerifierContext } from "../../verifiers/types.js";

/** A rule's check whose findings, found in several passes, are reported in line order. */
export function inLineOrder(check: (ctx: VerifierContext) => void): (ctx: VerifierContext) => void {
  return (ctx) => {
    const reports: Report[] = [];
    check({ ...ctx, report: (r) => reports.push(r) });
    for (const r of reports.sort((a, b) => a.line - b.line)) ctx.report(r);
  };
}
