import { describe, expect, it } from "@jest/globals";
import { collectApprovals, contributors, type ApprovalInputs } from "../../src/engine/approve.js";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { parseConfig } from "../../src/engine/config.js";
import type { CommitInfo, IssueComment, PullMeta, Review } from "../../src/engine/types.js";
import { MemorySource, type MemoryPull } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const HEAD = "c0ffee42".repeat(5);

function inputs(over: Partial<ApprovalInputs> = {}): ApprovalInputs {
  const pull = { number: 1, body: "", author: { login: "Copilot", type: "Bot" }, headSha: HEAD } as PullMeta;
  return { pull, commits: [], reviews: [], comments: [], buttons: [], headSeenAt: "2026-03-01T10:00:00.000Z", blocking: ["f1"], incomplete: [], appSlug: "agent-gate", ...over };
}

function comment(login: string, body: string, createdAt: string, updatedAt = createdAt) {
  return { id: 1, user: { login, type: "User" }, body, createdAt, updatedAt };
}

describe("collectApprovals", () => {
  const source = new MemorySource({ roles: { carol: "write", tom: "triage", cus: "security-reviewer" } });

  it("compares times as instants, whatever their textual form", async () => {
    const sameSecond = await collectApprovals(
      inputs({ headSeenAt: "2026-03-01T10:00:00.500Z", comments: [comment("carol", "/agent-gate approve ok", "2026-03-01T10:00:01Z")] }),
      parseConfig({}, catalogue),
      catalogue.agents,
      source,
    );
    expect(sameSecond.accepted.map((a) => a.login)).toEqual(["carol"]);
    const before = await collectApprovals(
      inputs({ headSeenAt: "2026-03-01T10:00:00.500Z", comments: [comment("carol", "/agent-gate approve ok", "2026-03-01T10:00:00Z")] }),
      parseConfig({}, catalogue),
      catalogue.agents,
      source,
    );
    expect(before.refused[0]?.why).toMatch(/^stale: posted before agent-gate saw the head/);
  });

  it("accepts custom roles listed in approvals.roles and ranks built-in roles", async () => {
    const config = parseConfig({ approvals: { roles: ["security-reviewer"] } }, catalogue);
    const at = "2026-03-01T11:00:00Z";
    const out = await collectApprovals(
      inputs({ comments: ["cus", "tom"].map((u, i) => ({ ...comment(u, "/agent-gate approve ok", at), id: i + 1 })) }),
      config,
      catalogue.agents,
      source,
    );
    expect(out.accepted.map((a) => [a.login, a.role])).toEqual([["cus", "security-reviewer"]]);
    expect(out.refused).toEqual([expect.objectContaining({ login: "tom", why: expect.stringContaining("role triage") })]);
  });

  it("needs count distinct approvers", async () => {
    const config = parseConfig({ approvals: { count: 2 } }, catalogue);
    const at = "2026-03-01T11:00:00Z";
    const twice = [1, 2].map((id) => ({ ...comment("carol", "/agent-gate approve ok", at), id }));
    const out = await collectApprovals(inputs({ comments: twice }), config, catalogue.agents, source);
    expect(out).toMatchObject({ needed: 2 });
    expect(out.accepted).toHaveLength(1);
  });
});

describe("contributors", () => {
  // A plain e-mail links to no account, so a co-author's name that is a valid login counts as
  // that login too: it errs towards refusing an approval, never towards accepting one.
  it("finds commit authors, committers and co-authors by linked e-mail, noreply address or login-like name", () => {
    const commits: CommitInfo[] = [
      {
        sha: "1".repeat(40),
        message: "x\n\nCo-authored-by: Someone <someone@corp.example>\nCo-authored-by: Dev <12345+dev-one@users.noreply.github.com>\nCo-authored-by: zed <zed@zed.example>",
        author: { name: "Mia", email: "mia@corp.example", login: "mia" },
        committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" },
      },
      {
        sha: "2".repeat(40),
        message: "y\n\nCo-authored-by: Mia M <mia@corp.example>",
        author: { name: "Claude", email: "noreply@anthropic.com" },
        committer: { name: "Claude", email: "noreply@anthropic.com" },
      },
    ];
    expect([...contributors(commits).keys()].sort()).toEqual(["dev", "dev-one", "mia", "someone", "zed"]);
  });
});

