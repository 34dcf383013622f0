// Wires the webhook handlers to the evaluation queue. Handlers only enqueue and return, so
// GitHub gets its 2xx within 10 s; the evaluation runs after.
import type { Context, Probot } from "probot";
import { loadCatalogue } from "./engine/catalogue.js";
import type { EngineDeps } from "./engine/scan.js";
import { readRawConfig } from "./github/config.js";
import { runGate } from "./github/gate-run.js";
import type { Octokit, PullRef } from "./github/pull-source.js";
import { onCheckRun } from "./handlers/check-run.js";
import { onCheckSuite } from "./handlers/check-suite.js";
import { onPullRequest } from "./handlers/pull-request.js";
import { EvaluationQueue } from "./queue.js";
import { loadVerifiers } from "./verifiers/registry.js";

export interface AppOptions {
  concurrency?: number;
  timeoutMs?: number;
}

type AnyContext = Pick<Context, "id" | "octokit" | "log" | "config">;

export class GateApp {
  readonly queue: EvaluationQueue;
  private readonly deps: EngineDeps;
  private readonly timeoutMs: number;

  constructor(options: AppOptions = {}) {
    const catalogue = loadCatalogue();
    this.deps = { catalogue, verifiers: loadVerifiers(catalogue) };
    this.timeoutMs = options.timeoutMs ?? Number(process.env.AGENT_GATE_TIMEOUT_MS ?? 120_000);
    this.queue = new EvaluationQueue({ concurrency: options.concurrency ?? Number(process.env.AGENT_GATE_CONCURRENCY ?? 4) });
  }

  /** Queues an evaluation of one PR; false when this delivery was already handled. */
  schedule(context: AnyContext, pull: PullRef, knownHeadSha?: string): boolean {
    if (!this.queue.firstDelivery(`${context.id}:${pull.number}`)) {
      context.log.info({ delivery: context.id }, "redelivered webhook: already evaluated");
      return false;
    }
    this.enqueue(context, pull, knownHeadSha);
    return true;
  }

  private enqueue(context: AnyContext, pull: PullRef, knownHeadSha?: string): void {
    this.queue.enqueue(`${pull.owner}/${pull.repo}#${pull.number}`, async () => {
      await runGate({
        octokit: context.octokit,
        log: context.log,
        pull,
        loadConfig: () => readRawConfig(context),
        deps: this.deps,
        ...(knownHeadSha ? { knownHeadSha } : {}),
        timeoutMs: this.timeoutMs,
      });
    });
  }

  /** Re-runs for a commit; fork PRs are not listed in check payloads, so they are looked up. */
  async scheduleForCommit(context: AnyContext, owner: string, repo: string, sha: string, numbers: number[]): Promise<void> {
    if (!this.queue.firstDelivery(context.id)) return;
    if (numbers.length > 0) {
      for (const number of numbers) this.enqueue(context, { owner, repo, number }, sha);
      return;
    }
    this.queue.enqueue(`${owner}/${repo}@${sha}`, async () => {
      const octokit: Octokit = context.octokit;
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha });
      const open = data.filter((p) => p.state === "open");
      if (open.length === 0) context.log.warn({ owner, repo, sha }, "re-run requested for a commit with no open pull request");
      for (const p of open) this.enqueue(context, { owner, repo, number: p.number }, sha);
    });
  }
}

export function createApp(options: AppOptions = {}): { app: (probot: Probot) => void; gate: GateApp } {
  const gate = new GateApp(options);
  const app = (probot: Probot) => {
    onPullRequest(probot, gate);
    onCheckRun(probot, gate);
    onCheckSuite(probot, gate);
  };
  return { app, gate };
}
