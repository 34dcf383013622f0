// Writes are the budget: the real app (Probot's webhook middleware, our handlers, GateOctokit with
// Probot's real throttling: writes and GraphQL one per second per installation) in front of the
// fake GitHub. First single PRs, alone, to count what one evaluation costs; then a burst of
// DELIVERIES signed webhooks at RATE per second over PULLS PRs (half agent PRs with a blocking
// finding, half human ones): opened, synchronize, a review, a comment (`/agent-gate recheck` on
// every tenth PR, a plain remark on the others), the suite's re-run, for each PR in rounds. Prints requests and writes (what the throttle queues:
// every non-GET and every GraphQL query) per evaluation, and the time until every PR had its
// verdict (target: 7 minutes), printed whether or not the target is met.
// Usage: node dist/bench/writes.js [--pulls 200] [--deliveries 1000] [--rate 50]
import { Worker } from "node:worker_threads";
import { parseArgs } from "node:util";
import { demoState } from "../src/fake-github/demo-state.js";
import { startGate } from "../src/fake-github/harness.js";
import { FakeGitHub, type RecordedRequest } from "../src/fake-github/server.js";
import {
  checkSuiteEvent, issueCommentEvent, pullRequestEvent, pullRequestReviewEvent, unifiedPatch, type FakeRepo, type FakeState,
} from "../src/fake-github/state.js";
import { deliver } from "../src/fake-github/webhooks.js";
import { GateOctokit } from "../src/github/octokit.js";
import type { WorkQueue } from "../src/queue/work-queue.js";
import type { Sample, SenderData } from "./webhook-sender.js";

const SECRET = "bench-writes-secret";
const TARGET_S = 7 * 60;
/** Every wait here is bounded: the bench gives up past this. */
const MAX_MS = 30 * 60_000;
const COPILOT = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const FIRST = 101;

const { values } = parseArgs({
  options: {
    pulls: { type: "string", default: "200" },
    deliveries: { type: "string", default: "1000" },
    rate: { type: "string", default: "50" },
  },
});
const PULLS = Number(values.pulls);
const DELIVERIES = Number(values.deliveries);
const RATE = Number(values.rate);

const isAgent = (n: number) => n % 2 === 0;

