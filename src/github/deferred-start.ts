// Writes are the budget (about one per second per installation): a run is written `in_progress`
// only when the evaluation is still going after a few seconds. A fast one (every human PR) costs
// one write, the run created already completed. A run written in progress is recorded in the
// InProgressRuns registry until its verdict is written, so the sweep can finish it if we cannot.
import type { InProgressRuns } from "./in-progress-runs.js";
import type { CheckRunWriter } from "./check-run.js";

/** Default wait before writing `in_progress`; AGENT_GATE_PROGRESS_AFTER_MS overrides it. */
export const PROGRESS_AFTER_MS = 4_000;

export interface Tracking {
  runs: InProgressRuns;
  installationId: number;
}

/** Writes waiting in the installation's queue: while there are any, the in-progress write waits too. */
export type Backlog = () => number;

interface WarnLog {
  warn(obj: object, msg?: string): void;
}

export class DeferredStart {
  private timer: NodeJS.Timeout | undefined;
  private started: Promise<number | undefined> | undefined;

  constructor(
    private readonly writer: CheckRunWriter,
    private readonly where: { owner: string; repo: string; headSha: string },
    private readonly afterMs: number,
    private readonly tracking: Tracking | undefined,
    private readonly log: WarnLog,
    private readonly backlog: Backlog = () => 0,
  ) {
    if (afterMs <= 0) this.started = this.begin();
    else this.arm();
  }

  /** A slow evaluation is one still running after afterMs; under a write backlog it is asked again later. */
  private arm(): void {
    this.timer = setTimeout(() => {
      if (this.backlog() > 0) this.arm();
      else this.started = this.begin();
    }, this.afterMs);
  }

  /** Stops the timer: the run written in progress, or undefined when none was (the verdict creates it). */
  async settle(): Promise<number | undefined> {
    clearTimeout(this.timer);
    return this.started;
  }

  private async begin(): Promise<number | undefined> {
    let runId: number;
    try {
      runId = await this.writer.start(this.where.headSha);
    } catch (err) {
      // Not fatal: the verdict is then written as a new, completed run.
      this.log.warn({ err, ...this.where }, "writing the agent-gate run in progress failed");
      return undefined;
    }
    if (this.tracking) {
      const { runs, installationId } = this.tracking;
      await runs
        .add({ installationId, owner: this.where.owner, repo: this.where.repo, runId, headSha: this.where.headSha, startedAt: Date.now() })
        .catch((err: unknown) => this.log.warn({ err, runId }, "recording the run in progress failed"));
    }
    return runId;
  }
}
