import { matchesAll, type Labels, type LabelMatcher } from '../../domain/series';
import { parseMatchers } from './matchers';

/** An inhibition rule as configured (Alertmanager field names). */
export interface InhibitRuleConfig {
  readonly source_matchers: readonly (string | LabelMatcher)[];
  readonly target_matchers: readonly (string | LabelMatcher)[];
  /** Labels that must have the same value in source and target. */
  readonly equal?: readonly string[];
}

/** A compiled inhibition rule. */
export interface InhibitRule {
  readonly source: readonly LabelMatcher[];
  readonly target: readonly LabelMatcher[];
  readonly equal: readonly string[];
}

/** Compiles inhibition rules (parses string matchers). */
export function compileInhibitRules(configs: readonly InhibitRuleConfig[]): InhibitRule[] {
  return configs.map((c) => ({ source: parseMatchers(c.source_matchers), target: parseMatchers(c.target_matchers), equal: c.equal ?? [] }));
}

/** An alert as inhibition sees it. */
export interface InhibitionCandidate {
  readonly fingerprint: string;
  readonly labels: Labels;
}

/**
 * Builds the inhibition check for one moment from the firing alerts: an alert is inhibited when
 * some firing alert matches a rule's source matchers, the alert matches its target matchers, and
 * both carry the same values for the `equal` labels (absent on both counts as equal). An alert
 * never inhibits itself. Sources are indexed by their `equal` values, so a check costs O(rules).
 */
export function buildInhibitor(rules: readonly InhibitRule[], firing: readonly InhibitionCandidate[]): (target: InhibitionCandidate) => boolean {
  const index = rules.map((rule) => {
    const byKey = new Map<string, { count: number; fingerprint: string }>();
    for (const src of firing) {
      if (!matchesAll(src.labels, rule.source)) continue;
      const key = equalKey(src.labels, rule.equal);
      const e = byKey.get(key);
      if (e) e.count++;
      else byKey.set(key, { count: 1, fingerprint: src.fingerprint });
    }
    return byKey;
  });
  return (target) => {
    for (let i = 0; i < rules.length; i++) {
      if (index[i].size === 0 || !matchesAll(target.labels, rules[i].target)) continue;
      const e = index[i].get(equalKey(target.labels, rules[i].equal));
      if (e && (e.count > 1 || e.fingerprint !== target.fingerprint)) return true;
    }
    return false;
  };
}

function equalKey(labels: Labels, names: readonly string[]): string {
  return names.map((n) => labels[n] ?? '').join('\u0000');
}
