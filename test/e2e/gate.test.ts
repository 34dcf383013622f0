// The real app behind Probot's webhook middleware, driven by signed webhooks over HTTP against
// the fake GitHub: what an installation would see.
import { afterEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent, checkRunEvent, checkSuiteEvent } from "../../src/fake-github/state.js";
import { deliver, sign } from "../../src/fake-github/webhooks.js";
import { addPull, SECRET, world, type World } from "../support/fake-pulls.js";

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

const COPILOT_AUTHOR = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };

async function open(number: number, id?: string) {
  const res = await deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, number, "opened"), SECRET, id);
  await w!.gate.gate.queue.idle();
  return res;
}

function runsFor(number: number) {
  const pull = w!.repo.pulls.find((p) => p.number === number)!;
  return w!.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
}

describe("end to end through the fake GitHub", () => {
  it("blocks the demo's agent PR and passes its human PR", async () => {
    w = await world();
    expect((await open(1)).status).toBe(200);
    expect((await open(2)).status).toBe(200);
    const human = runsFor(1);
    const agent = runsFor(2);
    expect(human.map((r) => [r.status, r.conclusion])).toEqual([["completed", "success"]]);
    expect(agent.map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
    const rules = agent[0]!.annotations.map((a) => `${a.path}:${a.start_line} ${a.title}`);
    expect(rules).toEqual(
      expect.arrayContaining([expect.stringMatching(/^shop\/api\/users\.py:\d+ python\/sql-injection/), expect.stringMatching(/^shop\/config\.py:\d+ any\/hardcoded-credentials/)]),
    );
    expect(agent[0]!.actions.map((a) => a.identifier)).toEqual(["approve", "rerun"]);
  });

  it("passes a human PR without listing or reading its files", async () => {
    w = await world();
    await open(1);
    const paths = w.fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths.some((p) => p.includes("/files") || p.includes("/graphql"))).toBe(false);
    // app slug, token, PR, the open PRs (one page: which share this head), config + org fallback,
    // commits, and the run created completed. The head's earlier runs are not read: alone on its
    // head and needing no approval, the PR needs no stored state.
    expect(paths).toHaveLength(8);
  });

  it("rejects a forged signature and posts nothing", async () => {
    w = await world();
    const payload = pullRequestEvent(w.fake.state, w.repo, 2, "opened");
    const forged = await deliver(w.gate.webhookUrl, "pull_request", payload, SECRET, undefined, { signature: sign(JSON.stringify(payload), "wrong-secret") });
    await w.gate.gate.queue.idle();
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);
    expect(w.fake.requests).toEqual([]);
    expect(w.repo.checkRuns).toEqual([]);
  });

  it("ends in a failure check with a Re-run button when GitHub answers 500, and recovers on re-run", async () => {
    w = await world();
    w.fake.failNext("GET", /\/pulls\/2\/files$/, 500);
    await open(2);
    const [failedRun] = runsFor(2);
    expect(failedRun).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(failedRun!.output.summary).toContain("GitHub answered 500 on GET /repos/acme/shop/pulls/2/files");
    expect(failedRun!.actions.map((a) => a.label)).toEqual(["Re-run"]);

    await deliver(w.gate.webhookUrl, "check_run", checkRunEvent(w.fake.state, w.repo, failedRun!.id, "rerequested", "alice"), SECRET);
    await w.gate.gate.queue.idle();
    // The head keeps one run: the failure, which carries no annotations, is replaced by the verdict.
    expect(runsFor(2).map((r) => [r.id, r.conclusion])).toEqual([[failedRun!.id, "action_required"]]);
    expect(runsFor(2)[0]!.annotations.length).toBeGreaterThan(0);
  });

  it("re-runs from the Re-run button and from the suite's re-run link", async () => {
    w = await world();
    await open(2);
    const first = runsFor(2)[0]!;
    const annotationsOnce = [...first.annotations];
    expect(annotationsOnce.length).toBeGreaterThan(0);
    await deliver(w.gate.webhookUrl, "check_run", checkRunEvent(w.fake.state, w.repo, first.id, "requested_action", "alice", "rerun"), SECRET);
    await w.gate.gate.queue.idle();
    await deliver(w.gate.webhookUrl, "check_suite", checkSuiteEvent(w.fake.state, w.repo, first.head_sha, "rerequested", "alice"), SECRET);
    await w.gate.gate.queue.idle();
    // Each re-run scanned again (three evaluations), into the head's one run, whose annotations are not doubled.
    const scans = w.fake.requests.filter((r) => r.method === "GET" && r.path.endsWith("/pulls/2/files"));
    expect(scans).toHaveLength(3);
    expect(runsFor(2).map((r) => [r.id, r.conclusion])).toEqual([[first.id, "action_required"]]);
    expect(runsFor(2)[0]!.annotations).toEqual(annotationsOnce);
  });

  it("keeps one run per head across re-runs, but never folds other annotations or a failure into a run that holds a verdict", async () => {
    w = await world();
    await open(2);
    const [first] = runsFor(2);
    const rerun = async (id: number) => {
      await deliver(w!.gate.webhookUrl, "check_run", checkRunEvent(w!.fake.state, w!.repo, id, "rerequested", "alice"), SECRET);
      await w!.gate.gate.queue.idle();
    };
    // A re-run that writes: one update of the same run, no in-progress write and no annotations resent.
    const before = w.fake.requests.length;
    await rerun(first!.id);
    const writes = w.fake.requests.slice(before).filter((r) => r.path.includes("/check-runs") && r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /repos/acme/shop/check-runs/${first!.id}`]);

    // The findings change on the same head (a rule turned off on the default branch): GitHub cannot
    // remove the old annotations, so the new verdict goes to a new run.
    w.repo.files.main = { ...w.repo.files.main, ".github/agent-gate.yml": "rules:\n  any/hardcoded-credentials: off\n" };
    await rerun(first!.id);
    const [, second] = runsFor(2);
    expect(second).toMatchObject({ conclusion: "action_required" });
    expect(second!.annotations.some((a) => a.title?.startsWith("any/hardcoded-credentials"))).toBe(false);
    expect(first!.annotations.some((a) => a.title?.startsWith("any/hardcoded-credentials"))).toBe(true);

    // A failure does not overwrite the run holding the verdict's state: it is written beside it.
    w.fake.failNext("GET", /\/pulls\/2\/files$/, 500);
    await rerun(second!.id);
    expect(runsFor(2).map((r) => [r.id, r.conclusion])).toEqual([
      [first!.id, "action_required"],
      [second!.id, "action_required"],
      [expect.any(Number), "failure"],
    ]);
    expect(second!.output.text).toContain("agent-gate-state");
  });

  it("evaluates a redelivered delivery once", async () => {
    w = await world();
    await open(2, "11111111-2222-3333-4444-555555555555");
    await open(2, "11111111-2222-3333-4444-555555555555");
    expect(runsFor(2)).toHaveLength(1);
  });

  it("keeps blocking an agent PR that switches the gate off in its own config", async () => {
    w = await world((repo) => {
      repo.files.main = { ...repo.files.main, ".github/agent-gate.yml": "enabled: true\n" };
      addPull(repo, {
        number: 3,
        user: "Copilot",
        headRef: "copilot/quiet",
        files: { ".github/agent-gate.yml": "enabled: false\n" },
        commitAuthor: COPILOT_AUTHOR,
      });
    });
    await open(3);
    const [run] = runsFor(3);
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(run!.annotations.map((a) => a.title)).toEqual(["any/gate-tamper (gate-tamper, CWE-284)"]);
    const configReads = w.fake.requests.filter((r) => r.path.includes("contents/.github/agent-gate.yml"));
    expect(configReads.every((r) => r.query.ref === undefined)).toBe(true);
  });

  it("reads a 300-file agent PR, head and base, in requests that grow with files/100, annotating 50 per request", async () => {
    const files: Record<string, string> = {};
    const before: Record<string, string> = {};
    for (let i = 0; i < 300; i++) {
      files[`app/db/q${i}.py`] = `def q${i}(cur, x):\n    cur.execute(f"SELECT * FROM t WHERE id = {x}")\n`;
      before[`app/db/q${i}.py`] = `def q${i}(cur, x):\n    cur.execute("SELECT * FROM t WHERE id = %s", (x,))\n`;
    }
    w = await world((repo) => {
      repo.files.main = { ...repo.files.main, ...before };
      addPull(repo, { number: 4, user: "Copilot", headRef: "copilot/bulk", files, commitAuthor: COPILOT_AUTHOR });
    }, { progressAfterMs: 60_000 });
    await open(4);
    const [run] = runsFor(4);
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(run!.annotations).toHaveLength(300);

    const count = (method: string, re: RegExp) => w!.fake.requests.filter((r) => r.method === method && re.test(r.path)).length;
    const pages = count("GET", /\/pulls\/4\/files$/);
    const blobBatches = count("POST", /^\/graphql$/);
    const annotationWrites = count("PATCH", /\/check-runs\/\d+$/);
    // The run is created with the first 50 annotations, the other 250 follow 50 per update.
    expect([pages, blobBatches, annotationWrites]).toEqual([3, 6, 5]);
    expect(count("GET", /\/contents\/app\//)).toBe(0);
    // Reading the PR (meta, commits, file pages, head and base blobs) and writing its annotations.
    const evaluation = count("GET", /\/pulls\/4$/) + count("GET", /\/pulls\/4\/commits$/) + pages + blobBatches + annotationWrites;
    expect(evaluation).toBeLessThanOrEqual(3 + 3 * Math.ceil(300 / 100) + Math.ceil(300 / 50));
    // Besides: app slug, token, the head's earlier runs, the open PRs (which share this head),
    // check create, config + org fallback, reviews, comments.
    expect(w.fake.requests.length).toBe(evaluation + 9);
  });
});
