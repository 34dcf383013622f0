// The work a webhook hands to the queue: plain JSON, so that it can wait in Redis and run in any
// replica. It names the installation (the worker authenticates with it), never carries an
// Octokit, a context or a function.
import { z } from "zod";

const pull = z.object({ owner: z.string().min(1), repo: z.string().min(1), number: z.number().int().positive() });
const actor = z.object({ login: z.string().min(1), type: z.string() });
const click = z.object({ login: z.string(), type: z.string().optional(), at: z.string(), sha: z.string() });
const ack = z.object({ kind: z.enum(["approve", "recheck"]), commentId: z.number().int() });
const origin = { installationId: z.number().int().positive(), deliveries: z.array(z.string()), event: z.string() };

const evaluate = z.object({
  kind: z.literal("evaluate"),
  ...origin,
  pull,
  mode: z.enum(["scan", "decide"]),
  clicks: z.array(click),
  acks: z.array(ack),
  knownHeadSha: z.string().optional(),
  becameCurrent: z.string().optional(),
});

const comment = z.object({
  kind: z.literal("comment"),
  ...origin,
  pull,
  action: z.enum(["created", "edited", "deleted"]),
  commentId: z.number().int(),
  body: z.string(),
  /** The body before an edit. */
  before: z.string().optional(),
  user: actor,
});

/** A request about a commit: the run's Re-run link, its buttons, or the suite's re-run. */
const commit = z.object({
  kind: z.literal("commit"),
  ...origin,
  owner: z.string().min(1),
  repo: z.string().min(1),
  sha: z.string().min(1),
  numbers: z.array(z.number().int().positive()),
  trigger: z.enum(["rerequested", "rerun", "approve", "suite"]),
  /** The app that wrote the run or suite: only this app's are acted on. */
  runAppId: z.number().int().nullable(),
  sender: actor,
  at: z.string(),
});

const reply = z.object({
  kind: z.literal("reply"),
  ...origin,
  pull,
  commentId: z.number().int(),
  reaction: z.enum(["+1", "-1", "confused"]),
  body: z.string().optional(),
});

const workItem = z.discriminatedUnion("kind", [evaluate, comment, commit, reply]);

export type WorkItem = z.infer<typeof workItem>;
export type EvaluationItem = z.infer<typeof evaluate>;
export type ReplyItem = z.infer<typeof reply>;
export type Reaction = ReplyItem["reaction"];

/** The item, or why it cannot be one (a job written by another version, or corrupted). */
export function parseWorkItem(data: unknown): { item: WorkItem } | { error: string } {
  const parsed = workItem.safeParse(data);
  if (parsed.success) return { item: parsed.data };
  return { error: parsed.error.issues.map((i) => `${i.path.join(".") || "item"}: ${i.message}`).join("; ") };
}

/** What an unreadable job still says about where to report it, when it says that much. */
export function salvage(data: unknown): { installationId: number; pull: z.infer<typeof pull> } | undefined {
  const loose = z.object({ installationId: origin.installationId, pull }).safeParse(data);
  return loose.success ? loose.data : undefined;
}

/** The queue key of a PR: one evaluation per key at a time. */
export function pullKey(p: { owner: string; repo: string; number: number }): string {
  return `${p.owner}/${p.repo}#${p.number}`.toLowerCase();
}

/** The key an item runs under: an evaluation under its PR's; other work under its own. */
export function itemKey(item: WorkItem): string {
  switch (item.kind) {
    case "evaluate":
      return pullKey(item.pull);
    case "commit":
      return `${item.owner}/${item.repo}@${item.sha}:${item.deliveries.join(",")}`.toLowerCase();
    default:
      return `${pullKey(item.pull)}:${item.kind}:${item.commentId}:${item.deliveries.join(",")}`;
  }
}

/**
 * A newer request for a PR merged into the one waiting: a scan wins over a re-decision, every
 * click, command and delivery is kept, and the newest head named wins.
 */
export function mergeEvaluations(prior: EvaluationItem | undefined, next: EvaluationItem): EvaluationItem {
  if (!prior) return next;
  const knownHeadSha = next.knownHeadSha ?? prior.knownHeadSha;
  const becameCurrent = next.becameCurrent ?? prior.becameCurrent;
  return {
    ...next,
    mode: prior.mode === "scan" || next.mode === "scan" ? "scan" : "decide",
    clicks: [...prior.clicks, ...next.clicks],
    acks: [...prior.acks, ...next.acks],
    deliveries: [...new Set([...prior.deliveries, ...next.deliveries])],
    ...(knownHeadSha ? { knownHeadSha } : {}),
    ...(becameCurrent ? { becameCurrent } : {}),
  };
}
