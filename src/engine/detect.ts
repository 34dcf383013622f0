// Decides whether an AI agent wrote a pull request. Several signals together, each kept as
// evidence; none can lower the gate (attacker-controlled ones such as the branch name and
// the body only ever add evidence).
import type { AgentIdentity, AgentsCatalogue } from "./catalogue.js";
import type { GateConfig } from "./config.js";
import type { CommitInfo, GitPerson, PullMeta } from "./types.js";

export type SignalKind =
  | "author-login"
  | "author-bot-id"
  | "commit-author"
  | "commit-committer"
  | "co-author"
  | "trailer"
  | "commit-message"
  | "branch-prefix"
  | "body-marker"
  | "label"
  | "automation";

export interface AgentSignal {
  kind: SignalKind;
  /** The agent's catalogue id; "configured" for an identity from the repository config, "label" for an agent label. */
  agent: string;
  detail: string;
  /** The commits that carry a commit-level signal. */
  commits?: string[];
}

const SHOWN_COMMITS = 5;

/** One line per distinct commit signal, naming the commits, instead of one per commit. */
function mergeCommitSignals(signals: AgentSignal[]): AgentSignal[] {
  const merged = new Map<string, AgentSignal>();
  for (const s of signals) {
    const key = `${s.kind}\0${s.agent}\0${s.detail}`;
    const seen = merged.get(key);
    if (seen) seen.commits = [...(seen.commits ?? []), ...(s.commits ?? [])];
    else merged.set(key, { ...s, commits: [...(s.commits ?? [])] });
  }
  return [...merged.values()].map((s) => {
    const shas = s.commits ?? [];
    const named = shas.slice(0, SHOWN_COMMITS).map((c) => c.slice(0, 7)).join(", ");
    const more = shas.length > SHOWN_COMMITS ? ` and ${shas.length - SHOWN_COMMITS} more` : "";
    return { ...s, detail: `${shas.length === 1 ? "commit" : `${shas.length} commits`} ${named}${more} ${s.detail}` };
  });
}

export interface Detection {
  isAgent: boolean;
  /** Display names of the agents that fired, first strongest. */
  agents: string[];
  signals: AgentSignal[];
  /** Set when the author is an automation bot that the config does not gate. */
  automation?: string;
  /** What was looked at, for the "why no agent signal fired" explanation. */
  checked: string[];
}

const CO_AUTHOR = /^co-authored-by:[ \t]*([^<\n]*?)[ \t]*<([^>\n]+)>[ \t]*$/gim;

function emailMatches(pattern: string, email: string): boolean {
  const p = pattern.toLowerCase();
  const e = email.toLowerCase();
  return p.startsWith("*") ? e.endsWith(p.slice(1)) : e === p;
}

function loginMatches(list: string[], login: string | undefined): boolean {
  if (!login) return false;
  const l = login.toLowerCase();
  return list.some((x) => x.toLowerCase() === l);
}

export function coAuthors(message: string): { name: string; email: string }[] {
  return [...message.matchAll(CO_AUTHOR)].map((m) => ({ name: (m[1] ?? "").trim(), email: (m[2] ?? "").trim() }));
}

interface Identity {
  id: string;
  name: string;
  logins: string[];
  botIds: number[];
  emails: string[];
  branchPrefixes: string[];
  bodyMarkers: string[];
  authorNameSuffixes: string[];
  messagePrefixes: string[];
  trailers: string[];
}

function identities(catalogue: AgentsCatalogue, config: GateConfig): Identity[] {
  const fromCatalogue = catalogue.agents.map((a: AgentIdentity) => ({
    id: a.id,
    name: a.name,
    logins: a.logins,
    botIds: a.bot_ids,
    emails: a.emails,
    branchPrefixes: a.branch_prefixes,
    bodyMarkers: a.body_markers,
    authorNameSuffixes: a.author_name_suffixes,
    messagePrefixes: a.message_prefixes,
    trailers: a.trailers,
  }));
  const c = config.agents;
  const configured: Identity = {
    id: "configured",
    name: "an agent identity from the repository config",
    logins: c.logins,
    botIds: [],
    emails: c.emails,
    branchPrefixes: c.branch_prefixes,
    bodyMarkers: [],
    authorNameSuffixes: [],
    messagePrefixes: [],
    trailers: [],
  };
  return [...fromCatalogue, configured];
}

