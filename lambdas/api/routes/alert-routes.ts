import { acknowledge, resolveEscalation } from '../../core/alerting/escalation/escalation-policy';
import { parseMatcher } from '../../core/alerting/notification/matchers';
import { ALERTING_KINDS, listAll, updateItem, type DeliveryRecord, type FollowUp } from '../../core/alerting/platform/alerting-store';
import type { IncidentDocument } from '../../core/alerting/platform/incident-record';
import { matchesAll } from '../../core/domain/series';
import type { Ports } from '../../core/ports';
import type { RouteHandler } from '../http/api-types';
import { errorResponse, jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { timeRangeOf } from '../params/time-range';
import { currentAlerts, type AlertAck, type AlertView } from './alert-views';

const fmt = (ms: number | undefined) => (ms === undefined ? undefined : formatMillis(ms));

/** An alert in the API's JSON (RFC 3339 times). */
export function presentAlert(a: AlertView) {
  return {
    ...a,
    activeAt: fmt(a.activeAt),
    firedAt: fmt(a.firedAt),
    resolvedAt: fmt(a.resolvedAt),
    ...(a.ack ? { ack: { ...a.ack, at: fmt(a.ack.at) } } : {}),
    acknowledged: a.ack !== undefined,
  };
}

function actor(body: unknown): { by?: string; comment?: string } {
  const b = (body ?? {}) as { by?: unknown; comment?: unknown };
  return { ...(typeof b.by === 'string' ? { by: b.by } : {}), ...(typeof b.comment === 'string' ? { comment: b.comment } : {}) };
}

// The incident an id names: the incident itself, or the newest incident holding that alert.
async function incidentFor(ports: Ports, id: string): Promise<{ incidentId?: string; alertId?: string }> {
  if (await ports.state.get(ALERTING_KINDS.incident, id)) return { incidentId: id };
  const incidents = await listAll<IncidentDocument>(ports.state, ALERTING_KINDS.incident);
  const holding = incidents.filter((i) => i.value.alerts.some((a) => a.id === id)).sort((a, b) => b.value.triggeredAt - a.value.triggeredAt);
  const open = holding.find((i) => i.value.status !== 'resolved') ?? holding[0];
  return { incidentId: open?.id, alertId: id };
}

// PagerDuty incidents opened for these alerts get an `acknowledge` event, sent by the evaluator (which holds the routing keys).
async function queuePagerDutyAcks(ports: Ports, alertIds: readonly string[], now: number): Promise<void> {
  const ids = new Set(alertIds);
  const deliveries = await listAll<DeliveryRecord>(ports.state, ALERTING_KINDS.delivery);
  const keys = new Map<string, string>();
  for (const { value: d } of deliveries) {
    if (d.receiverType === 'pagerduty' && d.status === 'firing' && d.deliveredAt !== undefined && d.fingerprints.some((f) => ids.has(f))) keys.set(d.dedupKey, d.receiver);
  }
  await Promise.all([...keys].map(([dedupKey, receiver]) => ports.state.put<FollowUp>(ALERTING_KINDS.followUp, `${dedupKey}:acknowledge`, { receiver, dedupKey, action: 'acknowledge', createdAt: now }, { ttlSeconds: 86_400 })));
}

/** Alert listing, acknowledgement and resolution. */
export const alertRoutes: Readonly<Record<string, RouteHandler>> = {
  async listAlerts({ ports, params }) {
    const state = (params.state as string | undefined) ?? 'active';
    const matchers = ((params.label as string[] | undefined) ?? []).map((m) => parseMatcher(m));
    const hasRange = ['from', 'to', 'start', 'end'].some((k) => params[k] !== undefined);
    const range = hasRange ? timeRangeOf(params, ports.clock.now()) : undefined;
    const items = (await currentAlerts(ports)).filter((a) =>
      (state === 'all' || (state === 'active' ? a.state !== 'resolved' : a.state === state)) &&
      (params.severity === undefined || a.severity === params.severity) &&
      (params.rule === undefined || a.rule === params.rule) &&
      matchesAll(a.labels, matchers) &&
      (!range || (a.activeAt <= range.end && (a.resolvedAt ?? Infinity) >= range.start)));
    const limit = (params.limit as number | undefined) ?? 100;
    const offset = params.cursor ? Number(Buffer.from(params.cursor as string, 'base64url').toString()) || 0 : 0;
    const page = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
    return jsonResponse(200, { items: page.map(presentAlert), ...(next ? { nextCursor: next } : {}) });
  },

  async acknowledgeAlert({ ports, params, body }) {
    const id = params.id as string;
    const who = actor(body);
    const now = ports.clock.now();
    const { incidentId, alertId } = await incidentFor(ports, id);
    const known = alertId ? (await currentAlerts(ports)).some((a) => a.id === alertId) : false;
    if (!incidentId && !known) return errorResponse('not_found', `no alert or incident ${id}`, [{ id }]);
    let acked: string[] = alertId ? [alertId] : [];
    let incident: IncidentDocument | undefined;
    if (incidentId) {
      const item = await updateItem<IncidentDocument>(ports.state, ALERTING_KINDS.incident, incidentId, (cur) => {
        if (!cur) return undefined;
        const alertAcks = alertId ? [alertId] : cur.alerts.map((a) => a.id);
        // Acking one alert acks its incident when every alert of it is then acknowledged.
        const whole = !alertId || cur.alerts.every((a) => a.id === alertId || a.resolvedAt !== undefined);
        const event = { at: now, type: 'ack' as const, message: `${alertId ? `alert ${alertId}` : 'incident'} acknowledged${who.by ? ` by ${who.by}` : ''}`, detail: { ...who, alertIds: alertAcks } };
        if (!whole || cur.status !== 'triggered') return { ...cur, timeline: [...cur.timeline, event] };
        return { ...cur, status: 'acknowledged', acknowledgedAt: now, ...(who.by ? { acknowledgedBy: who.by } : {}), ...(cur.escalation ? { escalation: acknowledge(cur.escalation, now) } : {}), timeline: [...cur.timeline, event] };
      });
      incident = item?.value;
      if (!alertId && incident) acked = incident.alerts.map((a) => a.id);
    }
    await Promise.all(acked.map((a) => ports.state.put<AlertAck>(ALERTING_KINDS.ack, a, { at: now, ...who, ...(incidentId ? { incidentId } : {}) }, { ttlSeconds: 30 * 86_400 })));
    await queuePagerDutyAcks(ports, acked, now);
    return jsonResponse(200, { id, kind: alertId ? 'alert' : 'incident', acknowledgedAt: formatMillis(now), alertIds: acked, ...(incident ? { incidentId: incident.id, incidentStatus: incident.status } : {}) });
  },

  async resolveAlert({ ports, params, body }) {
    const id = params.id as string;
    const who = actor(body);
    const now = ports.clock.now();
    const { incidentId } = await incidentFor(ports, id);
    if (!incidentId) return errorResponse('not_found', `no incident holds ${id}`, [{ id }]);
    const item = await updateItem<IncidentDocument>(ports.state, ALERTING_KINDS.incident, incidentId, (cur) => cur && cur.status !== 'resolved' ? {
      ...cur,
      status: 'resolved',
      resolvedAt: now,
      ...(cur.escalation ? { escalation: resolveEscalation(cur.escalation, now) } : {}),
      timeline: [...cur.timeline, { at: now, type: 'resolve', message: `resolved by hand${who.by ? ` by ${who.by}` : ''}`, detail: who }],
    } : undefined);
    return jsonResponse(200, { id, incidentId, status: item?.value.status, resolvedAt: fmt(item?.value.resolvedAt) });
  },
};
