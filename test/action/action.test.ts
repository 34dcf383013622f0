// The GitHub Action's entry point (src/action/run.ts) against the fake GitHub, with the
// environment a runner gives a job: event name and payload file, repository, summary and output
// files, INPUT_* for the inputs. Payloads are @octokit/webhooks-examples ones, adjusted to the fake.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAction } from "../../src/action/run.js";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import type { EngineDeps } from "../../src/engine/scan.js";
import { demoState } from "../../src/fake-github/demo-state.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { issueCommentEvent, pullRequestEvent, pullRequestReviewEvent, type FakeRepo } from "../../src/fake-github/state.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { example } from "../support/probot.js";
import { sarifErrors } from "../support/sarif-schema.js";

const HUMAN = 1;
const AGENT = 2;

let deps: EngineDeps;
let fake: FakeGitHub;
let repo: FakeRepo;
let url: string;
let dir: string;

beforeAll(() => {
  const catalogue = loadCatalogue();
  deps = { catalogue, verifiers: loadVerifiers(catalogue) };
});

beforeEach(async () => {
  fake = new FakeGitHub(demoState());
  repo = fake.state.repos[0]!;
  url = await fake.start();
  dir = mkdtempSync(join(tmpdir(), "agent-gate-action-"));
});

afterEach(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A recorded pull_request.opened payload with the fake's PR, repository and sender in it. */
function pullRequestPayload(number: number): Record<string, unknown> {
  return { ...example("pull_request", "opened"), ...pullRequestEvent(fake.state, repo, number, "opened") };
}

interface Run {
  code: number;
  lines: string[];
  summary: string;
  outputs: string;
}

async function run(event: string, payload: unknown, inputs: Record<string, string> = {}): Promise<Run> {
  const eventPath = join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(payload));
  const summary = join(dir, "summary.md");
  const output = join(dir, "output.txt");
  writeFileSync(summary, "");
  writeFileSync(output, "");
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${repo.owner}/${repo.name}`,
    GITHUB_API_URL: url,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RUNNER_TEMP: dir,
    INPUT_TOKEN: "ghs_job_token",
    INPUT_CONFIG: ".github/agent-gate.yml",
    "INPUT_FAIL-ON": "blocking",
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const lines: string[] = [];
  const code = await runAction(env, (l) => lines.push(l), deps);
  return { code, lines, summary: readFileSync(summary, "utf8"), outputs: readFileSync(output, "utf8") };
}

const runsOn = (sha: string) => repo.checkRuns.filter((r) => r.head_sha === sha && r.name === "agent-gate");
const headOf = (n: number) => repo.pulls.find((p) => p.number === n)!.head.sha;

describe("the Action on pull_request", () => {
  it("fails the job on an agent PR with a blocking finding, writing the check run and the summary", async () => {
    const r = await run("pull_request", pullRequestPayload(AGENT));
    expect(r.code).toBe(1);
    const [check] = runsOn(headOf(AGENT));
    expect(check?.conclusion).toBe("action_required");
    expect(check?.annotations.length ?? 0).toBeGreaterThan(0);
    // No Approve button: its click would go to the app that made the run, which is no app here.
    expect(check?.actions ?? []).toEqual([]);
    // ...and the text does not offer one: only a review or a comment naming the head approves.
    expect(`${r.summary}${check?.output.summary ?? ""}`).not.toContain("**Approve** button");
    expect(r.summary).toContain(`/agent-gate approve ${headOf(AGENT)} &lt;reason&gt;`);
    expect(r.summary).toContain("### Findings");
    expect(r.summary).toContain("### For the agent that wrote this PR");
    expect(r.summary).toContain("Written as the `agent-gate` check run");
    expect(r.outputs).toContain("conclusion=action_required");
    expect(r.lines.some((l) => l.startsWith("::error::agent-gate:"))).toBe(true);
    // With a check run written, findings are not repeated as job annotations.
    expect(r.lines.some((l) => l.startsWith("::error file="))).toBe(false);
  });

  it("writes the verdict as valid SARIF when the sarif input names a file", async () => {
    const path = join(dir, "agent-gate.sarif");
    const { code } = await run("pull_request", pullRequestPayload(AGENT), { sarif: path });
    expect(code).toBe(1);
    const log = JSON.parse(readFileSync(path, "utf8")) as { runs: { automationDetails: { id: string }; results: { ruleId: string }[] }[] };
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.automationDetails.id).toBe("agent-gate/pr/");
    expect(log.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual(["any/hardcoded-credentials", "python/sql-injection"]);
  });

  it("passes a human PR, with a success check run", async () => {
    const r = await run("pull_request", pullRequestPayload(HUMAN));
    expect(r.code).toBe(0);
    expect(runsOn(headOf(HUMAN))[0]?.conclusion).toBe("success");
    expect(r.summary).toContain("Not agent-authored");
    expect(r.outputs).toContain("conclusion=success");
  });

  it("with fail-on: never reports the blocked verdict but passes the job", async () => {
    const r = await run("pull_request", pullRequestPayload(AGENT), { "fail-on": "never" });
    expect(r.code).toBe(0);
    expect(runsOn(headOf(AGENT))[0]?.conclusion).toBe("action_required");
  });

  it("falls back to job annotations when the token may not write checks (403)", async () => {
    fake.failNext("POST", /\/check-runs$/, 403);
    const r = await run("pull_request", pullRequestPayload(AGENT));
    expect(r.code).toBe(1);
    expect(runsOn(headOf(AGENT))).toHaveLength(0);
    const annotations = r.lines.filter((l) => l.startsWith("::error file="));
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.some((l) => /^::error file=shop\/api\/users\.py,line=\d+,/.test(l))).toBe(true);
    expect(r.summary).toContain("the token lacks `checks: write`");
    expect(r.summary).toContain("### Findings");
  });

  it("fails the job when writing the check fails otherwise (500): no verdict reached GitHub", async () => {
    fake.failNext("POST", /\/check-runs$/, 500);
    const r = await run("pull_request", pullRequestPayload(HUMAN));
    expect(r.code).toBe(1);
    expect(r.lines.some((l) => l.startsWith("::error::agent-gate: writing the check run failed"))).toBe(true);
  });
});

describe("the Action's config comes from the PR's base commit", () => {
  const baseSha = () => repo.pulls[0]!.base.sha;

  it("ignores a config on the PR's head or the default branch that turns the gate off (attack)", async () => {
    repo.files.main![".github/agent-gate.yml"] = "enabled: false\n";
    repo.files[headOf(AGENT)]![".github/agent-gate.yml"] = "enabled: false\n";
    const r = await run("pull_request", pullRequestPayload(AGENT));
    expect(r.code).toBe(1);
    expect(runsOn(headOf(AGENT))[0]?.conclusion).toBe("action_required");
  });

  it("obeys the base commit's config (control): gate: all gates the human PR", async () => {
    repo.files[baseSha()]![".github/agent-gate.yml"] = "gate: all\n";
    const r = await run("pull_request", pullRequestPayload(HUMAN));
    expect(r.summary).not.toContain("Not agent-authored");
    expect(r.summary).toContain(`at \`${baseSha()}\``);
    expect(fake.requests.some((q) => q.path.endsWith("/contents/.github/agent-gate.yml") && q.query.ref === baseSha())).toBe(true);
  });

  it("reads the path given as input, and a config error fails the job", async () => {
    repo.files[baseSha()]!["ci/gate.yml"] = "gate: sometimes\n";
    const r = await run("pull_request", pullRequestPayload(HUMAN), { config: "ci/gate.yml" });
    expect(r.code).toBe(1);
    expect(runsOn(headOf(HUMAN))[0]?.conclusion).toBe("failure");
    expect(r.summary).toContain("could not decide");
  });

  it("the gate input tightens the config (agents → all) and rejects unknown values", async () => {
    const tightened = await run("pull_request", pullRequestPayload(HUMAN), { gate: "all" });
    expect(tightened.summary).not.toContain("Not agent-authored");
    const bad = await run("pull_request", pullRequestPayload(HUMAN), { gate: "humans" });
    expect(bad.code).toBe(2);
    expect(bad.lines.join("\n")).toContain("input `gate` must be one of agents, all");
  });
});

