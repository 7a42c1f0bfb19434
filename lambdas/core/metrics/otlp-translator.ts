import { STALE_NAN, type Sample, type Series } from '../domain/series';
import { anyValueToString, nanosToMillis, otlpNumber } from '../otlp/any-value';
import {
  FLAG_NO_RECORDED_VALUE,
  TEMPORALITY,
  type OtlpExponentialHistogramDataPoint,
  type OtlpHistogramDataPoint,
  type OtlpKeyValue,
  type OtlpMetric,
  type OtlpMetricsRequest,
  type OtlpNumberDataPoint,
  type OtlpSummaryDataPoint,
} from '../otlp/otlp-types';
import { type NamingType, prometheusLabelName, prometheusMetricName, prometheusUnit } from './prometheus-naming';
import type { RemoteWriteMetadata } from './remote-write-codec';

/** What the translation produced and what it had to refuse (OTLP partial success). */
export interface OtlpTranslation {
  readonly series: Series[];
  readonly metadata: RemoteWriteMetadata[];
  readonly rejectedDataPoints: number;
  /** Why points were refused, and notes on points stored differently than sent (delta temporality). */
  readonly messages: string[];
}

type Labels = Record<string, string>;

// Resource attributes that become job and instance rather than target_info labels.
const IDENTIFYING = new Set(['service.name', 'service.namespace', 'service.instance.id']);

/**
 * Translates an OTLP metrics request into Prometheus series the way Prometheus' OTLP
 * receiver does: normalised names with unit and `_total` suffixes, histograms as
 * `_bucket`/`_sum`/`_count`, exponential histograms as classic buckets, summaries as
 * quantile series, `job`/`instance` from the resource and a `target_info` series for
 * the other resource attributes. Delta-temporality points are stored as sent (each sample is
 * the increase over its own interval, as Prometheus' native delta ingestion keeps them; query
 * them with `sum_over_time`, not `rate`) and a message says so.
 * `receivedAt` (ms) stamps points that carry no timestamp.
 */
export function translateOtlpMetrics(request: OtlpMetricsRequest, receivedAt: number): OtlpTranslation {
  const out = new SeriesCollector();
  const metadata = new Map<string, RemoteWriteMetadata>();
  const messages: string[] = [];
  let rejected = 0;
  for (const rm of request.resourceMetrics ?? []) {
    const resourceAttrs = rm.resource?.attributes ?? [];
    const base = resourceLabels(resourceAttrs);
    let latest = 0;
    for (const sm of rm.scopeMetrics ?? []) {
      for (const metric of sm.metrics ?? []) {
        const result = translateMetric(metric, base, receivedAt, out);
        rejected += result.rejected;
        if (result.message) messages.push(result.message);
        if (result.meta) metadata.set(result.meta.metricFamilyName, result.meta);
        latest = Math.max(latest, result.latest);
      }
    }
    const info = resourceAttrs.filter((kv) => !IDENTIFYING.has(kv.key));
    if (info.length > 0 && latest > 0) {
      out.add({ ...attributeLabels(info), ...base, __name__: 'target_info' }, latest, 1);
    }
  }
  return { series: out.series(), metadata: [...metadata.values()], rejectedDataPoints: rejected, messages };
}

interface MetricResult {
  rejected: number;
  message?: string;
  meta?: RemoteWriteMetadata;
  latest: number;
}

function translateMetric(metric: OtlpMetric, base: Labels, now: number, out: SeriesCollector): MetricResult {
  const res: MetricResult = { rejected: 0, latest: 0 };
  const stamp = (t: number) => {
    const ts = t || now;
    res.latest = Math.max(res.latest, ts);
    return ts;
  };
  const meta = (type: string, naming: NamingType): string => {
    const name = prometheusMetricName(metric.name, metric.unit, naming);
    res.meta = { metricFamilyName: name, type, help: metric.description ?? '', unit: prometheusUnit(metric.unit) };
    return name;
  };
  const noteDelta = (temporality: number | undefined, points: number) => {
    if (temporality === TEMPORALITY.DELTA && points > 0) {
      res.message = `metric "${metric.name}": ${points} delta-temporality points stored as deltas (query with sum_over_time); export cumulative temporality for counters`;
    }
  };
  if (metric.gauge) {
    const name = meta('gauge', 'gauge');
    for (const p of metric.gauge.dataPoints ?? []) addNumber(out, name, base, p, stamp);
  } else if (metric.sum) {
    const points = metric.sum.dataPoints ?? [];
    noteDelta(metric.sum.aggregationTemporality, points.length);
    const name = metric.sum.isMonotonic ? meta('counter', 'counter') : meta('gauge', 'non-monotonic-sum');
    for (const p of points) addNumber(out, name, base, p, stamp);
  } else if (metric.histogram) {
    const points = metric.histogram.dataPoints ?? [];
    noteDelta(metric.histogram.aggregationTemporality, points.length);
    const name = meta('histogram', 'histogram');
    for (const p of points) addHistogram(out, name, base, p, stamp);
  } else if (metric.exponentialHistogram) {
    const points = metric.exponentialHistogram.dataPoints ?? [];
    noteDelta(metric.exponentialHistogram.aggregationTemporality, points.length);
    const name = meta('histogram', 'histogram');
    for (const p of points) addHistogram(out, name, base, exponentialToExplicit(p), stamp);
  } else if (metric.summary) {
    const name = meta('summary', 'summary');
    for (const p of metric.summary.dataPoints ?? []) addSummary(out, name, base, p, stamp);
  } else {
    res.message = `metric "${metric.name}" has no data (gauge, sum, histogram, exponentialHistogram or summary)`;
  }
  return res;
}

