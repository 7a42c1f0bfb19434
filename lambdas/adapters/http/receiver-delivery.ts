import { alertmanagerApiAlerts, alertmanagerWebhookPayload } from '../../core/alerting/delivery/alertmanager-payloads';
import type { ReceiverDefinition } from '../../core/alerting/delivery/alerting-config';
import { slackPayload, teamsPayload } from '../../core/alerting/delivery/chat-payloads';
import { pagerDutyEvent, pagerDutyFollowUp } from '../../core/alerting/delivery/pagerduty-event';
import { toPortNotification } from '../../core/alerting/notification/notification-message';
import type { PipelineNotification } from '../../core/alerting/notification/notification-types';
import type { Notifier } from '../../core/ports/notifier';
import { signWebhook } from '../../core/webhooks/webhook-signature';
import { postWithRetries, type DeliveryAttempt, type PostOutcome, type RetryOptions } from './http-poster';
import type { SecretResolver } from './secret-resolver';

/** PagerDuty's Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** Settings of {@link ReceiverDelivery}. */
export interface ReceiverDeliveryOptions {
  readonly notifier: Notifier;
  readonly secrets: SecretResolver;
  /** Signs HTTP receivers that name no `secretRef` (ARCHITECTURE.md: every outgoing webhook is signed). */
  readonly defaultSigningSecretRef?: string;
  readonly externalURL?: string;
  /** Retries, and the outbound policy (`retry.outbound`; by default from `OUTBOUND_PRIVATE_TARGETS`). */
  readonly retry?: RetryOptions;
  readonly now?: () => number;
}

/**
 * Delivers one pipeline notification to one receiver: SNS through the Notifier port, the HTTP
 * receivers as their documented payloads (Slack Block Kit, PagerDuty Events v2, Teams Adaptive
 * Card, Alertmanager `/api/v2/alerts`, Alertmanager's webhook payload). Every HTTP request
 * carries `Idempotency-Key` and, when a secret is known, `X-Signature`. Targets go through the
 * outbound guard (a receiver URL from a secret reference is only checked here, at delivery).
 * Never throws: failures come back as attempts.
 */
export class ReceiverDelivery {
  constructor(private readonly options: ReceiverDeliveryOptions) {}

  async deliver(receiver: ReceiverDefinition, n: PipelineNotification): Promise<PostOutcome> {
    try {
      if (receiver.type === 'sns') return await this.sns(receiver, n);
      const { url, body } = await this.request(receiver, n);
      return await this.post(receiver, url, body, n.idempotencyKey);
    } catch (e) {
      // A missing secret or bad URL: recorded like a failed attempt, so the record says why.
      const at = (this.options.now ?? Date.now)();
      return { ok: false, attempts: [{ at, durationMs: 0, status: 0, ok: false, error: (e as Error).message }] };
    }
  }

  /** Sends PagerDuty's `acknowledge` or `resolve` for a dedup key (when an incident is acknowledged on the platform). */
  async pagerDutyFollowUp(receiver: ReceiverDefinition, dedupKey: string, action: 'acknowledge' | 'resolve'): Promise<PostOutcome> {
    const routingKey = await this.options.secrets.resolve(receiver.routingKeyRef!);
    const body = JSON.stringify(pagerDutyFollowUp(dedupKey, routingKey, action));
    return this.post(receiver, receiver.url ?? PAGERDUTY_EVENTS_URL, body, `${dedupKey}:${action}`);
  }

  private async request(receiver: ReceiverDefinition, n: PipelineNotification): Promise<{ url: string; body: string }> {
    const ext = this.options.externalURL ?? '';
    const url = receiver.urlRef ? await this.options.secrets.resolve(receiver.urlRef) : receiver.url;
    switch (receiver.type) {
      case 'slack':
        return { url: url!, body: JSON.stringify(slackPayload(n, ext)) };
      case 'teams':
        return { url: url!, body: JSON.stringify(teamsPayload(n, ext)) };
      case 'pagerduty': {
        const routingKey = await this.options.secrets.resolve(receiver.routingKeyRef!);
        return { url: url ?? PAGERDUTY_EVENTS_URL, body: JSON.stringify(pagerDutyEvent(n, routingKey, ext)) };
      }
      case 'alertmanager':
        return { url: `${url!.replace(/\/+$/, '')}/api/v2/alerts`, body: JSON.stringify(alertmanagerApiAlerts(n)) };
      case 'webhook':
        return { url: url!, body: JSON.stringify(alertmanagerWebhookPayload(n, ext, receiver.max_alerts ?? 0)) };
      default:
        throw new Error(`receiver ${receiver.name} has unknown type ${String(receiver.type)}`);
    }
  }

  private async post(receiver: ReceiverDefinition, url: string, body: string, idempotencyKey: string): Promise<PostOutcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'observability-platform-alerting/1', 'idempotency-key': idempotencyKey };
    const secretRef = receiver.secretRef ?? this.options.defaultSigningSecretRef;
    if (secretRef) {
      const secret = await this.options.secrets.resolve(secretRef);
      headers['x-signature'] = signWebhook(secret, body, Math.floor((this.options.now ?? Date.now)() / 1000));
    }
    return postWithRetries({ url, body, headers }, { ...this.options.retry, now: this.options.now });
  }

  private async sns(receiver: ReceiverDefinition, n: PipelineNotification): Promise<PostOutcome> {
    const now = this.options.now ?? Date.now;
    const message = toPortNotification(n);
    const attempts: DeliveryAttempt[] = [];
    const max = this.options.retry?.attempts ?? 3;
    for (let i = 0; i < max; i++) {
      const at = now();
      try {
        await this.options.notifier.notify(receiver.severity ? { ...message, severity: receiver.severity } : message);
        attempts.push({ at, durationMs: now() - at, status: 200, ok: true });
        return { ok: true, attempts };
      } catch (e) {
        attempts.push({ at, durationMs: now() - at, status: 0, ok: false, error: (e as Error).message });
        await (this.options.retry?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))((this.options.retry?.baseDelayMs ?? 200) * 2 ** i);
      }
    }
    return { ok: false, attempts };
  }
}