// Issue 10 §4: each rule as the attacker would use it, next to the control that must pass.
describe("who may approve, and for how long", () => {
  const T = (m: number) => `2026-03-01T11:${String(m).padStart(2, "0")}:00Z`;
  const user = (login: string) => ({ login, type: "User" });
  const review = (id: number, login: string, state: Review["state"], at: string, commitId = HEAD): Review => ({ id, user: user(login), state, commitId, submittedAt: at, body: "" });
  const approve = (login: string, body: string, id = 1): IssueComment => ({ id, user: user(login), body, createdAt: T(5), updatedAt: T(5) });
  const roles = { carol: "write", erin: "write", mia: "write", gmail: "write", dev: "write", zed: "write" };
  const human = { login: "bob", id: 2, type: "User" };
  const devin = { login: "devin-ai-integration[bot]", id: 158243242, type: "Bot" };
  const copilotPerson = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot", id: 198982749, type: "Bot" };
  const bobPerson = { name: "Bob", email: "bob@acme.example", login: "bob" };
  const commit = (message: string, author: CommitInfo["author"] = bobPerson): CommitInfo => ({ sha: "1".repeat(40), message, author, committer: author });

  interface Case {
    name: string;
    over?: Partial<ApprovalInputs>;
    pull?: Partial<PullMeta>;
    config?: Record<string, unknown>;
    memory?: Partial<MemoryPull>;
    accepted: string[];
    refused?: RegExp;
  }
  const cases: Case[] = [
    // 1. A reviewer's latest word counts.
    { name: "changes requested after approving withdraws the approval", over: { reviews: [review(1, "carol", "approved", T(1)), review(2, "carol", "changes_requested", T(2))] }, accepted: [], refused: /^withdrawn: @carol requested changes at .*, after this approval$/ },
    { name: "control: approving after requesting changes counts", over: { reviews: [review(1, "carol", "changes_requested", T(1)), review(2, "carol", "approved", T(2))] }, accepted: ["carol"] },
    { name: "a later dismissed review withdraws the approval", over: { reviews: [review(1, "carol", "approved", T(1)), review(2, "carol", "dismissed", T(2))] }, accepted: [], refused: /withdrawn: a later review by the same reviewer was dismissed/ },
    { name: "control: a later commented review does not withdraw", over: { reviews: [review(1, "carol", "approved", T(1)), review(2, "carol", "commented", T(2))] }, accepted: ["carol"] },
    { name: "another reviewer's changes request does not withdraw carol's approval", over: { reviews: [review(1, "carol", "approved", T(1)), review(2, "erin", "changes_requested", T(2))] }, accepted: ["carol"] },
    { name: "changes requested on the head after a comment approval withdraws it", over: { comments: [approve("carol", "/agent-gate approve ok")], reviews: [review(2, "carol", "changes_requested", T(9))] }, accepted: [], refused: /^withdrawn: @carol requested changes at .*, after this approval$/ },
    { name: "control: a comment approval after requesting changes counts", over: { comments: [approve("carol", "/agent-gate approve ok")], reviews: [review(2, "carol", "changes_requested", T(1))] }, accepted: ["carol"] },
    { name: "control: changes requested on an older head do not withdraw an approval of this one", over: { comments: [approve("carol", "/agent-gate approve ok")], reviews: [review(2, "carol", "changes_requested", T(9), "e".repeat(40))] }, accepted: ["carol"] },
    { name: "changes requested after a click on Approve withdraws it", over: { buttons: [{ login: "carol", type: "User", sha: HEAD, at: T(3) }], reviews: [review(2, "carol", "changes_requested", T(9))] }, accepted: [], refused: /^withdrawn: @carol requested changes/ },
    // 2. A deleted approve comment is gone from the PR's comments: nothing counts.
    { name: "a deleted approve comment counts for nothing", over: { comments: [] }, accepted: [] },
    { name: "control: the same comment still present counts", over: { comments: [approve("carol", "/agent-gate approve ok")] }, accepted: ["carol"] },
    // 3. The human who set the agent to work is not independent.
    { name: "Devin's Requested by @login", pull: { author: devin, body: "Fix\n\n**Link to Devin run:** https://app.devin.ai/sessions/x\n**Requested by:** @carol" }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, accepted: [], refused: /^named as the requester of the agent's work in the PR body \("Requested by: @carol"\), so counts as the PR's author \(approvals\.allow_author is off\)$/ },
    { name: "control: an unrelated maintainer approves Devin's PR", pull: { author: devin, body: "Requested by: @carol" }, over: { comments: [approve("erin", "/agent-gate approve ok")] }, accepted: ["erin"] },
    { name: "Devin's Requested by name (e-mail), the e-mail linked to an account on GitHub", pull: { author: devin, body: "Link to Devin run: https://app.devin.ai/sessions/x\nRequested by: Carol C (carol@corp.example)" }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, memory: { commits: [commit("Tweak", { name: "Carol C", email: "carol@corp.example", login: "carol" })] }, accepted: [], refused: /^named as the requester of the agent's work in the PR body \("Requested by: Carol C/ },
    { name: "Devin's Requested by display name, matched to the account GitHub linked to that name", pull: { author: devin, body: "Requested by: Carol Cee" }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, memory: { commits: [commit("Tweak", { name: "Carol Cee", email: "cc@corp.example", login: "carol" })] }, accepted: [], refused: /^named as the requester/ },
    { name: "Devin's Requested by heading with the e-mail on the next line", pull: { author: devin, body: "## Requested by\n\n123+carol@users.noreply.github.com\n" }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, accepted: [], refused: /named as the requester/ },
    { name: "agent text quoted in a refusal carries no Markdown or HTML", pull: { author: devin, body: "Requested by: @carol <!-- | `x` <details>" }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, accepted: [], refused: /^named as the requester of the agent's work in the PR body \("Requested by: @carol [^<>|`]*$/ },
    { name: "the domain of a requester's e-mail is not a login", pull: { author: devin, body: "Requested by: Nate (nate@gmail.com)" }, over: { comments: [approve("gmail", "/agent-gate approve ok")] }, accepted: ["gmail"] },
    { name: "Copilot's co-author trailer names the assigning user", over: { comments: [approve("carol", "/agent-gate approve ok")] }, config: { allow_contributors: true }, memory: { commits: [commit("Add\n\nCo-authored-by: carol <77+carol@users.noreply.github.com>", copilotPerson)] }, accepted: [], refused: /trailer "carol \(77\+carol@users\.noreply\.github\.com\)" of the agent's commit 1111111/ },
    { name: "control: the same trailer on a human's commit makes a contributor, who may approve when contributors may", pull: { author: human }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, config: { allow_contributors: true }, memory: { commits: [commit("Add\n\nCo-authored-by: carol <77+carol@users.noreply.github.com>")] }, accepted: ["carol"] },
    { name: "the human committing with an AI co-author ran the agent", pull: { author: human }, over: { comments: [approve("dev", "/agent-gate approve ok")] }, config: { allow_contributors: true }, memory: { commits: [commit("Add\n\nCo-Authored-By: Claude <noreply@anthropic.com>", { name: "Dev", email: "dev@acme.example", login: "dev" })] }, accepted: [], refused: /^ran the agent: authored commit 1111111, which an AI agent co-authored/ },
    { name: "the human whose commit carries Claude Code's footer ran the agent", pull: { author: human }, over: { comments: [approve("dev", "/agent-gate approve ok")] }, config: { allow_contributors: true }, memory: { commits: [commit("Add\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)", { name: "Dev", email: "dev@acme.example", login: "dev" })] }, accepted: [], refused: /^ran the agent: authored commit 1111111, whose message carries an AI agent's mark/ },
    { name: "the human whose commit has Replit's assistant trailer ran it", pull: { author: human }, over: { comments: [approve("dev", "/agent-gate approve ok")] }, config: { allow_contributors: true }, memory: { commits: [commit("Add\n\nReplit-Commit-Author: Assistant", { name: "Dev", email: "dev@acme.example", login: "dev" })] }, accepted: [], refused: /^ran the agent: authored commit 1111111/ },
    { name: "control: committing a Copilot code review suggestion is not running an agent", pull: { author: human }, over: { comments: [approve("dev", "/agent-gate approve ok")] }, config: { allow_contributors: true }, memory: { commits: [commit("Apply suggestion\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>", { name: "Dev", email: "dev@acme.example", login: "dev" })] }, accepted: ["dev"] },
    { name: "control: committing a Gemini Code Assist suggestion is not running an agent", pull: { author: human }, over: { comments: [approve("dev", "/agent-gate approve ok")] }, config: { allow_contributors: true }, memory: { commits: [commit("Apply suggestion\n\nCo-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>", { name: "Dev", email: "dev@acme.example", login: "dev" })] }, accepted: ["dev"] },
    { name: "an assignee of a bot-authored PR", pull: { assignees: [user("carol")] }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, accepted: [], refused: /^assigned to this PR, which the bot @Copilot opened for them/ },
    { name: "control: an assignee of a human's PR may approve", pull: { author: human, assignees: [user("carol")] }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, accepted: ["carol"] },
    { name: "the body cannot clear the PR's author", pull: { author: { login: "carol", type: "User" }, body: "Requested by: @erin" }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, accepted: [], refused: /^the PR's author cannot approve it/ },
    { name: "control: with allow_author on, the requester may approve", pull: { author: devin, body: "Requested by: @carol" }, over: { comments: [approve("carol", "/agent-gate approve ok")] }, config: { allow_author: true }, accepted: ["carol"] },
    // 4. Co-authors are matched to accounts through GitHub.
    { name: "a co-author known only through GraphQL", pull: { author: human }, over: { comments: [approve("mia", "/agent-gate approve ok")] }, memory: { commits: [commit("Add\n\nCo-authored-by: Mia M <mia@corp.example>")], commitAuthors: { ["1".repeat(40)]: [bobPerson, { name: "Mia M", email: "mia@corp.example", login: "mia" }] } }, accepted: [], refused: /^authored or co-authored commit 1111111 of this PR/ },
    { name: "control: the same co-author unlinked on GitHub and unrecognisable is not matched", pull: { author: human }, over: { comments: [approve("mia", "/agent-gate approve ok")] }, memory: { commits: [commit("Add\n\nCo-authored-by: Mia M <mia@corp.example>")] }, accepted: ["mia"] },
    { name: "the heuristics still refuse what GitHub does not link (a login-like name)", pull: { author: human }, over: { comments: [approve("zed", "/agent-gate approve ok")] }, memory: { commits: [commit("Add\n\nCo-authored-by: zed <zed@zed.example>")] }, accepted: [], refused: /^authored or co-authored commit/ },
    { name: "a commit whose authors GitHub cut short clears nobody", pull: { author: human }, over: { comments: [approve("erin", "/agent-gate approve ok")] }, memory: { commits: [commit("Add")], commitAuthors: { ["1".repeat(40)]: { authors: [bobPerson], cut: true } } }, accepted: [], refused: /^GitHub lists only some of the authors of commit 1111111/ },
    { name: "control: a cut commit is no reason when contributors may approve", pull: { author: human }, over: { comments: [approve("erin", "/agent-gate approve ok")] }, config: { allow_contributors: true }, memory: { commits: [commit("Add")], commitAuthors: { ["1".repeat(40)]: { authors: [bobPerson], cut: true } } }, accepted: ["erin"] },
    // 5. keep_approval_when_findings_unchanged never carries onto an incomplete head.
    { name: "no carry-over onto a head with something unchecked", config: { keep_approval_when_findings_unchanged: true }, over: { incomplete: [{ file: "big.py", reason: "over the size limit" }], earlier: { sha: "e".repeat(40), accepted: [{ login: "carol", role: "write", at: T(1), sha: "e".repeat(40), via: "review", reason: "ok", covers: ["f1"] }] } }, accepted: [], refused: /^given on eeeeeee; the head has 1 thing\(s\) agent-gate could not check, and an approval never carries over onto an incomplete scan$/ },
    { name: "control: carried over onto a complete head with the same findings", config: { keep_approval_when_findings_unchanged: true }, over: { earlier: { sha: "e".repeat(40), accepted: [{ login: "carol", role: "write", at: T(1), sha: "e".repeat(40), via: "review", reason: "ok", covers: ["f1"] }] } }, accepted: ["carol"] },
    // 6. `/agent-gate approve <sha7+> <reason>` counts only for that commit.
    { name: "an approval naming another commit", over: { comments: [approve("carol", "/agent-gate approve deadbee ok")] }, accepted: [], refused: /^it names commit deadbee, which is not the head c0ffee4$/ },
    { name: "control: an approval naming the head by 7 characters", over: { comments: [approve("carol", "/agent-gate approve C0FFEE4 reviewed")] }, accepted: ["carol"] },
    { name: "control: an approval naming the head in full", over: { comments: [approve("carol", `/agent-gate approve ${HEAD} reviewed`)] }, accepted: ["carol"] },
    { name: "a sha with no reason still needs one", over: { comments: [approve("carol", "/agent-gate approve c0ffee4")] }, accepted: [], refused: /^no reason given: write `\/agent-gate approve c0ffee4 <reason>`$/ },
  ];

  it.each(cases)("$name", async (c) => {
    const source = new MemorySource({ roles, ...c.memory });
    const approvals = { allow_author: false, allow_contributors: false, ...c.config };
    const i = inputs({ commits: c.memory?.commits ?? [], ...c.over });
    i.pull = { ...i.pull, ...c.pull };
    const out = await collectApprovals(i, parseConfig({ approvals }, catalogue), catalogue.agents, source);
    expect(out.accepted.map((a) => a.login)).toEqual(c.accepted);
    if (c.refused) expect(out.refused.map((r) => r.why)).toEqual(expect.arrayContaining([expect.stringMatching(c.refused)]));
  });

  it("records the head as the commit an approval naming it by prefix is for", async () => {
    const source = new MemorySource({ roles });
    const out = await collectApprovals(inputs({ comments: [approve("carol", "/agent-gate approve c0ffee42 ok")] }), parseConfig({}, catalogue), catalogue.agents, source);
    expect(out.accepted[0]).toMatchObject({ login: "carol", sha: HEAD, reason: "ok" });
  });

  it("asks GitHub for commit authors only when an attempt reaches the authorship checks, and once", async () => {
    const config = parseConfig({}, catalogue);
    const none = new MemorySource({ roles });
    await collectApprovals(inputs(), config, catalogue.agents, none);
    expect(none.calls).not.toContain("commitAuthors");
    const botOnly = new MemorySource({ roles });
    await collectApprovals(inputs({ comments: [{ ...approve("Copilot", "/agent-gate approve ok"), user: { login: "Copilot", type: "Bot" } }] }), config, catalogue.agents, botOnly);
    expect(botOnly.calls).not.toContain("commitAuthors");
    const two = new MemorySource({ roles });
    await collectApprovals(inputs({ comments: [approve("carol", "/agent-gate approve ok", 1), approve("erin", "/agent-gate approve ok", 2)] }), config, catalogue.agents, two);
    expect(two.calls.filter((c) => c === "commitAuthors")).toHaveLength(1);
    const open = new MemorySource({ roles });
    await collectApprovals(inputs({ comments: [approve("carol", "/agent-gate approve ok")] }), parseConfig({ approvals: { allow_author: true, allow_contributors: true } }, catalogue), catalogue.agents, open);
    expect(open.calls).not.toContain("commitAuthors");
  });
});

// Issue 14: AI reviewers can approve PRs on GitHub; none counts here, each named in the refusal.
describe("AI reviewers", () => {
  const source = new MemorySource({ roles: { carol: "write" } });
  const at = "2026-03-01T11:00:00Z";
  const approving = (user: Review["user"], id = 1): Review => ({ id, user, state: "approved", commitId: HEAD, submittedAt: at, body: "LGTM" });

  it.each([
    ["copilot-pull-request-reviewer[bot]", { login: "copilot-pull-request-reviewer[bot]", type: "Bot" }, "Copilot code review"],
    ["the Copilot reviewer, by its id", { login: "Copilot", id: 175728472, type: "Bot" }, "Copilot code review"],
    ["the Copilot reviewer, by login when no id is given", { login: "Copilot" }, "Copilot code review"],
    ["CodeRabbit", { login: "coderabbitai[bot]", type: "Bot" }, "CodeRabbit"],
    ["Cursor Bugbot", { login: "cursor[bot]", id: 206951365, type: "Bot" }, "Cursor Bugbot"],
    ["Gemini Code Assist", { login: "gemini-code-assist[bot]", type: "Bot" }, "Gemini Code Assist"],
    ["Sourcery", { login: "sourcery-ai[bot]", type: "Bot" }, "Sourcery"],
    ["Qodo", { login: "qodo-merge[bot]", type: "Bot" }, "Qodo"],
    ["an AI reviewer reported as a User", { login: "coderabbitai[bot]", type: "User" }, "CodeRabbit"],
  ] as const)("refuses %s by identity, naming it", async (_name, user, named) => {
    const out = await collectApprovals(inputs({ reviews: [approving(user)] }), parseConfig({}, catalogue), catalogue.agents, source);
    expect(out.accepted).toEqual([]);
    expect(out.refused).toEqual([expect.objectContaining({ login: user.login, via: "review", why: `an AI reviewer's account cannot approve: ${named} (@${user.login})` })]);
  });

  it("refuses any other bot by its type, and the coding agent sharing a reviewer's login by its id", async () => {
    const reviews = [approving({ login: "new-ai-reviewer[bot]", type: "Bot" }, 1), approving({ login: "Copilot", id: 198982749, type: "Bot" }, 2)];
    const out = await collectApprovals(inputs({ reviews }), parseConfig({}, catalogue), catalogue.agents, source);
    expect(out.refused.map((r) => [r.login, r.why])).toEqual([
      ["new-ai-reviewer[bot]", "a bot account cannot approve"],
      ["Copilot", "a bot account cannot approve"],
    ]);
  });

  it("control: a maintainer's approving review next to the AI reviewers' counts", async () => {
    const reviews = [approving({ login: "coderabbitai[bot]", type: "Bot" }, 1), approving({ login: "carol", type: "User" }, 2)];
    const out = await collectApprovals(inputs({ reviews }), parseConfig({}, catalogue), catalogue.agents, source);
    expect(out.accepted.map((a) => a.login)).toEqual(["carol"]);
    expect(out.refused.map((r) => r.login)).toEqual(["coderabbitai[bot]"]);
  });
});
