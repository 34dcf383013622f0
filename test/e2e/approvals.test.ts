// Issue 3's approval scenarios: signed webhooks through the real app against the fake GitHub,
// each asserting the final conclusion and the audit lines in the check run's summary.
import { afterEach, describe, expect, it } from "@jest/globals";
import {
  checkRunEvent,
  deleteIssueComment,
  issueCommentEvent,
  pullRequestEvent,
  pullRequestReviewEvent,
  type FakeCheckRun,
  type FakeRepo,
} from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { addPull, SECRET, sha, world, type World } from "../support/fake-pulls.js";

let w: World;
afterEach(async () => {
  await w?.stop();
});

const AGENT_PR = 2;

function people(repo: FakeRepo, fake: World["fake"]): void {
  Object.assign(fake.state.users, {
    carol: { login: "carol", id: 501, type: "User" },
    dave: { login: "dave", id: 502, type: "User" },
    erin: { login: "erin", id: 503, type: "User" },
  });
  Object.assign(repo.permissions, { carol: "write", dave: "read", erin: "write" });
  fake.state.teams["acme/security"] = { carol: "active", erin: "pending" };
}

async function setup(prepare: (repo: FakeRepo, fake: World["fake"]) => void = () => {}): Promise<void> {
  w = await world((repo, fake) => {
    people(repo, fake);
    prepare(repo, fake);
  });
}

async function send(event: string, payload: unknown): Promise<void> {
  const res = await deliver(w.gate.webhookUrl, event, payload, SECRET);
  expect(res.status).toBe(200);
  await w.gate.gate.queue.idle();
}

const pullOf = (n: number) => w.repo.pulls.find((p) => p.number === n)!;

async function open(n = AGENT_PR): Promise<void> {
  await send("pull_request", pullRequestEvent(w.fake.state, w.repo, n, "opened"));
}

/** The run GitHub would show for the PR's head: the newest. */
function latest(n = AGENT_PR): FakeCheckRun {
  const head = pullOf(n).head.sha;
  const runs = w.repo.checkRuns.filter((r) => r.head_sha === head);
  return runs[runs.length - 1]!;
}

function later(seconds = 1): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

async function comment(login: string, body: string, n = AGENT_PR): Promise<number> {
  const id = 900 + w.repo.issueComments.length;
  const at = later();
  w.repo.issueComments.push({ id, issue_number: n, user: login, body, created_at: at, updated_at: at });
  await send("issue_comment", issueCommentEvent(w.fake.state, w.repo, n, id, "created"));
  return id;
}

async function review(login: string, opts: { commit?: string; state?: "APPROVED" | "DISMISSED" | "CHANGES_REQUESTED"; body?: string } = {}, n = AGENT_PR): Promise<number> {
  const pull = pullOf(n);
  const id = 700 + pull.reviews.length;
  pull.reviews.push({ id, user: login, state: opts.state ?? "APPROVED", commit_id: opts.commit ?? pull.head.sha, body: opts.body ?? "", submitted_at: later() });
  await send("pull_request_review", pullRequestReviewEvent(w.fake.state, w.repo, n, id, "submitted"));
  return id;
}

async function click(login: string, identifier: "approve" | "rerun", n = AGENT_PR): Promise<void> {
  await send("check_run", checkRunEvent(w.fake.state, w.repo, latest(n).id, "requested_action", login, identifier));
}

function reactionsOn(commentId: number): string[] {
  return w.repo.reactions.filter((r) => r.comment_id === commentId).map((r) => r.content);
}

function replies(): string[] {
  return w.repo.issueComments.filter((c) => c.user.endsWith("[bot]")).map((c) => c.body);
}

/** GraphQL reads of file text (the batched blob query): a re-decision makes none. */
const graphqlCalls = () => w.fake.requests.filter((r) => r.path === "/graphql" && "e0" in ((r.body as { variables?: object })?.variables ?? {})).length;

