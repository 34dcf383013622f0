// A 1,000-file agent PR through the real app in front of the fake GitHub: seconds from the
// `opened` delivery to a completed `agent-gate` run, and the process's peak RSS (target < 10 s
// on 2 cores, < 512 MB). The PR holds real code: the gate's own TypeScript sources (each under a
// new path) and generated Python modules, some with a finding, so every stage runs (file list,
// GraphQL text batches, both languages' rules, contracts, annotations).
// Usage: node dist/bench/big-pr.js [FILES] (npm run bench:big-pr). Peak RSS includes the fake
// GitHub, which runs in this process: an upper bound on the app's own.
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startGate } from "../src/fake-github/harness.js";
import { demoState } from "../src/fake-github/demo-state.js";
import { FakeGitHub } from "../src/fake-github/server.js";
import { pullRequestEvent, unifiedPatch, type FakeRepo } from "../src/fake-github/state.js";
import { deliver } from "../src/fake-github/webhooks.js";

const FILES = Number(process.argv[2] ?? 1000);
const SECRET = "bench-big-pr";
const NUMBER = 4242;
const COPILOT = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const TIMEOUT_MS = 300_000;

/** The gate's own TypeScript sources, read from the repository the benchmark runs in. */
function ownSources(): string[] {
  const root = fileURLToPath(new URL("../../src", import.meta.url));
  const texts: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".ts")) texts.push(readFileSync(path, "utf8"));
    }
  };
  visit(root);
  return texts;
}

function pythonModule(i: number): string {
  const helpers = Array.from({ length: 20 }, (_, n) => `def helper_${i}_${n}(items):\n    return sum(x.price * ${n} for x in items)\n\n`).join("");
  const query = i % 10 === 3 ? `cur.execute(f"SELECT * FROM orders WHERE id = {order_id}")` : `cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))`;
  return `import sqlite3\n\n\n${helpers}def load(order_id):\n    cur = sqlite3.connect("shop.db").cursor()\n    ${query}\n    return cur.fetchone()\n`;
}

/** Adds the agent's PR: 60% TypeScript, 40% Python, all new files. */
function addBigPull(repo: FakeRepo): string {
  const ts = ownSources();
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    if (i % 5 < 3) files[`packages/app${i % 7}/src/m${i}.ts`] = ts[i % ts.length]!;
    else files[`services/shop${i % 5}/orders_${i}.py`] = pythonModule(i);
  }
  const head = "b1".repeat(20);
  repo.files[head] = { ...(repo.files[repo.defaultBranch] ?? {}), ...files };
  repo.pulls.push({
    number: NUMBER,
    title: "Add the order services",
    body: "",
    user: COPILOT.login,
    head: { ref: "copilot/order-services", sha: head },
    base: { ref: repo.defaultBranch, sha: repo.pulls[0]!.base.sha },
    labels: [],
    draft: false,
    commits: [{ sha: head, message: "Add the order services", author: COPILOT, committer: COPILOT }],
    files: Object.entries(files).map(([filename, text]) => ({ filename, status: "added" as const, patch: unifiedPatch(undefined, text) })),
    reviews: [],
  });
  return head;
}

async function verdict(repo: FakeRepo, head: string, appId: number): Promise<string> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const run = repo.checkRuns.filter((r) => r.head_sha === head && r.app.id === appId && r.status === "completed").at(-1);
    if (run) return `${run.conclusion}: ${run.output.title}`;
    if (Date.now() > deadline) throw new Error(`no verdict within ${TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const fake = new FakeGitHub(demoState());
const repo = fake.state.repos[0]!;
const head = addBigPull(repo);
const lines = repo.pulls.at(-1)!.files.reduce((n, f) => n + (repo.files[head]![f.filename]?.split("\n").length ?? 0), 0);
const url = await fake.start();
const appId = fake.state.apps.id;
const gate = await startGate(url, { secret: SECRET, appId, sweepEveryMs: false, redeliver: false, metrics: false });
try {
  const idleMb = process.memoryUsage().rss / 1024 / 1024;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const res = await deliver(gate.webhookUrl, "pull_request", pullRequestEvent(fake.state, repo, NUMBER, "opened"), SECRET);
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.body}`);
  const outcome = await verdict(repo, head, appId);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`agent PR: ${FILES} files (${lines} lines), verdict ${outcome}`);
  console.log(`seconds to verdict: ${seconds.toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU (all threads) (target < 10 s${seconds < 10 ? ", met" : ", MISSED"})`);
  console.log(`peak RSS: ${rssMb.toFixed(0)} MB, fake GitHub included (target < 512 MB${rssMb < 512 ? ", met" : ", MISSED"}); ${idleMb.toFixed(0)} MB before the PR was sent`);
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
} finally {
  await gate.stop();
  await fake.stop();
}
