import type { Labels } from '../../domain/series';
import type { EscalationPage, EscalationState } from '../escalation/escalation-policy';

/** One entry of an incident's timeline: the raw material of a postmortem. Times Unix ms. */
export interface TimelineEvent {
  readonly at: number;
  readonly type: 'trigger' | 'alert' | 'notification' | 'ack' | 'escalation' | 'resolve' | 'alert-resolved';
  readonly message: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** One alert inside an incident. */
export interface IncidentAlert {
  readonly id: string;
  readonly labels: Labels;
  readonly startsAt: number;
  readonly resolvedAt?: number;
}

/** An incident as stored (kind `incident`). */
export interface IncidentDocument {
  readonly id: string;
  readonly status: 'triggered' | 'acknowledged' | 'resolved';
  readonly title: string;
  readonly severity: string;
  readonly alerts: readonly IncidentAlert[];
  readonly services: readonly string[];
  readonly rootCause?: string;
  readonly rootCauseReason?: string;
  readonly triggeredAt: number;
  readonly acknowledgedAt?: number;
  readonly acknowledgedBy?: string;
  readonly resolvedAt?: number;
  readonly policyId?: string;
  readonly escalation?: EscalationState;
  /** Pages decided and not yet confirmed sent (the escalation job's outbox). */
  readonly pendingPages?: readonly EscalationPage[];
  readonly timeline: readonly TimelineEvent[];
}

const RANK: Readonly<Record<string, number>> = { critical: 3, warning: 2, info: 1 };

/** The highest severity among labels (`warning` when none says). */
export function highestSeverity(labels: readonly Labels[]): string {
  let best = '';
  for (const l of labels) if ((RANK[l.severity ?? ''] ?? 0) > (RANK[best] ?? 0)) best = l.severity!;
  return best || 'warning';
}

/** A title for an incident: its alert names and the probable cause. */
export function incidentTitle(alerts: readonly IncidentAlert[], rootCause?: string): string {
  const names = [...new Set(alerts.map((a) => a.labels.alertname).filter(Boolean))];
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  return `${shown || 'alerts'}${rootCause ? ` (probable cause: ${rootCause})` : ''}`;
}
