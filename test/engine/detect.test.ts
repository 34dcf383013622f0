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

function commit(message: string, author: CommitInfo["author"] = { name: "Alice", email: "alice@acme.example" }): CommitInfo {
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

// Issue 14: each identity or form as it shows up in real PRs, next to the human near-misses.
describe("forms seen in real traces", () => {
  const bot = (login: string, id?: number) => ({ login, ...(id !== undefined ? { id } : {}), type: "Bot" });
  const human = { name: "Alice", email: "alice@acme.example", login: "alice" };
  const msg = (trailers: string) => `Fix the flaky login test\n\nLonger explanation.\n\n${trailers}`;
  type Row = readonly [string, PullMeta, CommitInfo[], string, string, string];
  const rows: Row[] = [
    ["Amp's co-author trailer", pull(), [commit(msg("Co-authored-by: Amp <amp@ampcode.com>"))], "co-author", "amp", "Amp"],
    ["Lovable's bot opening the PR", pull({ author: bot("gpt-engineer-app[bot]") }), [], "author-login", "lovable", "Lovable"],
    ["Lovable's bot authoring the commits", pull(), [commit("Update index.tsx", { name: "gpt-engineer-app[bot]", email: "100000001+gpt-engineer-app[bot]@users.noreply.github.com" })], "commit-author", "lovable", "Lovable"],
    ["Warp's co-author trailer", pull(), [commit(msg("Co-Authored-By: Warp <agent@warp.dev>"))], "co-author", "warp", "Warp"],
    ["an opencode/ head branch", pull({ headRef: "opencode/issue42-1760000000000" }), [], "branch-prefix", "opencode", "opencode"],
    ["the opencode account opening the PR", pull({ author: { login: "opencode", id: 100000002, type: "User" } }), [], "author-login", "opencode", "opencode"],
    ["opencode as co-author", pull(), [commit(msg("Co-Authored-By: opencode <noreply@opencode.ai>"))], "co-author", "opencode", "opencode"],
    ["the opencode app authoring a commit", pull(), [commit("fix: lint", { name: "opencode-agent[bot]", email: "opencode-agent[bot]@users.noreply.github.com" })], "commit-author", "opencode", "opencode"],
    ["Gemini Code Assist authoring a commit", pull(), [commit("Apply fix", { name: "gemini-code-assist[bot]", email: "176961590+gemini-code-assist[bot]@users.noreply.github.com", login: "gemini-code-assist[bot]", id: 176961590 })], "commit-author", "gemini", "Gemini Code Assist"],
    ["Cline's co-author trailer", pull(), [commit(msg("Co-Authored-By: Cline <noreply@cline.bot>"))], "co-author", "cline", "Cline"],
    ["Cline's footer in a commit message", pull(), [commit(msg("🤖 Generated with [Cline](https://docs.cline.bot)"))], "commit-message", "cline", "Cline"],
    ["Continue's commit signature", pull(), [commit(msg("Generated with [Continue](https://continue.dev)\n\nCo-Authored-By: Continue <noreply@continue.dev>"))], "co-author", "continue", "Continue"],
    ["Windsurf's bot authoring a commit", pull(), [commit("Refactor", { name: "windsurf-bot[bot]", email: "189301087+windsurf-bot[bot]@users.noreply.github.com", login: "windsurf-bot[bot]", id: 189301087 })], "commit-author", "windsurf", "Windsurf"],
    ["Factory Droid's co-author trailer", pull(), [commit(msg("Co-authored-by: factory-droid[bot] <138933559+factory-droid[bot]@users.noreply.github.com>"))], "co-author", "factory", "Factory Droid"],
    ["Qodo's bot opening the PR", pull({ author: bot("qodo-merge[bot]") }), [], "author-login", "qodo", "Qodo"],
    ["sweep-nightly[bot] opening the PR", pull({ author: bot("sweep-nightly[bot]", 131841235) }), [], "author-login", "sweep", "Sweep"],
    ["sweep-nightly renamed, by its id", pull({ author: bot("sweep-renamed[bot]", 131841235) }), [], "author-bot-id", "sweep", "Sweep"],
    ["Replit Agent as the commit author, no trailer", pull(), [commit("Add checkout page", { name: "Replit Agent", email: "agent@replit.com" })], "commit-author", "replit", "Replit Agent"],
    ["Replit's in-editor assistant trailer", pull(), [commit(msg("Replit-Commit-Author: Assistant\nReplit-Commit-Session-Id: 4f1c"))], "trailer", "replit-assistant", "Replit Assistant"],
    ["OpenHands' older address", pull(), [commit("Fix issue #12", { name: "opendevin", email: "opendevin@all-hands.dev" })], "commit-author", "openhands", "OpenHands"],
    ["Aider's suffix on a co-author name", pull(), [commit(msg("Co-authored-by: Alice (aider) <alice@acme.example>"))], "co-author", "aider", "Aider"],
    ["a Codex branch with a random prefix", pull({ headRef: "k9x2ab-codex/fix-flaky-login-test" }), [], "branch-shape", "codex", "OpenAI Codex"],
    ["Codex's co-author trailer", pull(), [commit(msg("Co-authored-by: Codex <codex@openai.com>"))], "co-author", "codex", "OpenAI Codex"],
    ["openai-code-agent[bot] opening the PR", pull({ author: bot("openai-code-agent[bot]", 242516109) }), [], "author-login", "codex", "OpenAI Codex"],
    ["Codex's agent account authoring a commit, by the id in its noreply address", pull(), [commit("Fix", { name: "Codex", email: "242516109+Codex@users.noreply.github.com" })], "commit-author", "codex", "OpenAI Codex"],
    ["the Copilot coding agent as co-author, by its id", pull(), [commit(msg("Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>"))], "co-author", "copilot", "GitHub Copilot coding agent"],
    ["copilot-swe-agent[bot] authoring a commit", pull(), [commit("Initial plan", { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com" })], "commit-author", "copilot", "GitHub Copilot coding agent"],
    ["the Copilot CLI as co-author, by its id", pull(), [commit(msg("Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>"))], "co-author", "copilot-cli", "GitHub Copilot CLI"],
    ["Claude Code's footer in a commit message", pull(), [commit(msg("🤖 Generated with [Claude Code](https://claude.com/claude-code)"))], "commit-message", "claude", "Claude Code"],
    ["a claude.ai/code session link in a commit message", pull(), [commit(msg("https://claude.ai/code/session_01AbCdEf"))], "commit-message", "claude", "Claude Code"],
    ["a Codex task link in a commit message", pull(), [commit(msg("Codex task: https://chatgpt.com/codex/tasks/task_e_68a1"))], "commit-message", "codex", "OpenAI Codex"],
    ["a Devin session link in a commit message", pull(), [commit(msg("Link to Devin run: https://app.devin.ai/sessions/d1991f5d"))], "commit-message", "devin", "Devin"],
    ["a Jules task link in a commit message", pull(), [commit(msg("https://jules.google.com/task/15310490098518802366"))], "commit-message", "jules", "Google Jules"],
    ["a Jules task link in the PR body", pull({ body: "*PR created automatically by Jules for task [1572895956441806809](https://jules.google.com/task/1572895956441806809) started by @alice*" }), [], "body-marker", "jules", "Google Jules"],
    ["a Cursor agent link in a commit message", pull(), [commit(msg("https://cursor.com/agents?id=bc-4e1f"))], "commit-message", "cursor", "Cursor agent"],
  ];

  it.each(rows)("flags %s", (_name, p, commits, kind, agent, named) => {
    const d = detectAgent(p, commits, catalogue.agents, config());
    expect(d.isAgent).toBe(true);
    expect(d.signals).toContainEqual(expect.objectContaining({ kind, agent }));
    expect(d.agents).toContain(named);
  });

  const nearMisses: readonly (readonly [string, PullMeta, CommitInfo[]])[] = [
    ["a person named Claude, as author and co-author", pull(), [commit(msg("Co-authored-by: Claude Shannon <claude@bell-labs.example>"), { name: "Claude Monet", email: "claude@monet.example" })]],
    ["a person named Devin, with a branch of their name", pull({ headRef: "devin-smith/fix-login" }), [commit("Fix", { name: "Devin Smith", email: "devin@acme.example", login: "devin" })]],
    ["a person named Jules", pull({ headRef: "jules/fix-login" }), [commit(msg("Co-authored-by: Jules Verne <jules@nautilus.example>"), { name: "Jules", email: "jules@acme.example" })]],
    ["a human who mentions Copilot", pull({ headRef: "fix-copilot-config", body: "Turns off GitHub Copilot in CI. See https://github.com/features/copilot" }), [commit("Disable copilot suggestions in CI")]],
    ["a human whose login is spelled like the agent's, with another id", pull({ author: { login: "copilot", id: 12345, type: "User" } }), [commit("Fix")]],
    ["an aider-like name without the suffix", pull(), [commit(msg("Co-authored-by: Alice Aider <alice@aider.example>"))]],
    ["a human branch that merely contains codex", pull({ headRef: "feature/codex-support" }), [commit("Add Codex support")]],
    ["a person who works at Replit", pull(), [commit("Fix", { name: "Ann", email: "ann@replit.com" })]],
    ["a branch ending in 16 digits", pull({ headRef: "fix-login-1234567890123456" }), []],
    ["a branch ending in 21 digits", pull({ headRef: "fix-login-123456789012345678901" }), []],
  ];

  it.each(nearMisses)("does not flag %s", (_name, p, commits) => {
    const d = detectAgent(p, [...commits], catalogue.agents, config());
    expect(d.signals).toEqual([]);
    expect(d.isAgent).toBe(false);
  });

  it.each([
    ["Copilot code review", "Copilot <175728472+Copilot@users.noreply.github.com>", "copilot-review"],
    ["Gemini Code Assist's review", "gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>", "gemini-review"],
    ["CodeRabbit", "coderabbitai[bot] <136622811+coderabbitai[bot]@users.noreply.github.com>", "coderabbit"],
  ])("records an accepted %s suggestion without gating", (_name, who, reviewer) => {
    const squash = commit(msg(`Co-authored-by: ${who}\nCo-authored-by: ${who}`), human);
    const d = detectAgent(pull(), [squash], catalogue.agents, config());
    expect(d.isAgent).toBe(false);
    expect(d.agents).toEqual([]);
    expect(d.signals).toEqual([
      expect.objectContaining({ kind: "review-suggestion", agent: reviewer, weight: "evidence", commits: [squash.sha], detail: expect.stringMatching(/^commit bbbbbbb has Co-authored-by: .* does not gate\)$/) }),
    ]);
  });

  it("control: an accepted suggestion next to an agent's own trailer still gates, as that agent", () => {
    const c = commit(msg("Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\nCo-Authored-By: Claude <noreply@anthropic.com>"), human);
    const d = detectAgent(pull(), [c], catalogue.agents, config());
    expect(d.isAgent).toBe(true);
    expect(d.agents).toEqual(["Claude Code"]);
  });

  it("gates the coding agent whose login is a reviewer's (Copilot), by id", () => {
    const d = detectAgent(pull(), [commit(msg("Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>"), human)], catalogue.agents, config());
    expect(d.signals.map((s) => s.kind)).toEqual(["co-author"]);
  });

  it("gates code written by an AI reviewer's own account, naming an account shared with an agent once", () => {
    const docstrings = detectAgent(pull({ author: bot("coderabbitai[bot]"), headRef: "coderabbitai/docstrings/1a2b3c" }), [], catalogue.agents, config());
    expect(docstrings).toMatchObject({ isAgent: true, agents: ["CodeRabbit"] });
    const byReviewer = detectAgent(pull(), [commit("Fix", { name: "Copilot", email: "175728472+Copilot@users.noreply.github.com" })], catalogue.agents, config());
    expect(byReviewer.signals).toEqual([expect.objectContaining({ kind: "commit-author", agent: "copilot-review" })]);
    const cursor = detectAgent(pull({ author: bot("cursor[bot]", 206951365) }), [], catalogue.agents, config());
    expect(cursor.agents).toEqual(["Cursor agent"]);
  });

  it("keeps Jules' branch shape as a weak signal: never gating alone, naming Jules next to another signal", () => {
    const alone = detectAgent(pull({ headRef: "fix-login-flow-15310490098518802366" }), [commit("Fix login flow")], catalogue.agents, config());
    expect(alone).toMatchObject({ isAgent: false, agents: [] });
    expect(alone.signals).toEqual([expect.objectContaining({ kind: "branch-shape", agent: "jules", weight: "weak", detail: expect.stringContaining("a weak signal: it counts only together with another signal, never on its own") })]);
    const withLabel = detectAgent(pull({ headRef: "fix-login-flow-15310490098518802366", labels: ["ai-generated"] }), [], catalogue.agents, config());
    expect(withLabel.isAgent).toBe(true);
    expect(withLabel.agents).toEqual(["Google Jules", "an agent (by its label)"]);
  });

  it("names a squash commit once, however often it repeats a trailer", () => {
    const squash = commit(msg("Co-Authored-By: Claude <noreply@anthropic.com>\nCo-Authored-By: Claude <noreply@anthropic.com>\nCo-Authored-By: Claude <noreply@anthropic.com>"));
    const d = detectAgent(pull(), [squash], catalogue.agents, config());
    const co = d.signals.filter((s) => s.kind === "co-author");
    expect(co).toHaveLength(1);
    expect(co[0]).toMatchObject({ commits: [squash.sha], detail: "commit bbbbbbb has Co-authored-by: Claude <noreply@anthropic.com>" });
  });
});
