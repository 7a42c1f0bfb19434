import type { Series } from '../domain/series';
import type { MetricSelection } from '../ports/metric-store';
import type { SampleArrays } from './step-series';

/**
 * An optional fast path a metric store (or a view over one) may offer beside `MetricStore.select`:
 * the same series, in the same order, with the same samples, as parallel Float64Arrays. NaN
 * payloads (so staleness markers) must be kept bit for bit. The arrays may be views into a
 * buffer shared between series and calls: once answered, nobody writes into it (readers may
 * remember facts about a buffer, such as whether it holds a NaN).
 */
export interface ColumnSelect {
  selectColumns(selection: MetricSelection): Promise<SampleArrays[]>;
}

/** Whether a store offers {@link ColumnSelect}. */
export function offersColumns(store: object): store is ColumnSelect {
  return typeof (store as Partial<ColumnSelect>).selectColumns === 'function';
}

/**
 * Series with per-sample objects as columns. All series share one buffer: thousands of small
 * ArrayBuffers cost far more in allocation and GC than one large one.
 */
export function seriesToColumns(list: readonly Series[]): SampleArrays[] {
  let total = 0;
  for (const s of list) total += s.samples.length;
  const buf = new Float64Array(2 * total);
  let offset = 0;
  return list.map((series) => {
    const samples = series.samples;
    const n = samples.length;
    const ts = buf.subarray(offset, offset + n);
    const vs = buf.subarray(offset + n, offset + 2 * n);
    offset += 2 * n;
    for (let i = 0; i < n; i++) {
      ts[i] = samples[i].timestamp;
      vs[i] = samples[i].value;
    }
    return { labels: series.labels, ts, vs };
  });
}

/** Columns back to series with one object per sample (for callers of the plain `select`). */
export function columnsToSeries(list: readonly SampleArrays[]): Series[] {
  return list.map((c) => {
    const samples = new Array<{ timestamp: number; value: number }>(c.ts.length);
    for (let i = 0; i < c.ts.length; i++) samples[i] = { timestamp: c.ts[i], value: c.vs[i] };
    return { labels: c.labels, samples };
  });
}
