// Runs the verifiers in worker threads, so the event loop that answers webhooks never waits on
// analysis. One task per file: a file over its time budget has its worker terminated and is
// reported as "could not check" while the other files' findings stand; the evaluation's
// signal stops every task of that evaluation.
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { settleCallers } from "./caller-evidence.js";
import { loadCatalogue } from "./catalogue.js";
import { collectGarbage } from "./collect.js";
import type { GateConfig } from "./config.js";
import { activeVerifiers, appliesTo, isLargeFile, type FileToCheck, type RunOptions, type RunResult } from "./run-verifiers.js";
import type { VerifierTask, WorkerData } from "./verifier-worker.js";
import type { Verifier } from "../verifiers/types.js";

/** runVerifiers' shape: the in-thread function and the pool are interchangeable. */
export type VerifierRunner = (files: FileToCheck[], verifiers: Verifier[], config: GateConfig, options?: RunOptions) => Promise<RunResult>;

/** What the app needs of a pool: the in-thread runVerifiers fits too (benchmarks compare them). */
export interface VerifierHost {
  run: VerifierRunner;
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Worker threads; defaults to AGENT_GATE_WORKERS, else the machine's cores. */
  threads?: number;
  /** Wall time one file may take once a worker has picked it up. */
  fileTimeoutMs?: number;
  /** Heap of one worker: a file that exhausts it ends only that worker, as "could not check". */
  workerHeapMb?: number;
  /** Extra verifier modules the workers load (tests only; never from repository content). */
  extraModules?: string[];
}

const DEFAULT_FILE_TIMEOUT_MS = 30_000;
const DEFAULT_WORKER_HEAP_MB = 1024;
const WORKER_NICE = 10;
const WORKER_YOUNG_MB = 8;
/** Each file's task leaves ~5 KB here that V8 would collect only past ~50 MB: a ~50 ms collection now and then. */
const GC_EVERY_FILES = 2000;
/** How often a submitted file that no worker has picked up yet is looked at again. */
const START_POLL_MS = 25;

