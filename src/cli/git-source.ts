// A PullSource over a local git checkout: the "pull request" is the base commit to the head
// commit, read with git alone (no network), so `agent-gate check` runs exactly the app's engine.
import { coAuthors } from "../engine/detect.js";
import type {
  Actor,
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
  TeamMembership,
  TextsByRef,
} from "../engine/types.js";
import { git, gitBytes } from "./git.js";

export interface LocalPull {
  /** Repository root (git rev-parse --show-toplevel). */
  cwd: string;
  /** The merge base: where the diff starts and where "the earlier revision" of a file lives. */
  baseSha: string;
  baseRef: string;
  /** The commit checked: HEAD, or a commit of the working tree on top of it. */
  headSha: string;
  headRef: string;
  /** The last real commit (commits are listed from the base to it). */
  commitsHead: string;
  title: string;
  body: string;
  author: Actor;
  repo: string;
}

interface Tree {
  entries: Map<string, Entry>;
  /** Every directory holding an entry, so a path can be told to be one without a scan. */
  dirs: Set<string>;
}

interface Entry {
  mode: string;
  type: string;
  sha: string;
  size: number;
}

const STATUS: Record<string, FileStatus> = { A: "added", D: "removed", M: "modified", R: "renamed", C: "copied", T: "changed" };

export class GitPullSource implements PullSource {
  private readonly trees = new Map<string, Promise<Tree>>();
  private listed: Promise<ChangedFile[]> | undefined;
  private logged: Promise<CommitInfo[]> | undefined;

  constructor(private readonly local: LocalPull) {}

  async pull(): Promise<PullMeta> {
    const l = this.local;
    return {
      owner: "local",
      repo: l.repo,
      number: 0,
      title: l.title,
      body: l.body,
      author: l.author,
      headSha: l.headSha,
      headRef: l.headRef,
      baseRef: l.baseRef,
      baseSha: l.baseSha,
      labels: [],
      changedFiles: (await this.changed()).length,
      commits: (await this.commits()).length,
      draft: false,
    };
  }

  commits(): Promise<CommitInfo[]> {
    this.logged ??= this.log();
    return this.logged;
  }

  private async log(): Promise<CommitInfo[]> {
    const { cwd, baseSha, commitsHead } = this.local;
    // Oldest first, as GitHub lists a PR's commits; the message last, so a 0x1f inside it cannot shift fields.
    const out = await git(cwd, ["log", "-z", "--reverse", "--no-show-signature", "--format=%H%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%B", `${baseSha}..${commitsHead}`, "--"]);
    return out
      .split("\0")
      .filter((r) => r !== "")
      .map((record) => {
        const [sha, an, ae, cn, ce, ...message] = record.split("\x1f");
        return {
          sha: sha!,
          message: message.join("\x1f").trimEnd(),
          author: { name: an ?? "", email: ae ?? "" },
          committer: { name: cn ?? "", email: ce ?? "" },
        };
      });
  }

  async files(): Promise<ListedFiles> {
    return { files: await this.changed(), truncated: false };
  }

  private changed(): Promise<ChangedFile[]> {
    this.listed ??= this.diff();
    return this.listed;
  }

  private async diff(): Promise<ChangedFile[]> {
    const { cwd, baseSha, headSha } = this.local;
    // Rename detection as GitHub does it (50% similarity); no external diff drivers or textconv.
    const common = ["--no-ext-diff", "--no-textconv", "--no-color", "-M", "--ignore-submodules=none", baseSha, headSha, "--"];
    const fields = (await git(cwd, ["diff", "--name-status", "-z", ...common])).split("\0");
    const files: ChangedFile[] = [];
    for (let i = 0; i < fields.length - 1; ) {
      const code = fields[i++]!;
      const status = STATUS[code[0]!] ?? "changed";
      if (code[0] === "R" || code[0] === "C") {
        const previousPath = fields[i++]!;
        files.push({ path: fields[i++]!, status, previousPath });
      } else files.push({ path: fields[i++]!, status });
    }
    const patches = patchesOf(await git(cwd, ["diff", "--unified=3", ...common]));
    // Both listings walk the same pairs in the same order; if they ever disagree, no patch is better than a wrong one.
    if (patches.length === files.length) files.forEach((f, i) => patches[i] !== undefined && (f.patch = patches[i]));
    return files;
  }

