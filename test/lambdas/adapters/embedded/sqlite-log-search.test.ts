import { SqliteLogStore } from '../../../../lambdas/adapters/embedded/sqlite-log-store';
import type { LogRecord } from '../../../../lambdas/core/domain/log-record';
import { parseLogQuery } from '../../../../lambdas/core/logs/query/log-query-parser';
import { tempDatabase } from '../../../support/contract/temp-database';

const rec = (id: string, timestamp: number, service: string, level: LogRecord['level'], message: string, attributes: Record<string, unknown> = {}, extra: Partial<LogRecord> = {}): LogRecord => ({
  id,
  timestamp,
  service,
  level,
  message,
  attributes,
  ...extra,
});

const RECORDS: LogRecord[] = [
  rec('1', 1000, 'api', 'error', 'upstream timeout after 30s', { 'http.status': 504, user: 'bob' }, { traceId: 'a'.repeat(32), patternId: 'p1' }),
  rec('2', 2000, 'api', 'info', 'request served in 12ms', { 'http.status': 200, user: 'bab' }, { patternId: 'p2' }),
  rec('3', 3000, 'web', 'error', 'connection timeout to db-primary', { user: 'alice' }, { patternId: 'p3' }),
  rec('4', 4000, 'api', 'warn', 'slow query timeouts rising', {}, { patternId: 'p4' }),
  rec('5', 5000, 'worker', 'error', 'job 42 failed: disk full', { 'http.status': 500 }, { patternId: 'p5', source: 'queue' }),
];

describe('SqliteLogStore.search and aggregate (parsed queries pushed down to SQL and FTS5)', () => {
  let store: SqliteLogStore;
  let cleanup: () => Promise<void>;
  const range = { start: 0, end: 10_000 };
  const ids = async (q: string, order: 'asc' | 'desc' = 'asc') => (await store.search({ range, filter: parseLogQuery(q), order })).items.map((r) => r.id);

  beforeAll(async () => {
    const t = tempDatabase();
    store = new SqliteLogStore(t.db);
    cleanup = t.cleanup;
    await store.append(RECORDS);
  });
  afterAll(async () => cleanup());

  it('combines fields, phrases and boolean operators', async () => {
    expect(await ids('service:api AND level:error AND "timeout"')).toEqual(['1']);
    expect(await ids('timeout')).toEqual(['1', '3']);
    expect(await ids('timeout OR disk')).toEqual(['1', '3', '5']);
    expect(await ids('timeout NOT service:web')).toEqual(['1']);
    expect(await ids('level:ERROR -timeout')).toEqual(['5']);
    expect(await ids('(service:web OR service:worker) AND level:error')).toEqual(['3', '5']);
    expect(await ids('"request served"')).toEqual(['2']);
    expect(await ids('"served request"')).toEqual([]);
  });

  it('matches wildcards: FTS5 prefixes, and LIKE for inner wildcards and fields', async () => {
    expect(await ids('timeout*')).toEqual(['1', '3', '4']);
    expect(await ids('t?meout')).toEqual(['1', '3', '4']);
    expect(await ids('service:w*')).toEqual(['3', '5']);
    expect(await ids('user:b?b')).toEqual(['1', '2']);
    expect(await ids('source:*')).toEqual(['5']);
  });

  it('reads attributes, trace ids and pattern ids', async () => {
    expect(await ids('http.status:504')).toEqual(['1']);
    expect(await ids('http.status:50*')).toEqual(['1', '5']);
    expect(await ids(`traceId:${'A'.repeat(32)}`)).toEqual(['1']);
    expect(await ids('patternId:p3 OR pattern:p4')).toEqual(['3', '4']);
    expect(await ids('message:disk')).toEqual(['5']);
  });

  it('pages with a cursor in either order and keeps the time range', async () => {
    const first = await store.search({ range: { start: 1500, end: 5000 }, filter: parseLogQuery('level:error OR level:warn'), limit: 1, order: 'desc' });
    expect(first.items.map((r) => r.id)).toEqual(['5']);
    const second = await store.search({ range: { start: 1500, end: 5000 }, filter: parseLogQuery('level:error OR level:warn'), limit: 5, order: 'desc', cursor: first.nextCursor });
    expect(second.items.map((r) => r.id)).toEqual(['4', '3']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('aggregates counts by field and over time, split by a field', async () => {
    expect(await store.aggregate({ range }, { type: 'terms', field: 'service' })).toEqual([
      { key: 'api', count: 3 },
      { key: 'web', count: 1 },
      { key: 'worker', count: 1 },
    ]);
    expect(await store.aggregate({ range, filter: parseLogQuery('timeout*') }, { type: 'terms', field: 'level', size: 1 })).toEqual([{ key: 'error', count: 2 }]);
    expect(await store.aggregate({ range }, { type: 'histogram', intervalMs: 2000 })).toEqual([
      { key: 0, count: 1 },
      { key: 2000, count: 2 },
      { key: 4000, count: 2 },
    ]);
    expect(await store.aggregate({ range, filter: parseLogQuery('level:error') }, { type: 'histogram', intervalMs: 10_000, by: 'service' })).toEqual([
      { key: 0, by: 'api', count: 1 },
      { key: 0, by: 'web', count: 1 },
      { key: 0, by: 'worker', count: 1 },
    ]);
  });
});
