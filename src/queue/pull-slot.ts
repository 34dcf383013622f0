// One evaluation per PR at a time across replicas. The PR's requests merge into one waiting item
// (`pending`); the replica holding the PR's lock moves it to `running` and evaluates it. A
// replica that dies mid-evaluation leaves `running` behind: whoever takes the lock next merges it
// back in, so nothing asked for is lost.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Unreadable } from "./work-queue.js";
import { mergeEvaluations, parseWorkItem, type EvaluationItem } from "./work-item.js";

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export class PullSlots {
  /** WATCH belongs to the connection: one transaction at a time on it. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly lockMs: number,
    private readonly unreadable: Unreadable,
  ) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private keys(key: string) {
    return { pending: `${this.prefix}:pending:${key}`, running: `${this.prefix}:running:${key}`, lock: `${this.prefix}:lock:${key}` };
  }

  /** Merges a request into the PR's waiting one (optimistic: retried when another replica wrote it meanwhile). */
  async put(key: string, item: EvaluationItem): Promise<void> {
    const { pending } = this.keys(key);
    await this.serial(async () => {
      for (;;) {
        await this.redis.watch(pending);
        const merged = mergeEvaluations(this.read(await this.redis.get(pending)), item);
        if (await this.redis.multi().set(pending, JSON.stringify(merged)).exec()) return;
      }
    });
  }

  /** True while a request for the PR waits or an evaluation of it was left unfinished. */
  async hasWork(key: string): Promise<boolean> {
    const { pending, running } = this.keys(key);
    return (await this.redis.exists(pending, running)) > 0;
  }

  /** Runs `work` on the PR's merged request under its lock, until none waits; false when another replica holds the lock. */
  async drain(key: string, work: (item: EvaluationItem) => Promise<void>): Promise<boolean> {
    const { lock } = this.keys(key);
    const token = randomUUID();
    if ((await this.redis.set(lock, token, "PX", this.lockMs, "NX")) !== "OK") return false;
    const renew = setInterval(() => void this.redis.eval(RENEW, 1, lock, token, String(this.lockMs)).catch(() => undefined), this.lockMs / 3);
    try {
      for (let item = await this.take(key); item; item = await this.take(key)) {
        try {
          await work(item);
        } finally {
          await this.redis.del(this.keys(key).running);
        }
      }
      return true;
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, lock, token).catch(() => undefined);
    }
  }

  /** Moves the waiting request into `running`, merged with what a dead replica left there. */
  private take(key: string): Promise<EvaluationItem | undefined> {
    const { pending, running } = this.keys(key);
    return this.serial(async () => {
      for (;;) {
        await this.redis.watch(pending);
        const [waiting, left] = [this.read(await this.redis.get(pending)), this.read(await this.redis.get(running))];
        const merged = waiting ? mergeEvaluations(left, waiting) : left;
        const tx = this.redis.multi().del(pending);
        if (merged) tx.set(running, JSON.stringify(merged));
        else tx.del(running);
        if (await tx.exec()) return merged;
      }
    });
  }

  /** A stored request; one that cannot be read is reported and dropped (the transaction deletes it). */
  private read(text: string | null): EvaluationItem | undefined {
    if (text === null) return undefined;
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      this.unreadable(text, "not JSON");
      return undefined;
    }
    const parsed = parseWorkItem(data);
    if ("item" in parsed && parsed.item.kind === "evaluate") return parsed.item;
    this.unreadable(data, "error" in parsed ? parsed.error : "not an evaluation");
    return undefined;
  }
}
