import type { NotifiedAlert, PipelineNotification } from '../notification/notification-types';

/** How many alerts a chat message lists before summarising the rest. */
export const CHAT_ALERT_LIMIT = 10;

/** The one-line title of a notification: `[FIRING:3] HighLatency (service=api)`. */
export function notificationTitle(n: PipelineNotification): string {
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  const name = n.commonLabels.alertname ?? n.groupLabels.alertname ?? 'alerts';
  const group = Object.entries(n.groupLabels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}=${v}`).join(', ');
  return `[${n.status.toUpperCase()}${n.status === 'firing' ? `:${firing}` : ''}] ${name}${group ? ` (${group})` : ''}`;
}

function alertLine(a: NotifiedAlert): string {
  const summary = a.annotations.summary ?? a.annotations.description ?? a.labels.alertname ?? '';
  const where = ['service', 'instance', 'job'].map((k) => a.labels[k]).filter(Boolean).join(' ');
  return `${a.status === 'firing' ? '🔥' : '✅'} ${summary}${where ? ` — ${where}` : ''}`;
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * A Slack incoming-webhook message with Block Kit blocks: a header, one section per alert
 * (at most {@link CHAT_ALERT_LIMIT}), a context line with the rest, and `text` as the
 * notification fallback. Block texts respect Slack's limits (150 for headers, 3000 for sections).
 */
export function slackPayload(n: PipelineNotification, externalURL: string) {
  const title = notificationTitle(n);
  const shown = n.alerts.slice(0, CHAT_ALERT_LIMIT);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
    ...shown.map((a) => ({ type: 'section', text: { type: 'mrkdwn', text: clip(alertLine(a), 3000) } })),
  ];
  const more = n.alerts.length - shown.length;
  const context = [`receiver *${n.receiver}*`, more > 0 ? `${more} more alerts` : '', externalURL ? `<${externalURL}|open the platform>` : ''].filter(Boolean).join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context }] });
  return { text: title, blocks };
}

/** A Microsoft Teams message carrying an Adaptive Card (what Teams workflows and connectors accept). */
export function teamsPayload(n: PipelineNotification, externalURL: string) {
  const title = notificationTitle(n);
  const shown = n.alerts.slice(0, CHAT_ALERT_LIMIT);
  const facts = Object.entries(n.commonLabels).map(([title, value]) => ({ title, value }));
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', text: title, wrap: true, color: n.status === 'firing' ? 'Attention' : 'Good' },
    ...(facts.length > 0 ? [{ type: 'FactSet', facts }] : []),
    ...shown.map((a) => ({ type: 'TextBlock', text: alertLine(a), wrap: true })),
  ];
  if (n.alerts.length > shown.length) body.push({ type: 'TextBlock', text: `${n.alerts.length - shown.length} more alerts`, isSubtle: true });
  const content = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(externalURL ? { actions: [{ type: 'Action.OpenUrl', title: 'Open', url: externalURL }] } : {}),
  };
  return { type: 'message', summary: title, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }] };
}
