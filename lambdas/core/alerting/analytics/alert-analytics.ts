/** One incident (or alert) from history. Times in Unix ms. */
export interface IncidentRecord {
  readonly id: string;
  readonly rule?: string;
  readonly service?: string;
  readonly severity?: string;
  readonly triggeredAt: number;
  readonly acknowledgedAt?: number;
  readonly resolvedAt?: number;
}

/** One state change of one alert: `key` identifies the alert (e.g. its label fingerprint). */
export interface AlertTransition {
  readonly key: string;
  readonly rule: string;
  readonly state: 'pending' | 'firing' | 'resolved';
  readonly at: number;
}

/** Response figures over a set of incidents; durations in ms, undefined when nothing qualifies. */
export interface ResponseMetrics {
  readonly incidents: number;
  readonly acknowledged: number;
  readonly resolved: number;
  /** Mean time to acknowledge. */
  readonly mttaMs?: number;
  /** Mean time to resolve (from trigger). */
  readonly mttrMs?: number;
  readonly medianTtaMs?: number;
  readonly medianTtrMs?: number;
  readonly p90TtrMs?: number;
}

/** A rule's share of the noise. */
export interface RuleNoise {
  readonly rule: string;
  /** Times an alert of the rule started firing. */
  readonly firings: number;
  /** Distinct alerts (label sets) that fired. */
  readonly alerts: number;
  /** Fraction of all firings. */
  readonly share: number;
}

/** An alert that changed state too often. */
export interface FlappingAlert {
  readonly key: string;
  readonly rule: string;
  /** Most state changes seen inside one window. */
  readonly changes: number;
  readonly windowStart: number;
  readonly windowEnd: number;
}

/**
 * MTTA and MTTR over incidents triggered in `[from, to)` (all when absent); `responseMetricsBy` splits by a
 * key such as service or severity. An acknowledgement or resolution before the trigger is ignored as bad data.
 */
export function responseMetrics(incidents: readonly IncidentRecord[], options: { from?: number; to?: number } = {}): ResponseMetrics {
  const inRange = incidents.filter((i) => i.triggeredAt >= (options.from ?? -Infinity) && i.triggeredAt < (options.to ?? Infinity));
  const tta = inRange.filter((i) => i.acknowledgedAt !== undefined && i.acknowledgedAt >= i.triggeredAt).map((i) => i.acknowledgedAt! - i.triggeredAt);
  const ttr = inRange.filter((i) => i.resolvedAt !== undefined && i.resolvedAt >= i.triggeredAt).map((i) => i.resolvedAt! - i.triggeredAt);
  return {
    incidents: inRange.length,
    acknowledged: tta.length,
    resolved: ttr.length,
    mttaMs: mean(tta),
    mttrMs: mean(ttr),
    medianTtaMs: quantile(tta, 0.5),
    medianTtrMs: quantile(ttr, 0.5),
    p90TtrMs: quantile(ttr, 0.9),
  };
}

/** Response metrics per value of `key` (service, severity, rule...), keys in order. */
export function responseMetricsBy(incidents: readonly IncidentRecord[], key: (i: IncidentRecord) => string | undefined): Map<string, ResponseMetrics> {
  const groups = new Map<string, IncidentRecord[]>();
  for (const i of incidents) {
    const k = key(i) ?? '';
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
  }
  return new Map([...groups.keys()].sort().map((k) => [k, responseMetrics(groups.get(k)!)]));
}

/** The rules that fire most, by firings (a transition into `firing` from anything else), then distinct alerts. */
export function noisiestRules(transitions: readonly AlertTransition[], limit = 10): RuleNoise[] {
  const byRule = new Map<string, { firings: number; keys: Set<string> }>();
  let total = 0;
  for (const list of byKey(transitions).values()) {
    let prev: string | undefined;
    for (const t of list) {
      if (t.state === 'firing' && prev !== 'firing') {
        const r = byRule.get(t.rule) ?? byRule.set(t.rule, { firings: 0, keys: new Set() }).get(t.rule)!;
        r.firings++;
        r.keys.add(t.key);
        total++;
      }
      prev = t.state;
    }
  }
  return [...byRule.entries()]
    .map(([rule, r]) => ({ rule, firings: r.firings, alerts: r.keys.size, share: total ? r.firings / total : 0 }))
    .sort((a, b) => b.firings - a.firings || b.alerts - a.alerts || (a.rule < b.rule ? -1 : 1))
    .slice(0, limit);
}

/**
 * Alerts that flap: at least `minChanges` state changes (pending counts as a state) inside
 * some window of `windowMs`. Reports each flapping alert once, with its busiest window.
 */
export function detectFlapping(transitions: readonly AlertTransition[], options: { windowMs?: number; minChanges?: number } = {}): FlappingAlert[] {
  const windowMs = options.windowMs ?? 3_600_000;
  const minChanges = options.minChanges ?? 6;
  const out: FlappingAlert[] = [];
  for (const [key, list] of byKey(transitions)) {
    const changes: number[] = [];
    for (let i = 1; i < list.length; i++) if (list[i].state !== list[i - 1].state) changes.push(list[i].at);
    let best = { count: 0, start: 0, end: 0 };
    let lo = 0;
    for (let hi = 0; hi < changes.length; hi++) {
      while (changes[hi] - changes[lo] > windowMs) lo++;
      if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, start: changes[lo], end: changes[hi] };
    }
    if (best.count >= minChanges) out.push({ key, rule: list[0].rule, changes: best.count, windowStart: best.start, windowEnd: best.end });
  }
  return out.sort((a, b) => b.changes - a.changes || (a.key < b.key ? -1 : 1));
}

function byKey(transitions: readonly AlertTransition[]): Map<string, AlertTransition[]> {
  const m = new Map<string, AlertTransition[]>();
  for (const t of transitions) (m.get(t.key) ?? m.set(t.key, []).get(t.key)!).push(t);
  for (const list of m.values()) list.sort((a, b) => a.at - b.at);
  return m;
}

function mean(xs: readonly number[]): number | undefined {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

function quantile(xs: readonly number[], q: number): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}
