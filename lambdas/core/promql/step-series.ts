import type { Labels } from '../domain/series';
import { PromqlEvalError } from './promql-error';

/** One series of an instant-vector result evaluated at every step of a range: a value and a presence flag per step. */
export interface StepSeries {
  readonly labels: Labels;
  readonly values: Float64Array;
  readonly present: Uint8Array;
  /** Raw sample timestamps (ms) per step, kept only by plain vector selectors for `timestamp()`. */
  sampleTimes?: Float64Array;
  /** Prometheus' delayed name removal: the metric name is dropped when the query finishes. */
  dropName?: boolean;
}

/** Samples of one series in parallel arrays, ascending by time (a range-vector series). */
export interface SampleArrays {
  readonly labels: Labels;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

const keyCache = new WeakMap<object, string>();

/** A stable key for a label set (sorted names, unambiguous separators), cached per label object. */
export function labelsKey(labels: Labels): string {
  let k = keyCache.get(labels);
  if (k === undefined) {
    const names = Object.keys(labels).sort();
    k = names.map((n) => `${n}\u0000${labels[n]}`).join('\u0001');
    keyCache.set(labels, k);
  }
  return k;
}

/** The labels that describe the metric rather than the series: name, type and unit. */
export const METADATA_LABELS: readonly string[] = ['__name__', '__type__', '__unit__'];

/** The label set without the metric name, type and unit (the same object when it has none of them). */
export function withoutMetadata(labels: Labels): Labels {
  if (!METADATA_LABELS.some((k) => k in labels)) return labels;
  const out: Record<string, string> = { ...labels };
  for (const k of METADATA_LABELS) delete out[k];
  return out;
}

/** Renders a label set as Prometheus does in messages: `{__name__="x", a="b"}`, names sorted. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}

/** A new empty step series of the given length. */
export function newStepSeries(labels: Labels, steps: number, dropName = false): StepSeries {
  return { labels, values: new Float64Array(steps), present: new Uint8Array(steps), dropName };
}

/**
 * Collects output samples step by step into series keyed by labels, rejecting two samples with
 * the same label set at the same step (Prometheus' "same labelset" error). Keeps first-seen order.
 */
export class SeriesCollector {
  private readonly byKey = new Map<string, StepSeries>();

  constructor(private readonly steps: number) {}

  /** The series for these labels, created on first use. */
  series(labels: Labels, dropName = false): StepSeries {
    const key = labelsKey(labels);
    let s = this.byKey.get(key);
    if (!s) {
      s = newStepSeries(labels, this.steps, dropName);
      this.byKey.set(key, s);
    }
    return s;
  }

  /** Sets the value of a series at one step; throws when that step already has a value. */
  add(labels: Labels, step: number, value: number, dropName = false): void {
    this.set(this.series(labels, dropName), step, value);
  }

  /** Like add, for a series already obtained from series(). */
  set(s: StepSeries, step: number, value: number): void {
    if (s.present[step]) throw new PromqlEvalError('vector cannot contain metrics with the same labelset');
    s.present[step] = 1;
    s.values[step] = value;
  }

  /** The collected series that have at least one value. */
  result(): StepSeries[] {
    return [...this.byKey.values()].filter((s) => s.present.includes(1));
  }
}
