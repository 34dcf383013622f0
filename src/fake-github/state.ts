import { createHash } from "node:crypto";

/** State of the fake GitHub (src/fake-github/server.ts) and builders of REST and webhook shapes from it. */

export type UserType = "User" | "Bot";
export interface FakeUser {
  login: string;
  id: number;
  type: UserType;
  /** Verified e-mails GitHub links to the account (commit authors and co-authors resolve through them). */
  emails?: string[];
}

/** Legacy `permission` of the collaborator API; custom roles may name theirs, otherwise it is read. */
export type LegacyPermission = "admin" | "write" | "read";
/** A role name (admin, maintain, write, triage, read or a custom role), or a custom role with its legacy permission. */
export type FakeRole = string | { role_name: string; permission: LegacyPermission };

export interface FakePerson { name: string; email: string; login?: string; date?: string }
export interface FakeCommit { sha: string; message: string; author: FakePerson; committer: FakePerson }
export type FileStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
export interface FakeFile { filename: string; status: FileStatus; patch?: string; previous_filename?: string }
export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
export interface FakeReview { id: number; user: string; state: ReviewState; commit_id: string; body: string; submitted_at: string }
export interface GitRef { ref: string; sha: string }
/** A PR's head: `repo` ("owner/name") when the branch lives in a fork. */
export interface HeadRef extends GitRef { repo?: string }

export interface FakePull {
  number: number;
  title: string;
  body: string;
  /** Login of the author. */
  user: string;
  head: HeadRef;
  base: GitRef;
  labels: string[];
  draft: boolean;
  state?: "open" | "closed";
  commits: FakeCommit[];
  files: FakeFile[];
  reviews: FakeReview[];
  /** Logins of the assignees. */
  assignees?: string[];
}

export interface FakeComment { id: number; issue_number: number; user: string; body: string; created_at: string; updated_at: string }
export interface FakeReaction { id: number; comment_id: number; user: string; content: string; created_at: string }

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}
export interface FakeAction { label: string; description: string; identifier: string }

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations_count: number };
  actions: FakeAction[];
  details_url: string | null;
  external_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  app: { id: number; slug: string };
  /** Every annotation sent to this run, across requests (GitHub appends them). */
  annotations: FakeAnnotation[];
}

export interface FakeRepo {
  owner: string;
  name: string;
  defaultBranch: string;
  private?: boolean;
  /** File contents per commit SHA and per branch name. */
  files: Record<string, Record<string, string>>;
  /** Submodule paths (gitlinks, mode 160000) per commit SHA: GraphQL finds a Commit there, not a Blob. */
  gitlinks?: Record<string, string[]>;
  permissions: Record<string, FakeRole>;
  pulls: FakePull[];
  checkRuns: FakeCheckRun[];
  issueComments: FakeComment[];
  reactions: FakeReaction[];
}

export interface FakeState {
  apps: { id: number; slug: string; name: string };
  installationId: number;
  repos: FakeRepo[];
  users: Record<string, FakeUser>;
  /** Keyed by "org/team-slug", then login. */
  teams: Record<string, Record<string, "active" | "pending">>;
}

/** A repository object or its "owner/name". */
export type RepoRef = FakeRepo | string;

/** Used for every timestamp the state does not set itself. */
export const FIXED_DATE = "2025-06-02T09:00:00Z";

/** Stable numeric ids for objects the state names only by login or SHA. */
export function stableId(text: string): number {
  return parseInt(createHash("sha1").update(text).digest("hex").slice(0, 8), 16);
}

export function nextId(items: readonly { id: number }[], base: number): number {
  return items.reduce((max, item) => Math.max(max, item.id), base) + 1;
}

export function fakeRepo(init: Pick<FakeRepo, "owner" | "name"> & Partial<FakeRepo>): FakeRepo {
  return { defaultBranch: "main", files: {}, permissions: {}, pulls: [], checkRuns: [], issueComments: [], reactions: [], ...init };
}

