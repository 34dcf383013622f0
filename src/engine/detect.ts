// Decides whether an AI agent wrote a pull request. Several signals together, each kept as
// evidence; none can lower the gate (attacker-controlled ones such as the branch name and
// the body only ever add evidence).
import type { AgentIdentity, AgentsCatalogue, AiReviewer } from "./catalogue.js";
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
  | "branch-shape"
  | "body-marker"
  | "label"
  | "automation"
  | "review-suggestion";

export interface AgentSignal {
  kind: SignalKind;
  /** The agent's catalogue id; "configured" for an identity from the repository config, "label" for an agent label. */
  agent: string;
  detail: string;
  /** The commits that carry a commit-level signal. */
  commits?: string[];
  /**
   * Absent: the signal gates. "weak": it names its agent only next to a gating signal, never gates
   * alone. "evidence": recorded, never gates nor names an agent.
   */
  weight?: "weak" | "evidence";
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
    // A squash commit repeats its trailers: each commit is named once.
    const shas = [...new Set(s.commits ?? [])];
    const named = shas.slice(0, SHOWN_COMMITS).map((c) => c.slice(0, 7)).join(", ");
    const more = shas.length > SHOWN_COMMITS ? ` and ${shas.length - SHOWN_COMMITS} more` : "";
    return { ...s, commits: shas, detail: `${shas.length === 1 ? "commit" : `${shas.length} commits`} ${named}${more} ${s.detail}` };
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

const NOREPLY = /^(\d+)\+([^@\s]+)@users\.noreply\.github\.com$/i;

/** The account id and login inside a GitHub noreply address (`<id>+<login>@users.noreply.github.com`). */
function noreply(email: string): { id: number; login: string } | undefined {
  const m = NOREPLY.exec(email.trim());
  return m ? { id: Number(m[1]), login: m[2]! } : undefined;
}

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
  branchPatterns: RegExp[];
  weakBranchPatterns: RegExp[];
}

/**
 * The account is one of these: by numeric id, or by login. A plain (non-app) login counts only when
 * the ids are not known or the account's id is unknown: "Copilot" is two accounts, the coding
 * agent (198982749) and the code reviewer (175728472).
 */
export function isAccount(logins: string[], botIds: number[], who: { login?: string; id?: number }): boolean {
  if (who.id !== undefined && botIds.includes(who.id)) return true;
  if (!who.login || !loginMatches(logins, who.login)) return false;
  return who.login.endsWith("[bot]") || botIds.length === 0 || who.id === undefined;
}

function accountMatches(a: Identity, who: { login?: string; id?: number }): boolean {
  return isAccount(a.logins, a.botIds, who);
}

/** An e-mail of the agent's: listed, or the noreply address of one of its account ids. */
function agentEmail(a: Identity, email: string): boolean {
  const id = noreply(email)?.id;
  return a.emails.some((p) => emailMatches(p, email)) || (id !== undefined && a.botIds.includes(id));
}

/** The AI reviewer whose noreply address this is: GitHub names it as co-author of a committed review suggestion. */
export function reviewerOf(email: string, reviewers: AiReviewer[]): AiReviewer | undefined {
  const n = noreply(email);
  if (!n) return undefined;
  return reviewers.find((r) => isAccount(r.logins, r.bot_ids, n));
}

const NO_FORMS = {
  logins: [],
  botIds: [],
  emails: [],
  branchPrefixes: [],
  bodyMarkers: [],
  authorNameSuffixes: [],
  messagePrefixes: [],
  trailers: [],
  branchPatterns: [],
  weakBranchPatterns: [],
} satisfies Omit<Identity, "id" | "name">;

/**
 * An AI reviewer's own account writing code (authoring a commit or opening a PR) is an agent at
 * work. Its trailers are not (see coAuthorSignals). Accounts that are also an agent's count once, as the agent.
 */
