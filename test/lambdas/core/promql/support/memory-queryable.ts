import type { Labels, Sample, Series } from '../../../../../lambdas/core/domain/series';
import type { MetricSelection } from '../../../../../lambdas/core/ports/metric-store';
import { labelsMatch } from '../../../../../lambdas/core/promql/label-matcher';
import type { Queryable } from '../../../../../lambdas/core/promql/engine';
import { seriesKey } from '../../../../../lambdas/core/domain/series';

/** An in-memory Queryable for tests and benchmarks; remembers whether a selection touched a native-histogram series. */
export class MemoryQueryable implements Queryable {
  private readonly series = new Map<string, { labels: Labels; samples: Sample[]; histogram: boolean }>();
  /** Set when a select matched a series that holds native histograms (which this engine does not evaluate). */
  touchedHistogram = false;
  /** How many select calls were made. */
  selects = 0;

  /** Adds samples (kept sorted, the last write at a timestamp wins). */
  add(labels: Labels, samples: readonly Sample[], histogram = false): void {
    const key = seriesKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, samples: [], histogram: false };
      this.series.set(key, s);
    }
    s.histogram ||= histogram;
    const byTime = new Map(s.samples.map((x) => [x.timestamp, x]));
    for (const x of samples) byTime.set(x.timestamp, x);
    s.samples = [...byTime.values()].sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Removes everything. */
  clear(): void {
    this.series.clear();
  }

  async select(selection: MetricSelection): Promise<Series[]> {
    this.selects++;
    const out: Series[] = [];
    for (const s of this.series.values()) {
      if (!labelsMatch(s.labels, selection.matchers)) continue;
      if (s.histogram) {
        this.touchedHistogram = true;
        continue;
      }
      const samples = s.samples.filter((x) => x.timestamp >= selection.range.start && x.timestamp <= selection.range.end);
      if (samples.length > 0) out.push({ labels: s.labels, samples });
    }
    return out;
  }
}
