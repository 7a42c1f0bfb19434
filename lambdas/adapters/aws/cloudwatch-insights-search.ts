import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type CloudWatchLogsClient, type ResultField } from '@aws-sdk/client-cloudwatch-logs';
import { PlatformError } from '../../core/domain/errors';
import type { LogRecord } from '../../core/domain/log-record';
import type { LogAggregation, LogBucket, LogSearch } from '../../core/ports/log-store';
import type { Page } from '../../core/ports/page';
import { insightsFieldName, insightsQueryString, insightsStatsString, type InsightsPosition } from './cloudwatch-insights-query';
import { pageCursor } from '../page-cursor';

/** How a search polls Logs Insights. */
export interface InsightsPolling {
  /** @default 250 */
  readonly intervalMs: number;
  /** Polls before the query is stopped and the search answers 503. @default 100 (25 s) */
  readonly maxPolls: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Defaults of {@link InsightsPolling}. */
export const DEFAULT_INSIGHTS_POLLING: InsightsPolling = { intervalMs: 250, maxPolls: 100, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

// StartQuery takes at most 50 log groups.
const MAX_GROUPS_PER_QUERY = 50;

/**
 * A search as CloudWatch Logs Insights queries: StartQuery over the groups (50 per query),
 * GetQueryResults polled until Complete with a bound (then StopQuery and 503), results merged
 * and paged with a keyset cursor on (timestamp, id). Times go to Insights in seconds, widened
 * to whole seconds and checked again on the records.
 */
export async function insightsSearch(client: CloudWatchLogsClient, groups: readonly string[], search: LogSearch, limit: number, polling: InsightsPolling = DEFAULT_INSIGHTS_POLLING): Promise<Page<LogRecord>> {
  const after = search.cursor !== undefined ? pageCursor.decode(search.cursor, isPosition) : undefined;
  const desc = (search.order ?? 'desc') === 'desc';
  const queryString = insightsQueryString(search, limit, after);
  const records: LogRecord[] = [];
  for (let i = 0; i < groups.length; i += MAX_GROUPS_PER_QUERY) {
    const rows = await runQuery(client, groups.slice(i, i + MAX_GROUPS_PER_QUERY), search, queryString, limit + 1, polling);
    for (const row of rows) {
      const r = recordOf(row);
      if (r && r.timestamp >= search.range.start && r.timestamp <= search.range.end) records.push(r);
    }
  }
  const seen = new Set<string>();
  const unique = records.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
  const cmp = (a: LogRecord, b: LogRecord) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  unique.sort(desc ? (a, b) => cmp(b, a) : cmp);
  const items = unique.slice(0, limit);
  const last = items[items.length - 1];
  return unique.length > limit ? { items, nextCursor: pageCursor.encode({ ts: last.timestamp, id: last.id }) } : { items };
}

/**
 * An aggregation as Logs Insights `stats`: counts by a field, or per `bin()` of @timestamp
 * (optionally by a field); buckets of several 50-group queries are summed.
 */
export async function insightsAggregate(client: CloudWatchLogsClient, groups: readonly string[], search: LogSearch, aggregation: LogAggregation, polling: InsightsPolling = DEFAULT_INSIGHTS_POLLING): Promise<LogBucket[]> {
  const queryString = insightsStatsString(search, aggregation);
  const counts = new Map<string, LogBucket>();
  for (let i = 0; i < groups.length; i += MAX_GROUPS_PER_QUERY) {
    for (const row of await runQuery(client, groups.slice(i, i + MAX_GROUPS_PER_QUERY), search, queryString, 10_000, polling)) {
      const value = (name: string) => row.find((f) => f.field === name)?.value;
      const n = Number(value('n') ?? 0);
      let bucket: Omit<LogBucket, 'count'>;
      if (aggregation.type === 'terms') bucket = { key: value(insightsFieldName(aggregation.field)) ?? '' };
      else {
        const binField = row.find((f) => f.field?.startsWith('bin('))?.value ?? '';
        bucket = { key: Date.parse(`${binField.replace(' ', 'T')}Z`), ...(aggregation.by !== undefined && { by: value(insightsFieldName(aggregation.by)) ?? '' }) };
      }
      const key = JSON.stringify(bucket);
      counts.set(key, { ...bucket, count: (counts.get(key)?.count ?? 0) + n });
    }
  }
  const out = [...counts.values()];
  if (aggregation.type === 'terms') return out.sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key))).slice(0, aggregation.size ?? 10);
  return out.sort((a, b) => (a.key as number) - (b.key as number) || String(a.by).localeCompare(String(b.by)));
}

async function runQuery(client: CloudWatchLogsClient, logGroupNames: string[], search: LogSearch, queryString: string, limit: number, polling: InsightsPolling): Promise<ResultField[][]> {
  const started = await client.send(
    new StartQueryCommand({
      logGroupNames,
      startTime: Math.floor(search.range.start / 1000),
      endTime: Math.ceil(search.range.end / 1000),
      queryString,
      limit: Math.min(10_000, limit),
    }),
  );
  const queryId = started.queryId;
  if (!queryId) throw new PlatformError('unavailable', 'Logs Insights did not start the query');
  for (let poll = 0; poll < polling.maxPolls; poll++) {
    const res = await client.send(new GetQueryResultsCommand({ queryId }));
    if (res.status === 'Complete') return res.results ?? [];
    if (res.status === 'Failed' || res.status === 'Cancelled' || res.status === 'Timeout') {
      throw new PlatformError('unavailable', `the Logs Insights query ended ${res.status}`, [{ queryId }]);
    }
    await polling.sleep(polling.intervalMs);
  }
  await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
  throw new PlatformError('unavailable', `the Logs Insights query did not complete after ${polling.maxPolls} polls; retry or narrow the range`, [{ queryId }]);
}

function recordOf(row: ResultField[]): LogRecord | undefined {
  const message = row.find((f) => f.field === '@message')?.value;
  if (!message) return undefined;
  try {
    const r = JSON.parse(message) as LogRecord;
    return typeof r.id === 'string' && typeof r.timestamp === 'number' ? { ...r, attributes: r.attributes ?? {} } : undefined;
  } catch {
    return undefined;
  }
}

function isPosition(p: unknown): p is InsightsPosition {
  const o = p as Partial<InsightsPosition> | null;
  return typeof o === 'object' && o !== null && Number.isFinite(o.ts) && typeof o.id === 'string';
}
