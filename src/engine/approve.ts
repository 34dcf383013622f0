// Who may turn a blocked agent PR green. Three ways to approve (a review on the head commit,
// a `/agent-gate approve <reason>` comment, the check run's Approve button) are judged by the
// same rules: a human with enough rights who neither opened the PR nor wrote its commits.
import type { AgentsCatalogue } from "./catalogue.js";
import { parseCommand } from "./commands.js";
import type { GateConfig } from "./config.js";
import { coAuthors } from "./detect.js";
import type { ButtonClick } from "./state-block.js";
import type { Actor, CommitInfo, IssueComment, PullMeta, PullSource, Review } from "./types.js";
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

function noreplyLogin(email: string): string | undefined {
  const m = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i.exec(email);
  return m?.[1]?.toLowerCase();
}

/** Logins that wrote or co-wrote a commit of the PR, each with the first commit that shows it. */
export function contributors(commits: CommitInfo[]): Map<string, string> {
  const out = new Map<string, string>();
  const add = (login: string | undefined, sha: string) => {
    if (login && !out.has(login.toLowerCase())) out.set(login.toLowerCase(), sha);
  };
  // E-mails GitHub linked to an account anywhere in the PR identify co-authors too.
  const byEmail = new Map<string, string>();
  for (const c of commits) {
    for (const p of [c.author, c.committer]) if (p.login) byEmail.set(p.email.toLowerCase(), p.login);
  }
  for (const c of commits) {
    add(c.author.login, c.sha);
    if (c.committer.login !== "web-flow") add(c.committer.login, c.sha);
    for (const co of coAuthors(c.message)) {
      add(byEmail.get(co.email.toLowerCase()) ?? noreplyLogin(co.email), c.sha);
      // No account linkage for a plain e-mail: a co-author named exactly like an account is that account.
      if (/^[a-z\d](?:[a-z\d-]{0,38})$/i.test(co.name)) add(co.name, c.sha);
    }
  }
  return out;
}

function attempts(i: ApprovalInputs, config: GateConfig): Attempt[] {
  const head = i.pull.headSha;
  const out: Attempt[] = [];
  for (const r of i.reviews) {
    const at = r.submittedAt ?? "";
    if (r.state === "dismissed") {
      out.push({ user: r.user, via: "review", at, sha: r.commitId, reason: "", refused: "the review was dismissed" });
    } else if (r.state === "approved") {
      const stale = r.commitId !== head;
      out.push({
        user: r.user,
        via: "review",
        at,
        sha: r.commitId,
        reason: r.body.trim() || "approving review",
        ...(stale ? { refused: `stale: given on commit ${short(r.commitId)}, not on the head ${short(head)}` } : {}),
      });
    }
  }
  for (const c of i.comments) {
    const cmd = parseCommand(c.body, i.appSlug);
    if (cmd?.verb !== "approve") continue;
    const base = { user: c.user, via: "comment" as const, at: c.createdAt, sha: head, reason: cmd.args, commentId: c.id };
    // Parsed, not compared as text: GitHub omits milliseconds, toISOString does not.
    if (Date.parse(c.createdAt) < Date.parse(i.headSeenAt)) out.push({ ...base, refused: `stale: posted before agent-gate saw the head ${short(head)} (${i.headSeenAt})` });
    else if (c.updatedAt !== c.createdAt) out.push({ ...base, refused: "the approval comment was edited after it was posted; post a new one" });
    else if (config.approvals.require_reason && cmd.args === "") out.push({ ...base, refused: "no reason given: write `/agent-gate approve <reason>`" });
    else out.push(base);
  }
  for (const b of i.buttons) {
    const stale = b.sha !== head;
    out.push({
      user: { login: b.login, ...(b.type ? { type: b.type } : {}) },
      via: "button",
      at: b.at,
      sha: b.sha,
      reason: "Approve button on the check run",
      ...(stale ? { refused: `stale: clicked on the run for ${short(b.sha)}, not the head ${short(head)}` } : {}),
    });
  }
  if (i.earlier && config.approvals.keep_approval_when_findings_unchanged) {
    for (const a of i.earlier.accepted) {
      const unseen = i.blocking.filter((f) => !a.covers.includes(f));
      const base = { user: { login: a.login }, via: a.via, at: a.at, sha: i.earlier.sha, reason: a.reason, carriedFrom: a.carriedFrom ?? i.earlier.sha, covers: a.covers };
      out.push(
        unseen.length === 0
          ? base
          : { ...base, refused: `given on ${short(i.earlier.sha)}; ${unseen.length} blocking finding(s) on the head are new since, so it does not carry over` },
      );
    }
  }
  return out;
}

/** Why this user may not approve, or undefined when they qualify. Roles and teams are asked lazily. */
async function disqualified(user: Actor, i: ApprovalInputs, config: GateConfig, agents: AgentsCatalogue, source: PullSource, wrote: Map<string, string>): Promise<string | undefined> {
  const login = user.login.toLowerCase();
  if (user.type === "Bot" || login.endsWith("[bot]")) return "a bot account cannot approve";
  const agentLogins = [...agents.agents.flatMap((a) => a.logins), ...config.agents.logins].map((l) => l.toLowerCase());
  if (agentLogins.includes(login)) return "an AI agent's account cannot approve";
  const a = config.approvals;
  if (!a.allow_author && login === i.pull.author.login.toLowerCase()) return "the PR's author cannot approve it (approvals.allow_author is off)";
  const commit = wrote.get(login);
  if (!a.allow_contributors && commit) {
    return `authored or co-authored commit ${short(commit)} of this PR (approvals.allow_contributors is off)`;
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
  const wrote = contributors(i.commits);
  const accepted: AcceptedApproval[] = [];
  const refused: RefusedApproval[] = [];
  for (const t of attempts(i, config)) {
    const why = t.refused ?? (await disqualified(t.user, i, config, agents, source, wrote));
    const who = { login: t.user.login, at: t.at, via: t.via, ...(t.commentId ? { commentId: t.commentId } : {}) };
    if (why) {
      refused.push({ ...who, why });
    } else if (!accepted.some((a) => a.login.toLowerCase() === t.user.login.toLowerCase())) {
      accepted.push({
        ...who,
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
