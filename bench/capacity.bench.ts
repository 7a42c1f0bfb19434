import { anomalyWindows } from '../lambdas/core/anomaly/anomaly-windows';
import { StreamingDetector } from '../lambdas/core/anomaly/streaming-detector';
import { forecast } from '../lambdas/core/capacity/forecast';
import type { BenchRow } from './bench-row';

const HOUR = 3_600_000;

// A fixed-seed generator (xorshift32) so every run measures the same series.
function random(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Hourly series with trend, daily and weekly seasonality and noise. */
function series(n: number, seed: number): { timestamp: number; value: number }[] {
  const r = random(seed);
  return Array.from({ length: n }, (_, i) => ({
    timestamp: i * HOUR,
    value: 100 + 0.01 * i + 15 * Math.sin((2 * Math.PI * i) / 24) + (Math.floor(i / 24) % 7 >= 5 ? -8 : 3) + 8 * (r() - 0.5) + (r() < 0.001 ? 60 : 0),
  }));
}

/** Capacity benchmarks: forecast time with model selection, and streaming anomaly scoring throughput. */
export default async function capacityBench(): Promise<BenchRow[]> {
  const history = series(10_000, 7);
  forecast(history.slice(0, 2000), { horizon: 168 }); // warm the JIT
  const runs: number[] = [];
  let model = '';
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const result = forecast(history, { horizon: 30 * 24 });
    runs.push(performance.now() - t0);
    model = result.model;
  }
  const forecastMs = runs.sort((a, b) => a - b)[1];

  const points = series(200_000, 11);
  const detector = new StreamingDetector({ warmup: 500 });
  const t0 = performance.now();
  const scores = points.map((p) => detector.update(p.timestamp, p.value));
  const windows = anomalyWindows(scores);
  const seconds = (performance.now() - t0) / 1000;
  const pointsPerSecond = points.length / seconds;

  return [
    {
      area: 'capacity',
      name: `forecast 10,000 hourly points, 720 ahead, 7 candidate models backtested (chose ${model})`,
      value: forecastMs,
      unit: 'ms',
      target: '<= 2000',
      ok: forecastMs <= 2000,
    },
    {
      area: 'capacity',
      name: `streaming anomaly scoring + windowing (${windows.length} windows in ${points.length} points)`,
      value: pointsPerSecond,
      unit: 'points/s',
      target: '>= 20000',
      ok: pointsPerSecond >= 20_000,
    },
  ];
}
