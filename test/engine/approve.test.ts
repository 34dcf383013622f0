import { describe, expect, it } from "@jest/globals";
import { collectApprovals, contributors, type ApprovalInputs } from "../../src/engine/approve.js";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { parseConfig } from "../../src/engine/config.js";
import type { CommitInfo, PullMeta } from "../../src/engine/types.js";
import { MemorySource } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const HEAD = "h".repeat(40);

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
