// Runs the verifiers in worker threads, so the event loop that answers webhooks never waits on
// analysis. Files go to the workers in batches (one message each way per batch, not per file),
// largest first, so no big file is left for the end while the other workers idle. Each file
// still has its own time budget: a file over it has its worker terminated and is reported as
// "could not check", and the rest of its batch runs again; the evaluation's signal stops every
// task of that evaluation.
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { settleCallers } from "./caller-evidence.js";
import { loadCatalogue } from "./catalogue.js";
import { collectGarbage } from "./collect.js";
import type { GateConfig } from "./config.js";
import { activeVerifiers, appliesTo, checkFiles, gatesPassed, isLargeFile, readsTree, stoppedWithError, withText, type FileToCheck, type RunOptions, type RunResult } from "./run-verifiers.js";
import type { BatchItem, VerifierTask, WorkerData } from "./verifier-worker.js";
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
  /**
   * Workers below this thread in the scheduler (the app: with every core analysing, webhooks still
   * get answered). The CLI, whose thread runs text rules beside them (runSplit), turns it off: a
   * niced worker waited on that thread and on the collectors.
   */
  yieldToCaller?: boolean;
}

const DEFAULT_FILE_TIMEOUT_MS = 30_000;
const DEFAULT_WORKER_HEAP_MB = 1024;
const WORKER_NICE = 10;
const WORKER_YOUNG_MB = 8;
/** Each task leaves a few KB here that V8 would collect only past ~50 MB: a ~50 ms collection now and then. */
const GC_EVERY_FILES = 2000;
/** How often a submitted batch that no worker has picked up yet is looked at again. */
const START_POLL_MS = 25;
/**
 * A batch closes at this many files or bytes: a message each way per file cost the workers ~0.8 s
 * of CPU each on a 10k-file scan; small batches keep the last ones short, so no worker idles long.
 */
const BATCH_FILES = 32;
const BATCH_BYTES = 64 * 1024;

/** A file to run and where its result goes. */
interface Job extends BatchItem {
  index: number;
}

/** The compiled worker, or, when running from the TypeScript sources, an entry that loads them. */
function workerEntry(): string {
  const here = import.meta.url;
  return new URL(here.endsWith(".ts") ? "./verifier-worker-ts.mjs" : "./verifier-worker.js", here).href;
}

const sizeOf = (file: FileToCheck): number => file.onDisk?.byteSize ?? file.text?.length ?? 0;

/** Whether a batch of `files` files and `bytes` bytes is full before `next` (BATCH_FILES / BATCH_BYTES). */
const fullBefore = (files: number, bytes: number, next: FileToCheck): boolean => files >= BATCH_FILES || bytes + sizeOf(next) > BATCH_BYTES;

/** Largest first (a large file alone), then small files together up to BATCH_FILES / BATCH_BYTES. */
export function batchesOf<T extends { file: FileToCheck }>(jobs: T[]): T[][] {
  const sorted = [...jobs].sort((a, b) => sizeOf(b.file) - sizeOf(a.file));
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const job of sorted) {
    if (isLargeFile(job.file)) {
      out.push([job]);
      continue;
    }
    if (current.length > 0 && fullBefore(current.length, bytes, job.file)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(job);
    bytes += sizeOf(job.file);
  }
  if (current.length > 0) out.push(current);
  return out;
}

const failed = (path: string, reason: string): RunResult => ({ findings: [], notices: [], incomplete: [{ file: path, reason }] });

/** How long runSplit reads on before it lets the workers' answers in. */
const YIELD_MS = 10;

function flattened(results: RunResult[]): Required<RunResult> {
  return {
    findings: results.flatMap((r) => r.findings),
    notices: results.flatMap((r) => r.notices),
    incomplete: results.flatMap((r) => r.incomplete),
    facts: results.flatMap((r) => r.facts ?? []),
  };
}

/** One turn of the event loop: the workers' answers come in, waiting batches go out. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Files waiting for a worker (runSplit), in reading order, with their count of bytes and large files kept. */
class Waiting {
  private readonly jobs: Job[] = [];
  private bytes = 0;
  private large = 0;

  get size(): number {
    return this.jobs.length;
  }

  push(job: Job): void {
    this.jobs.push(job);
    this.count(job, 1);
  }

