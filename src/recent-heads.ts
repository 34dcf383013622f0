// The head each PR had when this process last decided it. A different head at the next
// evaluation means the branch moved (perhaps back to an older head) even if the synchronize
// event has not been handled yet, so the gate records the head as current from then on.
export class RecentHeads {
  private readonly heads = new Map<string, string>();

  constructor(private readonly limit = 10_000) {}

  get(key: string): string | undefined {
    return this.heads.get(key);
  }

  set(key: string, sha: string): void {
    this.heads.delete(key);
    this.heads.set(key, sha);
    if (this.heads.size > this.limit) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }
}
