import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { KinesisTelemetryStream } from '../../../../lambdas/adapters/aws/kinesis-telemetry-stream';
import type { Signal } from '../../../../lambdas/core/domain/telemetry';
import { emulatorClientConfig, startEmulator, type RunningEmulator } from '../../../support/contract/aws-emulators';
import { describeTelemetryStreamContract, envelopeRecord, type ReadRecord } from '../../../support/contract/telemetry-stream-contract';

let emulator: RunningEmulator;
let client: KinesisClient;
let streams = 0;

beforeAll(async () => {
  emulator = await startEmulator('kinesalite');
  client = new KinesisClient(emulatorClientConfig(emulator.port));
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

async function readStream(StreamName: string): Promise<ReadRecord[]> {
  const shards = (await client.send(new ListShardsCommand({ StreamName }))).Shards ?? [];
  const out: ReadRecord[] = [];
  for (const shard of shards) {
    let iterator = (
      await client.send(new GetShardIteratorCommand({ StreamName, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))
    ).ShardIterator;
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      for (const r of page.Records ?? []) out.push({ partitionKey: r.PartitionKey!, data: r.Data! });
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return out;
}

describeTelemetryStreamContract('KinesisTelemetryStream on kinesalite', async () => {
  const n = ++streams;
  const streamNames: Record<Signal, string> = { metrics: `metrics-${n}`, logs: `logs-${n}`, traces: `traces-${n}` };
  // One shard each, so reading back gives put order.
  for (const StreamName of Object.values(streamNames)) await client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
  return {
    stream: new KinesisTelemetryStream({ client, streamNames }),
    readAll: (signal) => readStream(streamNames[signal]),
  };
});

describe('KinesisTelemetryStream request shapes and partial failures (aws-sdk-client-mock)', () => {
  const names: Record<Signal, string> = { metrics: 'obs-metrics', logs: 'obs-logs', traces: 'obs-traces' };
  const mocked = new KinesisClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(mocked);
  const stream = new KinesisTelemetryStream({ client: mocked, streamNames: names, baseDelayMs: 1, maxRetries: 2 });
  beforeEach(() => mock.reset());
  const ok = (n: number) => ({ FailedRecordCount: 0, Records: Array.from({ length: n }, (_, i) => ({ SequenceNumber: `${i}`, ShardId: 's' })) });

  it('sends Data unchanged with the partition key to the signal stream', async () => {
    mock.on(PutRecordsCommand).resolves(ok(1));
    const r = envelopeRecord('x1', { a: 1 }, 'pk');
    await stream.put('traces', [r]);
    expect(mock.commandCalls(PutRecordsCommand)[0].args[0].input).toEqual({
      StreamName: 'obs-traces',
      Records: [{ Data: r.data, PartitionKey: 'pk' }],
    });
  });

  it('splits at 500 records and at 5 MiB per call', async () => {
    mock.on(PutRecordsCommand).callsFake((input: { Records: unknown[] }) => ok(input.Records.length));
    await stream.put('metrics', Array.from({ length: 1_200 }, (_, i) => envelopeRecord(`r${i}`, i)));
    expect(mock.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records!.length)).toEqual([500, 500, 200]);
    mock.resetHistory();
    const big = Array.from({ length: 10 }, (_, i) => ({ id: `b${i}`, partitionKey: 'k', data: new Uint8Array(600 * 1024) }));
    await stream.put('metrics', big);
    expect(mock.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records!.length)).toEqual([8, 2]);
  });

  it('retries only the entries a call refused', async () => {
    mock
      .on(PutRecordsCommand)
      .resolvesOnce({
        FailedRecordCount: 1,
        Records: [
          { SequenceNumber: '1', ShardId: 's' },
          { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' },
          { SequenceNumber: '3', ShardId: 's' },
        ],
      })
      .resolves(ok(1));
    const records = ['a', 'b', 'c'].map((id) => envelopeRecord(id, id));
    expect(await stream.put('logs', records)).toEqual({ failed: [] });
    const calls = mock.commandCalls(PutRecordsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input.Records).toEqual([{ Data: records[1].data, PartitionKey: 'pk-b' }]);
  });

  it('reports entries still refused after the bounded retries, with the error code', async () => {
    mock.on(PutRecordsCommand).resolves({
      FailedRecordCount: 1,
      Records: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' }],
    });
    const result = await stream.put('logs', [envelopeRecord('z', 1)]);
    expect(result.failed).toEqual([{ id: 'z', reason: 'InternalFailure: Internal service failure.' }]);
    expect(mock.commandCalls(PutRecordsCommand)).toHaveLength(3);
  });

  it('pings every stream with DescribeStreamSummary and rejects when one is missing', async () => {
    mock.on(DescribeStreamSummaryCommand).resolves({});
    await stream.ping();
    expect(mock.commandCalls(DescribeStreamSummaryCommand).map((c) => c.args[0].input.StreamName).sort()).toEqual([
      'obs-logs',
      'obs-metrics',
      'obs-traces',
    ]);
    mock.on(DescribeStreamSummaryCommand, { StreamName: 'obs-logs' }).rejects(new Error('ResourceNotFoundException'));
    await expect(stream.ping()).rejects.toThrow('ResourceNotFoundException');
  });
});