describe("approvals through the fake GitHub", () => {
  it("a write user's approving review on the head turns the gate green, without reading the code again", async () => {
    await setup();
    await open();
    expect(latest().conclusion).toBe("action_required");
    const reads = graphqlCalls();
    await review("carol", { body: "Checked: name is escaped by the caller" });
    expect(latest()).toMatchObject({ conclusion: "success", output: { title: "Approved by @carol despite 2 blocking findings" } });
    expect(latest().output.summary).toMatch(/✅ @carol \(write\) approved [0-9a-f]{7} by review at .*, covering 2 finding\(s\) \(python\/sql-injection at shop\/api\/users\.py:\d+, any\/hardcoded-credentials at shop\/config\.py:\d+\): Checked: name is escaped by the caller/);
    expect(graphqlCalls()).toBe(reads);
    expect(w.repo.checkRuns.filter((r) => r.head_sha === pullOf(AGENT_PR).head.sha)).toHaveLength(1);
  });

  it("re-decides from the stored scan even when a later run on the head failed", async () => {
    await setup();
    await open();
    w.fake.failNext("POST", /^\/graphql$/, 500);
    await comment("carol", "/agent-gate recheck");
    expect(latest().conclusion).toBe("failure");
    const reads = graphqlCalls();
    await review("carol");
    expect(latest().conclusion).toBe("success");
    expect(graphqlCalls()).toBe(reads);
  });

  it("refuses a read user's review", async () => {
    await setup();
    await open();
    await review("dave");
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toContain("❌ @dave (review");
    expect(latest().output.summary).toContain("role read on the repository is below approvals.min_role write");
  });

  it("refuses the agent bot's own approve comment, silently", async () => {
    await setup();
    await open();
    const id = await comment("Copilot", "/agent-gate approve looks good to me");
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toContain("❌ @Copilot (comment");
    expect(latest().output.summary).toContain("a bot account cannot approve");
    expect(reactionsOn(id)).toEqual([]);
    expect(replies()).toEqual([]);
  });

  it("refuses the PR author who ran the agent", async () => {
    await setup((repo) => {
      addPull(repo, {
        number: 5,
        user: "carol",
        files: { "app/db/report.py": 'def report(cur, day):\n    cur.execute(f"SELECT * FROM sales WHERE day = \'{day}\'")\n' },
        commitAuthor: { name: "carol", email: "carol@acme.example", login: "carol" },
        message: "Add report\n\nCo-Authored-By: Claude <noreply@anthropic.com>",
      });
    });
    await open(5);
    const id = await comment("carol", "/agent-gate approve I wrote it, it is fine", 5);
    expect(latest(5).conclusion).toBe("action_required");
    expect(latest(5).output.summary).toContain("the PR's author cannot approve it");
    expect(reactionsOn(id)).toEqual(["confused"]);
    expect(replies()).toEqual([expect.stringContaining("@carol your approval was not counted: the PR's author cannot approve it")]);
  });

  it("refuses the user Copilot's commit names as co-author (who assigned it the work); an unrelated maintainer can approve", async () => {
    await setup();
    await open();
    await comment("alice", "/agent-gate approve reviewed");
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toContain(`named as the requester of the agent's work in the Co-authored-by trailer "alice (alice@acme.example)" of the agent's commit`);
    await comment("carol", "/agent-gate approve reviewed");
    expect(latest().conclusion).toBe("success");
  });

  it("with allow_author on, still refuses that co-author as a contributor", async () => {
    await setup((repo) => {
      repo.files.main = { ...repo.files.main, ".github/agent-gate.yml": "approvals:\n  allow_author: true\n" };
    });
    await open();
    await comment("alice", "/agent-gate approve reviewed");
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toMatch(/authored or co-authored commit [0-9a-f]{7} of this PR/);
  });

  it("refuses a pending team member when teams are required, and accepts an active one", async () => {
    await setup((repo) => {
      repo.files.main = { ...repo.files.main, ".github/agent-gate.yml": "approvals:\n  teams: [security]\n" };
    });
    await open();
    await comment("erin", "/agent-gate approve ok");
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toContain("membership of team security is still pending");
    await comment("carol", "/agent-gate approve ok for security");
    expect(latest().conclusion).toBe("success");
  });

  it("marks a review on an older commit as stale", async () => {
    await setup();
    await open();
    await review("carol", { commit: sha("an older head") });
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toMatch(/stale: given on commit [0-9a-f]{7}, not on the head/);
  });

  it("stops counting a dismissed review", async () => {
    await setup();
    await open();
    const id = await review("carol");
    expect(latest().conclusion).toBe("success");
    pullOf(AGENT_PR).reviews.find((r) => r.id === id)!.state = "DISMISSED";
    await send("pull_request_review", pullRequestReviewEvent(w.fake.state, w.repo, AGENT_PR, id, "dismissed"));
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toContain("the review was dismissed");
  });

  it("stops counting an edited approval comment, and says it was edited", async () => {
    await setup();
    await open();
    const id = await comment("carol", "/agent-gate approve ids are validated upstream");
    expect(latest().conclusion).toBe("success");
    const c = w.repo.issueComments.find((x) => x.id === id)!;
    const before = c.body;
    c.body = "/agent-gate approve anything goes";
    c.updated_at = later(5);
    await send("issue_comment", issueCommentEvent(w.fake.state, w.repo, AGENT_PR, id, "edited", { previousBody: before }));
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toContain("the approval comment was edited after it was posted");
  });

  it("refuses an approval without a reason and says how to give one", async () => {
    await setup();
    await open();
    const id = await comment("carol", "/agent-gate approve");
    expect(latest().conclusion).toBe("action_required");
    expect(reactionsOn(id)).toEqual(["confused"]);
    // Rendered as code; escaped because the reply quotes it into Markdown.
    expect(replies()[0]).toContain("no reason given: write <code>/agent-gate approve &lt;reason&gt;</code>");
  });

  it("does not count an approval hidden after a mid-line HTML comment; control: the same line shown counts", async () => {
    await setup();
    await open();
    await comment("carol", "Still reading this. <!-- draft\n/agent-gate approve ids are validated upstream\n-->");
    expect(latest().conclusion).toBe("action_required");
    await comment("carol", "Done reading.\n/agent-gate approve ids are validated upstream");
    expect(latest().conclusion).toBe("success");
  });

  it("accepts a comment approval from a write user with a thumbs-up", async () => {
    await setup();
    await open();
    const id = await comment("carol", "/agent-gate approve values are ints from the router");
    expect(latest().conclusion).toBe("success");
    expect(reactionsOn(id)).toEqual(["+1"]);
    expect(latest().output.summary).toContain("@carol (write) approved");
  });

  it("the Approve button counts for a write user and not for a read user", async () => {
    await setup();
    await open();
    await click("dave", "approve");
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toContain("❌ @dave (button");
    await click("carol", "approve");
    expect(latest().conclusion).toBe("success");
    expect(latest().output.summary).toContain("@carol (write) approved");
    expect(latest().output.summary).toContain("by button");
  });

  it("recheck by a write user scans again; by a read user it is refused", async () => {
    await setup();
    await open();
    const reads = graphqlCalls();
    const refused = await comment("dave", "/agent-gate recheck");
    expect(reactionsOn(refused)).toEqual(["confused"]);
    expect(graphqlCalls()).toBe(reads);
    const ok = await comment("carol", "/agent-gate recheck");
    expect(reactionsOn(ok)).toEqual(["+1"]);
    expect(graphqlCalls()).toBe(reads + 1);
  });

  it("ignores comments on issues that are not pull requests", async () => {
    await setup();
    await open();
    const before = w.fake.requests.length;
    const id = 999;
    w.repo.issueComments.push({ id, issue_number: AGENT_PR, user: "carol", body: "/agent-gate recheck", created_at: later(), updated_at: later() });
    const payload = issueCommentEvent(w.fake.state, w.repo, AGENT_PR, id, "created") as { issue: Record<string, unknown> };
    delete payload.issue.pull_request;
    await send("issue_comment", payload);
    expect(w.fake.requests.length).toBe(before);
    expect(reactionsOn(id)).toEqual([]);
  });

  it("answers explain and help, and help for an unknown verb", async () => {
    await setup();
    await open();
    const explain = await comment("dave", "/agent-gate explain python/sql-injection");
    expect(reactionsOn(explain)).toEqual(["+1"]);
    expect(replies()[0]).toContain("### `python/sql-injection` (sql-injection, CWE-89, blocking)");
    const help = await comment("dave", "@agent-gate frobnicate");
    expect(reactionsOn(help)).toEqual(["confused"]);
    expect(replies()[1]).toContain("`frobnicate` is not an agent-gate command.");
    expect(replies()[1]).toContain("approver role: at least `write`");
  });

  describe("a new push after approval", () => {
    async function pushNewHead(extra: Record<string, string>): Promise<void> {
      const pull = pullOf(AGENT_PR);
      const before = pull.head.sha;
      const tree = { ...w.repo.files[before]!, ...extra };
      const head = sha(`push:${JSON.stringify(extra)}`);
      w.repo.files[head] = tree;
      pull.commits.push({ sha: head, message: "More changes", author: pull.commits[1]!.author, committer: pull.commits[1]!.committer });
      pull.head = { ...pull.head, sha: head };
      for (const [path, text] of Object.entries(extra)) {
        const existing = pull.files.find((f) => f.filename === path);
        const patch = `@@ -0,0 +1,${text.split("\n").length - 1} @@\n${text.trimEnd().split("\n").map((l) => `+${l}`).join("\n")}`;
        if (existing) existing.patch = patch;
        else pull.files.push({ filename: path, status: "added", patch });
      }
      await send("pull_request", pullRequestEvent(w.fake.state, w.repo, AGENT_PR, "synchronize", { before }));
    }

    it("needs a new approval by default", async () => {
      await setup();
      await open();
      await review("carol");
      expect(latest().conclusion).toBe("success");
      await pushNewHead({ "docs/notes.md": "notes\n" });
      expect(latest().conclusion).toBe("action_required");
      expect(latest().output.summary).toMatch(/stale: given on commit/);
    });

    it("carries the approval over with keep_approval_when_findings_unchanged when findings are unchanged", async () => {
      await setup((repo) => {
        repo.files.main = { ...repo.files.main, ".github/agent-gate.yml": "approvals:\n  keep_approval_when_findings_unchanged: true\n" };
      });
      await open();
      await review("carol");
      await pushNewHead({ "docs/notes.md": "notes\n" });
      expect(latest().conclusion).toBe("success");
      expect(latest().output.summary).toMatch(/carried over from [0-9a-f]{7}: findings unchanged/);
    });

    it("never carries it over onto a head with something the gate could not check", async () => {
      await setup((repo) => {
        repo.files.main = { ...repo.files.main, ".github/agent-gate.yml": "approvals:\n  keep_approval_when_findings_unchanged: true\n" };
      });
      await open();
      await review("carol");
      // It calls a query, so a rule needs its tree, and the tree is too deep to build.
      const deep = `import { Pool } from "pg";\nexport const rows = ${"[".repeat(250)}1${"]".repeat(250)};\nexport const count = (pool: Pool) => pool.query("SELECT count(*) FROM rows");\n`;
      await pushNewHead({ "shop/db/rows.ts": deep });
      expect(latest().output.summary).toContain("shop/db/rows.ts");
      expect(latest().conclusion).toBe("action_required");
      expect(latest().output.summary).toMatch(/given on [0-9a-f]{7}; the head has 1 thing\(s\) agent-gate could not check, and an approval never carries over onto an incomplete scan/);
    });

    it("does not carry it over when a new finding appears", async () => {
      await setup((repo) => {
        repo.files.main = { ...repo.files.main, ".github/agent-gate.yml": "approvals:\n  keep_approval_when_findings_unchanged: true\n" };
      });
      await open();
      await review("carol");
      await pushNewHead({ "shop/db/extra.py": 'def f(cur, x):\n    cur.execute("DELETE FROM t WHERE id = " + x)\n' });
      expect(latest().conclusion).toBe("action_required");
      expect(latest().output.summary).toContain("1 blocking finding(s) on the head are new since, so it does not carry over");
    });
  });
});

