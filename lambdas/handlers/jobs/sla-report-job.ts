import { publishEvent } from '../../adapters/http/publish-event';
import type { Ports } from '../../core/ports';
import { slaReportFor } from '../../core/slo/sla-report-data';

/** StateStore kinds the SLA job writes: reports by period, and the violations already announced. */
export const SLA_KINDS = { report: 'sla-report', violation: 'sla-violation' } as const;

/**
 * The hourly `sla-report` job: recomputes the current month's report (and, during the first
 * day of a month, the previous month's final one), stores it, and raises one SLA-violation
 * notification per SLO and period when an SLO is breached.
 */
export async function runSlaReport(ports: Ports): Promise<{ periods: string[]; slos: number; violations: number; notified: number }> {
  const now = ports.clock.now();
  const current = new Date(now).toISOString().slice(0, 7);
  const periods = [current];
  const d = new Date(now);
  if (d.getUTCDate() === 1) periods.unshift(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7));
  let slos = 0;
  let violations = 0;
  let notified = 0;
  for (const period of periods) {
    const report = await slaReportFor(ports, period, now);
    await ports.state.put(SLA_KINDS.report, period, report);
    slos = Math.max(slos, report.lines.length);
    for (const line of report.lines.filter((l) => l.violated)) {
      violations++;
      const key = `${line.sloId}-${period}`;
      if (await ports.state.get(SLA_KINDS.violation, key)) continue;
      await ports.notifier.notify({
        severity: 'critical',
        subject: `[SLA] ${line.name} breached its ${(line.objective * 100).toPrecision(4)}% objective in ${period}`,
        message: `${line.service}: attainment ${line.attainment === undefined ? 'unknown' : `${(line.attainment * 100).toFixed(4)}%`}, ${line.downtimeMinutes} minutes below objective, ${line.incidents} incidents.`,
        attributes: { slo: line.sloId, service: line.service, period, alertname: 'SLAViolation' },
        dedupKey: `sla-violation-${key}`,
      });
      await publishEvent(ports, {
        type: 'slo.breached',
        id: `slo-breached-${key}`,
        occurredAt: now,
        service: line.service,
        data: { slo: line.sloId, name: line.name, period, objective: line.objective, attainment: line.attainment, downtimeMinutes: line.downtimeMinutes },
      }).catch(() => undefined); // the webhook delivery log records failures
      await ports.state.put(SLA_KINDS.violation, key, { at: now });
      notified++;
    }
  }
  return { periods, slos, violations, notified };
}