  async fileTexts(requests: FileRequest[], maxBytes: number): Promise<TextsByRef> {
    const out: TextsByRef = new Map();
    const blobs: { ref: string; path: string; entry: Entry }[] = [];
    for (const { path, ref } of requests) {
      const tree = await this.treeAt(ref);
      const entry = tree.entries.get(path);
      const at = out.get(ref) ?? new Map<string, FileText>();
      out.set(ref, at);
      if (!entry) {
        if (tree.dirs.has(path)) at.set(path, { path, byteSize: 0, binary: false, kind: "tree" });
        continue;
      }
      if (entry.type === "commit") {
        at.set(path, { path, byteSize: 0, binary: false, kind: "gitlink" });
        continue;
      }
      at.set(path, { path, byteSize: entry.size, binary: false });
      if (entry.size <= maxBytes) blobs.push({ ref, path, entry });
    }
    const contents = await this.blobs(blobs.map((b) => b.entry.sha));
    blobs.forEach(({ ref, path }, i) => {
      const bytes = contents[i]!;
      const binary = bytes.includes(0);
      out.get(ref)!.set(path, { path, byteSize: bytes.length, binary, ...(binary ? {} : { text: bytes.toString("utf8") }) });
    });
    return out;
  }

  /** Blob contents in one `git cat-file --batch`, in the order asked. */
  private async blobs(shas: string[]): Promise<Buffer[]> {
    if (shas.length === 0) return [];
    const raw = await gitBytes(this.local.cwd, ["cat-file", "--batch"], { input: `${shas.join("\n")}\n` });
    const out: Buffer[] = [];
    let at = 0;
    for (const sha of shas) {
      const eol = raw.indexOf(10, at);
      const header = raw.subarray(at, eol).toString("utf8").split(" ");
      if (header[1] === "missing" || header.length < 3) throw new Error(`git cat-file could not read blob ${sha}`);
      const size = Number(header[2]);
      out.push(raw.subarray(eol + 1, eol + 1 + size));
      at = eol + 1 + size + 1;
    }
    return out;
  }

  private treeAt(ref: string): Promise<Tree> {
    let tree = this.trees.get(ref);
    if (!tree) {
      tree = listTree(this.local.cwd, ref);
      this.trees.set(ref, tree);
    }
    return tree;
  }

  async tree(ref: string): Promise<RepoTree> {
    const tree = await this.treeAt(ref);
    return { paths: [...tree.entries].filter(([, e]) => e.type === "blob").map(([p]) => p), truncated: false };
  }

  // Nobody approves a local check: the verdict is what the PR would get before any review.
  async reviews(): Promise<Review[]> {
    return [];
  }
  async comments(): Promise<IssueComment[]> {
    return [];
  }
  async role(): Promise<string> {
    return "none";
  }
  async teamMembership(): Promise<TeamMembership> {
    return "none";
  }
  async commitAuthors(): Promise<CommitAuthors[]> {
    return (await this.commits()).map((c) => ({ sha: c.sha, authors: [{ name: c.author.name, email: c.author.email }, ...coAuthors(c.message)], cut: false }));
  }
}

/** Every entry of a commit's tree (blobs, symlinks and gitlinks), with sizes. */
async function listTree(cwd: string, ref: string): Promise<Tree> {
  const out = await git(cwd, ["ls-tree", "-r", "-z", "-l", "--full-tree", ref]);
  const tree = new Map<string, Entry>();
  const dirs = new Set<string>();
  for (const line of out.split("\0")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
    const path = line.slice(tab + 1);
    tree.set(path, { mode: mode!, type: type!, sha: sha!, size: Number(size) || 0 });
    for (let slash = path.lastIndexOf("/"); slash > 0; slash = path.lastIndexOf("/", slash - 1)) {
      const dir = path.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return { entries: tree, dirs };
}

/** Each file's hunks as GitHub gives them (from the first @@), undefined for a binary or mode-only change. */
export function patchesOf(diff: string): (string | undefined)[] {
  const parts = diff.split(/^diff --git /m).slice(1);
  return parts.map((part) => {
    const hunk = part.search(/^@@ /m);
    return hunk < 0 ? undefined : part.slice(hunk).replace(/\n$/, "");
  });
}