// Issue 10 §4: approvals count only while they stand, and only from people independent of the agent.
describe("approvals that do not stand, and approvers who are not independent", () => {
  const REPORT = { "app/db/report.py": 'def report(cur, day):\n    cur.execute(f"SELECT * FROM sales WHERE day = \'{day}\'")\n' };

  it("a later changes-requested review from the same reviewer withdraws the approval", async () => {
    await setup();
    await open();
    await review("carol");
    expect(latest().conclusion).toBe("success");
    await review("carol", { state: "CHANGES_REQUESTED", body: "on second look, no" });
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toMatch(/❌ @carol \(review.*withdrawn: @carol requested changes at/);
  });

  it("deleting an approve comment withdraws it; another approval still standing keeps the head green", async () => {
    await setup();
    await open();
    const carols = await comment("carol", "/agent-gate approve ids are validated upstream");
    expect(latest().conclusion).toBe("success");
    const deleted = issueCommentEvent(w.fake.state, w.repo, AGENT_PR, carols, "deleted");
    expect(deleteIssueComment(w.repo, carols)).toBe(true);
    await send("issue_comment", deleted);
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).not.toContain("@carol (write) approved");

    await comment("carol", "/agent-gate approve ids are validated upstream");
    const erins = await comment("erin", "/agent-gate approve agreed");
    expect(latest().output.summary).toContain("@erin (write) approved");
    const again = issueCommentEvent(w.fake.state, w.repo, AGENT_PR, erins, "deleted");
    deleteIssueComment(w.repo, erins);
    await send("issue_comment", again);
    expect(latest().conclusion).toBe("success");
    expect(latest().output.summary).toContain("@carol (write) approved");
    expect(latest().output.summary).not.toContain("@erin (write) approved");

    // Deleting a comment that was no approval changes nothing and costs no request.
    const chat = await comment("dave", "thanks, looks good");
    const requests = w.fake.requests.length;
    const plain = issueCommentEvent(w.fake.state, w.repo, AGENT_PR, chat, "deleted");
    deleteIssueComment(w.repo, chat);
    await send("issue_comment", plain);
    expect(w.fake.requests.length).toBe(requests);
  });

  it("Devin's requester cannot approve; an unrelated maintainer can", async () => {
    const devin = { name: "devin-ai-integration[bot]", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com", login: "devin-ai-integration[bot]" };
    await setup((repo) => {
      const pull = addPull(repo, { number: 6, user: devin.login, headRef: "devin/1700000000-report", files: REPORT, commitAuthor: devin, message: "Add report" });
      pull.body = "Adds the sales report.\n\n**Link to Devin run:** https://app.devin.ai/sessions/4f1e\n**Requested by:** @erin\n";
    });
    await open(6);
    const id = await comment("erin", "/agent-gate approve I checked it", 6);
    expect(latest(6).conclusion).toBe("action_required");
    expect(replies()).toEqual([expect.stringContaining(`@erin your approval was not counted: named as the requester of the agent's work in the PR body ("Requested by: @erin")`)]);
    expect(reactionsOn(id)).toEqual(["confused"]);
    await comment("carol", "/agent-gate approve checked the query", 6);
    expect(latest(6).conclusion).toBe("success");
  });

  it("an assignee of a PR a bot opened cannot approve it; someone else can", async () => {
    await setup((repo) => {
      repo.pulls.find((p) => p.number === AGENT_PR)!.assignees = ["erin"];
    });
    await open();
    await comment("erin", "/agent-gate approve fine");
    expect(latest().conclusion).toBe("action_required");
    expect(latest().output.summary).toContain("assigned to this PR, which the bot @Copilot opened for them");
    await comment("carol", "/agent-gate approve fine");
    expect(latest().conclusion).toBe("success");
  });

  it("a co-author known only through GitHub's account linkage cannot approve; a non-author can", async () => {
    await setup((repo, fake) => {
      fake.state.users.carol!.emails = ["carol@home.example"];
      addPull(repo, {
        number: 7,
        user: "bob",
        files: REPORT,
        commitAuthor: { name: "Bob Builder", email: "bob@acme.example", login: "bob" },
        message: "Add report\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nCo-authored-by: C. Writer <carol@home.example>",
      });
    });
    await open(7);
    await comment("carol", "/agent-gate approve looks right", 7);
    expect(latest(7).conclusion).toBe("action_required");
    expect(latest(7).output.summary).toMatch(/❌ @carol \(comment.*authored or co-authored commit [0-9a-f]{7} of this PR/);
    await comment("erin", "/agent-gate approve looks right", 7);
    expect(latest(7).conclusion).toBe("success");
  });

  it("an approval naming another commit is refused and says which; naming the head counts", async () => {
    await setup();
    await open();
    const head = pullOf(AGENT_PR).head.sha;
    const wrong = await comment("carol", "/agent-gate approve 0000000 checked");
    expect(latest().conclusion).toBe("action_required");
    expect(reactionsOn(wrong)).toEqual(["confused"]);
    expect(replies()).toEqual([expect.stringContaining(`it names commit 0000000, which is not the head ${head.slice(0, 7)}`)]);
    const right = await comment("carol", `/agent-gate approve ${head.slice(0, 9)} checked`);
    expect(latest().conclusion).toBe("success");
    expect(reactionsOn(right)).toEqual(["+1"]);
  });
});
