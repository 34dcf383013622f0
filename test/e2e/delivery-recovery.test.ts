// Deliveries GitHub could not hand over while the app was down are asked again, with the app's
// JWT, when it comes back: exactly those, each once. GitHub here is the fake, which POSTs signed
// deliveries to the app's URL and records each attempt's outcome.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { URL } from "node:url";
import { demoState } from "../../src/fake-github/demo-state.js";
import { startGate, type RunningGate } from "../../src/fake-github/harness.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { issueCommentEvent, pullRequestEvent } from "../../src/fake-github/state.js";
import type { RecoveryOptions } from "../../src/github/delivery-recovery.js";
import { RedisWorkQueue } from "../../src/queue/redis.js";
import { SECRET } from "../support/fake-pulls.js";
import { testPool } from "../support/pool.js";
import { startRedis, type TestRedis } from "../support/redis.js";

let fake: FakeGitHub;
let running: RunningGate | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await fake.hook.settled();
  await fake.stop();
});

async function up(apiUrl: string, port: number | undefined, redeliver: RecoveryOptions | false): Promise<RunningGate> {
  running = await startGate(apiUrl, {
    secret: SECRET, appId: fake.state.apps.id, concurrency: 2, timeoutMs: 20_000, pool: testPool(), redeliver, metrics: false,
    ...(port ? { port } : {}),
  });
  return running;
}

async function down(): Promise<void> {
  await running!.gate.queue.idle();
  await running!.stop();
  running = undefined;
}

