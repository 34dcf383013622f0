// The Redis registry of runs left in_progress, against a real redis-server: two replicas (two
// clients) see one registry.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RedisInProgressRuns } from "../../src/github/in-progress-runs-redis.js";
import { startRedis, type TestRedis } from "../support/redis.js";

let server: TestRedis;
let a: Redis;
let b: Redis;
beforeAll(async () => {
  server = await startRedis();
  a = new Redis(server.url);
  b = new Redis(server.url);
});
afterAll(async () => {
  a.disconnect();
  b.disconnect();
  await server.remove();
});

const run = (runId: number, startedAt: number) => ({ installationId: 7, owner: "Acme", repo: "Shop", runId, headSha: "a".repeat(40), startedAt });

describe("RedisInProgressRuns", () => {
  it("lists the runs older than the budget, across replicas, until they are removed", async () => {
    const prefix = randomUUID();
    const mine = new RedisInProgressRuns(a, prefix);
    const theirs = new RedisInProgressRuns(b, prefix);
    const now = Date.now();
    await mine.add(run(1, now - 600_000));
    await mine.add(run(2, now - 10_000));
    await theirs.add(run(3, now - 300_000));
    expect((await theirs.olderThan(120_000)).map((r) => r.runId)).toEqual([1, 3]);
    expect(await mine.olderThan(120_000)).toContainEqual(run(1, now - 600_000));
    await theirs.remove("acme", "shop", 1);
    expect((await mine.olderThan(120_000)).map((r) => r.runId)).toEqual([3]);
    // Control: a young run is not listed, and another prefix (another app) sees nothing.
    expect((await mine.olderThan(120_000)).map((r) => r.runId)).not.toContain(2);
    expect(await new RedisInProgressRuns(a, randomUUID()).olderThan(0)).toEqual([]);
  });

  it("drops a record it cannot read instead of failing the sweep", async () => {
    const prefix = randomUUID();
    const runs = new RedisInProgressRuns(a, prefix);
    await runs.add(run(4, 1));
    await a.zadd(`${prefix}:in-progress:by-start`, 2, "acme/shop/5");
    await a.hset(`${prefix}:in-progress:runs`, "acme/shop/5", "{not json");
    expect((await runs.olderThan(0)).map((r) => r.runId)).toEqual([4]);
    expect(await a.zcard(`${prefix}:in-progress:by-start`)).toBe(1);
  });
});
