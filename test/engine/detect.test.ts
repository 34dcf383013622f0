import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { parseConfig } from "../../src/engine/config.js";
import { coAuthors, detectAgent } from "../../src/engine/detect.js";
import type { CommitInfo, PullMeta } from "../../src/engine/types.js";

const catalogue = loadCatalogue();
const config = (raw: unknown = {}) => parseConfig(raw, catalogue);

function pull(over: Partial<PullMeta> = {}): PullMeta {
  return {
    owner: "acme",
    repo: "shop",
    number: 1,
    title: "t",
    body: "",
    author: { login: "alice", id: 10, type: "User" },
    headSha: "a".repeat(40),
    headRef: "feature/x",
    baseRef: "main",
    baseSha: "0".repeat(40),
    labels: [],
    changedFiles: 1,
    commits: 1,
    draft: false,
    ...over,
  };
}

function commit(message: string, author = { name: "Alice", email: "alice@acme.example" }): CommitInfo {
  return { sha: "b".repeat(40), message, author, committer: { name: "GitHub", email: "noreply@github.com" } };
}

describe("detectAgent", () => {
  it("does not flag a human PR and says what it checked", () => {
    const d = detectAgent(pull(), [commit("Fix typo")], catalogue.agents, config());
    expect(d.isAgent).toBe(false);
    expect(d.signals).toEqual([]);
    expect(d.checked.join(" ")).toContain("author alice (User)");
  });

  it.each([
    ["Copilot by login", pull({ author: { login: "Copilot", id: 198982749, type: "Bot" } }), [], "author-login", "copilot"],
    ["a renamed bot by numeric id", pull({ author: { login: "devin-renamed[bot]", id: 158243242, type: "Bot" } }), [], "author-bot-id", "devin"],
    ["Claude Code by trailer e-mail", pull(), [commit("Add search\n\nCo-Authored-By: Claude Opus <noreply@anthropic.com>")], "co-author", "claude"],
    ["Cursor by commit author e-mail", pull(), [commit("x", { name: "Cursor Agent", email: "cursoragent@cursor.com" })], "commit-author", "cursor"],
    ["Aider by author name suffix", pull(), [commit("x", { name: "Alice (aider)", email: "alice@acme.example" })], "commit-author", "aider"],
    ["Aider by message prefix", pull(), [commit("aider: refactor db")], "commit-message", "aider"],
    ["Replit by trailer", pull(), [commit("x\n\nReplit-Commit-Author: Agent")], "trailer", "replit"],
    ["Codex by body link", pull({ body: "See https://chatgpt.com/codex/tasks/task_e_123" }), [], "body-marker", "codex"],
    ["Devin by its session link", pull({ body: "Link to Devin run: https://app.devin.ai/sessions/d1991f5d\nRequested by: Nathan" }), [], "body-marker", "devin"],
    ["Copilot by branch prefix", pull({ headRef: "copilot/fix-login" }), [], "branch-prefix", "copilot"],
    ["an agent label", pull({ labels: ["AI-Generated"] }), [], "label", "label"],
  ] as const)("flags %s", (_name, p, commits, kind, agent) => {
    const d = detectAgent(p, [...commits], catalogue.agents, config());
    expect(d.isAgent).toBe(true);
    expect(d.signals).toContainEqual(expect.objectContaining({ kind, agent }));
  });

  it("matches trailers by e-mail, not by display name", () => {
    const d = detectAgent(pull(), [commit("x\n\nCo-authored-by: Claude Shannon <claude@bell-labs.example>")], catalogue.agents, config());
    expect(d.isAgent).toBe(false);
  });

  it("leaves automation ungated by default and gates it on request", () => {
    const bot = pull({ author: { login: "dependabot[bot]", id: 49699333, type: "Bot" } });
    const off = detectAgent(bot, [], catalogue.agents, config());
    expect(off).toMatchObject({ isAgent: false, automation: "dependabot[bot]" });
    const on = detectAgent(bot, [], catalogue.agents, config({ agents: { gate_automation: true } }));
    expect(on.isAgent).toBe(true);
  });

  it("still flags an automation PR that carries an agent trailer", () => {
    const bot = pull({ author: { login: "renovate[bot]", id: 29139614, type: "Bot" } });
    const d = detectAgent(bot, [commit("x\n\nCo-authored-by: Devin <158243242+devin-ai-integration[bot]@users.noreply.github.com>")], catalogue.agents, config());
    expect(d.isAgent).toBe(true);
    expect(d.agents).toContain("Devin");
  });

  it("adds identities from the repository config", () => {
    const cfg = config({ agents: { logins: ["acme-coder"], emails: ["*@agents.acme.example"], branch_prefixes: ["bot/"] } });
    expect(detectAgent(pull({ author: { login: "acme-coder" } }), [], catalogue.agents, cfg).isAgent).toBe(true);
    expect(detectAgent(pull(), [commit("x", { name: "A", email: "one@agents.acme.example" })], catalogue.agents, cfg).isAgent).toBe(true);
    expect(detectAgent(pull({ headRef: "bot/x" }), [], catalogue.agents, cfg).isAgent).toBe(true);
  });
});

describe("coAuthors", () => {
  it("reads every Co-authored-by trailer, case-insensitively", () => {
    const msg = "Subject\n\nBody\n\nco-authored-by: A <a@x.example>\nCo-Authored-By: B B <b@y.example>\n";
    expect(coAuthors(msg)).toEqual([
      { name: "A", email: "a@x.example" },
      { name: "B B", email: "b@y.example" },
    ]);
  });
});

describe("commit signals", () => {
  it("collapses the same signal on many commits into one line naming them", () => {
    const cursor = { name: "Cursor Agent", email: "cursoragent@cursor.com" };
    const commits = ["1", "2", "3", "4", "5", "6", "7"].map((n) => ({ ...commit("x", cursor), sha: n.repeat(40) }));
    const d = detectAgent(pull(), commits, catalogue.agents, config());
    const authored = d.signals.filter((s) => s.kind === "commit-author");
    expect(authored).toHaveLength(1);
    expect(authored[0]?.detail).toBe("7 commits 1111111, 2222222, 3333333, 4444444, 5555555 and 2 more authored by e-mail cursoragent@cursor.com");
    expect(authored[0]?.commits).toHaveLength(7);
  });
});
