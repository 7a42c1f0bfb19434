import { openDatabase } from '../../../../lambdas/adapters/embedded/sqlite-database';
import { SqliteMetricStore } from '../../../../lambdas/adapters/embedded/sqlite-metric-store';
import { SqliteStateStore } from '../../../../lambdas/adapters/embedded/sqlite-state-store';
import type { ApiRequest } from '../../../../lambdas/api/http/api-types';
import { formatSampleValue } from '../../../../lambdas/api/prometheus/prometheus-response';
import { prometheusRoutes } from '../../../../lambdas/api/prometheus/prometheus-routes';
import { MetricMetadataCatalog } from '../../../../lambdas/core/metrics/metric-metadata-catalog';
import { ManualClock, type Ports } from '../../../../lambdas/core/ports';

const T0 = Date.parse('2026-11-22T12:00:00Z');

async function setup() {
  const db = openDatabase(':memory:');
  const clock = new ManualClock(T0 + 600_000);
  const metrics = new SqliteMetricStore(db);
  const state = new SqliteStateStore(db, clock);
  const ports = { metrics, state, clock } as unknown as Ports;
  const samples = (f: (i: number) => number) => Array.from({ length: 41 }, (_, i) => ({ timestamp: T0 + i * 15_000, value: f(i) }));
  await metrics.write([
    { labels: { __name__: 'http_requests_total', job: 'api', code: '200' }, samples: samples((i) => i * 10) },
    { labels: { __name__: 'http_requests_total', job: 'api', code: '500' }, samples: samples((i) => i) },
    { labels: { __name__: 'http_requests_total', job: 'web', code: '200' }, samples: samples((i) => i * 3) },
    { labels: { __name__: 'odd', job: 'api' }, samples: [{ timestamp: T0, value: Number.NaN }, { timestamp: T0 + 15_000, value: Infinity }] },
  ]);
  await new MetricMetadataCatalog(state).record([{ metricFamilyName: 'http_requests_total', type: 'counter', help: 'Requests.', unit: '' }]);
  const call = async (op: string, query: Record<string, string | string[]>, opts: { form?: string; params?: Record<string, unknown> } = {}) => {
    const q: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(query)) q[k] = Array.isArray(v) ? v : [v];
    const request: ApiRequest = {
      method: opts.form !== undefined ? 'POST' : 'GET',
      path: '/api/v1/x',
      query: q,
      headers: opts.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: opts.form !== undefined ? Buffer.from(opts.form) : undefined,
      requestId: 'r',
    };
    const res = await prometheusRoutes[op]({ request, params: opts.params ?? {}, body: request.body, ports });
    return { status: res.statusCode, body: JSON.parse(String(res.body)) };
  };
  return { call };
}

const sec = (ms: number) => String(ms / 1000);

