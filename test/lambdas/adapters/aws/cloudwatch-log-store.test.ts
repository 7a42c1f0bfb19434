import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudWatchLogBatches } from '../../../../lambdas/adapters/aws/cloudwatch-log-batches';
import { CloudWatchLogStore } from '../../../../lambdas/adapters/aws/cloudwatch-log-store';
import type { LogRecord } from '../../../../lambdas/core/domain/log-record';
import { FakeCloudWatchLogs } from '../../../support/contract/fake-cloudwatch-logs';
import { describeLogStoreContract } from '../../../support/contract/log-store-contract';

const client = new CloudWatchLogsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const cwl = mockClient(client);
const prefix = '/obs/logs/';

function fresh(): FakeCloudWatchLogs {
  cwl.reset();
  const fake = new FakeCloudWatchLogs();
  fake.install(cwl);
  return fake;
}

describeLogStoreContract(
  'CloudWatchLogStore (stateful fake behind aws-sdk-client-mock)',
  async () => {
    fresh();
    return { store: new CloudWatchLogStore({ client, logGroupPrefix: prefix }) };
  },
  { streamCounts: false },
);

const T0 = 1_700_000_000_000;
const rec = (i: number, over: Partial<LogRecord> = {}): LogRecord => ({
  id: `r${i}`,
  timestamp: T0 + i,
  service: 'api',
  source: 'app',
  level: 'info',
  message: `m${i}`,
  attributes: {},
  ...over,
});

describe('CloudWatchLogStore request shapes', () => {
  it('creates the group and stream once, then sends events as sorted JSON lines', async () => {
    const fake = fresh();
    const store = new CloudWatchLogStore({ client, logGroupPrefix: prefix });
    await store.append([rec(2), rec(1, { source: 'k8s:pod*1' })]);
    await store.append([rec(3)]);
    expect(cwl.commandCalls(CreateLogGroupCommand).map((c) => c.args[0].input)).toEqual([{ logGroupName: '/obs/logs/api' }, { logGroupName: '/obs/logs/api' }]);
    expect(cwl.commandCalls(CreateLogStreamCommand).map((c) => c.args[0].input.logStreamName)).toEqual(['app', 'k8s_pod_1']);
    const puts = cwl.commandCalls(PutLogEventsCommand).map((c) => c.args[0].input);
    expect(puts[0]).toEqual({ logGroupName: '/obs/logs/api', logStreamName: 'app', logEvents: [{ timestamp: T0 + 2, message: JSON.stringify(rec(2)) }] });
    expect(puts).toHaveLength(3);
    expect(fake.groups.get('/obs/logs/api')!.get('app')!.map((e) => JSON.parse(e.message).id)).toEqual(['r2', 'r3']);
  });

  it('splits 12,000 small events into 2 calls (10,000 events per call at most)', () => {
    const events = Array.from({ length: 12_000 }, (_, i) => ({ timestamp: T0 + i, message: `e${i}` }));
    expect(cloudWatchLogBatches(events).map((b) => b.length)).toEqual([10_000, 2_000]);
  });

  it('sends 12,000 records (about 1.4 MB of JSON lines) within the documented per-call limits', async () => {
    const fake = fresh();
    const store = new CloudWatchLogStore({ client, logGroupPrefix: prefix });
    await store.append(Array.from({ length: 12_000 }, (_, i) => rec(i)));
    const calls = cwl.commandCalls(PutLogEventsCommand).map((c) => c.args[0].input.logEvents!);
    expect(calls.length).toBe(2);
    for (const events of calls) {
      expect(events.length).toBeLessThanOrEqual(10_000);
      expect(events.reduce((n, e) => n + Buffer.byteLength(e.message!) + 26, 0)).toBeLessThanOrEqual(1_048_576);
    }
    expect(fake.groups.get('/obs/logs/api')!.get('app')!).toHaveLength(12_000);
  });

  it('batches by 1,048,576 bytes with 26 bytes per event and by 24 hours', () => {
    const big = Array.from({ length: 5 }, (_, i) => ({ timestamp: i, message: 'x'.repeat(262_118) }));
    expect(cloudWatchLogBatches(big).map((b) => b.length)).toEqual([4, 1]);
    const wide = [{ timestamp: 0, message: 'a' }, { timestamp: 86_400_000, message: 'b' }, { timestamp: 86_400_001, message: 'c' }, { timestamp: 5, message: 'd' }];
    expect(cloudWatchLogBatches(wide).map((b) => b.map((e) => e.message).join(''))).toEqual(['adb', 'c']);
  });

  it('cuts a record too large for one event and marks it truncated', async () => {
    const fake = fresh();
    await new CloudWatchLogStore({ client, logGroupPrefix: prefix }).append([rec(1, { message: 'ü'.repeat(200_000) })]);
    const [event] = fake.groups.get('/obs/logs/api')!.get('app')!;
    expect(Buffer.byteLength(event.message)).toBeLessThanOrEqual(256 * 1024 - 26);
    expect(JSON.parse(event.message).attributes.truncated).toBe(true);
  });

  it('queries one service group with a quoted-term filter pattern and the range', async () => {
    fresh();
    const store = new CloudWatchLogStore({ client, logGroupPrefix: prefix });
    await store.append([rec(1, { message: 'refused by db-1:5432 now' })]);
    const page = await store.query({ range: { start: T0, end: T0 + 10 }, service: 'api', text: 'db-1:5432 now' });
    expect(page.items.map((r) => r.id)).toEqual(['r1']);
    expect(cwl.commandCalls(FilterLogEventsCommand)[0].args[0].input).toEqual({
      logGroupName: '/obs/logs/api',
      startTime: T0,
      endTime: T0 + 10,
      filterPattern: '"db-1:5432" "now"',
    });
  });

  it('uses a JSON filter pattern for level and trace id without text, and reads foreign events', async () => {
    const fake = fresh();
    const store = new CloudWatchLogStore({ client, logGroupPrefix: prefix });
    await store.append([rec(1, { level: 'error' })]);
    fake.groups.get('/obs/logs/api')!.get('app')!.push({ timestamp: T0 + 5, message: 'plain text line', eventId: 'e9' });
    await store.query({ range: { start: T0, end: T0 + 10 }, level: 'error', traceId: 'abc' });
    expect(cwl.commandCalls(FilterLogEventsCommand)[0].args[0].input.filterPattern).toBe('{ ($.level = "error") && ($.traceId = "abc") }');
    const plain = await store.query({ range: { start: T0, end: T0 + 10 }, text: 'plain' });
    expect(plain.items).toEqual([{ id: 'e9', timestamp: T0 + 5, service: 'api', source: 'app', level: 'unknown', message: 'plain text line', attributes: {} }]);
  });

  it('recreates a log group deleted behind its back and retries the put once', async () => {
    const fake = fresh();
    const store = new CloudWatchLogStore({ client, logGroupPrefix: prefix });
    await store.append([rec(1)]);
    fake.groups.delete('/obs/logs/api');
    await store.append([rec(2)]);
    expect(cwl.commandCalls(PutLogEventsCommand)).toHaveLength(3);
    expect(fake.groups.get('/obs/logs/api')!.get('app')!.map((e) => JSON.parse(e.message).id)).toEqual(['r2']);
  });

  it('pings with DescribeLogGroups limit 1', async () => {
    fresh();
    await new CloudWatchLogStore({ client, logGroupPrefix: prefix }).ping();
    expect(cwl.commandCalls(DescribeLogGroupsCommand)[0].args[0].input).toEqual({ logGroupNamePrefix: prefix, limit: 1 });
  });
});
