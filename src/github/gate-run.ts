// One evaluation of one pull request on GitHub: config, scan (or the stored one), approvals,
// verdict, check run. The run belongs to the head commit, so every open PR with that head is
// decided too and the run carries the strictest verdict. Only this app's runs are read, and a
// PR's stored state only where it is bound to that PR, base and head. Every error ends in a
// `failure` check with a Re-run button.
import { collectApprovals } from "../engine/approve.js";
import { ConfigError, parseConfig, type GateConfig } from "../engine/config.js";
import { CHECK_NAME } from "../engine/render.js";
import { scanPull, type EngineDeps, type Scan } from "../engine/scan.js";
import { strictest } from "../engine/shared-verdict.js";
import { decodeStates, encodeState, MAX_BLOCK, sameBinding, type ButtonClick, type GateState, type StateBinding } from "../engine/state-block.js";
import type { PullMeta } from "../engine/types.js";
import { blockingFindings, decide, failed, type AcceptedApproval, type ApprovalOutcome, type Verdict } from "../engine/verdict.js";
import { ownRun } from "./app-identity.js";
import { CheckRunWriter } from "./check-run.js";
import type { DecidedRun, DecidedRuns } from "./decided-runs.js";
import { DeferredStart, PROGRESS_AFTER_MS, type Backlog, type Tracking } from "./deferred-start.js";
import { FINAL_WRITE_RETRY, isTransient, retryDelayMs, sleep, type RetryPolicy } from "./retry-policy.js";
import type { LoadedConfig } from "./config.js";
import { OctokitPullSource, type Octokit, type PullRef } from "./pull-source.js";
import { MAX_SHARED_PULLS, openPullsWithHead } from "./shared-head.js";

export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EvaluationRequest {
  /** "scan" reads the code again; "decide" reuses the findings stored in the head's run. */
  mode: "scan" | "decide";
  /** Approve-button clicks to record; a click on a commit's run counts for each PR on that commit. */
  clicks: ButtonClick[];
  /** Set by pull_request.opened/reopened/synchronize (the head they named): the current head's time is recorded anew. */
  becameCurrent?: string;
  /** The head this process last decided for the PR: another current head means the branch moved since. */
  lastHead?: string;
}

export interface GateRunOptions {
  octokit: Octokit;
  log: Log;
  pull: PullRef;
  /** Reads .github/agent-gate.yml from the default branch (raw null when absent), with where it came from. */
  loadConfig: () => Promise<LoadedConfig>;
  deps: EngineDeps;
  /** The head the event named, used when the PR itself cannot be read. */
  knownHeadSha?: string;
  timeoutMs: number;
  /** Signs the state blocks (a dedicated key, never the webhook secret). */
  stateKey: string;
  /** This app's id: runs of any other app are ignored (undefined: none is trusted). */
  appId: number | undefined;
  appSlug: string;
  /** Serialises evaluations of one head commit (PRs sharing it take turns). */
  lock?: <T>(key: string, work: () => Promise<T>) => Promise<T>;
  request: EvaluationRequest;
  /** Fields the caller adds to the verdict's log line (delivery, installation, requests, ms). */
  logFields?: () => Record<string, unknown>;
  /** Write the run `in_progress` only once the evaluation has run this long (default PROGRESS_AFTER_MS; 0: at once). */
  progressAfterMs?: number;
  /** Where runs written in progress are recorded until completed, for the sweep. */
  tracking?: Tracking;
  /** The installation's writes waiting: the in-progress write is not added to a backlog. */
  backlog?: Backlog;
  /** How the final write is retried (default FINAL_WRITE_RETRY). */
  writeRetry?: RetryPolicy;
  /** The run last completed on each head: a head evaluated again updates it rather than adding a run. */
  decided?: DecidedRuns;
}

export interface GateResult {
  verdict: Verdict;
  config?: GateConfig;
  /** False when no try of the final write landed: nothing on GitHub shows this verdict. */
  written: boolean;
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
  /** The state blocks this app signed in the run, for this repository and head. */
  states: GateState[];
}

/** This app's agent-gate runs on a commit, newest first. Other apps' runs of the same name are never read. */
async function storedRuns(o: GateRunOptions, sha: string): Promise<StoredRun[]> {
  // filter "all": by default GitHub returns only the newest run, which may be a failure without state.
  const { data } = await o.octokit.rest.checks.listForRef({ owner: o.pull.owner, repo: o.pull.repo, ref: sha, check_name: CHECK_NAME, filter: "all", per_page: 100 });
  return data.check_runs
    .filter((r) => ownRun(r, o.appId))
    .map((r) => ({ id: r.id, states: decodeStates(r.output?.text, o.stateKey).filter((s) => s.headSha === sha) }));
}

