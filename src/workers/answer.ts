// What a command is answered once the evaluation it asked for is done: one reaction and, when
// there is something to say, a reply.
import { mdMarked, mdText } from "../engine/markdown.js";
import type { GateResult } from "../github/gate-run.js";
import type { EvaluationItem, Reaction } from "../queue/work-item.js";

export function answerFor(ack: EvaluationItem["acks"][number], result: GateResult | undefined): { reaction: Reaction; body?: string } {
  const verdict = result?.verdict;
  if (!verdict || verdict.conclusion === "failure") {
    return { reaction: "confused", body: `agent-gate could not decide: ${mdMarked(verdict?.error ?? "the pull request could not be read", 2000)}. Try \`/agent-gate recheck\`.` };
  }
  if (ack.kind === "recheck") return { reaction: "+1" };
  const approvals = verdict.approvals;
  if (!approvals) return { reaction: "+1", body: `Nothing needs approval on ${verdict.headSha.slice(0, 7)}: ${mdText(verdict.title)}.` };
  const refused = approvals.refused.find((r) => r.commentId === ack.commentId);
  if (refused) return { reaction: "confused", body: `@${mdText(refused.login)} your approval was not counted: ${mdMarked(refused.why, 2000)}.` };
  if (approvals.accepted.some((a) => a.commentId === ack.commentId)) return { reaction: "+1" };
  return { reaction: "confused", body: "This approval could not be found on the pull request any more." };
}
