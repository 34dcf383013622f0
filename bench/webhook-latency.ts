// Webhook answer latency while pathological files are analysed: the real app (Probot's webhook
// middleware and our handlers) on loopback in front of the fake GitHub, a Copilot PR adding
// FILES files of ~1 MB that are slow to analyse, and signed webhooks about another PR delivered
// at RATE per second from a separate thread (bench/webhook-sender.ts): nine plain comments, which
// the app answers without calling GitHub, then one push, which queues an evaluation.
//   pool       verifiers in the app's worker pool, as the app runs them;
//   in-thread  verifiers on the app's own thread, as before the pool (for comparison).
// Prints p50/p99/max of the answers to deliveries scheduled while the PR was being analysed, and
// of those in the IDLE_MS before it was opened: the same machine's figure with nothing to analyse.
// Also the app thread's own event-loop delay over the analysis, which no other load on the
// machine inflates as much as it does a round trip.
// The burst scenario (bench/webhook-burst.ts) measures the same answers under 200 PRs' worth of
// deliveries with Probot's real throttling.
// Usage: node dist/bench/webhook-latency.js [--scenario burst|analysis|all] [--rate 50]
//   [--pulls 200] [--deliveries 1000] [--mode pool|in-thread|both] [--files 8] [--bytes 1048576]
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { parseArgs } from "node:util";
import { defaultConfig } from "../src/engine/config.js";
import { VerifierPool } from "../src/engine/pool.js";
import { runVerifiers } from "../src/engine/run-verifiers.js";
import { demoState } from "../src/fake-github/demo-state.js";
import { startGate } from "../src/fake-github/harness.js";
import { FakeGitHub } from "../src/fake-github/server.js";
import { issueCommentEvent, pullRequestEvent, type FakeRepo } from "../src/fake-github/state.js";
import { deliver } from "../src/fake-github/webhooks.js";
import { pathologicalFiles } from "./pathological.js";
import { measureBurst } from "./webhook-burst.js";
import type { Sample, SenderData } from "./webhook-sender.js";

const SECRET = "bench-webhook-secret";
const IDLE_MS = 3000;
const AGENT_PR = 10;
const HUMAN_PR = 1;
/** Every wait here is bounded: the whole bench gives up past this. */
const MAX_MS = 15 * 60_000;
const COPILOT = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "all" },
    rate: { type: "string", default: "50" },
    pulls: { type: "string", default: "200" },
    deliveries: { type: "string", default: "1000" },
    mode: { type: "string", default: "both" },
    files: { type: "string", default: "8" },
    bytes: { type: "string", default: String(1024 * 1024) },
  },
});

