// One evaluation of one pull request on GitHub: config, scan, verdict, check run. Every error
// ends in a `failure` check with a Re-run button: the gate fails closed.
import { ConfigError, parseConfig } from "../engine/config.js";
import { scanPull, type EngineDeps } from "../engine/scan.js";
import { decide, failed, type Verdict } from "../engine/verdict.js";
import { CheckRunWriter } from "./check-run.js";
import { OctokitPullSource, type Octokit, type PullRef } from "./pull-source.js";

export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
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

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the evaluation took longer than ${Math.round(ms / 1000)} s and was stopped`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function runGate(o: GateRunOptions): Promise<Verdict | undefined> {
  const { owner, repo, number } = o.pull;
  const source = new OctokitPullSource(o.octokit, o.pull);
  const writer = new CheckRunWriter(o.octokit, owner, repo);
  let headSha = o.knownHeadSha;
  let checkId: number | undefined;
  let verdict: Verdict;
  try {
    headSha = (await source.pull()).headSha;
    checkId = await writer.start(headSha);
    const config = parseConfig(await o.loadConfig(), o.deps.catalogue);
    const scan = await withTimeout(scanPull(source, config, o.deps), o.timeoutMs);
    verdict = decide(scan);
  } catch (err) {
    o.log.error({ err, owner, repo, number }, "agent-gate evaluation failed");
    if (!headSha) return undefined;
    verdict = failed(headSha, describeError(err));
  }
  try {
    await writer.complete(verdict, checkId);
  } catch (err) {
    o.log.error({ err, owner, repo, number }, "writing the agent-gate check run failed");
    // One last try with a plain failure: a run left in progress would block without a reason.
    if (verdict.conclusion !== "failure") {
      await writer.complete(failed(verdict.headSha, `writing the verdict failed: ${describeError(err)}`), checkId);
    }
    return verdict;
  }
  o.log.info({ owner, repo, number, headSha: verdict.headSha, conclusion: verdict.conclusion, findings: verdict.scan?.findings.length ?? 0 }, "agent-gate verdict");
  return verdict;
}
