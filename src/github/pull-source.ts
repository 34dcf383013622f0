// PullSource over Octokit. Requests grow with files/100: lists are read 100 per page, file
// text through batched GraphQL blob queries, and every answer is kept for the evaluation.
import type { ProbotOctokit } from "probot";
import { LIST_LIMIT } from "../engine/scan.js";
import type {
  ChangedFile,
  CommitAuthors,
  CommitInfo,
  FileRequest,
  FileStatus,
  FileText,
  IssueComment,
  ListedFiles,
  PullMeta,
  PullSource,
  RepoTree,
  Review,
  ReviewState,
  TeamMembership,
  TextsByRef,
} from "../engine/types.js";

// What the GitHub layer uses of an Octokit: Probot's and a plain @octokit/rest one (the Action) both fit.
export type Octokit = Pick<ProbotOctokit, "rest" | "paginate" | "graphql" | "request">;

export interface PullRef {
  owner: string;
  repo: string;
  number: number;
}

const PAGE = 100;
/** Files per GraphQL query: GitHub recommends moderate batches. */
export const BLOB_BATCH = 100;

interface RestUser {
  login: string;
  id: number;
  type: string;
}

interface RestPull {
  number: number;
  title: string;
  body?: string | null;
  user: RestUser | null;
  draft?: boolean;
  changed_files?: number;
  commits?: number;
  labels: { name?: string }[];
  assignees?: RestUser[] | null;
  head: { sha: string; ref: string };
  base: { ref: string; sha: string };
}

export function pullMetaFrom(owner: string, repo: string, p: RestPull): PullMeta {
  return {
    owner,
    repo,
    number: p.number,
    title: p.title,
    body: p.body ?? "",
    author: p.user ? { login: p.user.login, id: p.user.id, type: p.user.type } : { login: "ghost" },
    headSha: p.head.sha,
    headRef: p.head.ref,
    baseRef: p.base.ref,
    baseSha: p.base.sha,
    labels: p.labels.flatMap((l) => (l.name ? [l.name] : [])),
    changedFiles: p.changed_files ?? 0,
    commits: p.commits ?? 0,
    draft: p.draft ?? false,
    assignees: (p.assignees ?? []).map((u) => ({ login: u.login, id: u.id, type: u.type })),
  };
}

function actor(u: { login: string; id: number; type: string } | null | undefined) {
  return u ? { login: u.login, id: u.id, type: u.type } : { login: "ghost" };
}

