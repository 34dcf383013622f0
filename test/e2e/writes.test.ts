// Writes are the budget: what the app writes per verdict, and that no run is left in progress,
// whatever GitHub answers (secondary rate limits on the evaluation and on the final write, a final
// write that keeps failing until the sweep completes the run).
import { afterEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import type { AppOptions } from "../../src/app.js";
import { GateOctokit } from "../../src/github/octokit.js";
import { addPull, SECRET, world, type World } from "../support/fake-pulls.js";

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

/** Fast retries: the policy is the same, the waits are shorter than GitHub's. */
const QUICK_RETRY: AppOptions["writeRetry"] = { attempts: 4, baseMs: 5, capMs: 20 };

async function open(number: number) {
  await deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, number, "opened"), SECRET);
  await w!.gate.gate.queue.idle();
}

function runsFor(number: number) {
  const pull = w!.repo.pulls.find((p) => p.number === number)!;
  return w!.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
}

/** Requests that write: everything but reads, the token and GraphQL reads (which Octokit's throttle counts as writes, listed apart). */
function writes() {
  return w!.fake.requests
    .filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens") && r.path !== "/graphql")
    .map((r) => `${r.method} ${r.path.replace(/\d+$/, "N")} ${(r.body as { status?: string }).status ?? ""}`.trim());
}

