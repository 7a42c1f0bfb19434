import { encodeRemoteWrite } from '../../core/metrics/remote-write-codec';
import { seriesKey, type Labels, type Sample, type Series } from '../../core/domain/series';
import type { MetricSelection, MetricStore, MetricWriteResult } from '../../core/ports/metric-store';
import { PromqlPassthroughError, type PromqlPassthrough } from '../../core/ports/promql-passthrough';
import type { QueryResponse } from '../../core/promql/engine';
import { snappyCompress } from '../../core/wire/snappy';
import { AmpHttpClient, type AmpHttpClientOptions, type AmpResponse } from './amp-http-client';
import { formBody, fromPromTime, fromPromValue, LABEL_NAME, promTime, selectorFor } from './amp-query-text';
import { batchSeries, prepareSeries, type AmpBatchLimits, type OutgoingSeries } from './amp-write-batches';

/** Settings of {@link AmpMetricStore}: the workspace and its credentials, plus bounds. */
export interface AmpMetricStoreOptions extends AmpHttpClientOptions {
  /** Samples per remote_write request. @default 2000 */
  readonly maxSamplesPerRequest?: number;
  /** Approximate uncompressed bytes per remote_write request. @default 1000000 */
  readonly maxBytesPerRequest?: number;
  /** Labels per series the workspace accepts (AMP default quota). @default 70 */
  readonly maxLabelsPerSeries?: number;
  /** Longest time window one raw-sample read (`select`) asks for; longer ranges are read in consecutive windows. @default 86400000 (1 day) */
  readonly maxWindowMs?: number;
  /** Longest time window one series or label lookup asks for. @default 2764800000 (32 days) */
  readonly maxLookupWindowMs?: number;
  /**
   * Query samples processed (QSP) above which the workspace refuses one read, uncharged
   * (AMP's `max_samples_processed_error_threshold`). @default undefined (the workspace's own limits)
   */
  readonly maxSamplesProcessed?: number;
}

/** The remote_write 1.0 headers (Prometheus remote write spec). */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = {
  'content-encoding': 'snappy',
  'content-type': 'application/x-protobuf',
  'x-prometheus-remote-write-version': '0.1.0',
};

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

type PromSample = [number, string];
interface PromSeries {
  metric: Labels;
  values?: PromSample[];
  value?: PromSample;
}
interface PromBody {
  status: 'success' | 'error';
  data?: unknown;
  errorType?: string;
  error?: string;
  warnings?: string[];
  infos?: string[];
}

/**
 * Metrics in an Amazon Managed Service for Prometheus workspace. Writes are remote_write 1.0
 * (protobuf, snappy) in bounded batches; a batch the workspace refuses with a 4xx is split
 * until the refused series are isolated, each reported with the workspace's reason (samples
 * are idempotent there, so resending the accepted part is harmless). Reads use the
 * workspace's Prometheus API: `select()` evaluates the range selector `{...}[range]` at the
 * window's end, which answers raw samples, one window of at most `maxWindowMs` at a time;
 * series and label lookups use /api/v1/series, /labels and /label/<name>/values.
 *
 * Differences from the other stores, all from Prometheus' storage: a rewrite of an existing
 * (series, timestamp) with a different value is refused (AMP keeps the first), samples older
 * than the workspace's out-of-order window are refused, and /api/v1/series answers series
 * whose stored chunks overlap the range (a series may appear with no sample in a narrow range).
 */
export class AmpMetricStore implements MetricStore, PromqlPassthrough {
  private readonly http: AmpHttpClient;
  private readonly limits: AmpBatchLimits;
  private readonly windowMs: number;
  private readonly lookupWindowMs: number;
  private readonly qspLimit: Record<string, string>;

  constructor(options: AmpMetricStoreOptions) {
    this.http = new AmpHttpClient(options);
    this.limits = {
      maxSamples: options.maxSamplesPerRequest ?? 2000,
      maxBytes: options.maxBytesPerRequest ?? 1_000_000,
      maxLabels: options.maxLabelsPerSeries ?? 70,
    };
    this.windowMs = options.maxWindowMs ?? 86_400_000;
    this.lookupWindowMs = options.maxLookupWindowMs ?? 32 * 86_400_000;
    this.qspLimit = options.maxSamplesProcessed !== undefined ? { max_samples_processed_error_threshold: String(options.maxSamplesProcessed) } : {};
  }

