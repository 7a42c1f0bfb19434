import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { resolveLogProcessorConfig, type ResolvedLogProcessorConfig } from '../core/logs/pipeline/log-processor-config';
import { SecurityDetector } from '../core/logs/security/security-detector';
import type { LogArchive } from '../core/ports/log-archive';
import { getLogArchive } from './composition/log-archive-provider';
import { getPorts } from './composition/ports-provider';
import { labelInvocation } from './middleware/observability';
import { wrapHandler, type AsyncHandler } from './middleware/wrap-handler';
import { processLogBatch } from './processors/log-batch';

/** Where the config comes from: a value, or a function read on each invocation. */
export type LogConfigSource = ResolvedLogProcessorConfig | (() => ResolvedLogProcessorConfig);

/** Reads `LOG_PROCESSOR_CONFIG` (JSON, see LogProcessorConfig) at call time; defaults when unset. */
export function logConfigFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): ResolvedLogProcessorConfig {
  const text = env.LOG_PROCESSOR_CONFIG;
  return resolveLogProcessorConfig(text ? JSON.parse(text) : undefined);
}

/**
 * Builds a log processor with its config (tests and the local runtime inject one). Each
 * Kinesis batch goes through {@link processLogBatch}; unreadable records (a corrupt gzip
 * subscription record, a bad envelope) are reported in `batchItemFailures` (then the DLQ)
 * while the rest of the batch is stored. Security windows live in the warm container.
 */
export function createLogProcessor(source: LogConfigSource = logConfigFromEnvironment): AsyncHandler<KinesisStreamEvent, KinesisStreamBatchResponse> {
  let detector: SecurityDetector | undefined;
  // Resolved inside the batch, so a missing archive fails the records (partial batch failure), not the invocation.
  const archive: LogArchive = { archive: async (records) => getLogArchive()?.archive(records) };
  return wrapHandler(
    async (event: KinesisStreamEvent) => {
      const config = typeof source === 'function' ? source() : source;
      detector ??= new SecurityDetector(config.security);
      const records = event.Records ?? [];
      const result = await processLogBatch(
        getPorts(),
        config,
        detector,
        records.map((r) => ({ sequenceNumber: r.kinesis.sequenceNumber, data: Buffer.from(r.kinesis.data, 'base64') })),
        archive,
      );
      for (const f of result.failed) console.error(JSON.stringify({ level: 'warn', message: 'record failed', function: 'log-processor', ...f }));
      labelInvocation(event, {
        batchSize: records.length,
        failedRecords: result.failed.length,
        status: result.failed.length > 0 ? 207 : 200,
      });
      return { batchItemFailures: result.failed.map((f) => ({ itemIdentifier: f.sequenceNumber })) };
    },
    { functionName: 'log-processor', defaultRoute: 'batch' },
  );
}

/** Lambda entry of `log-processor`: the `logs` stream (ingest envelopes and CloudWatch Logs subscription records). */
export const handler = createLogProcessor();