type Stamp = (t: number) => number;

function pointValue(flags: number | undefined, v: number): number {
  return (flags ?? 0) & FLAG_NO_RECORDED_VALUE ? STALE_NAN : v;
}

function addNumber(out: SeriesCollector, name: string, base: Labels, p: OtlpNumberDataPoint, stamp: Stamp): void {
  const v = p.asDouble !== undefined ? Number(p.asDouble) : otlpNumber(p.asInt);
  out.add({ ...attributeLabels(p.attributes), ...base, __name__: name }, stamp(nanosToMillis(p.timeUnixNano)), pointValue(p.flags, v));
}

function addHistogram(out: SeriesCollector, name: string, base: Labels, p: OtlpHistogramDataPoint, stamp: Stamp): void {
  const labels = { ...attributeLabels(p.attributes), ...base };
  const ts = stamp(nanosToMillis(p.timeUnixNano));
  const counts = (p.bucketCounts ?? []).map(otlpNumber);
  const bounds = (p.explicitBounds ?? []).map(Number);
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += counts[i] ?? 0;
    out.add({ ...labels, le: formatBound(bounds[i]), __name__: `${name}_bucket` }, ts, pointValue(p.flags, cumulative));
  }
  const count = otlpNumber(p.count);
  out.add({ ...labels, le: '+Inf', __name__: `${name}_bucket` }, ts, pointValue(p.flags, count));
  out.add({ ...labels, __name__: `${name}_count` }, ts, pointValue(p.flags, count));
  if (p.sum !== undefined) out.add({ ...labels, __name__: `${name}_sum` }, ts, pointValue(p.flags, Number(p.sum)));
}

function addSummary(out: SeriesCollector, name: string, base: Labels, p: OtlpSummaryDataPoint, stamp: Stamp): void {
  const labels = { ...attributeLabels(p.attributes), ...base };
  const ts = stamp(nanosToMillis(p.timeUnixNano));
  for (const q of p.quantileValues ?? []) {
    out.add({ ...labels, quantile: formatBound(q.quantile ?? 0), __name__: name }, ts, pointValue(p.flags, Number(q.value ?? 0)));
  }
  out.add({ ...labels, __name__: `${name}_count` }, ts, pointValue(p.flags, otlpNumber(p.count)));
  out.add({ ...labels, __name__: `${name}_sum` }, ts, pointValue(p.flags, Number(p.sum ?? 0)));
}

/**
 * An exponential histogram as explicit buckets: bucket index i covers (base^i, base^(i+1)]
 * with base = 2^(2^-scale); negative buckets mirror that below zero; the zero bucket ends
 * at the zero threshold.
 */
export function exponentialToExplicit(p: OtlpExponentialHistogramDataPoint): OtlpHistogramDataPoint {
  const base = 2 ** (2 ** -(p.scale ?? 0));
  const bounds: number[] = [];
  const counts: number[] = [];
  const neg = p.negative?.bucketCounts ?? [];
  const negOffset = p.negative?.offset ?? 0;
  for (let k = neg.length - 1; k >= 0; k--) {
    bounds.push(-(base ** (negOffset + k)));
    counts.push(otlpNumber(neg[k]));
  }
  bounds.push(p.zeroThreshold ?? 0);
  counts.push(otlpNumber(p.zeroCount));
  const pos = p.positive?.bucketCounts ?? [];
  const posOffset = p.positive?.offset ?? 0;
  for (let k = 0; k < pos.length; k++) {
    bounds.push(base ** (posOffset + k + 1));
    counts.push(otlpNumber(pos[k]));
  }
  return { ...p, explicitBounds: bounds, bucketCounts: [...counts, 0] };
}

function resourceLabels(attrs: readonly OtlpKeyValue[]): Labels {
  const get = (k: string) => anyValueToString(attrs.find((kv) => kv.key === k)?.value);
  const name = get('service.name');
  const ns = get('service.namespace');
  const instance = get('service.instance.id');
  const out: Labels = {};
  if (name) out.job = ns ? `${ns}/${name}` : name;
  if (instance) out.instance = instance;
  return out;
}

/** Attributes as labels; keys that sanitise to the same name have their values joined with ';' in key order. */
function attributeLabels(attrs: readonly OtlpKeyValue[] | undefined): Labels {
  if (!attrs || attrs.length === 0) return {};
  const byName = new Map<string, [string, string][]>();
  for (const kv of attrs) {
    const name = prometheusLabelName(kv.key);
    if (!name) continue;
    const list = byName.get(name) ?? [];
    list.push([kv.key, anyValueToString(kv.value)]);
    byName.set(name, list);
  }
  const out: Labels = {};
  for (const [name, list] of byName) {
    out[name] = list
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map((x) => x[1])
      .join(';');
  }
  return out;
}

function formatBound(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Groups samples by label set, so one series carries all its points of a request. */
class SeriesCollector {
  private readonly map = new Map<string, { labels: Labels; samples: Sample[] }>();
  add(labels: Labels, timestamp: number, value: number): void {
    const key = JSON.stringify(Object.entries(labels).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    let entry = this.map.get(key);
    if (!entry) {
      entry = { labels, samples: [] };
      this.map.set(key, entry);
    }
    entry.samples.push({ timestamp, value });
  }
  series(): Series[] {
    return [...this.map.values()].map((e) => ({ labels: e.labels, samples: e.samples.sort((a, b) => a.timestamp - b.timestamp) }));
  }
}
