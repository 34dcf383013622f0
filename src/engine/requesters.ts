// The humans who set the agent to work. They are not independent reviewers, so for
// approvals.allow_author they count as the PR's author. What the agent wrote (the body, commit
// trailers) may only ADD people here, never remove anyone.
//
// Forms, each with where it was seen:
// - Devin ends its PR body with "Link to Devin run: https://app.devin.ai/sessions/…" and
//   "Requested by: <name> (<e-mail>)", "**Requested by:** @<login>", or a "## Requested by"
//   heading with the e-mail on the next line (public Devin PRs, 2025).
// - Agents committing under their own account add a Co-authored-by trailer for the human:
//   the Copilot coding agent for the assigning user (commits by copilot-swe-agent[bot] with
//   "Co-authored-by: <login> <id+login@users.noreply.github.com>", e.g. github/github-mcp-server#1806),
//   the Claude Code GitHub Action for the user who triggered it ("Co-authored-by: <name>
//   <login@users.noreply.github.com>", anthropics/claude-code-action src/create-prompt), and Jules
//   and Devin likewise. So every human co-author of an agent-authored commit is a requester.
// - A human who commits with an agent as co-author (Claude Code, Cursor, Aider… run locally) ran it,
//   and so did one whose commit message carries an agent's trailer or footer (Replit-Commit-Author,
//   "Generated with [Claude Code]", a claude.ai/code/session_ link). A committed suggestion of an AI
//   reviewer (its noreply address as co-author) is not running an agent.
// - Codex, Jules and Claude Code task links (chatgpt.com/codex/tasks/…, claude.ai/code/session_…)
//   name no user: those tasks open the PR under the user's own account, who is then its author.
// - A PR opened by a bot is assigned to the human it works for (the Copilot coding agent assigns
//   the PR to the user who assigned it the issue): its assignees count too.
import type { Accounts } from "./accounts.js";
import type { AgentsCatalogue } from "./catalogue.js";
import type { GateConfig } from "./config.js";
import { agentMarked, coAuthors, isAgentPerson, reviewerOf } from "./detect.js";
import type { CommitInfo, PullMeta } from "./types.js";

const REQUESTED_BY = /^\s*(?:#{1,6}\s+)?[*_]{0,2}requested by[*_]{0,2}\s*:?\s*[*_]{0,2}\s*(.*)$/i;
const EMAIL = /[^\s<>()[\]@,;]+@[^\s<>()[\]@,;]+\.[a-z]{2,}/gi;
const MENTION = /(?:^|[\s(,;])@([a-z\d](?:[a-z\d-]{0,38}))(?![\w-])/gi;
// Each line of a body is looked at once; bodies are at most 65,536 characters on GitHub.
const MAX_REQUESTED_BY = 20;

/** Agent-written text quoted in a refusal, reduced to characters Markdown and HTML give no meaning to. */
function inert(text: string): string {
  return text.slice(0, 80).replace(/[^\p{L}\p{N} @.+\-(),:'_]/gu, "?").replace(/_/g, "\\_");
}

/** Who a "Requested by" value names: @logins, e-mails, and the rest as a display name. */
function parseRequester(value: string): { logins: string[]; emails: string[]; name: string } {
  const emails = value.match(EMAIL) ?? [];
  const rest = value.replace(EMAIL, " ");
  const logins = [...rest.matchAll(MENTION)].map((m) => m[1]!.toLowerCase());
  const name = rest.replace(MENTION, " ").replace(/[*_()[\]<>`:,;]/g, " ").replace(/\s+/g, " ").trim();
  return { logins, emails, name };
}

/** The values of Devin's "Requested by" lines (or the line under a "Requested by" heading). */
function requestedBy(body: string): string[] {
  const lines = body.split("\n").map((l) => l.replace(/\r$/, ""));
  const out: string[] = [];
  lines.forEach((line, i) => {
    const m = REQUESTED_BY.exec(line);
    if (!m || out.length >= MAX_REQUESTED_BY) return;
    const value = m[1]!.trim() || (lines.slice(i + 1).find((l) => l.trim() !== "") ?? "").trim();
    if (value) out.push(value);
  });
  return out;
}

function isBot(actor: { login: string; type?: string }): boolean {
  return actor.type === "Bot" || actor.login.toLowerCase().endsWith("[bot]");
}

function authorLogins(c: CommitInfo, accounts: Accounts): string[] {
  return [...(c.author.login ? [c.author.login] : []), ...accounts.logins(c.author)];
}

/** Logins (lowercased) of the humans who set the agent to work, each with why. */
export function requesters(pull: PullMeta, commits: CommitInfo[], accounts: Accounts, agents: AgentsCatalogue, config: GateConfig): Map<string, string> {
  const out = new Map<string, string>();
  const add = (logins: Iterable<string>, why: string) => {
    for (const l of logins) if (!out.has(l.toLowerCase())) out.set(l.toLowerCase(), why);
  };
  for (const value of requestedBy(pull.body)) {
    const who = parseRequester(value);
    const why = `named as the requester of the agent's work in the PR body ("Requested by: ${inert(value)}")`;
    add(who.logins, why);
    for (const email of who.emails) add(accounts.logins({ email }), why);
    if (who.name) add(accounts.logins({ name: who.name }, { byName: true }), why);
  }
  const agent = (p: { name: string; email: string; login?: string }) => isAgentPerson(p, agents, config);
  const agentCoAuthor = (p: { name: string; email: string }) => agent(p) && !reviewerOf(p.email, agents.reviewers);
  for (const c of commits) {
    const short = c.sha.slice(0, 7);
    const trailers = coAuthors(c.message);
    if (agent(c.author)) {
      for (const co of trailers.filter((t) => !agent(t))) {
        add(accounts.logins(co), `named as the requester of the agent's work in the Co-authored-by trailer "${inert(`${co.name} (${co.email})`)}" of the agent's commit ${short}`);
      }
    } else if (trailers.some(agentCoAuthor)) {
      add(authorLogins(c, accounts), `ran the agent: authored commit ${short}, which an AI agent co-authored`);
    } else if (agentMarked(c, agents, config)) {
      add(authorLogins(c, accounts), `ran the agent: authored commit ${short}, whose message carries an AI agent's mark`);
    }
  }
  if (isBot(pull.author)) {
    for (const a of pull.assignees ?? []) add([a.login], `assigned to this PR, which the bot @${pull.author.login} opened for them`);
  }
  return out;
}