describe('Prometheus HTTP API', () => {
  it('answers an instant query with a vector of [seconds, "value"] pairs, special values as strings', async () => {
    const { call } = await setup();
    const res = await call('prometheusQuery', { query: 'sum by (job) (rate(http_requests_total[1m]))', time: sec(T0 + 300_500) });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('success');
    expect(res.body.data.resultType).toBe('vector');
    const byJob = Object.fromEntries(res.body.data.result.map((r: { metric: { job: string }; value: [number, string] }) => [r.metric.job, r.value]));
    expect(byJob.api[0]).toBe((T0 + 300_500) / 1000);
    expect(Number(byJob.api[1])).toBeCloseTo(11 / 15, 10);
    expect(Number(byJob.web[1])).toBeCloseTo(3 / 15, 10);
    const odd = await call('prometheusQuery', { query: 'odd', time: sec(T0 + 1000) });
    expect(odd.body.data.result).toEqual([{ metric: { __name__: 'odd', job: 'api' }, value: [(T0 + 1000) / 1000, 'NaN'] }]);
    const inf = await call('prometheusQuery', { query: 'odd', time: new Date(T0 + 20_000).toISOString() });
    expect(inf.body.data.result[0].value[1]).toBe('+Inf');
    const scalar = await call('prometheusQuery', { query: '1/0', time: '100' });
    expect(scalar.body.data).toEqual({ resultType: 'scalar', result: [100, '+Inf'] });
  });

  it('answers range queries the same by GET and form POST, step as duration or float seconds', async () => {
    const { call } = await setup();
    const q = { query: 'http_requests_total{code="500"}', start: sec(T0), end: new Date(T0 + 60_000).toISOString(), step: '15s' };
    const get = await call('prometheusQueryRange', q);
    expect(get.body.data).toEqual({
      resultType: 'matrix',
      result: [{ metric: { __name__: 'http_requests_total', code: '500', job: 'api' }, values: [0, 1, 2, 3, 4].map((i) => [(T0 + i * 15_000) / 1000, String(i)]) }],
    });
    const post = await call('prometheusQueryRangePost', {}, { form: new URLSearchParams({ ...q, step: '15' }).toString() });
    expect(post).toEqual(get);
  });

  it('refuses bad parameters with bad_data (400) and evaluation failures with execution (422)', async () => {
    const { call } = await setup();
    const cases: [string, Record<string, string>, number, string, RegExp][] = [
      ['prometheusQuery', { query: 'sum(' }, 400, 'bad_data', /parse error/],
      ['prometheusQuery', {}, 400, 'bad_data', /"query"/],
      ['prometheusQuery', { query: 'up', time: 'yesterday' }, 400, 'bad_data', /cannot parse "yesterday" to a valid timestamp/],
      ['prometheusQueryRange', { query: 'up', start: '0', end: '100000', step: '1' }, 400, 'bad_data', /11,000 points/],
      ['prometheusQueryRange', { query: 'up', start: '10', end: '0', step: '1' }, 400, 'bad_data', /end timestamp/],
      ['prometheusQueryRange', { query: 'up', start: '0', end: '10', step: '0' }, 400, 'bad_data', /step/],
      ['prometheusQueryRange', { query: 'up', start: '0', end: '10', step: 'fast' }, 400, 'bad_data', /valid duration/],
      ['prometheusQuery', { query: 'label_replace(http_requests_total, "code", "x", "", "")', time: sec(T0 + 60_000) }, 422, 'execution', /same labelset/],
      ['prometheusSeries', {}, 400, 'bad_data', /no match\[\]/],
      ['prometheusSeries', { 'match[]': 'rate(x[1m])' }, 400, 'bad_data', /series selector/],
    ];
    for (const [op, query, status, errorType, message] of cases) {
      const res = await call(op, query);
      expect({ op, query, status: res.status, status2: res.body.status, errorType: res.body.errorType }).toEqual({ op, query, status, status2: 'error', errorType });
      expect(res.body.error).toMatch(message);
    }
    const badName = await call('prometheusLabelValues', {}, { params: { name: 'bad-name' } });
    expect(badName).toEqual({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'invalid label name: "bad-name"' } });
  });

  it('lists series for repeated match[], label names and values, metadata and build info', async () => {
    const { call } = await setup();
    const series = await call('prometheusSeries', { 'match[]': ['http_requests_total{job="web"}', 'odd'], start: sec(T0), end: sec(T0 + 600_000) });
    expect(series.body).toEqual({
      status: 'success',
      data: [
        { __name__: 'http_requests_total', code: '200', job: 'web' },
        { __name__: 'odd', job: 'api' },
      ],
    });
    expect((await call('prometheusLabels', {})).body.data).toEqual(['__name__', 'code', 'job']);
    expect((await call('prometheusLabels', { 'match[]': 'odd' })).body.data).toEqual(['__name__', 'job']);
    expect((await call('prometheusLabelValues', {}, { params: { name: 'job' } })).body.data).toEqual(['api', 'web']);
    expect((await call('prometheusLabelValues', { 'match[]': 'http_requests_total{code="500"}' }, { params: { name: 'job' } })).body.data).toEqual(['api']);
    expect((await call('prometheusLabelValues', { limit: '1' }, { params: { name: '__name__' } })).body).toEqual({ status: 'success', data: ['http_requests_total'], warnings: ['results truncated due to limit'] });
    expect((await call('prometheusMetadata', {})).body.data).toEqual({ http_requests_total: [{ type: 'counter', help: 'Requests.', unit: '' }] });
    expect((await call('prometheusMetadata', { metric: 'nope' })).body.data).toEqual({});
    expect((await call('prometheusBuildInfo', {})).body.data.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('writes sample values as Go formats them (no exponent)', () => {
    expect(formatSampleValue(1e21)).toBe('1000000000000000000000');
    expect(formatSampleValue(1.5e-7)).toBe('0.00000015');
    expect(formatSampleValue(-2.5e-8)).toBe('-0.000000025');
    expect(formatSampleValue(123.456)).toBe('123.456');
    expect(formatSampleValue(-Infinity)).toBe('-Inf');
  });
});