/** The compiled worker, or, when running from the TypeScript sources, an entry that loads them. */
function workerEntry(): string {
  const here = import.meta.url;
  return new URL(here.endsWith(".ts") ? "./verifier-worker-ts.mjs" : "./verifier-worker.js", here).href;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class VerifierPool implements VerifierHost {
  private piscina: Piscina<VerifierTask, RunResult> | undefined;
  private readonly fileTimeoutMs: number;
  /** Files handed to piscina and not yet done; the rest wait in `waiting`. */
  private submitted = 0;
  private readonly waiting: (() => void)[] = [];
  /** Settles when the large file in a worker is done: one at a time (isLargeFile). */
  private large: Promise<void> = Promise.resolve();
  /** Files done since the last collection in this thread (GC_EVERY_FILES). */
  private sinceCollected = 0;
  /**
   * When a worker picked up each submitted file (Date.now(), 0 while it waits), one slot per file
   * in flight, shared with the workers: a MessageChannel per file for that one signal cost ~10% of
   * a scan's CPU.
   */
  private readonly starts: BigInt64Array;
  private readonly freeSlots: number[];
  private readonly slotsInUse = new Set<number>();

  constructor(private readonly options: PoolOptions = {}) {
    this.fileTimeoutMs = options.fileTimeoutMs ?? Number(process.env.AGENT_GATE_FILE_TIMEOUT_MS ?? DEFAULT_FILE_TIMEOUT_MS);
    const slots = 2 * this.threads();
    this.starts = new BigInt64Array(new SharedArrayBuffer(8 * slots));
    this.freeSlots = Array.from({ length: slots }, (_, i) => i);
  }

  /** Workers start at the first file, so an app or test that never scans starts none. */
  private workers(): Piscina<VerifierTask, RunResult> {
    const threads = this.threads();
    const workerData: WorkerData = { extraModules: this.options.extraModules ?? [], catalogue: loadCatalogue(), starts: this.starts };
    this.piscina ??= new Piscina({
      filename: workerEntry(),
      minThreads: threads,
      maxThreads: threads,
      // Tasks are async (the Python grammar loads once per thread); let the worker's loop run.
      atomics: "disabled",
      // Below the app's thread in the scheduler: with every core analysing, webhooks still get answered.
      niceIncrement: WORKER_NICE,
      // A small nursery: a file's tree outlives it anyway, and each worker's RSS is ~30 MB less.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: this.options.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB },
      workerData,
    });
    return this.piscina;
  }

  /** Files a worker is analysing right now. */
  get busy(): number {
    return [...this.slotsInUse].filter((slot) => Atomics.load(this.starts, slot) !== 0n).length;
  }

  /** Same inputs and result as runVerifiers, each file in its own task. */
  readonly run: VerifierRunner = async (files, verifiers, config, options = {}) => {
    const active = activeVerifiers(verifiers, config);
    const results = await Promise.all(
      files.map((file) => {
        const ids = active.filter((v) => appliesTo(v, file, options)).map((v) => v.id);
        return ids.length > 0 || file.facts ? this.runFile(file, ids, config, options) : undefined;
      }),
    );
    const done = results.filter((r): r is RunResult => r !== undefined);
    return {
      // Findings that rest on callers are settled here, against every file of the run.
      findings: await settleCallers(files, done.flatMap((r) => r.findings)),
      notices: done.flatMap((r) => r.notices),
      incomplete: done.flatMap((r) => r.incomplete),
      facts: done.flatMap((r) => r.facts ?? []),
    };
  };

  private threads(): number {
    return this.options.threads ?? (Number(process.env.AGENT_GATE_WORKERS) || availableParallelism());
  }

  /**
   * At most two files per thread are handed to piscina at a time: each queued task holds a
   * MessagePort, and the event loop looks at every open port on each message, so a scan of 10k
   * files submitted at once spent more CPU on the main thread than the workers spent on rules.
   */
  private async runFile(file: FileToCheck, verifierIds: string[], config: GateConfig, options: RunOptions): Promise<RunResult> {
    if (this.submitted >= 2 * this.threads()) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.submitted++;
    try {
      return await this.runSubmitted(file, verifierIds, config, options);
    } finally {
      this.submitted--;
      if (++this.sinceCollected >= GC_EVERY_FILES) {
        this.sinceCollected = 0;
        collectGarbage();
      }
      this.waiting.shift()?.();
    }
  }

  private async runSubmitted(file: FileToCheck, verifierIds: string[], config: GateConfig, options: RunOptions): Promise<RunResult> {
    const budget = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, budget.signal]) : budget.signal;
    const slot = this.freeSlots.pop();
    if (slot === undefined) throw new Error("the pool has more files in flight than start slots");
    Atomics.store(this.starts, slot, 0n);
    this.slotsInUse.add(slot);
    let timer: NodeJS.Timeout | undefined;
    // The budget starts when a worker picks the file up, not while it waits behind others.
    const watch = (): void => {
      const started = Number(Atomics.load(this.starts, slot));
      const left = started === 0 ? START_POLL_MS : started + this.fileTimeoutMs - Date.now();
      if (left > 0) timer = setTimeout(watch, left);
      else budget.abort();
    };
    let doneLarge: (() => void) | undefined;
    try {
      const task: VerifierTask = { files: [file], verifierIds, config, options: options.allFiles ? { allFiles: true } : {}, slot };
      if (isLargeFile(file)) doneLarge = await this.oneLargeAtATime();
      watch();
      return await this.workers().run(task, { signal });
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      const reason = budget.signal.aborted
        ? `its analysis took longer than the ${+(this.fileTimeoutMs / 1000).toFixed(1)} s per-file budget and was stopped`
        : `its analysis stopped with an error (${messageOf(err)})`;
      return { findings: [], notices: [], incomplete: [{ file: file.path, reason }] };
    } finally {
      doneLarge?.();
      clearTimeout(timer);
      this.slotsInUse.delete(slot);
      this.freeSlots.push(slot);
    }
  }

  /** Waits for the large file before this one; the function returned lets the next one go. */
  private async oneLargeAtATime(): Promise<() => void> {
    const before = this.large;
    let done!: () => void;
    this.large = new Promise<void>((resolve) => (done = resolve));
    await before;
    return done;
  }

  /** Terminates the workers, including any still analysing. */
  async close(): Promise<void> {
    const piscina = this.piscina;
    this.piscina = undefined;
    await piscina?.destroy();
  }
}
