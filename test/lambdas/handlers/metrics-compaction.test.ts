import type { Context } from 'aws-lambda';
import type { SqliteMetricStore } from '../../../lambdas/adapters/embedded/sqlite-metric-store';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { handler } from '../../../lambdas/handlers/metrics-compaction';
import { configureObservability } from '../../../lambdas/handlers/middleware/observability';
import { defaultSchedules } from '../../../lambdas/local/local-platform';
import { call, request, testPorts } from '../api/api-test-kit';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-22T00:00:00Z');
const ctx = { functionName: 'metrics-compaction', awsRequestId: 'x' } as Context;

describe('metrics-compaction job', () => {
  let previous: ReturnType<typeof configureObservability>;
  beforeEach(() => (previous = configureObservability({ sink: () => undefined })));
  afterEach(() => {
    usePorts(undefined);
    configureObservability(previous);
    delete process.env.METRICS_RAW_RETENTION_DAYS;
  });

  it('is scheduled hourly in the local runtime', () => {
    expect(defaultSchedules().find((s) => s.name === 'metrics-compaction')?.everyMs).toBe(3_600_000);
  });

  it('compacts past the configured raw retention, and PromQL still reads the rolled-up range', async () => {
    const { ports } = testPorts(NOW);
    usePorts(ports);
    process.env.METRICS_RAW_RETENTION_DAYS = '1';
    // A counter rising by 60 a minute for two days.
    const samples = Array.from({ length: 2 * 24 * 60 }, (_, i) => ({ timestamp: NOW - 2 * DAY + i * 60_000, value: i * 60 }));
    await ports.metrics.write([{ labels: { __name__: 'requests_total', job: 'api' }, samples }]);
    const summary = await handler({ time: new Date(NOW).toISOString() }, ctx);
    expect(summary).toMatchObject({ horizon: NOW - DAY, samplesCompacted: 24 * 60 });
    const rollups = await (ports.metrics as SqliteMetricStore).rollups({ __name__: 'requests_total', job: 'api' });
    expect(rollups).toHaveLength(24 * 12);
    expect(rollups[0]).toMatchObject({ count: 5, min: 0, max: 240, sum: 600, last: 240 });
    // 36 hours ago is before the horizon: the rate comes from rollup points 5 minutes apart.
    const at = (NOW - 1.5 * DAY) / 1000;
    const res = await call(ports, request('GET', `/api/v1/query?query=${encodeURIComponent('rate(requests_total[15m])')}&time=${at}`));
    const body = res.body as { data: { result: { value: [number, string] }[] } };
    expect(Number(body.data.result[0].value[1])).toBeCloseTo(1, 6);
  });

  it('uses the 90-day default retention when the variable is unset', async () => {
    const { ports } = testPorts(NOW);
    usePorts(ports);
    await ports.metrics.write([{ labels: { __name__: 'g' }, samples: [{ timestamp: NOW - 89 * DAY, value: 1 }, { timestamp: NOW - 91 * DAY, value: 2 }] }]);
    expect(await handler({}, ctx)).toMatchObject({ horizon: NOW - 90 * DAY, samplesCompacted: 1 });
  });
});
