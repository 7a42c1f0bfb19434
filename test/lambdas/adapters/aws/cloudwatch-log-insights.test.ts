import { CloudWatchLogsClient, DescribeLogGroupsCommand, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { insightsFilter, insightsQueryString } from '../../../../lambdas/adapters/aws/cloudwatch-insights-query';
import { CloudWatchLogStore } from '../../../../lambdas/adapters/aws/cloudwatch-log-store';
import type { LogRecord } from '../../../../lambdas/core/domain/log-record';
import { parseLogQuery } from '../../../../lambdas/core/logs/query/log-query-parser';

const client = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const cwl = mockClient(client);
const T0 = 1_700_000_000_000;
const rec = (i: number): LogRecord => ({ id: `r${i}`, timestamp: T0 + i * 1000, service: 'api', level: 'error', message: `timeout ${i}`, attributes: {} });
const row = (r: LogRecord) => [
  { field: '@timestamp', value: '2023-11-14 22:13:20.000' },
  { field: '@message', value: JSON.stringify(r) },
];
const noSleep = { intervalMs: 1, maxPolls: 3, sleep: async () => undefined };

describe('CloudWatch Logs Insights search', () => {
  beforeEach(() => cwl.reset());

  it('compiles the query AST to an Insights filter', () => {
    expect(insightsFilter(parseLogQuery('service:api AND level:ERROR AND "time out"'))).toBe('(service = "api") and (level = "error") and (@message like "time out")');
    expect(insightsFilter(parseLogQuery('time* OR NOT region:eu-*'))).toBe('(@message like /time.*/) or (not (attributes.region like /^eu-.*$/))');
    expect(insightsFilter(parseLogQuery('user\\-id:a.b*'))).toBe('`attributes.user-id` like /^a\\.b.*$/');
    expect(insightsFilter(parseLogQuery('traceId:* message:"a\\"b"'))).toBe('(ispresent(traceId)) and (message like "a\\"b")');
  });

  it('starts one query over the service group with seconds, polls until Complete and pages with a keyset cursor', async () => {
    cwl.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    cwl.on(GetQueryResultsCommand).resolvesOnce({ status: 'Running' }).resolvesOnce({ status: 'Complete', results: [rec(3), rec(2), rec(1)].map(row) });
    const store = new CloudWatchLogStore({ client, logGroupPrefix: '/obs/logs/', insightsPolling: noSleep });
    const range = { start: T0 + 500, end: T0 + 10_500 };
    const page = await store.search({ range, service: 'api', filter: parseLogQuery('level:error AND timeout'), limit: 2 });
    expect(page.items.map((r) => r.id)).toEqual(['r3', 'r2']);
    const start = cwl.commandCalls(StartQueryCommand)[0].args[0].input;
    expect(start).toEqual({
      logGroupNames: ['/obs/logs/api'],
      startTime: Math.floor((T0 + 500) / 1000),
      endTime: Math.ceil((T0 + 10_500) / 1000),
      limit: 3,
      queryString: ['fields @timestamp, @message, timestamp, id', 'filter (level = "error") and (@message like "timeout")', 'sort timestamp desc, id desc', 'limit 3'].join('\n| '),
    });
    expect(cwl.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([{ queryId: 'q-1' }, { queryId: 'q-1' }]);

    cwl.on(StartQueryCommand).resolves({ queryId: 'q-2' });
    cwl.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [rec(1)].map(row) });
    const next = await store.search({ range, service: 'api', filter: parseLogQuery('level:error AND timeout'), limit: 2, cursor: page.nextCursor });
    expect(next.items.map((r) => r.id)).toEqual(['r1']);
    expect(next.nextCursor).toBeUndefined();
    expect(cwl.commandCalls(StartQueryCommand)[1].args[0].input.queryString).toContain(`filter timestamp < ${T0 + 2000} or (timestamp = ${T0 + 2000} and id < "r2")`);
  });

  it('queries every platform group (50 per query) when no service is given, and merges', async () => {
    const groups = Array.from({ length: 51 }, (_, i) => ({ logGroupName: `/obs/logs/s${String(i).padStart(2, '0')}` }));
    cwl.on(DescribeLogGroupsCommand).resolves({ logGroups: groups });
    cwl.on(StartQueryCommand).resolvesOnce({ queryId: 'a' }).resolvesOnce({ queryId: 'b' });
    cwl.on(GetQueryResultsCommand, { queryId: 'a' }).resolves({ status: 'Complete', results: [row(rec(1))] });
    cwl.on(GetQueryResultsCommand, { queryId: 'b' }).resolves({ status: 'Complete', results: [row(rec(5))] });
    const store = new CloudWatchLogStore({ client, logGroupPrefix: '/obs/logs/', insightsPolling: noSleep });
    const page = await store.search({ range: { start: T0, end: T0 + 60_000 }, order: 'asc' });
    expect(page.items.map((r) => r.id)).toEqual(['r1', 'r5']);
    const calls = cwl.commandCalls(StartQueryCommand).map((c) => c.args[0].input.logGroupNames?.length);
    expect(calls).toEqual([50, 1]);
  });

  it('stops a query that does not complete within the poll bound and answers 503; a failed query is 503 too', async () => {
    cwl.on(StartQueryCommand).resolves({ queryId: 'slow' });
    cwl.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    cwl.on(StopQueryCommand).resolves({ success: true });
    const store = new CloudWatchLogStore({ client, logGroupPrefix: '/obs/logs/', insightsPolling: noSleep });
    await expect(store.search({ range: { start: T0, end: T0 + 1 }, service: 'api' })).rejects.toMatchObject({ code: 'unavailable' });
    expect(cwl.commandCalls(GetQueryResultsCommand)).toHaveLength(3);
    expect(cwl.commandCalls(StopQueryCommand)[0].args[0].input).toEqual({ queryId: 'slow' });
    cwl.on(GetQueryResultsCommand).resolves({ status: 'Failed' });
    await expect(store.search({ range: { start: T0, end: T0 + 1 }, service: 'api' })).rejects.toThrow(/ended Failed/);
  });

  it('writes level, trace id and plain text filters', () => {
    expect(insightsQueryString({ range: { start: 0, end: 1 }, level: 'warn', traceId: 'AB'.repeat(16), text: 'disk  full', order: 'asc' }, 10)).toBe(
      ['fields @timestamp, @message, timestamp, id', 'filter level = "warn"', `filter traceId = "${'ab'.repeat(16)}"`, 'filter @message like "disk"', 'filter @message like "full"', 'sort timestamp asc, id asc', 'limit 11'].join('\n| '),
    );
  });

  it('pushes aggregations down as stats queries: counts by field, and per bin split by a field', async () => {
    cwl.on(StartQueryCommand).resolvesOnce({ queryId: 't' }).resolvesOnce({ queryId: 'h' });
    cwl.on(GetQueryResultsCommand, { queryId: 't' }).resolves({
      status: 'Complete',
      results: [
        [{ field: 'level', value: 'error' }, { field: 'n', value: '7' }],
        [{ field: 'level', value: 'warn' }, { field: 'n', value: '3' }],
      ],
    });
    cwl.on(GetQueryResultsCommand, { queryId: 'h' }).resolves({
      status: 'Complete',
      results: [
        [{ field: 'bin(300s)', value: '2023-11-14 22:15:00.000' }, { field: 'service', value: 'api' }, { field: 'n', value: '2' }],
        [{ field: 'bin(300s)', value: '2023-11-14 22:10:00.000' }, { field: 'service', value: 'api' }, { field: 'n', value: '4' }],
      ],
    });
    const store = new CloudWatchLogStore({ client, logGroupPrefix: '/obs/logs/', insightsPolling: noSleep });
    const range = { start: T0, end: T0 + 3_600_000 };
    expect(await store.aggregate({ range, service: 'api', filter: parseLogQuery('timeout') }, { type: 'terms', field: 'level', size: 5 })).toEqual([
      { key: 'error', count: 7 },
      { key: 'warn', count: 3 },
    ]);
    expect(cwl.commandCalls(StartQueryCommand)[0].args[0].input.queryString).toBe(
      ['fields level', 'filter @message like "timeout"', 'stats count(*) as n by level', 'sort n desc', 'limit 5'].join('\n| '),
    );
    expect(await store.aggregate({ range, service: 'api' }, { type: 'histogram', intervalMs: 300_000, by: 'service' })).toEqual([
      { key: Date.UTC(2023, 10, 14, 22, 10), by: 'api', count: 4 },
      { key: Date.UTC(2023, 10, 14, 22, 15), by: 'api', count: 2 },
    ]);
    expect(cwl.commandCalls(StartQueryCommand)[1].args[0].input.queryString).toBe(['fields @timestamp', 'stats count(*) as n by bin(300s), service', 'limit 10000'].join('\n| '));
  });
});