function addAgentPull(repo: FakeRepo, files: Record<string, string>): string {
  const base = repo.files[repo.defaultBranch] ?? {};
  const head = "be".repeat(20);
  repo.files[head] = { ...base, ...files };
  repo.pulls.push({
    number: AGENT_PR,
    title: "Query builder for the order reports",
    body: "",
    user: "Copilot",
    head: { ref: "copilot/report-queries", sha: head },
    base: { ref: repo.defaultBranch, sha: "ba".repeat(20) },
    labels: [],
    draft: false,
    commits: [{ sha: head, message: "Add report queries", author: COPILOT, committer: COPILOT }],
    // GitHub sends no patch for diffs this large: every line counts as changed.
    files: Object.keys(files).map((filename) => ({ filename, status: "added" as const })),
    reviews: [],
  });
  return head;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + MAX_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function measure(mode: "pool" | "in-thread", count: number, bytes: number): Promise<void> {
  const fake = new FakeGitHub(demoState());
  const repo = fake.state.repos[0]!;
  const head = addAgentPull(repo, pathologicalFiles(count, bytes));
  const now = new Date().toISOString();
  repo.issueComments.push({ id: 1, issue_number: HUMAN_PR, user: "alice", body: "Thanks, this reads well.", created_at: now, updated_at: now });
  const apiUrl = await fake.start();
  const pool = mode === "pool" ? new VerifierPool() : { run: runVerifiers, close: async () => {} };
  const running = await startGate(apiUrl, { secret: SECRET, timeoutMs: MAX_MS, pool });
  try {
    // Warm-up: the app's first evaluation, and in pool mode the workers, before measuring.
    await deliver(running.webhookUrl, "pull_request", pullRequestEvent(fake.state, repo, HUMAN_PR, "opened"), SECRET);
    await running.gate.queue.idle();
    const warm = { path: "warm.py", status: "added", language: "python" as const, text: "x = 1\n", scopes: ["secrets"] };
    await pool.run([warm], running.gate.deps.verifiers, defaultConfig(running.gate.deps.catalogue));

    const sender: SenderData = {
      url: running.webhookUrl,
      secret: SECRET,
      deliveries: [
        ...Array.from({ length: 9 }, () => ({ event: "issue_comment", body: JSON.stringify(issueCommentEvent(fake.state, repo, HUMAN_PR, 1, "created")) })),
        { event: "pull_request", body: JSON.stringify(pullRequestEvent(fake.state, repo, HUMAN_PR, "synchronize")) },
      ],
      intervalMs: 1000 / Number(values.rate),
      maxMs: MAX_MS,
      maxInFlight: 500,
    };
    const worker = new Worker(new URL("./webhook-sender.js", import.meta.url), { workerData: sender });
    const report = new Promise<{ samples: Sample[]; skipped: number; startEpochMs: number }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    const idleFrom = Date.now();
    await new Promise((r) => setTimeout(r, IDLE_MS));

    const from = Date.now();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    await deliver(running.webhookUrl, "pull_request", pullRequestEvent(fake.state, repo, AGENT_PR, "opened"), SECRET);
    const done = () => repo.checkRuns.find((r) => r.head_sha === head && r.status === "completed");
    await until(() => done() !== undefined, "the agent PR's check run");
    const to = Date.now();
    loop.disable();
    worker.postMessage("stop");
    const { samples, skipped, startEpochMs } = await report;
    await worker.terminate();

    const between = (a: number, b: number) => samples.filter((s) => startEpochMs + s.at >= a && startEpochMs + s.at <= b);
    const during = between(from, to);
    const idle = between(idleFrom + 500, from).map((s) => s.latencyMs).sort((a, b) => a - b);
    const latencies = during.map((s) => s.latencyMs).sort((a, b) => a - b);
    const failed = during.filter((s) => s.status !== 200).length;
    const run = done()!;
    const summary = run.output.summary ?? "";
    const unchecked = [...new Set(summary.split("\n").filter((l) => /per-file budget|analysis stopped/.test(l)))];
    console.log(`mode ${mode}: ${count} files of ${(bytes / 1024 / 1024).toFixed(1)} MB analysed in ${((to - from) / 1000).toFixed(1)} s, check ${run.conclusion} ("${run.output.title ?? ""}")`);
    for (const line of unchecked) console.log(`  could not check: ${line.trim().slice(0, 160)}`);
    console.log(`  app thread event-loop delay during the analysis: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms  p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms  max ${(loop.max / 1e6).toFixed(1)} ms`);
    console.log(`  webhook answers before the PR (nothing to analyse): ${idle.length}  p50 ${percentile(idle, 50).toFixed(1)} ms  p99 ${percentile(idle, 99).toFixed(1)} ms`);
    if (run.conclusion === "failure") console.log(`  why: ${summary.slice(0, 300)}`);
    console.log(
      `  webhook answers during the analysis: ${during.length} (${failed} not 200, ${skipped} ticks skipped at 500 in flight)  p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`,
    );
  } finally {
    await running.stop();
    await pool.close();
    await fake.stop();
  }
}

const count = Number(values.files);
const bytes = Number(values.bytes);
const modes = values.mode === "both" ? (["pool", "in-thread"] as const) : [values.mode as "pool" | "in-thread"];
if (values.scenario !== "burst") for (const mode of modes) await measure(mode, count, bytes);
if (values.scenario !== "analysis") await measureBurst({ pulls: Number(values.pulls), deliveries: Number(values.deliveries), rate: Number(values.rate) });
// The burst leaves evaluations queued behind the write throttle: the figures are printed, stop here.
process.exit(0);