export class OctokitPullSource implements PullSource {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly octokit: Octokit,
    private readonly ref: PullRef,
  ) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.memo.set(key, p);
    }
    return p;
  }

  pull(): Promise<PullMeta> {
    // Read fresh rather than from the payload: deliveries arrive out of order, and a stale
    // payload would name an old head commit.
    return this.once("pull", async () => {
      const { data } = await this.octokit.rest.pulls.get({ owner: this.ref.owner, repo: this.ref.repo, pull_number: this.ref.number });
      return pullMetaFrom(this.ref.owner, this.ref.repo, data as RestPull);
    });
  }

  commits(): Promise<CommitInfo[]> {
    return this.once("commits", async () => {
      const data = await this.octokit.paginate(this.octokit.rest.pulls.listCommits, {
        owner: this.ref.owner,
        repo: this.ref.repo,
        pull_number: this.ref.number,
        per_page: PAGE,
      });
      return data.map((c) => ({
        sha: c.sha,
        message: c.commit.message,
        author: {
          name: c.commit.author?.name ?? "",
          email: c.commit.author?.email ?? "",
          ...(c.author ? { login: c.author.login, id: c.author.id, type: c.author.type } : {}),
        },
        committer: {
          name: c.commit.committer?.name ?? "",
          email: c.commit.committer?.email ?? "",
          ...(c.committer ? { login: c.committer.login, id: c.committer.id, type: c.committer.type } : {}),
        },
      }));
    });
  }

  files(): Promise<ListedFiles> {
    return this.once("files", async () => {
      const files: ChangedFile[] = [];
      let truncated = false;
      const expected = (await this.pull()).changedFiles;
      // Past 3,000 files GitHub answers empty pages, so stop on a short page or at the cap;
      // stopping once changed_files are in saves the empty last page.
      for (let page = 1; ; page++) {
        const { data } = await this.octokit.rest.pulls.listFiles({
          owner: this.ref.owner,
          repo: this.ref.repo,
          pull_number: this.ref.number,
          per_page: PAGE,
          page,
        });
        for (const f of data) {
          files.push({
            path: f.filename,
            status: f.status as FileStatus,
            ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
            ...(f.patch !== undefined ? { patch: f.patch } : {}),
          });
        }
        if (data.length < PAGE || (expected > 0 && files.length >= expected)) break;
        if (files.length >= LIST_LIMIT) {
          truncated = true;
          break;
        }
      }
      return { files, truncated };
    });
  }

  async fileTexts(requests: FileRequest[], maxBytes: number): Promise<TextsByRef> {
    const out: TextsByRef = new Map();
    for (let i = 0; i < requests.length; i += BLOB_BATCH) {
      const batch = requests.slice(i, i + BLOB_BATCH);
      const variables: Record<string, string | number | null> = { owner: this.ref.owner, name: this.ref.repo };
      const decls = ["$owner: String!", "$name: String!"];
      const fields: string[] = [];
      // GraphQL queries wait in the write queue (one per second): the first one also reads the
      // commits' authors, which an approval needs, instead of a query of their own later.
      const withAuthors = i === 0 && !this.memo.has("commitAuthors");
      if (withAuthors) {
        Object.assign(variables, { number: this.ref.number, cursor: null });
        decls.push(...COMMIT_AUTHORS_VARS);
        fields.push(PULL_COMMIT_AUTHORS);
      }
      batch.forEach(({ path, ref }, n) => {
        variables[`e${n}`] = `${ref}:${path}`;
        decls.push(`$e${n}: String!`);
        // __typename tells a file from a submodule: at a gitlink GitHub holds a Commit, not a Blob.
        fields.push(`f${n}: object(expression: $e${n}) { __typename ... on Blob { byteSize isBinary isTruncated text } }`);
      });
      const query = `query(${decls.join(", ")}) { repository(owner: $owner, name: $name) { ${fields.join(" ")} } }`;
      const result = await this.octokit.graphql<{ repository: Record<string, BlobResult | null> & { pullRequest?: PullCommitAuthors | null } }>(query, variables);
      const commits = withAuthors ? result.repository.pullRequest?.commits : undefined;
      // Kept only when complete; more than one page is read by commitAuthors() itself.
      if (commits && !commits.pageInfo.hasNextPage) this.memo.set("commitAuthors", Promise.resolve(authorsOf(commits)));
      const refetch: { entry: FileText; ref: string }[] = [];
      batch.forEach(({ path, ref }, n) => {
        const blob = result.repository[`f${n}`];
        if (!blob) return;
        let atRef = out.get(ref);
        if (!atRef) out.set(ref, (atRef = new Map()));
        const kind = NOT_A_FILE[blob.__typename ?? "Blob"];
        if (kind) {
          atRef.set(path, { path, byteSize: 0, binary: false, kind });
          return;
        }
        if (blob.byteSize === undefined) return;
        const entry: FileText = { path, byteSize: blob.byteSize, binary: blob.isBinary ?? false };
        if (!entry.binary && blob.byteSize <= maxBytes) {
          if (blob.isTruncated || blob.text == null) refetch.push({ entry, ref });
          else entry.text = blob.text;
        }
        atRef.set(path, entry);
      });
      // GraphQL cuts text near 512 KB; the raw contents API serves the rest.
      for (const { entry, ref } of refetch) {
        const text = await this.rawContent(entry.path, ref);
        if (text !== undefined) entry.text = text;
      }
    }
    return out;
  }

  /** One request for the whole tree: recursive listings hold up to 100,000 entries. */
  tree(ref: string): Promise<RepoTree> {
    return this.once(`tree:${ref}`, async () => {
      const { data } = await this.octokit.rest.git.getTree({ owner: this.ref.owner, repo: this.ref.repo, tree_sha: ref, recursive: "true" });
      return { paths: data.tree.flatMap((e) => (e.type === "blob" && e.path ? [e.path] : [])), truncated: data.truncated };
    });
  }

  private async rawContent(path: string, ref: string): Promise<string | undefined> {
    const res = await this.octokit.rest.repos.getContent({
      owner: this.ref.owner,
      repo: this.ref.repo,
      path,
      ref,
      mediaType: { format: "raw" },
    });
    return typeof res.data === "string" ? res.data : undefined;
  }

  reviews(): Promise<Review[]> {
    return this.once("reviews", async () => {
      const data = await this.octokit.paginate(this.octokit.rest.pulls.listReviews, {
        owner: this.ref.owner,
        repo: this.ref.repo,
        pull_number: this.ref.number,
        per_page: PAGE,
      });
      return data.map((r) => ({
        id: r.id,
        user: actor(r.user),
        state: r.state.toLowerCase() as ReviewState,
        commitId: r.commit_id ?? "",
        ...(r.submitted_at ? { submittedAt: r.submitted_at } : {}),
        body: r.body ?? "",
      }));
    });
  }

  comments(): Promise<IssueComment[]> {
    return this.once("comments", async () => {
      const data = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
        owner: this.ref.owner,
        repo: this.ref.repo,
        issue_number: this.ref.number,
        per_page: PAGE,
      });
      return data.map((c) => ({
        id: c.id,
        user: actor(c.user),
        body: c.body ?? "",
        createdAt: c.created_at,
        updatedAt: c.updated_at,
      }));
    });
  }

  role(login: string): Promise<string> {
    return this.once(`role:${login}`, async () => {
      try {
        const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
          owner: this.ref.owner,
          repo: this.ref.repo,
          username: login,
        });
        return (data as { role_name?: string }).role_name ?? data.permission;
      } catch (err) {
        if ((err as { status?: number }).status === 404) return "none";
        throw err;
      }
    });
  }

  commitAuthors(): Promise<CommitAuthors[]> {
    return this.once("commitAuthors", () => readCommitAuthors(this.octokit, this.ref));
  }

  teamMembership(teamSlug: string, login: string): Promise<TeamMembership> {
    return this.once(`team:${teamSlug}:${login}`, async () => {
      try {
        const { data } = await this.octokit.rest.teams.getMembershipForUserInOrg({
          org: this.ref.owner,
          team_slug: teamSlug,
          username: login,
        });
        return data.state === "active" ? "active" : "pending";
      } catch (err) {
        if ((err as { status?: number }).status === 404) return "none";
        throw err;
      }
    });
  }
}

