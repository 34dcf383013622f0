// The in-progress write: only for an evaluation still running after the delay, never added to a
// write backlog, recorded for the sweep; a quick evaluation writes nothing before its verdict.
import { describe, expect, it } from "@jest/globals";
import type { CheckRunWriter } from "../../src/github/check-run.js";
import { DeferredStart } from "../../src/github/deferred-start.js";
import { MemoryInProgressRuns } from "../../src/github/in-progress-runs.js";

const where = { owner: "acme", repo: "shop", headSha: "c".repeat(40) };
const log = { warn: () => {} };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function writer(fail = false) {
  const calls: string[] = [];
  const stub = { start: async (sha: string) => (calls.push(sha), fail ? Promise.reject(new Error("502")) : 42) };
  return { calls, writer: stub as unknown as CheckRunWriter };
}

describe("DeferredStart", () => {
  it("writes nothing for an evaluation that ends before the delay", async () => {
    const w = writer();
    const deferred = new DeferredStart(w.writer, where, 200, undefined, log);
    expect(await deferred.settle()).toBeUndefined();
    await wait(250);
    expect(w.calls).toEqual([]);
  });

  it("writes the run in progress past the delay and records it for the sweep", async () => {
    const w = writer();
    const runs = new MemoryInProgressRuns();
    const deferred = new DeferredStart(w.writer, where, 10, { runs, installationId: 7 }, log);
    await wait(50);
    expect(await deferred.settle()).toBe(42);
    expect(await runs.olderThan(-1000)).toEqual([expect.objectContaining({ installationId: 7, owner: "acme", repo: "shop", runId: 42, headSha: where.headSha })]);
  });

  it("waits while the installation's writes queue, and writes once they are through", async () => {
    const w = writer();
    let backlog = 3;
    const deferred = new DeferredStart(w.writer, where, 10, undefined, log, () => backlog);
    await wait(60);
    expect(w.calls).toEqual([]);
    backlog = 0;
    await wait(60);
    expect(await deferred.settle()).toBe(42);
    expect(w.calls).toHaveLength(1);
  });

  it("a failed in-progress write is not fatal: the verdict is then created completed", async () => {
    const w = writer(true);
    const runs = new MemoryInProgressRuns();
    const deferred = new DeferredStart(w.writer, where, 0, { runs, installationId: 7 }, log);
    expect(await deferred.settle()).toBeUndefined();
    expect(await runs.olderThan(-1000)).toEqual([]);
  });
});
