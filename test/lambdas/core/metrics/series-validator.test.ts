import { DEFAULT_METRIC_LIMITS } from '../../../../lambdas/core/metrics/metric-limits';
import { validateSeries } from '../../../../lambdas/core/metrics/series-validator';

const NOW = 1_700_000_000_000;
const ok = (labels: [string, string][], ts = NOW) => ({ labelPairs: labels, samples: [{ timestamp: ts, value: 1 }] });

describe('metric series validation', () => {
  it('keeps valid series and explains each refused one without losing the rest', () => {
    const result = validateSeries(
      [
        ok([['__name__', 'up'], ['job', 'api']]),
        ok([['__name__', 'up'], ['job', 'a'], ['job', 'b']]),
        ok([['__name__', 'up'], ['big', 'x'.repeat(1_000_000)]]),
        ok([['__name__', 'up'], ['bad-name', 'x']]),
        ok([['__name__', 'up'], ['__reserved', 'x']]),
        ok([['__name__', '0up']]),
        ok([['job', 'api']]),
        ok([['__name__', 'later']], NOW + 3_600_000),
        { labelPairs: [['__name__', 'special']], samples: [{ timestamp: NOW, value: NaN }, { timestamp: NOW + 1, value: Infinity }] },
      ],
      DEFAULT_METRIC_LIMITS,
      NOW,
    );
    expect(result.accepted.map((s) => s.labels.__name__)).toEqual(['up', 'special']);
    expect(result.acceptedSamples).toBe(3);
    expect(Object.fromEntries(result.rejections.map((r) => [r.reason, r.series]))).toEqual({
      duplicate_label_name: 1,
      label_value_too_long: 1,
      invalid_label_name: 2,
      invalid_metric_name: 1,
      missing_metric_name: 1,
      sample_too_far_in_future: 1,
    });
    expect(result.rejections.find((r) => r.reason === 'label_value_too_long')!.example).toContain('1000000 characters');
  });

  it('treats empty label values as absent and limits labels per series and series per request', () => {
    const limits = { ...DEFAULT_METRIC_LIMITS, maxLabelsPerSeries: 3, maxSeriesPerRequest: 2 };
    const result = validateSeries(
      [
        ok([['__name__', 'a'], ['x', ''], ['y', '1'], ['z', '2']]),
        ok([['__name__', 'b'], ['w', '0'], ['y', '1'], ['z', '2']]),
        ok([['__name__', 'c']]),
      ],
      limits,
      NOW,
    );
    expect(result.accepted).toEqual([{ labels: { __name__: 'a', y: '1', z: '2' }, samples: [{ timestamp: NOW, value: 1 }] }]);
    expect(result.rejections.map((r) => r.reason).sort()).toEqual(['too_many_labels', 'too_many_series']);
  });
});
