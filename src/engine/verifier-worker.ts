// The worker-thread side of the verifier pool (pool.ts). Each thread loads the catalogue and
// the verifiers once; a task is one file, run through checkFiles, which parses it once and
// hands the tree to every rule; the pool's thread settles findings that rest on callers (they
// need every file). Only plain data crosses the thread boundary.
import { workerData } from "node:worker_threads";
import { loadCatalogue, type Catalogue } from "./catalogue.js";
import { collectGarbage } from "./collect.js";
import type { GateConfig } from "./config.js";
import { checkFiles, isLargeFile, type FileToCheck, type RunOptions, type RunResult } from "./run-verifiers.js";
import { loadVerifiers } from "../verifiers/registry.js";
import type { Verifier } from "../verifiers/types.js";

export interface VerifierTask {
  files: FileToCheck[];
  /** Ids of the verifiers to run; the worker holds the code. */
  verifierIds: string[];
  config: GateConfig;
  options: Pick<RunOptions, "allFiles">;
  /** The task's slot in WorkerData.starts, stamped when the worker picks it up, so the per-file budget excludes queueing. */
  slot: number;
}

export interface WorkerData {
  /** Extra verifier modules (each exporting `verifier` with its metadata): set by tests only. */
  extraModules?: string[];
  /** The rules catalogue as the pool's thread loaded it: parsing its YAML again took each worker ~0.4-1.5 s. */
  catalogue?: Catalogue;
  /** The pool's start times, one slot per file in flight (pool.ts). */
  starts?: BigInt64Array;
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

const starts = (workerData as WorkerData | undefined)?.starts;

export default async function runTask(task: VerifierTask): Promise<RunResult> {
  if (starts) Atomics.store(starts, task.slot, BigInt(Date.now()));
  const chosen = task.verifierIds.map((id) => {
    const v = verifiers.get(id);
    // Fail closed: a rule the worker does not know must not be skipped silently.
    if (!v) throw new Error(`the worker has no verifier ${id}`);
    return v;
  });
  const result = await checkFiles(task.files, chosen, task.config, task.options);
  // The file's tree grew the heap: collect now, so the worker does not keep the pages for the rest of the scan.
  if (task.files.some(isLargeFile)) collectGarbage();
  return result;
}

