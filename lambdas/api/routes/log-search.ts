import { PlatformError } from '../../core/domain/errors';
import type { LogLevel, LogRecord } from '../../core/domain/log-record';
import { parseLogQuery } from '../../core/logs/query/log-query-parser';
import type { Ports } from '../../core/ports';
import type { LogAggregation, LogBucket, LogSearch } from '../../core/ports/log-store';
import type { Page } from '../../core/ports/page';
import { formatMillis } from '../params/format-time';

/** A record as the API shows it (RFC 3339 timestamp). */
export function presentLogRecord(r: LogRecord) {
  return { ...r, timestamp: formatMillis(r.timestamp) };
}

/** The search a request describes: plain filters plus `q` parsed (400 on a syntax error). */
export function logSearchOf(input: {
  range: { start: number; end: number };
  q?: string;
  service?: string;
  level?: string;
  traceId?: string;
  order?: string;
  limit?: number;
  cursor?: string;
}): LogSearch {
  const q = input.q?.trim();
  return {
    range: input.range,
    ...(q && { filter: parseLogQuery(q) }),
    ...(input.service !== undefined && { service: input.service }),
    ...(input.level !== undefined && { level: input.level as LogLevel }),
    ...(input.traceId !== undefined && { traceId: input.traceId.toLowerCase() }),
    ...(input.order !== undefined && { order: input.order as 'asc' | 'desc' }),
    ...(input.limit !== undefined && { limit: input.limit }),
    ...(input.cursor !== undefined && { cursor: input.cursor }),
  };
}

/**
 * Runs a search: a parsed query on the store's `search`; without one (or on a store without
 * `search`) its plain query, with `q` as text. Plain listings stay on the cheap path (on AWS,
 * FilterLogEvents rather than a Logs Insights query billed per GB scanned).
 */
export async function runLogSearch(ports: Ports, search: LogSearch, q?: string): Promise<Page<LogRecord>> {
  if (ports.logs.search && search.filter) return ports.logs.search(search);
  const { filter: _filter, ...plain } = search;
  return ports.logs.query({ ...plain, ...(q !== undefined && { text: q }) });
}

const SCAN_LIMIT = 10_000;

/** Runs an aggregation on the store, or counts over at most 10,000 matching records when it cannot. */
export async function runLogAggregation(ports: Ports, search: LogSearch, aggregation: LogAggregation): Promise<LogBucket[]> {
  if (ports.logs.aggregate) return ports.logs.aggregate({ ...search, cursor: undefined }, aggregation);
  if (!ports.logs.search) throw new PlatformError('not_implemented', 'this log store cannot aggregate');
  const counts = new Map<string, LogBucket>();
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await ports.logs.search({ ...search, cursor, limit: 1000 });
    for (const r of page.items) {
      const bucket = aggregation.type === 'terms' ? { key: fieldValue(r, aggregation.field) } : { key: Math.floor(r.timestamp / aggregation.intervalMs) * aggregation.intervalMs, ...(aggregation.by && { by: fieldValue(r, aggregation.by) }) };
      const key = JSON.stringify(bucket);
      const b = counts.get(key);
      counts.set(key, { ...bucket, count: (b?.count ?? 0) + 1 });
    }
    seen += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && seen < SCAN_LIMIT);
  const out = [...counts.values()];
  if (aggregation.type === 'terms') return out.sort((a, b) => b.count - a.count).slice(0, aggregation.size ?? 10);
  return out.sort((a, b) => (a.key as number) - (b.key as number));
}

function fieldValue(r: LogRecord, field: string): string {
  const v = field.startsWith('attributes.') ? r.attributes[field.slice('attributes.'.length)] : (r as unknown as Record<string, unknown>)[field];
  return v === undefined || v === null ? '' : String(v);
}
