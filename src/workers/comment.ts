// The queued half of an issue_comment delivery: everything that needs the app's slug or a GitHub
// call. Bots are never answered (the app never talks to itself), but a bot's approve command is
// re-decided so its refusal shows in the audit trail. An edited or deleted approval stops
// counting: the PR is re-decided. Each command gets one reaction: its answer.
import { parseCommand } from "../engine/commands.js";
import { parseConfig } from "../engine/config.js";
import { mdMarked } from "../engine/markdown.js";
import { explainText, helpText } from "../engine/replies.js";
import { readConfig } from "../github/config.js";
import { describeError } from "../github/gate-run.js";
import { canWrite } from "../github/permissions.js";
import type { EvaluationItem, Reaction, WorkItem } from "../queue/work-item.js";
import type { WorkEnv } from "./env.js";

type CommentItem = Extract<WorkItem, { kind: "comment" }>;

export function evaluation(item: Omit<CommentItem, "kind">, mode: EvaluationItem["mode"], ack?: EvaluationItem["acks"][number]): EvaluationItem {
  const { installationId, deliveries, event, pull } = item;
  return { kind: "evaluate", installationId, deliveries, event, pull, mode, clicks: [], acks: ack ? [ack] : [] };
}

export function replyTo(item: { installationId: number; deliveries: string[]; event: string; pull: CommentItem["pull"] }, commentId: number, reaction: Reaction, body?: string): WorkItem {
  const { installationId, deliveries, event, pull } = item;
  return { kind: "reply", installationId, deliveries, event, pull, commentId, reaction, ...(body ? { body } : {}) };
}

export async function handleComment(env: WorkEnv, item: CommentItem): Promise<void> {
  const slug = await env.slug();
  if (item.user.login.toLowerCase() === `${slug}[bot]`) return;
  const command = parseCommand(item.body, slug);
  if (item.action !== "created") {
    // An edited approval stops counting; re-decide so the summary says so.
    const before = item.action === "edited" ? parseCommand(item.before ?? "", slug) : undefined;
    if (command?.verb === "approve" || before?.verb === "approve") await env.submit(evaluation(item, "decide"));
    return;
  }
  if (!command) return;
  if (item.user.type === "Bot" || item.user.login.endsWith("[bot]")) {
    if (command.verb === "approve") await env.submit(evaluation(item, "decide"));
    return;
  }
  const { pull, commentId } = item;
  switch (command.verb) {
    case "approve":
      return env.submit(evaluation(item, "decide", { kind: "approve", commentId }));
    case "recheck":
      if (await canWrite(env.octokit, pull.owner, pull.repo, item.user)) return env.submit(evaluation(item, "scan", { kind: "recheck", commentId }));
      return env.submit(replyTo(item, commentId, "confused", `@${item.user.login} \`/agent-gate recheck\` needs write access to this repository.`));
    case "explain": {
      const answer = explainText(env.catalogue, command.args);
      return env.submit(replyTo(item, commentId, answer.ok ? "+1" : "confused", answer.text));
    }
    case "help":
      try {
        const config = parseConfig((await readConfig(env.octokit, pull.owner, pull.repo)).raw, env.catalogue);
        return env.submit(replyTo(item, commentId, command.unknown ? "confused" : "+1", helpText(config, slug, command.unknown)));
      } catch (err) {
        return env.submit(replyTo(item, commentId, "confused", `agent-gate cannot read its configuration: ${mdMarked(describeError(err), 2000)}`));
      }
  }
}
