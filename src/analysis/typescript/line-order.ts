// Reports of a rule that finds them in several passes go out in line order.
import type { Report, VerifierContext } from "../../verifiers/types.js";

/**
 * A rule's check whose findings, found in several passes, are reported in line order. Generic in
 * the rule's message ids, so a report inside it is still checked against them at compile time.
 */
export function inLineOrder<M extends string>(check: (ctx: VerifierContext<M>) => void): (ctx: VerifierContext<M>) => void {
  return (ctx) => {
    const reports: Report<M>[] = [];
    check({ ...ctx, report: (r) => reports.push(r) });
    for (const r of reports.sort((a, b) => a.line - b.line)) ctx.report(r);
  };
}
