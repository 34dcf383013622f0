// The registry of this app's runs written `in_progress` (see InProgressRuns in
// src/github/in-progress-runs.ts), shared by every replica on Redis so that the sweep of one
// replica completes a run another replica started and then lost (crash, Redis-less restart).
// A sorted set by start time finds the old ones; a hash keeps each run's fields.
import type { Redis } from "ioredis";
import type { InProgressRun, InProgressRuns } from "./in-progress-runs.js";

export class RedisInProgressRuns implements InProgressRuns {
  private readonly byStart: string;
  private readonly runs: string;

  constructor(
    private readonly redis: Redis,
    prefix = "agent-gate",
  ) {
    this.byStart = `${prefix}:in-progress:by-start`;
    this.runs = `${prefix}:in-progress:runs`;
  }

  async add(run: InProgressRun): Promise<void> {
    const id = member(run.owner, run.repo, run.runId);
    const fields: InProgressRun = { installationId: run.installationId, owner: run.owner, repo: run.repo, runId: run.runId, headSha: run.headSha, startedAt: run.startedAt };
    await this.redis.multi().zadd(this.byStart, run.startedAt, id).hset(this.runs, id, JSON.stringify(fields)).exec();
  }

  async remove(owner: string, repo: string, runId: number): Promise<void> {
    const id = member(owner, repo, runId);
    await this.redis.multi().zrem(this.byStart, id).hdel(this.runs, id).exec();
  }

  /** Runs started more than `ms` ago, oldest first. A record that cannot be read is dropped. */
  async olderThan(ms: number): Promise<InProgressRun[]> {
    const ids = await this.redis.zrangebyscore(this.byStart, "-inf", Date.now() - ms);
    if (ids.length === 0) return [];
    const texts = await this.redis.hmget(this.runs, ...ids);
    const found: InProgressRun[] = [];
    for (const [i, text] of texts.entries()) {
      const run = parseRun(text);
      if (run) found.push(run);
      else await this.redis.multi().zrem(this.byStart, ids[i]!).hdel(this.runs, ids[i]!).exec();
    }
    return found;
  }
}

function member(owner: string, repo: string, runId: number): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}/${runId}`;
}

function parseRun(text: string | null): InProgressRun | undefined {
  if (text === null) return undefined;
  try {
    const run = JSON.parse(text) as Partial<InProgressRun>;
    const numbers = [run.installationId, run.runId, run.startedAt].every((n) => typeof n === "number" && Number.isFinite(n));
    const strings = [run.owner, run.repo, run.headSha].every((s) => typeof s === "string" && s.length > 0);
    return numbers && strings ? (run as InProgressRun) : undefined;
  } catch {
    return undefined;
  }
}
