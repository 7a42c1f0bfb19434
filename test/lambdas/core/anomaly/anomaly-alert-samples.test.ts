import { anomalyAlertSamples } from '../../../../lambdas/core/anomaly/anomaly-alert-samples';
import { anomalyQueryFunction } from '../../../../lambdas/core/anomaly/anomaly-query-function';
import { anomalyScan } from '../../../../lambdas/core/anomaly/anomaly-scan';

describe('anomalyScan and anomalyAlertSamples', () => {
  const points = Array.from({ length: 600 }, (_, i) => ({ timestamp: i * 60_000, value: 10 + (i % 7) * 0.1 + (i === 500 ? 50 : 0) }));

  it('reports only windows reaching the range, scored warm from the history', () => {
    const all = anomalyScan(points, { detector: { warmup: 150 } });
    expect(all.windows.map((w) => w.start)).toEqual([500 * 60_000]);
    expect(anomalyScan(points, { from: 520 * 60_000, detector: { warmup: 150 } }).windows).toEqual(all.windows.filter((w) => w.end >= 520 * 60_000));
    expect(anomalyScan(points, { from: 400 * 60_000 }).pointsInRange).toBe(200);
  });

  it('turns windows into firing ALERTS samples at the evaluation times they cover', () => {
    const series = anomalyAlertSamples(
      [
        { labels: { __name__: 'latency', route: 'a' }, windows: [{ start: 1000, end: 2000, score: 0.9 }] },
        { labels: { __name__: 'latency', route: 'b' }, windows: [{ start: 1000, end: 2000, score: 0.2 }] },
      ],
      { alertName: 'LatencyAnomaly', labels: { severity: 'warning' }, at: [500, 1000, 1500, 2500, 3500], holdMs: 1000 },
    );
    expect(series).toEqual([
      { labels: { route: 'a', anomaly_metric: 'latency', severity: 'warning', __name__: 'ALERTS', alertname: 'LatencyAnomaly', alertstate: 'firing' }, samples: [1000, 1500, 2500].map((t) => ({ timestamp: t, value: 1 })) },
    ]);
  });
});

describe('anomalyQueryFunction (the anomaly rule type)', () => {
  const MIN = 60_000;
  const values = (spikeAt: number) => Array.from({ length: 600 }, (_, i) => ({ timestamp: i * MIN, value: 10 + ((i * 37) % 11) * 0.3 + (i === spikeAt ? 40 : 0) }));
  const range = async (expr: string, start: number, end: number) =>
    expr === 'latency'
      ? [
          { labels: { __name__: 'latency', route: 'a' }, samples: values(590).filter((p) => p.timestamp >= start && p.timestamp <= end) },
          { labels: { __name__: 'latency', route: 'b' }, samples: values(-1).filter((p) => p.timestamp >= start && p.timestamp <= end) },
        ]
      : [];

  it('answers the series in an anomaly window at the evaluation time and passes other expressions through', async () => {
    const base = jest.fn(async () => [{ labels: { x: '1' }, value: 1 }]);
    const query = anomalyQueryFunction(base, range, { historyMs: 600 * MIN, holdMs: 5 * MIN });
    const firing = await query('anomaly(latency)', 592 * MIN);
    expect(firing).toHaveLength(1);
    expect(firing[0].labels).toEqual({ route: 'a' });
    expect(firing[0].value).toBeGreaterThan(0.5);
    expect(await query('anomaly( latency )', 580 * MIN)).toEqual([]);
    expect(await query('up == 0', 592 * MIN)).toEqual([{ labels: { x: '1' }, value: 1 }]);
    expect(base).toHaveBeenCalledTimes(1);
  });
});
