import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { LocalPlatform } from '../../../lambdas/local/local-platform';
import { eventually, searchAll, startLogPlatform } from './log-platform-helpers';

jest.setTimeout(30_000);

const T = Date.UTC(2026, 1, 3, 10, 0, 0);

// The shape CloudWatch Logs puts on a Kinesis destination: gzip JSON, one log group and stream per record.
function subscriptionRecord(messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE', events: { id: string; timestamp: number; message: string }[]) {
  return gzipSync(
    Buffer.from(
      JSON.stringify({
        messageType,
        owner: '123456789012',
        logGroup: '/aws/lambda/checkout',
        logStream: '2026/02/03/[$LATEST]abcdef0123456789',
        subscriptionFilters: ['platform-logs'],
        logEvents: events,
      }),
    ),
  );
}

describe('CloudWatch Logs subscription records on the logs stream (local platform)', () => {
  let platform: LocalPlatform;
  let dir: string;

  beforeAll(async () => {
    ({ platform, dir } = await startLogPlatform('cwl-e2e-'));
  });
  afterAll(async () => {
    await platform?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('decodes a subscription fixture exactly, skips CONTROL_MESSAGE, and dead-letters a corrupt gzip record while the rest of the batch is stored', async () => {
    const traceId = '5759e988bd862e3fe1be46a994272793';
    const events = [
      { id: '37516444617598064403287475757475560480452540700000', timestamp: T, message: `START RequestId: 8f5e8f16-1a2b-4c3d-9e8f-001122334455 Version: $LATEST` },
      { id: '37516444617598064403287475757475560480452540700001', timestamp: T + 1, message: JSON.stringify({ level: 'error', msg: 'payment declined for card', traceId, userId: 'u-42' }) },
      { id: '37516444617598064403287475757475560480452540700002', timestamp: T + 2, message: '2026-02-03T10:00:00.002Z\t8f5e8f16-1a2b-4c3d-9e8f-001122334455\tWARN\tretrying charge, attempt 2' },
    ];
    const good = subscriptionRecord('DATA_MESSAGE', events);
    const corrupt = Buffer.concat([good.subarray(0, 20), Buffer.from('not the rest of a gzip stream')]);
    const control = subscriptionRecord('CONTROL_MESSAGE', [{ id: 'c', timestamp: T, message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.' }]);
    const put = await platform.stream.put('logs', [
      { id: 'r-control', partitionKey: 'a', data: control },
      { id: 'r-corrupt', partitionKey: 'a', data: corrupt },
      { id: 'r-good', partitionKey: 'a', data: good },
    ]);
    expect(put.failed).toEqual([]);

    const range = { from: new Date(T - 1000).toISOString(), to: new Date(T + 1000).toISOString(), order: 'asc' };
    const records = await eventually(async () => {
      const got = await searchAll(platform.url, { ...range, q: 'service:checkout' });
      return got.length >= 3 ? got : undefined;
    });
    expect(records.map((r) => [r.id, r.timestamp, r.level])).toEqual([
      [`cwl-${events[0].id}`, new Date(T).toISOString(), 'unknown'],
      [`cwl-${events[1].id}`, new Date(T + 1).toISOString(), 'error'],
      [`cwl-${events[2].id}`, new Date(T + 2).toISOString(), 'warn'],
    ]);
    expect(records[1]).toMatchObject({ message: 'payment declined for card', traceId, service: 'checkout' });
    expect(records[1].attributes).toMatchObject({ 'aws.log.group.names': '/aws/lambda/checkout', 'cloud.account.id': '123456789012' });
    expect(records.every((r) => typeof r.patternId === 'string')).toBe(true);
    // Searchable by trace id (the link from a trace to its logs).
    expect((await searchAll(platform.url, { ...range, q: `traceId:${traceId}` })).map((r) => r.id)).toEqual([`cwl-${events[1].id}`]);

    const dead = await eventually(async () => (platform.stream.deadLetters('logs').length > 0 ? platform.stream.deadLetters('logs') : undefined));
    expect(dead).toHaveLength(1);
    expect(dead[0].id).toBe('r-corrupt');
    expect(dead[0].reason).toMatch(/reported the record as failed/);
    expect(await searchAll(platform.url, { ...range, q: 'CONTROL' })).toEqual([]);
  });
});