describe("approvals in the Action", () => {
  function comment(body: string, user = "bob"): number {
    const at = new Date(Date.now() + 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const id = 3_000_000 + repo.issueComments.length;
    repo.issueComments.push({ id, issue_number: AGENT, user, body, created_at: at, updated_at: at });
    return id;
  }

  it("counts an approval comment by a qualified human that names the full head commit (control)", async () => {
    const id = comment(`/agent-gate approve ${headOf(AGENT)} parameterised in a follow-up`);
    const r = await run("issue_comment", issueCommentEvent(fake.state, repo, AGENT, id, "created"));
    expect(r.code).toBe(0);
    expect(runsOn(headOf(AGENT))[0]?.conclusion).toBe("success");
    expect(r.summary).toContain("@bob");
  });

  it("refuses one that does not name the head: it could have been written for an earlier head (attack)", async () => {
    const id = comment("/agent-gate approve looks fine");
    const short = comment(`/agent-gate approve ${headOf(AGENT).slice(0, 7)} looks fine`);
    const r = await run("issue_comment", issueCommentEvent(fake.state, repo, AGENT, short, "created"));
    expect(id).not.toBe(short);
    expect(r.code).toBe(1);
    expect(runsOn(headOf(AGENT))[0]?.conclusion).toBe("action_required");
    expect(r.summary).toContain("names the full head commit");
  });

  it("on pull_request_review, counts an approving review on the head and not one on an earlier commit", async () => {
    const pull = repo.pulls.find((p) => p.number === AGENT)!;
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    pull.reviews.push({ id: 41, user: "bob", state: "APPROVED", commit_id: pull.commits[0]!.sha, body: "ok", submitted_at: at });
    const stale = await run("pull_request_review", { ...example("pull_request_review", "submitted"), ...pullRequestReviewEvent(fake.state, repo, AGENT, 41, "submitted") });
    expect(stale.code).toBe(1);
    expect(stale.summary).toContain("stale");
    pull.reviews.push({ id: 42, user: "bob", state: "APPROVED", commit_id: pull.head.sha, body: "reviewed the query", submitted_at: at });
    const fresh = await run("pull_request_review", { ...example("pull_request_review", "submitted"), ...pullRequestReviewEvent(fake.state, repo, AGENT, 42, "submitted") });
    expect(fresh.code).toBe(0);
    expect(runsOn(headOf(AGENT)).map((r) => r.conclusion)).toEqual(["action_required", "success"]);
  });

  it("skips a comment on a plain issue", async () => {
    const payload = { ...example("issue_comment", "created") };
    delete (payload.issue as { pull_request?: unknown }).pull_request;
    const r = await run("issue_comment", payload);
    expect(r.code).toBe(0);
    expect(repo.checkRuns).toHaveLength(0);
  });
});
