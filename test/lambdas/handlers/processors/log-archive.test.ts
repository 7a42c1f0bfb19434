import { S3LogArchive } from '../../../../lambdas/adapters/aws/s3-log-archive';
import { writeToStream } from '../../../../lambdas/api/ingest/stream-writer';
import { rawLogPayloads, withIngestIds } from '../../../../lambdas/api/ingest/log-envelopes';
import type { LogRecord } from '../../../../lambdas/core/domain/log-record';
import type { RawLogEntry } from '../../../../lambdas/core/domain/raw-log-entry';
import { logArchiveObjects } from '../../../../lambdas/core/logs/archive/log-archive-objects';
import { resolveLogProcessorConfig } from '../../../../lambdas/core/logs/pipeline/log-processor-config';
import type { LogArchive } from '../../../../lambdas/core/ports/log-archive';
import { getLogArchive, useLogArchive } from '../../../../lambdas/handlers/composition/log-archive-provider';
import { usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { createLogProcessor } from '../../../../lambdas/handlers/log-processor';
import { configureObservability } from '../../../../lambdas/handlers/middleware/observability';
import { drainLogs, lambdaContext, logTestPorts } from './log-pipeline-kit';

const T = Date.UTC(2026, 5, 1, 8, 0, 0);
const range = { start: T - 1000, end: T + 3_600_000 };
const entry = (body: string, i: number): RawLogEntry => ({ timestamp: T + i, body, service: 'api', source: 'loki', attributes: {} });

/** An archive that keeps its objects by key (as S3 would) and can be made to fail. */
class MemoryArchive implements LogArchive {
  readonly objects = new Map<string, readonly LogRecord[]>();
  puts = 0;
  failing = false;
  async archive(records: readonly LogRecord[]): Promise<void> {
    if (this.failing) throw new Error('archive bucket unreachable');
    for (const o of logArchiveObjects(records)) {
      this.puts++;
      this.objects.set(o.key, o.records);
    }
  }
}

async function ingest(t: ReturnType<typeof logTestPorts>, entries: RawLogEntry[]) {
  await writeToStream(t.ports, 'logs', rawLogPayloads(withIngestIds(entries)));
  return drainLogs(t);
}

describe('log-processor archive copy', () => {
  let restore: ReturnType<typeof configureObservability>;
  beforeAll(() => {
    restore = configureObservability({ sink: () => undefined });
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => {
    configureObservability(restore);
    jest.restoreAllMocks();
  });
  afterEach(() => {
    usePorts(undefined);
    useLogArchive(undefined);
  });

  it('archives the stored (masked, enriched) records and a redelivered batch rewrites the same object', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const archive = new MemoryArchive();
    useLogArchive(archive);
    const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
    const event = await ingest(t, ['login by jane@example.com', 'job 2 done'].map((l, i) => entry(l, i)));
    expect(await processor(event, lambdaContext)).toEqual({ batchItemFailures: [] });
    const stored = (await t.logs.query({ range, order: 'asc' })).items;
    expect([...archive.objects.values()]).toEqual([stored]);
    expect(stored[0].message).not.toMatch(/jane@example\.com/);
    expect(stored[0].patternId).toBeDefined();
    const keys = [...archive.objects.keys()];
    expect(keys[0]).toMatch(/^logs\/service=api\/dt=2026-06-01\/hour=08\/[0-9a-f]{16}\.json\.gz$/);

    // The markers are gone (as after a crash between store and marker): the batch is processed again.
    await t.ports.state.delete('log-unit', JSON.parse(Buffer.from(event.Records[0].kinesis.data, 'base64').toString()).id);
    await processor(event, lambdaContext);
    expect(archive.puts).toBe(2);
    expect([...archive.objects.keys()]).toEqual(keys);
  });

  it('fails the records when the archive fails, and stores them once when the redelivery succeeds', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const archive = new MemoryArchive();
    archive.failing = true;
    useLogArchive(archive);
    const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
    const event = await ingest(t, [entry('cache 1 miss', 0)]);
    const res = await processor(event, lambdaContext);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].kinesis.sequenceNumber }]);
    expect(archive.objects.size).toBe(0);

    archive.failing = false;
    expect(await processor(event, lambdaContext)).toEqual({ batchItemFailures: [] });
    expect((await t.logs.query({ range })).items).toHaveLength(1);
    expect([...archive.objects.values()].flat()).toHaveLength(1);
  });

  it('on Lambda without ARCHIVE_BUCKET fails the records instead of skipping the archive', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const saved = { fn: process.env.AWS_LAMBDA_FUNCTION_NAME, bucket: process.env.ARCHIVE_BUCKET };
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'obs-log-processor';
    delete process.env.ARCHIVE_BUCKET;
    try {
      const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
      const event = await ingest(t, [entry('disk full', 0)]);
      expect((await processor(event, lambdaContext)).batchItemFailures).toHaveLength(1);
    } finally {
      if (saved.fn === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = saved.fn;
      if (saved.bucket !== undefined) process.env.ARCHIVE_BUCKET = saved.bucket;
    }
  });

  it('the provider builds an S3 archive from ARCHIVE_BUCKET and none outside Lambda without it', () => {
    expect(getLogArchive({})).toBeUndefined();
    expect(() => getLogArchive({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toThrow(/ARCHIVE_BUCKET/);
    expect(getLogArchive({ ARCHIVE_BUCKET: 'obs-archive-1-eu-west-1', AWS_REGION: 'eu-west-1' })).toBeInstanceOf(S3LogArchive);
  });
});
