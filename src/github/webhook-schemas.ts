// The shape of every webhook the app handles, over the fields the app reads (handlers, queued
// work, metrics). A validly-signed payload that does not fit is answered 400 before any handler
// runs: the app never meets `undefined.map` on a field it trusted. Fields the app does not read
// are not checked, so GitHub adding or changing them changes nothing here.
import { z } from "zod";

const id = z.number().int().positive();
const login = z.string().min(1);
/** 40 hex digits (SHA-1) or 64 (SHA-256 repositories). */
const sha = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/);
const account = z.object({ login, type: z.string() });

/** Every handled delivery: where it happened and, for an app, the installation to act as. */
const envelope = {
  action: z.string(),
  repository: z.object({ name: z.string().min(1), owner: z.object({ login }) }),
  // Deliveries to an app always carry it; repository webhooks (and some examples) do not.
  installation: z.object({ id }).optional(),
  sender: account,
};

const pullRequest = z.object({ number: id, head: z.object({ sha }) });

const pullRequestEvent = z.object({ ...envelope, pull_request: pullRequest });

const reviewEvent = z.object({ ...envelope, pull_request: z.object({ number: id }) });

const issueCommentEvent = z.object({
  ...envelope,
  // A comment on an issue has no `pull_request`: the handler ignores it, so it only has to be an object when present.
  issue: z.object({ number: id, pull_request: z.object({}).nullish() }),
  comment: z.object({ id, body: z.string().nullish(), user: account.nullish() }),
  changes: z.object({ body: z.object({ from: z.string() }).optional() }).optional(),
});

/** The PRs a check run or suite names; fork PRs are missing, so the list may be empty. */
const pullRefs = z.array(z.object({ number: id }));
const ownerApp = z.object({ id }).nullish();

const checkRunEvent = z.object({
  ...envelope,
  check_run: z.object({ id, name: z.string(), head_sha: sha, app: ownerApp, pull_requests: pullRefs }),
  requested_action: z.object({ identifier: z.string() }).nullish(),
});

const checkSuiteEvent = z.object({
  ...envelope,
  check_suite: z.object({ head_sha: sha, app: ownerApp, pull_requests: pullRefs }),
});

/** Schema per event name; an event is checked when its name is here (actions the app ignores included). */
export const WEBHOOK_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  pull_request: pullRequestEvent,
  pull_request_review: reviewEvent,
  issue_comment: issueCommentEvent,
  check_run: checkRunEvent,
  check_suite: checkSuiteEvent,
};

/** What is wrong with a delivery's payload, as `path: message` lines; undefined when it may be handled. */
export function payloadProblems(event: string, payload: unknown): string[] | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return ["payload: not a JSON object"];
  const schema = WEBHOOK_SCHEMAS[event];
  if (!schema) return undefined;
  const result = schema.safeParse(payload);
  if (result.success) return undefined;
  return result.error.issues.slice(0, 10).map((issue) => `${issue.path.map(String).join(".") || "payload"}: ${issue.message}`);
}
