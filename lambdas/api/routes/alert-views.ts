import type { AlertInstance } from '../../core/alerting/evaluation/alerting-rule-evaluator';
import { labelsFingerprint } from '../../core/alerting/fingerprint';
import { ALERTING_KINDS, listAll, type StoredGroupState } from '../../core/alerting/platform/alerting-store';
import type { IncidentDocument } from '../../core/alerting/platform/incident-record';
import type { Labels } from '../../core/domain/series';
import type { Ports } from '../../core/ports';

/** An acknowledgement of one alert (kind `alert-ack`, id = the alert's fingerprint). */
export interface AlertAck {
  readonly at: number;
  readonly by?: string;
  readonly comment?: string;
  readonly incidentId?: string;
}

/** One alert as the API shows it. Times Unix ms here; routes format them. */
export interface AlertView {
  readonly id: string;
  readonly rule: string;
  readonly group: string;
  readonly state: 'pending' | 'firing' | 'resolved';
  readonly severity?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly value: number;
  readonly activeAt: number;
  readonly firedAt?: number;
  readonly resolvedAt?: number;
  readonly ack?: AlertAck;
  readonly incidentId?: string;
}

function view(group: string, a: AlertInstance, ack: AlertAck | undefined, incidentId: string | undefined): AlertView {
  const id = labelsFingerprint(a.labels);
  return {
    id,
    rule: a.labels.alertname ?? '',
    group,
    state: a.state === 'inactive' ? 'resolved' : a.state,
    ...(a.labels.severity ? { severity: a.labels.severity } : {}),
    labels: a.labels,
    annotations: a.annotations,
    value: a.value,
    activeAt: a.activeAt,
    ...(a.firedAt !== undefined ? { firedAt: a.firedAt } : {}),
    ...(a.resolvedAt !== undefined ? { resolvedAt: a.resolvedAt } : {}),
    ...(ack ? { ack } : {}),
    ...(incidentId ? { incidentId } : {}),
  };
}

/** Every alert the evaluator holds (pending, firing, and resolved ones still retained), with acks and incidents. */
export async function currentAlerts(ports: Ports): Promise<AlertView[]> {
  const [groups, acks, incidents] = await Promise.all([
    listAll<StoredGroupState>(ports.state, ALERTING_KINDS.groupState),
    listAll<AlertAck>(ports.state, ALERTING_KINDS.ack),
    listAll<IncidentDocument>(ports.state, ALERTING_KINDS.incident),
  ]);
  const ackById = new Map(acks.map((a) => [a.id, a.value]));
  const incidentOf = new Map<string, string>();
  for (const i of [...incidents].sort((a, b) => a.value.triggeredAt - b.value.triggeredAt)) for (const a of i.value.alerts) incidentOf.set(a.id, i.id);
  const out: AlertView[] = [];
  for (const g of groups) {
    for (const rs of Object.values(g.value.state.rules)) {
      for (const a of Object.values(rs.alerts)) {
        const id = labelsFingerprint(a.labels);
        const ack = ackById.get(id);
        // An ack belongs to one occurrence: one older than the alert's start is stale.
        out.push(view(g.value.name, a, ack && ack.at >= a.activeAt ? ack : undefined, incidentOf.get(id)));
      }
    }
  }
  return out.sort((a, b) => b.activeAt - a.activeAt || (a.id < b.id ? -1 : 1));
}
