// Issue 10 §1 and §4 (runs and state), written as the attacker would run them: signed webhooks
// through the real app against the fake GitHub, each asserting the conclusion on the head, each
// next to a control case where the same setup passes when it should.
import { afterEach, describe, expect, it } from "@jest/globals";
import { checkRunEvent, checkSuiteEvent, pullRequestEvent } from "../../src/fake-github/state.js";
import { decodeStates } from "../../src/engine/state-block.js";
import { AGENT_PR, OTHER_APP, STATE_KEY, Steps } from "../support/gate-steps.js";
import { SECRET, sha } from "../support/fake-pulls.js";

let s: Steps | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

describe("a head commit shared by several open PRs carries the strictest verdict", () => {
  it("a clean second PR with the same head against another base does not turn the agent PR's head green", async () => {
    s = await Steps.start();
    await s.open();
    expect(s.onHead().conclusion).toBe("action_required");
    s.sharePull(7, { base: "release", user: "mallory", clean: true });
    await s.open(7);
    const run = s.onHead(7);
    expect(run.head_sha).toBe(s.pull(AGENT_PR).head.sha);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toContain("### Pull requests on this commit");
    expect(run.output.summary).toMatch(/⛔ #2: action_required: 2 blocking findings/);
    expect(run.output.summary).toMatch(/✅ #7: success: No blocking findings/);
    // Each PR's state is kept under its own number and base.
    expect(decodeStates(run.output.text, STATE_KEY).map((x) => [x.number, x.baseSha === s!.pull(x.number).base.sha])).toEqual([
      [7, true],
      [2, true],
    ]);
  });

  it("decides both even when the clean PR is opened first, and a re-decision keeps it blocked", async () => {
    s = await Steps.start();
    s.sharePull(7, { base: "release", user: "mallory", clean: true });
    await s.open(7);
    expect(s.onHead(7).conclusion).toBe("action_required");
    await s.redecide(7);
    expect(s.onHead(7).conclusion).toBe("action_required");
  });

  it("control: the agent PR approved by a qualified human turns the shared head green, naming both PRs", async () => {
    s = await Steps.start();
    s.sharePull(7, { base: "release", user: "mallory", clean: true });
    await s.open(7);
    await s.approve(AGENT_PR);
    const run = s.onHead();
    expect(run.conclusion).toBe("success");
    expect(run.output.summary).toMatch(/✅ #2: success: Approved by @carol/);
    expect(run.output.summary).toMatch(/✅ #7: success/);
  });

  it("a fork PR pointing at the same commit is found (fork PRs are missing from check payloads)", async () => {
    s = await Steps.start();
    s.sharePull(8, { fork: "mallory/shop", user: "mallory", clean: true });
    await s.open(8);
    expect(s.onHead(8).conclusion).toBe("action_required");
    expect(s.onHead(8).output.summary).toMatch(/⛔ #2: action_required/);
    // The suite's re-run names only the base-repository PR; the fork PR is decided with it.
    await s.send("check_suite", checkSuiteEvent(s.w.fake.state, s.repo, s.pull(8).head.sha, "rerequested", "carol"));
    expect(s.onHead(8).output.summary).toMatch(/#8: success/);
    expect(s.onHead(8).conclusion).toBe("action_required");
  });

  it("control: a fork PR with its own clean head passes", async () => {
    s = await Steps.start();
    const fork = s.sharePull(8, { fork: "mallory/shop", user: "mallory", clean: true });
    fork.head = { ...fork.head, sha: sha("fork head") };
    s.repo.files[fork.head.sha] = s.repo.files.main!;
    await s.open(8);
    expect(s.onHead(8).conclusion).toBe("success");
    expect(s.onHead(8).output.summary).not.toContain("Pull requests on this commit");
  });

  it("an approval on one PR of a shared head does not turn it green while another PR on it is blocked and unapproved", async () => {
    s = await Steps.start();
    s.sharePull(9, { base: "release" });
    await s.open();
    await s.approve(9);
    expect(s.onHead().conclusion).toBe("action_required");
    expect(s.onHead().output.summary).toMatch(/⛔ #2: action_required/);
    expect(s.onHead().output.summary).toMatch(/✅ #9: success: Approved by @carol/);
    // Control: approved on both PRs, the head turns green.
    await s.approve(AGENT_PR);
    expect(s.onHead().conclusion).toBe("success");
  });

  it("a closed PR on the head does not hold back the open one; control: reopened, it does again", async () => {
    s = await Steps.start();
    const closed = s.sharePull(9, { base: "release" });
    closed.state = "closed";
    s.sharePull(7, { base: "release", user: "mallory", clean: true });
    await s.open(7);
    await s.approve(AGENT_PR);
    expect(s.onHead().conclusion).toBe("success");
    await s.send("pull_request", pullRequestEvent(s.w.fake.state, s.repo, 9, "labeled"));
    expect(s.onHead().conclusion).toBe("success");
    expect(s.onHead().output.summary).not.toMatch(/#9/);
    closed.state = "open";
    await s.send("pull_request", pullRequestEvent(s.w.fake.state, s.repo, 9, "reopened"));
    expect(s.onHead().conclusion).toBe("action_required");
    expect(s.onHead().output.summary).toMatch(/⛔ #9: action_required/);
  });

  it("does not reuse another PR's stored scan for the agent PR", async () => {
    s = await Steps.start();
    s.sharePull(7, { base: "release", user: "mallory", clean: true });
    await s.open(7);
    // Only #7's state survives in the run: the agent PR must be scanned, not given #7's scan.
    const run = s.onHead();
    run.output.text = s.cleanBlock(7);
    const reads = s.graphqlCalls();
    await s.redecide(AGENT_PR);
    expect(s.onHead().conclusion).toBe("action_required");
    expect(s.graphqlCalls()).toBeGreaterThan(reads);
  });
});

describe("only this app's runs are read", () => {
  it("ignores another app's back-dated run with a copied state block, so a comment from before the push stays stale", async () => {
    s = await Steps.start();
    await s.open();
    const early = new Date().toISOString();
    const copied = s.onHead().output.text;
    // The attacker's workflow writes a run on the new head before the gate sees it.
    const head = sha("pushed head");
    s.otherAppRun(head, copied);
    s.otherAppRun(head, s.cleanBlock(AGENT_PR, { headSha: head }));
    s.repo.issueComments.push({ id: 901, issue_number: AGENT_PR, user: "carol", body: "/agent-gate approve fine", created_at: early, updated_at: early });
    const pull = s.pull(AGENT_PR);
    s.repo.files[head] = { ...s.repo.files[pull.head.sha]! };
    pull.commits.push({ ...pull.commits[1]!, sha: head });
    await s.push(AGENT_PR, { sha: head });
    expect(s.onHead().conclusion).toBe("action_required");
    expect(s.onHead().output.summary).toMatch(/stale: posted before agent-gate saw the head/);
    expect(s.runsOn(head).filter((r) => r.app.id === OTHER_APP.id).map((r) => r.conclusion)).toEqual(["success", "success"]);
    // Control: an approval posted after the push counts.
    await s.approve(AGENT_PR);
    expect(s.onHead().conclusion).toBe("success");
  });

  it("ignores a state block signed for this PR when another app's run carries it; the same block in its own run is trusted", async () => {
    s = await Steps.start();
    await s.open();
    const block = s.cleanBlock(AGENT_PR);
    s.otherAppRun(s.pull(AGENT_PR).head.sha, block);
    await s.redecide();
    expect(s.onHead().conclusion).toBe("action_required");
    // Control: the app's own run holding that block is reused as the app's memory.
    s.onHead().output.text = block;
    const reads = s.graphqlCalls();
    await s.redecide();
    expect(s.onHead().conclusion).toBe("success");
    expect(s.graphqlCalls()).toBe(reads);
  });

  it("ignores Approve and Re-run clicks on another app's run named agent-gate", async () => {
    s = await Steps.start();
    await s.open();
    const foreign = s.otherAppRun(s.pull(AGENT_PR).head.sha, null);
    const before = s.w.fake.requests.length;
    await s.click(foreign, "carol", "approve");
    await s.send("check_run", checkRunEvent(s.w.fake.state, s.repo, foreign.id, "rerequested", "carol"));
    expect(s.w.fake.requests.length).toBe(before);
    expect(s.onHead().conclusion).toBe("action_required");
    // Control: the same click on the app's own run approves.
    await s.click(s.onHead(), "carol", "approve");
    expect(s.onHead().conclusion).toBe("success");
  });

  it("signs state with a key derived from the private key, not with the webhook secret", async () => {
    s = await Steps.start();
    await s.open();
    expect(decodeStates(s.onHead().output.text, STATE_KEY)).toHaveLength(1);
    expect(decodeStates(s.onHead().output.text, SECRET)).toEqual([]);
  });
});

describe("a state block is trusted only for the PR, base and head it was written for", () => {
  const replays: [string, (s: Steps) => Record<string, string | number>][] = [
    ["another PR", () => ({ number: 7 })],
    ["another base", () => ({ baseSha: sha("another base") })],
    ["another head", () => ({ headSha: sha("another head") })],
    ["another repository", () => ({ repo: "other" })],
  ];
  for (const [what, binding] of replays) {
    it(`rejects a clean block replayed from ${what}, and scans again`, async () => {
      s = await Steps.start();
      await s.open();
      s.onHead().output.text = s.cleanBlock(AGENT_PR, binding(s));
      const reads = s.graphqlCalls();
      await s.redecide();
      expect(s.onHead().conclusion).toBe("action_required");
      expect(s.graphqlCalls()).toBeGreaterThan(reads);
    });
  }

  it("control: the same clean block bound to this PR, base and head is reused without reading the code", async () => {
    s = await Steps.start();
    await s.open();
    s.onHead().output.text = s.cleanBlock(AGENT_PR);
    const reads = s.graphqlCalls();
    await s.redecide();
    expect(s.onHead().conclusion).toBe("success");
    expect(s.graphqlCalls()).toBe(reads);
  });
});

describe("comment approvals count for the head the app recorded as current", () => {
  it("force-pushing back to an older head does not revive an approval given while another head was current", async () => {
    s = await Steps.start();
    await s.open();
    const a = s.pull(AGENT_PR).head.sha;
    await s.push(AGENT_PR, { extra: { "docs/notes.md": "notes\n" } });
    await s.approve(AGENT_PR);
    expect(s.onHead().conclusion).toBe("success");
    await s.push(AGENT_PR, { sha: a });
    expect(s.pull(AGENT_PR).head.sha).toBe(a);
    expect(s.onHead().conclusion).toBe("action_required");
    expect(s.onHead().output.summary).toMatch(/stale: posted before agent-gate saw the head/);
    // Control: approved again once the older head is current again.
    await s.approve(AGENT_PR);
    expect(s.onHead().conclusion).toBe("success");
  });

  it("a late synchronize naming the head pushed away from still re-records the current head", async () => {
    s = await Steps.start();
    await s.open();
    const a = s.pull(AGENT_PR).head.sha;
    const b = await s.push(AGENT_PR, { extra: { "docs/notes.md": "notes\n" } });
    await s.approve(AGENT_PR);
    expect(s.onHead().conclusion).toBe("success");
    // Force-pushed back to A; GitHub delivers an older synchronize (naming B) first.
    const pull = s.pull(AGENT_PR);
    pull.head = { ...pull.head, sha: a };
    const late = pullRequestEvent(s.w.fake.state, s.repo, AGENT_PR, "synchronize", { before: a }) as { pull_request: { head: { sha: string } } };
    late.pull_request.head.sha = b;
    await s.send("pull_request", late);
    expect(s.onHead().head_sha).toBe(a);
    expect(s.onHead().conclusion).toBe("action_required");
  });

  it("an unrelated event handled before the push-back's synchronize does not revive the approval either", async () => {
    s = await Steps.start();
    await s.open();
    const a = s.pull(AGENT_PR).head.sha;
    await s.push(AGENT_PR, { extra: { "docs/notes.md": "notes\n" } });
    await s.approve(AGENT_PR);
    const pull = s.pull(AGENT_PR);
    pull.head = { ...pull.head, sha: a };
    await s.redecide();
    expect(s.onHead().head_sha).toBe(a);
    expect(s.onHead().conclusion).toBe("action_required");
    // Control: with no push in between, the same re-decision keeps a standing approval.
    await s.approve(AGENT_PR);
    await s.redecide();
    expect(s.onHead().conclusion).toBe("success");
  });

  it("an approval given on a head before a force-push away and back is not revived either", async () => {
    s = await Steps.start();
    await s.open();
    const a = s.pull(AGENT_PR).head.sha;
    await s.approve(AGENT_PR);
    expect(s.onHead().conclusion).toBe("success");
    await s.push(AGENT_PR, { extra: { "docs/notes.md": "notes\n" } });
    await s.push(AGENT_PR, { sha: a });
    expect(s.onHead().conclusion).toBe("action_required");
  });
});
