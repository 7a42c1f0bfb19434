import type { Labels } from '../../domain/series';
import type { NotifiedAlert, PipelineNotification } from '../notification/notification-types';

/** One alert of Alertmanager's webhook payload. Times RFC 3339. */
export interface WebhookAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

/** Alertmanager's webhook payload, version 4, as its webhook receiver documents it. */
export interface AlertmanagerWebhookPayload {
  readonly version: '4';
  readonly groupKey: string;
  readonly truncatedAlerts: number;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  readonly externalURL: string;
  readonly alerts: WebhookAlert[];
}

/** One alert as Alertmanager's `POST /api/v2/alerts` takes it (`postableAlert`). */
export interface PostableAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function webhookAlert(a: NotifiedAlert): WebhookAlert {
  return { status: a.status, labels: a.labels, annotations: a.annotations, startsAt: iso(a.startsAt), endsAt: iso(a.endsAt), generatorURL: a.generatorURL ?? '', fingerprint: a.fingerprint };
}

/**
 * The generic webhook body: Alertmanager's webhook payload (`version: "4"`), so any consumer
 * of Alertmanager webhooks reads it. `maxAlerts` truncates the list and counts the rest in
 * `truncatedAlerts`, as Alertmanager's `max_alerts` does (0: no limit).
 */
export function alertmanagerWebhookPayload(n: PipelineNotification, externalURL: string, maxAlerts = 0): AlertmanagerWebhookPayload {
  const kept = maxAlerts > 0 ? n.alerts.slice(0, maxAlerts) : n.alerts;
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.alerts.length - kept.length,
    status: n.status,
    receiver: n.receiver,
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL,
    alerts: kept.map(webhookAlert),
  };
}

/** The body of `POST /api/v2/alerts` for a notification's alerts (resolved ones carry their end). */
export function alertmanagerApiAlerts(n: PipelineNotification): PostableAlert[] {
  return n.alerts.map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: iso(a.startsAt),
    endsAt: iso(a.endsAt),
    ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
  }));
}
