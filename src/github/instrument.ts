// Instruments the app's GitHub side without touching the handlers or the engine: every
// installation Octokit counts its requests (per evaluation, for the verdict's log line, and in
// the metrics by route class) and reports the rate limit left; every webhook handler is timed.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Probot } from "probot";
import type { Metrics } from "../metrics.js";
import type { ProbotOctokit } from "probot";
import { trackWrites } from "./write-backlog.js";

/** The API requests made so far by the evaluation running in this async context. */
export interface RequestTally {
  requests: number;
}

const tallies = new AsyncLocalStorage<RequestTally>();

/** Runs `work` with its own request tally (requests made by concurrent evaluations are not mixed in). */
export function tallyRequests<T>(tally: RequestTally, work: () => Promise<T>): Promise<T> {
  return tallies.run(tally, work);
}

const CLASSES: [RegExp, string][] = [
  [/^\/graphql$/, "graphql"],
  [/\/reactions(\/|$)/, "reactions"],
  [/\/check-(runs|suites)(\/|$)/, "checks"],
  [/^\/repos\/[^/]+\/[^/]+\/pulls(\/|$)/, "pulls"],
  [/^\/repos\/[^/]+\/[^/]+\/(contents|git|commits|compare)(\/|$)/, "contents"],
  [/^\/repos\/[^/]+\/[^/]+\/issues(\/|$)/, "issues"],
  [/^\/(app|installation)(\/|$)/, "app"],
];

/** A small fixed set of labels for a request's route (its URL template, e.g. /repos/{owner}/{repo}/pulls). */
export function routeClass(url: string): string {
  const path = url.split("?")[0] ?? "";
  return CLASSES.find(([pattern]) => pattern.test(path))?.[1] ?? "other";
}

const instrumented = new WeakSet<object>();

interface Answer {
  status?: number;
  headers?: Record<string, string | number | undefined>;
}

/** Hooks one Octokit once; later calls with the same instance do nothing. */
export function instrumentOctokit(octokit: ProbotOctokit, installation: string, metrics: Metrics | undefined): void {
  if (instrumented.has(octokit)) return;
  instrumented.add(octokit);
  trackWrites(octokit, installation);
  const record = (url: string, answer: Answer | undefined) => {
    const remaining = answer?.headers?.["x-ratelimit-remaining"];
    metrics?.request(routeClass(url), answer?.status, installation, remaining === undefined ? undefined : String(remaining));
  };
  octokit.hook.wrap("request", async (request, options) => {
    const tally = tallies.getStore();
    if (tally) tally.requests++;
    try {
      const response = await request(options);
      record(options.url, response);
      return response;
    } catch (err) {
      record(options.url, (err as { response?: Answer }).response ?? { status: (err as { status?: number }).status });
      throw err;
    }
  });
}

/** The installation a delivery came from, as a label ("none" for deliveries without one). */
export function installationOf(context: { payload?: unknown }): string {
  const id = (context.payload as { installation?: { id?: unknown } } | undefined)?.installation?.id;
  return typeof id === "number" ? String(id) : "none";
}

/** The event a delivery names, with its action (`pull_request.opened`). */
export function eventOf(context: { name?: unknown; payload?: unknown }): string {
  const action = (context.payload as { action?: unknown } | undefined)?.action;
  const name = typeof context.name === "string" ? context.name : "unknown";
  return typeof action === "string" ? `${name}.${action}` : name;
}

/**
 * The Probot the handlers register on: each handler's context Octokit is instrumented before the
 * handler runs, and the time until the handler returns (GitHub's answer waits for it) is recorded.
 */
export function observedProbot(probot: Probot, metrics: Metrics | undefined): Probot {
  const on: Probot["on"] = (event, handler) =>
    probot.on(event, async (context) => {
      const started = performance.now();
      instrumentOctokit(context.octokit, installationOf(context), metrics);
      try {
        await handler(context);
      } finally {
        metrics?.webhook(eventOf(context), (performance.now() - started) / 1000);
      }
    });
  return new Proxy(probot, {
    get: (target, prop) => {
      if (prop === "on") return on;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
