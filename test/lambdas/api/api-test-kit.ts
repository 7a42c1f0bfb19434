import { openDatabase } from '../../../lambdas/adapters/embedded/sqlite-database';
import { SqliteMetricStore } from '../../../lambdas/adapters/embedded/sqlite-metric-store';
import { SqliteNotifier } from '../../../lambdas/adapters/embedded/sqlite-notifier';
import { SqliteStateStore } from '../../../lambdas/adapters/embedded/sqlite-state-store';
import { SqliteTelemetryStream } from '../../../lambdas/adapters/embedded/sqlite-telemetry-stream';
import { serveRequest } from '../../../lambdas/api/api-app';
import type { ApiRequest } from '../../../lambdas/api/http/api-types';
import type { LogRecord, LogStream } from '../../../lambdas/core/domain/log-record';
import type { TimeRange } from '../../../lambdas/core/domain/series';
import type { Span, TraceSummary } from '../../../lambdas/core/domain/span';
import { ManualClock, type LogQuery, type LogStore, type Page, type Ports, type TraceQuery, type TraceStore } from '../../../lambdas/core/ports';

/** A LogStore that answers from a fixed list and records the queries it got. */
export class RecordingLogStore implements LogStore {
  readonly queries: LogQuery[] = [];
  readonly ranges: TimeRange[] = [];
  constructor(public records: LogRecord[] = [], public streamList: LogStream[] = []) {}
  async append(records: readonly LogRecord[]): Promise<void> {
    this.records.push(...records);
  }
  async query(query: LogQuery): Promise<Page<LogRecord>> {
    this.queries.push(query);
    const items = this.records.filter((r) => r.timestamp >= query.range.start && r.timestamp <= query.range.end && (!query.service || r.service === query.service));
    return query.limit && items.length > query.limit ? { items: items.slice(0, query.limit), nextCursor: 'next' } : { items };
  }
  async streams(range: TimeRange): Promise<LogStream[]> {
    this.ranges.push(range);
    return this.streamList;
  }
  async ping(): Promise<void> {}
}

/** A TraceStore over a fixed span list that records the searches it got. */
export class RecordingTraceStore implements TraceStore {
  readonly searches: TraceQuery[] = [];
  failPing = false;
  constructor(public spans: Span[] = [], public summaries: TraceSummary[] = []) {}
  async putSpans(spans: readonly Span[]): Promise<void> {
    this.spans.push(...spans);
  }
  async getTrace(traceId: string): Promise<Span[]> {
    return this.spans.filter((s) => s.traceId === traceId);
  }
  async searchTraces(query: TraceQuery): Promise<Page<TraceSummary>> {
    this.searches.push(query);
    return { items: this.summaries };
  }
  async services(): Promise<string[]> {
    return [...new Set(this.spans.map((s) => s.service))].sort();
  }
  async ping(): Promise<void> {
    if (this.failPing) throw new Error('trace store unreachable');
  }
}

/** Ports for API tests: real SQLite state, metrics, stream and notifier in memory; recording log and trace stores. */
export function testPorts(now = Date.parse('2026-11-22T12:00:00Z')) {
  const db = openDatabase(':memory:');
  const clock = new ManualClock(now);
  const logs = new RecordingLogStore();
  const traces = new RecordingTraceStore();
  const stream = new SqliteTelemetryStream(db, clock);
  const ports: Ports = {
    metrics: new SqliteMetricStore(db),
    logs,
    traces,
    state: new SqliteStateStore(db, clock),
    notifier: new SqliteNotifier(db, clock),
    stream,
    clock,
  };
  return { db, clock, logs, traces, stream, ports };
}

/** A request with defaults; `query` accepts a URL query string. */
export function request(method: string, pathAndQuery: string, init: { body?: unknown; headers?: Record<string, string>; raw?: Buffer } = {}): ApiRequest {
  const url = new URL(pathAndQuery, 'http://x');
  const query: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
  const headers: Record<string, string> = { ...(init.body !== undefined && { 'content-type': 'application/json' }), ...init.headers };
  const body = init.raw ?? (init.body !== undefined ? Buffer.from(typeof init.body === 'string' ? init.body : JSON.stringify(init.body)) : undefined);
  return { method, path: url.pathname, query, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), body, requestId: 'test' };
}

/** Serves a request through the `api` (or `ingest`) router; answers status, parsed JSON body, headers and route. */
export async function call(ports: Ports, req: ApiRequest, fn: 'api' | 'ingest' = 'api') {
  const { response, route } = await serveRequest(fn, req, () => ports);
  const text = response.body === undefined ? '' : response.body.toString();
  return { status: response.statusCode, headers: response.headers ?? {}, body: text ? JSON.parse(text) : undefined, route };
}
