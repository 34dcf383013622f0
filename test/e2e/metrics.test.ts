// Operators' view: the real app with METRICS on, driven by signed webhooks against the fake
// GitHub; GET /metrics on the metrics port and the one "agent-gate verdict" log line per evaluation.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "@jest/globals";
import { pino } from "pino";
import type { AppOptions } from "../../src/app.js";
import { demoState } from "../../src/fake-github/demo-state.js";
import { startGate, type RunningGate } from "../../src/fake-github/harness.js";
import { FakeGitHub, RATE_LIMIT } from "../../src/fake-github/server.js";
import { pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { SECRET } from "../support/fake-pulls.js";
import { testPool } from "../support/pool.js";

interface Running {
  fake: FakeGitHub;
  gate: RunningGate;
  lines: Record<string, unknown>[];
}

let running: Running | undefined;
afterEach(async () => {
  await running?.gate.stop();
  await running?.fake.stop();
  running = undefined;
});

/** The demo world with a JSON logger whose lines are kept. */
async function start(options: AppOptions): Promise<Running> {
  const fake = new FakeGitHub(demoState());
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: "info" }, sink);
  const gate = await startGate(await fake.start(), { secret: SECRET, appId: fake.state.apps.id, concurrency: 2, timeoutMs: 20_000, pool: testPool(), log, ...options });
  running = { fake, gate, lines };
  return running;
}

