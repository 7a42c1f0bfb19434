import { anomalyWindows } from '../../../../lambdas/core/anomaly/anomaly-windows';
import { NAB_PROFILES, nabScore, probationaryLength, type NabFile } from '../../../../lambdas/core/anomaly/nab-score';
import { StreamingDetector } from '../../../../lambdas/core/anomaly/streaming-detector';
import { describeWithConformance } from '../../../support/conformance';
import { loadNab } from '../../core/anomaly/nab-data';
import { normalDraw, seededRandom } from '../../core/anomaly/seeded-random';
import { call, request, testPorts } from '../api-test-kit';

const MIN = 60_000;
const NOW = Date.parse('2026-11-22T12:00:00Z');

function noisy(n: number, seed: number, spikeAt?: number) {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({ timestamp: NOW - (n - i) * MIN, value: 100 + 2 * normalDraw(rnd) + (i === spikeAt ? 60 : 0) }));
}

describe('GET /monitoring/metrics/{metric}/anomalies', () => {
  it('reports the spike in the range as a window, scored, and nothing on a quiet series', async () => {
    const { ports } = testPorts(NOW);
    await ports.metrics.write([
      { labels: { __name__: 'latency', route: 'a' }, samples: noisy(1500, 3, 1400) },
      { labels: { __name__: 'latency', route: 'b' }, samples: noisy(1500, 4) },
    ]);
    const res = await call(ports, request('GET', `/monitoring/metrics/latency/anomalies?from=${(NOW - 300 * MIN) / 1000}&to=${NOW / 1000}`));
    expect(res.status).toBe(200);
    const byRoute = Object.fromEntries(res.body.items.map((i: { labels: { route: string } }) => [i.labels.route, i]));
    expect(byRoute.a.anomalies).toHaveLength(1);
    expect(byRoute.a.anomalies[0].start).toBe(new Date(NOW - 100 * MIN).toISOString());
    expect(byRoute.a.anomalies[0].score).toBeGreaterThan(0.5);
    expect(byRoute.a.historyPoints).toBeGreaterThan(1000);
    expect(byRoute.b.anomalies).toEqual([]);
  });

  it('takes a PromQL query with a step, and start/end as synonyms', async () => {
    const { ports } = testPorts(NOW);
    await ports.metrics.write([{ labels: { __name__: 'latency', route: 'a' }, samples: noisy(1500, 3, 1400) }]);
    const res = await call(ports, request('GET', `/monitoring/metrics/latency/anomalies?query=${encodeURIComponent('max(latency)')}&step=1m&start=${(NOW - 300 * MIN) / 1000}&end=${NOW / 1000}`));
    expect(res.status).toBe(200);
    expect(res.body.step).toBe('60s');
    expect(res.body.items[0].anomalies.length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['/monitoring/metrics/latency/anomalies?from=abc', 'from'],
    ['/monitoring/metrics/latency/anomalies?query=rate(', 'query'],
    ['/monitoring/metrics/latency/anomalies?history=soon', 'history'],
    ['/monitoring/metrics/1bad/anomalies', 'metric'],
  ])('answers 400 for %s', async (path, name) => {
    const { ports } = testPorts(NOW);
    const res = await call(ports, request('GET', path));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain(name);
  });
});

describeWithConformance('anomalies API on NAB series', ['nab'], (dir) => {
  const series = loadNab(dir);

  it('answers exactly the core detector windows, so the core NAB score is the API score', async () => {
    expect(series.length).toBe(34);
    const apiFiles: NabFile[] = [];
    for (const s of series) {
      const { ports } = testPorts(s.timestamps[s.timestamps.length - 1] + MIN);
      await ports.metrics.write([{ labels: { __name__: 'nab_value', file: s.name }, samples: s.timestamps.map((t, i) => ({ timestamp: t, value: s.values[i] })) }]);
      const warmup = probationaryLength(s.values.length);
      const from = new Date(s.timestamps[0]).toISOString();
      const to = new Date(s.timestamps[s.timestamps.length - 1]).toISOString();
      const res = await call(ports, request('GET', `/monitoring/metrics/nab_value/anomalies?from=${from}&to=${to}&warmup=${warmup}`));
      expect(res.status).toBe(200);
      const apiStarts = res.body.items[0].anomalies.map((a: { start: string }) => Date.parse(a.start));
      const detector = new StreamingDetector({ warmup });
      const core = anomalyWindows(s.timestamps.map((t, i) => detector.update(t, s.values[i])));
      expect({ name: s.name, starts: apiStarts }).toEqual({ name: s.name, starts: core.map((w) => w.start) });
      const starts = new Set<number>(apiStarts);
      apiFiles.push({ timestamps: s.timestamps, windows: s.windows, detections: s.timestamps.map((t) => starts.has(t)) });
    }
    const [standard, lowFp, lowFn] = [NAB_PROFILES.standard, NAB_PROFILES.reward_low_FP_rate, NAB_PROFILES.reward_low_FN_rate].map((p) => nabScore(apiFiles, p).score);
    console.log(`NAB scores of the anomalies API on the 34 series: standard ${standard.toFixed(1)} / low-FP ${lowFp.toFixed(1)} / low-FN ${lowFn.toFixed(1)} (Twitter ADVec 56.7, Numenta HTM 72.8)`);
    expect(standard).toBeGreaterThan(56.7);
  });
});
