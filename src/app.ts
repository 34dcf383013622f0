// Wires the webhook handlers to the evaluation queue. Handlers only enqueue and return, so
// GitHub gets its 2xx within 10 s; the evaluation runs after, one per PR at a time.
import type { Context, Probot } from "probot";
import { loadCatalogue } from "./engine/catalogue.js";
import { mdMarked, mdText } from "./engine/markdown.js";
import { VerifierPool, type VerifierHost } from "./engine/pool.js";
import type { EngineDeps } from "./engine/scan.js";
import type { ButtonClick } from "./engine/state-block.js";
import { readAppIdentity, type AppIdentity } from "./github/app-identity.js";
import { readConfig } from "./github/config.js";
import { CONFIG_TTL_MS, ConfigCache } from "./github/config-cache.js";
import { runGate, type EvaluationRequest, type GateResult } from "./github/gate-run.js";
import { PROGRESS_AFTER_MS } from "./github/deferred-start.js";
import { MemoryInProgressRuns, type InProgressRuns } from "./github/in-progress-runs.js";
import type { RetryPolicy } from "./github/retry-policy.js";
import { startSweeping, sweepStaleRuns, type SweepOptions } from "./github/stale-runs.js";
import type { Octokit, PullRef } from "./github/pull-source.js";
import { onCheckRun } from "./handlers/check-run.js";
import { onCheckSuite } from "./handlers/check-suite.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest } from "./handlers/pull-request.js";
import { onPullRequestReview } from "./handlers/pull-request-review.js";
import { guardPayloads } from "./github/webhook-guard.js";
import { DeliveryRecovery, recoveryOptionsFrom, type RecoveryOptions } from "./github/delivery-recovery.js";
import { eventOf, installationOf, observedProbot, tallyRequests } from "./github/instrument.js";
import { writesWaiting } from "./github/write-backlog.js";
import { KeyedLock } from "./keyed-lock.js";
import { Metrics, metricsOptionsFrom, serveMetrics, type MetricsOptions, type MetricsServer } from "./metrics.js";
import { RecentHeads } from "./recent-heads.js";
import { EvaluationQueue } from "./queue.js";
import { openPullsWithHead } from "./github/shared-head.js";
import { stateKeyFrom } from "./secrets.js";
import { loadVerifiers } from "./verifiers/registry.js";
import type { Verifier } from "./verifiers/types.js";

export interface AppOptions {
  concurrency?: number;
  timeoutMs?: number;
  /** Signs the state kept in check runs; defaults to AGENT_GATE_STATE_KEY, else a key derived from the private key. Never the webhook secret. */
  stateKey?: string;
  /** The app's private key, to derive the state key from when AGENT_GATE_STATE_KEY is not set. */
  privateKey?: string;
  /** The app's id when GitHub cannot be asked (defaults to APP_ID). */
  appId?: number;
  /** Worker threads the verifiers run in; the app starts its own when none is given. */
  pool?: VerifierHost;
  /** The shipped verifiers by default; tests add one. */
  verifiers?: Verifier[];
  /** Serve Prometheus metrics on this port (0: any free one); default from METRICS/METRICS_PORT, false: off. */
  metrics?: MetricsOptions | false;
  /** Runs written in progress and not yet completed (in memory by default; the Redis one for replicas). */
  inProgressRuns?: InProgressRuns;
  /** Write a run in progress only once its evaluation has taken this long (default AGENT_GATE_PROGRESS_AFTER_MS, else 4 s). */
  progressAfterMs?: number;
  /** How the final check-run write is retried. */
  writeRetry?: RetryPolicy;
  /** How often stale in-progress runs are swept (default 60 s; false: never, tests call sweep()). */
  sweepEveryMs?: number | false;
  /** How long a config file read from a default branch is kept (default AGENT_GATE_CONFIG_TTL_MS, else 60 s; 0: not kept). */
  configTtlMs?: number;
  /** Redeliver failed webhook deliveries on start and every N minutes; default from AGENT_GATE_REDELIVER_MINUTES, false: off. */
  redeliver?: RecoveryOptions | false;
}

/** A run in progress this much longer than the evaluation budget is swept: time for the final write's retries. */
const SWEEP_GRACE_MS = 180_000;

/** The event name and payload are read for the metrics and the verdict's log line when present. */
export type GateContext = Pick<Context, "id" | "octokit" | "log" | "config"> & Partial<Pick<Context, "name" | "payload">>;

/** A comment command waiting for the evaluation it asked for, to be answered after it. */
export interface Ack {
  kind: "approve" | "recheck";
  commentId: number;
}

