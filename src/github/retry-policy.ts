// When a GitHub request is worth sending again, and after how long. GitHub's `retry-after` is
// obeyed when it gives one (secondary rate limits, 429), never past a cap; otherwise the wait
// doubles. Shared by the final check-run write and the Octokit throttling options.

export interface RetryPolicy {
  /** Tries in all, the first one included. */
  attempts: number;
  /** The first wait when GitHub names none; doubled on each further try. */
  baseMs: number;
  /** No wait is longer than this, whatever GitHub asks. */
  capMs: number;
}

/** The final write: five tries over about a minute, then the sweep completes the run. */
export const FINAL_WRITE_RETRY: RetryPolicy = { attempts: 5, baseMs: 2_000, capMs: 60_000 };

interface ErrorShape {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

/** GitHub's secondary-limit answers are 403 or 429 with this wording; a plain 403 is a missing permission. */
export function isRateLimited(err: unknown): boolean {
  const e = err as ErrorShape;
  if (e.status === 429) return true;
  if (e.status !== 403) return false;
  return /\bsecondary rate\b|\brate limit exceeded\b/i.test(e.message ?? "") || e.response?.headers?.["x-ratelimit-remaining"] === "0";
}

/** Worth the same write again: a rate limit, a server error, or no answer at all (reset, time-out). */
export function isTransient(err: unknown): boolean {
  const status = (err as ErrorShape).status;
  return status === undefined || status >= 500 || isRateLimited(err);
}

/** Seconds GitHub asked to wait, when it said. */
export function retryAfterMs(err: unknown): number | undefined {
  const header = (err as ErrorShape).response?.headers?.["retry-after"];
  const seconds = Number(header);
  return header !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The wait before try `attempt + 1` (attempt 0 is the first try that failed). */
export function retryDelayMs(err: unknown, attempt: number, policy: RetryPolicy): number {
  return Math.min(retryAfterMs(err) ?? policy.baseMs * 2 ** attempt, policy.capMs);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
