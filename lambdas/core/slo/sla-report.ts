import { errorBudget, type SloState } from './error-budget';

/** One SLO's line in a monthly SLA report. */
export interface SlaReportLine {
  readonly sloId: string;
  readonly name: string;
  readonly service: string;
  readonly objective: number;
  readonly attainment?: number;
  readonly state: SloState;
  /** Minutes whose good/total share fell below the objective. */
  readonly downtimeMinutes: number;
  readonly incidents: number;
  readonly violated: boolean;
}

/** A monthly report. */
export interface SlaReport {
  /** yyyy-mm. */
  readonly period: string;
  readonly generatedAt: number;
  readonly lines: readonly SlaReportLine[];
}

/** Per-minute good/total counts of one SLO over the period, and its incidents. */
export interface SlaInput {
  readonly sloId: string;
  readonly name: string;
  readonly service: string;
  readonly objective: number;
  readonly minutes: readonly { readonly good: number; readonly total: number }[];
  readonly incidents: number;
}

/**
 * Builds the report: attainment over the whole period (all good over all events), downtime
 * as the minutes with traffic whose own share was under the objective, a violation when the
 * period's attainment missed the objective.
 */
export function buildSlaReport(period: string, inputs: readonly SlaInput[], now: number): SlaReport {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new RangeError(`period must be YYYY-MM, got ${period}`);
  const lines = inputs.map((i) => {
    const good = i.minutes.reduce((a, m) => a + m.good, 0);
    const total = i.minutes.reduce((a, m) => a + m.total, 0);
    const budget = errorBudget(good, total, i.objective);
    const downtimeMinutes = i.minutes.filter((m) => m.total > 0 && m.good / m.total < i.objective).length;
    return {
      sloId: i.sloId,
      name: i.name,
      service: i.service,
      objective: i.objective,
      ...(budget.attainment !== undefined ? { attainment: budget.attainment } : {}),
      state: budget.state,
      downtimeMinutes,
      incidents: i.incidents,
      violated: budget.state === 'breached',
    };
  });
  return { period, generatedAt: now, lines };
}

/** The report as CSV (RFC 4180 quoting), one row per SLO. */
export function slaReportCsv(r: SlaReport): string {
  const head = ['period', 'slo', 'name', 'service', 'objective_percent', 'attainment_percent', 'state', 'downtime_minutes', 'incidents', 'violated'];
  const rows = r.lines.map((l) => [r.period, l.sloId, l.name, l.service, pct(l.objective), l.attainment === undefined ? '' : pct(l.attainment), l.state, String(l.downtimeMinutes), String(l.incidents), String(l.violated)]);
  return [head, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The report as a small self-contained HTML page. */
export function slaReportHtml(r: SlaReport): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  const rows = r.lines
    .map((l) => `<tr class="${l.violated ? 'violated' : ''}"><td>${esc(l.name)}</td><td>${esc(l.service)}</td><td>${pct(l.objective)}%</td><td>${l.attainment === undefined ? 'no data' : `${pct(l.attainment)}%`}</td><td>${l.state}</td><td>${l.downtimeMinutes}</td><td>${l.incidents}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SLA report ${esc(r.period)}</title><style>body{font-family:system-ui,sans-serif}td,th{padding:4px 8px;border-bottom:1px solid #ddd}.violated{background:#fde8e8}</style></head><body><h1>SLA report ${esc(r.period)}</h1><table><thead><tr><th>SLO</th><th>Service</th><th>Objective</th><th>Attainment</th><th>State</th><th>Downtime (min)</th><th>Incidents</th></tr></thead><tbody>${rows}</tbody></table></body></html>\n`;
}

function pct(v: number): string {
  return (v * 100).toFixed(4).replace(/\.?0+$/, '');
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
