// With REDIS_URL, Probot's write throttle lives in Redis (Bottleneck over ioredis), so replicas
// count one installation's writes together. Checked on a real redis-server: two Probot instances
// writing through the fake GitHub leave one shared set of Bottleneck keys.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { Probot } from "probot";
import { demoState } from "../../src/fake-github/demo-state.js";
import { throwawayPrivateKey } from "../../src/fake-github/harness.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { startRedis, type TestRedis } from "../support/redis.js";

let redis: TestRedis;
let fake: FakeGitHub;
let api: string;
beforeAll(async () => {
  redis = await startRedis();
  fake = new FakeGitHub(demoState());
  api = await fake.start();
});
afterAll(async () => {
  await fake.stop();
  await redis.remove();
});

async function writeOnce(probot: Probot): Promise<void> {
  const octokit = await probot.auth(fake.state.installationId);
  await octokit.rest.checks.create({ owner: "acme", repo: "shop", name: "agent-gate", head_sha: "a".repeat(40), status: "completed", conclusion: "success" });
}

describe("throttling on Redis", () => {
  it("keeps the write limiter's state in Redis, one for every replica", async () => {
    // Probot keeps its Redis clients to itself: with no reconnecting they end when the server is removed.
    const redisConfig = { host: "127.0.0.1", port: redis.port, retryStrategy: () => null };
    const replicas = [1, 2].map(() => new Probot({ appId: fake.state.apps.id, privateKey: throwawayPrivateKey(), baseUrl: api, redisConfig, logLevel: "fatal" }));
    const client = new Redis(redis.url);
    await writeOnce(replicas[0]!);
    const first = (await client.keys("b_*")).sort();
    await writeOnce(replicas[1]!);
    const second = (await client.keys("b_*")).sort();
    client.disconnect();
    expect(first.some((k) => k.includes("octokit-write"))).toBe(true);
    // The second replica wrote through the same limiter: no keys of its own.
    expect(second).toEqual(first);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/check-runs"))).toHaveLength(2);
  });
});
