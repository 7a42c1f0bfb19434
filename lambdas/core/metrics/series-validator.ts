import type { Labels, Sample, Series } from '../domain/series';
import type { MetricLimits } from './metric-limits';

/** Why a series or sample was refused (stable codes for counters and error bodies). */
export type RejectionReason =
  | 'missing_metric_name'
  | 'invalid_metric_name'
  | 'invalid_label_name'
  | 'duplicate_label_name'
  | 'label_name_too_long'
  | 'label_value_too_long'
  | 'too_many_labels'
  | 'too_many_series'
  | 'sample_too_far_in_future'
  | 'sample_too_old'
  | 'no_samples';

/** Counts and one example per rejection reason. */
export interface Rejection {
  readonly reason: RejectionReason;
  readonly series: number;
  readonly samples: number;
  readonly example: string;
}

/** What validation kept and what it refused. */
export interface ValidationResult {
  readonly accepted: Series[];
  readonly acceptedSamples: number;
  readonly rejections: Rejection[];
}

/** A series as it arrives, labels as pairs so duplicates can be seen. */
export interface IncomingSeries {
  readonly labelPairs: readonly (readonly [string, string])[];
  readonly samples: readonly Sample[];
}

const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Validates incoming series against the limits, keeping every valid series and sample and
 * describing the rest. Label semantics follow Prometheus: an empty value means the label is
 * absent; names beginning with `__` are reserved (only `__name__` is accepted).
 * NaN, ±Inf and the staleness marker are valid sample values, as in Prometheus.
 */
export function validateSeries(incoming: readonly IncomingSeries[], limits: MetricLimits, now: number): ValidationResult {
  const rejections = new Map<RejectionReason, { series: number; samples: number; example: string }>();
  const reject = (reason: RejectionReason, samples: number, example: string) => {
    const r = rejections.get(reason) ?? { series: 0, samples: 0, example };
    r.series += 1;
    r.samples += samples;
    rejections.set(reason, r);
  };
  const accepted: Series[] = [];
  let acceptedSamples = 0;
  const latest = now + limits.maxFutureMs;
  const earliest = limits.maxAgeMs > 0 ? now - limits.maxAgeMs : -Infinity;
  incoming.forEach((s, index) => {
    if (index >= limits.maxSeriesPerRequest) {
      reject('too_many_series', s.samples.length, `request has ${incoming.length} series, the limit is ${limits.maxSeriesPerRequest}`);
      return;
    }
    const checked = checkLabels(s.labelPairs, limits);
    if ('reason' in checked) {
      reject(checked.reason, s.samples.length, checked.example);
      return;
    }
    const samples: Sample[] = [];
    for (const sample of s.samples) {
      if (sample.timestamp > latest) reject('sample_too_far_in_future', 1, `${describe(checked.labels)} at ${new Date(sample.timestamp).toISOString()}`);
      else if (sample.timestamp < earliest) reject('sample_too_old', 1, `${describe(checked.labels)} at ${new Date(sample.timestamp).toISOString()}`);
      else samples.push(sample);
    }
    if (s.samples.length === 0) reject('no_samples', 0, describe(checked.labels));
    if (samples.length === 0) return;
    accepted.push({ labels: checked.labels, samples });
    acceptedSamples += samples.length;
  });
  return {
    accepted,
    acceptedSamples,
    rejections: [...rejections.entries()].map(([reason, r]) => ({ reason, ...r })),
  };
}

/** Converts a series with a label object into the incoming form. */
export function toIncoming(series: Series): IncomingSeries {
  return { labelPairs: Object.entries(series.labels), samples: series.samples };
}

function checkLabels(
  pairs: readonly (readonly [string, string])[],
  limits: MetricLimits,
): { labels: Labels } | { reason: RejectionReason; example: string } {
  const labels: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of pairs) {
    if (name.length > limits.maxLabelNameLength) return { reason: 'label_name_too_long', example: `${name.slice(0, 64)}... (${name.length} characters)` };
    if (name in labels) return { reason: 'duplicate_label_name', example: `label "${name}" appears twice` };
    if (name === '__name__') {
      if (!METRIC_NAME_RE.test(value)) return { reason: 'invalid_metric_name', example: JSON.stringify(value.slice(0, 128)) };
    } else if (!LABEL_NAME_RE.test(name) || name.startsWith('__')) {
      return { reason: 'invalid_label_name', example: JSON.stringify(name.slice(0, 128)) };
    }
    if (value.length > limits.maxLabelValueLength) {
      return { reason: 'label_value_too_long', example: `label "${name}" has ${value.length} characters, the limit is ${limits.maxLabelValueLength}` };
    }
    labels[name] = value;
    if (value !== '') count++;
  }
  if (!labels.__name__) return { reason: 'missing_metric_name', example: describe(labels) };
  if (count > limits.maxLabelsPerSeries) return { reason: 'too_many_labels', example: `${labels.__name__} has ${count} labels, the limit is ${limits.maxLabelsPerSeries}` };
  for (const k of Object.keys(labels)) if (labels[k] === '') delete labels[k];
  return { labels };
}

function describe(labels: Labels): string {
  const name = labels.__name__ ?? '';
  const rest = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .slice(0, 8)
    .map(([k, v]) => `${k}=${JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}...` : v)}`);
  return `${name}{${rest.join(',')}}`;
}
