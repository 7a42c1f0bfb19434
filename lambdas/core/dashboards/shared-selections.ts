import type { LabelMatcher, Series, TimeRange } from '../domain/series';
import type { MetricSelection, MetricStore } from '../ports/metric-store';
import { labelsMatch } from '../promql/label-matcher';

interface Entry {
  readonly matchers: readonly LabelMatcher[];
  readonly keys: ReadonlySet<string>;
  readonly range: TimeRange;
  readonly series: Promise<Series[]>;
}

const keyOf = (m: LabelMatcher) => `${m.name}${m.op}${m.value}`;

/**
 * A MetricStore view for one dashboard render: panels that read the same series (the usual
 * case: rate, errors and latency over one metric with one variable filter) share one read.
 * A selection is answered from an earlier one when that one's matchers are a subset of its
 * matchers and its range covers it; the rest is filtered and trimmed in memory. Reads are
 * widened by `marginMs` before the render's range so rate windows and lookback fit.
 */
export class SharedSelections implements Pick<MetricStore, 'select' | 'labelValues'> {
  private readonly entries: Entry[] = [];
  /** Selections answered by the store, and from memory. */
  readonly stats = { reads: 0, shared: 0 };

  constructor(
    private readonly store: Pick<MetricStore, 'select' | 'labelValues'>,
    private readonly render: TimeRange,
    private readonly marginMs: number,
  ) {}

  async select(sel: MetricSelection): Promise<Series[]> {
    const wanted = new Set(sel.matchers.map(keyOf));
    const hit = sel.limit === undefined ? this.entries.find((e) => e.range.start <= sel.range.start && e.range.end >= sel.range.end && [...e.keys].every((k) => wanted.has(k))) : undefined;
    if (hit) {
      this.stats.shared++;
      const rest = sel.matchers.filter((m) => !hit.keys.has(keyOf(m)));
      return trim(await hit.series, rest, sel.range);
    }
    this.stats.reads++;
    const range = { start: Math.min(sel.range.start, this.render.start - this.marginMs), end: Math.max(sel.range.end, this.render.end) };
    const series = this.store.select({ ...sel, range });
    if (sel.limit === undefined) this.entries.push({ matchers: sel.matchers, keys: wanted, range, series });
    return trim(await series, [], sel.range);
  }

  labelValues(name: string, sel: MetricSelection): Promise<string[]> {
    return this.store.labelValues(name, sel);
  }
}

function trim(series: readonly Series[], matchers: readonly LabelMatcher[], range: TimeRange): Series[] {
  const out: Series[] = [];
  for (const s of series) {
    if (matchers.length && !labelsMatch(s.labels, matchers)) continue;
    const lo = lowerBound(s.samples, range.start);
    const hi = lowerBound(s.samples, range.end + 1);
    if (hi > lo) out.push(lo === 0 && hi === s.samples.length ? s : { labels: s.labels, samples: s.samples.slice(lo, hi) });
  }
  return out;
}

function lowerBound(samples: Series['samples'], t: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
