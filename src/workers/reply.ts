// A command's answer: ONE reaction on the comment and, when there is something to say, a reply on
// the PR. Queued work like an evaluation; a transient error (5xx, 429, a secondary rate limit, a
// dropped connection) is tried again after a back-off, a permanent one is logged.
import type { Octokit } from "../github/pull-source.js";
import type { ReplyItem } from "../queue/work-item.js";

const ATTEMPTS = 4;

/** First back-off in ms (doubles each time); tests shorten it. */
export const replyBackoff = { ms: Number(process.env.AGENT_GATE_REPLY_BACKOFF_MS ?? 1000) };

export function transient(err: unknown): boolean {
  const e = err as { status?: unknown; message?: unknown; response?: { headers?: Record<string, unknown> } };
  if (typeof e.status !== "number") return true;
  if (e.status >= 500 || e.status === 429) return true;
  return e.status === 403 && (e.response?.headers?.["retry-after"] !== undefined || /secondary rate limit/i.test(String(e.message)));
}

async function withRetries(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= ATTEMPTS || !transient(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, replyBackoff.ms * 2 ** (attempt - 1)));
    }
  }
}

/** Writes the reaction, then the reply; each retried on its own so a retry repeats no write that landed. */
export async function sendReply(octokit: Octokit, item: ReplyItem): Promise<void> {
  const { owner, repo, number } = item.pull;
  await withRetries(async () => {
    await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: item.commentId, content: item.reaction });
  });
  const body = item.body;
  if (body) await withRetries(async () => void (await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body })));
}