  /** Enough for a batch (batchesOf's limits), or a large file, which goes alone. */
  ready(): boolean {
    return this.large > 0 || this.jobs.length >= BATCH_FILES || this.bytes >= BATCH_BYTES;
  }

  /** The first files up to batchesOf's limits (a large file alone), taken off. */
  nextBatch(): Job[] {
    const large = this.large > 0 ? this.jobs.findIndex((j) => isLargeFile(j.file)) : -1;
    let taken: Job[];
    if (large >= 0) taken = this.jobs.splice(large, 1);
    else {
      let bytes = 0;
      let n = 0;
      while (n < this.jobs.length && (n === 0 || !fullBefore(n, bytes, this.jobs[n]!.file))) bytes += sizeOf(this.jobs[n++]!.file);
      taken = this.jobs.splice(0, n);
    }
    for (const job of taken) this.count(job, -1);
    return taken;
  }

  /** The last file read, taken off. */
  pop(): Job | undefined {
    const job = this.jobs.pop();
    if (job) this.count(job, -1);
    return job;
  }

  private count(job: Job, sign: 1 | -1): void {
    if (isLargeFile(job.file)) this.large += sign;
    else this.bytes += sign * sizeOf(job.file);
  }
}

/**
 * A file's text rules, in this thread, and the file with its text for the gates (none when it
 * could not be read: could-not-check, and no tree phase). The contracts' facts need a parse: they
 * come with the tree phase.
 */
function textPhase(lazy: FileToCheck, text: Verifier[], config: GateConfig, options: RunOptions): { file?: FileToCheck; result: Promise<RunResult> } {
  let file: FileToCheck;
  try {
    file = withText(lazy);
  } catch (err) {
    return { result: Promise.resolve(failed(lazy.path, (err as Error).message)) };
  }
  const { facts: _facts, ...plain } = file;
  return { file, result: checkFiles([plain], text, config, options) };
}

/** A batch's answer: a result per file, or which file stopped its worker and why. */
type Outcome = { results: RunResult[] } | { at: number; reason: string };

export class VerifierPool implements VerifierHost {
  private piscina: Piscina<VerifierTask, RunResult[]> | undefined;
  private readonly fileTimeoutMs: number;
  /** Batches handed to piscina and not yet done; the rest wait in `waiting`. */
  private submitted = 0;
  private readonly waiting: (() => void)[] = [];
  /** Settles when the large file in a worker is done: one at a time (isLargeFile), outside the submitted count. */
  private large: Promise<void> = Promise.resolve();
  /** Files done since the last collection in this thread (GC_EVERY_FILES). */
  private sinceCollected = 0;
  /**
   * Shared with the workers, one slot per batch in flight: when the worker started the batch's
   * current file (Date.now(), 0 while the batch waits), and that file's place in the batch (-1
   * before the first). A MessageChannel per file for that signal cost ~10% of a scan's CPU.
   */
  private readonly starts: BigInt64Array;
  private readonly positions: Int32Array;
  private readonly freeSlots: number[];
  private readonly slotsInUse = new Set<number>();

  constructor(private readonly options: PoolOptions = {}) {
    this.fileTimeoutMs = options.fileTimeoutMs ?? Number(process.env.AGENT_GATE_FILE_TIMEOUT_MS ?? DEFAULT_FILE_TIMEOUT_MS);
    // Two batches per thread (whenSubmittable) and the one large file.
    const slots = 2 * this.threads() + 1;
    this.starts = new BigInt64Array(new SharedArrayBuffer(8 * slots));
    this.positions = new Int32Array(new SharedArrayBuffer(4 * slots));
    this.freeSlots = Array.from({ length: slots }, (_, i) => i);
  }

  /** Starts the workers now, so they load while the caller is still reading and scoping files. */
  warm(): void {
    this.workers();
  }

  /** Workers start at the first file (or warm()), so an app or test that never scans starts none. */
  private workers(): Piscina<VerifierTask, RunResult[]> {
    const threads = this.threads();
    const workerData: WorkerData = { extraModules: this.options.extraModules ?? [], catalogue: loadCatalogue(), starts: this.starts, positions: this.positions };
    this.piscina ??= new Piscina({
      filename: workerEntry(),
      minThreads: threads,
      maxThreads: threads,
      // Tasks are async (the Python grammar loads once per thread); let the worker's loop run.
      atomics: "disabled",
      niceIncrement: this.options.yieldToCaller === false ? 0 : WORKER_NICE,
      // A small nursery: a file's tree outlives it anyway, and each worker's RSS is ~30 MB less.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: this.options.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB },
      workerData,
    });
    return this.piscina;
  }

