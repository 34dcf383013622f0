// In-process work queue keyed by pull request: one evaluation per PR at a time, a newer event
// for a PR replaces its queued older one (latest wins), bounded concurrency overall, and each
// delivery is handled once (src/queue/deliveries.ts).

export type Job = () => Promise<void>;

export interface QueueOptions {
  concurrency?: number;
  onError?: (key: string, err: unknown) => void;
  /** A job starts after waiting `waitedMs` since its key was first queued (for metrics). */
  onStart?: (key: string, waitedMs: number) => void;
}

export class EvaluationQueue {
  private readonly pending = new Map<string, Job>();
  private readonly queuedAt = new Map<string, number>();
  private readonly running = new Set<string>();
  private readonly waiters: (() => void)[] = [];
  private readonly concurrency: number;

  constructor(private readonly options: QueueOptions = {}) {
    this.concurrency = options.concurrency ?? 4;
  }

  enqueue(key: string, job: Job): void {
    this.pending.set(key, job);
    // A replaced job keeps the time its key was first queued: the PR has waited since then.
    if (!this.queuedAt.has(key)) this.queuedAt.set(key, performance.now());
    this.pump();
  }

  get queued(): number {
    return this.pending.size;
  }

  get active(): number {
    return this.running.size;
  }

  get size(): number {
    return this.pending.size + this.running.size;
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private pump(): void {
    for (const [key, job] of this.pending) {
      if (this.running.size >= this.concurrency) break;
      if (this.running.has(key)) continue;
      this.pending.delete(key);
      this.running.add(key);
      this.options.onStart?.(key, performance.now() - (this.queuedAt.get(key) ?? performance.now()));
      this.queuedAt.delete(key);
      job()
        .catch((err: unknown) => this.options.onError?.(key, err))
        .finally(() => {
          this.running.delete(key);
          this.pump();
          if (this.size === 0) this.waiters.splice(0).forEach((w) => w());
        });
    }
  }
}
