// The check runs this app has written `in_progress` and not yet completed. The writer records a
// run when it writes in_progress and removes it once completed; the sweep completes the ones left
// longer than the evaluation budget (a crash, a final write that kept failing), so a required
// check never sits in progress forever. In memory by default; a Redis one is shared by replicas.

export interface InProgressRun {
  installationId: number;
  owner: string;
  repo: string;
  runId: number;
  headSha: string;
  /** When the run was written in_progress (ms since the epoch). */
  startedAt: number;
}

export interface InProgressRuns {
  add(run: InProgressRun): Promise<void>;
  remove(owner: string, repo: string, runId: number): Promise<void>;
  /** The runs started more than `ms` ago. */
  olderThan(ms: number): Promise<InProgressRun[]>;
}

/** The key a run is known by (run ids are unique per GitHub, but an owner/repo prefix keeps keys readable). */
export function inProgressKey(owner: string, repo: string, runId: number): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}#${runId}`;
}

/** One process's runs: lost with the process, which is why replicas use the Redis registry. */
export class MemoryInProgressRuns implements InProgressRuns {
  private readonly runs = new Map<string, InProgressRun>();

  add(run: InProgressRun): Promise<void> {
    this.runs.set(inProgressKey(run.owner, run.repo, run.runId), { ...run });
    return Promise.resolve();
  }

  remove(owner: string, repo: string, runId: number): Promise<void> {
    this.runs.delete(inProgressKey(owner, repo, runId));
    return Promise.resolve();
  }

  olderThan(ms: number): Promise<InProgressRun[]> {
    const before = Date.now() - ms;
    return Promise.resolve([...this.runs.values()].filter((r) => r.startedAt < before).map((r) => ({ ...r })));
  }
}
