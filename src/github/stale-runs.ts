// The sweep: a run this app wrote `in_progress` and has not completed within the evaluation
// budget (the process died, or its final write kept failing) is completed as `failure` with a
// Re-run button, saying why. A required check must never sit in progress forever.
import { failed } from "../engine/verdict.js";
import { CheckRunWriter } from "./check-run.js";
import { describeError, type Log } from "./gate-run.js";
import type { InProgressRun, InProgressRuns } from "./in-progress-runs.js";
import type { Octokit } from "./pull-source.js";

export interface SweepOptions {
  runs: InProgressRuns;
  /** An Octokit for the installation that owns the run (Probot: `probot.auth(installationId)`). */
  octokitFor: (installationId: number) => Promise<Octokit>;
  /** Runs in progress longer than this are completed: the evaluation budget plus the final write's retries. */
  olderThanMs: number;
  log: Log;
}

export function staleReason(olderThanMs: number): string {
  return `agent-gate did not finish this evaluation within ${Math.round(olderThanMs / 1000)} s (the app stopped or could not write its verdict); re-run to evaluate the commit again`;
}

/** Completes every stale run; returns how many it completed. A run that cannot be completed now is tried again next sweep. */
export async function sweepStaleRuns(o: SweepOptions): Promise<number> {
  let completed = 0;
  for (const run of await o.runs.olderThan(o.olderThanMs)) {
    try {
      if (await completeStale(o, run)) completed++;
      await o.runs.remove(run.owner, run.repo, run.runId);
    } catch (err) {
      o.log.warn({ err, owner: run.owner, repo: run.repo, runId: run.runId, reason: describeError(err) }, "completing a stale agent-gate run failed");
    }
  }
  return completed;
}

/** False when the run was completed meanwhile (its verdict written, only the record left behind): a verdict is never overwritten. */
async function completeStale(o: SweepOptions, run: InProgressRun): Promise<boolean> {
  const octokit = await o.octokitFor(run.installationId);
  const { data } = await octokit.rest.checks.get({ owner: run.owner, repo: run.repo, check_run_id: run.runId });
  if (data.status === "completed") return false;
  const verdict = failed(run.headSha, staleReason(o.olderThanMs));
  await new CheckRunWriter(octokit, run.owner, run.repo).complete(verdict, run.runId, { annotations: false });
  o.log.warn({ owner: run.owner, repo: run.repo, runId: run.runId, headSha: run.headSha, conclusion: "failure" }, "completed a stale agent-gate run");
  return true;
}

/** Sweeps every `everyMs` until stopped; the timer never holds the process open. */
export function startSweeping(o: SweepOptions, everyMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void sweepStaleRuns(o)
      .catch((err: unknown) => o.log.error({ err }, "the stale-run sweep failed"))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
