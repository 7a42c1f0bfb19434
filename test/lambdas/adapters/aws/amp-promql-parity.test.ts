import { QueryCommand, TimestreamQueryClient, type QueryCommandInput } from '@aws-sdk/client-timestream-query';
import { DescribeTableCommand, TimestreamWriteClient, WriteRecordsCommand, type WriteRecordsCommandInput } from '@aws-sdk/client-timestream-write';
import { mockClient } from 'aws-sdk-client-mock';
import { AmpMetricStore } from '../../../../lambdas/adapters/aws/amp-metric-store';
import { TimestreamMetricStore } from '../../../../lambdas/adapters/aws/timestream-metric-store';
import { openDatabase } from '../../../../lambdas/adapters/embedded/sqlite-database';
import { SqliteMetricStore } from '../../../../lambdas/adapters/embedded/sqlite-metric-store';
import type { Series } from '../../../../lambdas/core/domain/series';
import { ManualClock, type MetricStore, type Ports } from '../../../../lambdas/core/ports';
import { instantQuery } from '../../../../lambdas/core/promql/engine';
import { FakeTimestream } from '../../../support/contract/fake-timestream';
import { call, request, testPorts } from '../../api/api-test-kit';
import { FAKE_CREDENTIALS, FAKE_REGION, FAKE_WORKSPACE, FakeAmpWorkspace } from './amp-fake-workspace';

const T0 = Date.parse('2026-11-22T11:00:00Z');
const sec = (ms: number) => String(ms / 1000);

/** Ten minutes of 15-second samples: counters per job/code (one resets half way), a gauge, one series that stops half way. */
function dataset(): Series[] {
  const points = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ timestamp: T0 + i * 15_000, value: f(i) }));
  return [
    { labels: { __name__: 'http_requests_total', job: 'api', code: '200' }, samples: points(41, (i) => i * 10) },
    { labels: { __name__: 'http_requests_total', job: 'api', code: '500' }, samples: points(41, (i) => Math.floor(i / 3)) },
    { labels: { __name__: 'http_requests_total', job: 'web', code: '200' }, samples: points(41, (i) => (i < 20 ? i * 3 : (i - 20) * 2)) },
    { labels: { __name__: 'queue_depth', job: 'worker', instance: 'a' }, samples: points(41, (i) => Math.sin(i / 4) * 50 + 50) },
    { labels: { __name__: 'queue_depth', job: 'worker', instance: 'b' }, samples: points(20, (i) => i * 1.5) },
  ];
}

const INSTANT: [string, number][] = [
  ['sum by (job) (rate(http_requests_total[1m]))', T0 + 300_000],
  ['http_requests_total{code=~"5.."}', T0 + 450_000],
  ['topk(2, queue_depth)', T0 + 200_000],
  ['queue_depth', T0 + 590_000],
  ['max_over_time(queue_depth[3m]) - min_over_time(queue_depth[3m])', T0 + 400_000],
  ['sum(increase(http_requests_total{job="api"}[5m])) / sum(increase(http_requests_total[5m]))', T0 + 600_000],
  ['count by (__name__) ({__name__=~"http.*|queue.*"})', T0 + 120_000],
];

const RANGE: [string, number, number, number][] = [
  ['rate(http_requests_total[2m])', T0 + 120_000, T0 + 600_000, 60_000],
  ['avg_over_time(queue_depth[1m])', T0, T0 + 600_000, 45_000],
  ['sum without (instance) (queue_depth) > 40', T0, T0 + 600_000, 30_000],
];

type Backend = { name: string; store: MetricStore; stop?: () => Promise<void> };

