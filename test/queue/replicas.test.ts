// Issue 16 §4 with real processes: two app processes on one redis-server behind the fake GitHub,
// signed webhooks at 50/s. Every PR gets its verdict, no run stays in_progress, no PR is evaluated
// by two processes at once, and each head ends with exactly one completed run (a head evaluated
// again updates its run); a process SIGKILLed after answering every delivery loses nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { Queue } from "bullmq";
import { demoState } from "../../src/fake-github/demo-state.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { pullRequestEvent, type PullRequestAction } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { addPull, SECRET } from "../support/fake-pulls.js";
import { watchOverlaps } from "../support/overlaps.js";
import { startRedis, type TestRedis } from "../support/redis.js";

/** 200 PRs × 5 events: the 1,000 deliveries at 50/s; the kill test uses fewer. */
let PULLS = 200;
const ACTIONS: PullRequestAction[] = ["opened", "edited", "labeled", "synchronize", "ready_for_review"];
const COPILOT = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };

let redis: TestRedis;
let fake: FakeGitHub;
let api: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.remove();
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await fake.stop();
});

async function setup(pulls: number): Promise<void> {
  PULLS = pulls;
  fake = new FakeGitHub(demoState());
  const repo = fake.state.repos[0]!;
  for (let n = 100; n < 100 + PULLS; n++) {
    // Even: a human's docs change (success); odd: an agent's SQL built from input (action_required).
    if (n % 2 === 0) addPull(repo, { number: n, user: "alice", files: { [`docs/n${n}.md`]: `# ${n}\n` } });
    else addPull(repo, { number: n, user: "alice", commitAuthor: COPILOT, files: { [`app/db/r${n}.py`]: `def r(cur, day):\n    cur.execute(f"SELECT * FROM t{n} WHERE day = '{day}'")\n` } });
  }
  api = await fake.start();
}

/** One app process (test/support/replica.ts) on the shared Redis; resolves with its webhook URL. */
async function replica(prefix: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/replica.ts", api, redis.url, prefix, String(fake.state.apps.id)], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`replica exited ${code}`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  return { url: (JSON.parse(line) as { webhookUrl: string }).webhookUrl, child };
}

/** Every delivery at 50 per second, alternating between the given webhook URLs; the answers' statuses. */
async function burst(urls: string[]): Promise<number[]> {
  const repo = fake.state.repos[0]!;
  const sends: Promise<number>[] = [];
  let i = 0;
  for (const action of ACTIONS) {
    for (let n = 100; n < 100 + PULLS; n++) {
      const url = urls[i++ % urls.length]!;
      sends.push(deliver(url, "pull_request", pullRequestEvent(fake.state, repo, n, action), SECRET).then((r) => r.status));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return Promise.all(sends);
}

async function settled(prefix: string): Promise<void> {
  const queue = new Queue("work", { connection: { url: redis.url }, prefix });
  const repo = fake.state.repos[0]!;
  const end = Date.now() + 240_000;
  try {
    for (;;) {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      const done = repo.pulls.filter((p) => p.number >= 100).every((p) => repo.checkRuns.some((r) => r.head_sha === p.head.sha && r.status === "completed"));
      if (done && Object.values(counts).every((c) => c === 0)) return;
      if (Date.now() > end) throw new Error(`not settled: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await queue.close();
  }
}

/** PRs without a run, with the wrong verdict, or whose head has more than one run; runs not completed. */
function verdicts(): { missing: number[]; wrong: number[]; twice: number[]; unfinished: number } {
  const repo = fake.state.repos[0]!;
  const missing: number[] = [];
  const wrong: number[] = [];
  const twice: number[] = [];
  for (const pull of repo.pulls.filter((p) => p.number >= 100)) {
    const runs = repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
    const last = runs[runs.length - 1];
    if (!last) missing.push(pull.number);
    else if (last.conclusion !== (pull.number % 2 === 0 ? "success" : "action_required")) wrong.push(pull.number);
    if (runs.length > 1) twice.push(pull.number);
  }
  return { missing, wrong, twice, unfinished: repo.checkRuns.filter((r) => r.status !== "completed").length };
}

describe("two app processes on one Redis", () => {
  it("decide every PR once at a time: no PR lost, none evaluated by both at once, one completed run per head", async () => {
    await setup(200);
    const overlaps = watchOverlaps(fake, "shop");
    const prefix = `r${randomUUID()}`;
    const [a, b] = await Promise.all([replica(prefix), replica(prefix)]);
    const statuses = await burst([a.url, b.url]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await settled(prefix);
    expect(verdicts()).toEqual({ missing: [], wrong: [], twice: [], unfinished: 0 });
    expect(overlaps.seen).toEqual([]);
    // Evaluated more than once per PR (five events each), yet still one run per head.
    const scans = fake.requests.filter((r) => r.method === "GET" && /\/pulls\/\d+$/.test(r.path)).length;
    expect(scans).toBeGreaterThan(PULLS);
  }, 300_000);

  it("lose nothing when a process is SIGKILLed after answering every delivery", async () => {
    await setup(30);
    const prefix = `k${randomUUID()}`;
    // GitHub stops answering, so the first process holds its work without finishing any.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.observers.push(() => held);
    const a = await replica(prefix);
    const statuses = await burst([a.url]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    a.child.kill("SIGKILL");
    await new Promise((resolve) => a.child.once("exit", resolve));
    release();
    fake.observers.length = 0;
    const overlaps = watchOverlaps(fake, "shop");
    await replica(prefix);
    await settled(prefix);
    expect(verdicts()).toMatchObject({ missing: [], wrong: [], unfinished: 0 });
    expect(overlaps.seen).toEqual([]);
  }, 240_000);
});