interface Pending {
  context: GateContext;
  pull: PullRef;
  mode: EvaluationRequest["mode"];
  clicks: ButtonClick[];
  acks: Ack[];
  knownHeadSha?: string;
  becameCurrent?: string;
}

export interface Request {
  mode: EvaluationRequest["mode"];
  click?: ButtonClick;
  ack?: Ack;
  knownHeadSha?: string;
  /** The head an opened/reopened/synchronize event named as the PR's current one. */
  becameCurrent?: string;
}

const DEFAULT_SLUG = "agent-gate";

export class GateApp {
  readonly queue: EvaluationQueue;
  readonly deps: EngineDeps;
  /** Undefined when metrics are off. */
  readonly metrics: Metrics | undefined;
  private readonly metricsServer: Promise<MetricsServer> | undefined;
  private readonly timeoutMs: number;
  private readonly stateKey: string;
  private readonly pool: VerifierHost;
  private readonly ownsPool: boolean;
  private readonly pending = new Map<string, Pending>();
  private readonly heads = new KeyedLock();
  private readonly lastHeads = new RecentHeads();
  private readonly configuredAppId: number | undefined;
  private identityPromise: Promise<AppIdentity> | undefined;
  private probot: Probot | undefined;
  readonly inProgressRuns: InProgressRuns;
  private readonly progressAfterMs: number;
  private readonly writeRetry: RetryPolicy | undefined;
  private readonly sweepEveryMs: number | false;
  private stopSweeping: (() => void) | undefined;
  private readonly configs: ConfigCache;
  private readonly recoveryOptions: RecoveryOptions | undefined;
  /** The failed-delivery sweep, once attached; undefined when off. */
  recovery: DeliveryRecovery | undefined;

  constructor(options: AppOptions = {}) {
    const catalogue = loadCatalogue();
    this.pool = options.pool ?? new VerifierPool();
    this.ownsPool = options.pool === undefined;
    this.deps = { catalogue, verifiers: options.verifiers ?? loadVerifiers(catalogue), runVerifiers: this.pool.run };
    this.timeoutMs = options.timeoutMs ?? Number(process.env.AGENT_GATE_TIMEOUT_MS ?? 120_000);
    this.stateKey = options.stateKey ?? stateKeyFrom(process.env, options.privateKey);
    this.inProgressRuns = options.inProgressRuns ?? new MemoryInProgressRuns();
    this.progressAfterMs = options.progressAfterMs ?? Number(process.env.AGENT_GATE_PROGRESS_AFTER_MS ?? PROGRESS_AFTER_MS);
    this.writeRetry = options.writeRetry;
    this.sweepEveryMs = options.sweepEveryMs ?? 60_000;
    this.configs = new ConfigCache(options.configTtlMs ?? Number(process.env.AGENT_GATE_CONFIG_TTL_MS ?? CONFIG_TTL_MS));
    const envId = Number(process.env.APP_ID);
    this.configuredAppId = options.appId ?? (Number.isInteger(envId) && envId > 0 ? envId : undefined);
    this.queue = new EvaluationQueue({
      concurrency: options.concurrency ?? Number(process.env.AGENT_GATE_CONCURRENCY ?? 4),
      onStart: (_key, waitedMs) => this.metrics?.waited(waitedMs / 1000),
    });
    const served = options.metrics === false ? undefined : (options.metrics ?? metricsOptionsFrom(process.env));
    this.metrics = served ? new Metrics(this.queue) : undefined;
    // A port that cannot be bound rejects unhandled and stops the app: metrics asked for are never silently missing.
    this.metricsServer = this.metrics && served ? serveMetrics(this.metrics, served) : undefined;
    this.recoveryOptions = options.redeliver === false ? undefined : (options.redeliver ?? recoveryOptionsFrom(process.env));
  }

  /** Where GET /metrics answers, once listening; undefined when metrics are off. */
  async metricsUrl(): Promise<string | undefined> {
    return (await this.metricsServer)?.url;
  }

  attach(probot: Probot): void {
    this.probot = probot;
    if (this.sweepEveryMs !== false) this.stopSweeping = startSweeping(this.sweepOptions(probot), this.sweepEveryMs);
    if (this.recoveryOptions && !this.recovery) {
      this.recovery = new DeliveryRecovery(() => probot.auth(), probot.log, this.recoveryOptions);
      this.recovery.start();
    }
  }

