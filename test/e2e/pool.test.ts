// The event loop never stalls: verifiers run in worker threads, so a rule that never returns
// costs its evaluation (a `failure` with Re-run once the budget is spent, its worker
// terminated), not the app. Webhooks are answered meanwhile and the next evaluation works.
import { afterAll, afterEach, describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { VerifierPool } from "../../src/engine/pool.js";
import { pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { addPull, SECRET, world, type World } from "../support/fake-pulls.js";
import { LOOP_MARKER, LOOPING_MODULE, verifier as looping } from "../support/looping-verifier.js";

const BUDGET_MS = 5000;
const COPILOT_AUTHOR = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const catalogue = loadCatalogue();
const verifiers = [...loadVerifiers(catalogue), looping];
// One thread: if the looping worker were not terminated, nothing after it could run. The
// per-file budget is far above the evaluation's, so the evaluation's budget is what stops it.
const pool = new VerifierPool({ threads: 1, fileTimeoutMs: 600_000, extraModules: [LOOPING_MODULE] });
// A per-file budget well inside the evaluation's: the looping file alone is given up.
const perFile = new VerifierPool({ threads: 1, fileTimeoutMs: 1500, extraModules: [LOOPING_MODULE] });
afterAll(() => Promise.all([pool.close(), perFile.close()]));

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

function send(number: number) {
  return deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, number, "opened"), SECRET);
}

function runsFor(number: number) {
  const pull = w!.repo.pulls.find((p) => p.number === number)!;
  return w!.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

const config = defaultConfig(catalogue);
const harmless = { path: "shop/db/ok.py", status: "added", language: "python" as const, text: "x = 1\n", scopes: ["secrets"] };

/** Starts the pool's worker, so that budgets are spent analysing rather than loading modules. */
async function warm(p: VerifierPool): Promise<void> {
  expect((await p.run([harmless], verifiers, config)).incomplete).toEqual([]);
}

describe("worker pool under the real app", () => {
  it("a verifier that never returns ends its evaluation in failure; webhooks are answered meanwhile; the next evaluation succeeds", async () => {
    w = await world(
      (repo) => void addPull(repo, { number: 10, user: "Copilot", headRef: "copilot/spin", files: { "shop/db/spin.py": `# ${LOOP_MARKER}\nx = 1\n` }, commitAuthor: COPILOT_AUTHOR }),
      { pool, verifiers, timeoutMs: BUDGET_MS, progressAfterMs: 0 },
    );
    await warm(pool);
    expect((await send(10)).status).toBe(200);
    await until(() => pool.busy > 0 || runsFor(10).some((r) => r.status === "completed"));

    // The worker is spinning; the app's own thread is free and answers at once.
    expect((await send(1)).status).toBe(200);
    expect(pool.busy).toBe(1);
    expect(runsFor(10).map((r) => r.status)).toEqual(["in_progress"]);

    await w.gate.gate.queue.idle();
    const [spun] = runsFor(10);
    expect(spun).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(spun!.output.summary).toContain(`took longer than ${BUDGET_MS / 1000} s and was stopped`);
    expect(spun!.actions.map((a) => a.label)).toEqual(["Re-run"]);
    expect(runsFor(1).map((r) => r.conclusion)).toEqual(["success"]);
    expect(pool.busy).toBe(0);

    // The single thread serves again only because the spinning worker was terminated.
    await warm(pool);
    await send(2);
    await w.gate.gate.queue.idle();
    const [next] = runsFor(2);
    expect(next).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(next!.annotations.map((a) => a.title)).toEqual(expect.arrayContaining([expect.stringMatching(/^python\/sql-injection/)]));
  }, 60_000);

  it("a file over the per-file budget becomes could-not-check; the other file's finding is still annotated", async () => {
    const sql = 'import sqlite3\n\n\ndef find(db, name):\n    return db.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n';
    w = await world(
      (repo) =>
        void addPull(repo, {
          number: 11,
          user: "Copilot",
          headRef: "copilot/mixed",
          files: { "shop/db/spin.py": `# ${LOOP_MARKER}\nx = 1\n`, "shop/db/users.py": sql },
          commitAuthor: COPILOT_AUTHOR,
        }),
      { pool: perFile, verifiers, timeoutMs: 45_000 },
    );
    await warm(perFile);
    await send(11);
    await w.gate.gate.queue.idle();
    const [run] = runsFor(11);
    expect(run).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(run!.output.summary).toContain("could not check `shop/db/spin.py`: its analysis took longer than the 1.5 s per-file budget and was stopped");
    const notes = run!.annotations.map((a) => `${a.path} ${a.title}`);
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/^shop\/db\/users\.py python\/sql-injection/)]));
    expect(notes.some((n) => n.startsWith("shop/db/users.py") && /could not check/i.test(n))).toBe(false);
  }, 60_000);

  it("control: without the looping file the same agent PR is evaluated within the budget", async () => {
    w = await world(
      (repo) => void addPull(repo, { number: 10, user: "Copilot", headRef: "copilot/spin", files: { "shop/db/spin.py": "x = 1\n" }, commitAuthor: COPILOT_AUTHOR }),
      { pool, verifiers, timeoutMs: 20_000 },
    );
    await send(10);
    await w.gate.gate.queue.idle();
    expect(runsFor(10).map((r) => [r.status, r.conclusion])).toEqual([["completed", "success"]]);
  });
});
