import type { Statement } from 'better-sqlite3';
import type { TimeRange } from '../../core/domain/series';
import type { Span, SpanKind, SpanStatus, TraceSummary } from '../../core/domain/span';
import type { Page } from '../../core/ports/page';
import type { TraceQuery, TraceStore } from '../../core/ports/trace-store';
import { pageCursor } from '../page-cursor';
import type { Database } from './sqlite-database';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trace_spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  service TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_us INTEGER NOT NULL,
  duration_us INTEGER NOT NULL,
  status TEXT NOT NULL,
  status_message TEXT,
  attributes TEXT NOT NULL,
  resource TEXT NOT NULL,
  events TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS trace_spans_start ON trace_spans (start_us);
CREATE INDEX IF NOT EXISTS trace_spans_service_start ON trace_spans (service, start_us);
`;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

interface Row {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  service: string;
  kind: SpanKind;
  start_us: number;
  duration_us: number;
  status: SpanStatus;
  status_message: string | null;
  attributes: string;
  resource: string;
  events: string;
}

interface Position {
  start: number;
  traceId: string;
}

/**
 * The local trace store: one row per (trace, span), replaced on redelivery. Search finds
 * traces with at least one span in the range that matches service, operation and status
 * (all on the same span, as Jaeger does), then filters on the trace's duration and answers
 * summaries newest first, keyset-paged on (trace start, trace id).
 */
export class SqliteTraceStore implements TraceStore {
  private readonly upsert: Statement<unknown[]>;
  private readonly byTrace: Statement<unknown[]>;

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO trace_spans (trace_id, span_id, parent_span_id, name, service, kind, start_us, duration_us,
         status, status_message, attributes, resource, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byTrace = db.prepare('SELECT * FROM trace_spans WHERE trace_id = ? ORDER BY start_us, span_id');
  }

  async putSpans(spans: readonly Span[]): Promise<void> {
    this.db.transaction(() => {
      for (const s of spans) {
        this.upsert.run(
          s.traceId, s.spanId, s.parentSpanId ?? null, s.name, s.service, s.kind, Math.round(s.startTime), Math.round(s.duration),
          s.status, s.statusMessage ?? null, JSON.stringify(s.attributes ?? {}), JSON.stringify(s.resource ?? {}), JSON.stringify(s.events ?? []),
        );
      }
    })();
  }

  async getTrace(traceId: string): Promise<Span[]> {
    return (this.byTrace.all(traceId.toLowerCase()) as Row[]).map(toSpan);
  }

  async searchTraces(q: TraceQuery): Promise<Page<TraceSummary>> {
    const limit = clampLimit(q.limit);
    const spanClauses = ['start_us BETWEEN ? AND ?'];
    const params: unknown[] = [q.range.start * 1000, q.range.end * 1000];
    for (const [col, value] of [['service', q.service], ['name', q.operation], ['status', q.status]] as const) {
      if (value === undefined) continue;
      spanClauses.push(`${col} = ?`);
      params.push(value);
    }
    const traceClauses: string[] = ['1'];
    if (q.minDuration !== undefined) {
      traceClauses.push('duration >= ?');
      params.push(q.minDuration);
    }
    if (q.maxDuration !== undefined) {
      traceClauses.push('duration <= ?');
      params.push(q.maxDuration);
    }
    if (q.cursor !== undefined) {
      const after = pageCursor.decode(q.cursor, isPosition);
      traceClauses.push('(start < ? OR (start = ? AND trace_id < ?))');
      params.push(after.start, after.start, after.traceId);
    }
    const rows = this.db
      .prepare<unknown[]>(
        `WITH t AS (
           SELECT trace_id, min(start_us) AS start, max(start_us + duration_us) - min(start_us) AS duration,
                  count(*) AS spans, sum(status = 'error') AS errors
           FROM trace_spans WHERE trace_id IN (SELECT trace_id FROM trace_spans WHERE ${spanClauses.join(' AND ')})
           GROUP BY trace_id)
         SELECT * FROM t WHERE ${traceClauses.join(' AND ')} ORDER BY start DESC, trace_id DESC LIMIT ?`,
      )
      .all(...params, limit + 1) as { trace_id: string; start: number; duration: number; spans: number; errors: number }[];
    const items = rows.slice(0, limit).map((t) => this.summary(t.trace_id, t.start, t.duration, t.spans, t.errors));
    const last = items[items.length - 1];
    return rows.length > limit ? { items, nextCursor: pageCursor.encode({ start: last.startTime, traceId: last.traceId }) } : { items };
  }

  async services(range: TimeRange): Promise<string[]> {
    const rows = this.db
      .prepare('SELECT DISTINCT service FROM trace_spans WHERE start_us BETWEEN ? AND ? ORDER BY service')
      .all(range.start * 1000, range.end * 1000) as { service: string }[];
    return rows.map((r) => r.service);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  private summary(traceId: string, start: number, duration: number, spanCount: number, errorCount: number): TraceSummary {
    const spans = this.byTrace.all(traceId) as Row[];
    const ids = new Set(spans.map((s) => s.span_id));
    // The root is the earliest span whose parent is not in the trace (the real root may not have arrived).
    const root = spans.find((s) => s.parent_span_id === null || !ids.has(s.parent_span_id)) ?? spans[0];
    return {
      traceId,
      rootService: root.service,
      rootName: root.name,
      startTime: start,
      duration,
      spanCount,
      errorCount,
      services: [...new Set(spans.map((s) => s.service))].sort(),
    };
  }
}

function toSpan(r: Row): Span {
  return {
    traceId: r.trace_id,
    spanId: r.span_id,
    ...(r.parent_span_id !== null && { parentSpanId: r.parent_span_id }),
    name: r.name,
    service: r.service,
    kind: r.kind,
    startTime: r.start_us,
    duration: r.duration_us,
    status: r.status,
    ...(r.status_message !== null && { statusMessage: r.status_message }),
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    resource: JSON.parse(r.resource) as Record<string, unknown>,
    events: JSON.parse(r.events) as Span['events'],
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

function isPosition(p: unknown): p is Position {
  const o = p as Partial<Position> | null;
  return typeof o === 'object' && o !== null && Number.isFinite(o.start) && typeof o.traceId === 'string';
}
