import { writeToStream } from '../../../../lambdas/api/ingest/stream-writer';
import { rawLogPayloads, withIngestIds } from '../../../../lambdas/api/ingest/log-envelopes';
import { resolveLogProcessorConfig } from '../../../../lambdas/core/logs/pipeline/log-processor-config';
import { usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { createLogProcessor } from '../../../../lambdas/handlers/log-processor';
import { configureObservability } from '../../../../lambdas/handlers/middleware/observability';
import { call, request } from '../api-test-kit';
import { drainLogs, lambdaContext, logTestPorts } from '../../handlers/processors/log-pipeline-kit';

const T = Date.parse('2026-11-22T11:00:00Z');
const FROM = '2026-11-22T10:59:00Z';
const TO = '2026-11-22T11:59:00Z';

describe('log search routes (/monitoring/logs, /logs/search, /logs/patterns, /errors)', () => {
  const t = logTestPorts();
  let restore: ReturnType<typeof configureObservability>;

  beforeAll(async () => {
    restore = configureObservability({ sink: () => undefined });
    usePorts(t.ports);
    const lines: [string, string][] = [];
    for (let i = 0; i < 20; i++) lines.push(['api', `GET /orders/${i} served in ${i + 3} ms`]);
    for (let i = 0; i < 6; i++) lines.push(['api', `ERROR upstream timeout after ${30 + i}s calling inventory`]);
    for (let i = 0; i < 4; i++) lines.push(['web', `ERROR TypeError: cannot read properties of undefined (reading 'id${i}')\n    at render (app.js:${i + 10}:5)`]);
    const entries = lines.map(([service, body], i) => ({ timestamp: T + i * 60_000, body, service, source: 'loki', attributes: { region: i % 2 ? 'eu' : 'us' } }));
    await writeToStream(t.ports, 'logs', rawLogPayloads(withIngestIds(entries)));
    const res = await createLogProcessor(resolveLogProcessorConfig(undefined))(drainLogs(t), lambdaContext);
    expect(res.batchItemFailures).toEqual([]);
  });
  afterAll(() => {
    configureObservability(restore);
    usePorts(undefined);
  });

  it('GET /monitoring/logs parses q= and pages with a cursor', async () => {
    const q = encodeURIComponent('service:api AND level:error AND "timeout"');
    const first = await call(t.ports, request('GET', `/monitoring/logs?q=${q}&from=${FROM}&to=${TO}&limit=4&sort=asc`));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(4);
    expect(first.body.items.every((r: { level: string; message: string }) => r.level === 'error' && r.message.includes('timeout'))).toBe(true);
    const second = await call(t.ports, request('GET', `/monitoring/logs?q=${q}&from=${FROM}&to=${TO}&limit=4&sort=asc&cursor=${first.body.nextCursor}`));
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeUndefined();
    expect(Date.parse(second.body.items[0].timestamp)).toBeGreaterThan(Date.parse(first.body.items[3].timestamp));
    const attr = await call(t.ports, request('GET', `/monitoring/logs?q=${encodeURIComponent('region:eu AND service:web')}&from=${FROM}&to=${TO}`));
    expect(attr.body.items).toHaveLength(2);
  });

  it('answers 400 with the position for a query syntax error', async () => {
    const res = await call(t.ports, request('GET', `/monitoring/logs?q=${encodeURIComponent('service:(api OR')}&from=${FROM}&to=${TO}`));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/query syntax error at position/) });
  });

  it('POST /monitoring/logs/search returns records with terms and histogram aggregations', async () => {
    const res = await call(
      t.ports,
      request('POST', '/monitoring/logs/search', {
        body: { query: 'level:error', from: FROM, to: TO, limit: 2, aggregations: [{ type: 'terms', field: 'service' }, { type: 'histogram', interval: '10m' }] },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.aggregations[0].buckets).toEqual([
      { key: 'api', count: 6 },
      { key: 'web', count: 4 },
    ]);
    const histogram = res.body.aggregations[1].buckets as { key: string; count: number }[];
    expect(histogram.reduce((n, b) => n + b.count, 0)).toBe(10);
    expect(histogram[0].key).toMatch(/^2026-11-22T11:\d0:00\.000Z$/);
  });

  it('GET /monitoring/logs/patterns lists templates with counts, trend and sample', async () => {
    const res = await call(t.ports, request('GET', `/monitoring/logs/patterns?from=${FROM}&to=${TO}&service=api`));
    expect(res.status).toBe(200);
    const items = res.body.items as { template: string; count: number; totalCount: number; trend: { counts: number[] }; sample: string }[];
    expect(items.map((p) => p.count)).toEqual([20, 6]);
    expect(items[0].template).toMatch(/^GET <\*> served in <\*> ms$/);
    expect(items[0].trend.counts.reduce((a, b) => a + b, 0)).toBe(20);
    expect(items[1].sample).toMatch(/upstream timeout/);
  });

  it('GET /monitoring/errors groups errors and GET /monitoring/errors/{id} shows one', async () => {
    const res = await call(t.ports, request('GET', `/monitoring/errors?from=${FROM}&to=${TO}`));
    expect(res.status).toBe(200);
    const groups = res.body.items as { id: string; service: string; count: number; types: string[] }[];
    expect(groups.map((g) => [g.service, g.count]).sort()).toEqual([
      ['api', 6],
      ['web', 4],
    ]);
    const web = groups.find((g) => g.service === 'web')!;
    expect(web.types).toContain('TypeError');
    const one = await call(t.ports, request('GET', `/monitoring/errors/${encodeURIComponent(web.id)}`));
    expect(one.body).toMatchObject({ id: web.id, count: 4, services: ['web'] });
    expect((await call(t.ports, request('GET', '/monitoring/errors/nope'))).status).toBe(404);
  });
});
