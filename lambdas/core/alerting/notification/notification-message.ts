import type { Notification, Severity } from '../../ports/notifier';
import type { PipelineNotification } from './notification-types';

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/**
 * Turns a pipeline notification into the Notifier port's message: Alertmanager-like subject
 * (`[FIRING:3] HighLatency service=api`), one line per alert, and the idempotency key as `dedupKey`.
 * Severity comes from the common `severity` label (warning when absent or unknown).
 */
export function toPortNotification(n: PipelineNotification): Notification {
  const sev = n.commonLabels.severity as Severity | undefined;
  const severity: Severity = sev && SEVERITIES.includes(sev) ? sev : 'warning';
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  const group = Object.entries(n.groupLabels).map(([k, v]) => `${k}=${v}`).join(' ');
  const name = n.commonLabels.alertname ?? '';
  const subject = `[${n.status.toUpperCase()}${n.status === 'firing' ? `:${firing}` : ''}] ${[name, group].filter(Boolean).join(' ')}`.trim();
  const lines = n.alerts.map((a) => {
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    const labels = Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(', ');
    return `- [${a.status}] ${labels}${summary ? `: ${summary}` : ''}`;
  });
  return {
    severity,
    subject,
    message: lines.join('\n'),
    attributes: { receiver: n.receiver, groupKey: n.groupKey, status: n.status, dedupKey: n.dedupKey },
    dedupKey: n.idempotencyKey,
  };
}
