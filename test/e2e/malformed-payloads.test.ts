// Validly-signed webhooks whose payloads do not have the shape the app reads: every one is
// answered 400 through Probot's real middleware, before any handler or GitHub call, never 500.
// Next to them, the same deliveries well-formed (and near-misses GitHub does send) are accepted.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { pino } from "pino";
import type { Probot } from "probot";
import { createApp } from "../../src/app.js";
import { PULL_REQUEST_ACTIONS } from "../../src/handlers/pull-request.js";
import { payloadProblems, WEBHOOK_SCHEMAS } from "../../src/github/webhook-schemas.js";
import {
  checkRunEvent, checkSuiteEvent, issueCommentEvent, pullRequestEvent, pullRequestReviewEvent, type FakeState,
} from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { demoState } from "../../src/fake-github/demo-state.js";
import { startGate } from "../../src/fake-github/harness.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { SECRET, world, type World } from "../support/fake-pulls.js";
import { testPool } from "../support/pool.js";

const HUMAN_PR = 1;
const COMMENT = 501;
const REVIEW = 601;
let w: World;
let runId: number;

type Payload = Record<string, unknown>;
type Mutation = "null" | "missing" | "wrong type";

/** The deliveries the app handles, built fresh (mutations change them) from the fake's state. */
function handled(state: FakeState): { event: string; label: string; payload: Payload }[] {
  const repo = state.repos[0]!;
  const head = repo.pulls[0]!.head.sha;
  return [
    ...PULL_REQUEST_ACTIONS.map((name) => name.split(".")[1] as Parameters<typeof pullRequestEvent>[3])
      .map((action) => ({ event: "pull_request", label: `pull_request.${action}`, payload: pullRequestEvent(state, repo, HUMAN_PR, action) })),
    ...(["submitted", "edited", "dismissed"] as const)
      .map((action) => ({ event: "pull_request_review", label: `pull_request_review.${action}`, payload: pullRequestReviewEvent(state, repo, HUMAN_PR, REVIEW, action) })),
    ...(["created", "edited", "deleted"] as const)
      .map((action) => ({ event: "issue_comment", label: `issue_comment.${action}`, payload: issueCommentEvent(state, repo, HUMAN_PR, COMMENT, action, { previousBody: "before" }) })),
    { event: "check_run", label: "check_run.rerequested", payload: checkRunEvent(state, repo, runId, "rerequested", "bob") },
    { event: "check_run", label: "check_run.requested_action", payload: checkRunEvent(state, repo, runId, "requested_action", "bob", "rerun") },
    { event: "check_suite", label: "check_suite.rerequested", payload: checkSuiteEvent(state, repo, head, "rerequested", "bob") },
  ];
}

const ENVELOPE = ["action", "repository", "repository.name", "repository.owner", "repository.owner.login", "installation.id", "sender", "sender.login", "sender.type"];

/** The fields each event's handlers and queued work read; every one is broken three ways. */
const READ: Record<string, string[]> = {
  pull_request: [...ENVELOPE, "pull_request", "pull_request.number", "pull_request.head", "pull_request.head.sha"],
  pull_request_review: [...ENVELOPE, "pull_request", "pull_request.number"],
  issue_comment: [...ENVELOPE, "issue", "issue.number", "comment", "comment.id"],
  check_run: [...ENVELOPE, "check_run", "check_run.id", "check_run.name", "check_run.head_sha", "check_run.pull_requests", "check_run.pull_requests.0.number"],
  check_suite: [...ENVELOPE, "check_suite", "check_suite.head_sha", "check_suite.pull_requests", "check_suite.pull_requests.0.number"],
};

/** Fields GitHub may send null or leave out (the app copes); only a wrong type is refused. */
const OPTIONAL: Record<string, string[]> = {
  pull_request: ["installation"],
  pull_request_review: ["installation"],
  issue_comment: ["installation", "issue.pull_request", "comment.body", "comment.user", "changes"],
  check_run: ["installation", "check_run.app", "requested_action"],
  check_suite: ["installation", "check_suite.app"],
};

function wrongType(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return 42;
  if (Array.isArray(value)) return { 0: value[0] };
  return "x";
}

