import type { Labels, Series } from '../../domain/series';

/**
 * Expands one cumulative histogram into Prometheus series at `timestamp` (ms):
 * `<name>_bucket{le}` per bound plus `+Inf`, `<name>_sum` and `<name>_count`.
 * `counts` are per-bucket (not cumulative), the last one being the +Inf overflow.
 */
export function histogramSeries(name: string, labels: Labels, bounds: readonly number[], counts: ArrayLike<number>, sum: number, timestamp: number, out: Series[]): void {
  let acc = 0;
  for (let i = 0; i <= bounds.length; i++) {
    acc += counts[i];
    out.push({ labels: { __name__: `${name}_bucket`, ...labels, le: i < bounds.length ? String(bounds[i]) : '+Inf' }, samples: [{ timestamp, value: acc }] });
  }
  out.push({ labels: { __name__: `${name}_sum`, ...labels }, samples: [{ timestamp, value: sum }] });
  out.push({ labels: { __name__: `${name}_count`, ...labels }, samples: [{ timestamp, value: acc }] });
}
