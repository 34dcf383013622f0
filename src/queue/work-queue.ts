// The queue the handlers hand work to and the workers take it from: in-process by default
// (memory.ts), or on Redis when REDIS_URL is set (redis.ts).
import type { DecidedRuns } from "../github/decided-runs.js";
import type { Deliveries } from "./deliveries.js";
import type { WorkItem } from "./work-item.js";

export type Worker = (item: WorkItem) => Promise<void>;
/** Told of a job that cannot be read (written by another version, or corrupted): it is dropped. */
export type Unreadable = (data: unknown, error: string) => void;

export interface WorkQueue {
  readonly deliveries: Deliveries;
  /** The run last completed on each head, shared wherever the queue is (so every replica updates it). */
  readonly decidedRuns: DecidedRuns;
  /** Queues an item; an evaluation merges into its PR's waiting one. Rejects when the queue cannot take it. */
  submit(item: WorkItem): Promise<void>;
  /** Starts taking items; a rejected `work` counts as failed (its deliveries are released). */
  start(work: Worker, unreadable: Unreadable): void;
  /** False while the queue's store cannot take work (webhooks then get 503). */
  ready(): boolean;
  /** Resolves once this process has nothing queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
  /** Items waiting (in every replica, on a shared store) and running in this process, for metrics. */
  depth(): Promise<QueueDepth>;
}

export interface QueueDepth {
  queued: number;
  active: number;
}

/** Thrown when the queue cannot take work: the webhook middleware answers its status. */
export class QueueUnavailable extends Error {
  readonly status = 503;
  constructor(cause: unknown) {
    super(`the work queue is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
