// Wires the webhook handlers to the work queue. Handlers only queue plain-JSON work and return,
// awaiting no GitHub call, so GitHub gets its 2xx at once; the work runs after, one evaluation per PR at a time.
import type { ApplicationFunctionOptions, Context, Probot, ProbotOctokit } from "probot";
import { loadCatalogue } from "./engine/catalogue.js";
import { VerifierPool, type VerifierHost } from "./engine/pool.js";
import type { EngineDeps } from "./engine/scan.js";
import { readAppIdentity, type AppIdentity } from "./github/app-identity.js";
import { readConfig } from "./github/config.js";
import { runGate } from "./github/gate-run.js";
import type { Octokit } from "./github/pull-source.js";
import { CONFIG_TTL_MS, ConfigCache } from "./github/config-cache.js";
import { PROGRESS_AFTER_MS } from "./github/deferred-start.js";
import { MemoryInProgressRuns, type InProgressRuns } from "./github/in-progress-runs.js";
import type { RetryPolicy } from "./github/retry-policy.js";
import { startSweeping, sweepStaleRuns, type SweepOptions } from "./github/stale-runs.js";
import { onCheckRun } from "./handlers/check-run.js";
import { onCheckSuite } from "./handlers/check-suite.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest } from "./handlers/pull-request.js";
import { onPullRequestReview } from "./handlers/pull-request-review.js";
import { eventOf, instrumentOctokit, observedProbot, tallyRequests } from "./github/instrument.js";
import { guardPayloads } from "./github/webhook-guard.js";
import { DeliveryRecovery, recoveryOptionsFrom, type RecoveryOptions, type RedeliveryClaims } from "./github/delivery-recovery.js";
import { writesWaiting } from "./github/write-backlog.js";
import { KeyedLock } from "./keyed-lock.js";
import { Metrics, metricsOptionsFrom, serveMetrics, type MetricsOptions, type MetricsServer } from "./metrics.js";
import { readinessHandler } from "./readiness.js";
import { RecentHeads } from "./recent-heads.js";
import { MemoryWorkQueue } from "./queue/memory.js";
import { pullKey, salvage, type EvaluationItem, type WorkItem } from "./queue/work-item.js";
import { QueueUnavailable, type WorkQueue } from "./queue/work-queue.js";
import { stateKeyFrom } from "./secrets.js";
import { loadVerifiers } from "./verifiers/registry.js";
import type { Verifier } from "./verifiers/types.js";
import { answerFor } from "./workers/answer.js";
import { handleComment, replyTo } from "./workers/comment.js";
import { handleCommit } from "./workers/commit.js";
import type { WorkEnv } from "./workers/env.js";
import { sendReply } from "./workers/reply.js";

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
  /** Where webhooks queue their work: the embedded in-process queue unless given (the Redis one with REDIS_URL). */
  queue?: WorkQueue;
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
  /** Who already asked GitHub to redeliver an event (shared on Redis by the replicas); in memory by default. */
  redeliveryClaims?: RedeliveryClaims;
}

/** A run in progress this much longer than the evaluation budget is swept: time for the final write's retries. */
const SWEEP_GRACE_MS = 180_000;

/** The fields every work item gets from its delivery; a handler gives the rest. */
type Origin = "installationId" | "deliveries" | "event";
type WithoutOrigin<T> = T extends unknown ? Omit<T, Origin> : never;
export type Submission = WithoutOrigin<WorkItem>;

const DEFAULT_SLUG = "agent-gate";

