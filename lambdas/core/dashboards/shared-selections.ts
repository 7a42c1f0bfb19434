import type { LabelMatcher, Series, TimeRange } from '../domain/series';
import type { MetricSelection, MetricStore } from '../ports/metric-store';
import { columnsToSeries, offersColumns, seriesToColumns, type ColumnSelect } from '../promql/column-select';
import { labelsMatch } from '../promql/label-matcher';
import type { SampleArrays } from '../promql/step-series';

interface Entry {
  readonly keys: ReadonlySet<string>;
  readonly range: TimeRange;
  readonly columns: Promise<SampleArrays[]>;
}

const keyOf = (m: LabelMatcher) => `${m.name}${m.op}${m.value}`;

/**
 * A MetricStore view for one dashboard render: panels that read the same series (the usual
 * case: rate, errors and latency over one metric with one variable filter) share one read.
 * A selection is answered from an earlier one when that one's matchers are a subset of its
 * matchers and its range covers it; the rest is filtered and trimmed in memory. Reads are
 * widened by `marginMs` before the render's range so rate windows and lookback fit.
 * Reads are kept as columns ({@link ColumnSelect}, which the engine prefers): each panel gets
 * views into them, so the samples are converted once per render, not once per panel.
 */
export class SharedSelections implements Pick<MetricStore, 'select' | 'labelValues'>, ColumnSelect {
  private readonly entries: Entry[] = [];
  /** Selections answered by the store, and from memory. */
  readonly stats = { reads: 0, shared: 0 };

  constructor(
    private readonly store: Pick<MetricStore, 'select' | 'labelValues'>,
    private readonly render: TimeRange,
    private readonly marginMs: number,
  ) {}

  async select(sel: MetricSelection): Promise<Series[]> {
    return columnsToSeries(await this.selectColumns(sel));
  }

  async selectColumns(sel: MetricSelection): Promise<SampleArrays[]> {
    const wanted = new Set(sel.matchers.map(keyOf));
    const hit = sel.limit === undefined ? this.entries.find((e) => e.range.start <= sel.range.start && e.range.end >= sel.range.end && [...e.keys].every((k) => wanted.has(k))) : undefined;
    if (hit) {
      this.stats.shared++;
      const rest = sel.matchers.filter((m) => !hit.keys.has(keyOf(m)));
      return trim(await hit.columns, rest, sel.range);
    }
    this.stats.reads++;
    const range = { start: Math.min(sel.range.start, this.render.start - this.marginMs), end: Math.max(sel.range.end, this.render.end) };
    const wide = { ...sel, range };
    const store = this.store;
    const columns = offersColumns(store) ? store.selectColumns(wide) : store.select(wide).then(seriesToColumns);
    if (sel.limit === undefined) this.entries.push({ keys: wanted, range, columns });
    return trim(await columns, [], sel.range);
  }

  labelValues(name: string, sel: MetricSelection): Promise<string[]> {
    return this.store.labelValues(name, sel);
  }
}

/** The series passing `matchers`, as views of their samples within `range` (no copy). */
function trim(series: readonly SampleArrays[], matchers: readonly LabelMatcher[], range: TimeRange): SampleArrays[] {
  const out: SampleArrays[] = [];
  for (const s of series) {
    if (matchers.length && !labelsMatch(s.labels, matchers)) continue;
    const lo = lowerBound(s.ts, range.start);
    const hi = lowerBound(s.ts, range.end + 1);
    if (hi > lo) out.push(lo === 0 && hi === s.ts.length ? s : { labels: s.labels, ts: s.ts.subarray(lo, hi), vs: s.vs.subarray(lo, hi) });
  }
  return out;
}

function lowerBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
