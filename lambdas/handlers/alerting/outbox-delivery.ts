import type { AlertingConfig } from '../../core/alerting/delivery/alerting-config';
import { ALERTING_KINDS, SINGLETON_ID, listAll, updateItem, type DeliveryRecord, type EngineState, type FollowUp, type OutboxEntry } from '../../core/alerting/platform/alerting-store';
import type { IncidentDocument, TimelineEvent } from '../../core/alerting/platform/incident-record';
import type { Ports } from '../../core/ports';
import type { ReceiverDelivery } from '../../adapters/http/receiver-delivery';

/** Delivery attempts (over all rounds) after which a notification is given up and left in its record. */
export const MAX_TOTAL_ATTEMPTS = 12;
const RECORD_TTL_SECONDS = 30 * 86_400;

/** What a delivery pass did. */
export interface DeliverySummary {
  readonly delivered: number;
  readonly skippedAlreadyDelivered: number;
  readonly failed: number;
  readonly givenUp: number;
}

/**
 * Delivers the engine's outbox: for each entry, unless its delivery record already says
 * delivered (a run that died after sending), sends it to its receiver, records every attempt,
 * then removes delivered and given-up entries from the outbox with a versioned write. A crash
 * anywhere leaves the entry in the outbox, so it is delivered by the next run (at least once);
 * the record and the receivers' idempotency keys drop the repeat.
 */
export async function deliverOutbox(ports: Ports, delivery: ReceiverDelivery, config: AlertingConfig, entries: readonly OutboxEntry[]): Promise<DeliverySummary> {
  const done = new Set<string>();
  let delivered = 0;
  let skipped = 0;
  let failed = 0;
  let givenUp = 0;
  const records: DeliveryRecord[] = [];
  await Promise.all(entries.map(async (entry) => {
    const n = entry.notification;
    const existing = await ports.state.get<DeliveryRecord>(ALERTING_KINDS.delivery, entry.id);
    if (existing?.value.deliveredAt !== undefined || existing?.value.failedAt !== undefined) {
      skipped++;
      done.add(entry.id);
      return;
    }
    const receiver = config.receivers.find((r) => r.name === n.receiver);
    const outcome = receiver
      ? await delivery.deliver(receiver, n)
      : { ok: false, attempts: [{ at: ports.clock.now(), durationMs: 0, status: 0, ok: false, error: `receiver ${n.receiver} is not configured` }] };
    const now = ports.clock.now();
    const attempts = [...(existing?.value.attempts ?? []), ...outcome.attempts];
    const giveUp = !outcome.ok && (!receiver || attempts.length >= MAX_TOTAL_ATTEMPTS);
    const record: DeliveryRecord = {
      id: entry.id,
      receiver: n.receiver,
      receiverType: receiver?.type ?? 'unknown',
      groupKey: n.groupKey,
      status: n.status,
      dedupKey: n.dedupKey,
      fingerprints: n.alerts.map((a) => a.fingerprint),
      attempts,
      ...(outcome.ok ? { deliveredAt: now } : {}),
      ...(giveUp ? { failedAt: now } : {}),
    };
    await ports.state.put(ALERTING_KINDS.delivery, entry.id, record, { ttlSeconds: RECORD_TTL_SECONDS });
    if (outcome.ok) delivered++;
    else failed++;
    if (giveUp) givenUp++;
    if (outcome.ok || giveUp) done.add(entry.id);
    records.push(record);
  }));
  await noteOnIncidents(ports, records, ports.clock.now());
  if (done.size > 0) {
    await updateItem<EngineState>(ports.state, ALERTING_KINDS.engine, SINGLETON_ID, (cur) => (cur ? { ...cur, outbox: cur.outbox.filter((e) => !done.has(e.id)) } : undefined));
  }
  return { delivered, skippedAlreadyDelivered: skipped, failed, givenUp };
}

// Puts each notification on the timeline of the incidents that hold its alerts: one listing, one write per incident.
async function noteOnIncidents(ports: Ports, records: readonly DeliveryRecord[], now: number): Promise<void> {
  if (records.length === 0) return;
  const incidents = await listAll<IncidentDocument>(ports.state, ALERTING_KINDS.incident);
  const byAlert = new Map<string, string[]>();
  for (const inc of incidents) for (const a of inc.value.alerts) (byAlert.get(a.id) ?? byAlert.set(a.id, []).get(a.id)!).push(inc.id);
  const status = new Map(incidents.map((i) => [i.id, i.value.status]));
  const events = new Map<string, TimelineEvent[]>();
  for (const record of records) {
    const ids = new Set(record.fingerprints.flatMap((fp) => byAlert.get(fp) ?? []));
    for (const id of ids) {
      if (status.get(id) === 'resolved' && record.status === 'firing') continue;
      (events.get(id) ?? events.set(id, []).get(id)!).push({
        at: now,
        type: 'notification',
        message: `${record.status} notification ${record.deliveredAt !== undefined ? 'delivered to' : 'failed for'} ${record.receiver}`,
        detail: { receiver: record.receiver, receiverType: record.receiverType, deliveryId: record.id, attempts: record.attempts.length, ok: record.deliveredAt !== undefined },
      });
    }
  }
  await Promise.all([...events].map(([id, list]) => updateItem<IncidentDocument>(ports.state, ALERTING_KINDS.incident, id, (cur) => cur && { ...cur, timeline: [...cur.timeline, ...list] })));
}

/**
 * Sends queued PagerDuty follow-ups (acknowledge after a platform ack) with their dedup keys,
 * records the attempts, and removes each once sent (or once its receiver is gone).
 */
export async function deliverFollowUps(ports: Ports, delivery: ReceiverDelivery, config: AlertingConfig): Promise<number> {
  const items = await listAll<FollowUp>(ports.state, ALERTING_KINDS.followUp);
  let sent = 0;
  for (const item of items) {
    const receiver = config.receivers.find((r) => r.name === item.value.receiver && r.type === 'pagerduty');
    if (receiver) {
      const outcome = await delivery.pagerDutyFollowUp(receiver, item.value.dedupKey, item.value.action);
      await updateItem<DeliveryRecord>(ports.state, ALERTING_KINDS.delivery, `followup:${item.id}`, (cur) => ({
        id: `followup:${item.id}`, receiver: receiver.name, receiverType: 'pagerduty', groupKey: '', status: 'resolved', dedupKey: item.value.dedupKey, fingerprints: [],
        attempts: [...(cur?.attempts ?? []), ...outcome.attempts],
        ...(outcome.ok ? { deliveredAt: ports.clock.now() } : {}),
      }), { ttlSeconds: RECORD_TTL_SECONDS });
      if (!outcome.ok) continue;
      sent++;
    }
    await ports.state.delete(ALERTING_KINDS.followUp, item.id);
  }
  return sent;
}
