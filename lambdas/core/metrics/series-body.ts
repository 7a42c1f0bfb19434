import { isStaleNaN, STALE_NAN, type Labels, type Sample, type Series } from '../domain/series';

/** A sample value as JSON carries it: a number, or one of the strings Prometheus uses for the values JSON lacks. */
export type WireValue = number | 'NaN' | '+Inf' | '-Inf' | 'StaleNaN';

/** One series of a `series` envelope body: labels, then timestamps (ms) and values side by side (compact and fast to parse). */
export interface SeriesBodyItem {
  readonly labels: Labels;
  readonly t: readonly number[];
  readonly v: readonly WireValue[];
}

/** Why a `series` body could not be read. */
export class SeriesBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeriesBodyError';
  }
}

/** A value as JSON can carry it; the staleness marker keeps its identity (plain NaN would lose the payload). */
export function toWireValue(value: number): WireValue {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return isStaleNaN(value) ? 'StaleNaN' : 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

const FROM_WIRE: Record<string, number> = { NaN: Number.NaN, '+Inf': Infinity, Inf: Infinity, '-Inf': -Infinity, StaleNaN: STALE_NAN };

/** The series as an envelope body. */
export function encodeSeriesBody(series: readonly Series[]): SeriesBodyItem[] {
  return series.map((s) => ({ labels: s.labels, t: s.samples.map((x) => x.timestamp), v: s.samples.map((x) => toWireValue(x.value)) }));
}

/**
 * Reads a `series` body back. Accepts the compact form ({@link SeriesBodyItem}) and the plain
 * `Series[]` form (`samples: [{timestamp, value}]`) other producers may put on the stream.
 */
export function decodeSeriesBody(body: unknown): Series[] {
  if (!Array.isArray(body)) throw new SeriesBodyError('a series body must be an array');
  return body.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) throw new SeriesBodyError(`series[${i}] is not an object`);
    const s = item as Record<string, unknown>;
    if (typeof s.labels !== 'object' || s.labels === null) throw new SeriesBodyError(`series[${i}] has no labels`);
    const samples: Sample[] = [];
    if (Array.isArray(s.t) && Array.isArray(s.v)) {
      if (s.t.length !== s.v.length) throw new SeriesBodyError(`series[${i}] has ${s.t.length} timestamps and ${s.v.length} values`);
      for (let k = 0; k < s.t.length; k++) samples.push(sample(s.t[k], s.v[k], i));
    } else if (Array.isArray(s.samples)) {
      for (const p of s.samples as { timestamp?: unknown; value?: unknown }[]) samples.push(sample(p?.timestamp, p?.value, i));
    } else {
      throw new SeriesBodyError(`series[${i}] needs t and v (or samples)`);
    }
    return { labels: s.labels as Labels, samples };
  });
}

function sample(t: unknown, v: unknown, i: number): Sample {
  const value = typeof v === 'string' ? FROM_WIRE[v] : v;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || typeof value !== 'number') {
    throw new SeriesBodyError(`series[${i}] has a sample without an integer timestamp and a numeric value`);
  }
  return { timestamp: t, value };
}
