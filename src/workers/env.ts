// What a worker needs to carry out one queued item: the installation's Octokit, a log, the app's
// identity, and the queue to hand follow-up work to.
import type { Catalogue } from "../engine/catalogue.js";
import type { Log } from "../github/gate-run.js";
import type { Octokit } from "../github/pull-source.js";
import type { WorkItem } from "../queue/work-item.js";

export interface WorkEnv {
  octokit: Octokit;
  log: Log;
  catalogue: Catalogue;
  slug(): Promise<string>;
  /** Undefined when unknown: then no run is this app's. */
  appId(): Promise<number | undefined>;
  submit(item: WorkItem): Promise<void>;
}