/** The newest state this app recorded for exactly this PR, base and head. */
function previousFor(runs: StoredRun[], binding: StateBinding): { runId: number; state: GateState } | undefined {
  for (const run of runs) {
    const state = run.states.find((s) => sameBinding(s, binding));
    if (state) return { runId: run.id, state };
  }
  return undefined;
}

const CARRY_LOOKBACK = 10;

/** Approvals on the nearest earlier head of the same PR that had any, for keep_approval_when_findings_unchanged. */
async function earlierApprovals(o: GateRunOptions, pull: PullMeta, shas: string[]): Promise<{ sha: string; accepted: AcceptedApproval[] } | undefined> {
  for (const sha of shas.slice(-CARRY_LOOKBACK).reverse()) {
    // Any base: the base moves under a PR, and what carries over is bound to findings, not to the base.
    const state = (await storedRuns(o, sha)).flatMap((r) => r.states).find((s) => s.number === pull.number && sameRepo(s, pull));
    if (state && state.accepted.length > 0) return { sha, accepted: state.accepted };
  }
  return undefined;
}

function sameRepo(a: { owner: string; repo: string }, b: { owner: string; repo: string }): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}

export function needsApproval(scan: Scan): boolean {
  return scan.enabled && scan.gated && (blockingFindings(scan).length > 0 || scan.incomplete.length > 0);
}

async function approvalsFor(o: GateRunOptions, source: OctokitPullSource, pull: PullMeta, scan: Scan, config: GateConfig, buttons: ButtonClick[], headSeenAt: string): Promise<ApprovalOutcome> {
  const commits = await source.commits();
  const earlier = config.approvals.keep_approval_when_findings_unchanged
    ? await earlierApprovals(o, pull, commits.map((c) => c.sha).filter((s) => s !== pull.headSha))
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
      incomplete: scan.incomplete,
      ...(earlier ? { earlier } : {}),
      appSlug: o.appSlug,
    },
    config,
    o.deps.catalogue.agents,
    source,
  );
}

/** One open PR on the head being decided: its metadata, source and the state last stored for it. */
interface Plan {
  meta: PullMeta;
  source: OctokitPullSource;
  previous: { runId: number; state: GateState } | undefined;
  /** Decide from the stored scan instead of reading the code again. */
  reuse: boolean;
  /** Set when `previous` was not looked up: reads it, should the PR turn out to need approval. */
  lookup?: () => Promise<{ runId: number; state: GateState } | undefined>;
}

const bindingOf = (p: PullMeta): StateBinding => ({ owner: p.owner, repo: p.repo, number: p.number, baseSha: p.baseSha, headSha: p.headSha });

/**
 * The triggering PR and every other open PR whose head is the same commit, forks included. The
 * head's stored runs are read only when something may reuse or need them: a PR alone on its head
 * and scanned anew needs its stored state (earlier clicks, when its head was seen) only if it
 * needs approval, so most evaluations skip that read.
 */
async function plansFor(o: GateRunOptions, source: OctokitPullSource, pull: PullMeta, runs: () => Promise<StoredRun[]>): Promise<Plan[]> {
  const { owner, repo } = o.pull;
  const open = await openPullsWithHead(o.octokit, owner, repo, pull.headSha);
  // A closed PR does not hold back the open ones on its head; alone, it is decided as before.
  const numbers = open.length === 0 ? [pull.number] : open.includes(pull.number) ? [pull.number, ...open.filter((n) => n !== pull.number)] : open;
  if (numbers.length > MAX_SHARED_PULLS) {
    throw new Error(`${numbers.length} open pull requests share the head ${pull.headSha.slice(0, 7)}; agent-gate decides at most ${MAX_SHARED_PULLS} per commit`);
  }
  const plans: Plan[] = [];
  for (const number of numbers) {
    const src = number === pull.number ? source : new OctokitPullSource(o.octokit, { owner, repo, number });
    const meta = number === pull.number ? pull : await src.pull();
    // Pushed to since it was listed: that PR is decided on its new head by its own event.
    if (meta.headSha !== pull.headSha) continue;
    if (numbers.length === 1 && number === pull.number && o.request.mode === "scan") {
      plans.push({ meta, source: src, previous: undefined, reuse: false, lookup: async () => previousFor(await runs(), bindingOf(meta)) });
      continue;
    }
    const previous = previousFor(await runs(), bindingOf(meta));
    // Another PR's stored scan is reused whenever one exists for its own base; the triggering
    // PR's only when the event asked for a re-decision.
    const reuse = previous !== undefined && (number !== pull.number || o.request.mode === "decide");
    plans.push({ meta, source: src, previous, reuse });
  }
  return plans;
}

