import { MetricMetadataCatalog } from '../../../../lambdas/core/metrics/metric-metadata-catalog';
import { metricQuery } from '../../../../lambdas/api/routes/metric-routes';
import { call, request, testPorts } from '../api-test-kit';

const T0 = Date.parse('2026-11-22T11:00:00Z');

async function setup() {
  const t = testPorts(T0 + 3_600_000);
  const steps = Array.from({ length: 241 }, (_, i) => T0 + i * 15_000);
  const counter = (labels: Record<string, string>, perStep: number) => ({ labels: { __name__: 'http_requests_total', ...labels }, samples: steps.map((ts, i) => ({ timestamp: ts, value: i * perStep })) });
  await t.ports.metrics.write([
    counter({ job: 'api', code: '200' }, 30),
    counter({ job: 'api', code: '500' }, 3),
    counter({ job: 'web', code: '200' }, 15),
    { labels: { __name__: 'queue_depth', job: 'api' }, samples: steps.map((ts, i) => ({ timestamp: ts, value: i % 2 })) },
    { labels: { __name__: 'http_request_duration_seconds_bucket', job: 'api', le: '+Inf' }, samples: [{ timestamp: T0, value: 1 }] },
  ]);
  await new MetricMetadataCatalog(t.ports.state).record([
    { metricFamilyName: 'http_requests_total', type: 'counter', help: 'Requests served.', unit: '' },
    { metricFamilyName: 'http_request_duration_seconds', type: 'histogram', help: 'Latency.', unit: 'seconds' },
  ]);
  return t;
}

describe('GET /monitoring/metrics (catalogue)', () => {
  it('lists metrics with type, unit, help, label names and series count, filtered and paged', async () => {
    const t = await setup();
    const all = await call(t.ports, request('GET', '/monitoring/metrics'));
    expect(all.status).toBe(200);
    expect(all.body.items.map((m: { name: string }) => m.name)).toEqual(['http_request_duration_seconds_bucket', 'http_requests_total', 'queue_depth']);
    expect(all.body.items[1]).toEqual({ name: 'http_requests_total', type: 'counter', unit: '', help: 'Requests served.', labelNames: ['code', 'job'], seriesCount: 3 });
    expect(all.body.items[0]).toMatchObject({ type: 'histogram', unit: 'seconds', labelNames: ['job', 'le'], seriesCount: 1 });
    expect(all.body.nextCursor).toBeUndefined();
    const filtered = await call(t.ports, request('GET', '/monitoring/metrics?name=REQUEST'));
    expect(filtered.body.items.map((m: { name: string }) => m.name)).toEqual(['http_request_duration_seconds_bucket', 'http_requests_total']);
    const first = await call(t.ports, request('GET', '/monitoring/metrics?limit=2'));
    expect(first.body.items).toHaveLength(2);
    const second = await call(t.ports, request('GET', `/monitoring/metrics?limit=2&cursor=${first.body.nextCursor}`));
    expect(second.body.items.map((m: { name: string }) => m.name)).toEqual(['queue_depth']);
    expect(second.body.nextCursor).toBeUndefined();
  });
});

describe('GET /monitoring/metrics/{metric}', () => {
  it('aggregates per step with rate, group-by and label filters, and says which PromQL it ran', async () => {
    const t = await setup();
    const res = await call(t.ports, request('GET', `/monitoring/metrics/http_requests_total?rate=true&aggregation=sum&by=job&step=5m&from=${(T0 + 1_800_000) / 1000}&to=${(T0 + 3_600_000) / 1000}`));
    expect(res.status).toBe(200);
    expect(res.body.query).toBe('sum by (job) (rate(http_requests_total[600000ms]))');
    expect(res.body.step).toBe('300s');
    const api = res.body.items.find((i: { labels: { job: string } }) => i.labels.job === 'api');
    expect(api.samples).toHaveLength(7);
    expect(api.samples[0].timestamp).toBe(new Date(T0 + 1_800_000).toISOString());
    for (const s of api.samples) expect(s.value).toBeCloseTo(33 / 15, 9);
    const filtered = await call(t.ports, request('GET', `/monitoring/metrics/http_requests_total?aggregation=max&label=code=500&step=15m&from=${(T0 + 1_800_000) / 1000}&to=${(T0 + 3_600_000) / 1000}`));
    expect(filtered.body.query).toBe('max by () (http_requests_total{code="500"})');
    expect(filtered.body.items).toEqual([{ labels: {}, samples: [120, 180, 240].map((i, k) => ({ timestamp: new Date(T0 + 1_800_000 + k * 900_000).toISOString(), value: i * 3 })) }]);
  });

  it('keeps answering raw series without step or aggregation, and refuses bad combinations', async () => {
    const t = await setup();
    const raw = await call(t.ports, request('GET', `/monitoring/metrics/queue_depth?from=${T0 / 1000}&to=${(T0 + 30_000) / 1000}`));
    expect(raw.body.items).toEqual([{ labels: { __name__: 'queue_depth', job: 'api' }, samples: [0, 1, 0].map((v, i) => ({ timestamp: new Date(T0 + i * 15_000).toISOString(), value: v })) }]);
    expect((await call(t.ports, request('GET', '/monitoring/metrics/queue_depth?aggregation=median'))).status).toBe(400);
    expect((await call(t.ports, request('GET', '/monitoring/metrics/queue_depth?by=job'))).status).toBe(400);
    expect((await call(t.ports, request('GET', '/monitoring/metrics/queue_depth?step=1ms&aggregation=sum'))).status).toBe(400);
  });

  it('quotes filter values so they cannot change the query', () => {
    expect(metricQuery('m', [{ name: 'path', op: '=~', value: '"}) or vector(1) #' }], { stepMs: 60_000 })).toBe('m{path=~"\\"}) or vector(1) #"}');
  });
});
