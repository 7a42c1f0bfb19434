import type { PipelineNotification } from '../notification/notification-types';
import { notificationTitle } from './chat-payloads';

/** The three event actions of PagerDuty's Events API v2. */
export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

/** A PagerDuty Events API v2 event (`POST https://events.pagerduty.com/v2/enqueue`). */
export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: PagerDutyAction;
  readonly dedup_key: string;
  readonly client?: string;
  readonly client_url?: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: 'critical' | 'error' | 'warning' | 'info';
    readonly timestamp?: string;
    readonly component?: string;
    readonly group?: string;
    readonly class?: string;
    readonly custom_details?: Readonly<Record<string, unknown>>;
  };
  readonly links?: readonly { readonly href: string; readonly text: string }[];
}

const SEVERITY: Readonly<Record<string, 'critical' | 'error' | 'warning' | 'info'>> = { critical: 'critical', error: 'error', warning: 'warning', info: 'info' };

/**
 * The event for a notification: `trigger` while any alert fires (with the payload PagerDuty
 * requires: summary up to 1024 characters, source, severity), `resolve` once all are resolved.
 * `dedup_key` is the notification's `dedupKey`, the same for the whole life of the group, so
 * PagerDuty folds repeats into one incident and the resolve closes it.
 */
export function pagerDutyEvent(n: PipelineNotification, routingKey: string, externalURL: string): PagerDutyEvent {
  const base = { routing_key: routingKey, dedup_key: n.dedupKey, client: 'observability-platform', ...(externalURL ? { client_url: externalURL } : {}) };
  if (n.status === 'resolved') return { ...base, event_action: 'resolve' };
  const firing = n.alerts.filter((a) => a.status === 'firing');
  const first = firing[0] ?? n.alerts[0];
  const title = notificationTitle(n);
  const summary = first?.annotations.summary ? `${title}: ${first.annotations.summary}` : title;
  return {
    ...base,
    event_action: 'trigger',
    payload: {
      summary: summary.length <= 1024 ? summary : `${summary.slice(0, 1023)}…`,
      source: n.commonLabels.instance ?? n.commonLabels.service ?? n.commonLabels.job ?? 'observability-platform',
      severity: SEVERITY[n.commonLabels.severity ?? ''] ?? 'error',
      timestamp: new Date(first?.startsAt ?? n.at).toISOString(),
      ...(n.commonLabels.service ? { component: n.commonLabels.service } : {}),
      ...(n.commonLabels.job ? { group: n.commonLabels.job } : {}),
      ...(n.commonLabels.alertname ? { class: n.commonLabels.alertname } : {}),
      custom_details: {
        firing: firing.map((a) => ({ labels: a.labels, annotations: a.annotations })),
        num_firing: firing.length,
        num_resolved: n.alerts.length - firing.length,
        groupKey: n.groupKey,
      },
    },
    ...(externalURL ? { links: [{ href: externalURL, text: 'Observability platform' }] } : {}),
  };
}

/** An `acknowledge` (or `resolve`) event for a dedup key, sent when someone acknowledges on the platform. */
export function pagerDutyFollowUp(dedupKey: string, routingKey: string, action: 'acknowledge' | 'resolve'): PagerDutyEvent {
  return { routing_key: routingKey, event_action: action, dedup_key: dedupKey, client: 'observability-platform' };
}
