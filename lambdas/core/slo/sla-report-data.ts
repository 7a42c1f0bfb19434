import { ALERTING_KINDS, listAll } from '../alerting/platform/alerting-store';
import type { IncidentDocument } from '../alerting/platform/incident-record';
import { PlatformError } from '../domain/errors';
import type { MetricStore } from '../ports/metric-store';
import type { StateStore } from '../ports/state-store';
import { rangeQuery } from '../promql/engine';
import { sliQueries } from './sli-queries';
import { buildSlaReport, type SlaInput, type SlaReport } from './sla-report';
import { SLO_KIND, type Slo } from './slo-model';

/**
 * The SLA report of one month: per SLO, per-minute good and total events over the month (up to
 * now; each minute's rate taken over the 5 minutes ending then), incidents of its service that
 * started in the month.
 */
export async function slaReportFor(ports: { metrics: MetricStore; state: StateStore }, period: string, now: number, service?: string): Promise<SlaReport> {
  const [y, m] = period.split('-').map(Number);
  const start = Date.UTC(y, m - 1, 1);
  const end = Math.min(now, Date.UTC(y, m, 1));
  if (end <= start) throw new PlatformError('invalid_argument', `period ${period} has not started yet`, [{ name: 'period', value: period }]);
  const slos = (await listAll<Slo>(ports.state, SLO_KIND)).map((i) => i.value).filter((s) => !service || s.service === service);
  const incidents = (await listAll<IncidentDocument>(ports.state, ALERTING_KINDS.incident)).map((i) => i.value);
  const inputs: SlaInput[] = [];
  for (const slo of slos) {
    // Rates over 5 minutes, evaluated every minute: robust to scrape intervals up to ~2 minutes
    // (a 1-minute window would see a single sample at a 1-minute scrape and give nothing).
    const q = sliQueries(slo.sli, '5m');
    const [good, total] = await Promise.all([perMinute(ports, q.good, start, end), perMinute(ports, q.total, start, end)]);
    const minutes = [...total.keys()].map((t) => ({ good: Math.min(good.get(t) ?? 0, total.get(t) ?? 0), total: total.get(t) ?? 0 }));
    const count = incidents.filter((i) => i.services.includes(slo.service) && i.triggeredAt >= start && i.triggeredAt < end).length;
    inputs.push({ sloId: slo.id, name: slo.name, service: slo.service, objective: slo.objective, minutes, incidents: count });
  }
  return buildSlaReport(period, inputs, now);
}

/** Events per minute (rate × 60) at each minute of [start, end). */
async function perMinute(ports: { metrics: MetricStore }, rateExpr: string, start: number, end: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const r = await rangeQuery(ports.metrics, rateExpr, start + 60_000, end, 60_000);
  if (r.resultType !== 'matrix') return out;
  for (const s of r.result) for (const p of s.points) if (Number.isFinite(p.value)) out.set(p.timestamp, (out.get(p.timestamp) ?? 0) + p.value * 60);
  return out;
}
