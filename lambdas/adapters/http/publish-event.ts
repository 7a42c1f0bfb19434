import { publishEvent as publishWith } from '../../core/integrations/event-bus';
import type { IntegrationEvent, WebhookDelivery } from '../../core/integrations/integration-event';
import type { Ports } from '../../core/ports';
import { postWithRetries, type RetryOptions } from './http-poster';

/**
 * The event bus other capabilities call: publishes an integration event to every subscribed
 * webhook over HTTPS, retried with exponential backoff (4 attempts by default; 408, 429 and 5xx
 * are retried, `Retry-After` honoured), each outcome in the delivery log. A subscription whose
 * URL or resolved address the outbound policy refuses (`retry.outbound`, by default from
 * `OUTBOUND_PRIVATE_TARGETS`) gets one failed attempt saying why, not retried.
 */
export function publishEvent(ports: Pick<Ports, 'state' | 'clock'>, event: IntegrationEvent, retry: RetryOptions = {}): Promise<WebhookDelivery[]> {
  return publishWith(ports, event, (request) => postWithRetries(request, retry));
}
