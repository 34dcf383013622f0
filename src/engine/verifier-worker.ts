// The worker-thread side of the verifier pool (pool.ts). Each thread loads the catalogue and
// the verifiers once; a task is a batch of files, each run through checkFiles, which parses it
// once and hands the tree to every rule; the pool's thread settles findings that rest on callers
// (they need every file). Only plain data crosses the thread boundary.
import { workerData } from "node:worker_threads";
import { loadCatalogue, type Catalogue } from "./catalogue.js";
import { collectGarbage } from "./collect.js";
import type { GateConfig } from "./config.js";
import { checkFiles, isLargeFile, stoppedWithError, type FileToCheck, type RunOptions, type RunResult } from "./run-verifiers.js";
import { loadVerifiers } from "../verifiers/registry.js";
import type { Verifier } from "../verifiers/types.js";

/** One file of a batch and the ids of the verifiers to run on it (the worker holds the code). */
export interface BatchItem {
  file: FileToCheck;
  verifierIds: string[];
}

export interface VerifierTask {
  items: BatchItem[];
  config: GateConfig;
  options: Pick<RunOptions, "allFiles" | "gated">;
  /** The batch's slot in WorkerData.starts and .positions, stamped as each file starts, so each file's budget excludes queueing. */
  slot: number;
}

export interface WorkerData {
  /** Extra verifier modules (each exporting `verifier` with its metadata): set by tests only. */
  extraModules?: string[];
  /** The rules catalogue as the pool's thread loaded it: parsing its YAML again took each worker ~0.4-1.5 s. */
  catalogue?: Catalogue;
  /** The pool's start times of each batch's current file, one slot per batch in flight (pool.ts). */
  starts?: BigInt64Array;
  /** Which file of each batch is running: the one to blame if the worker stops. */
  positions?: Int32Array;
}

async function load(): Promise<Map<string, Verifier>> {
  const data = workerData as WorkerData | undefined;
  const all = loadVerifiers(data?.catalogue ?? loadCatalogue());
  for (const url of data?.extraModules ?? []) {
    const mod = (await import(url)) as { verifier: Verifier };
    all.push(mod.verifier);
  }
  return new Map(all.map((v) => [v.id, v]));
}

const verifiers = await load();

const { starts, positions } = (workerData as WorkerData | undefined) ?? {};

/** The batch's files in order, each with its own result. */
export default async function runTask(task: VerifierTask): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const [at, item] of task.items.entries()) {
    // The place first: when the pool sees the new start, it must already blame the right file.
    if (positions) Atomics.store(positions, task.slot, at);
    if (starts) Atomics.store(starts, task.slot, BigInt(Date.now()));
    out.push(await runItem(item, task));
  }
  // A large file's tree grew the heap: collect now, so the worker does not keep the pages for the rest of the scan.
  if (task.items.some((i) => isLargeFile(i.file))) collectGarbage();
  return out;
}

/** One file; an error stops only this file (could not check), not the rest of the batch. */
async function runItem(item: BatchItem, task: VerifierTask): Promise<RunResult> {
  try {
    const chosen = item.verifierIds.map((id) => {
      const v = verifiers.get(id);
      // Fail closed: a rule the worker does not know must not be skipped silently.
      if (!v) throw new Error(`the worker has no verifier ${id}`);
      return v;
    });
    return await checkFiles([item.file], chosen, task.config, task.options);
  } catch (err) {
    return { findings: [], notices: [], incomplete: [{ file: item.file.path, reason: stoppedWithError(err) }] };
  }
}
