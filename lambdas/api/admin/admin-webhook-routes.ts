import { randomBytes, randomUUID } from 'node:crypto';
import { outboundTarget } from '../../core/access/outbound-target';
import { PlatformError } from '../../core/domain/errors';
import { WEBHOOK_DELIVERY_KIND, WEBHOOK_KIND, type IntegrationEvent, type WebhookDelivery, type WebhookSubscription } from '../../core/integrations/integration-event';
import type { StateItem, StateStore } from '../../core/ports';
import { outboundPolicyFromEnv } from '../../adapters/http/http-poster';
import { publishEvent } from '../../adapters/http/publish-event';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';

type WebhookInput = Pick<WebhookSubscription, 'name' | 'url' | 'events' | 'services'> & { enabled?: boolean };

const view = (item: StateItem<WebhookSubscription>) => {
  const { secret: _secret, ...rest } = item.value;
  return { ...rest, createdAt: formatMillis(rest.createdAt), version: item.version };
};

/**
 * `/monitoring/admin/webhooks`: subscriptions of external integrations to platform events
 * (alert fired/resolved, SLO breached, deployment regressed), their delivery logs, and a
 * test publisher. The signing secret is generated here and shown once.
 */
export const adminWebhookRoutes: Readonly<Record<string, RouteHandler>> = {
  async listWebhooks({ ports, params }) {
    const page = await ports.state.list<WebhookSubscription>(WEBHOOK_KIND, { limit: (params.limit as number | undefined) ?? 100, cursor: params.cursor as string | undefined });
    return jsonResponse(200, { items: page.items.map(view), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async createWebhook({ ports, body }) {
    const input = checkedInput(body);
    const sub: WebhookSubscription = { id: randomUUID().slice(0, 8), name: input.name, url: input.url, events: input.events, ...(input.services && { services: input.services }), enabled: input.enabled ?? true, secret: randomBytes(32).toString('hex'), createdAt: ports.clock.now() };
    const item = await ports.state.put(WEBHOOK_KIND, sub.id, sub, { expectedVersion: 0 });
    return jsonResponse(201, { ...view(item), secret: sub.secret }, { location: `/monitoring/admin/webhooks/${sub.id}` });
  },
  async getWebhook({ ports, params }) {
    return jsonResponse(200, view(await found(ports.state, params.id as string)));
  },
  async updateWebhook({ ports, params, body }) {
    const input = checkedInput(body);
    const old = await found(ports.state, params.id as string);
    const sub: WebhookSubscription = { ...old.value, name: input.name, url: input.url, events: input.events, services: input.services, enabled: input.enabled ?? old.value.enabled };
    return jsonResponse(200, view(await ports.state.put(WEBHOOK_KIND, sub.id, sub, { expectedVersion: old.version })));
  },
  async deleteWebhook({ ports, params }) {
    if (!(await ports.state.delete(WEBHOOK_KIND, params.id as string))) throw notFound(params.id as string);
    return { statusCode: 204 };
  },
  async listWebhookDeliveries({ ports, params }) {
    const id = params.id as string;
    await found(ports.state, id);
    const page = await ports.state.list<WebhookDelivery>(WEBHOOK_DELIVERY_KIND, { prefix: `${id}:`, limit: (params.limit as number | undefined) ?? 100, cursor: params.cursor as string | undefined });
    const items = page.items.map((i) => ({ ...i.value, deliveredAt: formatMillis(i.value.deliveredAt), attempts: i.value.attempts.map((a) => ({ ...a, at: formatMillis(a.at) })) }));
    return jsonResponse(200, { items, ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async publishTestEvent({ ports, body }) {
    const input = body as { type: IntegrationEvent['type']; service?: string; data?: Record<string, unknown> };
    const event: IntegrationEvent = { type: input.type, id: randomUUID(), occurredAt: ports.clock.now(), ...(input.service && { service: input.service }), data: { test: true, ...(input.data ?? {}) } };
    const deliveries = await publishEvent(ports, event, { attempts: 2, baseDelayMs: 200, timeoutMs: 5000 });
    return jsonResponse(202, { eventId: event.id, deliveries: deliveries.map((d) => ({ subscriptionId: d.subscriptionId, ok: d.ok, attempts: d.attempts.length })) });
  },
};

// The delivery guard refuses these targets anyway; refusing them here tells the admin at once.
function checkedInput(body: unknown): WebhookInput {
  const input = body as WebhookInput;
  const verdict = outboundTarget(input.url, outboundPolicyFromEnv());
  if (!verdict.ok) throw new PlatformError('invalid_argument', `url refused: ${verdict.reason}`, [{ field: 'url', message: verdict.reason }]);
  return input;
}

async function found(state: StateStore, id: string): Promise<StateItem<WebhookSubscription>> {
  const item = await state.get<WebhookSubscription>(WEBHOOK_KIND, id);
  if (!item) throw notFound(id);
  return item;
}

function notFound(id: string): PlatformError {
  return new PlatformError('not_found', `webhook ${id} does not exist`, [{ id }]);
}
