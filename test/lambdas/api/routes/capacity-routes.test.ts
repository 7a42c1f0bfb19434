import { useCapacitySource } from '../../../../lambdas/api/routes/capacity-snapshot';
import { forecast } from '../../../../lambdas/core/capacity/forecast';
import { CAPACITY_CONFIG_KIND } from '../../../../lambdas/core/capacity/capacity-config';
import type { Series } from '../../../../lambdas/core/domain/series';
import { normalDraw, seededRandom } from '../../core/anomaly/seeded-random';
import { call, request, testPorts } from '../api-test-kit';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-22T12:00:00Z');

/** Hourly samples over `days` ending at NOW: a daily cycle on a rising trend, with noise. */
function seasonal(labels: Record<string, string>, days: number, base: number, perDay: number, seed = 7): Series {
  const rnd = seededRandom(seed);
  const samples = [];
  for (let t = NOW - days * DAY; t <= NOW; t += HOUR) {
    const d = (t - (NOW - days * DAY)) / DAY;
    samples.push({ timestamp: t, value: base + perDay * d + 10 * Math.sin((2 * Math.PI * (t % DAY)) / DAY) + normalDraw(rnd) });
  }
  return { labels, samples };
}

describe('GET /monitoring/capacity/forecast', () => {
  afterEach(() => useCapacitySource(undefined));

  it('answers points with 80% and 95% bands, the model and its backtest error, per series', async () => {
    const { ports } = testPorts(NOW);
    await ports.metrics.write([seasonal({ __name__: 'queue_depth', queue: 'a' }, 21, 100, 2), seasonal({ __name__: 'queue_depth', queue: 'b' }, 21, 50, 0, 9)]);
    const res = await call(ports, request('GET', `/monitoring/capacity/forecast?query=queue_depth&horizon=2d&step=1h&from=${(NOW - 21 * DAY) / 1000}&to=${NOW / 1000}`));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    const a = res.body.items.find((i: { labels: { queue: string } }) => i.labels.queue === 'a');
    expect(a.points).toHaveLength(48);
    expect(a.points[0].timestamp).toBe(new Date(NOW + HOUR).toISOString());
    for (const p of a.points) expect(p.lower95 <= p.lower80 && p.lower80 <= p.value && p.value <= p.upper80 && p.upper80 <= p.upper95).toBe(true);
    expect(typeof a.model).toBe('string');
    expect(a.backtestSmape).toBeGreaterThan(0);
    expect(a.backtestSmape).toBeLessThan(10);
    // The trend continues: two days on, about 4 higher than the same hour today.
    expect(a.points[47].value - a.points[23].value).toBeGreaterThan(0.5);
  });

  it('equals the core forecast of the same series', async () => {
    const { ports } = testPorts(NOW);
    const s = seasonal({ __name__: 'disk_used' }, 14, 10, 1);
    await ports.metrics.write([s]);
    const res = await call(ports, request('GET', `/monitoring/capacity/forecast?query=disk_used&horizon=1d&step=1h&from=${(NOW - 14 * DAY) / 1000}&to=${NOW / 1000}`));
    const core = forecast(s.samples, { horizon: 24 });
    expect(res.body.items[0].model).toBe(core.model);
    expect(res.body.items[0].points.map((p: { value: number }) => p.value)).toEqual(core.points.map((p) => p.value));
  });

  it.each([
    ['', 'query'],
    ['?query=up&horizon=30x', 'horizon'],
    ['?query=sum(', 'query'],
    ['?query=up&from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z', 'from'],
    ['?query=up&horizon=5y&step=1h&from=1700000000&to=1700086400', 'horizon'],
    ['?query=up&step=1s', 'step'],
  ])('answers 400 for %s', async (qs, name) => {
    const { ports } = testPorts(NOW);
    const res = await call(ports, request('GET', `/monitoring/capacity/forecast${qs}`));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_argument');
    expect(JSON.stringify(res.body.error)).toContain(name);
  });

  it('says when a series has too little history', async () => {
    const { ports } = testPorts(NOW);
    await ports.metrics.write([{ labels: { __name__: 'few' }, samples: [{ timestamp: NOW - HOUR, value: 1 }] }]);
    const res = await call(ports, request('GET', '/monitoring/capacity/forecast?query=few&horizon=1h&step=1h'));
    expect(res.status).toBe(200);
    expect(res.body.items[0].error).toMatch(/too little history/);
  });
});

describe('GET /monitoring/capacity', () => {
  afterEach(() => useCapacitySource(undefined));

  it('reports PromQL and AWS resources from the platform series, recommends and stores a snapshot', async () => {
    const { ports } = testPorts(NOW);
    // Kinesis incoming bytes per minute-ish hour bucket: ~1.5 MiB/s on 2 shards and rising.
    const bytes = seasonal({ __name__: 'aws_kinesis_incoming_bytes_sum', stream_name: 'metrics' }, 14, 1.4 * 1024 * 1024 * 3600, 0.02 * 1024 * 1024 * 3600);
    const disk = seasonal({ __name__: 'disk_used_bytes' }, 14, 50, 3);
    await ports.metrics.write([bytes, disk]);
    await ports.state.put(CAPACITY_CONFIG_KIND, 'default', { streams: [{ name: 'metrics', shards: 2 }], promql: [{ name: 'disk', query: 'disk_used_bytes', capacity: 100, unit: 'GB' }] });
    const res = await call(ports, request('GET', '/monitoring/capacity'));
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('live');
    const kinesis = res.body.items.find((i: { id: string }) => i.id === 'kinesis:metrics:incoming-bytes');
    expect(kinesis.utilisation).toBeGreaterThan(0.6);
    expect(kinesis.trend).toBe('rising');
    const shard = kinesis.recommendations.find((r: { action: string }) => r.action === 'shard-count');
    expect(shard.target).toBeGreaterThan(2);
    // Each extra shard costs 0.015 USD an hour, 730 hours a month.
    expect(shard.monthlyCostDelta).toBeCloseTo((shard.target - 2) * 0.015 * 730, 2);
    const diskItem = res.body.items.find((i: { id: string }) => i.id === 'promql:disk');
    expect(diskItem.trend).toBe('rising');
    // 90 GB now, rising 3 GB a day: exhaustion within the 30-day horizon.
    expect(Date.parse(diskItem.exhaustion.at)).toBeGreaterThan(NOW);
    expect(Date.parse(diskItem.exhaustion.at)).toBeLessThan(NOW + 10 * DAY);
    expect(diskItem.recommendations[0].action).toBe('scale-out');
    const again = await call(ports, request('GET', '/monitoring/capacity'));
    expect(again.body.source).toBe('snapshot');
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual(res.body.items.map((i: { id: string }) => i.id));
  });

  it('uses the installed usage source', async () => {
    const { ports } = testPorts(NOW);
    const samples = seasonal({}, 7, 900, 0).samples;
    useCapacitySource(() => ({ usage: async () => [{ id: 'lambda:api:concurrency', kind: 'lambda-concurrency', name: 'api', unit: 'count', capacity: 1000, samples }] }));
    const res = await call(ports, request('GET', '/monitoring/capacity?live=true'));
    expect(res.body.items[0]).toMatchObject({ id: 'lambda:api:concurrency', kind: 'lambda-concurrency' });
    expect(res.body.items[0].recommendations[0]).toMatchObject({ action: 'scale-out', monthlyCostDelta: 0 });
  });
});
