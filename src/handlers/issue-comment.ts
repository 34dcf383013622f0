import type { Probot } from "probot";
import type { GateApp } from "../app.js";

// PR comment commands (comments on issues are ignored). The command is read and answered in the
// queue (src/workers/comment.ts): it needs the app's slug and GitHub calls a webhook must not wait for.
export function onIssueComment(app: Probot, gate: GateApp): void {
  app.on(["issue_comment.created", "issue_comment.edited", "issue_comment.deleted"], async (context) => {
    const { issue, comment, repository, action } = context.payload;
    if (!issue.pull_request || !comment.user) return;
    const before = action === "edited" ? context.payload.changes?.body?.from : undefined;
    await gate.accept(context, {
      kind: "comment",
      pull: { owner: repository.owner.login, repo: repository.name, number: issue.number },
      action,
      commentId: comment.id,
      body: comment.body ?? "",
      ...(before !== undefined ? { before } : {}),
      user: { login: comment.user.login, type: comment.user.type ?? "" },
    });
  });
}