function addPull(repo: FakeRepo, n: number): void {
  const base = repo.files[repo.defaultBranch] ?? {};
  const path = isAgent(n) ? `shop/db/report_${n}.py` : `docs/notes-${n}.md`;
  const text = isAgent(n) ? `def report_${n}(cur, name):\n    cur.execute(f"SELECT * FROM orders WHERE name = '{name}'")\n` : `Notes ${n}\n`;
  const head = (n.toString(16).padStart(4, "0") + "c0ffee").repeat(4);
  repo.files[head] = { ...base, [path]: text };
  const author = isAgent(n) ? COPILOT : { name: "bob", email: "bob@acme.example", login: "bob" };
  repo.pulls.push({
    number: n,
    title: `PR ${n}`,
    body: "",
    user: isAgent(n) ? "Copilot" : "bob",
    head: { ref: isAgent(n) ? `copilot/report-${n}` : `docs/${n}`, sha: head },
    base: { ref: repo.defaultBranch, sha: repo.pulls[0]!.base.sha },
    labels: [],
    draft: false,
    commits: [{ sha: head, message: `Change ${n}`, author, committer: author }],
    files: [{ filename: path, status: "added", patch: unifiedPatch(undefined, text) }],
    reviews: [{ id: 900_000 + n, user: "alice", state: "COMMENTED", commit_id: head, body: "Looks plausible", submitted_at: "2026-01-01T00:00:00Z" }],
  });
  const body = n % 10 === 0 ? "/agent-gate recheck" : "Thanks, looking at it.";
  repo.issueComments.push({ id: 800_000 + n, issue_number: n, user: "alice", body, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" });
}

/** Round r of the burst for PR n (rounds past the fifth repeat the re-run). */
function event(state: FakeState, repo: FakeRepo, n: number, round: number): { event: string; body: string } {
  const pull = repo.pulls.find((p) => p.number === n)!;
  const [name, payload] =
    round === 0 ? ["pull_request", pullRequestEvent(state, repo, n, "opened")]
    : round === 1 ? ["pull_request", pullRequestEvent(state, repo, n, "synchronize")]
    : round === 2 ? ["pull_request_review", pullRequestReviewEvent(state, repo, n, 900_000 + n, "submitted")]
    : round === 3 ? ["issue_comment", issueCommentEvent(state, repo, n, 800_000 + n, "created")]
    : ["check_suite", checkSuiteEvent(state, repo, pull.head.sha, "rerequested", "alice")];
  return { event: name, body: JSON.stringify(payload) };
}

interface Tally {
  requests: number;
  writes: number;
  graphql: number;
  evaluations: number;
  /** Throttled writes by kind. */
  kinds: Record<string, number>;
}

function kindOf(r: RecordedRequest): string {
  if (r.path === "/graphql") return "GraphQL";
  if (r.path.endsWith("/reactions")) return "reactions";
  if (r.path.endsWith("/comments")) return "comments";
  const status = (r.body as { status?: string } | undefined)?.status;
  if (/\/check-runs(\/\d+)?$/.test(r.path)) return status === "in_progress" ? "runs in progress" : status === "completed" ? "verdicts" : "more annotations";
  return `${r.method} other`;
}

function tally(requests: RecordedRequest[]): Tally {
  const writes = requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens"));
  const kinds: Record<string, number> = {};
  for (const w of writes) kinds[kindOf(w)] = (kinds[kindOf(w)] ?? 0) + 1;
  return { requests: requests.length, writes: writes.length, graphql: kinds.GraphQL ?? 0, evaluations: kinds.verdicts ?? 0, kinds };
}

const per = (n: number, d: number) => (d === 0 ? "-" : (n / d).toFixed(2));

async function single(fake: FakeGitHub, url: string, repo: FakeRepo, gate: { queue: { idle(): Promise<void> } }, n: number, label: string): Promise<void> {
  fake.resetRequests();
  await deliver(url, "pull_request", pullRequestEvent(fake.state, repo, n, "opened"), SECRET);
  await gate.queue.idle();
  const t = tally(fake.requests);
  console.log(`${label.padEnd(34)} ${String(t.requests).padStart(3)} requests, ${t.writes} throttled writes (${t.graphql} GraphQL): ${fake.requests.map((r) => `${r.method} ${r.path.replace(/^\/repos\/acme\/shop/, "")}`).join(", ")}`);
}

async function burst(fake: FakeGitHub, url: string, repo: FakeRepo, gate: { queue: Pick<WorkQueue, "idle" | "depth"> }): Promise<void> {
  const numbers = Array.from({ length: PULLS }, (_, i) => FIRST + i);
  const ordered: { event: string; body: string }[] = [];
  for (let round = 0; ordered.length < DELIVERIES; round++) {
    for (const n of numbers) if (ordered.length < DELIVERIES) ordered.push(event(fake.state, repo, n, round));
  }
  fake.resetRequests();
  const intervalMs = 1000 / RATE;
  // The sender sends deliveries[tick % length] from tick 1: the first one sent is index 1.
  const sender: SenderData = { url, secret: SECRET, deliveries: [ordered[ordered.length - 1]!, ...ordered.slice(0, -1)], intervalMs, maxMs: DELIVERIES * intervalMs, maxInFlight: 500 };
  const started = Date.now();
  const worker = new Worker(new URL("./webhook-sender.js", import.meta.url), { workerData: sender });
  const report = new Promise<{ samples: Sample[]; skipped: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  const verdictAt = new Map<number, number>();
  let sent: { samples: Sample[]; skipped: number } | undefined;
  void report.then((r) => (sent = r));
  let lastPrint = 0;
  while (Date.now() - started < MAX_MS) {
    await new Promise((r) => setTimeout(r, 250));
    for (const n of numbers) {
      const head = repo.pulls.find((p) => p.number === n)!.head.sha;
      if (!verdictAt.has(n) && repo.checkRuns.some((r) => r.head_sha === head && r.status === "completed")) verdictAt.set(n, Date.now() - started);
    }
    if (Date.now() - lastPrint > 30_000) {
      lastPrint = Date.now();
      const { queued, active } = await gate.queue.depth();
      console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${verdictAt.size}/${PULLS} PRs have a verdict, ${queued + active} items queued or running`);
    }
    const { queued, active } = await gate.queue.depth();
    if (sent && verdictAt.size === PULLS && queued + active === 0) break;
  }
  await gate.queue.idle();
  const drained = (Date.now() - started) / 1000;
  const times = [...verdictAt.values()].sort((a, b) => a - b);
  const t = tally(fake.requests);
  const inProgress = repo.checkRuns.filter((r) => r.status !== "completed").length;
  const answered = sent?.samples.filter((s) => s.status >= 200 && s.status < 300).length ?? 0;
  console.log(`burst: ${DELIVERIES} deliveries at ${RATE}/s over ${PULLS} PRs (${answered} answered 2xx, ${sent?.skipped ?? 0} skipped)`);
  console.log(`  evaluations ${t.evaluations}; requests ${t.requests} (${per(t.requests, t.evaluations)} per evaluation, ${per(t.requests, PULLS)} per PR)`);
  console.log(`  throttled writes ${t.writes} (${per(t.writes, t.evaluations)} per evaluation): ${Object.entries(t.kinds).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  const last = times.length === PULLS ? times[times.length - 1]! / 1000 : Number.NaN;
  console.log(`  verdict on every PR after ${Number.isNaN(last) ? `never (${times.length}/${PULLS})` : `${last.toFixed(0)} s`} (target ${TARGET_S} s: ${last <= TARGET_S ? "met" : "MISSED"}); median ${((times[Math.floor(times.length / 2)] ?? 0) / 1000).toFixed(0)} s`);
  console.log(`  all deliveries processed after ${drained.toFixed(0)} s; runs left in progress: ${inProgress}`);
}

async function main(): Promise<void> {
  const fake = new FakeGitHub(demoState());
  const repo = fake.state.repos[0]!;
  for (let i = 0; i < PULLS; i++) addPull(repo, FIRST + i);
  addPull(repo, 99);
  const url = await fake.start();
  const running = await startGate(url, { secret: SECRET, appId: fake.state.apps.id, Octokit: GateOctokit, sweepEveryMs: false });
  try {
    await single(fake, running.webhookUrl, repo, running.gate, 1, "human PR, first of the process:");
    await single(fake, running.webhookUrl, repo, running.gate, 99, "human PR, config read a moment ago:");
    await single(fake, running.webhookUrl, repo, running.gate, 2, "agent PR, workers starting:");
    await single(fake, running.webhookUrl, repo, running.gate, 2, "agent PR (2 blocking findings):");
    await burst(fake, running.webhookUrl, repo, running.gate);
  } finally {
    await running.stop();
    await fake.stop();
  }
}

await main();
