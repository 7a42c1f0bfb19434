import { detectFlapping, noisiestRules, responseMetrics, responseMetricsBy, type IncidentRecord, type ResponseMetrics } from '../../core/alerting/analytics/alert-analytics';
import { ALERTING_KINDS, listAll, type DeliveryRecord } from '../../core/alerting/platform/alerting-store';
import type { IncidentDocument } from '../../core/alerting/platform/incident-record';
import type { RouteHandler } from '../http/api-types';
import { errorResponse, jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { timeRangeOf } from '../params/time-range';
import type { StoredTransition } from '../../core/alerting/platform/alert-transitions';

const fmt = (ms: number | undefined) => (ms === undefined ? undefined : formatMillis(ms));

function presentIncident(i: IncidentDocument, withTimeline: boolean) {
  const { timeline, pendingPages: _p, escalation, alerts, ...rest } = i;
  return {
    ...rest,
    triggeredAt: fmt(i.triggeredAt),
    acknowledgedAt: fmt(i.acknowledgedAt),
    resolvedAt: fmt(i.resolvedAt),
    alerts: alerts.map((a) => ({ ...a, startsAt: fmt(a.startsAt), resolvedAt: fmt(a.resolvedAt) })),
    ...(escalation ? { escalation: { level: escalation.level + 1, cycle: escalation.cycle, exhausted: escalation.exhausted, lastPagedAt: fmt(escalation.lastPagedAt) } } : {}),
    ...(withTimeline ? { timeline: timeline.map((e) => ({ ...e, at: formatMillis(e.at) })) } : { timelineLength: timeline.length }),
  };
}

const seconds = (m: ResponseMetrics) => ({
  incidents: m.incidents,
  acknowledged: m.acknowledged,
  resolved: m.resolved,
  mttaSeconds: m.mttaMs === undefined ? null : m.mttaMs / 1000,
  mttrSeconds: m.mttrMs === undefined ? null : m.mttrMs / 1000,
  medianTtaSeconds: m.medianTtaMs === undefined ? null : m.medianTtaMs / 1000,
  medianTtrSeconds: m.medianTtrMs === undefined ? null : m.medianTtrMs / 1000,
  p90TtrSeconds: m.p90TtrMs === undefined ? null : m.p90TtrMs / 1000,
});

/** Incidents, analytics and delivery records. */
export const incidentRoutes: Readonly<Record<string, RouteHandler>> = {
  async listIncidents({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const hasRange = ['from', 'to', 'start', 'end'].some((k) => params[k] !== undefined);
    const status = params.status as string | undefined;
    const items = (await listAll<IncidentDocument>(ports.state, ALERTING_KINDS.incident)).map((i) => i.value)
      .filter((i) => !status || (status === 'open' ? i.status !== 'resolved' : i.status === status))
      .filter((i) => !hasRange || (i.triggeredAt <= range.end && (i.resolvedAt ?? Infinity) >= range.start))
      .sort((a, b) => b.triggeredAt - a.triggeredAt);
    const limit = (params.limit as number | undefined) ?? 100;
    return jsonResponse(200, { items: items.slice(0, limit).map((i) => presentIncident(i, false)) });
  },
  async getIncident({ ports, params }) {
    const item = await ports.state.get<IncidentDocument>(ALERTING_KINDS.incident, params.id as string);
    if (!item) return errorResponse('not_found', `incident ${String(params.id)} does not exist`, [{ id: params.id }]);
    return jsonResponse(200, presentIncident(item.value, true));
  },
  async getAlertAnalytics({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const [incidents, transitions] = await Promise.all([
      listAll<IncidentDocument>(ports.state, ALERTING_KINDS.incident),
      listAll<StoredTransition>(ports.state, ALERTING_KINDS.transition),
    ]);
    const records: IncidentRecord[] = incidents.map(({ value: i }) => ({
      id: i.id,
      rule: i.alerts[0]?.labels.alertname,
      service: i.services[0],
      severity: i.severity,
      triggeredAt: i.triggeredAt,
      acknowledgedAt: i.acknowledgedAt,
      resolvedAt: i.resolvedAt,
    }));
    const inRange = records.filter((r) => r.triggeredAt >= range.start && r.triggeredAt <= range.end);
    const trans = transitions.map((t) => t.value).filter((t) => t.at >= range.start && t.at <= range.end);
    const by = (key: (i: IncidentRecord) => string | undefined) => Object.fromEntries([...responseMetricsBy(inRange, key)].map(([k, m]) => [k, seconds(m)]));
    const limit = (params.limit as number | undefined) ?? 10;
    return jsonResponse(200, {
      from: formatMillis(range.start),
      to: formatMillis(range.end),
      response: seconds(responseMetrics(inRange)),
      bySeverity: by((i) => i.severity),
      byService: by((i) => i.service),
      noisiestRules: noisiestRules(trans, limit),
      flapping: detectFlapping(trans).slice(0, limit).map((f) => ({ ...f, windowStart: formatMillis(f.windowStart), windowEnd: formatMillis(f.windowEnd) })),
    });
  },
  async listAlertDeliveries({ ports, params }) {
    const page = await ports.state.list<DeliveryRecord>(ALERTING_KINDS.delivery, { limit: params.limit as number | undefined, cursor: params.cursor as string | undefined });
    const items = page.items.map(({ value: d }) => ({ ...d, deliveredAt: fmt(d.deliveredAt), failedAt: fmt(d.failedAt), attempts: d.attempts.map((a) => ({ ...a, at: formatMillis(a.at) })) }));
    return jsonResponse(200, { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  },
};