async function open(r: Running, number: number, delivery: string) {
  const repo = r.fake.state.repos[0]!;
  const res = await deliver(r.gate.webhookUrl, "pull_request", pullRequestEvent(r.fake.state, repo, number, "opened"), SECRET, delivery);
  expect(res.status).toBe(200);
}

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
async function scrape(r: Running): Promise<Map<string, number>> {
  const url = await r.gate.gate.metricsUrl();
  const res = await fetch(url!);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    const m = /^([a-z_:]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

function sum(samples: Map<string, number>, prefix: string): number {
  return [...samples].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
}

// Every request made with an installation's Octokit, its token request included; the app's own
// identity lookup (GET /app) goes through the app's JWT Octokit, which is not instrumented.
const installationRequests = (r: Running) => r.fake.requests.filter((q) => !(q.method === "GET" && q.path === "/app")).length;
const verdicts = (r: Running) => r.lines.filter((l) => l.msg === "agent-gate verdict");

describe("metrics", () => {
  it("counts evaluations, findings, API requests and webhooks with their labels", async () => {
    const r = await start({ metrics: { port: 0 } });
    await open(r, 2, "delivery-agent");
    await open(r, 1, "delivery-human");
    await r.gate.gate.queue.idle();
    const m = await scrape(r);
    expect(m.get('agent_gate_evaluations_total{conclusion="action_required",mode="scan",event="pull_request.opened"}')).toBe(1);
    expect(m.get('agent_gate_evaluations_total{conclusion="success",mode="scan",event="pull_request.opened"}')).toBe(1);
    expect(m.get('agent_gate_evaluation_duration_seconds_count{mode="scan"}')).toBe(2);
    expect(m.get('agent_gate_findings_total{rule="python/sql-injection"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('agent_gate_findings_total{rule="any/hardcoded-credentials"}')).toBeGreaterThanOrEqual(1);
    for (const route of ["pulls", "checks", "graphql"]) expect(m.get(`agent_gate_github_requests_total{route="${route}",status="2xx"}`)).toBeGreaterThan(0);
    // No .github/agent-gate.yml in the demo: both places the config is looked for answer 404.
    expect(m.get('agent_gate_github_requests_total{route="contents",status="4xx"}')).toBeGreaterThan(0);
    expect(sum(m, "agent_gate_github_requests_total{")).toBe(installationRequests(r));
    const left = m.get(`agent_gate_github_rate_limit_remaining{installation="${r.fake.state.installationId}"}`);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(RATE_LIMIT);
    expect(m.get('agent_gate_webhook_duration_seconds_count{event="pull_request.opened"}')).toBe(2);
    expect(m.get("agent_gate_queue_wait_seconds_count")).toBeGreaterThanOrEqual(2);
    expect(m.get('agent_gate_queue_depth{state="queued"}')).toBe(0);
    expect(m.get('agent_gate_queue_depth{state="running"}')).toBe(0);
    expect(m.has("agent_gate_process_resident_memory_bytes") || m.has("agent_gate_nodejs_heap_size_used_bytes")).toBe(true);
  });

  it("counts a GitHub error by its status class and the failure it ended in", async () => {
    const r = await start({ metrics: { port: 0 } });
    r.fake.failNext("GET", /\/pulls\/2\/files$/, 500);
    await open(r, 2, "delivery-500");
    await r.gate.gate.queue.idle();
    const m = await scrape(r);
    expect(m.get('agent_gate_github_requests_total{route="pulls",status="5xx"}')).toBe(1);
    expect(m.get('agent_gate_evaluations_total{conclusion="failure",mode="scan",event="pull_request.opened"}')).toBe(1);
    expect(verdicts(r)).toEqual([expect.objectContaining({ delivery: "delivery-500", conclusion: "failure", written: true })]);
  });

  it("serves only GET /metrics on its own port, and nothing on the webhook port", async () => {
    const r = await start({ metrics: { port: 0 } });
    const url = (await r.gate.gate.metricsUrl())!;
    expect((await fetch(url.replace(/\/metrics$/, "/"))).status).toBe(404);
    expect((await fetch(url, { method: "POST" })).status).toBe(404);
    expect((await fetch(r.gate.webhookUrl.replace(/\/api\/github\/webhooks$/, "/metrics"))).status).toBe(404);
  });

  it("is off unless asked for", async () => {
    const r = await start({ metrics: false });
    expect(r.gate.gate.metrics).toBeUndefined();
    expect(await r.gate.gate.metricsUrl()).toBeUndefined();
    // The log line does not depend on metrics.
    await open(r, 2, "delivery-off");
    await r.gate.gate.queue.idle();
    expect(verdicts(r)).toEqual([expect.objectContaining({ delivery: "delivery-off", conclusion: "action_required" })]);
  });
});

describe("the verdict's log line", () => {
  it("has every field, once per evaluation, with the API requests that evaluation made", async () => {
    const r = await start({ metrics: false });
    await open(r, 2, "delivery-agent");
    await r.gate.gate.queue.idle();
    const lines = verdicts(r);
    expect(lines).toHaveLength(1);
    const repo = r.fake.state.repos[0]!;
    const pull = repo.pulls.find((p) => p.number === 2)!;
    expect(lines[0]).toEqual(
      expect.objectContaining({
        delivery: "delivery-agent",
        installation: String(r.fake.state.installationId),
        event: "pull_request.opened",
        owner: repo.owner,
        repo: repo.name,
        number: 2,
        headSha: pull.head.sha,
        mode: "scan",
        conclusion: "action_required",
        written: true,
        pulls: 1,
        couldNotCheck: 0,
        approvals: 0,
        apiRequests: installationRequests(r),
      }),
    );
    expect(lines[0]!.findings).toBeGreaterThanOrEqual(2);
    expect(lines[0]!.blocking).toBeGreaterThanOrEqual(2);
    expect(lines[0]!.ms).toEqual(expect.any(Number));
  });

  it("keeps the request counts of concurrent evaluations apart", async () => {
    const r = await start({ metrics: false });
    await Promise.all([open(r, 1, "d1"), open(r, 2, "d2")]);
    await r.gate.gate.queue.idle();
    const lines = verdicts(r);
    expect(lines.map((l) => l.delivery).sort()).toEqual(["d1", "d2"]);
    const counts = lines.map((l) => l.apiRequests as number);
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(counts[0]! + counts[1]!).toBe(installationRequests(r));
  });
});
