// How many requests Octokit's throttle treats as writes (every non-GET and every GraphQL query,
// one per second per installation) are waiting or on their way, per installation. The
// `in_progress` write is a courtesy: while writes queue it is skipped, since one more write would
// only push every verdict back.
import type { ProbotOctokit } from "probot";

const waiting = new Map<string, number>();
const tracked = new WeakSet<object>();

function queuedAsWrite(method: string | undefined, url: string): boolean {
  return (method !== undefined && method !== "GET" && method !== "HEAD" && !url.includes("/access_tokens")) || url.startsWith("/graphql");
}

/** Counts the installation's writes made through this Octokit (once per instance). */
export function trackWrites(octokit: Pick<ProbotOctokit, "hook">, installation: string): void {
  if (tracked.has(octokit)) return;
  tracked.add(octokit);
  octokit.hook.wrap("request", async (request, options) => {
    if (!queuedAsWrite(options.method, options.url)) return request(options);
    waiting.set(installation, (waiting.get(installation) ?? 0) + 1);
    try {
      return await request(options);
    } finally {
      const left = (waiting.get(installation) ?? 1) - 1;
      if (left > 0) waiting.set(installation, left);
      else waiting.delete(installation);
    }
  });
}

/** Writes of the installation not yet answered. */
export function writesWaiting(installation: string): number {
  return waiting.get(installation) ?? 0;
}
