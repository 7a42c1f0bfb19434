/**
 * A small time-bounded LRU cache for dashboard renders: entries live `ttlMs` from when they
 * were stored, and past `maxEntries` the least recently used goes. Keys should name the
 * dashboard version, the range, the step and the variables, so an edit never reads stale data.
 */
export class RenderCache<T> {
  private readonly entries = new Map<string, { value: T; storedAt: number }>();

  constructor(
    private readonly ttlMs = 15_000,
    private readonly maxEntries = 100,
  ) {}

  /** The cached value, or undefined when absent or older than the TTL at `now`. */
  get(key: string, now: number): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (now - hit.storedAt > this.ttlMs) return undefined;
    this.entries.set(key, hit); // most recently used goes last
    return hit.value;
  }

  /** Stores a value at `now`, evicting the least recently used entries beyond the bound. */
  set(key: string, value: T, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: now });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** How many entries are held (fresh or not). */
  get size(): number {
    return this.entries.size;
  }
}
