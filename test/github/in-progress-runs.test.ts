// The registry of runs written in progress. Written against the interface: another implementation
// (the Redis one) joins the table and must behave the same.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { MemoryInProgressRuns, type InProgressRun, type InProgressRuns } from "../../src/github/in-progress-runs.js";
import { RedisInProgressRuns } from "../../src/github/in-progress-runs-redis.js";
import { startRedis, type TestRedis } from "../support/redis.js";

let server: TestRedis;
let client: Redis;
beforeAll(async () => {
  server = await startRedis();
  client = new Redis(server.url);
});
afterAll(async () => {
  client.disconnect();
  await server.remove();
});

const implementations: [string, () => Promise<InProgressRuns>][] = [
  ["memory", () => Promise.resolve(new MemoryInProgressRuns())],
  ["redis", () => Promise.resolve(new RedisInProgressRuns(client, randomUUID()))],
];

const run = (runId: number, startedAt: number, repo = "shop"): InProgressRun => ({ installationId: 7, owner: "acme", repo, runId, headSha: "a".repeat(40), startedAt });

describe.each(implementations)("InProgressRuns (%s)", (_name, make) => {
  it("lists only the runs started longer ago than asked", async () => {
    const runs = await make();
    const now = Date.now();
    await runs.add(run(1, now - 600_000));
    await runs.add(run(2, now - 10_000));
    expect((await runs.olderThan(60_000)).map((r) => r.runId)).toEqual([1]);
    expect((await runs.olderThan(1_000)).map((r) => r.runId).sort()).toEqual([1, 2]);
    expect(await runs.olderThan(60_000)).toEqual([run(1, now - 600_000)]);
  });

  it("forgets a removed run, and only that one (the same id in another repository stays)", async () => {
    const runs = await make();
    await runs.add(run(1, 0));
    await runs.add(run(1, 0, "other"));
    await runs.remove("acme", "shop", 1);
    expect((await runs.olderThan(0)).map((r) => `${r.repo}#${r.runId}`)).toEqual(["other#1"]);
    // Removing what is not there is not an error: the sweep and the writer may both remove a run.
    await runs.remove("acme", "shop", 1);
    expect(await runs.olderThan(0)).toHaveLength(1);
  });
});
