// A commit shared by several open PRs carries the strictest of their verdicts: failure over
// action_required over success. The run shows the strictest PR's details and names every PR.
import type { Conclusion, Verdict } from "./verdict.js";

export interface PullVerdict {
  number: number;
  verdict: Verdict;
}

const RANK: Record<Conclusion, number> = { success: 0, action_required: 1, failure: 2 };

/** The verdict for the commit; `trigger` (the PR the event was about) wins ties. */
export function strictest(list: PullVerdict[], trigger: number): Verdict {
  const order = [...list].sort(
    (a, b) => RANK[b.verdict.conclusion] - RANK[a.verdict.conclusion] || Number(b.number === trigger) - Number(a.number === trigger) || a.number - b.number,
  );
  const top = order[0];
  if (!top) throw new Error("no pull request to decide");
  if (list.length === 1) return top.verdict;
  const pulls = [...list].sort((a, b) => a.number - b.number).map((p) => ({ number: p.number, conclusion: p.verdict.conclusion, title: p.verdict.title }));
  return { ...top.verdict, title: `#${top.number}: ${top.verdict.title} (${list.length} open PRs share this commit)`, pulls };
}

const ICON: Record<Conclusion, string> = { success: "✅", action_required: "⛔", failure: "❌" };

/** The summary's list of the PRs on this commit; empty when there is only one. */
export function sharedSection(verdict: Verdict): string {
  if (!verdict.pulls || verdict.pulls.length < 2) return "";
  return [
    "### Pull requests on this commit",
    "A check run belongs to a commit, so this one carries the strictest verdict of every open pull request whose head is this commit. Each must be fixed or approved on its own pull request.",
    ...verdict.pulls.map((p) => `- ${ICON[p.conclusion]} #${p.number}: ${p.conclusion}: ${p.title.replace(/[\r\n]+/g, " ")}`),
  ].join("\n");
}
