import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { SqliteLogStore } from '../../../../lambdas/adapters/embedded/sqlite-log-store';
import type { Ports } from '../../../../lambdas/core/ports';
import { testPorts } from '../../api/api-test-kit';

/** Test ports with a real SQLite log store (in memory) instead of the recording one. */
export function logTestPorts() {
  const t = testPorts();
  const logs = new SqliteLogStore(t.db);
  const ports: Ports = { ...t.ports, logs };
  return { ...t, logs, ports };
}

export const lambdaContext = { awsRequestId: 'r', functionName: 'log-processor' } as Context;

/** Kinesis event of raw record datas, sequence numbers `seq-<i>`. */
export function kinesisEvent(datas: readonly Uint8Array[]): KinesisStreamEvent {
  return {
    Records: datas.map((d, i) => ({
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'k', sequenceNumber: `seq-${i}`, data: Buffer.from(d).toString('base64'), approximateArrivalTimestamp: 1 },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:seq-${i}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn',
      awsRegion: 'local',
      eventSourceARN: 'arn:aws:kinesis:local:000000000000:stream/logs',
    })),
  };
}

/** Everything waiting on the logs stream as one Kinesis event (and acknowledged). */
export function drainLogs(t: ReturnType<typeof logTestPorts>): KinesisStreamEvent {
  const delivered = t.stream.receive('logs', 10_000);
  t.stream.ack('logs', delivered.map((d) => d.seq));
  return kinesisEvent(delivered.map((d) => d.data));
}