describe("a verdict's writes", () => {
  it("writes a human PR's verdict once: the run is created already completed", async () => {
    w = await world(() => {}, { progressAfterMs: 60_000 });
    await open(1);
    expect(writes()).toEqual(["POST /repos/acme/shop/check-runs completed"]);
    expect(runsFor(1).map((r) => [r.status, r.conclusion])).toEqual([["completed", "success"]]);
  });

  it("writes a fast agent PR's verdict once", async () => {
    w = await world(() => {}, { progressAfterMs: 60_000 });
    await open(2);
    expect(writes()).toEqual(["POST /repos/acme/shop/check-runs completed"]);
    expect(runsFor(2).map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
    // Octokit's throttle queues GraphQL with the writes: one query reads the file texts (head and
    // base) and the commits' authors the approval check needs.
    const queries = w.fake.requests.filter((r) => r.path === "/graphql");
    expect(queries).toHaveLength(1);
    expect(queries[0]!.body).toMatchObject({ variables: { number: 2 } });
  });

  it("writes a slow agent PR's run in progress first, then completes it", async () => {
    w = await world(() => {}, { progressAfterMs: 0 });
    await open(2);
    expect(writes()).toEqual(["POST /repos/acme/shop/check-runs in_progress", "PATCH /repos/acme/shop/check-runs/N completed"]);
    expect(runsFor(2).map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
    // Recorded while in progress, forgotten once completed.
    expect(await w.gate.gate.inProgressRuns.olderThan(-60_000)).toEqual([]);
  });
});

describe("requests per human PR", () => {
  it("reads config files once per minute, not per PR: a human PR in a burst costs at most 5 requests", async () => {
    w = await world((repo) => void addPull(repo, { number: 5, user: "bob", files: { "docs/notes.md": "notes\n" } }), { configTtlMs: 60_000 });
    await open(1);
    w.fake.resetRequests();
    await open(5);
    const paths = w.fake.requests.map((r) => `${r.method} ${r.path}`);
    // The PR, the open PRs (which share its head), its commits, and the run created completed.
    expect(paths).toEqual(["GET /repos/acme/shop/pulls/5", "GET /repos/acme/shop/pulls", "GET /repos/acme/shop/pulls/5/commits", "POST /repos/acme/shop/check-runs"]);
    expect(runsFor(5).map((r) => [r.status, r.conclusion])).toEqual([["completed", "success"]]);
  });

  it("control: a changed config is read again once the minute is over (kept 0 ms here)", async () => {
    w = await world((repo) => void addPull(repo, { number: 5, user: "bob", files: { "docs/notes.md": "notes\n" } }), { configTtlMs: 0 });
    await open(1);
    w.repo.files.main = { ...w.repo.files.main, ".github/agent-gate.yml": "gate: all\n" };
    w.fake.resetRequests();
    await open(5);
    expect(w.fake.requests.filter((r) => r.path.endsWith("/agent-gate.yml"))).toHaveLength(1);
    expect(runsFor(5)[0]!.output.summary).toContain("No agent signal fired, but `gate: all` gates every pull request.");
  });
});

describe("no run left in progress", () => {
  it("completes the run as failure when a secondary rate limit meets both the evaluation and the final write", async () => {
    w = await world(() => {}, { progressAfterMs: 0, writeRetry: QUICK_RETRY });
    w.fake.limitNext("GET", /\/pulls\/2\/files$/, 1);
    w.fake.limitNext("PATCH", /\/check-runs\/\d+$/, 2);
    await open(2);
    const runs = runsFor(2);
    expect(runs.map((r) => [r.status, r.conclusion])).toEqual([["completed", "failure"]]);
    expect(runs[0]!.output.summary).toContain("secondary rate limit");
    expect(runs[0]!.actions.map((a) => a.label)).toEqual(["Re-run"]);
    expect(await w.gate.gate.inProgressRuns.olderThan(-60_000)).toEqual([]);
  });

  it("retries a blocking verdict's write after a secondary rate limit instead of giving up on it", async () => {
    w = await world(() => {}, { progressAfterMs: 60_000, writeRetry: QUICK_RETRY });
    w.fake.limitNext("POST", /\/check-runs$/, 3);
    await open(2);
    expect(runsFor(2).map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
  });

  it("control: without the limits the same PR is blocked, not failed", async () => {
    w = await world(() => {}, { progressAfterMs: 0, writeRetry: QUICK_RETRY });
    await open(2);
    expect(runsFor(2).map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
  });

  it("lets GitHub's Redeliver run a delivery again when no try of its verdict's write landed", async () => {
    w = await world(() => {}, { progressAfterMs: 60_000, writeRetry: { attempts: 2, baseMs: 5, capMs: 5 } });
    w.fake.failNext("POST", /\/check-runs$/, 502, 2);
    const send = () => deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, 2, "opened"), SECRET, "d-unwritten");
    await send();
    await w.gate.gate.queue.idle();
    expect(runsFor(2)).toEqual([]);
    expect((await send()).status).toBe(200);
    await w.gate.gate.queue.idle();
    expect(runsFor(2).map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
  });

  it("control: a delivery whose verdict was written is not run again when redelivered", async () => {
    w = await world(() => {}, { progressAfterMs: 60_000, writeRetry: QUICK_RETRY });
    const send = () => deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, 2, "opened"), SECRET, "d-written");
    await send();
    await w.gate.gate.queue.idle();
    const before = w.fake.requests.length;
    await send();
    await w.gate.gate.queue.idle();
    expect(w.fake.requests.length).toBe(before);
  });

  it("sweeps a run whose final write kept failing: completed as failure with a Re-run button, saying why", async () => {
    w = await world(() => {}, { progressAfterMs: 0, writeRetry: { attempts: 2, baseMs: 5, capMs: 5 } });
    w.fake.failNext("PATCH", /\/check-runs\/\d+$/, 502, 2);
    await open(2);
    expect(runsFor(2).map((r) => r.status)).toEqual(["in_progress"]);
    const [left] = await w.gate.gate.inProgressRuns.olderThan(-60_000);
    expect(left).toMatchObject({ owner: "acme", repo: "shop", runId: runsFor(2)[0]!.id, installationId: w.fake.state.installationId });

    // Not yet past the budget: left alone.
    expect(await w.gate.gate.sweep(60_000)).toBe(0);
    expect(runsFor(2).map((r) => r.status)).toEqual(["in_progress"]);

    expect(await w.gate.gate.sweep(0)).toBe(1);
    const [run] = runsFor(2);
    expect([run!.status, run!.conclusion]).toEqual(["completed", "failure"]);
    expect(run!.output.summary).toContain("did not finish this evaluation");
    expect(run!.actions.map((a) => a.label)).toEqual(["Re-run"]);
    expect(await w.gate.gate.inProgressRuns.olderThan(-60_000)).toEqual([]);
  });

  it("never overwrites a verdict whose run was completed but is still recorded", async () => {
    w = await world(() => {}, { progressAfterMs: 60_000 });
    await open(2);
    const [run] = runsFor(2);
    await w.gate.gate.inProgressRuns.add({ installationId: w.fake.state.installationId, owner: "acme", repo: "shop", runId: run!.id, headSha: run!.head_sha, startedAt: 0 });
    expect(await w.gate.gate.sweep(0)).toBe(0);
    expect(runsFor(2).map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
    expect(await w.gate.gate.inProgressRuns.olderThan(-60_000)).toEqual([]);
  });
});

describe("the app's Octokit under GitHub's rate limits", () => {
  it("waits out a secondary rate limit on a read and still decides the PR", async () => {
    w = await world(() => {}, { Octokit: GateOctokit, progressAfterMs: 60_000 });
    w.fake.limitNext("GET", /\/pulls\/2\/files$/, 1, 1);
    const started = Date.now();
    await open(2);
    expect(runsFor(2).map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
    // Retried after GitHub's retry-after, not before.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(w.fake.requests.filter((r) => r.path === "/repos/acme/shop/pulls/2/files")).toHaveLength(2);
  });

  it("control: with retries off the same limit fails the evaluation closed", async () => {
    w = await world(() => {}, { progressAfterMs: 60_000 });
    w.fake.limitNext("GET", /\/pulls\/2\/files$/, 1, 1);
    await open(2);
    expect(runsFor(2).map((r) => [r.status, r.conclusion])).toEqual([["completed", "failure"]]);
  });
});