const portOf = (url: string) => Number(new URL(url).port);
const onStart = { everyMinutes: 60, lookbackMinutes: 60, firstDelayMs: 0 };

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("recovery of deliveries missed while the app was down", () => {
  it("redelivers on start exactly the deliveries that failed, each once, and the app acts on them", async () => {
    fake = new FakeGitHub(demoState());
    fake.hook.secret = SECRET;
    const repo = fake.state.repos[0]!;
    const apiUrl = await fake.start();
    const first = await up(apiUrl, undefined, false);
    fake.hook.url = first.webhookUrl;

    // Up: delivered.
    const before = await fake.hook.send("pull_request", pullRequestEvent(fake.state, repo, 1, "opened"));
    expect(before.status_code).toBe(200);
    await down();

    // Down: GitHub gets no answer.
    const at = new Date().toISOString();
    repo.issueComments.push({ id: 700, issue_number: 1, user: "alice", body: "/agent-gate recheck", created_at: at, updated_at: at });
    const missed = [
      await fake.hook.send("pull_request", pullRequestEvent(fake.state, repo, 2, "opened")),
      await fake.hook.send("issue_comment", issueCommentEvent(fake.state, repo, 1, 700, "created")),
    ];
    // One a human already pressed "Redeliver" on (and that failed again): that was its one more try.
    const retried = await fake.hook.send("pull_request", pullRequestEvent(fake.state, repo, 1, "synchronize"));
    expect(fake.hook.redeliver(retried.id).status).toBe(202);
    await fake.hook.settled();
    expect([...missed, retried].map((d) => d.status_code)).toEqual([0, 0, 0]);
    expect(fake.hook.attemptsOf(retried.guid).map((d) => [d.redelivery, d.status_code])).toEqual([[false, 0], [true, 0]]);

    // Back, at the same URL: the sweep on start.
    fake.resetRequests();
    const second = await up(apiUrl, portOf(first.webhookUrl), onStart);
    await until(() => missed.every((d) => fake.hook.attemptsOf(d.guid).length === 2), "the redeliveries");
    await fake.hook.settled();
    await second.gate.queue.idle();

    const redelivered = fake.hook.deliveries.filter((d) => d.redelivery && d.guid !== retried.guid);
    expect(redelivered.map((d) => [d.guid, d.status_code]).sort()).toEqual(missed.map((d) => [d.guid, 200]).sort());
    expect(fake.hook.attemptsOf(before.guid)).toHaveLength(1);
    expect(fake.hook.attemptsOf(retried.guid)).toHaveLength(2);
    // The app acted on them: PR 2 has its verdict, and the recheck comment its answer.
    expect(repo.checkRuns.filter((r) => r.head_sha === repo.pulls[1]!.head.sha && r.status === "completed")).toHaveLength(1);
    expect(repo.reactions.some((r) => r.comment_id === 700)).toBe(true);
    // With the app's JWT, as GitHub requires for these endpoints.
    const hookRequests = fake.requests.filter((r) => r.path.startsWith("/app/hook/deliveries"));
    expect(hookRequests.map((r) => `${r.method} ${r.auth}`).sort()).toEqual(["GET bearer", "POST bearer", "POST bearer"]);

    // The next sweep finds nothing left to do.
    expect(await second.gate.recovery!.sweep()).toEqual({ listed: fake.hook.deliveries.length, redelivered: [] });
  }, 60_000);

  it("asks once even when the redelivery fails too, pages through long lists, and looks back only as far as told", async () => {
    fake = new FakeGitHub(demoState());
    fake.hook.secret = SECRET;
    const repo = fake.state.repos[0]!;
    const apiUrl = await fake.start();
    // Nowhere to deliver: 230 attempts fail (more than two pages of 100).
    const failed = [];
    for (let i = 0; i < 230; i++) failed.push(await fake.hook.send("pull_request", pullRequestEvent(fake.state, repo, 1, "edited")));
    // Two failed before the window the sweep on start looks at.
    for (const old of fake.hook.deliveries.slice(0, 2)) old.delivered_at = new Date(Date.now() - 2 * 3_600_000).toISOString();

    const gate = await up(apiUrl, undefined, { everyMinutes: 60, lookbackMinutes: 60, firstDelayMs: 60_000 });
    // The app's URL stays unknown to the hook: every redelivery fails again.
    const sweep = await gate.gate.recovery!.sweep();
    expect(sweep?.listed).toBe(228);
    expect(sweep?.redelivered.sort()).toEqual(failed.slice(2).map((d) => d.guid).sort());
    await fake.hook.settled();
    expect(fake.hook.deliveries.filter((d) => d.redelivery)).toHaveLength(228);

    // Every failed event now has its redelivery (failed too): not asked again.
    expect(await gate.gate.recovery!.sweep()).toEqual({ listed: 456, redelivered: [] });
    // Pages of 100, the last one cut at the window: 3 for 230 attempts, then 5 for 458.
    const lists = fake.requests.filter((r) => r.method === "GET" && r.path === "/app/hook/deliveries");
    expect(lists.map((r) => r.query.cursor === undefined)).toEqual([true, false, false, true, false, false, false, false]);
  }, 60_000);

  it("sweeps again every N minutes, looking back to the previous sweep", async () => {
    fake = new FakeGitHub(demoState());
    fake.hook.secret = SECRET;
    const repo = fake.state.repos[0]!;
    const apiUrl = await fake.start();
    // Every 0.6 s here; minutes in production.
    const gate = await up(apiUrl, undefined, { everyMinutes: 0.01, lookbackMinutes: 60, firstDelayMs: 0 });
    await until(() => fake.requests.some((r) => r.path === "/app/hook/deliveries"), "the sweep on start");
    // Missed after the sweep on start (the hook does not know the app's URL yet).
    const missed = await fake.hook.send("pull_request", pullRequestEvent(fake.state, repo, 2, "opened"));
    expect(missed.status_code).toBe(0);
    fake.hook.url = gate.webhookUrl;
    await until(() => fake.hook.attemptsOf(missed.guid).length === 2, "the redelivery by a later sweep");
    await fake.hook.settled();
    expect(fake.hook.attemptsOf(missed.guid).map((d) => [d.redelivery, d.status_code])).toEqual([[false, 0], [true, 200]]);
    await gate.gate.queue.idle();
  }, 60_000);

  it("a sweep that cannot list, or finds the app not ready, tries the same window again next time", async () => {
    fake = new FakeGitHub(demoState());
    fake.hook.secret = SECRET;
    const repo = fake.state.repos[0]!;
    const apiUrl = await fake.start();
    let ready = false;
    const gate = await up(apiUrl, undefined, { everyMinutes: 60, lookbackMinutes: 60, firstDelayMs: 60_000, ready: () => ready });
    const missed = await fake.hook.send("pull_request", pullRequestEvent(fake.state, repo, 2, "opened"));
    fake.hook.url = gate.webhookUrl;
    // Not ready (e.g. its queue's Redis is away): a redelivery now would fail and use up its one try.
    expect(await gate.gate.recovery!.sweep()).toBeUndefined();
    expect(fake.requests.filter((r) => r.path.startsWith("/app/hook"))).toEqual([]);
    ready = true;
    fake.failNext("GET", /^\/app\/hook\/deliveries$/, 502);
    expect(await gate.gate.recovery!.sweep()).toBeUndefined();
    expect((await gate.gate.recovery!.sweep())?.redelivered).toEqual([missed.guid]);
    await fake.hook.settled();
    expect(fake.hook.attemptsOf(missed.guid).map((d) => d.status_code)).toEqual([0, 200]);
  }, 60_000);
});