  async write(series: readonly Series[]): Promise<MetricWriteResult> {
    const rejected = new Map<Series, string>();
    const outgoing: OutgoingSeries[] = [];
    for (const s of series) {
      const prepared = prepareSeries(s, this.limits);
      if ('reason' in prepared) rejected.set(s, prepared.reason);
      else if (prepared.series.samples.length > 0) outgoing.push({ source: s, series: prepared.series });
    }
    let accepted = 0;
    for (const batch of batchSeries(outgoing, this.limits)) accepted += await this.sendBatch(batch, rejected);
    return { accepted, rejected: [...rejected].map(([s, reason]) => ({ labels: s.labels, reason })) };
  }

  async select(selection: MetricSelection): Promise<Series[]> {
    const selector = selectorFor(selection.matchers);
    if (!selector) return [];
    const bySeries = new Map<string, { labels: Labels; samples: Sample[] }>();
    for (const [start, end] of windows(selection.range.start, selection.range.end, this.windowMs)) {
      // Prometheus 2 range selectors are closed, 3 left-open: one extra millisecond covers
      // `start` under both, and samples before it are dropped here.
      const data = await this.query('/api/v1/query', { query: `${selector}[${end - start + 1}ms]`, time: promTime(end), ...this.qspLimit });
      const result = data as { resultType: string; result: PromSeries[] };
      if (result.resultType !== 'matrix') throw new Error(`expected a matrix from a range selector, got ${result.resultType}`);
      for (const r of result.result) {
        const key = seriesKey(r.metric);
        let s = bySeries.get(key);
        if (!s) bySeries.set(key, (s = { labels: r.metric, samples: [] }));
        for (const [t, v] of r.values ?? []) {
          const timestamp = fromPromTime(t);
          if (timestamp >= start && timestamp <= end) s.samples.push({ timestamp, value: fromPromValue(v) });
        }
      }
    }
    const out = [...bySeries.entries()]
      .filter(([, s]) => s.samples.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, s]) => s);
    return selection.limit !== undefined ? out.slice(0, selection.limit) : out;
  }

  async findSeries(selection: MetricSelection): Promise<Labels[]> {
    const selector = selectorFor(selection.matchers);
    if (!selector) return [];
    const found = new Map<string, Labels>();
    for (const [start, end] of windows(selection.range.start, selection.range.end, this.lookupWindowMs)) {
      const fields = { 'match[]': selector, start: promTime(start), end: promTime(end), ...(selection.limit !== undefined && { limit: String(selection.limit) }) };
      for (const labels of (await this.read('/api/v1/series', fields)) as Labels[]) found.set(seriesKey(labels), labels);
      if (selection.limit !== undefined && found.size >= selection.limit) break;
    }
    const out = [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, l]) => l);
    return selection.limit !== undefined ? out.slice(0, selection.limit) : out;
  }

  async labelNames(selection: MetricSelection): Promise<string[]> {
    return this.distinct(selection, '/api/v1/labels', 'POST');
  }

  async labelValues(name: string, selection: MetricSelection): Promise<string[]> {
    if (!LABEL_NAME.test(name)) return [];
    return this.distinct(selection, `/api/v1/label/${name}/values`, 'GET');
  }

  async ping(): Promise<void> {
    await this.read('/api/v1/labels', { start: promTime(Date.now() - 60_000), end: promTime(Date.now()) });
  }

  async promqlInstant(expr: string, time: number): Promise<QueryResponse> {
    return toResponse(await this.call('/api/v1/query', { query: expr, time: promTime(time), ...this.qspLimit }));
  }

  async promqlRange(expr: string, start: number, end: number, step: number): Promise<QueryResponse> {
    return toResponse(await this.call('/api/v1/query_range', { query: expr, start: promTime(start), end: promTime(end), step: String(step / 1000), ...this.qspLimit }));
  }

  /** Sends one batch; a refused batch is halved until single series carry the reason. Answers samples accepted. */
  private async sendBatch(batch: OutgoingSeries[], rejected: Map<Series, string>): Promise<number> {
    const body = snappyCompress(encodeRemoteWrite(batch.map((b) => b.series)));
    const res = await this.http.send({ method: 'POST', path: '/api/v1/remote_write', headers: REMOTE_WRITE_HEADERS, body });
    const samples = batch.reduce((n, b) => n + b.series.samples.length, 0);
    if (res.status >= 200 && res.status < 300) return samples;
    // Credentials, permissions or a missing workspace: not the data's fault, so the whole write fails and is retried.
    if (res.status === 401 || res.status === 403 || res.status === 404) throw new Error(`remote_write refused (${res.status}): ${res.body.slice(0, 300)}`);
    const sources = new Set(batch.map((b) => b.source));
    if (sources.size === 1) {
      const [source] = sources;
      if (!rejected.has(source)) rejected.set(source, `Amazon Managed Service for Prometheus refused the samples (${res.status}): ${res.body.trim().slice(0, 300)}`);
      return 0;
    }
    const half = Math.ceil(batch.length / 2);
    return (await this.sendBatch(batch.slice(0, half), rejected)) + (await this.sendBatch(batch.slice(half), rejected));
  }

  private async distinct(selection: MetricSelection, path: string, method: 'GET' | 'POST'): Promise<string[]> {
    const selector = selectorFor(selection.matchers);
    if (!selector) return [];
    const values = new Set<string>();
    for (const [start, end] of windows(selection.range.start, selection.range.end, this.lookupWindowMs)) {
      const fields = { ...(selection.matchers.length > 0 && { 'match[]': selector }), start: promTime(start), end: promTime(end) };
      for (const v of (await this.read(path, fields, method)) as string[]) values.add(v);
    }
    return [...values].sort();
  }

  /** A read that must succeed: any refusal is an error. */
  private async read(path: string, fields: Record<string, string>, method: 'GET' | 'POST' = 'POST'): Promise<unknown> {
    const res = await this.http.send(
      method === 'GET' ? { method, path, query: fields } : { method, path, headers: FORM, body: formBody(fields) },
    );
    const body = parse(res);
    if (body.status !== 'success') throw new Error(`Amazon Managed Service for Prometheus ${path} failed (${res.status} ${body.errorType ?? ''}): ${body.error ?? res.body.slice(0, 300)}`);
    return body.data;
  }

  private async query(path: string, fields: Record<string, string>): Promise<unknown> {
    return (await this.call(path, fields)).data;
  }

  /** A PromQL request; a refused query becomes a PromqlPassthroughError with Prometheus' error type. */
  private async call(path: string, fields: Record<string, string>): Promise<PromBody> {
    const res = await this.http.send({ method: 'POST', path, headers: FORM, body: formBody(fields) });
    const body = parse(res);
    if (body.status !== 'success') throw new PromqlPassthroughError(body.errorType ?? 'execution', body.error ?? res.body.slice(0, 300), res.status);
    return body;
  }
}

