// What `agent-gate check` compares: the base it would merge into, the head (the working tree
// included unless asked not to), and the config the app would apply, read from the base.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Catalogue } from "../engine/catalogue.js";
import { ConfigError, parseConfig, type GateConfig } from "../engine/config.js";
import { commitOf, git, GitError } from "./git.js";

export const CONFIG_PATH = ".github/agent-gate.yml";

/** A base that cannot be read or found: exit 2, naming it. */
export class BaseError extends Error {}

export interface Base {
  /** The ref named (or found), e.g. origin/main. */
  ref: string;
  /** Its tip, where the config is read, as the app reads the default branch's. */
  tip: string;
  /** Where HEAD left it: the diff starts here. */
  mergeBase: string;
}

async function upstreamOf(cwd: string, branch: string | undefined): Promise<string | undefined> {
  let name: string;
  try {
    name = (await git(cwd, ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"])).trim();
  } catch {
    return undefined;
  }
  // A branch pushed with -u tracks itself on the remote: that is the PR's head, not its base.
  if (branch !== undefined && name.endsWith(`/${branch}`)) return undefined;
  return name || undefined;
}

/** --base, else the upstream, else the remote's default branch, else main or master. */
export async function findBase(cwd: string, given: string | undefined, branch: string | undefined): Promise<Base> {
  const candidates = given !== undefined ? [given] : [await upstreamOf(cwd, branch), "origin/HEAD", "origin/main", "origin/master", "main", "master"];
  for (const ref of candidates) {
    if (ref === undefined || (given === undefined && ref === branch)) continue;
    const tip = await commitOf(cwd, ref);
    if (!tip) continue;
    let mergeBase: string;
    try {
      mergeBase = (await git(cwd, ["merge-base", "HEAD", tip])).trim();
    } catch {
      throw new BaseError(`the base ${ref} shares no history with HEAD`);
    }
    return { ref, tip, mergeBase };
  }
  if (given !== undefined) throw new BaseError(`cannot read the base ref ${given}: no such commit`);
  throw new BaseError("found no base to compare with (no upstream, origin/HEAD, main or master): pass --base REF");
}

export interface BaseConfig {
  config: GateConfig;
  /** Where it came from, for the output. */
  from: string;
  /** Said in the output: what a local check cannot apply as the app would. */
  notes: string[];
}

/** The base's .github/agent-gate.yml, never the working tree's: a change cannot loosen its own gate. */
export async function baseConfig(cwd: string, base: Base, catalogue: Catalogue): Promise<BaseConfig> {
  const listed = (await git(cwd, ["ls-tree", "-z", base.tip, "--", CONFIG_PATH])).split("\0").find((l) => l !== "");
  const source = `${base.ref}:${CONFIG_PATH}`;
  if (!listed) {
    return {
      config: parseConfig({}, catalogue),
      from: `the built-in defaults (no ${CONFIG_PATH} at ${base.ref})`,
      notes: ["The app falls back to the owner's `.github` repository's config, which a local check cannot read."],
    };
  }
  const [, type, sha] = listed.slice(0, listed.indexOf("\t")).split(/\s+/);
  if (type !== "blob") throw new ConfigError(["is a directory or a submodule, not a file"], source);
  let data: unknown;
  try {
    data = parseYaml(await git(cwd, ["cat-file", "blob", sha!])) ?? {};
  } catch (err) {
    if (err instanceof GitError) throw err;
    throw new ConfigError([`not valid YAML: ${(err as Error).message.split("\n")[0]}`], source);
  }
  if (typeof data !== "object" || Array.isArray(data)) throw new ConfigError(["must be a YAML mapping of keys to values"], source);
  const { _extends: extended, ...own } = data as Record<string, unknown>;
  const notes = extended === undefined ? [] : [`\`_extends: ${String(extended)}\` names another repository, which a local check cannot read: only this file's own settings applied.`];
  return { config: parseConfig(own, catalogue, source), from: `${source} (blob ${sha!.slice(0, 7)})`, notes };
}

/** A commit of the working tree (untracked files included, ignored ones not) on top of HEAD; HEAD when nothing changed. */
export async function worktreeHead(cwd: string, head: string): Promise<{ sha: string; uncommitted: boolean }> {
  const status = await git(cwd, ["status", "--porcelain", "-z", "--untracked-files=all"]);
  if (status === "") return { sha: head, uncommitted: false };
  const dir = mkdtempSync(join(tmpdir(), "agent-gate-check-"));
  try {
    // A private index, so the user's staging area is left as it was.
    const index = join(dir, "index");
    const real = resolve(cwd, (await git(cwd, ["rev-parse", "--git-path", "index"])).trim());
    if (existsSync(real)) copyFileSync(real, index);
    const env = {
      GIT_INDEX_FILE: index,
      GIT_AUTHOR_NAME: "agent-gate check",
      GIT_AUTHOR_EMAIL: "agent-gate-check@localhost",
      GIT_COMMITTER_NAME: "agent-gate check",
      GIT_COMMITTER_EMAIL: "agent-gate-check@localhost",
    };
    await git(cwd, ["add", "-A", "--", "."], { env });
    const tree = (await git(cwd, ["write-tree"], { env })).trim();
    const sha = (await git(cwd, ["commit-tree", tree, "-p", head, "-m", "agent-gate check: uncommitted changes"], { env })).trim();
    return { sha, uncommitted: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