export function findRepo(state: FakeState, owner: string, name: string): FakeRepo | undefined {
  return state.repos.find((r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase());
}

export function repoOf(state: FakeState, ref: RepoRef): FakeRepo {
  if (typeof ref !== "string") return ref;
  const [owner = "", name = ""] = ref.split("/");
  const repo = findRepo(state, owner, name);
  if (!repo) throw new Error(`fake GitHub has no repository ${ref}`);
  return repo;
}

export function pullOf(repo: FakeRepo, number: number): FakePull {
  const pull = repo.pulls.find((p) => p.number === number);
  if (!pull) throw new Error(`fake GitHub has no pull request ${repo.owner}/${repo.name}#${number}`);
  return pull;
}

export function appBotLogin(state: FakeState): string {
  return `${state.apps.slug}[bot]`;
}

export function restUser(state: FakeState, login: string): FakeUser & { node_id: string; site_admin: false; html_url: string } {
  const known = state.users[login];
  const type: UserType = known?.type ?? (login.endsWith("[bot]") ? "Bot" : "User");
  const id = known?.id ?? stableId(login);
  return { login, id, node_id: `U_${id}`, type, site_admin: false, html_url: `https://github.com/${login}` };
}

function restOwner(repo: FakeRepo) {
  const id = stableId(repo.owner);
  return { login: repo.owner, id, node_id: `O_${id}`, type: "Organization" as const, site_admin: false };
}

export function restRepo(repo: FakeRepo) {
  const full_name = `${repo.owner}/${repo.name}`;
  const id = stableId(full_name);
  return {
    id,
    node_id: `R_${id}`,
    name: repo.name,
    full_name,
    private: repo.private ?? true,
    owner: restOwner(repo),
    html_url: `https://github.com/${full_name}`,
    url: `https://api.github.com/repos/${full_name}`,
    fork: false,
    default_branch: repo.defaultBranch,
  };
}

/** Lines a patch adds and removes (GitHub's patches carry hunks only, no file headers). */
function patchCounts(patch: string | undefined): { additions: number; deletions: number } {
  const lines = patch?.split("\n") ?? [];
  return {
    additions: lines.filter((l) => l.startsWith("+")).length,
    deletions: lines.filter((l) => l.startsWith("-")).length,
  };
}

export function restFile(file: FakeFile) {
  const { additions, deletions } = patchCounts(file.patch);
  return {
    sha: createHash("sha1").update(`${file.filename}\n${file.patch ?? ""}`).digest("hex"),
    filename: file.filename,
    status: file.status,
    additions,
    deletions,
    changes: additions + deletions,
    ...(file.patch === undefined ? {} : { patch: file.patch }),
    ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename }),
  };
}

export function restCommit(state: FakeState, commit: FakeCommit) {
  const person = (p: FakePerson) => ({ name: p.name, email: p.email, date: p.date ?? FIXED_DATE });
  const account = (p: FakePerson) => (p.login === undefined ? null : restUser(state, p.login));
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    commit: { message: commit.message, author: person(commit.author), committer: person(commit.committer) },
    author: account(commit.author),
    committer: account(commit.committer),
    parents: [],
  };
}

/** A hint only (see GITHUB.md): members hold a role on the repository. */
function association(repo: FakeRepo, login: string): "MEMBER" | "NONE" {
  return login in repo.permissions ? "MEMBER" : "NONE";
}

export function restReview(state: FakeState, repo: FakeRepo, review: FakeReview) {
  return {
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: restUser(state, review.user),
    body: review.body,
    state: review.state,
    commit_id: review.commit_id,
    submitted_at: review.submitted_at,
    author_association: association(repo, review.user),
  };
}

export function restComment(state: FakeState, repo: FakeRepo, comment: FakeComment) {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${comment.issue_number}#issuecomment-${comment.id}`,
    user: restUser(state, comment.user),
    body: comment.body,
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: association(repo, comment.user),
  };
}

/** The `pull_requests` entries of check runs and suites: open PRs whose head is the SHA; GitHub leaves fork PRs out. */
function pullRefsAt(repo: FakeRepo, sha: string) {
  const { id, url } = restRepo(repo);
  const repoRef = { id, url, name: repo.name };
  return repo.pulls
    .filter((p) => p.head.sha === sha && (p.state ?? "open") === "open" && p.head.repo === undefined)
    .map((p) => ({
      url: `${repoRef.url}/pulls/${p.number}`,
      id: stableId(`${repoRef.url}#${p.number}`),
      number: p.number,
      head: { ref: p.head.ref, sha: p.head.sha, repo: repoRef },
      base: { ref: p.base.ref, sha: p.base.sha, repo: repoRef },
    }));
}