/** Authors listed per commit: more than this many and the commit counts as cut (fail closed). */
export const AUTHORS_PER_COMMIT = 100;

// One request per 100 commits: each commit with the accounts GitHub linked to its authors and co-authors.
const PULL_COMMIT_AUTHORS = `pullRequest(number: $number) {
      commits(first: ${PAGE}, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { commit { oid authors(first: ${AUTHORS_PER_COMMIT}) { pageInfo { hasNextPage } nodes { name email user { login } } } } }
      }
    }`;
const COMMIT_AUTHORS_VARS = ["$number: Int!", "$cursor: String"];
const COMMIT_AUTHORS_QUERY = `query($owner: String!, $name: String!, ${COMMIT_AUTHORS_VARS.join(", ")}) {
  repository(owner: $owner, name: $name) {
    ${PULL_COMMIT_AUTHORS}
  }
}`;

interface PullCommitAuthors {
  commits: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: { commit: { oid: string; authors: { pageInfo: { hasNextPage: boolean }; nodes: { name: string | null; email: string | null; user: { login: string } | null }[] } } }[];
  };
}

interface CommitAuthorsPage {
  repository: { pullRequest: PullCommitAuthors | null } | null;
}

function authorsOf(commits: PullCommitAuthors["commits"]): CommitAuthors[] {
  return commits.nodes.map(({ commit }) => ({
    sha: commit.oid,
    authors: commit.authors.nodes.map((a) => ({ name: a.name ?? "", email: a.email ?? "", ...(a.user ? { login: a.user.login } : {}) })),
    cut: commit.authors.pageInfo.hasNextPage,
  }));
}

/** Reads commitAuthors() for a pull request, page by page. */
export async function readCommitAuthors(octokit: Octokit, ref: PullRef): Promise<CommitAuthors[]> {
  const out: CommitAuthors[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: CommitAuthorsPage = await octokit.graphql<CommitAuthorsPage>(COMMIT_AUTHORS_QUERY, { owner: ref.owner, name: ref.repo, number: ref.number, cursor });
    const commits = page.repository?.pullRequest?.commits;
    if (!commits) throw new Error(`GitHub did not return the commits of ${ref.owner}/${ref.repo}#${ref.number}`);
    out.push(...authorsOf(commits));
    if (!commits.pageInfo.hasNextPage || !commits.pageInfo.endCursor) return out;
    cursor = commits.pageInfo.endCursor;
  }
}

/** What a path holds when object(expression:) gives no Blob there. */
const NOT_A_FILE: Record<string, FileText["kind"]> = { Commit: "gitlink", Tree: "tree" };

interface BlobResult {
  __typename?: string;
  byteSize?: number;
  isBinary?: boolean;
  isTruncated?: boolean;
  text?: string | null;
}
