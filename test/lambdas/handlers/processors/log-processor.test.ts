import { gzipSync } from 'node:zlib';
import { writeToStream } from '../../../../lambdas/api/ingest/stream-writer';
import { rawLogPayloads, withIngestIds } from '../../../../lambdas/api/ingest/log-envelopes';
import type { RawLogEntry } from '../../../../lambdas/core/domain/raw-log-entry';
import { resolveLogProcessorConfig } from '../../../../lambdas/core/logs/pipeline/log-processor-config';
import type { ServiceLogStateJson } from '../../../../lambdas/core/logs/pipeline/service-log-state';
import { usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { createLogProcessor } from '../../../../lambdas/handlers/log-processor';
import { SERVICE_LOG_STATE_KIND } from '../../../../lambdas/handlers/processors/log-service-enrichment';
import { drainLogs, kinesisEvent, lambdaContext, logTestPorts } from './log-pipeline-kit';
import { quietHandlers } from '../../../support/quiet-handlers';

const T = Date.UTC(2026, 5, 1, 8, 0, 0);
const range = { start: T - 1000, end: T + 3_600_000 };

const entry = (body: string, i: number, extra: Partial<RawLogEntry> = {}): RawLogEntry => ({ timestamp: T + i, body, service: 'api', source: 'loki', attributes: {}, ...extra });

async function ingest(t: ReturnType<typeof logTestPorts>, entries: RawLogEntry[]) {
  await writeToStream(t.ports, 'logs', rawLogPayloads(withIngestIds(entries)));
  return drainLogs(t);
}

describe('log-processor (raw entries and CloudWatch subscription records from the logs stream)', () => {
  quietHandlers();

  it('parses, detects level, extracts ids, masks, stamps pattern ids and stores; state and metrics follow', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
    const lines = [
      JSON.stringify({ level: 'error', msg: 'payment failed for order 17', trace_id: '0af7651916cd43dd8448eb211c80319c', user_id: 'jane@example.com' }),
      JSON.stringify({ level: 'error', msg: 'payment failed for order 18', trace_id: '0af7651916cd43dd8448eb211c80319d' }),
      'level=info msg="served /cart in 12 ms" request_id=req-9',
      'card 4111 1111 1111 1111 was charged',
    ];
    const event = await ingest(t, lines.map((l, i) => entry(l, i)));
    expect(await processor(event, lambdaContext)).toEqual({ batchItemFailures: [] });
    const stored = (await t.logs.query({ range, order: 'asc' })).items;
    expect(stored.map((r) => r.level)).toEqual(['error', 'error', 'info', 'unknown']);
    expect(stored[0]).toMatchObject({ message: 'payment failed for order 17', traceId: '0af7651916cd43dd8448eb211c80319c', service: 'api' });
    expect(stored[0].attributes['user.id']).toBe('[EMAIL]');
    expect(stored[2].attributes['request.id']).toBe('req-9');
    expect(stored[3].message).not.toMatch(/4111/);
    expect(stored[0].patternId).toBe(stored[1].patternId);
    expect(stored[2].patternId).not.toBe(stored[0].patternId);

    const state = await t.ports.state.get<ServiceLogStateJson>(SERVICE_LOG_STATE_KIND, 'api');
    expect(state?.version).toBe(1);
    expect(state?.value.levels).toEqual({ error: 2, info: 1, unknown: 1 });
    expect(state?.value.errors.groups).toHaveLength(1);
    expect(state?.value.errors.groups[0].count).toBe(2);
    const total = await t.ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'log_records_total' }, { name: 'level', op: '=', value: 'error' }], range: { start: 0, end: Date.parse('2030-01-01') } });
    expect(total.map((s) => [s.labels.service, s.samples.at(-1)?.value])).toEqual([['api', 2]]);
    const perPattern = await t.ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'log_pattern_records_total' }, { name: 'pattern_id', op: '=', value: stored[0].patternId! }], range: { start: 0, end: Date.parse('2030-01-01') } });
    expect(perPattern[0].samples.at(-1)?.value).toBe(2);
  });

  it('is idempotent on redelivery: records, pattern counts and level counters do not double', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
    const event = await ingest(t, ['job 1 done', 'job 2 done'].map((l, i) => entry(l, i)));
    await processor(event, lambdaContext);
    await processor(event, lambdaContext);
    expect((await t.logs.query({ range })).items).toHaveLength(2);
    const state = await t.ports.state.get<ServiceLogStateJson>(SERVICE_LOG_STATE_KIND, 'api');
    expect(state?.version).toBe(1);
    expect(state?.value.miner.clusters.map((c) => c.count)).toEqual([2]);
  });

  it('keeps pattern ids stable across batches and versions the state on each write', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
    await processor(await ingest(t, [entry('user 7 logged in', 0)]), lambdaContext);
    await processor(await ingest(t, [entry('user 9 logged in', 1)]), lambdaContext);
    const stored = (await t.logs.query({ range, order: 'asc' })).items;
    expect(stored[0].patternId).toBe(stored[1].patternId);
    expect((await t.ports.state.get(SERVICE_LOG_STATE_KIND, 'api'))?.version).toBe(2);
  });

  it('retries the state write after a concurrent writer and loses no count', async () => {
    const t = logTestPorts();
    const state = t.ports.state;
    let raced = false;
    const racing = {
      ...state,
      get: state.get.bind(state),
      list: state.list.bind(state),
      delete: state.delete.bind(state),
      ping: state.ping.bind(state),
      async put<T>(kind: string, id: string, value: T, options?: { expectedVersion?: number; ttlSeconds?: number }) {
        if (kind === SERVICE_LOG_STATE_KIND && !raced) {
          raced = true;
          // Another processor writes first: this write must conflict and be redone on the fresh state.
          const other = createLogProcessor(resolveLogProcessorConfig(undefined));
          usePorts(t.ports);
          await other(await ingest(t, [entry('cache 1 miss', 50)]), lambdaContext);
          usePorts({ ...t.ports, state: racing });
        }
        return state.put(kind, id, value, options);
      },
    };
    usePorts({ ...t.ports, state: racing });
    const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
    const event = await ingest(t, [entry('cache 2 miss', 0)]);
    expect(await processor(event, lambdaContext)).toEqual({ batchItemFailures: [] });
    const item = await state.get<ServiceLogStateJson>(SERVICE_LOG_STATE_KIND, 'api');
    expect(item?.version).toBe(2);
    expect(item?.value.miner.clusters.map((c) => c.count)).toEqual([2]);
  });

  it('reads CloudWatch subscription records, skips CONTROL_MESSAGE, fails a corrupt gzip record and stores the rest', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
    const payload = (messageType: string) =>
      gzipSync(JSON.stringify({ messageType, owner: '1', logGroup: '/ecs/orders', logStream: 'task/1', subscriptionFilters: ['f'], logEvents: [{ id: '111', timestamp: T, message: 'order 5 shipped' }] }));
    const corrupt = Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]);
    const res = await processor(kinesisEvent([payload('CONTROL_MESSAGE'), corrupt, payload('DATA_MESSAGE')]), lambdaContext);
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'seq-1' }] });
    const stored = (await t.logs.query({ range })).items;
    expect(stored.map((r) => [r.id, r.service, r.source, r.message])).toEqual([['cwl-111', 'orders', '/ecs/orders:task/1', 'order 5 shipped']]);
  });

  it('with logCopy "index" stores only the enrichment of CloudWatch subscription logs', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const processor = createLogProcessor(resolveLogProcessorConfig({ logCopy: 'index' }));
    const data = gzipSync(
      JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '1', logGroup: '/aws/lambda/pay', logStream: 's', subscriptionFilters: ['f'], logEvents: [{ id: '9', timestamp: T, message: JSON.stringify({ level: 'error', msg: 'declined', traceId: 'ab'.repeat(16) }) }] }),
    );
    await processor(kinesisEvent([data]), lambdaContext);
    const [r] = (await t.logs.query({ range })).items;
    expect(r).toMatchObject({ id: 'cwl-9', level: 'error', message: '', traceId: 'ab'.repeat(16), attributes: { 'aws.log.group.names': '/aws/lambda/pay', 'log.copy': 'index' } });
    expect(r.patternId).toMatch(/^p[0-9a-f]{16}$/);
  });

  it('detects an authentication-failure burst, records it in the state store and notifies', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const processor = createLogProcessor(resolveLogProcessorConfig({ security: { authFailuresPerIp: 3 } }));
    const lines = Array.from({ length: 4 }, (_, i) => `sshd[42]: Failed password for root from 203.0.113.9 port ${5000 + i} ssh2`);
    await processor(await ingest(t, lines.map((l, i) => entry(l, i, { service: 'bastion' }))), lambdaContext);
    const events = await t.ports.state.list<{ type: string; key: string }>('security-event');
    expect(events.items.map((e) => [e.value.type, e.value.key])).toEqual(expect.arrayContaining([['auth-failure-burst-ip', 'ip:203.0.113.9']]));
    const outbox = t.db.prepare('SELECT * FROM notification_outbox').all() as { subject?: string }[];
    expect(JSON.stringify(outbox)).toMatch(/auth-failure-burst-ip/);
  });

  it('still stores already processed log-records envelopes', async () => {
    const t = logTestPorts();
    usePorts(t.ports);
    const processor = createLogProcessor(resolveLogProcessorConfig(undefined));
    await writeToStream(t.ports, 'logs', [{ kind: 'log-records', body: [{ id: 'x1', timestamp: T, service: 's', level: 'info', message: 'm' }], partitionKey: 's' }]);
    expect(await processor(drainLogs(t), lambdaContext)).toEqual({ batchItemFailures: [] });
    expect((await t.logs.query({ range })).items.map((r) => r.id)).toEqual(['x1']);
  });

  it('rejects an invalid config', () => {
    expect(() => resolveLogProcessorConfig({ logCopy: 'some' })).toThrow(/logCopy/);
    expect(() => resolveLogProcessorConfig({ masking: { custom: [{ name: 'x', pattern: '(', replacement: '' }] } })).toThrow(/invalid pattern/);
  });
});
