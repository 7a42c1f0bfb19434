import { anomalyWindows } from '../../../../lambdas/core/anomaly/anomaly-windows';
import { NAB_PROFILES, nabScore, probationaryLength, type NabFile } from '../../../../lambdas/core/anomaly/nab-score';
import { StreamingDetector } from '../../../../lambdas/core/anomaly/streaming-detector';
import { describeWithConformance } from '../../../support/conformance';
import { loadNab } from './nab-data';

// Published standard-profile scores on these 34 series (shared/conformance/README.md).
const BASELINES: [string, number][] = [
  ['ARTime', 80.4],
  ['CAD OSE', 77.2],
  ['Numenta HTM', 72.8],
  ['Skyline', 65.4],
  ['KNN CAD', 60.4],
  ['Twitter ADVec', 56.7],
  ['Random Cut Forest', 51.5],
  ['Windowed Gaussian', 50.9],
];

describeWithConformance('NAB benchmark (34 series, one configuration for all)', ['nab'], (dir) => {
  it('scores above Twitter ADVec and Skyline on the standard profile', () => {
    const series = loadNab(dir);
    expect(series).toHaveLength(34);
    const files: NabFile[] = series.map((s) => {
      // Labels are never shown to the detector: only the probationary length, which NAB gives every detector.
      const detector = new StreamingDetector({ warmup: probationaryLength(s.values.length) });
      const scores = s.timestamps.map((t, i) => detector.update(t, s.values[i]));
      const starts = new Set(anomalyWindows(scores).map((w) => w.start));
      return { timestamps: s.timestamps, detections: s.timestamps.map((t) => starts.has(t)), windows: s.windows };
    });
    const standard = nabScore(files, NAB_PROFILES.standard);
    const lowFp = nabScore(files, NAB_PROFILES.reward_low_FP_rate);
    const lowFn = nabScore(files, NAB_PROFILES.reward_low_FN_rate);
    const tp = standard.files.reduce((a, f) => a + f.truePositives, 0);
    const fp = standard.files.reduce((a, f) => a + f.falsePositives, 0);
    const rows = [
      `this detector: standard ${standard.score.toFixed(1)} / low-FP ${lowFp.score.toFixed(1)} / low-FN ${lowFn.score.toFixed(1)} (windows hit ${tp}/${standard.files.reduce((a, f) => a + f.windows, 0)}, false positives ${fp})`,
      ...BASELINES.map(([name, score]) => `${name.padEnd(18)} ${score.toFixed(1)}`),
    ];
    console.log(`NAB scores on the 34 series (standard profile for baselines):\n${rows.join('\n')}`);
    // The floor actually reached (68.9 / 58.6 / 73.8 when written): above Skyline's 65.4, below Numenta HTM's 72.8.
    expect(standard.score).toBeGreaterThan(65.4);
    expect(lowFp.score).toBeGreaterThan(55);
    expect(lowFn.score).toBeGreaterThan(70);
  });
});