export class GateApp {
  readonly queue: WorkQueue;
  readonly deps: EngineDeps;
  /** Undefined when metrics are off. */
  readonly metrics: Metrics | undefined;
  private readonly metricsServer: Promise<MetricsServer> | undefined;
  private readonly timeoutMs: number;
  private readonly stateKey: string;
  private readonly pool: VerifierHost;
  private readonly ownsPool: boolean;
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
    this.queue = options.queue ?? new MemoryWorkQueue({
      concurrency: options.concurrency ?? Number(process.env.AGENT_GATE_CONCURRENCY ?? 4),
      onStart: (_key, waitedMs) => this.metrics?.waited(waitedMs / 1000),
    });
    this.queue.start(async (item) => {
      try {
        await this.process(item);
      } catch (err) {
        this.probot?.log.error({ err, kind: item.kind, deliveries: item.deliveries }, "queued work failed");
        throw err;
      }
    }, (data, error) => void this.unreadable(data, error));
    const served = options.metrics === false ? undefined : (options.metrics ?? metricsOptionsFrom(process.env));
    this.metrics = served ? new Metrics(this.queue) : undefined;
    // A port that cannot be bound rejects unhandled and stops the app: metrics asked for are never silently missing.
    this.metricsServer = this.metrics && served ? serveMetrics(this.metrics, served) : undefined;
    const recovery = options.redeliver === false ? undefined : (options.redeliver ?? recoveryOptionsFrom(process.env));
    // No redelivery is spent while this replica would answer it 503.
    this.recoveryOptions = recovery && { ready: () => this.ready(), ...(options.redeliveryClaims ? { claims: options.redeliveryClaims } : {}), ...recovery };
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
    await this.queue.close();
    if (this.ownsPool) await this.pool.close();
  }

  /** False while webhooks cannot be taken (the queue's store is unreachable). */
  ready(): boolean {
    return this.queue.ready();
  }

  /**
   * What a handler does with a delivery: queues its work and returns, awaiting no GitHub call. A
   * redelivery of work already taken is dropped; when the queue cannot take it the delivery is
   * answered 503 and stays redeliverable.
   */
  async accept(context: Pick<Context, "id" | "name" | "payload" | "log">, submission: Submission): Promise<void> {
    const installationId = (context.payload as { installation?: { id?: unknown } }).installation?.id;
    if (typeof installationId !== "number") {
      context.log.warn({ delivery: context.id }, "delivery without an installation ignored");
      return;
    }
    if (!this.queue.ready()) throw new QueueUnavailable("not connected");
    const item = { ...submission, installationId, deliveries: [context.id], event: eventOf(context) } as WorkItem;
    try {
      if (!(await this.queue.deliveries.claim(context.id))) {
        context.log.info({ delivery: context.id }, "redelivered webhook: already handled");
        return;
      }
      await this.queue.submit(item);
      await this.queue.deliveries.keep(context.id);
    } catch (err) {
      await this.queue.deliveries.release([context.id]).catch(() => undefined);
      throw err instanceof QueueUnavailable ? err : new QueueUnavailable(err);
    }
  }

  /** A queued job that cannot be read is dropped: logged, and a failure run on its PR when it names one. */
  private async unreadable(data: unknown, error: string): Promise<void> {
    const where = salvage(data);
    this.probot?.log.error({ error, ...where }, "a queued job could not be read and was dropped");
    if (!where || !this.probot) return;
    try {
      const octokit = (await this.probot.auth(where.installationId)) as Octokit;
      const why = new Error(`a queued request could not be read (${error}); re-run to evaluate again`);
      await runGate({
        octokit,
        log: this.probot.log,
        pull: where.pull,
        loadConfig: () => Promise.reject(why),
        deps: this.deps,
        timeoutMs: this.timeoutMs,
        stateKey: this.stateKey,
        appId: await this.appId(),
        appSlug: await this.slug(),
        request: { mode: "scan", clicks: [] },
      });
    } catch (err) {
      this.probot.log.error({ err, ...where }, "reporting an unreadable job failed");
    }
  }

  /** Carries out one queued item with the installation's own Octokit. */
  async process(item: WorkItem): Promise<void> {
    const probot = this.probot;
    if (!probot) throw new Error("the app is not attached to Probot");
    const octokit = (await probot.auth(item.installationId)) as Octokit & ProbotOctokit;
    instrumentOctokit(octokit, String(item.installationId), this.metrics);
    const log = probot.log.child({ delivery: item.deliveries[0], installation: item.installationId });
    const env: WorkEnv = {
      octokit,
      log,
      catalogue: this.deps.catalogue,
      slug: () => this.slug(),
      appId: () => this.appId(),
      submit: (next) => this.queue.submit(next),
    };
    switch (item.kind) {
      case "evaluate":
        return this.evaluate(env, item);
      case "comment":
        return handleComment(env, item);
      case "commit":
        return handleCommit(env, item);
      case "reply":
        return sendReply(octokit, item);
    }
  }

  private async evaluate(env: WorkEnv, job: EvaluationItem): Promise<void> {
    const { octokit, log } = env;
    const { pull } = job;
    const key = pullKey(pull);
    const lastHead = this.lastHeads.get(key);
    const started = performance.now();
    const tally = { requests: 0 };
    const about = { delivery: job.deliveries[0], installation: String(job.installationId), event: job.event };
    const installationId = job.installationId;
    const result = await tallyRequests(tally, async () => runGate({
      octokit,
      log,
      pull,
      loadConfig: () => readConfig(octokit, pull.owner, pull.repo, { cache: this.configs }),
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
      decided: this.queue.decidedRuns,
    }));
    this.metrics?.evaluated({
      conclusion: result?.verdict.conclusion ?? "error",
      mode: job.mode,
      event: about.event,
      seconds: (performance.now() - started) / 1000,
      rules: job.mode === "scan" ? (result?.verdict.scan?.findings ?? []).map((f) => f.ruleId) : [],
    });
    if (result) this.lastHeads.set(key, result.verdict.headSha);
    // A delivery that ended without a verdict on GitHub may be redelivered and run again.
    if (!result || !result.written || result.verdict.conclusion === "failure") await this.queue.deliveries.release(job.deliveries);
    for (const ack of job.acks) {
      const { reaction, body } = answerFor(ack, result);
      await env.submit(replyTo(job, ack.commentId, reaction, body));
    }
  }
}

/** GET /readyz on Probot's server; a Probot without one (loaded by hand) has no HTTP side to add it to. */
function serveReadiness(gate: GateApp, fn: Partial<ApplicationFunctionOptions> | undefined): void {
  try {
    fn?.addHandler?.(readinessHandler(() => gate.ready()));
  } catch (err) {
    if (!(err instanceof Error && err.message === "No server instance")) throw err;
  }
}

export function createApp(options: AppOptions = {}): { app: (probot: Probot, fn?: Partial<ApplicationFunctionOptions>) => void; gate: GateApp } {
  const gate = new GateApp(options);
  const app = (probot: Probot, fn?: Partial<ApplicationFunctionOptions>) => {
    gate.attach(probot);
    serveReadiness(gate, fn);
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