  private sweepOptions(probot: Probot): SweepOptions {
    return {
      runs: this.inProgressRuns,
      octokitFor: (installationId) => probot.auth(installationId),
      olderThanMs: this.timeoutMs + SWEEP_GRACE_MS,
      log: probot.log,
    };
  }

  /** Completes this app's runs left in progress past the budget (`olderThanMs` overrides it); how many. */
  sweep(olderThanMs?: number): Promise<number> {
    const options = this.sweepOptions(this.probot!);
    return sweepStaleRuns({ ...options, ...(olderThanMs !== undefined ? { olderThanMs } : {}) });
  }

  /** The authenticated app (id and slug), asked once; a failed answer is asked again next time. */
  identity(): Promise<AppIdentity> {
    this.identityPromise ??= (async () => {
      const octokit: Octokit = await this.probot!.auth();
      return readAppIdentity(octokit);
    })().catch((err: unknown) => {
      this.identityPromise = undefined;
      throw err;
    });
    return this.identityPromise;
  }

  /** This app's id, to ignore other apps' runs; undefined when unknown (then no run is trusted). */
  async appId(): Promise<number | undefined> {
    try {
      return (await this.identity()).id;
    } catch (err) {
      this.probot?.log.warn({ err }, "could not read the app's identity; using APP_ID");
      return this.configuredAppId;
    }
  }

  /** The app's slug (for `@slug` mentions and to recognise its own comments). */
  async slug(): Promise<string> {
    try {
      return (await this.identity()).slug;
    } catch (err) {
      this.probot?.log.warn({ err }, "could not read the app's slug; assuming agent-gate");
      return DEFAULT_SLUG;
    }
  }

  /** Stops the verifier workers the app started (a pool it was given stays open). */
  async close(): Promise<void> {
    this.stopSweeping?.();
    await this.recovery?.stop();
    if (this.metricsServer) await (await this.metricsServer).close();
    if (this.ownsPool) await this.pool.close();
  }

  /** False for a delivery already handled (GitHub redelivers with the same GUID). */
  firstDelivery(context: GateContext): boolean {
    if (this.queue.firstDelivery(context.id)) return true;
    context.log.info({ delivery: context.id }, "redelivered webhook: already handled");
    return false;
  }

  /**
   * Queues an evaluation of one PR. A request for a PR that is already queued merges into it:
   * a scan wins over a re-decision, and every click and command is kept and answered.
   */
  request(context: GateContext, pull: PullRef, req: Request): void {
    const key = `${pull.owner}/${pull.repo}#${pull.number}`;
    const prior = this.pending.get(key);
    const next: Pending = {
      context,
      pull,
      mode: prior?.mode === "scan" || req.mode === "scan" ? "scan" : "decide",
      clicks: [...(prior?.clicks ?? []), ...(req.click ? [req.click] : [])],
      acks: [...(prior?.acks ?? []), ...(req.ack ? [req.ack] : [])],
      ...(req.knownHeadSha ? { knownHeadSha: req.knownHeadSha } : prior?.knownHeadSha ? { knownHeadSha: prior.knownHeadSha } : {}),
      ...(req.becameCurrent ? { becameCurrent: req.becameCurrent } : prior?.becameCurrent ? { becameCurrent: prior.becameCurrent } : {}),
    };
    this.pending.set(key, next);
    this.queue.enqueue(key, async () => {
      const job = this.pending.get(key);
      if (!job) return;
      this.pending.delete(key);
      await this.evaluate(job);
    });
  }

  /**
   * A request about a commit (re-run, Approve click). One evaluation decides every open PR whose
   * head is the commit, so one PR is enough; fork PRs are missing from check payloads, so when the
   * payload names none they are looked up.
   */
  requestForCommit(context: GateContext, owner: string, repo: string, sha: string, numbers: number[], req: Request = { mode: "scan" }): void {
    const withSha = { ...req, knownHeadSha: sha };
    const first = [...numbers].sort((a, b) => a - b)[0];
    if (first !== undefined) {
      this.request(context, { owner, repo, number: first }, withSha);
      return;
    }
    this.queue.enqueue(`${owner}/${repo}@${sha}`, async () => {
      const [number] = await openPullsWithHead(context.octokit, owner, repo, sha);
      if (number === undefined) context.log.warn({ owner, repo, sha }, "re-run requested for a commit with no open pull request");
      else this.request(context, { owner, repo, number }, withSha);
    });
  }

  /** Runs outside the PR's evaluation queue slot (replies that need no evaluation). */
  side(key: string, job: () => Promise<void>): void {
    this.queue.enqueue(key, job);
  }