async function decidePull(o: GateRunOptions, plan: Plan, config: GateConfig, now: string): Promise<{ verdict: Verdict; state: GateState }> {
  const { meta } = plan;
  const scan = plan.reuse ? plan.previous!.state.scan : await withTimeout((signal) => scanPull(plan.source, config, o.deps, signal), o.timeoutMs);
  const needed = needsApproval(scan);
  // Not looked up for a PR that needs no approval: its state then starts afresh (no earlier clicks, seen now), which only ever asks more.
  const previous = plan.previous ?? (needed && plan.lookup ? await plan.lookup() : undefined);
  // The time this app recorded the head as current for this PR and base, re-recorded on every
  // event that moved the PR's head (so pushing back to an older head revives nothing). An event
  // naming another head than the current one means the head moved again since: re-recorded too,
  // as is a head other than the one this process last decided (its synchronize not handled yet).
  const moved = o.request.becameCurrent !== undefined || (o.request.lastHead !== undefined && o.request.lastHead !== meta.headSha);
  const renewed = moved && meta.number === o.pull.number;
  const headSeenAt = previous && !renewed ? previous.state.headSeenAt : now;
  // A click approves what the run showed: it is kept only for the PRs that needed approval then.
  const buttons = [...(previous?.state.buttons ?? []), ...(needed ? o.request.clicks : [])];
  const approvals = needed ? await approvalsFor(o, plan.source, meta, scan, config, buttons, headSeenAt) : undefined;
  return {
    verdict: decide(scan, approvals),
    state: { v: 2, ...bindingOf(meta), headSeenAt, scan, buttons, accepted: approvals?.accepted ?? [] },
  };
}

/** The state blocks that fit in output.text, the triggering PR's first; a PR left out is scanned again next time. */
function stateBlocks(states: GateState[], key: string): string {
  const blocks: string[] = [];
  let size = 0;
  for (const state of states) {
    const block = encodeState(state, key);
    if (block === undefined || size + block.length > MAX_BLOCK) continue;
    blocks.push(block);
    size += block.length + 1;
  }
  return blocks.join("\n");
}

export async function runGate(o: GateRunOptions): Promise<GateResult | undefined> {
  const { owner, repo, number } = o.pull;
  const source = new OctokitPullSource(o.octokit, o.pull);
  let pull: PullMeta;
  try {
    pull = await source.pull();
  } catch (err) {
    o.log.error({ err, owner, repo, number }, "agent-gate evaluation failed");
    if (!o.knownHeadSha) return undefined;
    return write(o, failed(o.knownHeadSha, describeError(err)), undefined, { reused: false, tracked: false, prior: await priorRun(o, o.knownHeadSha) });
  }
  const lock = o.lock ?? (<T>(_key: string, work: () => Promise<T>) => work());
  return lock(`${owner}/${repo}@${pull.headSha}`, () => decideHead(o, source, pull));
}

async function decideHead(o: GateRunOptions, source: OctokitPullSource, pull: PullMeta): Promise<GateResult> {
  const { owner, repo, number } = o.pull;
  const writer = new CheckRunWriter(o.octokit, owner, repo);
  const now = new Date().toISOString();
  let runId: number | undefined;
  let prior: DecidedRun | undefined;
  let deferred: DeferredStart | undefined;
  let reused = false;
  let verdict: Verdict;
  let text: string | undefined;
  let config: GateConfig | undefined;
  try {
    let stored: Promise<StoredRun[]> | undefined;
    const runs = () => (stored ??= storedRuns(o, pull.headSha));
    const plans = await plansFor(o, source, pull, runs);
    reused = plans.every((p) => p.reuse);
    // GitHub shows the newest run of a name: re-decide in place only when the newest run holds every stored state.
    const newest = reused ? (await runs())[0] : undefined;
    const inPlace = newest !== undefined && plans.every((p) => p.previous!.runId === newest.id);
    runId = inPlace ? newest.id : undefined;
    prior = runId === undefined ? await priorRun(o, pull.headSha) : undefined;
    // A head that already shows a verdict keeps showing it until the new one replaces it: no in-progress write.
    if (!reused && !prior) deferred = new DeferredStart(writer, { owner, repo, headSha: pull.headSha }, o.progressAfterMs ?? PROGRESS_AFTER_MS, o.tracking, o.log, o.backlog);
    const loaded = await o.loadConfig();
    const first = loaded.files[0];
    config = parseConfig(loaded.raw, o.deps.catalogue, ...(first ? [`${first.repo}:${first.path}`] : []));
    const decided: { number: number; verdict: Verdict; state: GateState }[] = [];
    for (const plan of plans) decided.push({ number: plan.meta.number, ...(await decidePull(o, plan, config, now)) });
    verdict = { ...strictest(decided, number), configFrom: loaded.files };
    text = stateBlocks(decided.map((d) => d.state), o.stateKey);
  } catch (err) {
    o.log.error({ err, owner, repo, number }, "agent-gate evaluation failed");
    verdict = failed(pull.headSha, describeError(err));
    text = undefined;
    // Never overwrite a stored run's state with a failure: write a new run on the same head.
    if (reused) runId = undefined;
    reused = false;
  }
  const started = await deferred?.settle();
  if (started !== undefined) runId = started;
  return write(o, verdict, runId, { reused, tracked: started !== undefined, text, prior, ...(config ? { config } : {}) });
}

