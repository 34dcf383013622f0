import type { Probot } from "probot";
import type { GateApp } from "../app.js";

// Every event that can change what the gate sees: new commits, new text, new labels.
export const PULL_REQUEST_ACTIONS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
  "pull_request.edited",
  "pull_request.labeled",
  "pull_request.unlabeled",
] as const;

/** Events after which the named head is the PR's current one from now on (approvals before it are stale). */
const BECAME_CURRENT = new Set(["opened", "reopened", "synchronize"]);

export function onPullRequest(app: Probot, gate: GateApp): void {
  app.on([...PULL_REQUEST_ACTIONS], async (context) => {
    const { repository, pull_request, action } = context.payload;
    const current = BECAME_CURRENT.has(action) ? { becameCurrent: pull_request.head.sha } : {};
    const pull = { owner: repository.owner.login, repo: repository.name, number: pull_request.number };
    await gate.accept(context, { kind: "evaluate", pull, mode: "scan", clicks: [], acks: [], knownHeadSha: pull_request.head.sha, ...current });
  });
}
