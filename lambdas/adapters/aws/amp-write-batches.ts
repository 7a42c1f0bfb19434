import type { Labels, Sample, Series } from '../../core/domain/series';
import { LABEL_NAME } from './amp-query-text';

/** Bounds of one remote_write request. */
export interface AmpBatchLimits {
  /** Samples per request (Prometheus' own remote_write sends 2,000 by default). */
  readonly maxSamples: number;
  /** Approximate uncompressed protobuf bytes per request. */
  readonly maxBytes: number;
  /** Labels per series (AMP's default quota is 70). */
  readonly maxLabels: number;
}

/** A series cleaned for the workspace, with the series it came from (to report rejections against). */
export interface OutgoingSeries {
  readonly source: Series;
  readonly series: Series;
}

/** Why a series cannot be sent, or the series as it will be sent: empty labels dropped, samples sorted, one per timestamp (the last). */
export function prepareSeries(s: Series, limits: AmpBatchLimits): { reason: string } | { series: Series } {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.labels)) if (v !== '') labels[k] = v;
  const names = Object.keys(labels);
  if (!labels.__name__) return { reason: 'series has no metric name (__name__), which Amazon Managed Service for Prometheus requires' };
  const bad = names.find((n) => !LABEL_NAME.test(n));
  if (bad !== undefined) return { reason: `label name ${JSON.stringify(bad)} is not valid in Prometheus ([a-zA-Z_][a-zA-Z0-9_]*)` };
  if (names.length > limits.maxLabels) return { reason: `${names.length} labels; the workspace takes at most ${limits.maxLabels} per series` };
  const byTime = new Map<number, Sample>();
  for (const sample of s.samples) byTime.set(sample.timestamp, sample);
  const samples = [...byTime.values()].sort((a, b) => a.timestamp - b.timestamp);
  return { series: { labels: labels as Labels, samples } };
}

function labelBytes(labels: Labels): number {
  let n = 0;
  for (const [k, v] of Object.entries(labels)) n += k.length + v.length + 6;
  return n;
}

/**
 * Splits series into requests of at most `maxSamples` samples and about `maxBytes` bytes;
 * a long series is cut into consecutive pieces (in time order) across requests.
 */
export function batchSeries(outgoing: readonly OutgoingSeries[], limits: AmpBatchLimits): OutgoingSeries[][] {
  const batches: OutgoingSeries[][] = [];
  let current: OutgoingSeries[] = [];
  let samples = 0;
  let bytes = 0;
  const flush = () => {
    if (current.length > 0) batches.push(current);
    current = [];
    samples = 0;
    bytes = 0;
  };
  for (const o of outgoing) {
    const head = labelBytes(o.series.labels);
    let rest = o.series.samples;
    while (rest.length > 0) {
      // 20 bytes per sample: a double, a varint timestamp and their tags.
      const fit = Math.min(rest.length, limits.maxSamples - samples, Math.floor((limits.maxBytes - bytes - head) / 20));
      if (fit <= 0) {
        if (current.length === 0) throw new Error('a single series does not fit the request size bound');
        flush();
        continue;
      }
      current.push({ source: o.source, series: { labels: o.series.labels, samples: rest.slice(0, fit) } });
      samples += fit;
      bytes += head + fit * 20;
      rest = rest.slice(fit);
    }
  }
  flush();
  return batches;
}
