// Which webhook deliveries were already taken: GitHub redelivers with the same GUID. A delivery
// is claimed when its work is queued and released when queuing or the work failed, so that
// GitHub's "Redeliver" of a failed delivery runs it again.
export interface Deliveries {
  /** True the first time (or after a release); false for a delivery already taken. */
  claim(id: string): Promise<boolean>;
  /** The claimed delivery's work is queued: remember it for as long as GitHub may redeliver it. */
  keep(id: string): Promise<void>;
  /** Forgets deliveries whose work failed. */
  release(ids: readonly string[]): Promise<void>;
}

/** The embedded default: the most recent `remember` delivery ids of this process. */
export class MemoryDeliveries implements Deliveries {
  private readonly seen = new Set<string>();

  constructor(private readonly remember = 10_000) {}

  async claim(id: string): Promise<boolean> {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.remember) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  /** A claim is kept from the start: the process that made it is the one that queues the work. */
  async keep(): Promise<void> {}

  async release(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.seen.delete(id);
  }
}
