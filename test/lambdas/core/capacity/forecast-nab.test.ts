import { forecast } from '../../../../lambdas/core/capacity/forecast';
import { SeasonalNaive } from '../../../../lambdas/core/capacity/seasonal-naive';
import { smape } from '../../../../lambdas/core/capacity/smape';
import { describeWithConformance } from '../../../support/conformance';
import { loadNab } from '../anomaly/nab-data';

const DAY_MS = 86_400_000;

describeWithConformance('capacity forecast on NAB traffic and tweet series (last 2 days held out)', ['nab'], (dir) => {
  it('beats a daily seasonal-naive forecast by at least 10% sMAPE on average', () => {
    const rows: string[] = [];
    const improvements: number[] = [];
    let sumModel = 0;
    let sumNaive = 0;
    const series = loadNab(dir, ['realTraffic', 'realTweets']);
    expect(series).toHaveLength(17);
    for (const s of series) {
      const cut = s.timestamps.findIndex((t) => t > s.timestamps[s.timestamps.length - 1] - 2 * DAY_MS);
      const history = s.timestamps.slice(0, cut).map((timestamp, i) => ({ timestamp, value: s.values[i] }));
      const actual = s.values.slice(cut);
      const result = forecast(history, { horizon: actual.length });
      const naive = SeasonalNaive.fit(s.values.slice(0, cut), Math.round(DAY_MS / result.intervalMs))?.forecast(actual.length);
      expect(naive).toBeDefined();
      const model = smape(actual, result.points.map((p) => p.value));
      const baseline = smape(actual, naive ?? []);
      improvements.push((baseline - model) / baseline);
      sumModel += model;
      sumNaive += baseline;
      rows.push(`${s.name.padEnd(38)} ${result.model.padEnd(44)} sMAPE ${model.toFixed(1).padStart(5)}  seasonal-naive ${baseline.toFixed(1).padStart(5)}`);
    }
    const meanImprovement = improvements.reduce((a, b) => a + b, 0) / improvements.length;
    rows.push(
      `mean sMAPE: model ${(sumModel / series.length).toFixed(1)}, seasonal-naive ${(sumNaive / series.length).toFixed(1)}; mean per-series improvement ${(100 * meanImprovement).toFixed(1)}%`,
    );
    console.log(rows.join('\n'));
    expect(meanImprovement).toBeGreaterThanOrEqual(0.1);
    expect(sumModel).toBeLessThan(0.9 * sumNaive);
  });
});
