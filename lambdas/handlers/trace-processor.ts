import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { parseTraceProcessorConfig, type TraceProcessorConfig } from '../core/traces/processing/trace-processor-config';
import { getPorts } from './composition/ports-provider';
import { labelInvocation } from './middleware/observability';
import { wrapHandler, type AsyncHandler } from './middleware/wrap-handler';
import { processTraceBatch, tickTraceShards } from './processors/trace-batch';

/** A Kinesis batch, or a scheduled tick (anything without `Records`) that settles due decisions. */
export type TraceProcessorEvent = KinesisStreamEvent | { readonly source?: string; readonly Records?: undefined };

/** Where the config comes from: a value, or a function read on each invocation. */
export type TraceConfigSource = TraceProcessorConfig | (() => TraceProcessorConfig);

/** Reads `TRACE_PROCESSOR_CONFIG` (JSON, see {@link TraceProcessorConfig}) at call time. */
export function configFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): TraceProcessorConfig {
  const text = env.TRACE_PROCESSOR_CONFIG;
  return text ? parseTraceProcessorConfig(JSON.parse(text)) : {};
}

/**
 * Builds a trace processor with its config (tests and the local runtime inject one). A
 * Kinesis event is one shard's batch (the shard from the records' event ids): records that
 * cannot be read are reported in `batchItemFailures`, the rest go through
 * {@link processTraceBatch}. Any other event is a timer tick: every shard's due tail
 * decisions and expired service-graph halves are settled.
 */
export function createTraceProcessor(source: TraceConfigSource = configFromEnvironment): AsyncHandler<TraceProcessorEvent, KinesisStreamBatchResponse> {
  return wrapHandler(
    async (event: TraceProcessorEvent) => {
      const config = typeof source === 'function' ? source() : source;
      const ports = getPorts();
      if (!event.Records) {
        const shards = await tickTraceShards(ports, config);
        labelInvocation(event, { status: 200, detail: `tick ${shards.length} shards` });
        return { batchItemFailures: [] };
      }
      const records = event.Records;
      const shard = records[0]?.eventID?.split(':')[0] || 'shard';
      const result = await processTraceBatch(
        ports,
        config,
        shard,
        records.map((r) => ({ sequenceNumber: r.kinesis.sequenceNumber, data: Buffer.from(r.kinesis.data, 'base64') })),
      );
      for (const f of result.failed) console.error(JSON.stringify({ level: 'warn', message: 'record failed', function: 'trace-processor', ...f }));
      labelInvocation(event, {
        batchSize: records.length,
        failedRecords: result.failed.length,
        status: result.failed.length > 0 ? 207 : 200,
        detail: `kept ${result.kept} buffered ${result.buffered} duplicates ${result.duplicates}`,
      });
      return { batchItemFailures: result.failed.map((f) => ({ itemIdentifier: f.sequenceNumber })) };
    },
    { functionName: 'trace-processor', defaultRoute: 'batch' },
  );
}

/** Lambda entry of `trace-processor`: `spans` envelopes from the traces stream (and timer ticks), config from `TRACE_PROCESSOR_CONFIG`. */
export const handler = createTraceProcessor();
