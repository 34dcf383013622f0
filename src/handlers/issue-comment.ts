import type { Probot } from "probot";
import { reply, type GateApp } from "../app.js";
import { parseCommand } from "../engine/commands.js";
import { parseConfig } from "../engine/config.js";
import { mdMarked } from "../engine/markdown.js";
import { explainText, helpText } from "../engine/replies.js";
import { readConfig } from "../github/config.js";
import { describeError } from "../github/gate-run.js";
import { canWrite } from "../github/permissions.js";

// PR comment commands. Comments on issues are ignored, and so are bots (the app never talks to
// itself), except that a bot's approve command is still re-decided so the refusal shows up in
// the audit trail. An edited or deleted approval stops counting: the PR is re-decided.
export function onIssueComment(app: Probot, gate: GateApp): void {
  app.on(["issue_comment.created", "issue_comment.edited", "issue_comment.deleted"], async (context) => {
    const { issue, comment, repository } = context.payload;
    if (!issue.pull_request || !gate.firstDelivery(context)) return;
    const slug = await gate.slug();
    const user = comment.user;
    if (!user || user.login.toLowerCase() === `${slug}[bot]`) return;
    const pull = { owner: repository.owner.login, repo: repository.name, number: issue.number };
    const command = parseCommand(comment.body ?? "", slug);
    const bot = user.type === "Bot" || user.login.endsWith("[bot]");

    if (context.payload.action === "deleted") {
      if (command?.verb === "approve") gate.request(context, pull, { mode: "decide" });
      return;
    }
    if (context.payload.action === "edited") {
      // An edited approval stops counting; re-decide so the summary says so.
      const before = parseCommand(context.payload.changes?.body?.from ?? "", slug);
      if (command?.verb === "approve" || before?.verb === "approve") gate.request(context, pull, { mode: "decide" });
      return;
    }
    if (!command) return;
    if (bot) {
      if (command.verb === "approve") gate.request(context, pull, { mode: "decide" });
      return;
    }

    await reply(context, pull, comment.id, "eyes");
    switch (command.verb) {
      case "approve":
        gate.request(context, pull, { mode: "decide", ack: { kind: "approve", commentId: comment.id } });
        return;
      case "recheck":
        if (await canWrite(context.octokit, pull.owner, pull.repo, user)) {
          gate.request(context, pull, { mode: "scan", ack: { kind: "recheck", commentId: comment.id } });
        } else {
          await reply(context, pull, comment.id, "confused", `@${user.login} \`/agent-gate recheck\` needs write access to this repository.`);
        }
        return;
      case "explain": {
        const answer = explainText(gate.deps.catalogue, command.args);
        await reply(context, pull, comment.id, answer.ok ? "+1" : "confused", answer.text);
        return;
      }
      case "help":
        gate.side(`${pull.owner}/${pull.repo}#${pull.number}:help:${comment.id}`, async () => {
          try {
            const config = parseConfig((await readConfig(context.octokit, pull.owner, pull.repo)).raw, gate.deps.catalogue);
            await reply(context, pull, comment.id, command.unknown ? "confused" : "+1", helpText(config, slug, command.unknown));
          } catch (err) {
            await reply(context, pull, comment.id, "confused", `agent-gate cannot read its configuration: ${mdMarked(describeError(err), 2000)}`);
          }
        });
        return;
    }
  });
}
