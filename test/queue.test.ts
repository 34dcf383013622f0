import { describe, expect, it } from "@jest/globals";
import { EvaluationQueue } from "../src/queue.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("EvaluationQueue", () => {
  it("runs one job per key at a time and lets the newest queued job replace older ones", async () => {
    const q = new EvaluationQueue({ concurrency: 4 });
    const ran: string[] = [];
    const gate = deferred();
    q.enqueue("pr#1", async () => {
      ran.push("first");
      await gate.promise;
    });
    q.enqueue("pr#1", async () => void ran.push("second (superseded)"));
    q.enqueue("pr#1", async () => void ran.push("third"));
    expect(ran).toEqual(["first"]);
    gate.resolve();
    await q.idle();
    expect(ran).toEqual(["first", "third"]);
  });

  it("bounds concurrency across keys", async () => {
    const q = new EvaluationQueue({ concurrency: 2 });
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 6; i++) {
      q.enqueue(`pr#${i}`, async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      });
    }
    await q.idle();
    expect(peak).toBe(2);
  });

  it("keeps going after a job fails and reports the error", async () => {
    const errors: string[] = [];
    const q = new EvaluationQueue({ onError: (key) => errors.push(key) });
    let ran = false;
    q.enqueue("a", async () => {
      throw new Error("x");
    });
    q.enqueue("b", async () => void (ran = true));
    await q.idle();
    expect(errors).toEqual(["a"]);
    expect(ran).toBe(true);
  });

  it("reports queued and running jobs, and how long a job waited since its key was first queued", async () => {
    const starts: [string, number][] = [];
    const q = new EvaluationQueue({ concurrency: 1, onStart: (key, ms) => starts.push([key, ms]) });
    const gate = deferred();
    q.enqueue("pr#1", () => gate.promise);
    q.enqueue("pr#2", async () => {});
    await new Promise((r) => setTimeout(r, 30));
    // A newer job for pr#2 replaces the queued one but keeps its place in time.
    q.enqueue("pr#2", async () => {});
    expect([q.queued, q.active]).toEqual([1, 1]);
    gate.resolve();
    await q.idle();
    expect([q.queued, q.active]).toEqual([0, 0]);
    expect(starts.map(([k]) => k)).toEqual(["pr#1", "pr#2"]);
    expect(starts[0]![1]).toBeLessThan(starts[1]![1]);
    expect(starts[1]![1]).toBeGreaterThanOrEqual(25);
  });
});
