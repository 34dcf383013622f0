// Reads .github/agent-gate.yml: from the repository's default branch only (a PR's own edit is
// never obeyed), else from the owner's `.github` repository, then follows `_extends` - but
// only to a repository of the same owner, so nobody outside the organisation can set its gate.
// Returns where every file came from, for the check run's summary.
import { parse } from "yaml";
import { ConfigError, type ConfigFile } from "../engine/config.js";
import { overlay } from "../engine/contracts/config.js";
import type { ConfigCache } from "./config-cache.js";
import type { Octokit } from "./pull-source.js";

export const CONFIG_FILE = "agent-gate.yml";
const CONFIG_PATH = `.github/${CONFIG_FILE}`;
/** Longest `_extends` chain followed; a longer one is a config error, not a silent cut. */
const MAX_EXTENDS = 5;

export interface LoadedConfig {
  /** The merged YAML data, `_extends` removed; null when no file exists (built-in defaults). */
  raw: unknown;
  /** The file read first, then each file it extends, in order. Empty: built-in defaults. */
  files: ConfigFile[];
}

interface Place {
  owner: string;
  repo: string;
  path: string;
  /** A commit to read at (the Action: the PR's base); the default branch when absent. */
  ref?: string;
}

function label(p: Place): string {
  return `${p.owner}/${p.repo}:${p.path}`;
}

/** One config file at its repository's default branch, or undefined when it does not exist. */
async function readFile(octokit: Octokit, place: Place): Promise<{ data: Record<string, unknown>; file: ConfigFile } | undefined> {
  let res;
  try {
    res = await octokit.rest.repos.getContent({ owner: place.owner, repo: place.repo, path: place.path, ...(place.ref ? { ref: place.ref } : {}) });
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
  const body = res.data as unknown;
  let text: string;
  let sha = "";
  let ref = place.ref ?? "the default branch";
  if (typeof body === "string") {
    text = body;
  } else if (body && typeof body === "object" && !Array.isArray(body) && (body as { type?: string }).type === "file") {
    const f = body as { content?: string; encoding?: string; sha?: string; url?: string };
    text = Buffer.from(f.content ?? "", f.encoding === "base64" ? "base64" : "utf8").toString("utf8");
    sha = f.sha ?? "";
    const named = f.url ? new URL(f.url).searchParams.get("ref") : null;
    if (named) ref = named;
  } else {
    throw new ConfigError(["is a directory, a symlink or a submodule, not a file"], label(place));
  }
  let data: unknown;
  try {
    data = parse(text) ?? {};
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new ConfigError([`not valid YAML: ${reason}`], label(place));
  }
  if (typeof data !== "object" || Array.isArray(data)) throw new ConfigError(["must be a YAML mapping of keys to values"], label(place));
  return { data: data as Record<string, unknown>, file: { repo: `${place.owner}/${place.repo}`, path: place.path, ref, sha } };
}

const EXTENDS = /^(?:([A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38})\/)?([-_.\w]+)(?::([-_./\w]+\.ya?ml))?$/;

/** Where `_extends` points, which must be a repository of the same owner; else a config error naming the key. */
export function extendsTarget(value: unknown, from: Place): Place {
  const allowed = `\`_extends\` may only name a repository of the same owner: \`REPO\`, \`${from.owner}/REPO\` or \`${from.owner}/REPO:PATH.yml\``;
  const m = typeof value === "string" ? EXTENDS.exec(value.trim()) : null;
  if (!m) throw new ConfigError([`${allowed}; got ${JSON.stringify(value)}`], label(from));
  const owner = m[1] ?? from.owner;
  if (owner.toLowerCase() !== from.owner.toLowerCase()) {
    throw new ConfigError([`${allowed}; \`${String(value)}\` belongs to another owner (${owner})`], label(from));
  }
  if (m[3]?.split("/").includes("..")) throw new ConfigError([`${allowed}; the path may not contain ..`], label(from));
  return { owner: from.owner, repo: m[2]!, path: m[3] ?? CONFIG_PATH };
}

/**
 * The repository's config (or the owner's .github fallback) with its `_extends` chain applied.
 * `at` (the Action) reads another path and at a commit: the ref holds for files of this repository.
 */
export async function readConfig(octokit: Octokit, owner: string, repo: string, at: { path?: string; ref?: string; cache?: ConfigCache } = {}): Promise<LoadedConfig> {
  const here = (p: Place): Place => (at.ref && p.owner === owner && p.repo === repo ? { ...p, ref: at.ref } : p);
  // Only default-branch reads are kept: a file at a commit is read where it is asked for.
  // A copy each time: what one evaluation does with the data never reaches another.
  const read = (p: Place) => (at.cache && !p.ref ? at.cache.get(label(p).toLowerCase(), () => readFile(octokit, p)).then((f) => structuredClone(f)) : readFile(octokit, p));
  let place: Place = here({ owner, repo, path: at.path ?? CONFIG_PATH });
  let found = await read(place);
  if (!found && repo !== ".github") {
    place = { owner, repo: ".github", path: CONFIG_PATH };
    found = await read(place);
  }
  if (!found) return { raw: null, files: [] };
  const layers: Record<string, unknown>[] = [];
  const files: ConfigFile[] = [];
  for (;;) {
    const { _extends: next, ...own } = found.data;
    layers.push(own);
    files.push(found.file);
    if (next === undefined) break;
    const target = extendsTarget(next, place);
    if (files.some((f) => f.repo.toLowerCase() === `${target.owner}/${target.repo}`.toLowerCase() && f.path === target.path)) {
      throw new ConfigError([`\`_extends\` goes round in a circle back to ${label(target)}`], label(place));
    }
    if (files.length >= MAX_EXTENDS) throw new ConfigError([`\`_extends\` is followed at most ${MAX_EXTENDS} files deep`], label(place));
    const extended = await read(here(target));
    if (!extended) throw new ConfigError([`\`_extends\` names ${label(target)}, which does not exist or cannot be read by the app`], label(place));
    place = here(target);
    found = extended;
  }
  // The file read first wins over what it extends; mappings merge key by key, lists are replaced.
  const raw = layers.reduceRight<unknown>((base, top) => overlay(base, top), {});
  return { raw, files };
}
