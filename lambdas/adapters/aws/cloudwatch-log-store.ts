import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  type InputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogRecord, LogStream } from '../../core/domain/log-record';
import type { TimeRange } from '../../core/domain/series';
import type { LogAggregation, LogBucket, LogQuery, LogSearch, LogStore } from '../../core/ports/log-store';
import type { Page } from '../../core/ports/page';
import { insightsAggregate, insightsSearch, DEFAULT_INSIGHTS_POLLING, type InsightsPolling } from './cloudwatch-insights-search';
import { cloudWatchLogBatches, PUT_LOG_EVENTS_LIMITS } from './cloudwatch-log-batches';
import { pageCursor } from '../page-cursor';

/** Settings of {@link CloudWatchLogStore}. */
export interface CloudWatchLogStoreOptions {
  readonly client: CloudWatchLogsClient;
  /** Each service's log group is `${logGroupPrefix}${service}`, e.g. `/observability/logs/`. */
  readonly logGroupPrefix: string;
  /** Most events one query reads before it pages in memory. @default 10000 */
  readonly maxScan?: number;
  /** How `search` polls Logs Insights. @default DEFAULT_INSIGHTS_POLLING */
  readonly insightsPolling?: InsightsPolling;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface Position {
  ts: number;
  id: string;
}

/**
 * Logs in CloudWatch Logs: one log group per service, one log stream per source, each event
 * the JSON line of its LogRecord. Groups and streams are created on first use.
 * CloudWatch does not deduplicate, so a redelivered record is stored twice and dropped when
 * read (by record id). Queries use FilterLogEvents (text terms become a case-sensitive filter
 * pattern; level and trace id are checked on the parsed records), read at most `maxScan`
 * events in the range and page over them with a keyset cursor; parsed searches (`search`) run
 * as Logs Insights queries.
 * `streams()` reads DescribeLogStreams, which has no record counts: `count` is 0.
 */
export class CloudWatchLogStore implements LogStore {
  private readonly client: CloudWatchLogsClient;
  private readonly prefix: string;
  private readonly maxScan: number;
  private readonly ready = new Set<string>();
  private readonly polling: InsightsPolling;

  constructor(options: CloudWatchLogStoreOptions) {
    this.client = options.client;
    this.polling = options.insightsPolling ?? DEFAULT_INSIGHTS_POLLING;
    this.prefix = options.logGroupPrefix;
    this.maxScan = options.maxScan ?? 10_000;
  }

  async append(records: readonly LogRecord[]): Promise<void> {
    const byStream = new Map<string, { group: string; stream: string; events: InputLogEvent[] }>();
    for (const r of records) {
      const group = this.groupName(r.service);
      const stream = streamName(r.source);
      const key = `${group}\u0000${stream}`;
      let entry = byStream.get(key);
      if (!entry) byStream.set(key, (entry = { group, stream, events: [] }));
      entry.events.push({ timestamp: r.timestamp, message: eventMessage(r) });
    }
    for (const { group, stream, events } of byStream.values()) {
      for (const batch of cloudWatchLogBatches(events)) await this.put(group, stream, batch);
    }
  }

  async query(q: LogQuery): Promise<Page<LogRecord>> {
    const desc = (q.order ?? 'desc') === 'desc';
    const limit = clampLimit(q.limit);
    const after = q.cursor !== undefined ? pageCursor.decode(q.cursor, isPosition) : undefined;
    // The cursor narrows the time window, so later pages scan less.
    const start = after && !desc ? Math.max(q.range.start, after.ts) : q.range.start;
    const end = after && desc ? Math.min(q.range.end, after.ts) : q.range.end;
    const groups = q.service !== undefined ? [this.groupName(q.service)] : await this.groups();
    const seen = new Set<string>();
    const records: LogRecord[] = [];
    let truncated = false;
    for (const group of groups) {
      for await (const e of this.filter(group, start, end, filterPattern(q))) {
        const r = parseEvent(e, group.slice(this.prefix.length));
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        if (!matches(r, q) || (after && !isAfter(r, after, desc))) continue;
        records.push(r);
        if (records.length >= this.maxScan) {
          truncated = true;
          break;
        }
      }
    }
    const cmp = (a: LogRecord, b: LogRecord) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    records.sort(desc ? (a, b) => cmp(b, a) : cmp);
    const items = records.slice(0, limit);
    const last = items[items.length - 1];
    return records.length > limit || (truncated && last) ? { items, nextCursor: pageCursor.encode({ ts: last.timestamp, id: last.id }) } : { items };
  }

  /** A parsed search as a Logs Insights query over the service's group (or every platform group). */
  async search(q: LogSearch): Promise<Page<LogRecord>> {
    const groups = q.service !== undefined ? [this.groupName(q.service)] : await this.groups();
    if (groups.length === 0) return { items: [] };
    return insightsSearch(this.client, groups, q, clampLimit(q.limit), this.polling);
  }

  /** Counts as a Logs Insights `stats` query. */
  async aggregate(q: LogSearch, aggregation: LogAggregation): Promise<LogBucket[]> {
    const groups = q.service !== undefined ? [this.groupName(q.service)] : await this.groups();
    if (groups.length === 0) return [];
    return insightsAggregate(this.client, groups, q, aggregation, this.polling);
  }

