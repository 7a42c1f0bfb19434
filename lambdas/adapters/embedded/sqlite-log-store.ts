import type { Statement } from 'better-sqlite3';
import type { LogLevel, LogRecord, LogStream } from '../../core/domain/log-record';
import type { TimeRange } from '../../core/domain/series';
import type { LogAggregation, LogBucket, LogQuery, LogSearch, LogStore } from '../../core/ports/log-store';
import type { Page } from '../../core/ports/page';
import { pageCursor } from '../page-cursor';
import { compileLogFilter, fieldExpression } from './sqlite-log-filter';
import type { Database } from './sqlite-database';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_records (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  ts INTEGER NOT NULL,
  service TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  attributes TEXT NOT NULL,
  trace_id TEXT,
  span_id TEXT,
  pattern_id TEXT
);
CREATE INDEX IF NOT EXISTS log_records_ts ON log_records (ts, seq);
CREATE INDEX IF NOT EXISTS log_records_service_ts ON log_records (service, ts, seq);
CREATE INDEX IF NOT EXISTS log_records_trace ON log_records (trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS log_records_level_ts ON log_records (level, ts, seq);
CREATE VIRTUAL TABLE IF NOT EXISTS log_fts USING fts5 (message, attributes, content = 'log_records', content_rowid = 'seq');
`;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface Row {
  seq: number;
  id: string;
  ts: number;
  service: string;
  source: string;
  level: LogLevel;
  message: string;
  attributes: string;
  trace_id: string | null;
  span_id: string | null;
  pattern_id: string | null;
}

interface Position {
  ts: number;
  seq: number;
}

/**
 * The local log store: one row per record (unique on its id, so redelivery is skipped) and
 * an FTS5 index over the message and the attributes' JSON for `text` searches. `text` is
 * split on whitespace and every term must occur (terms are matched as FTS5 phrases, so
 * punctuation inside a term is safe). Pages are keyset-paged on (timestamp, insertion order)
 * with an opaque cursor.
 */
export class SqliteLogStore implements LogStore {
  private readonly insert: Statement<unknown[]>;
  private readonly insertFts: Statement<unknown[]>;
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    this.insert = db.prepare(
      `INSERT INTO log_records (id, ts, service, source, level, message, attributes, trace_id, span_id, pattern_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.insertFts = db.prepare('INSERT INTO log_fts (rowid, message, attributes) VALUES (?, ?, ?)');
  }

  async append(records: readonly LogRecord[]): Promise<void> {
    this.db.transaction(() => {
      for (const r of records) {
        const attributes = JSON.stringify(r.attributes ?? {});
        const info = this.insert.run(
          r.id, r.timestamp, r.service, r.source ?? '', r.level, r.message, attributes, r.traceId ?? null, r.spanId ?? null, r.patternId ?? null,
        );
        if (info.changes > 0) this.insertFts.run(info.lastInsertRowid, r.message, attributes);
      }
    })();
  }

  async query(q: LogQuery): Promise<Page<LogRecord>> {
    return this.search(q);
  }

  /** A query plus a parsed filter, compiled to SQL (FTS5 MATCH for text, columns and JSON for fields). */
  async search(q: LogSearch): Promise<Page<LogRecord>> {
    const desc = (q.order ?? 'desc') === 'desc';
    const limit = clampLimit(q.limit);
    const { clauses, params } = this.conditions(q);
    if (q.cursor !== undefined) {
      const after = pageCursor.decode(q.cursor, isPosition);
      clauses.push(desc ? '(r.ts < ? OR (r.ts = ? AND r.seq < ?))' : '(r.ts > ? OR (r.ts = ? AND r.seq > ?))');
      params.push(after.ts, after.ts, after.seq);
    }
    const dir = desc ? 'DESC' : 'ASC';
    const sql = `SELECT r.* FROM log_records r WHERE ${clauses.join(' AND ')} ORDER BY r.ts ${dir}, r.seq ${dir} LIMIT ?`;
    const rows = this.stmt(sql).all(...params, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return rows.length > limit ? { items: page.map(toRecord), nextCursor: pageCursor.encode({ ts: last.ts, seq: last.seq }) } : { items: page.map(toRecord) };
  }

  /** Terms (count per field value) or a histogram (count per time bucket, optionally per field value). */
  async aggregate(q: LogSearch, a: LogAggregation): Promise<LogBucket[]> {
    const { clauses, params } = this.conditions(q);
    const size = Math.min(10_000, Math.max(1, Math.floor(a.size ?? (a.type === 'terms' ? 10 : 10_000))));
    const where = clauses.join(' AND ');
    if (a.type === 'terms') {
      const f = fieldExpression(a.field);
      const rows = this.stmt(`SELECT ${f.sql} AS k, count(*) AS n FROM log_records r WHERE ${where} GROUP BY k ORDER BY n DESC, k LIMIT ?`).all(...f.params, ...params, size) as { k: unknown; n: number }[];
      return rows.map((r) => ({ key: r.k === null ? '' : String(r.k), count: r.n }));
    }
    const interval = Math.max(1, Math.floor(a.intervalMs));
    const by = a.by !== undefined ? fieldExpression(a.by) : undefined;
    const byCol = by ? `, ${by.sql} AS b` : '';
    const rows = this.stmt(
      `SELECT (r.ts / CAST(? AS INTEGER)) * ? AS k${byCol}, count(*) AS n FROM log_records r WHERE ${where} GROUP BY k${by ? ', b' : ''} ORDER BY k${by ? ', n DESC, b' : ''} LIMIT ?`,
    ).all(interval, interval, ...(by?.params ?? []), ...params, size) as { k: number; b?: unknown; n: number }[];
    return rows.map((r) => ({ key: r.k, ...(by && { by: r.b === null || r.b === undefined ? '' : String(r.b) }), count: r.n }));
  }

  private conditions(q: LogSearch): { clauses: string[]; params: unknown[] } {
    const clauses = ['r.ts BETWEEN ? AND ?'];
    const params: unknown[] = [q.range.start, q.range.end];
    if (q.service !== undefined) {
      clauses.push('r.service = ?');
      params.push(q.service);
    }
    if (q.level !== undefined) {
      clauses.push('r.level = ?');
      params.push(q.level);
    }
    if (q.traceId !== undefined) {
      clauses.push('r.trace_id = ?');
      params.push(q.traceId);
    }
    const match = q.text !== undefined ? ftsQuery(q.text) : undefined;
    if (match !== undefined) {
      clauses.push('r.seq IN (SELECT rowid FROM log_fts WHERE log_fts MATCH ?)');
      params.push(match);
    }
    if (q.filter !== undefined) {
      const f = compileLogFilter(q.filter);
      clauses.push(`(${f.sql})`);
      params.push(...f.params);
    }
    return { clauses, params };
  }

  async streams(range: TimeRange): Promise<LogStream[]> {
    const rows = this.stmt(
      `SELECT service, source, count(*) AS count, max(ts) AS last FROM log_records WHERE ts BETWEEN ? AND ?
       GROUP BY service, source ORDER BY service, source`,
    ).all(range.start, range.end) as { service: string; source: string; count: number; last: number }[];
    return rows.map((r) => ({ service: r.service, source: r.source, count: r.count, lastTimestamp: r.last }));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  private stmt(sql: string): Statement<unknown[]> {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size > 100) this.statements.clear();
      s = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** Every whitespace-separated term as a quoted FTS5 phrase, all required; undefined for blank text. */
function ftsQuery(text: string): string | undefined {
  const terms = text.split(/\s+/).filter((t) => t !== '');
  return terms.length === 0 ? undefined : terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

function toRecord(r: Row): LogRecord {
  return {
    id: r.id,
    timestamp: r.ts,
    service: r.service,
    ...(r.source !== '' && { source: r.source }),
    level: r.level,
    message: r.message,
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    ...(r.trace_id !== null && { traceId: r.trace_id }),
    ...(r.span_id !== null && { spanId: r.span_id }),
    ...(r.pattern_id !== null && { patternId: r.pattern_id }),
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

function isPosition(p: unknown): p is Position {
  const o = p as Partial<Position> | null;
  return typeof o === 'object' && o !== null && Number.isFinite(o.ts) && Number.isFinite(o.seq);
}
