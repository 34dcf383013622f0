// `agent-gate check`: the app's pull-request logic on a local checkout, before the PR exists,
// so the agent that wrote the change gets the gate's exact findings and instructions first.
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { loadCatalogue } from "../engine/catalogue.js";
import { renderCheckRun } from "../engine/render.js";
import { scanPull } from "../engine/scan.js";
import { decide, type Verdict } from "../engine/verdict.js";
import { loadVerifiers } from "../verifiers/registry.js";
import { commitOf, git } from "./git.js";
import { GitPullSource } from "./git-source.js";
import { baseConfig, BaseError, findBase, worktreeHead, type Base } from "./local-pull.js";
import { checkedRulesUrl, sarifFor, UsageError } from "./scan.js";

export interface CheckResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface Head {
  sha: string;
  /** The last real commit. */
  commit: string;
  ref: string;
  uncommitted: boolean;
}

export async function check(argv: string[], cwd: string): Promise<CheckResult> {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: "string" },
      format: { type: "string", default: "text" },
      "rules-url": { type: "string" },
      committed: { type: "boolean", default: false },
      title: { type: "string" },
      body: { type: "string" },
    },
    allowPositionals: false,
  });
  if (!["text", "json", "sarif"].includes(values.format)) throw new UsageError(`--format must be text, json or sarif, not ${values.format}`);
  const rulesUrl = checkedRulesUrl(values["rules-url"]);
  let root: string;
  try {
    root = (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
  } catch {
    throw new UsageError(`not inside a git work tree: ${cwd}`);
  }
  const commit = await commitOf(root, "HEAD");
  if (!commit) throw new UsageError("HEAD names no commit yet: commit something first");
  const branch = (await git(root, ["symbolic-ref", "--short", "-q", "HEAD"]).catch(() => "")).trim() || undefined;
  let base: Base;
  try {
    base = await findBase(root, values.base, branch);
  } catch (err) {
    if (err instanceof BaseError) return { code: 2, stdout: "", stderr: `agent-gate: ${err.message}` };
    throw err;
  }
  const catalogue = loadCatalogue();
  const loaded = await baseConfig(root, base, catalogue);
  // A local check cannot see who will open the PR: it gates as the app gates an agent's PR.
  const config = { ...loaded.config, gate: "all" as const };
  const worktree = values.committed ? { sha: commit, uncommitted: false } : await worktreeHead(root, commit);
  const head: Head = { sha: worktree.sha, commit, ref: branch ?? "HEAD", uncommitted: worktree.uncommitted };
  const meta = await describe(root, head, base, values.title, values.body);
  const source = new GitPullSource({ cwd: root, baseSha: base.mergeBase, baseRef: base.ref, headSha: head.sha, headRef: head.ref, commitsHead: commit, repo: basename(root), ...meta });
  const verifiers = loadVerifiers(catalogue);
  const scan = await scanPull(source, config, { catalogue, verifiers });
  const verdict = decide(scan);
  const code = verdict.conclusion === "success" ? 0 : verdict.conclusion === "action_required" ? 1 : 2;
  const sarif = () =>
    sarifFor(scan.findings.map(({ wholeFile: _w, ...f }) => f), scan.incomplete, { verifiers, config, catalogue, root, rulesUrl, automationId: "agent-gate/check/" });
  const stdout =
    values.format === "json"
      ? asJson(verdict, base, head)
      : values.format === "sarif"
        ? JSON.stringify(sarif())
        : asText(verdict, base, head, [`Configuration: ${loaded.from}.`, ...loaded.notes]);
  return { code, stdout, stderr: "" };
}

/** The PR's title, body and author as GitHub would show them: flags, else the last commit and the git identity. */
async function describe(root: string, head: Head, base: Base, title?: string, body?: string) {
  const own = head.commit !== base.mergeBase;
  const [subject, ...rest] = own ? (await git(root, ["log", "-1", "--format=%B", head.commit])).split("\n") : ["(uncommitted changes)"];
  const config = async (key: string) => (await git(root, ["config", "--get", key]).catch(() => "")).trim();
  const login = (await config("github.user")) || (await config("user.name")) || (await git(root, ["log", "-1", "--format=%an", head.commit])).trim();
  return { title: title ?? subject ?? "", body: body ?? rest.join("\n").trim(), author: { login, type: "User" } };
}

function what(base: Base, head: Head): string {
  const at = `${head.ref} at ${head.commit.slice(0, 7)}${head.uncommitted ? " plus the uncommitted changes (untracked files included)" : ""}`;
  return `${at} against ${base.ref} (merge base ${base.mergeBase.slice(0, 7)})`;
}

function asText(verdict: Verdict, base: Base, head: Head, config: string[]): string {
  const out = renderCheckRun(verdict);
  const result = verdict.conclusion === "success" ? "The pull request would pass." : "The pull request would be held back until a qualified human approves: fix what it found (above) first, then run agent-gate check again.";
  return [
    `agent-gate check: ${what(base, head)}.`,
    ...config,
    "Gated as if an agent wrote the change (the app gates a PR when an agent signal fires, or always with `gate: all`).",
    "",
    out.summary,
    "",
    result,
  ].join("\n");
}

function asJson(verdict: Verdict, base: Base, head: Head): string {
  const scan = verdict.scan!;
  return JSON.stringify(
    {
      conclusion: verdict.conclusion,
      title: verdict.title,
      base: { ref: base.ref, sha: base.mergeBase },
      head: { ref: head.ref, sha: head.commit, uncommitted: head.uncommitted },
      findings: scan.findings.map(({ wholeFile: _w, ...f }) => f),
      incomplete: scan.incomplete,
    },
    null,
    2,
  );
}
