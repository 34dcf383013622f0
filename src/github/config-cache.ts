// Config files live on default branches, which change rarely, yet every evaluation read them: the
// repository's file and the owner's `.github` fallback, two requests per PR in a burst over one
// organisation. Each file's answer (its text or its absence) is kept a short time, shared by every
// evaluation and every repository that reads it; a config change applies to evaluations that start
// up to `ttlMs` later. A failed read is never kept, so an error is asked again.

/** Default time a config file's answer is kept; AGENT_GATE_CONFIG_TTL_MS overrides it (0: off). */
export const CONFIG_TTL_MS = 60_000;
/** Files kept at most (the oldest go first). */
const MAX_FILES = 5_000;

export class ConfigCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly ttlMs: number) {}

  /** `load()`'s answer for `key`, asked at most once per `ttlMs` (concurrent askers share one request). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { at: Date.now(), value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > MAX_FILES) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
