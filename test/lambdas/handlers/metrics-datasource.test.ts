import type { Context } from 'aws-lambda';
import { openDatabase } from '../../../lambdas/adapters/embedded/sqlite-database';
import { SqliteMetricStore } from '../../../lambdas/adapters/embedded/sqlite-metric-store';
import { ManualClock, type Ports } from '../../../lambdas/core/ports';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { handler as datasource, legend } from '../../../lambdas/handlers/metrics-datasource';
import { configureObservability } from '../../../lambdas/handlers/middleware/observability';

const context = { awsRequestId: 'r', functionName: 'metrics-datasource' } as Context;

describe('metrics-datasource (CloudWatch LAMBDA() with PromQL)', () => {
  let restore: ReturnType<typeof configureObservability>;
  beforeAll(async () => {
    restore = configureObservability({ sink: () => undefined });
    const metrics = new SqliteMetricStore(openDatabase(':memory:'));
    const steps = Array.from({ length: 121 }, (_, i) => i * 15_000);
    await metrics.write(
      ['api', 'web'].flatMap((job, j) =>
        ['200', '500'].map((code, k) => ({ labels: { __name__: 'http_requests_total', job, code }, samples: steps.map((t, i) => ({ timestamp: 1_000_000_000 + t, value: i * (j + 1) * (k === 0 ? 10 : 1) })) })),
      ),
    );
    usePorts({ metrics, clock: new ManualClock(0) } as unknown as Ports);
  });
  afterAll(() => {
    configureObservability(restore);
    usePorts(undefined);
  });

  const get = (args: unknown[], start = 1_000_600, end = 1_001_800, period = 300) =>
    datasource({ EventType: 'GetMetricData', GetMetricDataRequest: { StartTime: start, EndTime: end, Period: period, Arguments: args } }, context);

  it('evaluates the expression at every period with the legend format as label', async () => {
    const res = (await get(['sum by (job) (rate(http_requests_total[5m]))', 'requests {{job}}'])) as { MetricDataResults: { Label: string; Timestamps: number[]; Values: number[] }[] };
    expect(res.MetricDataResults.map((r) => r.Label)).toEqual(['requests api', 'requests web']);
    const api = res.MetricDataResults[0];
    expect(api.Timestamps).toEqual([1_000_600, 1_000_900, 1_001_200, 1_001_500, 1_001_800]);
    for (const v of api.Values) expect(v).toBeCloseTo(11 / 15, 9);
    for (const v of res.MetricDataResults[1].Values) expect(v).toBeCloseTo(22 / 15, 9);
  });

  it('labels series by their label set without a legend, and a scalar by its expression', async () => {
    const res = (await get(['http_requests_total{job="web",code="500"}'])) as { MetricDataResults: { Label: string; Values: number[] }[] };
    expect(res.MetricDataResults.map((r) => r.Label)).toEqual(['http_requests_total{code="500", job="web"}']);
    // At 1,000,600 s the latest sample is the 40th (600 s / 15 s), worth 2 per step.
    expect(res.MetricDataResults[0].Values[0]).toBe(2 * 40);
    const scalar = (await get(['2 * 21'])) as { MetricDataResults: { Label: string; Values: number[] }[] };
    expect(scalar.MetricDataResults).toEqual([expect.objectContaining({ Label: '2 * 21', Values: [42, 42, 42, 42, 42] })]);
  });

  it('answers parse and evaluation errors as Validation', async () => {
    expect(await get(['sum(rate(x[5m])'])).toEqual({ Error: { Code: 'Validation', Value: expect.stringMatching(/parse error/) } });
    expect(await get(['http_requests_total[5m]'])).toEqual({ Error: { Code: 'Validation', Value: expect.stringMatching(/range vector/) } });
    expect(await get(['up', 3])).toMatchObject({ Error: { Code: 'Validation' } });
    expect(await get(['up'], 0, 1e9, 1)).toMatchObject({ Error: { Code: 'Validation', Value: expect.stringMatching(/periods/) } });
  });

  it('formats legends like Grafana: unknown labels become empty', () => {
    expect(legend({ job: 'api', code: '200' }, '{{job}}/{{ code }}/{{missing}}', 'x')).toBe('api/200/');
  });
});