export function restCheckRun(state: FakeState, repo: FakeRepo, run: FakeCheckRun) {
  // Annotations are internal and `actions` is write-only: GitHub's run objects carry neither.
  const { annotations: _annotations, actions: _actions, ...stored } = run;
  const url = `${restRepo(repo).url}/check-runs/${run.id}`;
  return {
    ...stored,
    node_id: `CR_${run.id}`,
    url,
    html_url: `https://github.com/${repo.owner}/${repo.name}/runs/${run.id}`,
    output: { ...run.output, annotations_url: `${url}/annotations` },
    check_suite: { id: stableId(run.head_sha) },
    app: { ...run.app, name: state.apps.name },
    pull_requests: pullRefsAt(repo, run.head_sha),
  };
}

/** The REST `GET /repos/{owner}/{repo}/pulls/{number}` shape. */
export function restPull(state: FakeState, ref: RepoRef, pull: FakePull) {
  const repo = repoOf(state, ref);
  const api = restRepo(repo).url;
  const html = `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`;
  const counts = pull.files.map((f) => patchCounts(f.patch));
  const side = (r: HeadRef) => {
    const [owner = repo.owner, name = repo.name] = r.repo?.split("/") ?? [];
    const where = r.repo ? { ...fakeRepo({ owner, name }), defaultBranch: repo.defaultBranch } : repo;
    const api = restRepo(where);
    return { label: `${where.owner}:${r.ref}`, ref: r.ref, sha: r.sha, user: restOwner(where), repo: r.repo ? { ...api, fork: true } : api };
  };
  const prState = pull.state ?? "open";
  return {
    url: `${api}/pulls/${pull.number}`,
    id: stableId(`${api}#${pull.number}`),
    node_id: `PR_${pull.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    number: pull.number,
    state: prState,
    locked: false,
    title: pull.title,
    user: restUser(state, pull.user),
    body: pull.body,
    labels: pull.labels.map((name) => ({ id: stableId(`label:${name}`), name })),
    created_at: FIXED_DATE,
    updated_at: FIXED_DATE,
    closed_at: prState === "closed" ? FIXED_DATE : null,
    merged_at: null,
    assignees: (pull.assignees ?? []).map((login) => restUser(state, login)),
    requested_reviewers: [],
    head: side(pull.head),
    base: side(pull.base),
    author_association: association(repo, pull.user),
    draft: pull.draft,
    merged: false,
    comments: repo.issueComments.filter((c) => c.issue_number === pull.number).length,
    review_comments: 0,
    commits: pull.commits.length,
    additions: counts.reduce((n, c) => n + c.additions, 0),
    deletions: counts.reduce((n, c) => n + c.deletions, 0),
    changed_files: pull.files.length,
  };
}

function envelope(state: FakeState, repo: FakeRepo, sender: string) {
  const org = restOwner(repo);
  return {
    repository: restRepo(repo),
    organization: { login: org.login, id: org.id, node_id: org.node_id },
    installation: { id: state.installationId, node_id: `I_${state.installationId}` },
    sender: restUser(state, sender),
  };
}

export type PullRequestAction =
  | "opened" | "synchronize" | "reopened" | "edited" | "closed"
  | "ready_for_review" | "converted_to_draft" | "labeled" | "unlabeled";

/** `pull_request` webhook; the sender is the author unless given; `before` is the previous head on synchronize. */
export function pullRequestEvent(state: FakeState, ref: RepoRef, number: number, action: PullRequestAction, opts: { sender?: string; before?: string } = {}) {
  const repo = repoOf(state, ref);
  const pull = pullOf(repo, number);
  const push = action === "synchronize" ? { before: opts.before ?? pull.base.sha, after: pull.head.sha } : {};
  return { action, number, pull_request: restPull(state, repo, pull), ...push, ...envelope(state, repo, opts.sender ?? pull.user) };
}

/** `check_run` webhook for a stored run: the re-run link (rerequested) or a button click (requested_action). */
export function checkRunEvent(state: FakeState, ref: RepoRef, checkRunId: number, action: "rerequested" | "requested_action", sender: string, identifier?: string) {
  const repo = repoOf(state, ref);
  const run = repo.checkRuns.find((r) => r.id === checkRunId);
  if (!run) throw new Error(`fake GitHub has no check run ${checkRunId} in ${repo.owner}/${repo.name}`);
  // A run's webhook carries its suite without the suite-event extras.
  const { latest_check_runs_count: _count, head_commit: _commit, ...suite } = checkSuite(state, repo, run.head_sha);
  const check_run = { ...restCheckRun(state, repo, run), check_suite: suite };
  const clicked = action === "requested_action" ? { requested_action: { identifier: identifier ?? "" } } : {};
  return { action, check_run, ...clicked, ...envelope(state, repo, sender) };
}

function checkSuite(state: FakeState, repo: FakeRepo, headSha: string) {
  const pulls = pullRefsAt(repo, headSha);
  const runs = repo.checkRuns.filter((r) => r.head_sha === headSha);
  const headPull = repo.pulls.find((p) => p.head.sha === headSha);
  const headCommit = headPull?.commits.find((c) => c.sha === headSha);
  return {
    id: stableId(headSha),
    node_id: `CS_${stableId(headSha)}`,
    head_branch: headPull?.head.ref ?? null,
    head_sha: headSha,
    status: runs.every((r) => r.status === "completed") ? "completed" : "in_progress",
    conclusion: null,
    before: headPull?.base.sha ?? null,
    after: headSha,
    pull_requests: pulls,
    app: { id: state.apps.id, slug: state.apps.slug, name: state.apps.name },
    created_at: FIXED_DATE,
    updated_at: FIXED_DATE,
    latest_check_runs_count: runs.length,
    head_commit: headCommit && {
      id: headCommit.sha,
      message: headCommit.message,
      timestamp: headCommit.committer.date ?? FIXED_DATE,
      author: { name: headCommit.author.name, email: headCommit.author.email },
      committer: { name: headCommit.committer.name, email: headCommit.committer.email },
    },
  };
}

/** `check_suite` webhook (the "Re-run all checks" link). */
export function checkSuiteEvent(state: FakeState, ref: RepoRef, headSha: string, action: "rerequested", sender: string) {
  const repo = repoOf(state, ref);
  return { action, check_suite: checkSuite(state, repo, headSha), ...envelope(state, repo, sender) };
}

/** `issue_comment` webhook on a PR for a stored comment; `previousBody` fills `changes` on edited. Build "deleted" before deleteIssueComment. */
export function issueCommentEvent(
  state: FakeState, ref: RepoRef, number: number, commentId: number, action: "created" | "edited" | "deleted",
  opts: { sender?: string; previousBody?: string } = {},
) {
  const repo = repoOf(state, ref);
  const pull = restPull(state, repo, pullOf(repo, number));
  const comment = repo.issueComments.find((c) => c.id === commentId && c.issue_number === number);
  if (!comment) throw new Error(`fake GitHub has no comment ${commentId} on #${number}`);
  const issue = {
    url: pull.issue_url,
    html_url: pull.html_url,
    id: pull.id,
    node_id: `I_${pull.id}`,
    number,
    title: pull.title,
    user: pull.user,
    labels: pull.labels,
    state: pull.state,
    locked: false,
    assignees: [],
    comments: pull.comments,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.closed_at,
    author_association: pull.author_association,
    body: pull.body,
    pull_request: { url: pull.url, html_url: pull.html_url, diff_url: pull.diff_url, patch_url: pull.patch_url, merged_at: null },
  };
  const changes = action === "edited" && opts.previousBody !== undefined ? { changes: { body: { from: opts.previousBody } } } : {};
  return { action, issue, comment: restComment(state, repo, comment), ...changes, ...envelope(state, repo, opts.sender ?? comment.user) };
}

/** Deletes a comment as `DELETE /repos/{owner}/{repo}/issues/comments/{id}` does; false when there is none. */
export function deleteIssueComment(repo: FakeRepo, commentId: number): boolean {
  const index = repo.issueComments.findIndex((c) => c.id === commentId);
  if (index < 0) return false;
  repo.issueComments.splice(index, 1);
  repo.reactions = repo.reactions.filter((r) => r.comment_id !== commentId);
  return true;
}

/** The account GitHub links an e-mail to: a verified e-mail of the user, or a known user's noreply address. */
export function linkedLogin(state: FakeState, email: string): string | undefined {
  const e = email.toLowerCase();
  const owner = Object.values(state.users).find((u) => u.emails?.some((x) => x.toLowerCase() === e));
  if (owner) return owner.login;
  const noreply = /^(?:(\d+)\+)?([^@]+)@users\.noreply\.github\.com$/i.exec(e);
  const user = noreply && Object.values(state.users).find((u) => u.login.toLowerCase() === noreply[2]);
  return user && (noreply[1] === undefined || Number(noreply[1]) === user.id) ? user.login : undefined;
}

/** GraphQL Commit.authors: the git author first, then each Co-authored-by trailer, each with its linked account. */
export function commitAuthors(state: FakeState, commit: FakeCommit): { name: string; email: string; user: { login: string } | null }[] {
  const trailers = [...commit.message.matchAll(/^co-authored-by:\s*(.*?)\s*<([^>]+)>\s*$/gim)].map((m) => ({ name: m[1] ?? "", email: m[2] ?? "" }));
  const author = { name: commit.author.name, email: commit.author.email, login: commit.author.login ?? linkedLogin(state, commit.author.email) };
  return [author, ...trailers.map((t) => ({ ...t, login: linkedLogin(state, t.email) }))].map(({ name, email, login }) => ({ name, email, user: login ? { login } : null }));
}

/** `pull_request_review` webhook for a stored review; webhook states are lowercase, unlike REST. */
export function pullRequestReviewEvent(
  state: FakeState, ref: RepoRef, number: number, reviewId: number, action: "submitted" | "edited" | "dismissed",
  opts: { sender?: string } = {},
) {
  const repo = repoOf(state, ref);
  const pull = pullOf(repo, number);
  const stored = pull.reviews.find((r) => r.id === reviewId);
  if (!stored) throw new Error(`fake GitHub has no review ${reviewId} on #${number}`);
  const rest = restReview(state, repo, stored);
  // Review events carry the "simple" pull request, without merge state and counts.
  const { merged: _m, comments: _c, review_comments: _rc, commits: _n, additions: _a, deletions: _d, changed_files: _f, ...pull_request } = restPull(state, repo, pull);
  const review = { ...rest, state: stored.state.toLowerCase(), html_url: `${pull_request.html_url}#pullrequestreview-${stored.id}` };
  return { action, review, pull_request, ...envelope(state, repo, opts.sender ?? stored.user) };
}

/**
 * A GitHub-style patch (hunks with 3 lines of context, no file headers) turning `before` into
 * `after`; undefined means the file does not exist. Texts are expected to end with a newline.
 */
export function unifiedPatch(before: string | undefined, after: string | undefined): string {
  const a = splitLines(before);
  const b = splitLines(after);
  // Longest common subsequence table, from the end; the files here are small. Deletions go first, as in git.
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: { kind: " " | "-" | "+"; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: " ", text: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: "-", text: a[i++]! });
    else ops.push({ kind: "+", text: b[j++]! });
  }
  return hunks(ops).join("\n");
}

