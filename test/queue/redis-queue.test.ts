// The Redis queue in one process against a real redis-server: merging, take-over of work a dead
// replica left, unreadable jobs, the start error, and 503 while Redis is down.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { RedisDeliveries } from "../../src/queue/redis-deliveries.js";
import { connectRedis, RedisWorkQueue } from "../../src/queue/redis.js";
import { addPull, SECRET, world, type World } from "../support/fake-pulls.js";
import { startRedis, type TestRedis } from "../support/redis.js";

let redis: TestRedis;
let w: World | undefined;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.remove();
});
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

let prefix = "";
async function redisWorld(prepare: Parameters<typeof world>[0] = () => {}): Promise<World> {
  prefix = `t${randomUUID()}`;
  const queue = await RedisWorkQueue.open(redis.url, { prefix, lockMs: 1000 });
  return world(prepare, { queue });
}

/** Human PRs 10.. that pass: a README change. */
function humanPulls(count: number) {
  return (repo: World["repo"]) => {
    for (let n = 10; n < 10 + count; n++) addPull(repo, { number: n, user: "alice", files: { [`docs/n${n}.md`]: `# ${n}\n` } });
  };
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const runsOf = (n: number) => w!.repo.checkRuns.filter((r) => r.head_sha === w!.repo.pulls.find((p) => p.number === n)!.head.sha);

describe("RedisWorkQueue", () => {
  it("evaluates through Redis: a PR's deliveries merge, each delivery is taken once", async () => {
    w = await redisWorld();
    const event = pullRequestEvent(w.fake.state, w.repo, 2, "opened");
    const answers = await Promise.all([deliver(w.gate.webhookUrl, "pull_request", event, SECRET, "r1"), deliver(w.gate.webhookUrl, "pull_request", event, SECRET, "r2")]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await w.gate.gate.queue.idle();
    expect(runsOf(2).every((r) => r.status === "completed" && r.conclusion === "action_required")).toBe(true);
    const before = w.fake.requests.length;
    expect((await deliver(w.gate.webhookUrl, "pull_request", event, SECRET, "r1")).status).toBe(200);
    await w.gate.gate.queue.idle();
    expect(w.fake.requests.length).toBe(before);
  });

  it("de-duplicates deliveries for GitHub's redelivery window once queued, briefly while being queued, and not after a failure", async () => {
    const client = await connectRedis(redis.url, { maxRetriesPerRequest: 1 });
    const deliveries = new RedisDeliveries(client, `t${randomUUID()}`);
    expect(await deliveries.claim("x")).toBe(true);
    expect(await deliveries.claim("x")).toBe(false);
    const key = (await client.keys("*:delivery:x"))[0]!;
    // A replica that dies between the claim and queuing the work does not block GitHub's redelivery for long.
    expect(await client.ttl(key)).toBeLessThanOrEqual(120);
    await deliveries.keep("x");
    expect(await client.ttl(key)).toBeGreaterThan(2 * 24 * 3600);
    await deliveries.release(["x"]);
    expect(await deliveries.claim("x")).toBe(true);
    client.disconnect();
  });

  it("lets one replica claim each failed delivery for redelivery, for GitHub's 3-day window", async () => {
    const name = `t${randomUUID()}`;
    const [one, two] = await Promise.all([RedisWorkQueue.open(redis.url, { prefix: name }), RedisWorkQueue.open(redis.url, { prefix: name })]);
    try {
      expect(await one.redeliveryClaims().claim("guid-1")).toBe(true);
      expect(await two.redeliveryClaims().claim("guid-1")).toBe(false);
      expect(await two.redeliveryClaims().claim("guid-2")).toBe(true);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it("fails to start with an error naming REDIS_URL, without the password", async () => {
    await expect(connectRedis("redis://:hunter2@127.0.0.1:1", { maxRetriesPerRequest: 1 })).rejects.toThrow(/^REDIS_URL redis:\/\/\*\*\*@127\.0\.0\.1:1: cannot connect/);
    await expect(connectRedis("redis://:hunter2@127.0.0.1:1", { maxRetriesPerRequest: 1 })).rejects.not.toThrow(/hunter2/);
  });

  it("reports the shared queue's depth to every replica's metrics, not only its own", async () => {
    const p = `d${randomUUID()}`;
    // A replica that only queues (it never starts taking work), and one that only looks.
    const queuing = await RedisWorkQueue.open(redis.url, { prefix: p });
    const looking = await RedisWorkQueue.open(redis.url, { prefix: p });
    try {
      for (const number of [1, 2, 3]) {
        await queuing.submit({ kind: "evaluate", installationId: 1, pull: { owner: "acme", repo: "shop", number }, mode: "scan", clicks: [], deliveries: [`g${number}`], acks: [], event: "pull_request.opened" });
      }
      expect(await looking.depth()).toEqual({ queued: 3, active: 0 });
      expect(await queuing.depth()).toEqual({ queued: 3, active: 0 });
    } finally {
      await queuing.close();
      await looking.close();
    }
  });

  it("drops a job it cannot read with a log line and a failure run, never retrying it", async () => {
    w = await redisWorld();
    const raw = new Queue("work", { connection: { url: redis.url }, prefix });
    const job = await raw.add("evaluate", { item: { kind: "evaluate", installationId: w.fake.state.installationId, pull: { owner: "acme", repo: "shop", number: 2 }, mode: "explode" } });
    await raw.close();
    await until(() => runsOf(2).length > 0, "a failure run");
    await w.gate.gate.queue.idle();
    const [run] = runsOf(2);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run!.output.summary).toContain("a queued request could not be read");
    expect(run!.actions.map((a) => a.label)).toEqual(["Re-run"]);
    const after = new Queue("work", { connection: { url: redis.url }, prefix });
    expect(await after.getJobCounts("failed", "waiting", "delayed", "active")).toMatchObject({ failed: 0, waiting: 0, delayed: 0, active: 0 });
    expect(await (await after.getJob(job.id!))?.getState()).toBe("completed");
    await after.close();
  });

  it("answers 503 while Redis is down, keeps what it had accepted across a Redis restart, and recovers", async () => {
    w = await redisWorld(humanPulls(6));
    const send = (n: number) => deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, n, "opened"), SECRET, `restart-${n}`);
    expect((await Promise.all([10, 11, 12].map(send))).map((r) => r.status)).toEqual([200, 200, 200]);
    await redis.stop();
    await until(() => !w!.gate.gate.ready(), "the app to notice");
    const readyz = async () => (await fetch(new URL("/readyz", w!.gate.webhookUrl))).status;
    expect(await readyz()).toBe(503);
    const down = await Promise.all([13, 14, 15].map(send));
    expect(down.map((r) => r.status)).toEqual([503, 503, 503]);
    await redis.start();
    await until(() => w!.gate.gate.ready(), "the app to reconnect");
    expect(await readyz()).toBe(200);
    // GitHub's redelivery (or the delivery sweep) of the three that failed.
    expect((await Promise.all([13, 14, 15].map(send))).map((r) => r.status)).toEqual([200, 200, 200]);
    await until(() => [10, 11, 12, 13, 14, 15].every((n) => runsOf(n).some((r) => r.status === "completed")), "every verdict", 60_000);
    await w.gate.gate.queue.idle();
    for (const n of [10, 11, 12, 13, 14, 15]) expect(runsOf(n).map((r) => [r.status, r.conclusion])).toContainEqual(["completed", "success"]);
    expect(w.repo.checkRuns.filter((r) => r.status !== "completed")).toEqual([]);
  }, 90_000);
});
