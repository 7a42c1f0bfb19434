import type { Labels, Sample, Series } from '../domain/series';
import type { AnomalyWindow } from './anomaly-windows';

/** Settings of {@link anomalyAlertSamples}. */
export interface AnomalyAlertOptions {
  /** The rule's name, the `alertname` label. */
  readonly alertName: string;
  /** Extra labels of the rule (severity ...). */
  readonly labels?: Labels;
  /** Evaluation times (ms, ascending) to produce samples for. */
  readonly at: readonly number[];
  /** How long an anomaly keeps the alert firing after its window ends (ms), so one blip is not a flap. @default 0 */
  readonly holdMs?: number;
  /** Lowest window score that fires. @default 0.5 */
  readonly minScore?: number;
}

/**
 * The `ALERTS`-like series an `anomaly` rule yields: for each detected series, one sample of 1
 * at every evaluation time that falls within an anomaly window (extended by `holdMs`), labelled
 * `__name__="ALERTS"`, `alertname`, `alertstate="firing"`, the series' own labels (without
 * `__name__`) and the rule's labels. A rule evaluator can treat these exactly like the samples
 * of a PromQL alert expression.
 */
export function anomalyAlertSamples(detected: readonly { readonly labels: Labels; readonly windows: readonly AnomalyWindow[] }[], options: AnomalyAlertOptions): Series[] {
  const hold = options.holdMs ?? 0;
  const minScore = options.minScore ?? 0.5;
  const out: Series[] = [];
  for (const d of detected) {
    const windows = d.windows.filter((w) => w.score >= minScore);
    if (windows.length === 0) continue;
    const samples: Sample[] = options.at.filter((t) => windows.some((w) => t >= w.start && t <= w.end + hold)).map((t) => ({ timestamp: t, value: 1 }));
    if (samples.length === 0) continue;
    const { __name__: metricName, ...own } = d.labels;
    out.push({
      labels: { ...own, ...(metricName !== undefined && { anomaly_metric: metricName }), ...options.labels, __name__: 'ALERTS', alertname: options.alertName, alertstate: 'firing' },
      samples,
    });
  }
  return out;
}
