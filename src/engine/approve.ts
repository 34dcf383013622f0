// Who may turn a blocked agent PR green. Three ways to approve (a review on the head commit,
// a `/agent-gate approve [<sha>] <reason>` comment, the check run's Approve button) are judged by
// the same rules: a human with enough rights who neither opened the PR, nor set the agent to
// work, nor wrote its commits, and whose latest word still stands.
import { Accounts, linkedContributors } from "./accounts.js";
import type { AgentsCatalogue, AiReviewer } from "./catalogue.js";
import { parseCommand } from "./commands.js";
import type { GateConfig } from "./config.js";
import { coAuthors, isAccount } from "./detect.js";
import type { ButtonClick } from "./state-block.js";
import { requesters } from "./requesters.js";
import type { Actor, CommitInfo, IssueComment, PullMeta, PullSource, Review, Unchecked } from "./types.js";
import type { AcceptedApproval, ApprovalOutcome, ApprovalVia, RefusedApproval } from "./verdict.js";

export const ROLE_RANK: Record<string, number> = { read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export interface ApprovalInputs {
  pull: PullMeta;
  commits: CommitInfo[];
  reviews: Review[];
  comments: IssueComment[];
  buttons: ButtonClick[];
  headSeenAt: string;
  /** Fingerprints of the head's blocking findings: what an approval covers. */
  blocking: string[];
  /** What the head's scan could not check: no approval carries over onto such a head. */
  incomplete: Unchecked[];
  /** Approvals accepted on an earlier head, for keep_approval_when_findings_unchanged. */
  earlier?: { sha: string; accepted: AcceptedApproval[] };
  appSlug: string;
}

interface Attempt {
  user: Actor;
  via: ApprovalVia;
  at: string;
  sha: string;
  reason: string;
  commentId?: number;
  /** Set when the attempt is refused before anyone's rights are checked. */
  refused?: string;
  carriedFrom?: string;
  covers?: string[];
}

const short = (sha: string) => sha.slice(0, 7);

/** Logins that wrote or co-wrote a commit of the PR, each with the first commit that shows it (heuristics in accounts.ts). */
export function contributors(commits: CommitInfo[]): Map<string, string> {
  const out = new Map<string, string>();
  const add = (login: string | undefined, sha: string) => {
    if (login && !out.has(login.toLowerCase())) out.set(login.toLowerCase(), sha);
  };
  const accounts = new Accounts(commits);
  for (const c of commits) {
    add(c.author.login, c.sha);
    if (c.committer.login !== "web-flow") add(c.committer.login, c.sha);
    for (const co of coAuthors(c.message)) for (const login of accounts.logins(co)) add(login, c.sha);
  }
  return out;
}

const instant = (r: Review) => Date.parse(r.submittedAt ?? "") || 0;
const changesRequested = (r: Review) => `withdrawn: @${r.user.login} requested changes${r.submittedAt ? ` at ${r.submittedAt}` : ""}, after this approval`;

/**
 * Reviews, each reviewer's latest word counting: a later "changes requested" or a dismissed
 * review withdraws their earlier approvals. Commented reviews say nothing either way.
 */
function reviewAttempts(reviews: Review[], head: string): Attempt[] {
  const byUser = new Map<string, Review[]>();
  for (const r of reviews) {
    if (r.state !== "approved" && r.state !== "changes_requested" && r.state !== "dismissed") continue;
    const key = r.user.login.toLowerCase();
    byUser.set(key, [...(byUser.get(key) ?? []), r]);
  }
  const out: Attempt[] = [];
  for (const list of byUser.values()) {
    list.sort((a, b) => instant(a) - instant(b) || a.id - b.id);
    const last = list[list.length - 1]!;
    const withdrawn =
      last.state === "changes_requested"
        ? changesRequested(last)
        : last.state === "dismissed" ? "withdrawn: a later review by the same reviewer was dismissed" : undefined;
    for (const r of list) {
      const base = { user: r.user, via: "review" as const, at: r.submittedAt ?? "", sha: r.commitId };
      if (r.state === "dismissed") out.push({ ...base, reason: "", refused: "the review was dismissed" });
      if (r.state !== "approved") continue;
      const refused = withdrawn ?? (r.commitId !== head ? `stale: given on commit ${short(r.commitId)}, not on the head ${short(head)}` : undefined);
      out.push({ ...base, reason: r.body.trim() || "approving review", ...(refused ? { refused } : {}) });
    }
  }
  return out;
}

function commentAttempts(i: ApprovalInputs, config: GateConfig): Attempt[] {
  const head = i.pull.headSha;
  const out: Attempt[] = [];
  for (const c of i.comments) {
    const cmd = parseCommand(c.body, i.appSlug);
    if (cmd?.verb !== "approve") continue;
    const base = { user: c.user, via: "comment" as const, at: c.createdAt, sha: head, reason: cmd.args, commentId: c.id };
    const form = cmd.sha ? `/agent-gate approve ${cmd.sha} <reason>` : "/agent-gate approve <reason>";
    if (cmd.sha && !head.toLowerCase().startsWith(cmd.sha)) out.push({ ...base, refused: `it names commit ${cmd.sha}, which is not the head ${short(head)}` });
    // Parsed, not compared as text: GitHub omits milliseconds, toISOString does not.
    else if (Date.parse(c.createdAt) < Date.parse(i.headSeenAt)) out.push({ ...base, refused: `stale: posted before agent-gate saw the head ${short(head)} (${i.headSeenAt})` });
    else if (c.updatedAt !== c.createdAt) out.push({ ...base, refused: "the approval comment was edited after it was posted; post a new one" });
    else if (config.approvals.require_reason && cmd.args === "") out.push({ ...base, refused: `no reason given: write \`${form}\`` });
    else out.push(base);
  }
  return out;
}

function carriedAttempts(i: ApprovalInputs, config: GateConfig): Attempt[] {
  if (!i.earlier || !config.approvals.keep_approval_when_findings_unchanged) return [];
  const from = short(i.earlier.sha);
  return i.earlier.accepted.map((a) => {
    const unseen = i.blocking.filter((f) => !a.covers.includes(f));
    const base = { user: { login: a.login }, via: a.via, at: a.at, sha: i.earlier!.sha, reason: a.reason, carriedFrom: a.carriedFrom ?? i.earlier!.sha, covers: a.covers };
    if (i.incomplete.length > 0) {
      return { ...base, refused: `given on ${from}; the head has ${i.incomplete.length} thing(s) agent-gate could not check, and an approval never carries over onto an incomplete scan` };
    }
    if (unseen.length > 0) return { ...base, refused: `given on ${from}; ${unseen.length} blocking finding(s) on the head are new since, so it does not carry over` };
    return base;
  });
}

function attempts(i: ApprovalInputs, config: GateConfig): Attempt[] {
  const head = i.pull.headSha;
  const buttons = i.buttons.map((b): Attempt => {
    const stale = b.sha !== head;
    return {
      user: { login: b.login, ...(b.type ? { type: b.type } : {}) },
      via: "button",
      at: b.at,
      sha: b.sha,
      reason: "Approve button on the check run",
      ...(stale ? { refused: `stale: clicked on the run for ${short(b.sha)}, not the head ${short(head)}` } : {}),
    };
  });
  return [...reviewAttempts(i.reviews, head), ...withdrawnBy(i.reviews, head, [...commentAttempts(i, config), ...buttons, ...carriedAttempts(i, config)])];
}

/** A "changes requested" review on the head also withdraws the same person's earlier comment, button or carried approval. */
function withdrawnBy(reviews: Review[], head: string, list: Attempt[]): Attempt[] {
  const latest = new Map<string, Review>();
  for (const r of reviews) {
    if (r.state !== "changes_requested" || r.commitId !== head) continue;
    const key = r.user.login.toLowerCase();
    const seen = latest.get(key);
    if (!seen || instant(r) > instant(seen)) latest.set(key, r);
  }
  return list.map((t) => {
    const r = latest.get(t.user.login.toLowerCase());
    if (t.refused || !r || instant(r) <= (Date.parse(t.at) || 0)) return t;
    return { ...t, refused: changesRequested(r) };
  });
}

/** Who wrote the PR's commits and who set the agent to work, as far as GitHub and the PR tell. */
interface People {
  /** Login → the first commit they authored or co-authored. */
  wrote: Map<string, string>;
  /** Login → why they count as the PR's author. */
  requesters: Map<string, string>;
  /** Set when GitHub could not list every author of a commit: nobody can be cleared of writing it. */
  unknown?: string;
}

/** Asked once per evaluation, and only when an attempt gets as far as the authorship checks. */
async function people(i: ApprovalInputs, config: GateConfig, agents: AgentsCatalogue, source: PullSource): Promise<People> {
  const linked = await source.commitAuthors();
  const accounts = new Accounts(i.commits, linked);
  const wrote = contributors(i.commits);
  for (const [login, sha] of linkedContributors(linked)) if (!wrote.has(login)) wrote.set(login, sha);
  const listed = new Set(linked.map((c) => c.sha));
  const cut = linked.find((c) => c.cut);
  const missing = i.commits.find((c) => !listed.has(c.sha));
  const unknown = cut
    ? `GitHub lists only some of the authors of commit ${short(cut.sha)}, so agent-gate cannot tell whether you co-wrote it`
    : missing ? `GitHub did not list the authors of commit ${short(missing.sha)}, so agent-gate cannot tell whether you co-wrote it` : undefined;
  return { wrote, requesters: requesters(i.pull, i.commits, accounts, agents, config), ...(unknown ? { unknown } : {}) };
}

/** The AI code reviewer this account is, by login or numeric id (some can approve PRs on GitHub). */
function aiReviewer(user: Actor, reviewers: AiReviewer[]): AiReviewer | undefined {
  return reviewers.find((r) => isAccount(r.logins, r.bot_ids, user));
}

/** Why this user may not approve, or undefined when they qualify. Authorship, roles and teams are asked lazily. */
async function disqualified(user: Actor, i: ApprovalInputs, config: GateConfig, agents: AgentsCatalogue, source: PullSource, who: () => Promise<People>): Promise<string | undefined> {
  const login = user.login.toLowerCase();
  const reviewer = aiReviewer(user, agents.reviewers);
  if (reviewer) return `an AI reviewer's account cannot approve: ${reviewer.name} (@${user.login})`;
  if (user.type === "Bot" || login.endsWith("[bot]")) return "a bot account cannot approve";
  const agentLogins = [...agents.agents.flatMap((a) => a.logins), ...config.agents.logins].map((l) => l.toLowerCase());
  if (agentLogins.includes(login)) return "an AI agent's account cannot approve";
  const a = config.approvals;
  if (!a.allow_author && login === i.pull.author.login.toLowerCase()) return "the PR's author cannot approve it (approvals.allow_author is off)";
  if (!a.allow_author || !a.allow_contributors) {
    const p = await who();
    const requester = p.requesters.get(login);
    if (!a.allow_author && requester) return `${requester}, so counts as the PR's author (approvals.allow_author is off)`;
    const commit = p.wrote.get(login);
    if (!a.allow_contributors && commit) return `authored or co-authored commit ${short(commit)} of this PR (approvals.allow_contributors is off)`;
    if (!a.allow_contributors && p.unknown) return `${p.unknown} (approvals.allow_contributors is off)`;
  }
  const role = await source.role(user.login);
  if (!a.roles.includes(role) && (ROLE_RANK[role] ?? 0) < (ROLE_RANK[a.min_role] ?? 3)) {
    return `role ${role} on the repository is below approvals.min_role ${a.min_role}${a.roles.length ? ` and not one of ${a.roles.join(", ")}` : ""}`;
  }
  if (a.teams.length > 0) {
    let pending: string | undefined;
    for (const team of a.teams) {
      const slug = team.includes("/") ? team.slice(team.indexOf("/") + 1) : team;
      const state = await source.teamMembership(slug, user.login);
      if (state === "active") return undefined;
      if (state === "pending") pending = team;
    }
    return pending ? `membership of team ${pending} is still pending` : `not an active member of ${a.teams.join(", ")}`;
  }
  return undefined;
}

export async function collectApprovals(
  i: ApprovalInputs,
  config: GateConfig,
  agents: AgentsCatalogue,
  source: PullSource,
): Promise<ApprovalOutcome> {
  let known: Promise<People> | undefined;
  const who = () => (known ??= people(i, config, agents, source));
  const accepted: AcceptedApproval[] = [];
  const refused: RefusedApproval[] = [];
  for (const t of attempts(i, config)) {
    const why = t.refused ?? (await disqualified(t.user, i, config, agents, source, who));
    const entry = { login: t.user.login, at: t.at, via: t.via, ...(t.commentId ? { commentId: t.commentId } : {}) };
    if (why) {
      refused.push({ ...entry, why });
    } else if (!accepted.some((a) => a.login.toLowerCase() === t.user.login.toLowerCase())) {
      accepted.push({
        ...entry,
        role: await source.role(t.user.login),
        sha: t.sha,
        reason: t.reason,
        covers: t.covers ?? i.blocking,
        ...(t.carriedFrom ? { carriedFrom: t.carriedFrom } : {}),
      });
    }
  }
  return { needed: config.approvals.count, accepted, refused };
}