function reviewerIdentities(catalogue: AgentsCatalogue): Identity[] {
  const agentLogins = new Set(catalogue.agents.flatMap((a) => a.logins.map((l) => l.toLowerCase())));
  const agentIds = new Set(catalogue.agents.flatMap((a) => a.bot_ids));
  return catalogue.reviewers.map((r) => ({
    ...NO_FORMS,
    id: r.id,
    name: r.name,
    logins: r.logins.filter((l) => !agentLogins.has(l.toLowerCase())),
    botIds: r.bot_ids.filter((i) => !agentIds.has(i)),
  }));
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
    branchPatterns: a.branch_patterns.map((p) => new RegExp(p, "i")),
    weakBranchPatterns: a.weak_branch_patterns.map((p) => new RegExp(p, "i")),
  }));
  const c = config.agents;
  const configured: Identity = {
    ...NO_FORMS,
    id: "configured",
    name: "an agent identity from the repository config",
    logins: c.logins,
    emails: c.emails,
    branchPrefixes: c.branch_prefixes,
  };
  return [...fromCatalogue, ...reviewerIdentities(catalogue), configured];
}

function personSignals(who: GitPerson, kind: SignalKind, sha: string, ids: Identity[]): AgentSignal[] {
  const out: AgentSignal[] = [];
  for (const a of ids) {
    const byEmail = agentEmail(a, who.email);
    const byLogin = accountMatches(a, who);
    const byName = a.authorNameSuffixes.some((s) => who.name.endsWith(s));
    if (byEmail || byLogin || byName) {
      const how = byEmail ? `e-mail ${who.email}` : byLogin ? `account ${who.login ?? `id ${who.id}`}` : `name "${who.name}"`;
      out.push({ kind, agent: a.id, detail: `${kind === "commit-author" ? "authored" : "committed"} by ${how}`, commits: [sha] });
    }
  }
  return out;
}

/** True when a git identity is a known agent's (by e-mail, account, bot id or name suffix). */
export function isAgentPerson(who: GitPerson, catalogue: AgentsCatalogue, config: GateConfig): boolean {
  return personSignals(who, "commit-author", "", identities(catalogue, config)).length > 0;
}

/** Co-authored-by trailers: an agent's by e-mail or name suffix; a reviewer's accepted suggestion is only recorded. */
function coAuthorSignals(commit: CommitInfo, ids: Identity[], reviewers: AiReviewer[]): AgentSignal[] {
  const out: AgentSignal[] = [];
  const commits = [commit.sha];
  for (const co of coAuthors(commit.message)) {
    const trailer = `Co-authored-by: ${co.name} <${co.email}>`;
    const reviewer = reviewerOf(co.email, reviewers);
    if (reviewer) {
      const detail = `has ${trailer}, a review suggestion from ${reviewer.name} committed by a person (recorded; not agent authorship, so it does not gate)`;
      out.push({ kind: "review-suggestion", agent: reviewer.id, detail, commits, weight: "evidence" });
      continue;
    }
    for (const a of ids) {
      if (agentEmail(a, co.email) || a.authorNameSuffixes.some((s) => co.name.endsWith(s))) {
        out.push({ kind: "co-author", agent: a.id, detail: `has ${trailer}`, commits });
      }
    }
  }
  return out;
}

/** What the message says: an agent's trailer, subject prefix or body marker (the same markers as the PR body). */
function messageSignals(commit: CommitInfo, ids: Identity[]): AgentSignal[] {
  const out: AgentSignal[] = [];
  const commits = [commit.sha];
  const lines = commit.message.split("\n").map((l) => l.trim());
  const subject = lines[0] ?? "";
  for (const a of ids) {
    for (const t of a.trailers) {
      if (lines.some((l) => l.toLowerCase() === t.toLowerCase())) {
        out.push({ kind: "trailer", agent: a.id, detail: `has the trailer "${t}"`, commits });
      }
    }
    for (const p of a.messagePrefixes) {
      if (subject.toLowerCase().startsWith(p.toLowerCase())) {
        out.push({ kind: "commit-message", agent: a.id, detail: `message starts with "${p}"`, commits });
      }
    }
    for (const m of a.bodyMarkers) {
      if (commit.message.includes(m)) out.push({ kind: "commit-message", agent: a.id, detail: `message contains "${m}"`, commits });
    }
  }
  return out;
}

