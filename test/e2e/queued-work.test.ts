// Issue 16 §1: a webhook queues plain-JSON work and returns without waiting for GitHub; a
// command's answer is one reaction, queued and retried on transient errors; a delivery whose
// work failed may be redelivered and runs again, one that succeeded does not.
import { afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { issueCommentEvent, pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { replyBackoff } from "../../src/workers/reply.js";
import { SECRET, world, type World } from "../support/fake-pulls.js";

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});
beforeAll(() => {
  replyBackoff.ms = 5;
});

const AGENT_PR = 2;

function addComment(login: string, body: string): number {
  const id = 900 + w!.repo.issueComments.length;
  const at = new Date(Date.now() + 1000).toISOString();
  w!.repo.issueComments.push({ id, issue_number: AGENT_PR, user: login, body, created_at: at, updated_at: at });
  return id;
}

const reactionsOn = (id: number) => w!.repo.reactions.filter((r) => r.comment_id === id).map((r) => r.content);
const runsOnAgentHead = () => w!.repo.checkRuns.filter((r) => r.head_sha === w!.repo.pulls.find((p) => p.number === AGENT_PR)!.head.sha);

describe("handlers queue their work and return", () => {
  it("answers a command's webhook while GitHub is not answering at all", async () => {
    w = await world((repo, fake) => {
      fake.state.users.carol = { login: "carol", id: 501, type: "User" };
      repo.permissions.carol = "write";
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    w.fake.observers.push(() => held);
    const id = addComment("carol", "/agent-gate recheck");
    const res = await deliver(w.gate.webhookUrl, "issue_comment", issueCommentEvent(w.fake.state, w.repo, AGENT_PR, id, "created"), SECRET);
    expect(res.status).toBe(200);
    expect(reactionsOn(id)).toEqual([]);
    release();
    await w.gate.gate.queue.idle();
    // One reaction, the answer: no 👀 first.
    expect(reactionsOn(id)).toEqual(["+1"]);
    expect(runsOnAgentHead().map((r) => r.conclusion)).toEqual(["action_required"]);
  });

  it("retries a reaction that met a transient error, and gives up on a permanent one", async () => {
    w = await world((_repo, fake) => {
      fake.state.users.carol = { login: "carol", id: 501, type: "User" };
    });
    w.fake.failNext("POST", /\/issues\/comments\/\d+\/reactions$/, 502, 2);
    const id = addComment("carol", "/agent-gate explain python/sql-injection");
    await deliver(w.gate.webhookUrl, "issue_comment", issueCommentEvent(w.fake.state, w.repo, AGENT_PR, id, "created"), SECRET);
    await w.gate.gate.queue.idle();
    expect(reactionsOn(id)).toEqual(["+1"]);
    expect(w.repo.issueComments.filter((c) => c.user.endsWith("[bot]"))).toHaveLength(1);

    w.fake.failNext("POST", /\/issues\/comments\/\d+\/reactions$/, 404, 1);
    const gone = addComment("carol", "/agent-gate explain python/sql-injection");
    await deliver(w.gate.webhookUrl, "issue_comment", issueCommentEvent(w.fake.state, w.repo, AGENT_PR, gone, "created"), SECRET);
    await w.gate.gate.queue.idle();
    expect(reactionsOn(gone)).toEqual([]);
    expect(w.fake.requests.filter((r) => r.method === "POST" && r.path.endsWith(`/comments/${gone}/reactions`))).toHaveLength(1);
  });
});

describe("redelivery", () => {
  async function open(delivery: string) {
    const res = await deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, AGENT_PR, "opened"), SECRET, delivery);
    await w!.gate.gate.queue.idle();
    return res;
  }

  it("runs a delivery again when its evaluation failed", async () => {
    w = await world();
    w.fake.failNext("GET", /\/pulls\/2\/files$/, 500);
    await open("d-failed");
    expect(runsOnAgentHead().map((r) => r.conclusion)).toEqual(["failure"]);
    expect((await open("d-failed")).status).toBe(200);
    // Run again into the head's one run: the failure is replaced by the verdict.
    expect(runsOnAgentHead().map((r) => r.conclusion)).toEqual(["action_required"]);
  });

  it("does not run a delivery again when it succeeded (control)", async () => {
    w = await world();
    await open("d-ok");
    const before = w.fake.requests.length;
    expect((await open("d-ok")).status).toBe(200);
    expect(w.fake.requests.length).toBe(before);
    expect(runsOnAgentHead().map((r) => r.conclusion)).toEqual(["action_required"]);
  });
});
