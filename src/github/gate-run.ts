// One evaluation of one pull request on GitHub: config, scan (or the stored one), approvals,
// verdict, check run. Every error ends in a `failure` check with a Re-run button.
import { collectApprovals } from "../engine/approve.js";
import { ConfigError, parseConfig, type GateConfig } from "../engine/config.js";
import { CHECK_NAME } from "../engine/render.js";
import { scanPull, type EngineDeps, type Scan } from "../engine/scan.js";
import { decodeState, encodeState, type ButtonClick, type GateState } from "../engine/state-block.js";
import type { PullMeta } from "../engine/types.js";
import { blockingFindings, decide, failed, type AcceptedApproval, type ApprovalOutcome, type Verdict } from "../engine/verdict.js";
import { CheckRunWriter } from "./check-run.js";
import { OctokitPullSource, type Octokit, type PullRef } from "./pull-source.js";

export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EvaluationRequest {
  /** "scan" reads the code again; "decide" reuses the findings stored in the head's run. */
  mode: "scan" | "decide";
  /** Approve-button clicks to record. */
  clicks: ButtonClick[];
}

export interface GateRunOptions {
  octokit: Octokit;
  log: Log;
  pull: PullRef;
  /** Reads .github/agent-gate.yml from the default branch (null when absent). */
  loadConfig: () => Promise<unknown>;
  deps: EngineDeps;
  /** The head the event named, used when the PR itself cannot be read. */
  knownHeadSha?: string;
  timeoutMs: number;
  /** Signs the state block so that only this app's runs are trusted. */
  stateKey: string;
  appSlug: string;
  request: EvaluationRequest;
}

export interface GateResult {
  verdict: Verdict;
  config?: GateConfig;
}

export function describeError(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  const e = err as { status?: number; message?: string; request?: { method?: string; url?: string } };
  if (typeof e.status === "number") {
    const where = e.request?.method && e.request.url ? ` on ${e.request.method} ${new URL(e.request.url).pathname}` : "";
    return `GitHub answered ${e.status}${where}: ${e.message ?? "no message"}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Past `ms` the work's signal aborts, which terminates its verifier workers, and this rejects. */
function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`the evaluation took longer than ${Math.round(ms / 1000)} s and was stopped`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  return Promise.race([work(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

interface StoredRun {
  id: number;
  startedAt?: string;
  state?: GateState;
}

/** This app's agent-gate runs on a commit, newest first, with their state blocks. */
async function storedRuns(o: GateRunOptions, sha: string): Promise<StoredRun[]> {
  // filter "all": by default GitHub returns only the newest run, which may be a failure without state.
  const { data } = await o.octokit.rest.checks.listForRef({ owner: o.pull.owner, repo: o.pull.repo, ref: sha, check_name: CHECK_NAME, filter: "all", per_page: 100 });
  return data.check_runs.map((r) => {
    const state = decodeState(r.output?.text, o.stateKey);
    return { id: r.id, ...(r.started_at ? { startedAt: r.started_at } : {}), ...(state && state.headSha === sha ? { state } : {}) };
  });
}

const CARRY_LOOKBACK = 10;

/** Approvals on the nearest earlier head that had any, for keep_approval_when_findings_unchanged. */
async function earlierApprovals(o: GateRunOptions, shas: string[]): Promise<{ sha: string; accepted: AcceptedApproval[] } | undefined> {
  for (const sha of shas.slice(-CARRY_LOOKBACK).reverse()) {
    const state = (await storedRuns(o, sha)).find((r) => r.state)?.state;
    if (state && state.accepted.length > 0) return { sha, accepted: state.accepted };
  }
  return undefined;
}

function needsApproval(scan: Scan): boolean {
  return scan.enabled && scan.gated && (blockingFindings(scan).length > 0 || scan.incomplete.length > 0);
}

async function approvalsFor(o: GateRunOptions, source: OctokitPullSource, pull: PullMeta, scan: Scan, config: GateConfig, buttons: ButtonClick[], headSeenAt: string): Promise<ApprovalOutcome> {
  const commits = await source.commits();
  const earlier = config.approvals.keep_approval_when_findings_unchanged
    ? await earlierApprovals(o, commits.map((c) => c.sha).filter((s) => s !== pull.headSha))
    : undefined;
  return collectApprovals(
    {
      pull,
      commits,
      reviews: await source.reviews(),
      comments: await source.comments(),
      buttons,
      headSeenAt,
      blocking: blockingFindings(scan).map((f) => f.fingerprint),
      ...(earlier ? { earlier } : {}),
      appSlug: o.appSlug,
    },
    config,
    o.deps.catalogue.agents,
    source,
  );
}

export async function runGate(o: GateRunOptions): Promise<GateResult | undefined> {
  const { owner, repo, number } = o.pull;
  const source = new OctokitPullSource(o.octokit, o.pull);
  const writer = new CheckRunWriter(o.octokit, owner, repo);
  let headSha = o.knownHeadSha;
  let runId: number | undefined;
  let reused = false;
  let verdict: Verdict;
  let state: GateState | undefined;
  let config: GateConfig | undefined;
  try {
    const pull = await source.pull();
    headSha = pull.headSha;
    const runs = await storedRuns(o, headSha);
    const previous = runs.find((r) => r.state);
    const starts = runs.flatMap((r) => (r.startedAt ? [r.startedAt] : [])).sort();
    const headSeenAt = previous?.state?.headSeenAt ?? starts[0] ?? new Date().toISOString();
    reused = o.request.mode === "decide" && previous !== undefined;
    // GitHub shows the newest run of a name: re-decide in place only when the stored run is it.
    const inPlace = reused && runs[0]?.id === previous!.id;
    runId = inPlace ? previous!.id : reused ? undefined : await writer.start(headSha);
    config = parseConfig(await o.loadConfig(), o.deps.catalogue);
    const scan = reused ? previous!.state!.scan : await withTimeout((signal) => scanPull(source, config!, o.deps, signal), o.timeoutMs);
    const buttons = [...(previous?.state?.buttons ?? []), ...o.request.clicks];
    const approvals = needsApproval(scan) ? await approvalsFor(o, source, pull, scan, config, buttons, headSeenAt) : undefined;
    verdict = decide(scan, approvals);
    state = { v: 1, headSha, headSeenAt, scan, buttons, accepted: approvals?.accepted ?? [] };
  } catch (err) {
    o.log.error({ err, owner, repo, number }, "agent-gate evaluation failed");
    if (!headSha) return undefined;
    verdict = failed(headSha, describeError(err));
    state = undefined;
    // Never overwrite a stored run's state with a failure: write a new run on the same head.
    if (reused) runId = undefined;
    reused = false;
  }
  const block = state ? encodeState(state, o.stateKey) : undefined;
  try {
    await writer.complete(verdict, runId, { text: block, annotations: runId === undefined || !reused });
  } catch (err) {
    o.log.error({ err, owner, repo, number }, "writing the agent-gate check run failed");
    // One last try with a plain failure: a run left in progress would block without a reason.
    if (verdict.conclusion !== "failure") {
      await writer.complete(failed(verdict.headSha, `writing the verdict failed: ${describeError(err)}`), runId, { annotations: false });
    }
    return { verdict, ...(config ? { config } : {}) };
  }
  o.log.info(
    { owner, repo, number, headSha: verdict.headSha, mode: reused ? "decide" : "scan", conclusion: verdict.conclusion, findings: verdict.scan?.findings.length ?? 0, approvals: verdict.approvals?.accepted.length ?? 0 },
    "agent-gate verdict",
  );
  return { verdict, ...(config ? { config } : {}) };
}
