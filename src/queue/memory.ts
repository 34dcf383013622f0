// The embedded queue (no REDIS_URL): one process, one evaluation per PR at a time, a newer
// request merged into the waiting one. Work is lost if the process dies (use Redis for that).
import { EvaluationQueue } from "../queue.js";
import { MemoryDecidedRuns, type DecidedRuns } from "../github/decided-runs.js";
import { MemoryDeliveries, type Deliveries } from "./deliveries.js";
import { itemKey, mergeEvaluations, type EvaluationItem, type WorkItem } from "./work-item.js";
import type { QueueDepth, Worker, WorkQueue } from "./work-queue.js";

export class MemoryWorkQueue implements WorkQueue {
  readonly deliveries: Deliveries = new MemoryDeliveries();
  readonly decidedRuns: DecidedRuns = new MemoryDecidedRuns();
  private readonly waiting = new Map<string, EvaluationItem>();
  private readonly jobs: EvaluationQueue;
  private worker: Worker | undefined;

  constructor(options: { concurrency: number; onStart?: (key: string, waitedMs: number) => void }) {
    this.jobs = new EvaluationQueue(options);
  }

  start(work: Worker): void {
    this.worker = work;
  }

  async submit(item: WorkItem): Promise<void> {
    const key = itemKey(item);
    if (item.kind === "evaluate") this.waiting.set(key, mergeEvaluations(this.waiting.get(key), item));
    this.jobs.enqueue(key, async () => {
      const next = item.kind === "evaluate" ? this.waiting.get(key) : item;
      if (!next) return;
      if (next.kind === "evaluate") this.waiting.delete(key);
      await this.run(next);
    });
  }

  private async run(item: WorkItem): Promise<void> {
    try {
      if (!this.worker) throw new Error("the queue was not started");
      await this.worker(item);
    } catch (err) {
      await this.deliveries.release(item.deliveries);
      throw err;
    }
  }

  ready(): boolean {
    return true;
  }

  idle(): Promise<void> {
    return this.jobs.idle();
  }

  async close(): Promise<void> {}

  depth(): Promise<QueueDepth> {
    return Promise.resolve({ queued: this.jobs.queued, active: this.jobs.active });
  }
}
