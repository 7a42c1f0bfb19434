import { STALE_NAN } from '../../domain/series';
import type { OutputSample } from './query-function';
import type { RuleGroupState } from './rule-group-evaluator';

/**
 * Stale markers for the ALERTS and ALERTS_FOR_STATE series an evaluation stopped producing, as
 * Prometheus writes them: an alert that resolved or vanished, and the `pending` series of an
 * alert that became firing. Without them a query would still see the old series for the
 * lookback window (5 minutes) after the alert ended.
 */
export function staleAlertSamples(previous: RuleGroupState | undefined, next: RuleGroupState, time: number): OutputSample[] {
  const out: OutputSample[] = [];
  if (!previous) return out;
  for (const [ruleKey, before] of Object.entries(previous.rules)) {
    const after = next.rules[ruleKey]?.alerts ?? {};
    for (const [fp, a] of Object.entries(before.alerts)) {
      if (a.state === 'inactive') continue;
      const now = after[fp];
      const active = now !== undefined && now.state !== 'inactive';
      if (!active || now.state !== a.state) out.push({ labels: { ...a.labels, __name__: 'ALERTS', alertstate: a.state }, value: STALE_NAN, timestamp: time });
      if (!active) out.push({ labels: { ...a.labels, __name__: 'ALERTS_FOR_STATE' }, value: STALE_NAN, timestamp: time });
    }
  }
  return out;
}