/** The head's last completed run, if this app remembers one (a store it cannot read remembers none). */
async function priorRun(o: GateRunOptions, headSha: string): Promise<DecidedRun | undefined> {
  return o.decided?.get(o.pull.owner, o.pull.repo, headSha).catch((err: unknown) => {
    o.log.warn({ err, headSha }, "reading the head's last run failed; the verdict goes to a new run");
    return undefined;
  });
}

interface WriteOptions {
  reused: boolean;
  /** The run was written in progress and recorded in o.tracking. */
  tracked: boolean;
  text?: string | undefined;
  config?: GateConfig;
  /** The head's last completed run; a failure replaces it only when it is a failure too (its state is kept). */
  prior?: DecidedRun | undefined;
}

/**
 * Writes the verdict, whatever it is, retrying with back-off: the same verdict after a rate limit
 * or a server error, a plain failure after any other refusal. A run left in progress would block
 * without a reason; if every try fails the sweep completes it.
 */
async function write(o: GateRunOptions, verdict: Verdict, runId: number | undefined, r: WriteOptions): Promise<GateResult> {
  const { owner, repo, number } = o.pull;
  const writer = new CheckRunWriter(o.octokit, owner, repo);
  const result = { verdict, written: true, ...(r.config ? { config: r.config } : {}) };
  const policy = o.writeRetry ?? FINAL_WRITE_RETRY;
  let current = verdict;
  let opts = { text: r.text || undefined, annotations: runId === undefined || !r.reused };
  for (let attempt = 0; writer.completedRunId === undefined; attempt++) {
    try {
      await writer.complete(current, runId, { ...opts, prior: current.scan || r.prior?.failed ? r.prior : undefined });
    } catch (err) {
      const done = writer.completedRunId !== undefined;
      o.log.error({ err, owner, repo, number, attempt, verdictWritten: done }, "writing the agent-gate check run failed");
      // Written, with some annotations missing: the summary still lists every finding.
      if (done) break;
      if (attempt + 1 >= policy.attempts) {
        logVerdict(o, verdict, r.reused, false);
        return { ...result, written: false };
      }
      if (!isTransient(err)) {
        current = failed(verdict.headSha, `writing the verdict failed: ${describeError(err)}`);
        opts = { text: undefined, annotations: false };
      }
      await sleep(retryDelayMs(err, attempt, policy));
    }
  }
  if (r.tracked && runId !== undefined && o.tracking) {
    await o.tracking.runs.remove(owner, repo, runId).catch((err: unknown) => o.log.warn({ err, runId }, "forgetting the completed run failed"));
  }
  if (writer.completed && o.decided) {
    await o.decided.set(owner, repo, verdict.headSha, writer.completed).catch((err: unknown) => o.log.warn({ err, runId: writer.completed?.id }, "remembering the head's run failed"));
  }
  logVerdict(o, verdict, r.reused, current === verdict);
  return result;
}

/** The one log line per evaluation (README "Logs"); `written` false when the check run could not be written. */
function logVerdict(o: GateRunOptions, verdict: Verdict, reused: boolean, written: boolean): void {
  const { owner, repo, number } = o.pull;
  const scan = verdict.scan;
  o.log.info(
    {
      ...o.logFields?.(),
      owner, repo, number, headSha: verdict.headSha, mode: reused ? "decide" : "scan", conclusion: verdict.conclusion, written,
      pulls: verdict.pulls?.length ?? 1,
      findings: scan?.findings.length ?? 0,
      blocking: scan ? blockingFindings(scan).length : 0,
      couldNotCheck: scan?.incomplete.length ?? 0,
      approvals: verdict.approvals?.accepted.length ?? 0,
    },
    "agent-gate verdict",
  );
}