function commitSignals(commit: CommitInfo, ids: Identity[], reviewers: AiReviewer[]): AgentSignal[] {
  return [
    ...personSignals(commit.author, "commit-author", commit.sha, ids),
    ...personSignals(commit.committer, "commit-committer", commit.sha, ids),
    ...coAuthorSignals(commit, ids, reviewers),
    ...messageSignals(commit, ids),
  ];
}

/** True when a commit's message marks it as an agent's work: an agent co-author, trailer, subject prefix or marker. */
export function agentMarked(commit: CommitInfo, catalogue: AgentsCatalogue, config: GateConfig): boolean {
  const ids = identities(catalogue, config);
  return [...coAuthorSignals(commit, ids, catalogue.reviewers), ...messageSignals(commit, ids)].some((s) => !s.weight);
}

/** Signals of the PR itself: its author, head branch and body. */
function pullSignals(pull: PullMeta, ids: Identity[]): AgentSignal[] {
  const out: AgentSignal[] = [];
  const { author, headRef } = pull;
  for (const a of ids) {
    if (loginMatches(a.logins, author.login) && accountMatches(a, author)) {
      out.push({ kind: "author-login", agent: a.id, detail: `PR opened by ${author.login}` });
    } else if (author.id !== undefined && a.botIds.includes(author.id)) {
      out.push({ kind: "author-bot-id", agent: a.id, detail: `PR opened by bot account id ${author.id} (${author.login})` });
    }
    for (const p of a.branchPrefixes) {
      if (headRef.startsWith(p)) out.push({ kind: "branch-prefix", agent: a.id, detail: `head branch ${headRef} starts with ${p}` });
    }
    for (const r of a.branchPatterns) {
      if (r.test(headRef)) out.push({ kind: "branch-shape", agent: a.id, detail: `head branch ${headRef} has the shape of ${a.name}'s branches` });
    }
    for (const r of a.weakBranchPatterns) {
      if (!r.test(headRef)) continue;
      const detail = `head branch ${headRef} has the shape of ${a.name}'s branches (a weak signal: it counts only together with another signal, never on its own)`;
      out.push({ kind: "branch-shape", agent: a.id, detail, weight: "weak" });
    }
    for (const m of a.bodyMarkers) {
      if (pull.body.includes(m)) out.push({ kind: "body-marker", agent: a.id, detail: `PR body contains "${m}"` });
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
  const author = pull.author;
  const signals = pullSignals(pull, ids);

  const automationAuthor =
    loginMatches(catalogue.automation.logins, author.login) ||
    (author.id !== undefined && author.type === "Bot" && catalogue.automation.bot_ids.includes(author.id));

  const agentLabels = [...catalogue.labels, ...config.agents.labels].map((l) => l.toLowerCase());
  for (const label of pull.labels) {
    if (agentLabels.includes(label.toLowerCase())) {
      signals.push({ kind: "label", agent: "label", detail: `PR has the label "${label}"` });
    }
  }
  signals.push(...mergeCommitSignals(commits.flatMap((c) => commitSignals(c, ids, catalogue.reviewers))));

  if (automationAuthor && config.agents.gate_automation) {
    signals.push({ kind: "automation", agent: "automation", detail: `PR opened by ${author.login}; agents.gate_automation is on` });
  }

  // Only gating signals decide; a weak one names its agent once something else has fired.
  const isAgent = signals.some((s) => !s.weight);
  const naming = signals.filter((s) => !s.weight || (s.weight === "weak" && isAgent));
  const byId = new Map([...ids.map((a) => [a.id, a.name] as const), ["label", "an agent (by its label)"] as const]);
  const agents = [...new Set(naming.map((s) => s.agent))].map((id) =>
    id === "automation" ? `automation (${author.login})` : (byId.get(id) ?? id),
  );
  return {
    isAgent,
    agents,
    signals,
    automation: automationAuthor && !config.agents.gate_automation ? author.login : undefined,
    checked: [
      `author ${author.login}${author.type ? ` (${author.type})` : ""}`,
      `head branch ${pull.headRef}`,
      `${commits.length} commit${commits.length === 1 ? "" : "s"}: authors, committers, Co-authored-by trailers and messages`,
      "PR body markers",
      `${pull.labels.length} label${pull.labels.length === 1 ? "" : "s"}`,
    ],
  };
}
