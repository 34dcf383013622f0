// Deliveries the app missed (it was down, answered 503, or took longer than GitHub's 10 s) are
// not retried by GitHub. GitHub's documented remedy: list the app's recent deliveries with its
// JWT and redeliver those that failed. This runs on start and every N minutes when enabled; each
// event (GUID) is redelivered at most once, so one the app refuses for good (a malformed payload's
// 400) costs one more attempt, not a loop.
import type { Logger } from "probot";
import type { Octokit } from "./pull-source.js";

/** The fields of GitHub's `hook-delivery-item` the sweep reads. */
export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
}

/** Who may redeliver an event: true exactly once per GUID (across replicas when the store is shared). */
export interface RedeliveryClaims {
  claim(guid: string): Promise<boolean>;
}

/** GitHub redelivers only deliveries of the past 3 days: a claim need not outlive that. */
export const REDELIVERABLE_MS = 3 * 24 * 3_600_000;

export class MemoryRedeliveryClaims implements RedeliveryClaims {
  private readonly claimed = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(guid: string): Promise<boolean> {
    const now = this.now();
    for (const [old, at] of this.claimed) if (now - at > REDELIVERABLE_MS) this.claimed.delete(old);
    if (this.claimed.has(guid)) return false;
    this.claimed.set(guid, now);
    return true;
  }
}

/** GitHub counts 200-399 as delivered; 0 (no answer in time), 4xx and 5xx as failed. */
const delivered = (d: HookDelivery) => d.status_code >= 200 && d.status_code < 400;

/**
 * The latest attempt of each event that no attempt delivered and nobody redelivered yet (a
 * redelivery in the list, ours before a restart or a human's, counts as the one try).
 */
export function failedDeliveries(items: readonly HookDelivery[]): HookDelivery[] {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const item of items) byGuid.set(item.guid, [...(byGuid.get(item.guid) ?? []), item]);
  const failed: HookDelivery[] = [];
  for (const attempts of byGuid.values()) {
    if (attempts.some((a) => delivered(a) || a.redelivery)) continue;
    failed.push(attempts.reduce((a, b) => (b.id > a.id ? b : a)));
  }
  return failed;
}

export interface SweepResult {
  listed: number;
  /** GUIDs asked to be redelivered. */
  redelivered: string[];
}

/** Lists deliveries since `sinceMs` (newest first, stopping at older ones) and redelivers the failed ones. */
export async function sweepDeliveries(octokit: Octokit, sinceMs: number, claims: RedeliveryClaims, log: Logger): Promise<SweepResult> {
  const items: HookDelivery[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.apps.listWebhookDeliveries, { per_page: 100 });
  for await (const { data } of pages) {
    const page = (data as HookDelivery[]).filter((d) => Date.parse(d.delivered_at) >= sinceMs);
    items.push(...page);
    if (page.length < data.length) break;
  }
  const redelivered: string[] = [];
  for (const delivery of failedDeliveries(items)) {
    if (!(await claims.claim(delivery.guid))) continue;
    try {
      await octokit.rest.apps.redeliverWebhookDelivery({ delivery_id: delivery.id });
      redelivered.push(delivery.guid);
    } catch (err) {
      // Claimed and not retried: "at most once" holds even when GitHub refuses (e.g. older than 3 days).
      log.warn({ err, delivery: delivery.guid }, "redelivering a failed webhook delivery was refused");
    }
  }
  return { listed: items.length, redelivered };
}

export interface RecoveryOptions {
  /** Minutes between sweeps after the one on start. */
  everyMinutes: number;
  /** How far back the sweep on start looks (later sweeps look back to the previous one). */
  lookbackMinutes: number;
  /**
   * Wait before the sweep on start (default 5 s): `probot run` loads the app before its server
   * listens, and a redelivery asked for earlier could find nobody there.
   */
  firstDelayMs?: number;
  /** Shared claims across replicas (e.g. Redis SET NX with a 3-day TTL); in memory by default. */
  claims?: RedeliveryClaims;
  /**
   * False while the app cannot take work (its queue's store is unreachable): a redelivery then
   * would fail again and use up its one try, so the sweep waits for the next turn.
   */
  ready?: () => boolean | Promise<boolean>;
}

/** From AGENT_GATE_REDELIVER_MINUTES (unset or 0: off) and AGENT_GATE_REDELIVER_LOOKBACK_MINUTES (default 360). */
export function recoveryOptionsFrom(env: NodeJS.ProcessEnv): RecoveryOptions | undefined {
  const every = Number(env.AGENT_GATE_REDELIVER_MINUTES ?? 0);
  if (!Number.isFinite(every) || every <= 0) return undefined;
  const lookback = Number(env.AGENT_GATE_REDELIVER_LOOKBACK_MINUTES ?? 360);
  return { everyMinutes: every, lookbackMinutes: Number.isFinite(lookback) && lookback > 0 ? lookback : 360 };
}

/** A delivery still in flight when a sweep lists is recorded later with an earlier time: look back past it. */
const OVERLAP_MS = 60_000;

export class DeliveryRecovery {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult | undefined> | undefined;
  private sinceMs: number;
  private readonly claims: RedeliveryClaims;

  constructor(
    private readonly auth: () => Promise<Octokit>,
    private readonly log: Logger,
    private readonly options: RecoveryOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.sinceMs = now() - options.lookbackMinutes * 60_000;
    this.claims = options.claims ?? new MemoryRedeliveryClaims(now);
  }

  /** Sweeps once started and then every `everyMinutes`; the timers do not keep the process alive. */
  start(): void {
    if (this.timer) return;
    const every = () => {
      void this.sweep();
      this.timer = setInterval(() => void this.sweep(), this.options.everyMinutes * 60_000);
      this.timer.unref();
    };
    this.timer = setTimeout(every, this.options.firstDelayMs ?? 5_000);
    this.timer.unref();
  }

  /** One sweep (joins the one running); undefined when the app was not ready or listing failed (the next sweep covers the same window). */
  sweep(): Promise<SweepResult | undefined> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    // Node's clearTimeout also clears an interval: the timer is either.
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async sweepOnce(): Promise<SweepResult | undefined> {
    const started = this.now();
    try {
      if (this.options.ready && !(await this.options.ready())) {
        this.log.info("delivery recovery skipped: the app is not ready to take work");
        return undefined;
      }
      const result = await sweepDeliveries(await this.auth(), this.sinceMs, this.claims, this.log);
      this.sinceMs = started - OVERLAP_MS;
      this.log.info({ listed: result.listed, redelivered: result.redelivered.slice(0, 50) }, `delivery recovery: ${result.redelivered.length} failed deliveries redelivered`);
      return result;
    } catch (err) {
      this.log.warn({ err }, "delivery recovery failed; the next sweep covers the same deliveries");
      return undefined;
    }
  }
}