/** Consecutive windows of at most `size` ms covering [start, end]. */
function windows(start: number, end: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = start; s <= end; s += size) out.push([s, Math.min(end, s + size - 1)]);
  return out;
}

function parse(res: AmpResponse): PromBody {
  try {
    return JSON.parse(res.body) as PromBody;
  } catch {
    return { status: 'error', errorType: res.status === 403 ? 'forbidden' : 'bad_response', error: `HTTP ${res.status}: ${res.body.slice(0, 300)}` };
  }
}

/** A Prometheus API answer in the engine's result shape (ms timestamps, numeric values). */
function toResponse(body: PromBody): QueryResponse {
  const notes = { warnings: body.warnings ?? [], infos: body.infos ?? [] };
  const data = body.data as { resultType: string; result: unknown };
  switch (data.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: (data.result as PromSeries[]).map((r) => ({ metric: r.metric, timestamp: fromPromTime(r.value![0]), value: fromPromValue(r.value![1]) })),
        ...notes,
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: (data.result as PromSeries[]).map((r) => ({
          metric: r.metric,
          points: (r.values ?? []).map(([t, v]) => ({ timestamp: fromPromTime(t), value: fromPromValue(v) })),
        })),
        ...notes,
      };
    case 'scalar': {
      const [t, v] = data.result as PromSample;
      return { resultType: 'scalar', result: { timestamp: fromPromTime(t), value: fromPromValue(v) }, ...notes };
    }
    case 'string': {
      const [t, v] = data.result as PromSample;
      return { resultType: 'string', result: { timestamp: fromPromTime(t), value: v }, ...notes };
    }
    default:
      throw new Error(`unknown result type ${data.resultType}`);
  }
}
