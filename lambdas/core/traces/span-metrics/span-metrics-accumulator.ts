import type { Series } from '../../domain/series';
import type { Span } from '../../domain/span';
import { bucketIndex } from '../service-graph/dependency-graph-builder';
import { histogramSeries } from './histogram-series';
import { SPAN_METRICS_BUCKETS, TEMPO_METRIC, sanitizeLabelName, spanKindLabel, statusCodeLabel } from './tempo-labels';

/** Options of a {@link SpanMetricsAccumulator}. */
export interface SpanMetricsOptions {
  /** Latency bucket bounds, seconds. @default SPAN_METRICS_BUCKETS (Tempo's) */
  readonly buckets?: readonly number[];
  /**
   * Extra dimensions: attribute names looked up on the span, then its resource; the label is
   * the sanitised name (`http.method` → `http_method`), prefixed `__` if it collides with an
   * intrinsic one, and '' when the span lacks it, as Tempo does.
   * @default []
   */
  readonly dimensions?: readonly string[];
  /**
   * Most label sets kept; spans of new label sets beyond it are counted in `dropped` (a guard
   * against unbounded span names).
   * @default 100000
   */
  readonly maxSeries?: number;
}

/** One label set's counters. */
export interface SpanMetricsCell {
  readonly labels: Readonly<Record<string, string>>;
  calls: number;
  /** Per-bucket counts, the last one for +Inf. */
  readonly counts: number[];
  /** Seconds. */
  sum: number;
}

/** Serialisable state of a {@link SpanMetricsAccumulator}. */
export interface SpanMetricsState {
  readonly buckets: readonly number[];
  readonly cells: readonly SpanMetricsCell[];
  readonly dropped: number;
}

const INTRINSIC = new Set(['service', 'span_name', 'span_kind', 'status_code', 'status_message']);

/**
 * Tempo-compatible span metrics: cumulative counters per (service, span_name, span_kind,
 * status_code[, dimensions]) — `traces_spanmetrics_calls_total` and the
 * `traces_spanmetrics_latency` histogram (`_bucket{le}`, `_sum`, `_count`, seconds).
 * Counters only grow; {@link SpanMetricsAccumulator.flush} samples them all at one timestamp,
 * and the state round-trips through {@link SpanMetricsAccumulator.toJSON} so a processor can
 * keep it in a StateStore between invocations.
 */
export class SpanMetricsAccumulator {
  /** Spans not counted because `maxSeries` was reached. */
  dropped = 0;
  private readonly cells = new Map<string, SpanMetricsCell>();
  private readonly bounds: readonly number[];
  private readonly dimensions: readonly string[];
  private readonly dimensionLabels: readonly string[];
  private readonly maxSeries: number;

  constructor(options: SpanMetricsOptions = {}) {
    this.bounds = options.buckets ?? SPAN_METRICS_BUCKETS;
    this.dimensions = options.dimensions ?? [];
    this.dimensionLabels = this.dimensions.map((d) => {
      const l = sanitizeLabelName(d);
      return INTRINSIC.has(l) ? `__${l}` : l;
    });
    this.maxSeries = options.maxSeries ?? 100_000;
  }

  /** Number of label sets. */
  get size(): number {
    return this.cells.size;
  }

  /** Counts spans. */
  observe(spans: readonly Span[]): void {
    const dims = this.dimensions;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      let key = `${s.service}\u0000${s.name}\u0000${s.kind}\u0000${s.status}`;
      let values: string[] | undefined;
      if (dims.length > 0) {
        values = dims.map((d) => dimensionValue(s, d));
        key += `\u0000${values.join('\u0000')}`;
      }
      let cell = this.cells.get(key);
      if (!cell) {
        if (this.cells.size >= this.maxSeries) {
          this.dropped++;
          continue;
        }
        const labels: Record<string, string> = { service: s.service, span_name: s.name, span_kind: spanKindLabel(s.kind), status_code: statusCodeLabel(s.status) };
        if (values) values.forEach((v, j) => (labels[this.dimensionLabels[j]] = v));
        cell = { labels, calls: 0, counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0 };
        this.cells.set(key, cell);
      }
      const seconds = s.duration / 1e6;
      cell.calls++;
      cell.sum += seconds;
      cell.counts[bucketIndex(this.bounds, seconds)]++;
    }
  }

  /** Every counter as a series with one sample at `timestamp` (Unix ms). */
  flush(timestamp: number): Series[] {
    const out: Series[] = [];
    for (const cell of this.cells.values()) {
      out.push({ labels: { __name__: TEMPO_METRIC.spanCalls, ...cell.labels }, samples: [{ timestamp, value: cell.calls }] });
      histogramSeries(TEMPO_METRIC.spanLatency, cell.labels, this.bounds, cell.counts, cell.sum, timestamp, out);
    }
    return out;
  }

  /** The state as plain data. */
  toJSON(): SpanMetricsState {
    return { buckets: this.bounds, cells: [...this.cells.values()].map((c) => ({ labels: c.labels, calls: c.calls, counts: [...c.counts], sum: c.sum })), dropped: this.dropped };
  }

  /** An accumulator restored from {@link SpanMetricsAccumulator.toJSON}; the stored buckets win over `options.buckets`. */
  static fromJSON(state: SpanMetricsState, options: SpanMetricsOptions = {}): SpanMetricsAccumulator {
    const acc = new SpanMetricsAccumulator({ ...options, buckets: state.buckets });
    const kinds = new Map(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'].map((k) => [spanKindLabel(k as Span['kind']), k]));
    const statuses = new Map(['unset', 'ok', 'error'].map((k) => [statusCodeLabel(k as Span['status']), k]));
    for (const c of state.cells) {
      const l = c.labels;
      let key = `${l.service}\u0000${l.span_name}\u0000${kinds.get(l.span_kind)}\u0000${statuses.get(l.status_code)}`;
      if (acc.dimensionLabels.length > 0) key += `\u0000${acc.dimensionLabels.map((d) => l[d] ?? '').join('\u0000')}`;
      acc.cells.set(key, { labels: { ...l }, calls: c.calls, counts: [...c.counts], sum: c.sum });
    }
    acc.dropped = state.dropped;
    return acc;
  }
}

function dimensionValue(span: Span, name: string): string {
  const v = span.attributes[name] ?? span.resource[name];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
