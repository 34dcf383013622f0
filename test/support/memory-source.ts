// An in-memory PullSource: the engine's tests describe a PR as data and count what the
// engine asks for.
import type {
  ChangedFile,
  CommitAuthor,
  CommitAuthors,
  CommitInfo,
  FileRequest,
  IssueComment,
  ListedFiles,
  PullMeta,
  PullSource,
  RepoTree,
  Review,
  TeamMembership,
  FileText,
  TextsByRef,
} from "../../src/engine/types.js";
import { coAuthors } from "../../src/engine/detect.js";

export interface MemoryPull {
  meta?: Partial<PullMeta>;
  commits?: CommitInfo[];
  /** path → new text; patch defaults to "every line added". */
  files?: Record<string, string | { text?: string; patch?: string | null; status?: ChangedFile["status"]; binary?: boolean; previousPath?: string; kind?: FileText["kind"]; absent?: boolean }>;
  reviews?: Review[];
  comments?: IssueComment[];
  roles?: Record<string, string>;
  teams?: Record<string, Record<string, TeamMembership>>;
  truncated?: boolean;
  /** path → text of files at the head that the PR does not change (listed by tree(), readable by fileTexts()). */
  unchanged?: Record<string, string>;
  /** path → text at the base commit (BASE_SHA). */
  base?: Record<string, string>;
  /**
   * sha → the accounts GitHub links to a commit's authors (GraphQL Commit.authors). Defaults to
   * each commit's git author, with its login, and its Co-authored-by trailers, linked to none.
   */
  commitAuthors?: Record<string, CommitAuthor[] | { authors: CommitAuthor[]; cut: boolean }>;
}

export const BASE_SHA = "0".repeat(40);

export function addedPatch(text: string): string {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n");
}

export class MemorySource implements PullSource {
  readonly calls: string[] = [];
  /** Paths read at the head, and at the base. */
  readonly fetched: string[] = [];
  readonly fetchedBase: string[] = [];
  constructor(private readonly data: MemoryPull) {}

  async pull(): Promise<PullMeta> {
    this.calls.push("pull");
    return {
      owner: "acme",
      repo: "shop",
      number: 7,
      title: "Add user search",
      body: "",
      author: { login: "alice", id: 1, type: "User" },
      headSha: "a".repeat(40),
      headRef: "feature/search",
      baseRef: "main",
      baseSha: BASE_SHA,
      labels: [],
      changedFiles: Object.keys(this.data.files ?? {}).length,
      commits: this.data.commits?.length ?? 0,
      draft: false,
      ...this.data.meta,
    };
  }
  async commits(): Promise<CommitInfo[]> {
    this.calls.push("commits");
    return this.data.commits ?? [];
  }
  async files(): Promise<ListedFiles> {
    this.calls.push("files");
    const files = Object.entries(this.data.files ?? {}).map(([path, v]) => {
      const spec = typeof v === "string" ? { text: v } : v;
      const patch = spec.patch === null ? undefined : (spec.patch ?? addedPatch(spec.text ?? ""));
      const previous = "previousPath" in spec && spec.previousPath !== undefined ? { previousPath: spec.previousPath } : {};
      return { path, status: spec.status ?? "added", ...previous, ...(patch !== undefined ? { patch } : {}) };
    });
    return { files, truncated: this.data.truncated ?? false };
  }
  async fileTexts(requests: FileRequest[], maxBytes: number): Promise<TextsByRef> {
    this.calls.push("fileTexts");
    const out: TextsByRef = new Map();
    for (const { path, ref } of requests) {
      const atBase = ref === BASE_SHA;
      (atBase ? this.fetchedBase : this.fetched).push(path);
      const v = atBase ? this.data.base?.[path] : (this.data.files?.[path] ?? this.data.unchanged?.[path]);
      if (v === undefined) continue;
      const spec = typeof v === "string" ? { text: v } : v;
      if ("absent" in spec && spec.absent) continue;
      if (!out.has(ref)) out.set(ref, new Map());
      if ("kind" in spec && spec.kind) {
        out.get(ref)!.set(path, { path, byteSize: 0, binary: false, kind: spec.kind });
        continue;
      }
      const text = spec.text ?? "";
      const byteSize = Buffer.byteLength(text);
      const binary = spec.binary ?? false;
      out.get(ref)!.set(path, { path, byteSize, binary, ...(binary || byteSize > maxBytes ? {} : { text }) });
    }
    return out;
  }
  async tree(_ref: string): Promise<RepoTree> {
    this.calls.push("tree");
    const changed = Object.entries(this.data.files ?? {}).filter(([, v]) => typeof v === "string" || v.status !== "removed");
    return { paths: [...Object.keys(this.data.unchanged ?? {}), ...changed.map(([p]) => p)], truncated: false };
  }
  async reviews(): Promise<Review[]> {
    this.calls.push("reviews");
    return this.data.reviews ?? [];
  }
  async comments(): Promise<IssueComment[]> {
    this.calls.push("comments");
    return this.data.comments ?? [];
  }
  async role(login: string): Promise<string> {
    this.calls.push(`role:${login}`);
    return this.data.roles?.[login] ?? "none";
  }
  async teamMembership(team: string, login: string): Promise<TeamMembership> {
    this.calls.push(`team:${team}:${login}`);
    return this.data.teams?.[team]?.[login] ?? "none";
  }
  async commitAuthors(): Promise<CommitAuthors[]> {
    this.calls.push("commitAuthors");
    return (this.data.commits ?? []).map((c) => {
      const given = this.data.commitAuthors?.[c.sha];
      if (given) return { sha: c.sha, ...(Array.isArray(given) ? { authors: given, cut: false } : given) };
      const { name, email, login } = c.author;
      return { sha: c.sha, authors: [{ name, email, ...(login ? { login } : {}) }, ...coAuthors(c.message)], cut: false };
    });
  }
}
