// Turns a scan (and, once approvals exist, the approval outcome) into the check run's
// conclusion. The table in DESIGN.md: neutral is never used, an undecidable gate fails.
import type { ConfigFile } from "./config.js";
import type { Scan } from "./scan.js";
import type { Finding } from "./types.js";

export type Conclusion = "success" | "action_required" | "failure";

export type ApprovalVia = "review" | "comment" | "button";

export interface AcceptedApproval {
  login: string;
  role: string;
  at: string;
  sha: string;
  via: ApprovalVia;
  reason: string;
  /** Fingerprints of the blocking findings the approver saw. */
  covers: string[];
  /** Set when the approval was given on an earlier head and carried over. */
  carriedFrom?: string;
  commentId?: number;
}

export interface RefusedApproval {
  login: string;
  at: string;
  via: ApprovalVia;
  why: string;
  commentId?: number;
}

export interface ApprovalOutcome {
  needed: number;
  accepted: AcceptedApproval[];
  refused: RefusedApproval[];
}

export interface Verdict {
  conclusion: Conclusion;
  title: string;
  headSha: string;
  scan?: Scan;
  approvals?: ApprovalOutcome;
  /** Why the gate could not decide (failure). */
  error?: string;
  /** Where the config in force was read (the file, then what it extends); empty for the built-in defaults. */
  configFrom?: ConfigFile[];
  /** Every open PR whose head is this commit, with its own verdict, when there is more than one. */
  pulls?: PullConclusion[];
}

export interface PullConclusion {
  number: number;
  conclusion: Conclusion;
  title: string;
}

export function blockingFindings(scan: Scan): Finding[] {
  return scan.findings.filter((f) => f.severity === "blocking");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function decide(scan: Scan, approvals?: ApprovalOutcome): Verdict {
  const headSha = scan.headSha;
  if (!scan.enabled) {
    return { conclusion: "success", title: "agent-gate is turned off for this repository", headSha, scan };
  }
  if (!scan.gated) {
    return { conclusion: "success", title: "Not agent-authored: no agent signal fired", headSha, scan };
  }
  const blocking = blockingFindings(scan);
  const problems = blocking.length + scan.incomplete.length;
  if (problems === 0) {
    const checked = plural(scan.scopedFiles.length, "gated file");
    return { conclusion: "success", title: `No blocking findings in ${checked}`, headSha, scan, approvals };
  }
  const parts = [
    ...(blocking.length > 0 ? [plural(blocking.length, "blocking finding")] : []),
    ...(scan.incomplete.length > 0 ? [`${plural(scan.incomplete.length, "part")} the gate could not check`] : []),
  ];
  const what = parts.join(" and ");
  const accepted = approvals?.accepted.length ?? 0;
  const needed = approvals?.needed ?? 1;
  if (accepted >= needed) {
    const who = approvals!.accepted.map((a) => `@${a.login}`).join(", ");
    return { conclusion: "success", title: `Approved by ${who} despite ${what}`, headSha, scan, approvals };
  }
  const missing = needed - accepted;
  return {
    conclusion: "action_required",
    title: `${what[0]!.toUpperCase()}${what.slice(1)}: needs ${plural(missing, "qualified human approval")}`,
    headSha,
    scan,
    approvals,
  };
}

export function failed(headSha: string, error: string): Verdict {
  return { conclusion: "failure", title: "agent-gate could not decide: re-run it", headSha, error };
}
