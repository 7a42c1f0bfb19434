import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { TelemetryEnvelope } from '../../core/domain/telemetry';
import type { Ports } from '../../core/ports';
import { decodeEnvelope } from '../../api/ingest/envelope-codec';
import { getPorts } from '../composition/ports-provider';
import { labelInvocation } from '../middleware/observability';
import { wrapHandler, type AsyncHandler } from '../middleware/wrap-handler';

/** Stores one envelope's body; throws when it cannot (the record is then reported as failed). */
export type EnvelopeSink = (envelope: TelemetryEnvelope, ports: Ports) => Promise<void>;

/** Log line sink for per-record failures. @default stderr as JSON */
export type FailureLog = (line: Record<string, unknown>) => void;

const defaultFailureLog: FailureLog = (line) => console.error(JSON.stringify({ level: 'warn', ...line }));

/**
 * Builds a Kinesis processor: each record's data is decoded as an envelope and handed to the
 * sink for its kind. A record that does not decode, has an unknown kind, or whose sink throws
 * is reported in `batchItemFailures` by sequence number; Lambda then retries from the lowest
 * failed one, which is harmless because the stores are idempotent on ids.
 */
export function streamProcessor(
  name: string,
  sinks: Readonly<Record<string, EnvelopeSink>>,
  failureLog: FailureLog = defaultFailureLog,
): AsyncHandler<KinesisStreamEvent, KinesisStreamBatchResponse> {
  return wrapHandler(
    async (event: KinesisStreamEvent, context) => {
      const records = event.Records ?? [];
      const failures: { itemIdentifier: string }[] = [];
      for (const record of records) {
        const reason = await processOne(record, sinks);
        if (reason !== undefined) {
          failures.push({ itemIdentifier: record.kinesis.sequenceNumber });
          failureLog({ message: 'record failed', function: name, requestId: context.awsRequestId, sequenceNumber: record.kinesis.sequenceNumber, reason });
        }
      }
      labelInvocation(event, { batchSize: records.length, failedRecords: failures.length, status: failures.length > 0 ? 207 : 200 });
      return { batchItemFailures: failures };
    },
    { functionName: name, defaultRoute: 'batch' },
  );
}

async function processOne(record: KinesisStreamRecord, sinks: Readonly<Record<string, EnvelopeSink>>): Promise<string | undefined> {
  try {
    const envelope = decodeEnvelope(Buffer.from(record.kinesis.data, 'base64'));
    const sink = sinks[envelope.kind];
    if (!sink) return `unknown envelope kind ${JSON.stringify(envelope.kind)}; expected ${Object.keys(sinks).join(', ')}`;
    await sink(envelope, getPorts());
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
