import { metricName, seriesKey, type Labels, type Series } from '../domain/series';

/** Reads the label sets of a metric's active series (e.g. MetricStore.findSeries over the last hour). */
export type ActiveSeriesLookup = (metric: string) => Promise<Labels[]>;

/** What the guard let through and what it refused, with the reason. */
export interface CardinalityVerdict {
  readonly allowed: Series[];
  readonly refused: { readonly labels: Labels; readonly reason: string }[];
}

/**
 * Enforces the most active series per metric name: series already known are always written;
 * new ones only while the metric is under the limit. Each metric's known series are looked up
 * once and then kept for `ttlMs` (a writer sees the same metrics batch after batch), and
 * series it lets through are added, so a burst of new series cannot slip past between lookups.
 */
export class CardinalityGuard {
  private readonly known = new Map<string, { keys: Set<string>; at: number }>();

  constructor(
    private readonly limit: number,
    private readonly lookup: ActiveSeriesLookup,
    private readonly now: () => number,
    private readonly ttlMs = 60_000,
  ) {}

  async check(series: readonly Series[]): Promise<CardinalityVerdict> {
    const allowed: Series[] = [];
    const refused: { labels: Labels; reason: string }[] = [];
    for (const s of series) {
      const name = metricName(s.labels);
      const entry = await this.entry(name);
      const key = seriesKey(s.labels);
      if (entry.keys.has(key)) {
        allowed.push(s);
      } else if (entry.keys.size < this.limit) {
        entry.keys.add(key);
        allowed.push(s);
      } else {
        refused.push({ labels: s.labels, reason: `metric ${name} has ${entry.keys.size} active series, the limit is ${this.limit}` });
      }
    }
    return { allowed, refused };
  }

  private async entry(name: string): Promise<{ keys: Set<string>; at: number }> {
    const cached = this.known.get(name);
    const now = this.now();
    if (cached && now - cached.at < this.ttlMs) return cached;
    const fresh = { keys: new Set((await this.lookup(name)).map(seriesKey)), at: now };
    if (this.known.size > 10_000) this.known.clear();
    this.known.set(name, fresh);
    return fresh;
  }
}