describe("two replicas on one Redis, both down, then both back", () => {
  let redis: TestRedis;
  const replicas: RunningGate[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.remove();
  });

  async function replica(apiUrl: string, prefix: string, port?: number): Promise<RunningGate> {
    const queue = await RedisWorkQueue.open(redis.url, { prefix, lockMs: 2000 });
    const gate = await startGate(apiUrl, {
      secret: SECRET, appId: fake.state.apps.id, concurrency: 2, timeoutMs: 20_000, pool: testPool(), metrics: false,
      queue, redeliveryClaims: queue.redeliveryClaims(), redeliver: onStart, ...(port ? { port } : {}),
    });
    replicas.push(gate);
    return gate;
  }

  afterEach(async () => {
    for (const gate of replicas.splice(0)) await gate.stop();
  });

  it("redeliver exactly the deliveries that failed while both were down, each once between them", async () => {
    fake = new FakeGitHub(demoState());
    fake.hook.secret = SECRET;
    const repo = fake.state.repos[0]!;
    const apiUrl = await fake.start();
    const prefix = `rr${randomUUID()}`;
    // The hook points at the first replica's port (the load balancer's address, in production).
    const probe = await startGate(apiUrl, { secret: SECRET, appId: fake.state.apps.id, pool: testPool(), metrics: false, redeliver: false });
    const port = portOf(probe.webhookUrl);
    fake.hook.url = probe.webhookUrl;
    await probe.stop();

    const missed = [
      await fake.hook.send("pull_request", pullRequestEvent(fake.state, repo, 1, "opened")),
      await fake.hook.send("pull_request", pullRequestEvent(fake.state, repo, 2, "opened")),
    ];
    await fake.hook.settled();
    expect(missed.map((d) => d.status_code)).toEqual([0, 0]);

    // Both come back and both sweep on start; the claims on Redis let one of them ask for each.
    const [a, b] = await Promise.all([replica(apiUrl, prefix, port), replica(apiUrl, prefix)]);
    await until(() => missed.every((d) => fake.hook.attemptsOf(d.guid).length === 2), "the redeliveries");
    await Promise.all([a.gate.recovery!.sweep(), b.gate.recovery!.sweep()]);
    await fake.hook.settled();
    await Promise.all([a.gate.queue.idle(), b.gate.queue.idle()]);
    for (const d of missed) expect(fake.hook.attemptsOf(d.guid).map((x) => [x.redelivery, x.status_code])).toEqual([[false, 0], [true, 200]]);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path.startsWith("/app/hook/deliveries/"))).toHaveLength(2);
    for (const pull of repo.pulls.slice(0, 2)) expect(repo.checkRuns.filter((r) => r.head_sha === pull.head.sha && r.status === "completed")).toHaveLength(1);
  }, 90_000);
});
