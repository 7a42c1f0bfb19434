import { outboundTarget, type OutboundPolicy } from '../../access/outbound-target';
import type { InhibitRuleConfig } from '../notification/inhibition';
import { NotificationPipeline, type PipelineConfig } from '../notification/notification-pipeline';
import type { RouteConfig } from '../notification/route';
import type { NamedTimeInterval } from '../notification/time-intervals';
import type { FieldError } from '../rules/rule';

/** Kinds of receiver the platform delivers to. */
export type ReceiverType = 'sns' | 'slack' | 'pagerduty' | 'teams' | 'alertmanager' | 'webhook';

/**
 * A receiver. Secrets are references, never values: `env:NAME` (an environment variable),
 * `ssm:/parameter/name` or `secretsmanager:name` (resolved at delivery time).
 */
export interface ReceiverDefinition {
  readonly name: string;
  readonly type: ReceiverType;
  /** Target URL for HTTP receivers (Alertmanager: its base URL; PagerDuty defaults to the public Events API). */
  readonly url?: string;
  /** A reference to the URL instead (Slack and Teams webhook URLs are secrets). */
  readonly urlRef?: string;
  /** The HMAC secret for `X-Signature` on webhooks. */
  readonly secretRef?: string;
  /** PagerDuty's integration (routing) key. */
  readonly routingKeyRef?: string;
  /** SNS: the topic severity to publish on; default the alerts' common severity. */
  readonly severity?: 'critical' | 'warning' | 'info';
  /** @default true */
  readonly send_resolved?: boolean;
  /** Webhook: at most this many alerts per message (0: all). */
  readonly max_alerts?: number;
}

/** The alerting configuration kept in the StateStore: Alertmanager's shape with typed receivers. */
export interface AlertingConfig {
  readonly route: RouteConfig;
  readonly receivers: readonly ReceiverDefinition[];
  readonly inhibit_rules?: readonly InhibitRuleConfig[];
  readonly time_intervals?: readonly NamedTimeInterval[];
  readonly resolve_timeout?: string;
  /** Link put in notifications (`externalURL`, PagerDuty `client_url`). */
  readonly externalURL?: string;
  /** The escalation policy of incidents whose alerts name none (label `escalation_policy`). */
  readonly defaultEscalationPolicy?: string;
  /** Correlation window for incidents. @default '10m' */
  readonly correlationWindow?: string;
}

/**
 * What runs when nobody configured anything: everything to the SNS topics (email, SMS),
 * grouped by alert name and service, with Alertmanager's timers except `group_wait`: 5 s instead
 * of 30 s, so a first notification fits the platform's 30-second trigger-to-delivery budget.
 */
export const DEFAULT_ALERTING_CONFIG: AlertingConfig = {
  route: { receiver: 'default', group_by: ['alertname', 'service'], group_wait: '5s', group_interval: '5m', repeat_interval: '4h' },
  receivers: [{ name: 'default', type: 'sns' }],
};

const TYPES: readonly ReceiverType[] = ['sns', 'slack', 'pagerduty', 'teams', 'alertmanager', 'webhook'];
const REF = /^(env:[A-Za-z_][A-Za-z0-9_]*|ssm:\/?[A-Za-z0-9_.\-/]+|secretsmanager:[A-Za-z0-9/_+=.@-]+)$/;

/** The pipeline's view of a configuration. */
export function pipelineConfig(config: AlertingConfig): PipelineConfig {
  return {
    route: config.route,
    receivers: config.receivers.map((r) => ({ name: r.name, send_resolved: r.send_resolved })),
    inhibit_rules: config.inhibit_rules,
    time_intervals: config.time_intervals,
    resolve_timeout: config.resolve_timeout,
  };
}

/** Checks a configuration field by field: receivers (type, URL or reference, secret references) and the routing tree. */
export function validateAlertingConfig(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ field: '(config)', message: 'must be an object' }];
  const c = input as Partial<AlertingConfig>;
  if (!Array.isArray(c.receivers) || c.receivers.length === 0) errors.push({ field: 'receivers', message: 'at least one receiver is required' });
  const names = new Set<string>();
  (Array.isArray(c.receivers) ? c.receivers : []).forEach((r: Partial<ReceiverDefinition>, i) => {
    const at = `receivers[${i}]`;
    if (typeof r?.name !== 'string' || r.name === '') errors.push({ field: `${at}.name`, message: 'must be a non-empty string' });
    else if (names.has(r.name)) errors.push({ field: `${at}.name`, message: `duplicate receiver "${r.name}"` });
    else names.add(r.name);
    if (!TYPES.includes(r?.type as ReceiverType)) errors.push({ field: `${at}.type`, message: `must be one of ${TYPES.join(', ')}` });
    for (const f of ['urlRef', 'secretRef', 'routingKeyRef'] as const) {
      if (r?.[f] !== undefined && (typeof r[f] !== 'string' || !REF.test(r[f] as string))) errors.push({ field: `${at}.${f}`, message: 'must be a reference: env:NAME, ssm:/name or secretsmanager:name' });
    }
    if (r?.url !== undefined && (typeof r.url !== 'string' || !/^https?:\/\//.test(r.url))) errors.push({ field: `${at}.url`, message: 'must be an http(s) URL' });
    const needsUrl = r?.type === 'slack' || r?.type === 'teams' || r?.type === 'webhook' || r?.type === 'alertmanager';
    if (needsUrl && r.url === undefined && r.urlRef === undefined) errors.push({ field: `${at}.url`, message: `a ${r.type} receiver needs url or urlRef` });
    if (r?.type === 'pagerduty' && r.routingKeyRef === undefined) errors.push({ field: `${at}.routingKeyRef`, message: 'a pagerduty receiver needs routingKeyRef' });
  });
  if (typeof c.route !== 'object' || c.route === null) errors.push({ field: 'route', message: 'a root route is required' });
  if (errors.length === 0) {
    try {
      new NotificationPipeline(pipelineConfig(c as AlertingConfig));
    } catch (e) {
      errors.push({ field: 'route', message: (e as Error).message });
    }
  }
  return errors;
}

/**
 * Receiver URLs the outbound policy refuses (link-local and metadata always; loopback and
 * private addresses unless allowed; credentials in the URL), one error per receiver. URLs by
 * reference (`urlRef`) are only known at delivery time, where the sender checks them.
 * Malformed entries are left to {@link validateAlertingConfig}.
 */
export function refusedReceiverUrls(input: unknown, policy: OutboundPolicy): FieldError[] {
  const receivers = (input as Partial<AlertingConfig> | null)?.receivers;
  if (!Array.isArray(receivers)) return [];
  const errors: FieldError[] = [];
  receivers.forEach((r: Partial<ReceiverDefinition> | null, i) => {
    if (typeof r?.url !== 'string' || !/^https?:\/\//.test(r.url)) return;
    const verdict = outboundTarget(r.url, policy);
    if (!verdict.ok) errors.push({ field: `receivers[${i}].url`, message: verdict.reason });
  });
  return errors;
}
