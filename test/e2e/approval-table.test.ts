// Which approvals count, as a table: force-pushes, shared heads, other apps' runs, replayed
// state blocks, withdrawn reviews and deleted comments. Each row runs through the real app and the fake GitHub and names the conclusion
// the agent PR's head must end with.
import { afterEach, describe, expect, it } from "@jest/globals";
import { sha } from "../support/fake-pulls.js";
import { AGENT_PR, Steps } from "../support/gate-steps.js";

let s: Steps | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

type Step = (s: Steps) => Promise<unknown> | void;

const NOTES = { extra: { "docs/notes.md": "notes\n" } };
const heads: string[] = [];
const open: Step = (s) => {
  heads.length = 0;
  heads.push(s.pull(AGENT_PR).head.sha);
  return s.open();
};
const approve = (n = AGENT_PR): Step => (s) => s.approve(n);
const push: Step = async (s) => heads.push(await s.push(AGENT_PR, NOTES));
const pushBack: Step = (s) => s.push(AGENT_PR, { sha: heads[0]! });
const share = (n: number, opts: Parameters<Steps["sharePull"]>[1]): Step => (s) => void s.sharePull(n, opts);
const openPull = (n: number): Step => (s) => s.open(n);
const otherAppClick: Step = (s) => s.click(s.otherAppRun(s.pull(AGENT_PR).head.sha, null), "carol", "approve");
const ownClick: Step = (s) => s.click(s.onHead(), "carol", "approve");
const otherAppCleanState: Step = (s) => void s.otherAppRun(s.pull(AGENT_PR).head.sha, s.cleanBlock(AGENT_PR));
const replay = (binding: (s: Steps) => Record<string, string | number>): Step => (s) => {
  s.onHead().output.text = s.cleanBlock(AGENT_PR, binding(s));
};
const redecide: Step = (s) => s.redecide();
const review = (login: string, state: Parameters<Steps["review"]>[1]): Step => (s) => s.review(login, state);
const comments: number[] = [];
const approveAs = (login: string): Step => async (s) => comments.push(await s.approve(AGENT_PR, login));
const deleteFirstApproval: Step = (s) => s.deleteComment(comments.shift()!);

const rows: [string, "success" | "action_required", Step[]][] = [
  ["approved on the head", "success", [open, approve()]],
  ["approved, then a new head pushed", "action_required", [open, approve(), push]],
  ["approved, pushed away and back", "action_required", [open, approve(), push, pushBack]],
  ["approved while another head was current, then pushed back", "action_required", [open, push, approve(), pushBack]],
  ["pushed back, then approved", "success", [open, push, pushBack, approve()]],
  ["shared with a clean PR on another base, agent PR approved", "success", [share(7, { base: "release", clean: true, user: "mallory" }), open, openPull(7), approve()]],
  ["shared with a clean PR on another base, not approved", "action_required", [share(7, { base: "release", clean: true, user: "mallory" }), open, openPull(7)]],
  ["shared with a clean fork PR, not approved", "action_required", [share(8, { fork: "mallory/shop", clean: true, user: "mallory" }), openPull(8)]],
  ["shared with a blocked PR, only that one approved", "action_required", [share(9, { base: "release" }), open, approve(9)]],
  ["shared with a blocked PR, only the agent PR approved", "action_required", [share(9, { base: "release" }), open, approve()]],
  ["shared with a blocked PR, both approved", "success", [share(9, { base: "release" }), open, approve(9), approve()]],
  ["Approve clicked on another app's agent-gate run", "action_required", [open, otherAppClick]],
  ["Approve clicked on the app's own run", "success", [open, ownClick]],
  ["another app's run carries a clean state block for this PR", "action_required", [open, otherAppCleanState, redecide]],
  ["clean state replayed from another PR", "action_required", [open, replay(() => ({ number: 7 })), redecide]],
  ["clean state replayed from another base", "action_required", [open, replay(() => ({ baseSha: sha("other base") })), redecide]],
  ["clean state replayed from another head", "action_required", [open, replay(() => ({ headSha: sha("other head") })), redecide]],
  ["the app's own clean state for this PR, base and head", "success", [open, replay(() => ({})), redecide]],
  ["approving review on the head", "success", [open, review("carol", "APPROVED")]],
  ["approving review, then changes requested by the same reviewer", "action_required", [open, review("carol", "APPROVED"), review("carol", "CHANGES_REQUESTED")]],
  ["approving review, then dismissed", "action_required", [open, review("carol", "APPROVED"), review("carol", "DISMISSED")]],
  ["approve comment, then changes requested by the same person", "action_required", [open, approveAs("carol"), review("carol", "CHANGES_REQUESTED")]],
  ["approve comment, changes requested by someone else", "success", [open, approveAs("carol"), review("erin", "CHANGES_REQUESTED")]],
  ["approve comment deleted", "action_required", [open, approveAs("carol"), deleteFirstApproval]],
  ["one of two approve comments deleted", "success", [open, approveAs("carol"), approveAs("erin"), deleteFirstApproval]],
];

describe("approvals across force-pushes, shared heads, other apps' runs, replayed state, withdrawals and deletions", () => {
  it.each(rows)("%s → %s", async (_name, conclusion, steps) => {
    comments.length = 0;
    s = await Steps.start();
    for (const step of steps) await step(s);
    expect(s.onHead().conclusion).toBe(conclusion);
  });
});