async function backends(): Promise<Backend[]> {
  const sqlite = new SqliteMetricStore(openDatabase(':memory:'));
  const creds = { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
  const writeClient = new TimestreamWriteClient(creds);
  const queryClient = new TimestreamQueryClient(creds);
  const fakeTs = new FakeTimestream();
  mockClient(writeClient).on(WriteRecordsCommand).callsFake((i: WriteRecordsCommandInput) => fakeTs.writeRecords(i)).on(DescribeTableCommand).resolves({});
  mockClient(queryClient).on(QueryCommand).callsFake((i: QueryCommandInput) => fakeTs.query(i));
  const timestream = new TimestreamMetricStore({ writeClient, queryClient, database: 'obs', table: 'metrics', clock: new ManualClock(T0), schemaTtlMs: 0 });
  const fake = await new FakeAmpWorkspace().start();
  const amp = new AmpMetricStore({ region: FAKE_REGION, workspaceId: FAKE_WORKSPACE, endpoint: fake.endpoint, credentials: FAKE_CREDENTIALS, maxWindowMs: 240_000 });
  const out: Backend[] = [
    { name: 'sqlite', store: sqlite },
    { name: 'timestream (fake)', store: timestream },
    { name: 'amp (fake workspace)', store: amp, stop: () => fake.stop() },
  ];
  for (const b of out) expect([b.name, (await b.store.write(dataset())).rejected]).toEqual([b.name, []]);
  return out;
}

describe('PromQL through the Prometheus HTTP API: the same answers on every metric store', () => {
  let all: Backend[];
  let answer: (store: MetricStore, path: string) => Promise<{ status: number; body: unknown }>;

  beforeAll(async () => {
    all = await backends();
    const { ports } = testPorts(T0 + 600_000);
    answer = async (store, path) => {
      const res = await call({ ...ports, metrics: store } as Ports, request('GET', path));
      return { status: res.status, body: res.body };
    };
  });
  afterAll(async () => {
    for (const b of all) await b.stop?.();
  });

  it.each(INSTANT)('instant %s', async (expr, time) => {
    const path = `/api/v1/query?query=${encodeURIComponent(expr)}&time=${sec(time)}`;
    const [first, ...rest] = await Promise.all(all.map((b) => answer(b.store, path)));
    expect(first.status).toBe(200);
    expect((first.body as { data: { result: unknown[] } }).data.result.length).toBeGreaterThan(0);
    for (const [i, r] of rest.entries()) expect([all[i + 1].name, r]).toEqual([all[i + 1].name, first]);
  });

  it.each(RANGE)('range %s', async (expr, start, end, step) => {
    const path = `/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${sec(start)}&end=${sec(end)}&step=${step / 1000}`;
    const [first, ...rest] = await Promise.all(all.map((b) => answer(b.store, path)));
    expect(first.status).toBe(200);
    expect((first.body as { data: { result: unknown[] } }).data.result.length).toBeGreaterThan(0);
    for (const [i, r] of rest.entries()) expect([all[i + 1].name, r]).toEqual([all[i + 1].name, first]);
  });

  it.each([
    `/api/v1/series?match[]=${encodeURIComponent('queue_depth')}&start=${sec(T0)}&end=${sec(T0 + 600_000)}`,
    `/api/v1/labels?start=${sec(T0)}&end=${sec(T0 + 600_000)}`,
    `/api/v1/label/job/values?match[]=${encodeURIComponent('http_requests_total')}&start=${sec(T0)}&end=${sec(T0 + 600_000)}`,
  ])('lookup %s', async (path) => {
    const [first, ...rest] = await Promise.all(all.map((b) => answer(b.store, path)));
    expect(first.status).toBe(200);
    for (const [i, r] of rest.entries()) expect([all[i + 1].name, r]).toEqual([all[i + 1].name, first]);
  });

  it('the AMP passthrough carries a whole query to the workspace and back in the engine result shape', async () => {
    const amp = all[2].store as AmpMetricStore;
    const [expr, time] = INSTANT[0];
    // The fake workspace evaluates with the platform engine, so this checks the wire round trip, not Prometheus itself.
    expect(await amp.promqlInstant(expr, time)).toEqual(await instantQuery(all[0].store, expr, time));
  });
});