function splitLines(text: string | undefined): string[] {
  if (text === undefined || text === "") return [];
  return text.replace(/\n$/, "").split("\n");
}

function hunks(ops: { kind: " " | "-" | "+"; text: string }[]): string[] {
  const context = 3;
  const changed = ops.flatMap((op, k) => (op.kind === " " ? [] : [k]));
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(changed[k]! - context, 0);
    let end = changed[k]!;
    while (k + 1 < changed.length && changed[k + 1]! - end <= 2 * context + 1) end = changed[++k]!;
    k++;
    const slice = ops.slice(start, Math.min(end + context + 1, ops.length));
    const oldStart = ops.slice(0, start).filter((op) => op.kind !== "+").length;
    const newStart = ops.slice(0, start).filter((op) => op.kind !== "-").length;
    const oldLen = slice.filter((op) => op.kind !== "+").length;
    const newLen = slice.filter((op) => op.kind !== "-").length;
    out.push(`@@ -${range(oldStart, oldLen)} +${range(newStart, newLen)} @@`, ...slice.map((op) => op.kind + op.text));
  }
  return out;
}

/** Unified-diff ranges: an empty side is "N,0" with N the line before it. */
function range(before: number, length: number): string {
  if (length === 0) return `${before},0`;
  return length === 1 ? `${before + 1}` : `${before + 1},${length}`;
}