  /** Batches a worker is analysing right now. */
  get busy(): number {
    return [...this.slotsInUse].filter((slot) => Atomics.load(this.starts, slot) !== 0n).length;
  }

  /** Same inputs and result as runVerifiers, in the same order. */
  readonly run: VerifierRunner = async (files, verifiers, config, options = {}) => {
    const result = await this.check(files, verifiers, config, options);
    // Findings that rest on callers are settled here, against every file of the run.
    return { ...result, findings: await settleCallers(files, result.findings) };
  };

  /**
   * For a caller with nothing else to do on its thread (the CLI): the text rules and every rule's
   * gate in this thread, the rules that parse (readsTree) on the workers, in batches as files pass
   * a gate. Two parses at once slow each other down (memory) where a parse beside text rules hardly
   * does, and each worker compiles and collects on its own, so on two cores this takes 10–20% less
   * CPU and 40–80 MB less memory than two workers running everything. Once every file is read, this
   * thread parses too while the workers are full. Work done here has no time budget, as in a scan
   * too small for workers (POOL_MIN_FILES): the caller's own limit is the bound.
   */
  readonly runSplit: VerifierRunner = async (files, verifiers, config, options = {}) => {
    const active = activeVerifiers(verifiers, config);
    const text = active.filter((v) => !readsTree(v));
    const tree = active.filter(readsTree);
    const treeOptions = { ...options, gated: true };
    const here: RunResult[] = [];
    const there = new Map<number, Promise<RunResult>>();
    const waiting = new Waiting();
    // Each answer is awaited at the end; marked handled now, so an abort before then is no unhandled rejection.
    const awaitLater = (index: number, answer: Promise<RunResult>): void => {
      answer.catch(() => undefined);
      there.set(index, answer);
    };
    const handOver = (): void => {
      const batch = waiting.nextBatch();
      const answered = this.runBatch(batch, config, treeOptions);
      for (const job of batch) awaitLater(job.index, answered.then((rs) => rs.find(([i]) => i === job.index)![1]));
    };
    let yielded = Date.now();
    for (const [index, lazy] of files.entries()) {
      options.signal?.throwIfAborted();
      const { file, result } = textPhase(lazy, text, config, options);
      here.push(await result);
      const gated = file ? gatesPassed(tree.filter((v) => appliesTo(v, file, options)), file) : [];
      if (file && (gated.length > 0 || file.facts)) waiting.push({ index, file: lazy, verifierIds: gated.map((v) => v.id) });
      while (waiting.ready() && this.hasRoom()) handOver();
      // Let the workers' answers in, so the next batches go out while this thread reads on.
      if (Date.now() - yielded > YIELD_MS) {
        await nextTurn();
        yielded = Date.now();
      }
    }
    // The rest: to the workers while they have room, else one file at a time in this thread too.
    while (waiting.size > 0) {
      const job = this.hasRoom() ? undefined : waiting.pop();
      if (job) awaitLater(job.index, checkFiles([job.file], tree.filter((v) => job.verifierIds.includes(v.id)), config, treeOptions));
      else handOver();
      await nextTurn();
    }
    const done: RunResult[] = [];
    for (const [index, result] of here.entries()) {
      const later = there.get(index);
      done.push(later ? flattened([result, await later]) : result);
    }
    return { ...flattened(done), findings: await settleCallers(files, done.flatMap((r) => r.findings)) };
  };

  /** Whether a batch handed over now would go to a worker without waiting (whenSubmittable). */
  private hasRoom(): boolean {
    return this.submitted < 2 * this.threads();
  }

  /** The file rules over each file on its own, on the workers: callers are the caller's to settle. */
  private async check(files: FileToCheck[], verifiers: Verifier[], config: GateConfig, options: RunOptions): Promise<RunResult> {
    const active = activeVerifiers(verifiers, config);
    const jobs = files.flatMap((file, index): Job[] => {
      const verifierIds = active.filter((v) => appliesTo(v, file, options)).map((v) => v.id);
      return verifierIds.length > 0 || file.facts ? [{ index, file, verifierIds }] : [];
    });
    const answered = (await Promise.all(batchesOf(jobs).map((batch) => this.runBatch(batch, config, options)))).flat();
    return flattened(answered.sort((a, b) => a[0] - b[0]).map(([, result]) => result));
  }

