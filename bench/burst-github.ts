// Worker thread of bench/webhook-burst.ts: the fake GitHub with the burst's PRs, on its own event
// loop as GitHub is on its own servers, so serving the app's requests does not slow the app's
// answers down. Posts its URL and the signed-to-be deliveries; answers "verdicts" with the number
// of burst PRs that have a completed run.
import { parentPort, workerData } from "node:worker_threads";
import { demoState } from "../src/fake-github/demo-state.js";
import { FakeGitHub } from "../src/fake-github/server.js";
import { issueCommentEvent, pullRequestEvent, unifiedPatch, type FakeRepo } from "../src/fake-github/state.js";

export interface BurstShape {
  pulls: number;
  deliveries: number;
}

const FIRST_PR = 100;
const COPILOT = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const BOB = { name: "Bob Builder", email: "bob@acme.example", login: "bob" };

/** A PR adding one small module; even numbers are the agent's. */
function addPull(repo: FakeRepo, number: number): void {
  const head = `${number.toString(16).padStart(6, "0")}${"c".repeat(34)}`;
  const path = `shop/burst/m${number}.py`;
  const text = `def total_${number}(items):\n    return sum(i.price for i in items)\n`;
  repo.files[head] = { ...(repo.files[repo.defaultBranch] ?? {}), [path]: text };
  const author = number % 2 === 0 ? COPILOT : BOB;
  repo.pulls.push({
    number,
    title: `Totals ${number}`,
    body: "",
    user: author.login,
    head: { ref: `burst/${number}`, sha: head },
    base: { ref: repo.defaultBranch, sha: repo.pulls[0]!.base.sha },
    labels: [],
    draft: false,
    commits: [{ sha: head, message: `Add totals ${number}`, author, committer: author }],
    files: [{ filename: path, status: "added", patch: unifiedPatch(undefined, text) }],
    reviews: [],
  });
  const at = new Date().toISOString();
  repo.issueComments.push(
    { id: number * 10 + 1, issue_number: number, user: "alice", body: "/agent-gate recheck", created_at: at, updated_at: at },
    { id: number * 10 + 2, issue_number: number, user: "alice", body: "Thanks, reading it now.", created_at: at, updated_at: at },
  );
}

/** Delivery i is about PR i mod pulls; each PR's events come in the order GitHub would send them. */
function burst(fake: FakeGitHub, repo: FakeRepo, shape: BurstShape): { event: string; body: string }[] {
  const kinds = [
    (n: number) => ({ event: "pull_request", payload: pullRequestEvent(fake.state, repo, n, "opened") }),
    (n: number) => ({ event: "pull_request", payload: pullRequestEvent(fake.state, repo, n, "labeled") }),
    (n: number) => ({ event: "issue_comment", payload: issueCommentEvent(fake.state, repo, n, n * 10 + 1, "created") }),
    (n: number) => ({ event: "pull_request", payload: pullRequestEvent(fake.state, repo, n, "synchronize") }),
    (n: number) => ({ event: "issue_comment", payload: issueCommentEvent(fake.state, repo, n, n * 10 + 2, "created") }),
  ];
  return Array.from({ length: shape.deliveries }, (_, i) => {
    const { event, payload } = kinds[Math.floor(i / shape.pulls) % kinds.length]!(FIRST_PR + (i % shape.pulls));
    return { event, body: JSON.stringify(payload) };
  });
}

const shape = workerData as BurstShape;
const fake = new FakeGitHub(demoState());
const repo = fake.state.repos[0]!;
for (let k = 0; k < shape.pulls; k++) addPull(repo, FIRST_PR + k);
const deliveries = burst(fake, repo, shape);
const url = await fake.start();
parentPort!.postMessage({ url, appId: fake.state.apps.id, deliveries });
parentPort!.on("message", () => {
  const heads = new Set(repo.pulls.filter((p) => p.number >= FIRST_PR).map((p) => p.head.sha));
  parentPort!.postMessage(new Set(repo.checkRuns.filter((r) => heads.has(r.head_sha) && r.status === "completed").map((r) => r.head_sha)).size);
});
