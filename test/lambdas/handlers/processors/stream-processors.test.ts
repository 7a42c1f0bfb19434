

import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { encodeEnvelope } from '../../../../lambdas/api/ingest/envelope-codec';
import type { TelemetryEnvelope } from '../../../../lambdas/core/domain/telemetry';
import { usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { handler as logProcessor } from '../../../../lambdas/handlers/log-processor';
import { handler as metricsWriter } from '../../../../lambdas/handlers/metrics-writer';
import { handler as traceProcessor } from '../../../../lambdas/handlers/trace-processor';
import { testPorts } from '../../api/api-test-kit';
import { quietHandlers } from '../../../support/quiet-handlers';

const context = { awsRequestId: 'r', functionName: 'p' } as Context;

function kinesisEvent(datas: (Uint8Array | string)[]): KinesisStreamEvent {
  return {
    Records: datas.map((d, i) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'k',
        sequenceNumber: `4959${i}`,
        data: typeof d === 'string' ? Buffer.from(d).toString('base64') : Buffer.from(d).toString('base64'),
        approximateArrivalTimestamp: 1,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:4959${i}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn',
      awsRegion: 'local',
      eventSourceARN: 'arn:aws:kinesis:local:000000000000:stream/x',
    })),
  };
}

const env = (kind: string, body: unknown, id = `e-${kind}`): Uint8Array => encodeEnvelope({ id, kind, receivedAt: 1, body } as TelemetryEnvelope);

describe('stream processors', () => {
  quietHandlers();

  it('metrics-writer stores series envelopes and reports undecodable, unknown-kind and malformed records by sequence number', async () => {
    const t = testPorts();
    usePorts(t.ports);
    const good = env('series', [{ labels: { __name__: 'up', job: 'a' }, samples: [{ timestamp: 1000, value: 1 }, { timestamp: 2000, value: '+Inf' }] }]);
    const res = await metricsWriter(kinesisEvent([good, 'not json', env('spans', []), env('series', [{ labels: {} }]), env('series', [])]), context);
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: '49591' }, { itemIdentifier: '49592' }, { itemIdentifier: '49593' }] });
    const stored = await t.ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'up' }], range: { start: 0, end: 10_000 } });
    expect(stored).toEqual([{ labels: { __name__: 'up', job: 'a' }, samples: [{ timestamp: 1000, value: 1 }, { timestamp: 2000, value: Infinity }] }]);
  });

  it('is idempotent on redelivery of the same records', async () => {
    const t = testPorts();
    usePorts(t.ports);
    const e = kinesisEvent([env('series', [{ labels: { __name__: 'x' }, samples: [{ timestamp: 5, value: 2 }] }])]);
    await metricsWriter(e, context);
    await metricsWriter(e, context);
    const stored = await t.ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'x' }], range: { start: 0, end: 10 } });
    expect(stored[0].samples).toEqual([{ timestamp: 5, value: 2 }]);
  });

  it('log-processor appends log records and fails a record whose store write throws', async () => {
    const t = testPorts();
    usePorts(t.ports);
    const record = { id: 'l1', timestamp: 10, service: 'api', level: 'info', message: 'hello' };
    let res = await logProcessor(kinesisEvent([env('log-records', [record]), env('log-records', [{ id: 'bad' }])]), context);
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: '49591' }] });
    expect(t.logs.records).toEqual([{ ...record, attributes: {} }]);
    t.logs.append = async () => {
      throw new Error('throttled');
    };
    res = await logProcessor(kinesisEvent([env('log-records', [record])]), context);
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: '49590' }] });
  });

  it('trace-processor holds spans for the tail decision, then stores kept ones with defaults for optional fields', async () => {
    const t = testPorts();
    usePorts(t.ports);
    // Two seconds: over the default 1 s latency threshold, so tail sampling keeps the trace.
    const span = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'GET /', service: 'api', startTime: 1, duration: 2_000_000 };
    const res = await traceProcessor(kinesisEvent([env('spans', [span])]), context);
    expect(res).toEqual({ batchItemFailures: [] });
    expect(t.traces.spans).toEqual([]);
    t.clock.advance(10_000);
    await traceProcessor({ source: 'aws.scheduler' }, context);
    expect(t.traces.spans).toEqual([{ ...span, kind: 'unspecified', status: 'unset', attributes: {}, resource: {}, events: [] }]);
  });

  it('answers an empty batch with no failures', async () => {
    usePorts(testPorts().ports);
    expect(await traceProcessor({ Records: [] }, context)).toEqual({ batchItemFailures: [] });
  });
});
