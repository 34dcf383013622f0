import type { Probot } from "probot";
import type { GateApp } from "../app.js";

// A review can approve, stop approving (dismissed) or change: re-decide from the stored scan.
export function onPullRequestReview(app: Probot, gate: GateApp): void {
  app.on(["pull_request_review.submitted", "pull_request_review.edited", "pull_request_review.dismissed"], async (context) => {
    const { repository, pull_request } = context.payload;
    const pull = { owner: repository.owner.login, repo: repository.name, number: pull_request.number };
    await gate.accept(context, { kind: "evaluate", pull, mode: "decide", clicks: [], acks: [] });
  });
}
