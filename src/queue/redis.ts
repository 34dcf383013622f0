// The durable queue on REDIS_URL, shared by every replica (BullMQ). A job names a PR whose merged
// request waits in Redis (pull-slot.ts), or carries a command's work itself. A replica that dies
// leaves its jobs active without a lock: BullMQ's stalled-job check gives them to another one.
import { Queue, Worker as BullWorker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { REDELIVERABLE_MS, type RedeliveryClaims } from "../github/delivery-recovery.js";
import { RedisInProgressRuns } from "../github/in-progress-runs-redis.js";
import { RedisDeliveries } from "./redis-deliveries.js";
import { RedisDecidedRuns } from "../github/decided-runs.js";
import { PullSlots } from "./pull-slot.js";
import { itemKey, parseWorkItem, type WorkItem } from "./work-item.js";
import type { QueueDepth, Unreadable, Worker, WorkQueue } from "./work-queue.js";

export interface RedisQueueOptions {
  concurrency?: number;
  /** A dead replica's PR lock and jobs are taken over after this long. */
  lockMs?: number;
  /** Keys and queue names start with this (tests give each run its own). */
  prefix?: string;
}

type JobData = { pull: string } | { item: unknown };

/** Connects, or fails with an error naming REDIS_URL (never the password in it). */
export async function connectRedis(url: string, options: { maxRetriesPerRequest: number | null }): Promise<Redis> {
  const redis = new Redis(url, { ...options, lazyConnect: true, connectTimeout: 5000 });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    const where = url.replace(/\/\/[^@/]*@/, "//***@");
    throw new Error(`REDIS_URL ${where}: cannot connect to Redis (${err instanceof Error ? err.message : String(err)})`);
  }
}

export class RedisWorkQueue implements WorkQueue {
  readonly deliveries: RedisDeliveries;
  readonly decidedRuns: RedisDecidedRuns;
  private readonly queue: Queue<JobData>;
  private readonly slots: PullSlots;
  private worker: BullWorker<JobData> | undefined;
  private running = 0;
  private readonly lockMs: number;
  private unreadable: Unreadable = () => undefined;

  private constructor(
    private readonly commands: Redis,
    private readonly blocking: Redis,
    private readonly options: RedisQueueOptions,
  ) {
    const prefix = options.prefix ?? "agent-gate";
    this.lockMs = options.lockMs ?? 30_000;
    this.deliveries = new RedisDeliveries(commands, prefix);
    this.decidedRuns = new RedisDecidedRuns(commands, prefix);
    this.slots = new PullSlots(commands, prefix, this.lockMs, (data, error) => this.unreadable(data, error));
    this.queue = new Queue<JobData>("work", { connection: commands, prefix });
  }

  static async open(url: string, options: RedisQueueOptions = {}): Promise<RedisWorkQueue> {
    // Webhooks must not wait for a Redis that is gone: commands fail at once, the webhook gets 503.
    const commands = await connectRedis(url, { maxRetriesPerRequest: 1 });
    const blocking = await connectRedis(url, { maxRetriesPerRequest: null });
    return new RedisWorkQueue(commands, blocking, options);
  }

  async submit(item: WorkItem): Promise<void> {
    const jobOptions = { attempts: 3, backoff: { type: "exponential", delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 };
    if (item.kind !== "evaluate") {
      await this.queue.add(item.kind, { item }, jobOptions);
      return;
    }
    const key = itemKey(item);
    await this.slots.put(key, item);
    await this.queue.add("evaluate", { pull: key }, jobOptions);
  }

  start(work: Worker, unreadable: Unreadable): void {
    this.unreadable = unreadable;
    const prefix = this.options.prefix ?? "agent-gate";
    this.worker = new BullWorker<JobData>("work", (job) => this.run(job, work), {
      connection: this.blocking,
      prefix,
      concurrency: this.options.concurrency ?? 4,
      lockDuration: this.lockMs,
      stalledInterval: this.lockMs,
      maxStalledCount: 10,
    });
    this.worker.on("error", () => undefined);
  }

  private async run(job: Job<JobData>, work: Worker): Promise<void> {
    this.running++;
    try {
      if ("pull" in job.data) return await this.runPull(job.data.pull, work);
      const parsed = parseWorkItem(job.data.item);
      if ("error" in parsed) {
        this.unreadable(job.data.item, parsed.error);
        return;
      }
      try {
        await work(parsed.item);
      } catch (err) {
        await this.deliveries.release(parsed.item.deliveries);
        throw err;
      }
    } finally {
      this.running--;
    }
  }

  /** Evaluates the PR when no other replica does; otherwise looks again later while work waits. */
  private async runPull(key: string, work: Worker): Promise<void> {
    const ran = await this.slots.drain(key, async (item) => {
      try {
        await work(item);
      } catch (err) {
        await this.deliveries.release(item.deliveries);
        throw err;
      }
    });
    if (!ran && (await this.slots.hasWork(key))) await this.queue.add("evaluate", { pull: key }, { delay: Math.min(1000, this.lockMs / 3), removeOnComplete: true, removeOnFail: 1000 });
  }

  ready(): boolean {
    return this.commands.status === "ready";
  }

  /** The registry of runs left in_progress, on the same Redis and prefix (for the sweep). */
  inProgressRuns(): RedisInProgressRuns {
    return new RedisInProgressRuns(this.commands, this.options.prefix ?? "agent-gate");
  }

  /** Claims on failed deliveries to redeliver, on the same Redis: one replica asks GitHub once per event. */
  redeliveryClaims(): RedeliveryClaims {
    const prefix = this.options.prefix ?? "agent-gate";
    return { claim: async (guid) => (await this.commands.set(`${prefix}:redeliver:${guid}`, "1", "PX", REDELIVERABLE_MS, "NX")) === "OK" };
  }

  /** Resolves once no replica has work queued, delayed or running. */
  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
      if (Object.values(counts).every((n) => n === 0) && this.running === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.commands.disconnect();
    this.blocking.disconnect();
  }

  /** Queued counts the shared queue's jobs, whichever replica will take them. */
  async depth(): Promise<QueueDepth> {
    const counts = await this.queue.getJobCounts("waiting", "delayed", "prioritized");
    return { queued: Object.values(counts).reduce((a, b) => a + b, 0), active: this.running };
  }
}
