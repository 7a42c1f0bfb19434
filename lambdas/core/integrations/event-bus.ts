import type { Ports } from '../ports';
import { signWebhook } from '../webhooks/webhook-signature';
import { eventBody, wantsEvent, WEBHOOK_DELIVERY_KIND, WEBHOOK_KIND, type IntegrationEvent, type WebhookDelivery, type WebhookSubscription } from './integration-event';

/** One signed POST to make, and how it went (every attempt; the sender retries with backoff). */
export type WebhookSender = (request: { url: string; body: string; headers: Readonly<Record<string, string>> }) => Promise<{ ok: boolean; attempts: WebhookDelivery['attempts'] }>;

/** How long delivery logs are kept. */
export const DELIVERY_LOG_TTL_SECONDS = 30 * 86_400;

/**
 * Publishes an integration event: every enabled subscription that wants it gets one signed
 * POST (`X-Signature: t=<s>,v1=<hmac>` as ARCHITECTURE.md says, `Idempotency-Key` = event id),
 * sent through `send` (which retries), and the outcome is written to the delivery log. Never
 * throws for a failed delivery; returns the deliveries made.
 */
export async function publishEvent(ports: Pick<Ports, 'state' | 'clock'>, event: IntegrationEvent, send: WebhookSender): Promise<WebhookDelivery[]> {
  const subscriptions: WebhookSubscription[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.state.list<WebhookSubscription>(WEBHOOK_KIND, { limit: 200, cursor });
    subscriptions.push(...page.items.map((i) => i.value));
    cursor = page.nextCursor;
  } while (cursor);
  const body = eventBody(event);
  const deliveries = await Promise.all(
    subscriptions.filter((s) => wantsEvent(s, event)).map(async (sub) => {
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'observability-platform-integrations/1',
        'idempotency-key': event.id,
        'x-event-type': event.type,
        'x-signature': signWebhook(sub.secret, body, Math.floor(ports.clock.now() / 1000)),
      };
      let outcome: Awaited<ReturnType<WebhookSender>>;
      try {
        outcome = await send({ url: sub.url, body, headers });
      } catch (e) {
        outcome = { ok: false, attempts: [{ at: ports.clock.now(), durationMs: 0, status: 0, ok: false, error: (e as Error).message }] };
      }
      const delivery: WebhookDelivery = { subscriptionId: sub.id, eventId: event.id, eventType: event.type, ok: outcome.ok, attempts: outcome.attempts, deliveredAt: ports.clock.now() };
      await ports.state.put(WEBHOOK_DELIVERY_KIND, deliveryId(sub.id, delivery.deliveredAt, event.id), delivery, { ttlSeconds: DELIVERY_LOG_TTL_SECONDS });
      return delivery;
    }),
  );
  return deliveries;
}

/** The delivery log id: subscription, zero-padded time, event. */
export function deliveryId(subscriptionId: string, at: number, eventId: string): string {
  return `${subscriptionId}:${String(at).padStart(15, '0')}:${eventId}`;
}
