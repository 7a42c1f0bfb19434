import type { FieldError } from '../alerting/rules/rule';
import { parseDuration } from '../alerting/duration';

/** StateStore kinds of synthetic checks: definitions and what each run left behind. */
export const CHECK_KINDS = { check: 'synthetic-check', state: 'synthetic-check-state' } as const;

/** A synthetic HTTP(S) check. */
export interface SyntheticCheck {
  readonly id: string;
  readonly name: string;
  /** The service the check speaks for (status page and SLOs group by it). */
  readonly service: string;
  readonly url: string;
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'OPTIONS';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Accepted status codes. @default [200..299] */
  readonly expectedStatus?: readonly number[];
  /** A regular expression the body must match. */
  readonly bodyMatch?: string;
  /** Slower than this (ms) counts as a failure. */
  readonly latencyBudgetMs?: number;
  /** Prometheus duration between runs. @default 1m */
  readonly interval: string;
  /** Prometheus duration. @default 10s */
  readonly timeout: string;
  readonly enabled: boolean;
}

/** What one run of a check found. */
export interface ProbeResult {
  readonly checkId: string;
  /** Unix ms when the probe started. */
  readonly timestamp: number;
  readonly success: boolean;
  readonly durationMs: number;
  readonly status?: number;
  /** Why it failed: timeout, connection refused, status 503, body mismatch, over budget... */
  readonly failure?: string;
  /** Unix ms when the server's TLS certificate expires (https only). */
  readonly certificateExpiresAt?: number;
}

/** Validates a check definition; fills `method`, `interval`, `timeout` and `enabled` defaults. */
export function validateCheck(input: unknown): { check?: SyntheticCheck; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const o = (input && typeof input === 'object' ? input : {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(String(o.id ?? ''))) errors.push({ field: 'id', message: 'must be 1-63 lowercase letters, digits or dashes' });
  for (const f of ['name', 'service']) if (typeof o[f] !== 'string' || !o[f].trim()) errors.push({ field: f, message: 'must be a non-empty string' });
  let url: URL | undefined;
  try {
    url = new URL(String(o.url));
  } catch {
    errors.push({ field: 'url', message: 'must be an absolute http or https URL' });
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') errors.push({ field: 'url', message: 'must use http or https' });
  const method = o.method ?? 'GET';
  if (!['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'].includes(method)) errors.push({ field: 'method', message: 'must be GET, HEAD, POST, PUT or OPTIONS' });
  if (o.expectedStatus !== undefined && !(Array.isArray(o.expectedStatus) && o.expectedStatus.every((s: unknown) => Number.isInteger(s) && (s as number) >= 100 && (s as number) <= 599))) {
    errors.push({ field: 'expectedStatus', message: 'must be a list of HTTP status codes' });
  }
  if (o.bodyMatch !== undefined) {
    try {
      new RegExp(o.bodyMatch);
    } catch {
      errors.push({ field: 'bodyMatch', message: 'must be a valid regular expression' });
    }
  }
  if (o.latencyBudgetMs !== undefined && !(typeof o.latencyBudgetMs === 'number' && o.latencyBudgetMs > 0)) errors.push({ field: 'latencyBudgetMs', message: 'must be a positive number of milliseconds' });
  const interval = o.interval ?? '1m';
  const timeout = o.timeout ?? '10s';
  const ms = (v: string, field: string, min: number, max: number) => {
    try {
      const d = parseDuration(String(v));
      if (d < min || d > max) errors.push({ field, message: `must be between ${min / 1000}s and ${max / 1000}s` });
      return d;
    } catch {
      errors.push({ field, message: 'must be a Prometheus duration like 30s or 1m' });
      return 0;
    }
  };
  const intervalMs = ms(interval, 'interval', 10_000, 3_600_000);
  const timeoutMs = ms(timeout, 'timeout', 100, 60_000);
  if (intervalMs && timeoutMs && timeoutMs > intervalMs) errors.push({ field: 'timeout', message: 'must not be longer than the interval' });
  if (o.headers !== undefined && (typeof o.headers !== 'object' || Object.values(o.headers).some((v) => typeof v !== 'string'))) errors.push({ field: 'headers', message: 'must map header names to strings' });
  if (errors.length) return { errors };
  return { check: { ...(o as SyntheticCheck), method, interval, timeout, enabled: o.enabled ?? true }, errors };
}

/** Judges a raw HTTP outcome against the check's expectations. */
export function judgeProbe(check: SyntheticCheck, raw: { status?: number; body?: string; durationMs: number; error?: string }): { success: boolean; failure?: string } {
  if (raw.error) return { success: false, failure: raw.error };
  const expected = check.expectedStatus;
  const statusOk = raw.status !== undefined && (expected ? expected.includes(raw.status) : raw.status >= 200 && raw.status < 300);
  if (!statusOk) return { success: false, failure: `status ${raw.status ?? 'none'}` };
  if (check.bodyMatch && !new RegExp(check.bodyMatch).test(raw.body ?? '')) return { success: false, failure: 'body does not match' };
  if (check.latencyBudgetMs !== undefined && raw.durationMs > check.latencyBudgetMs) return { success: false, failure: `took ${Math.round(raw.durationMs)} ms, budget ${check.latencyBudgetMs} ms` };
  return { success: true };
}

/** The series a probe result writes, with Prometheus blackbox-exporter names. */
export function probeSeries(check: SyntheticCheck, r: ProbeResult): { labels: Record<string, string>; samples: { timestamp: number; value: number }[] }[] {
  const labels = { check: check.id, service: check.service, instance: check.url, job: 'synthetic' };
  const at = (name: string, value: number) => ({ labels: { __name__: name, ...labels }, samples: [{ timestamp: r.timestamp, value }] });
  const out = [at('probe_success', r.success ? 1 : 0), at('probe_duration_seconds', r.durationMs / 1000)];
  if (r.status !== undefined) out.push(at('probe_http_status_code', r.status));
  if (r.certificateExpiresAt !== undefined) out.push(at('probe_ssl_earliest_cert_expiry', Math.floor(r.certificateExpiresAt / 1000)));
  return out;
}
