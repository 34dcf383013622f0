// The engine's vocabulary. Nothing here knows about Probot or Octokit: the GitHub layer,
// the CLI and the tests all speak to the engine through these shapes.

export type Severity = "blocking" | "warning" | "notice";

export const CATEGORIES = [
  "sql-injection",
  "nosql-injection",
  "orm-misuse",
  "layering",
  "orm-required",
  "database-choice",
  "confinement",
  "missing-auth",
  "auth",
  "csrf",
  "secrets",
  "info-exposure",
  "access-control",
  "supply-chain",
  "tls",
  "cookies",
  "cors",
  "debug",
  "mass-assignment",
  "gate-tamper",
  "verifier-error",
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Finding {
  ruleId: string;
  category: Category;
  cwe: string[];
  severity: Severity;
  file: string;
  line: number;
  endLine: number;
  message: string;
  remediation: string;
  /** The scope that put the file under the gate ("all-files" in CLI --all-files mode). */
  scope: string;
  /** Stable across line shifts: rule + file + normalised code. */
  fingerprint: string;
  /** Always the PR's, whatever the base had (a path rule, a deleted file, a verifier failure). */
  wholeFile?: boolean;
  /** Becomes `instead` when every call the scan sees passes the program's own value (caller-evidence.ts); gone after. */
  unlessCallers?: UnlessCallers<Finding>;
}

/**
 * A finding that rests on a parameter of a named function: if every call of `name` in the scanned
 * files passes a value the program owns at that parameter, it is `instead` (a lower tier). Plain
 * data, so it crosses the worker boundary.
 */
export interface UnlessCallers<R> {
  /** The function or method whose parameter fills the value. */
  name: string;
  /** The parameter's position among a call's arguments (Python: without self/cls); -1 when only a keyword reaches it. */
  param: number;
  /** Its name, for keyword arguments (Python); absent when a keyword cannot fill it. */
  paramName?: string;
  /** Called as `x.name(…)` (a method), not `name(…)`. */
  method: boolean;
  /** Python, no default: a call that leaves it out raises before the body runs, so it calls some other function of that name. */
  required?: boolean;
  /** What the finding becomes; its message's last `{{callers}}` is where the evidence goes. */
  instead: R;
}

/** Which function and parameter a call search looks for: an `UnlessCallers` without its lower tier. */
export type CallKey = Omit<UnlessCallers<unknown>, "instead">;

/**
 * One call of the function, judged at the key's parameter: the program's own value or not. When
 * the argument is itself a plain parameter of the function around the call, `via` is that
 * parameter's key and `own` is false: the call is own only if every call of `via` passes own.
 */
export interface CallVerdict {
  line: number;
  own: boolean;
  via?: CallKey;
}

/**
 * Something the gate could not check (unreadable, over a limit, a rule that stopped short).
 * It blocks until a qualified human approves, exactly like a blocking finding.
 */
export interface Unchecked {
  /** The file it concerns; absent for the PR as a whole (a file list GitHub cut short). */
  file?: string;
  reason: string;
}

export interface Actor {
  login: string;
  id?: number;
  /** GitHub account type: "User", "Bot", "Organization". */
  type?: string;
}

export interface PullMeta {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  author: Actor;
  headSha: string;
  headRef: string;
  baseRef: string;
  /** The base commit the PR's diff is against: where "the earlier revision" of a file lives. */
  baseSha: string;
  labels: string[];
  /** pull_request.changed_files: lets the engine notice when listFiles stopped short. */
  changedFiles: number;
  /** pull_request.commits: lets the engine notice when listCommits stopped at its 250. */
  commits: number;
  draft: boolean;
  /** The PR's assignees (pulls.get); absent when the source cannot tell. */
  assignees?: Actor[];
}

export interface GitPerson {
  name: string;
  email: string;
  /** The GitHub account GitHub linked to the e-mail, when it could. */
  login?: string;
  id?: number;
  type?: string;
}

/** One author of a commit as GitHub resolves it: the git author first, then each Co-authored-by trailer. */
export interface CommitAuthor {
  name: string;
  email: string;
  /** The account GitHub linked the e-mail to, when it could. */
  login?: string;
}

export interface CommitAuthors {
  sha: string;
  authors: CommitAuthor[];
  /** True when GitHub listed only some of the commit's authors. */
  cut: boolean;
}

export interface CommitInfo {
  sha: string;
  message: string;
  author: GitPerson;
  committer: GitPerson;
}

export type FileStatus =
  | "added"
  | "removed"
  | "modified"
  | "renamed"
  | "copied"
  | "changed"
  | "unchanged";

export interface ChangedFile {
  path: string;
  status: FileStatus;
  previousPath?: string;
  /** Absent for binary files and very large diffs. */
  patch?: string;
}

export interface FileText {
  path: string;
  /** Undefined when the file is binary, missing or larger than the cap. */
  text?: string;
  byteSize: number;
  binary: boolean;
  /** What the path holds when it is not a file: a submodule or other gitlink (GitHub has a commit there), or a directory. */
  kind?: "gitlink" | "tree";
}

/** One file to read: a path at a commit. */
export interface FileRequest {
  path: string;
  ref: string;
}

/** Texts read by `PullSource.fileTexts`, by commit and then by path. */
export type TextsByRef = Map<string, Map<string, FileText>>;

/** The texts read at one commit (empty when none was asked for there). */
export function textsAt(texts: TextsByRef, ref: string): Map<string, FileText> {
  return texts.get(ref) ?? new Map();
}

export interface ListedFiles {
  files: ChangedFile[];
  /** True when GitHub's 3,000-file listing limit cut the list. */
  truncated: boolean;
}

export type ReviewState = "approved" | "changes_requested" | "commented" | "dismissed" | "pending";

export interface Review {
  id: number;
  user: Actor;
  state: ReviewState;
  commitId: string;
  submittedAt?: string;
  body: string;
}

export interface IssueComment {
  id: number;
  user: Actor;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export type TeamMembership = "active" | "pending" | "none";

export interface RepoTree {
  /** Every file (blob) at the commit, repository-relative. */
  paths: string[];
  /** True when GitHub cut the listing (over 100,000 entries or 7 MB). */
  truncated: boolean;
}

/**
 * Everything the engine may learn about one pull request. The GitHub layer implements it
 * over Octokit; tests and the CLI implement it over memory or a directory.
 */
export interface PullSource {
  pull(): Promise<PullMeta>;
  commits(): Promise<CommitInfo[]>;
  files(): Promise<ListedFiles>;
  /**
   * Text of many files, each at its own commit (head and base in the same batches of ~100);
   * files over maxBytes come back without text, missing files are absent.
   */
  fileTexts(requests: FileRequest[], maxBytes: number): Promise<TextsByRef>;
  /** Every file path at a commit, in one request; asked only when a layer contract must resolve imports. */
  tree(ref: string): Promise<RepoTree>;
  reviews(): Promise<Review[]>;
  comments(): Promise<IssueComment[]>;
  /** The user's role on the repository (`role_name`: admin, maintain, write, triage, read, custom, none). */
  role(login: string): Promise<string>;
  teamMembership(teamSlug: string, login: string): Promise<TeamMembership>;
  /** The accounts GitHub links to each commit's authors and co-authors (GraphQL Commit.authors); asked only to judge an approval. */
  commitAuthors(): Promise<CommitAuthors[]>;
}