function personSignals(who: GitPerson, kind: SignalKind, sha: string, ids: Identity[]): AgentSignal[] {
  const out: AgentSignal[] = [];
  for (const a of ids) {
    const byEmail = a.emails.some((p) => emailMatches(p, who.email));
    const byLogin = loginMatches(a.logins, who.login) || (who.id !== undefined && a.botIds.includes(who.id));
    const byName = a.authorNameSuffixes.some((s) => who.name.endsWith(s));
    if (byEmail || byLogin || byName) {
      const how = byEmail ? `e-mail ${who.email}` : byLogin ? `account ${who.login}` : `name "${who.name}"`;
      out.push({ kind, agent: a.id, detail: `${kind === "commit-author" ? "authored" : "committed"} by ${how}`, commits: [sha] });
    }
  }
  return out;
}

/** True when a git identity is a known agent's (by e-mail, account, bot id or name suffix). */
export function isAgentPerson(who: GitPerson, catalogue: AgentsCatalogue, config: GateConfig): boolean {
  return personSignals(who, "commit-author", "", identities(catalogue, config)).length > 0;
}

function commitSignals(commit: CommitInfo, ids: Identity[]): AgentSignal[] {
  const commits = [commit.sha];
  const out = [
    ...personSignals(commit.author, "commit-author", commit.sha, ids),
    ...personSignals(commit.committer, "commit-committer", commit.sha, ids),
  ];
  for (const co of coAuthors(commit.message)) {
    for (const a of ids) {
      if (a.emails.some((p) => emailMatches(p, co.email))) {
        out.push({ kind: "co-author", agent: a.id, detail: `has Co-authored-by: ${co.name} <${co.email}>`, commits });
      }
    }
  }
  const lines = commit.message.split("\n").map((l) => l.trim());
  for (const a of ids) {
    for (const t of a.trailers) {
      if (lines.some((l) => l.toLowerCase() === t.toLowerCase())) {
        out.push({ kind: "trailer", agent: a.id, detail: `has the trailer "${t}"`, commits });
      }
    }
    const subject = lines[0] ?? "";
    for (const p of a.messagePrefixes) {
      if (subject.toLowerCase().startsWith(p.toLowerCase())) {
        out.push({ kind: "commit-message", agent: a.id, detail: `message starts with "${p}"`, commits });
      }
    }
  }
  return out;
}

export function detectAgent(
  pull: PullMeta,
  commits: CommitInfo[],
  catalogue: AgentsCatalogue,
  config: GateConfig,
): Detection {
  const ids = identities(catalogue, config);
  const signals: AgentSignal[] = [];
  const author = pull.author;

  const automationAuthor =
    loginMatches(catalogue.automation.logins, author.login) ||
    (author.id !== undefined && author.type === "Bot" && catalogue.automation.bot_ids.includes(author.id));

  for (const a of ids) {
    if (loginMatches(a.logins, author.login)) {
      signals.push({ kind: "author-login", agent: a.id, detail: `PR opened by ${author.login}` });
    } else if (author.id !== undefined && a.botIds.includes(author.id)) {
      signals.push({ kind: "author-bot-id", agent: a.id, detail: `PR opened by bot account id ${author.id} (${author.login})` });
    }
    for (const p of a.branchPrefixes) {
      if (pull.headRef.startsWith(p)) signals.push({ kind: "branch-prefix", agent: a.id, detail: `head branch ${pull.headRef} starts with ${p}` });
    }
    for (const m of a.bodyMarkers) {
      if (pull.body.includes(m)) signals.push({ kind: "body-marker", agent: a.id, detail: `PR body contains "${m}"` });
    }
  }
  const agentLabels = [...catalogue.labels, ...config.agents.labels].map((l) => l.toLowerCase());
  for (const label of pull.labels) {
    if (agentLabels.includes(label.toLowerCase())) {
      signals.push({ kind: "label", agent: "label", detail: `PR has the label "${label}"` });
    }
  }
  signals.push(...mergeCommitSignals(commits.flatMap((c) => commitSignals(c, ids))));

  if (automationAuthor && config.agents.gate_automation) {
    signals.push({ kind: "automation", agent: "automation", detail: `PR opened by ${author.login}; agents.gate_automation is on` });
  }

  const byId = new Map([...ids.map((a) => [a.id, a.name] as const), ["label", "an agent (by its label)"] as const]);
  const agents = [...new Set(signals.map((s) => s.agent))].map((id) =>
    id === "automation" ? `automation (${author.login})` : (byId.get(id) ?? id),
  );
  return {
    isAgent: signals.length > 0,
    agents,
    signals,
    automation: automationAuthor && !config.agents.gate_automation ? author.login : undefined,
    checked: [
      `author ${author.login}${author.type ? ` (${author.type})` : ""}`,
      `head branch ${pull.headRef}`,
      `${commits.length} commit${commits.length === 1 ? "" : "s"}: authors, committers and Co-authored-by trailers`,
      "PR body markers",
      `${pull.labels.length} label${pull.labels.length === 1 ? "" : "s"}`,
    ],
  };
}
