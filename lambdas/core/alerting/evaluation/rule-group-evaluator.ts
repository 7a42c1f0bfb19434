import type { RuleGroup } from '../rules/rule';
import { ruleName } from '../rules/rule';
import type { TemplateContext } from './alert-template-data';
import { alertsToSend, type OutgoingAlert } from './alert-sender';
import { EMPTY_ALERTING_RULE_STATE, evaluateAlertingRule, type AlertingRuleState } from './alerting-rule-evaluator';
import type { OutputSample, QueryFunction } from './query-function';
import { evaluateRecordingRule } from './recording-rule-evaluator';

/** State of a whole group between evaluations: one entry per rule, by rule name and position. */
export interface RuleGroupState {
  readonly rules: Readonly<Record<string, AlertingRuleState>>;
  readonly lastEvaluation?: number;
}

/** Options of a group evaluation. */
export interface RuleGroupOptions extends TemplateContext {
  readonly resendDelayMs?: number;
  /**
   * Receives each rule's samples before the next rule runs, so a query function backed by
   * the same store sees them in the same cycle (the specification's ordering constraint).
   */
  readonly onSamples?: (samples: readonly OutputSample[]) => void | Promise<void>;
}

/** The outcome of one group evaluation. */
export interface RuleGroupEvaluation {
  readonly state: RuleGroupState;
  /** Every sample produced: ALERTS, ALERTS_FOR_STATE and recorded series. */
  readonly samples: OutputSample[];
  /** Alerts due to be sent to the notification pipeline now. */
  readonly alerts: OutgoingAlert[];
  /** Errors by rule key. */
  readonly errors: Readonly<Record<string, string>>;
}

/** The key of a rule inside its group's state (names may repeat, positions make them unique). */
export function ruleKey(group: RuleGroup, index: number): string {
  return `${index}:${ruleName(group.rules[index])}`;
}

/** Evaluates the group's rules in order at `time` and collects the samples and alerts to send. */
export async function evaluateRuleGroup(
  group: RuleGroup,
  previous: RuleGroupState,
  query: QueryFunction,
  time: number,
  options: RuleGroupOptions = {},
): Promise<RuleGroupEvaluation> {
  const rules: Record<string, AlertingRuleState> = {};
  const samples: OutputSample[] = [];
  const alerts: OutgoingAlert[] = [];
  const errors: Record<string, string> = {};
  for (let i = 0; i < group.rules.length; i++) {
    const rule = group.rules[i];
    const key = ruleKey(group, i);
    let produced: OutputSample[];
    if (rule.kind === 'recording') {
      const r = await evaluateRecordingRule(rule, query, time);
      if (r.error) errors[key] = r.error;
      produced = r.samples;
    } else {
      const r = await evaluateAlertingRule(rule, previous.rules[key] ?? EMPTY_ALERTING_RULE_STATE, query, time, options);
      if (r.state.health === 'err') {
        // A failed evaluation sends nothing (the specification's step 4; Prometheus returns before sendAlerts).
        errors[key] = r.state.lastError ?? 'evaluation failed';
        rules[key] = r.state;
      } else {
        const sent = alertsToSend(r.state, time, { resendDelayMs: options.resendDelayMs, groupIntervalMs: group.intervalMs });
        rules[key] = sent.state;
        alerts.push(...sent.alerts);
      }
      produced = r.samples;
    }
    samples.push(...produced);
    if (options.onSamples && produced.length > 0) await options.onSamples(produced);
  }
  return { state: { rules, lastEvaluation: time }, samples, alerts, errors };
}
