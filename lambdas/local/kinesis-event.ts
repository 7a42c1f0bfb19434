import type { KinesisStreamEvent } from 'aws-lambda';
import type { DeliveredRecord } from '../adapters/embedded/sqlite-telemetry-stream';
import type { Signal } from '../core/domain/telemetry';

/** The ARN local events name as their source. */
export function localStreamArn(signal: Signal): string {
  return `arn:aws:kinesis:local:000000000000:stream/${signal}`;
}

/** Queued records as the Kinesis event Lambda would deliver: sequence number = String(seq), data base64. */
export function kinesisEventFrom(signal: Signal, records: readonly DeliveredRecord[]): KinesisStreamEvent {
  return {
    Records: records.map((r) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: r.partitionKey,
        sequenceNumber: String(r.seq),
        data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).toString('base64'),
        approximateArrivalTimestamp: r.arrivedAt / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${r.seq}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/local',
      awsRegion: 'local',
      eventSourceARN: localStreamArn(signal),
    })),
  };
}
