// The completed run this app wrote last on each head commit, so that evaluating a head again
// updates that run instead of adding another: a head keeps exactly one agent-gate run. GitHub
// appends annotations on every update and cannot remove them, so a run is reused only when the
// annotations it carries are the ones the new verdict would send (then none are sent), or when it
// carries none (a failure, a clean verdict). In memory by default; on Redis for replicas.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export interface DecidedRun {
  id: number;
  /** Digest of the annotations on the run (annotationsDigest). */
  annotations: string;
  /** The run is a failure without stored state: any verdict may replace it. */
  failed: boolean;
}

export interface DecidedRuns {
  get(owner: string, repo: string, headSha: string): Promise<DecidedRun | undefined>;
  set(owner: string, repo: string, headSha: string, run: DecidedRun): Promise<void>;
}

/** A digest of annotations in the order they are written; the same for every empty list. */
export function annotationsDigest(annotations: readonly object[]): string {
  return annotations.length === 0 ? "none" : createHash("sha256").update(JSON.stringify(annotations)).digest("hex").slice(0, 32);
}

function headKey(owner: string, repo: string, headSha: string): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}@${headSha}`;
}

/** One process's memory, the oldest forgotten past `max` heads (a forgotten head gets a new run). */
export class MemoryDecidedRuns implements DecidedRuns {
  private readonly runs = new Map<string, DecidedRun>();

  constructor(private readonly max = 20_000) {}

  get(owner: string, repo: string, headSha: string): Promise<DecidedRun | undefined> {
    return Promise.resolve(this.runs.get(headKey(owner, repo, headSha)));
  }

  set(owner: string, repo: string, headSha: string, run: DecidedRun): Promise<void> {
    const key = headKey(owner, repo, headSha);
    this.runs.delete(key);
    this.runs.set(key, { ...run });
    if (this.runs.size > this.max) this.runs.delete(this.runs.keys().next().value!);
    return Promise.resolve();
  }
}

/** Kept a week: a head evaluated again after that gets a new run. */
const REDIS_TTL_S = 7 * 24 * 3600;

export class RedisDecidedRuns implements DecidedRuns {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "agent-gate",
  ) {}

  async get(owner: string, repo: string, headSha: string): Promise<DecidedRun | undefined> {
    return parseRun(await this.redis.get(`${this.prefix}:decided:${headKey(owner, repo, headSha)}`));
  }

  async set(owner: string, repo: string, headSha: string, run: DecidedRun): Promise<void> {
    await this.redis.set(`${this.prefix}:decided:${headKey(owner, repo, headSha)}`, JSON.stringify(run), "EX", REDIS_TTL_S);
  }
}

/** A record that cannot be read is no record: the verdict then goes to a new run. */
function parseRun(text: string | null): DecidedRun | undefined {
  if (text === null) return undefined;
  try {
    const run = JSON.parse(text) as Partial<DecidedRun>;
    const ok = typeof run.id === "number" && Number.isSafeInteger(run.id) && typeof run.annotations === "string" && typeof run.failed === "boolean";
    return ok ? (run as DecidedRun) : undefined;
  } catch {
    return undefined;
  }
}
