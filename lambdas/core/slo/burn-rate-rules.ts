import type { AlertingRule, RecordingRule, RuleGroup } from '../alerting/rules/rule';
import { formatDuration } from '../alerting/duration';
import { sliQueries } from './sli-queries';
import { type Slo, windowHours } from './slo-model';

/** One multiwindow alert: the share of budget it detects spent over `long`, confirmed over `short`. */
export interface BurnRateAlert {
  readonly severity: 'critical' | 'warning';
  readonly budgetSpent: number;
  readonly longMs: number;
  readonly shortMs: number;
}

const H = 3_600_000;

/**
 * The SRE workbook's multiwindow, multi-burn-rate alerts: page when 2% of the budget goes in
 * 1 h (5 min confirmation) or 5% in 6 h (30 min); ticket when 10% goes in 3 d (6 h). For a
 * 30-day window these are burn rates of 14.4, 6 and 1.
 */
export const WORKBOOK_ALERTS: readonly BurnRateAlert[] = [
  { severity: 'critical', budgetSpent: 0.02, longMs: H, shortMs: 5 * 60_000 },
  { severity: 'critical', budgetSpent: 0.05, longMs: 6 * H, shortMs: 30 * 60_000 },
  { severity: 'warning', budgetSpent: 0.1, longMs: 72 * H, shortMs: 6 * H },
];

/** The burn rate that spends `budgetSpent` of the budget in `longMs` for an SLO window. */
export function burnRateFactor(alert: BurnRateAlert, windowH: number): number {
  return Number(((alert.budgetSpent * windowH * H) / alert.longMs).toFixed(6));
}

/**
 * The rule group that watches an SLO: one recording rule per distinct window for the error
 * ratio (`slo:sli_error:ratio_rate<window>{slo="<id>"}`) and one alerting rule per workbook
 * alert, firing when both of its windows burn faster than its factor. Regenerate it whenever
 * the SLO changes: the group name is derived from the SLO id, so it replaces the old one.
 */
export function burnRateRuleGroup(slo: Slo, alerts: readonly BurnRateAlert[] = WORKBOOK_ALERTS): RuleGroup {
  const labels = { slo: slo.id, service: slo.service };
  const windows = [...new Set(alerts.flatMap((a) => [a.longMs, a.shortMs]))].sort((a, b) => a - b);
  const record = (ms: number) => `slo:sli_error:ratio_rate${formatDuration(ms)}`;
  const recording: RecordingRule[] = windows.map((ms) => ({
    kind: 'recording',
    record: record(ms),
    expr: sliQueries(slo.sli, formatDuration(ms)).errorRatio,
    labels,
  }));
  const budget = 1 - slo.objective;
  const hours = windowHours(slo.window);
  const alerting: AlertingRule[] = alerts.map((a) => {
    const factor = burnRateFactor(a, hours);
    const threshold = `(${factor} * ${Number(budget.toPrecision(12))})`;
    const sel = `{slo="${slo.id}"}`;
    return {
      kind: 'alerting',
      name: a.severity === 'critical' ? 'SLOErrorBudgetBurnPage' : 'SLOErrorBudgetBurnTicket',
      expr: `(${record(a.longMs)}${sel} > ${threshold}) and (${record(a.shortMs)}${sel} > ${threshold})`,
      forMs: 0,
      keepFiringForMs: 0,
      labels: { ...labels, severity: a.severity, long_window: formatDuration(a.longMs), short_window: formatDuration(a.shortMs), burn_rate: String(factor) },
      annotations: {
        summary: `${slo.name}: error budget burning ${factor}x too fast`,
        description: `${slo.service} is spending its ${(budget * 100).toPrecision(3)}% error budget at {{ $value | humanizePercentage }} errors over ${formatDuration(a.longMs)}; at ${factor}x, ${a.budgetSpent * 100}% of the budget goes in that window.`,
      },
      severity: a.severity,
      owner: slo.owner,
    };
  });
  return { name: `slo-${slo.id}`, intervalMs: 60_000, rules: [...recording, ...alerting] };
}
