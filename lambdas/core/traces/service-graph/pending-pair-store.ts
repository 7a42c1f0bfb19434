/** One waiting entry, as {@link PendingPairStore.toJSON} writes it: key, value, expiry (ms). */
export type PendingEntry<T> = readonly [key: string, value: T, expiresAt: number];

/**
 * A bounded store of half-pairs waiting for their other half, in memory. Entries expire
 * `ttlMs` after they were put; when full, putting evicts the oldest entry (handed back to the
 * caller like an expired one, so nothing disappears unreported). Insertion order is expiry
 * order because the ttl is constant, so expiry stops at the first live entry.
 * The state is plain data ({@link PendingPairStore.toJSON}) so a StateStore can hold it.
 */
export class PendingPairStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxItems: number,
  ) {}

  /** Number of entries waiting. */
  get size(): number {
    return this.entries.size;
  }

  /** Removes and returns the entry under `key`, if any. */
  take(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    return e.value;
  }

  /** Puts a value (replacing one under the same key); returns the entries evicted to make room. */
  put(key: string, value: T, now: number): PendingEntry<T>[] {
    this.entries.delete(key);
    const evicted: PendingEntry<T>[] = [];
    while (this.entries.size >= this.maxItems) {
      const [k, e] = this.entries.entries().next().value as [string, { value: T; expiresAt: number }];
      this.entries.delete(k);
      evicted.push([k, e.value, e.expiresAt]);
    }
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    return evicted;
  }

  /** Removes and returns the entries whose time is up (`expiresAt <= now`), oldest first. */
  expire(now: number): PendingEntry<T>[] {
    const out: PendingEntry<T>[] = [];
    for (const [k, e] of this.entries) {
      if (e.expiresAt > now) break;
      this.entries.delete(k);
      out.push([k, e.value, e.expiresAt]);
    }
    return out;
  }

  /** Removes and returns every entry. */
  drain(): PendingEntry<T>[] {
    const out = [...this.entries].map(([k, e]) => [k, e.value, e.expiresAt] as const);
    this.entries.clear();
    return out;
  }

  /** The waiting entries as plain data, oldest first. */
  toJSON(): PendingEntry<T>[] {
    return [...this.entries].map(([k, e]) => [k, e.value, e.expiresAt] as const);
  }

  /** Restores entries written by {@link PendingPairStore.toJSON} (keeping their expiry). */
  load(entries: readonly PendingEntry<T>[]): void {
    const sorted = [...entries].sort((a, b) => a[2] - b[2]);
    for (const [k, v, at] of sorted) this.entries.set(k, { value: v, expiresAt: at });
  }
}