  async streams(range: TimeRange): Promise<LogStream[]> {
    const out: LogStream[] = [];
    for (const group of await this.groups()) {
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(
          new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', descending: true, ...(nextToken && { nextToken }) }),
        );
        let older = false;
        for (const s of page.logStreams ?? []) {
          const last = s.lastEventTimestamp;
          if (last === undefined || last < range.start) {
            older = true;
            continue;
          }
          if ((s.firstEventTimestamp ?? last) > range.end) continue;
          out.push({ service: group.slice(this.prefix.length), source: s.logStreamName ?? '', count: 0, lastTimestamp: last });
        }
        // Streams come newest first, so the first one older than the range ends the walk.
        nextToken = older ? undefined : page.nextToken;
      } while (nextToken);
    }
    return out.sort((a, b) => (a.service + '\u0000' + a.source < b.service + '\u0000' + b.source ? -1 : 1));
  }

  async ping(): Promise<void> {
    await this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: this.prefix, limit: 1 }));
  }

  private groupName(service: string): string {
    return `${this.prefix}${service.replace(/[^A-Za-z0-9._\-/#]/g, '_') || '_'}`;
  }

  private async put(group: string, stream: string, logEvents: InputLogEvent[]): Promise<void> {
    const key = `${group}\u0000${stream}`;
    if (!this.ready.has(key)) await this.ensure(group, stream);
    try {
      await this.client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
    } catch (e) {
      // Deleted behind our back (or created by an older deployment without the stream): create and retry once.
      if (errorName(e) !== 'ResourceNotFoundException') throw e;
      await this.ensure(group, stream);
      await this.client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
    }
    this.ready.add(key);
  }

  private async ensure(group: string, stream: string): Promise<void> {
    await tolerateExisting(() => this.client.send(new CreateLogGroupCommand({ logGroupName: group })));
    await tolerateExisting(() => this.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })));
    this.ready.add(`${group}\u0000${stream}`);
  }

  private async groups(): Promise<string[]> {
    const out: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: this.prefix, ...(nextToken && { nextToken }) }));
      for (const g of page.logGroups ?? []) if (g.logGroupName) out.push(g.logGroupName);
      nextToken = page.nextToken;
    } while (nextToken);
    return out.sort();
  }

  private async *filter(group: string, startTime: number, endTime: number, pattern: string | undefined): AsyncGenerator<FilteredLogEvent> {
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            startTime,
            endTime,
            ...(pattern && { filterPattern: pattern }),
            ...(nextToken && { nextToken }),
          }),
        );
      } catch (e) {
        if (errorName(e) === 'ResourceNotFoundException') return;
        throw e;
      }
      yield* page.events ?? [];
      nextToken = page.nextToken;
    } while (nextToken);
  }
}

function streamName(source: string | undefined): string {
  // Log stream names cannot contain ':' or '*'.
  return (source ?? '').replace(/[:*]/g, '_').slice(0, 512) || 'default';
}

/** The record as one JSON line, its message cut to fit one CloudWatch event. */
function eventMessage(r: LogRecord): string {
  const line = JSON.stringify(r);
  const budget = PUT_LOG_EVENTS_LIMITS.eventBytes - PUT_LOG_EVENTS_LIMITS.overheadPerEvent;
  if (Buffer.byteLength(line) <= budget) return line;
  const overflow = Buffer.byteLength(line) - budget + 64;
  const message = Buffer.from(r.message).subarray(0, Math.max(0, Buffer.byteLength(r.message) - overflow)).toString('utf8').replace(/\uFFFD$/, '');
  return JSON.stringify({ ...r, message, attributes: { ...r.attributes, truncated: true } });
}

function parseEvent(e: FilteredLogEvent, service: string): LogRecord {
  try {
    const r = JSON.parse(e.message ?? '') as LogRecord;
    if (typeof r.id === 'string' && typeof r.timestamp === 'number' && typeof r.message === 'string') return r;
  } catch {
    // not one of ours: fall through and wrap it
  }
  return { id: e.eventId ?? '', timestamp: e.timestamp ?? 0, service, source: e.logStreamName, level: 'unknown', message: e.message ?? '', attributes: {} };
}

/** Text terms as a filter pattern (all must occur); without text, a JSON pattern for level and trace id. */
function filterPattern(q: LogQuery): string | undefined {
  const terms = (q.text ?? '').split(/\s+/).filter((t) => t !== '');
  if (terms.length > 0) return terms.map((t) => `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(' ');
  const conditions: string[] = [];
  if (q.level !== undefined) conditions.push(`($.level = "${q.level}")`);
  if (q.traceId !== undefined) conditions.push(`($.traceId = "${q.traceId.replace(/[^0-9a-fA-F]/g, '')}")`);
  return conditions.length > 0 ? `{ ${conditions.join(' && ')} }` : undefined;
}

function matches(r: LogRecord, q: LogQuery): boolean {
  return (
    r.timestamp >= q.range.start &&
    r.timestamp <= q.range.end &&
    (q.level === undefined || r.level === q.level) &&
    (q.traceId === undefined || r.traceId === q.traceId)
  );
}

function isAfter(r: LogRecord, p: Position, desc: boolean): boolean {
  if (r.timestamp !== p.ts) return desc ? r.timestamp < p.ts : r.timestamp > p.ts;
  return desc ? r.id < p.id : r.id > p.id;
}

async function tolerateExisting(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (errorName(e) !== 'ResourceAlreadyExistsException') throw e;
  }
}

function errorName(e: unknown): string | undefined {
  return (e as { name?: string } | null)?.name;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

function isPosition(p: unknown): p is Position {
  const o = p as Partial<Position> | null;
  return typeof o === 'object' && o !== null && Number.isFinite(o.ts) && typeof o.id === 'string';
}
