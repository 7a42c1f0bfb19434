/** The events external integrations can subscribe to. */
export type IntegrationEventType = 'alert.fired' | 'alert.resolved' | 'slo.breached' | 'deployment.regressed';

/** Every event type, for validation and the API schema. */
export const INTEGRATION_EVENT_TYPES: readonly IntegrationEventType[] = ['alert.fired', 'alert.resolved', 'slo.breached', 'deployment.regressed'];

/** One event as published and as delivered (the webhook body). */
export interface IntegrationEvent {
  readonly type: IntegrationEventType;
  /** Unique per event: receivers deduplicate on it (it is also the `Idempotency-Key`). */
  readonly id: string;
  /** Unix ms. */
  readonly occurredAt: number;
  /** The service concerned, when there is one (subscriptions may filter on it). */
  readonly service?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A webhook subscription as stored (state kind {@link WEBHOOK_KIND}). */
export interface WebhookSubscription {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly events: readonly IntegrationEventType[];
  /** Only events of these services, when set. */
  readonly services?: readonly string[];
  /** The HMAC secret; shown once at creation, never listed. */
  readonly secret: string;
  readonly enabled: boolean;
  /** Unix ms. */
  readonly createdAt: number;
}

/** One recorded delivery of one event to one subscription (state kind {@link WEBHOOK_DELIVERY_KIND}). */
export interface WebhookDelivery {
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: IntegrationEventType;
  readonly ok: boolean;
  readonly attempts: readonly { readonly at: number; readonly durationMs: number; readonly status: number; readonly ok: boolean; readonly error?: string }[];
  /** Unix ms. */
  readonly deliveredAt: number;
}

/** State kind of subscriptions. */
export const WEBHOOK_KIND = 'webhook';
/** State kind of delivery logs (ids `<subscription>:<padded ms>:<event id>`, so a prefix lists one subscription's log in time order). */
export const WEBHOOK_DELIVERY_KIND = 'webhook-delivery';

/** Whether a subscription wants an event. */
export function wantsEvent(sub: WebhookSubscription, event: IntegrationEvent): boolean {
  if (!sub.enabled || !sub.events.includes(event.type)) return false;
  return !sub.services || (event.service !== undefined && sub.services.includes(event.service));
}

/** The JSON body delivered for an event. */
export function eventBody(event: IntegrationEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, occurredAt: new Date(event.occurredAt).toISOString(), ...(event.service && { service: event.service }), data: event.data });
}
