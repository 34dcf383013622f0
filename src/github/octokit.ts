// The Octokit the app runs with: Probot's, with its throttling told to retry GitHub's rate limits.
// Probot 14's own handler retries a primary limit twice and never a secondary one (403/429
// "secondary rate limit"), so one such answer failed a whole evaluation. Here both are retried
// after GitHub's `retry-after` (secondary; 60 s when absent) or the limit's reset (primary), a few
// times and never for a wait past the cap: past it the evaluation fails closed with a Re-run
// button. The retry plugin leaves 429 to the throttle, which reads `retry-after`; its own back-off
// would not.
//
// What the throttling plugin queues (per installation; shared through Redis when REDIS_URL is set):
// every request at most 10 at a time; every non-GET request AND every GraphQL query (reads
// included) one at a time, 1 s apart; comment-creating writes (issue comments, reviews) also 3 s
// apart. Check runs, reactions and GraphQL reads all pass the 1-per-second write queue.
import { ProbotOctokit } from "probot";

/** Retries of one request after a rate limit. */
export const RATE_LIMIT_RETRIES = 3;
/** A wait GitHub asks for beyond this is not waited out. */
export const RATE_LIMIT_WAIT_CAP_S = 120;
/** The retry plugin's defaults, plus 429: left to the throttle, which honours `retry-after`. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

interface LimitedRequest {
  method: string;
  url: string;
}

interface Logged {
  log: { warn(msg: string): void };
}

/** Whether the throttle retries a request that met a rate limit (its handler's answer). */
export function retryRateLimit(kind: "secondary" | "primary") {
  return (retryAfter: number, options: LimitedRequest, octokit: Logged, retryCount: number): boolean => {
    const retry = retryCount < RATE_LIMIT_RETRIES && retryAfter <= RATE_LIMIT_WAIT_CAP_S;
    octokit.log.warn(
      `${kind} rate limit on ${options.method} ${options.url}: ${retry ? `retrying in ${retryAfter} s (retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES})` : `giving up (asked to wait ${retryAfter} s, retry ${retryCount})`}`,
    );
    return retry;
  };
}

// Function form: Probot sets its own throttle options per instance, which these handlers replace.
export const GateOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object), onSecondaryRateLimit: retryRateLimit("secondary"), onRateLimit: retryRateLimit("primary") },
  retry: { ...(options.retry as object), doNotRetry: DO_NOT_RETRY },
}));
