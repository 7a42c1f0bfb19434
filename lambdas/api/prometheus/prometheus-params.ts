import type { ApiRequest } from '../http/api-types';
import { PrometheusApiError } from './prometheus-response';

const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/**
 * The parameters of a Prometheus API request: the URL query and, for a form POST
 * (`application/x-www-form-urlencoded`), the body, body values first as Go's FormValue has it.
 * Parse failures throw `bad_data` with Prometheus' wording.
 */
export class PrometheusParams {
  private readonly values = new Map<string, string[]>();

  constructor(request: ApiRequest) {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (request.method === 'POST' && request.body && contentType === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) this.add(k, v);
    }
    for (const [k, vs] of Object.entries(request.query)) for (const v of vs) this.add(k, v);
  }

  /** The first value of a parameter. */
  get(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** Every value of a parameter (`match[]` also read as `match`). */
  all(name: string): string[] {
    return [...(this.values.get(name) ?? []), ...(name.endsWith('[]') ? (this.values.get(name.slice(0, -2)) ?? []) : [])];
  }

  /** A required, non-empty parameter. */
  required(name: string): string {
    const v = this.get(name);
    if (v === undefined || v === '') throw new PrometheusApiError('bad_data', `invalid parameter "${name}": parameter is required`);
    return v;
  }

  /** A time (RFC 3339 or Unix seconds) in ms, or the fallback when absent. */
  time(name: string, fallback: number): number {
    const v = this.get(name);
    return v === undefined || v === '' ? fallback : parsePrometheusTime(v, name);
  }

  /** A duration (Prometheus syntax or float seconds) in ms, or undefined when absent. */
  duration(name: string): number | undefined {
    const v = this.get(name);
    return v === undefined || v === '' ? undefined : parsePrometheusDurationParam(v, name);
  }

  private add(k: string, v: string): void {
    const list = this.values.get(k);
    if (list) list.push(v);
    else this.values.set(k, [v]);
  }
}

/** A time parameter in ms: float Unix seconds or RFC 3339, as Prometheus' parseTime. */
export function parsePrometheusTime(text: string, name: string): number {
  if (FLOAT.test(text)) {
    const seconds = Number(text);
    // Millisecond resolution, rounded the way Go's float-to-time conversion ends up (nanoseconds, then truncated to ms).
    if (Number.isFinite(seconds)) return Math.round(seconds * 1000);
  }
  if (RFC3339.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  throw new PrometheusApiError('bad_data', `invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
}

/** A duration parameter in ms: float seconds or a Prometheus duration such as `15s` or `1m30s`. */
export function parsePrometheusDurationParam(text: string, name: string): number {
  if (FLOAT.test(text)) {
    const ms = Number(text) * 1000;
    if (Number.isFinite(ms) && ms <= Number.MAX_SAFE_INTEGER) return Math.round(ms);
  } else if (DURATION.test(text)) {
    let total = 0;
    for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
    return total;
  }
  throw new PrometheusApiError('bad_data', `invalid parameter "${name}": cannot parse "${text}" to a valid duration`);
}
