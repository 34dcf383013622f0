// What the Action is told: its inputs (INPUT_* as the runner sets them) and the event it runs
// on (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH). The repository comes from GITHUB_REPOSITORY, which
// the runner sets, not from anything the pull request controls.
import { readFileSync } from "node:fs";
import type { PullRef } from "../github/pull-source.js";

export type Env = Record<string, string | undefined>;

/** A bad input or an event the Action cannot handle: exit 2, naming the problem. */
export class ActionInputError extends Error {}

export interface ActionInputs {
  token: string;
  /** Path of the config file in the repository, read at the PR's base commit. */
  config: string;
  /** Only tightens the config's `gate` (agents → all), never loosens it. */
  gate?: "agents" | "all";
  /** blocking: the job fails unless the verdict is success; never: the job only reports. */
  failOn: "blocking" | "never";
  sarif?: string;
  apiUrl: string;
}

/** The runner's form of an input: INPUT_ + name upper-cased, spaces as underscores, hyphens kept. */
export function input(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = input(env, name);
  if (value === "") return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ActionInputError(`input \`${name}\` must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}`);
  return value as T;
}

export function readInputs(env: Env): ActionInputs {
  const token = input(env, "token");
  if (token === "") throw new ActionInputError("input `token` is empty: give the job's token (`${{ github.token }}`, the default)");
  const config = input(env, "config") || ".github/agent-gate.yml";
  if (config.startsWith("/") || config.split("/").includes("..")) throw new ActionInputError(`input \`config\` must be a path inside the repository; got ${JSON.stringify(config)}`);
  const gate = oneOf(env, "gate", ["agents", "all"] as const);
  const sarif = input(env, "sarif");
  return {
    token,
    config,
    ...(gate ? { gate } : {}),
    failOn: oneOf(env, "fail-on", ["blocking", "never"] as const) ?? "blocking",
    ...(sarif ? { sarif } : {}),
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
  };
}

/** The events the Action decides on; anything else is a workflow mistake (exit 2). */
export const EVENTS = ["pull_request", "pull_request_target", "pull_request_review", "issue_comment"] as const;

export type EventTarget = { pull: PullRef; headSha?: string } | { skip: string };

/** The pull request the event is about, or why there is none (a comment on a plain issue). */
export function targetOf(env: Env): EventTarget {
  const name = env.GITHUB_EVENT_NAME ?? "";
  if (!(EVENTS as readonly string[]).includes(name)) {
    throw new ActionInputError(`agent-gate runs on ${EVENTS.join(", ")} events, not ${JSON.stringify(name)}: fix the workflow's \`on:\``);
  }
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || rest.length > 0) throw new ActionInputError(`GITHUB_REPOSITORY must be owner/name; got ${JSON.stringify(env.GITHUB_REPOSITORY ?? "")}`);
  if (!env.GITHUB_EVENT_PATH) throw new ActionInputError("GITHUB_EVENT_PATH is not set: the Action runs only inside a GitHub Actions job");
  let payload: { pull_request?: { number?: unknown; head?: { sha?: unknown } }; issue?: { number?: unknown; pull_request?: unknown } };
  try {
    payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as typeof payload;
  } catch (err) {
    throw new ActionInputError(`cannot read the event payload ${env.GITHUB_EVENT_PATH}: ${(err as Error).message}`);
  }
  if (name === "issue_comment" && !payload.issue?.pull_request) return { skip: "the comment is on an issue, not on a pull request" };
  const number = Number(name === "issue_comment" ? payload.issue?.number : payload.pull_request?.number);
  if (!Number.isInteger(number) || number <= 0) throw new ActionInputError(`the ${name} payload names no pull request number`);
  if (name === "issue_comment") return { pull: { owner, repo, number } };
  const headSha = payload.pull_request?.head?.sha;
  return { pull: { owner, repo, number }, ...(typeof headSha === "string" ? { headSha } : {}) };
}