  private threads(): number {
    return this.options.threads ?? (Number(process.env.AGENT_GATE_WORKERS) || availableParallelism());
  }

  /**
   * Each file's result by its index in the run. A file that stopped its worker (time budget,
   * heap, crash) is could-not-check and the other files of its batch run again without it: their
   * results went with the worker.
   */
  private async runBatch(jobs: Job[], config: GateConfig, options: RunOptions): Promise<[number, RunResult][]> {
    const submit = (): Promise<Outcome> => this.runSubmitted(jobs, config, options);
    // A large file waits only for the large one before it: were it to hold a place among the
    // submitted batches while it waits, the other workers would idle behind it.
    const outcome = jobs.some((j) => isLargeFile(j.file)) ? await this.oneLargeAtATime(submit) : await this.whenSubmittable(jobs.length, submit);
    if ("results" in outcome) return outcome.results.map((r, i) => [jobs[i]!.index, r]);
    // Nothing had started (the worker could not take the batch): every file is could-not-check.
    if (outcome.at < 0) return jobs.map((j) => [j.index, failed(j.file.path, outcome.reason)]);
    const rest = jobs.filter((_, i) => i !== outcome.at);
    const stopped: [number, RunResult] = [jobs[outcome.at]!.index, failed(jobs[outcome.at]!.file.path, outcome.reason)];
    return [stopped, ...(rest.length > 0 ? await this.runBatch(rest, config, options) : [])];
  }

  /**
   * At most two batches per thread are handed to piscina at a time: each queued task holds a
   * MessagePort, and the event loop looks at every open port on each message, so a scan of 10k
   * files submitted at once spent more CPU on the main thread than the workers spent on rules.
   */
  private async whenSubmittable<T>(files: number, submit: () => Promise<T>): Promise<T> {
    if (this.submitted >= 2 * this.threads()) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.submitted++;
    try {
      return await submit();
    } finally {
      this.submitted--;
      this.sinceCollected += files;
      if (this.sinceCollected >= GC_EVERY_FILES) {
        this.sinceCollected = 0;
        collectGarbage();
      }
      this.waiting.shift()?.();
    }
  }

  private async runSubmitted(jobs: Job[], config: GateConfig, options: RunOptions): Promise<Outcome> {
    const budget = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, budget.signal]) : budget.signal;
    const slot = this.freeSlots.pop();
    if (slot === undefined) throw new Error("the pool has more batches in flight than start slots");
    Atomics.store(this.starts, slot, 0n);
    Atomics.store(this.positions, slot, -1);
    this.slotsInUse.add(slot);
    let timer: NodeJS.Timeout | undefined;
    // Each file's budget starts when the worker starts that file, not while it waits behind others.
    const watch = (): void => {
      const started = Number(Atomics.load(this.starts, slot));
      const left = started === 0 ? START_POLL_MS : started + this.fileTimeoutMs - Date.now();
      if (left > 0) timer = setTimeout(watch, left);
      else budget.abort();
    };
    try {
      const items = jobs.map(({ file, verifierIds }) => ({ file, verifierIds }));
      const task: VerifierTask = { items, config, options: { ...(options.allFiles ? { allFiles: true } : {}), ...(options.gated ? { gated: true } : {}) }, slot };
      watch();
      return { results: await this.workers().run(task, { signal }) };
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      const reason = budget.signal.aborted
        ? `its analysis took longer than the ${+(this.fileTimeoutMs / 1000).toFixed(1)} s per-file budget and was stopped`
        : stoppedWithError(err);
      return { at: Atomics.load(this.positions, slot), reason };
    } finally {
      clearTimeout(timer);
      this.slotsInUse.delete(slot);
      this.freeSlots.push(slot);
    }
  }

  /** Runs `run` once the large file before it is done (isLargeFile: one at a time). */
  private async oneLargeAtATime<T>(run: () => Promise<T>): Promise<T> {
    const before = this.large;
    let done!: () => void;
    this.large = new Promise<void>((resolve) => (done = resolve));
    await before;
    try {
      return await run();
    } finally {
      done();
    }
  }

  /** Terminates the workers, including any still analysing. */
  async close(): Promise<void> {
    const piscina = this.piscina;
    this.piscina = undefined;
    await piscina?.destroy();
  }
}
