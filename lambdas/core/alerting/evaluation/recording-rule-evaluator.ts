import type { RecordingRule } from '../rules/rule';
import { labelsFingerprint } from '../fingerprint';
import type { OutputSample, QueryFunction } from './query-function';

/** The outcome of a recording rule: the samples to store, or the error that stopped it. */
export interface RecordingRuleEvaluation {
  readonly samples: OutputSample[];
  readonly error?: string;
}

/**
 * Evaluates a recording rule at `time`: every result becomes a sample named `record`,
 * with the rule's labels added (an empty value removes the label). Two results with the
 * same final labels are an error and record nothing, as in Prometheus.
 */
export async function evaluateRecordingRule(rule: RecordingRule, query: QueryFunction, time: number): Promise<RecordingRuleEvaluation> {
  let results;
  try {
    results = await query(rule.expr, time);
  } catch (e) {
    return { samples: [], error: (e as Error).message };
  }
  const seen = new Set<string>();
  const samples: OutputSample[] = [];
  for (const r of results) {
    const labels: Record<string, string> = { ...r.labels, __name__: rule.record };
    for (const [k, v] of Object.entries(rule.labels)) {
      if (v === '') delete labels[k];
      else labels[k] = v;
    }
    const fp = labelsFingerprint(labels);
    if (seen.has(fp)) return { samples: [], error: 'vector contains metrics with the same labelset after applying rule labels' };
    seen.add(fp);
    samples.push({ labels, value: r.value, timestamp: time });
  }
  return { samples };
}
