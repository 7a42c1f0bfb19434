import type { AlertTransition } from '../analytics/alert-analytics';
import type { RuleGroupState } from '../evaluation/rule-group-evaluator';

/** A stored transition: the analytics record plus its id. */
export interface StoredTransition extends AlertTransition {
  readonly id: string;
}

/**
 * The state changes between two evaluations of a group, for analytics (noisiest, flapping):
 * an alert appearing pending or firing, becoming firing, and resolving. Ids start with the
 * zero-padded time so a listing is in time order.
 */
export function groupTransitions(previous: RuleGroupState | undefined, next: RuleGroupState, now: number): StoredTransition[] {
  const out: StoredTransition[] = [];
  for (const [ruleKey, rs] of Object.entries(next.rules)) {
    const before = previous?.rules[ruleKey]?.alerts ?? {};
    for (const [fp, a] of Object.entries(rs.alerts)) {
      const old = before[fp];
      const rule = a.labels.alertname ?? ruleKey;
      let state: AlertTransition['state'] | undefined;
      if (a.state === 'inactive') state = old && old.state !== 'inactive' ? 'resolved' : undefined;
      else if (!old || old.state !== a.state) state = a.state;
      if (state) out.push({ id: `${String(now).padStart(15, '0')}-${fp}-${state}`, key: fp, rule, state, at: now });
    }
  }
  return out;
}