/** A copy of `payload` with `path` broken; undefined when the payload has no such field to break. */
function mutate(payload: Payload, path: string, how: Mutation): Payload | undefined {
  const copy = structuredClone(payload);
  const keys = path.split(".");
  const last = keys.pop()!;
  let parent: Record<string, unknown> = copy;
  for (const key of keys) parent = parent[key] as Record<string, unknown>;
  if (parent === null || typeof parent !== "object" || !(last in parent)) return undefined;
  if (how === "missing") delete parent[last];
  else parent[last] = how === "null" ? null : wrongType(parent[last]);
  return copy;
}

const send = (event: string, payload: unknown) => deliver(w.gate.webhookUrl, event, payload, SECRET);

beforeAll(async () => {
  // The example payloads name repositories the fake does not have: their verdict writes fail, and
  // backing off between tries would only slow the test.
  w = await world((repo) => {
    const at = "2025-06-02T09:00:00Z";
    repo.issueComments.push({ id: COMMENT, issue_number: HUMAN_PR, user: "alice", body: "Looks fine.", created_at: at, updated_at: at });
    repo.pulls[0]!.reviews.push({ id: REVIEW, user: "alice", state: "COMMENTED", commit_id: repo.pulls[0]!.head.sha, body: "ok", submitted_at: at });
  }, { writeRetry: { attempts: 1, baseMs: 0, capMs: 0 } });
  const repo = w.repo;
  runId = w.fake.createCheckRunAs(w.fake.state.apps, repo.owner, repo.name, { name: "agent-gate", head_sha: repo.pulls[0]!.head.sha, status: "completed", conclusion: "success" }).id;
});

afterAll(async () => {
  await w.gate.gate.queue.idle();
  await w.stop();
});

describe("malformed payloads of every handled event", () => {
  it("covers every event and action the handlers register", async () => {
    const registered: string[] = [];
    const recorder = {
      on: (names: string | string[]) => registered.push(...[names].flat()),
      webhooks: { verifyAndReceive: async () => {}, verify: async () => true },
      log: console,
    } as unknown as Probot;
    const { app, gate } = createApp({ pool: testPool(), metrics: false });
    app(recorder);
    await gate.close();
    expect([...new Set(registered.map((r) => r.split(".")[0]))].sort()).toEqual(Object.keys(WEBHOOK_SCHEMAS).sort());
    expect(registered.filter((r) => !handled(w.fake.state).some((d) => d.label === r))).toEqual([]);
  });

  it("answers 400, not 500, and never reaches a handler or GitHub", async () => {
    w.fake.resetRequests();
    const answers: { label: string; status: number; body: string }[] = [];
    for (const { event, label, payload } of handled(w.fake.state)) {
      for (const path of READ[event]!) {
        for (const how of ["null", "missing", "wrong type"] as const) {
          const broken = mutate(payload, path, how);
          if (!broken) continue;
          const { status, body } = await send(event, broken);
          answers.push({ label: `${label} ${path} ${how}`, status, body });
        }
      }
      for (const path of OPTIONAL[event]!) {
        const broken = mutate(payload, path, "wrong type");
        if (broken) answers.push({ label: `${label} ${path} wrong type`, ...(await send(event, broken)) });
      }
      const noInstallation = mutate(payload, "installation", "null");
      answers.push({ label: `${label} installation null`, ...(await send(event, noInstallation)) });
      for (const junk of [null, [], "x", 7]) answers.push({ label: `${label} payload ${JSON.stringify(junk)}`, ...(await send(event, junk)) });
    }
    // Enough cases to mean something: every action × every read field × three ways.
    expect(answers.length).toBeGreaterThan(400);
    expect(answers.filter((a) => a.status !== 400).map((a) => `${a.label}: ${a.status}`)).toEqual([]);
    expect(answers.find((a) => a.label === "pull_request.opened pull_request.number wrong type")?.body).toMatch(/malformed pull_request payload: pull_request\.number/);
    expect(w.fake.requests).toEqual([]);
  }, 120_000);

  it("a wrong signature is refused as a forgery, without the schema's findings", async () => {
    const { payload } = handled(w.fake.state)[0]!;
    const broken = mutate(payload, "pull_request.number", "null");
    const { status, body } = await deliver(w.gate.webhookUrl, "pull_request", broken, SECRET, undefined, { signature: `sha256=${"0".repeat(64)}` });
    expect(status).toBe(400);
    expect(body).toMatch(/signature does not match/);
    expect(body).not.toMatch(/pull_request\.number/);
  });
});