  private async evaluate(job: Pending): Promise<void> {
    const { context, pull } = job;
    const key = `${pull.owner}/${pull.repo}#${pull.number}`;
    const lastHead = this.lastHeads.get(key);
    const started = performance.now();
    const tally = { requests: 0 };
    const about = { delivery: context.id, installation: installationOf(context), event: eventOf(context) };
    const installationId = about.installation === "none" ? undefined : Number(about.installation);
    const result = await tallyRequests(tally, async () => runGate({
      octokit: context.octokit,
      log: context.log,
      pull,
      loadConfig: () => readConfig(context.octokit, pull.owner, pull.repo, { cache: this.configs }),
      deps: this.deps,
      ...(job.knownHeadSha ? { knownHeadSha: job.knownHeadSha } : {}),
      timeoutMs: this.timeoutMs,
      stateKey: this.stateKey,
      appId: await this.appId(),
      appSlug: await this.slug(),
      lock: (key, work) => this.heads.run(key, work),
      request: { mode: job.mode, clicks: job.clicks, ...(job.becameCurrent ? { becameCurrent: job.becameCurrent } : {}), ...(lastHead ? { lastHead } : {}) },
      logFields: () => ({ ...about, apiRequests: tally.requests, ms: Math.round(performance.now() - started) }),
      progressAfterMs: this.progressAfterMs,
      backlog: () => writesWaiting(about.installation),
      ...(installationId !== undefined ? { tracking: { runs: this.inProgressRuns, installationId } } : {}),
      ...(this.writeRetry ? { writeRetry: this.writeRetry } : {}),
    }));
    this.metrics?.evaluated({
      conclusion: result?.verdict.conclusion ?? "error",
      mode: job.mode,
      event: about.event,
      seconds: (performance.now() - started) / 1000,
      rules: job.mode === "scan" ? (result?.verdict.scan?.findings ?? []).map((f) => f.ruleId) : [],
    });
    if (result) this.lastHeads.set(key, result.verdict.headSha);
    for (const ack of job.acks) {
      try {
        await this.answer(context, pull, ack, result);
      } catch (err) {
        context.log.error({ err, comment: ack.commentId }, "answering a command failed");
      }
    }
  }

  private async answer(context: GateContext, pull: PullRef, ack: Ack, result: GateResult | undefined): Promise<void> {
    const verdict = result?.verdict;
    if (!verdict || verdict.conclusion === "failure") {
      await reply(context, pull, ack.commentId, "confused", `agent-gate could not decide: ${mdMarked(verdict?.error ?? "the pull request could not be read", 2000)}. Try \`/agent-gate recheck\`.`);
      return;
    }
    if (ack.kind === "recheck") {
      await reply(context, pull, ack.commentId, "+1");
      return;
    }
    const approvals = verdict.approvals;
    if (!approvals) {
      await reply(context, pull, ack.commentId, "+1", `Nothing needs approval on ${verdict.headSha.slice(0, 7)}: ${mdText(verdict.title)}.`);
      return;
    }
    const refused = approvals.refused.find((r) => r.commentId === ack.commentId);
    if (refused) {
      await reply(context, pull, ack.commentId, "confused", `@${mdText(refused.login)} your approval was not counted: ${mdMarked(refused.why, 2000)}.`);
      return;
    }
    const accepted = approvals.accepted.some((a) => a.commentId === ack.commentId);
    await reply(context, pull, ack.commentId, accepted ? "+1" : "confused", accepted ? undefined : "This approval could not be found on the pull request any more.");
  }
}

export type Reaction = "+1" | "-1" | "eyes" | "confused";

/** A reaction on the comment and, when there is something to say, a reply on the PR. */
export async function reply(context: GateContext, pull: PullRef, commentId: number, reaction: Reaction, body?: string): Promise<void> {
  await context.octokit.rest.reactions.createForIssueComment({ owner: pull.owner, repo: pull.repo, comment_id: commentId, content: reaction });
  if (body) await context.octokit.rest.issues.createComment({ owner: pull.owner, repo: pull.repo, issue_number: pull.number, body });
}

export function createApp(options: AppOptions = {}): { app: (probot: Probot) => void; gate: GateApp } {
  const gate = new GateApp(options);
  const app = (probot: Probot) => {
    gate.attach(probot);
    guardPayloads(probot);
    const observed = observedProbot(probot, gate.metrics);
    onPullRequest(observed, gate);
    onPullRequestReview(observed, gate);
    onIssueComment(observed, gate);
    onCheckRun(observed, gate);
    onCheckSuite(observed, gate);
  };
  return { app, gate };
}
