import { PlatformError } from '../../core/domain/errors';
import type { Labels } from '../../core/domain/series';
import type { QueryResponse } from '../../core/promql/engine';
import { PromqlEvalError, PromqlParseError } from '../../core/promql/promql-error';
import type { ApiResponse } from '../http/api-types';

/** Prometheus' error types, as its HTTP API names them. */
export type PrometheusErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'unavailable' | 'not_found';

const STATUS: Record<PrometheusErrorType, number> = {
  bad_data: 400,
  execution: 422,
  timeout: 503,
  canceled: 503,
  internal: 500,
  unavailable: 503,
  not_found: 404,
};

const JSON_TYPE = 'application/json';

/** An error Prometheus' HTTP API would answer with this type. */
export class PrometheusApiError extends Error {
  constructor(
    readonly errorType: PrometheusErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'PrometheusApiError';
  }
}

/** `{status: "success", data, warnings?, infos?}` with 200. */
export function prometheusSuccess(data: unknown, warnings: readonly string[] = [], infos: readonly string[] = []): ApiResponse {
  const body: Record<string, unknown> = { status: 'success', data };
  if (warnings.length > 0) body.warnings = warnings;
  if (infos.length > 0) body.infos = infos;
  return { statusCode: 200, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
}

/** `{status: "error", errorType, error}` with the status Prometheus uses for the type. */
export function prometheusError(errorType: PrometheusErrorType, message: string): ApiResponse {
  return { statusCode: STATUS[errorType], headers: { 'content-type': JSON_TYPE }, body: JSON.stringify({ status: 'error', errorType, error: message }) };
}

/** Maps anything a Prometheus route throws to Prometheus' error envelope. */
export function prometheusErrorFor(error: unknown): ApiResponse {
  if (error instanceof PrometheusApiError) return prometheusError(error.errorType, error.message);
  if (error instanceof PromqlParseError) return prometheusError('bad_data', error.message);
  if (error instanceof PromqlEvalError) return prometheusError('execution', error.message);
  if (error instanceof PlatformError) {
    if (error.code === 'invalid_argument') return prometheusError('bad_data', error.message);
    if (error.code === 'unprocessable') return prometheusError('execution', error.message);
    if (error.code === 'unavailable' || error.code === 'rate_limited') return prometheusError('unavailable', error.message);
    if (error.code === 'not_found') return prometheusError('not_found', error.message);
  }
  throw error;
}

/**
 * A float as Prometheus writes sample values (Go's `strconv.FormatFloat(v, 'f', -1, 64)`):
 * shortest round-trip digits, never an exponent; NaN, +Inf, -Inf.
 */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const [intPart, frac = ''] = mantissa.split('.');
  const digits = intPart + frac;
  const point = intPart.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** A timestamp in ms as the JSON number of Unix seconds Prometheus writes. */
export function unixSeconds(ms: number): number {
  return ms / 1000;
}

/** One `[<unix seconds>, "<value>"]` pair. */
export function samplePair(timestampMs: number, value: number): [number, string] {
  return [unixSeconds(timestampMs), formatSampleValue(value)];
}

/** A query result as Prometheus' `data`: `{resultType, result}`. */
export function queryData(result: QueryResponse): { resultType: string; result: unknown } {
  switch (result.resultType) {
    case 'scalar':
      return { resultType: 'scalar', result: samplePair(result.result.timestamp, result.result.value) };
    case 'string':
      return { resultType: 'string', result: [unixSeconds(result.result.timestamp), result.result.value] };
    case 'vector':
      return { resultType: 'vector', result: result.result.map((s) => ({ metric: s.metric as Labels, value: samplePair(s.timestamp, s.value) })) };
    case 'matrix':
      return { resultType: 'matrix', result: result.result.map((s) => ({ metric: s.metric as Labels, values: s.points.map((p) => samplePair(p.timestamp, p.value)) })) };
  }
}