describe("well-formed payloads (controls)", () => {
  it("each handled event as the fake GitHub sends it is answered 200", async () => {
    const statuses = [];
    for (const { label, event, payload } of handled(w.fake.state)) statuses.push(`${label} ${(await send(event, payload)).status}`);
    expect(statuses.filter((s) => !s.endsWith(" 200"))).toEqual([]);
    await w.gate.gate.queue.idle();
    // The handlers ran: the PR got a run of its own besides the one the test made.
    expect(w.repo.checkRuns.filter((r) => r.id !== runId && r.head_sha === w.repo.pulls[0]!.head.sha && r.status === "completed").length).toBeGreaterThan(0);
  }, 60_000);

  it("fields GitHub sends null or leaves out are accepted", async () => {
    const [comment] = handled(w.fake.state).filter((d) => d.label === "issue_comment.created");
    for (const path of ["comment.user", "comment.body", "issue.pull_request"]) {
      for (const how of ["null", "missing"] as const) expect((await send("issue_comment", mutate(comment!.payload, path, how))).status).toBe(200);
    }
    const run = handled(w.fake.state).find((d) => d.label === "check_run.rerequested")!;
    expect((await send("check_run", { ...run.payload, check_run: { ...(run.payload.check_run as Payload), pull_requests: [] } })).status).toBe(200);
    await w.gate.gate.queue.idle();
  }, 60_000);

  it("a delivery without an installation fits (repository webhooks and some examples have none)", () => {
    for (const { event, payload } of handled(w.fake.state)) expect(payloadProblems(event, mutate(payload, "installation", "missing"))).toBeUndefined();
  });

  it("events the app does not handle are not checked", async () => {
    expect((await send("push", { ref: null })).status).toBe(200);
    expect(payloadProblems("push", { ref: null })).toBeUndefined();
  });

  it("every real example payload of the handled events fits its schema", () => {
    const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as { name: string; examples: unknown[] }[];
    const checked: string[] = [];
    for (const name of Object.keys(WEBHOOK_SCHEMAS)) {
      const def = examples.find((d) => d.name === name)!;
      def.examples.forEach((payload, i) => {
        checked.push(name);
        expect([name, i, payloadProblems(name, payload)]).toEqual([name, i, undefined]);
      });
    }
    expect(checked.length).toBeGreaterThan(40);
  });

  it("every real example payload of the handled events is answered 200 over HTTP", async () => {
    const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as { name: string; examples: { action?: string }[] }[];
    const answers: string[] = [];
    for (const name of Object.keys(WEBHOOK_SCHEMAS)) {
      for (const payload of examples.find((d) => d.name === name)!.examples) answers.push(`${name}.${payload.action} ${(await send(name, payload)).status}`);
    }
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter((a) => !a.endsWith(" 200"))).toEqual([]);
    await w.gate.gate.queue.idle();
  }, 60_000);
});

describe("the log line of a refused payload", () => {
  it("names the delivery, the event and what is wrong, without the payload's text", async () => {
    const fake = new FakeGitHub(demoState());
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const gate = await startGate(await fake.start(), { secret: SECRET, appId: fake.state.apps.id, pool: testPool(), metrics: false, log: pino({ level: "info" }, sink) });
    try {
      const payload = pullRequestEvent(fake.state, fake.state.repos[0]!, 1, "opened") as Payload;
      (payload.pull_request as Payload).title = "SECRET-TITLE";
      (payload.pull_request as Payload).number = "1";
      const { status } = await deliver(gate.webhookUrl, "pull_request", payload, SECRET, "delivery-under-test");
      expect(status).toBe(400);
      const line = lines.find((l) => l.msg === "malformed webhook payload refused (400)");
      expect(line).toMatchObject({ level: 40, delivery: "delivery-under-test", event: "pull_request", problems: [expect.stringMatching(/^pull_request\.number: /)] });
      expect(JSON.stringify(lines)).not.toContain("SECRET-TITLE");
    } finally {
      await gate.stop();
      await fake.stop();
    }
  });
});
