import { listAll } from '../../core/alerting/platform/alerting-store';
import type { Ports } from '../../core/ports';
import { instantQuery } from '../../core/promql/engine';
import { slaReportCsv, slaReportHtml } from '../../core/slo/sla-report';
import { slaReportFor } from '../../core/slo/sla-report-data';
import { SLO_KIND, type Slo } from '../../core/slo/slo-model';
import { sloStatus, type ScalarQuery } from '../../core/slo/slo-status';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';

/** A one-number PromQL query over the MetricStore. */
export function scalarQuery(ports: Ports): ScalarQuery {
  return async (expr, time) => {
    const r = await instantQuery(ports.metrics, expr, time);
    if (r.resultType === 'scalar') return r.result.value;
    if (r.resultType === 'vector') return r.result[0]?.value;
    return undefined;
  };
}

/** SLA operations: live status of every SLO, and monthly reports (JSON, CSV, HTML). */
export const slaRoutes: Readonly<Record<string, RouteHandler>> = {
  async getSla({ ports, params }) {
    const slos = (await listAll<Slo>(ports.state, SLO_KIND)).map((i) => i.value).filter((s) => !params.service || s.service === params.service);
    const now = ports.clock.now();
    const query = scalarQuery(ports);
    const items = await Promise.all(
      slos.map(async (slo) => {
        const s = await sloStatus(slo, query, now);
        return { ...s, windowStart: formatMillis(s.windowStart), windowEnd: formatMillis(s.windowEnd), remainingBudget: s.remaining };
      }),
    );
    return jsonResponse(200, { items });
  },

  async listSlaReports({ ports, params }) {
    const now = ports.clock.now();
    const period = (params.period as string | undefined) ?? new Date(now).toISOString().slice(0, 7);
    const report = await slaReportFor(ports, period, now, params.service as string | undefined);
    const format = (params.format as string | undefined) ?? 'json';
    if (format === 'csv') return { statusCode: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="sla-${period}.csv"` }, body: slaReportCsv(report) };
    if (format === 'html') return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: slaReportHtml(report) };
    return jsonResponse(200, { ...report, generatedAt: formatMillis(report.generatedAt) });
  },
};
