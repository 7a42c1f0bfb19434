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
 * `ssm:/parameter/name` or `secretsmanager:name`, optionally `secretsmanager:name#field` for
 * one field of a JSON secret (resolved at delivery time; see {@link secretRefRefusal} for
 * which store names a deployment may read).
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
// Secrets Manager names never contain `#`, so it can separate a JSON field name.
const REF = /^(env:[A-Za-z_][A-Za-z0-9_]*|ssm:\/?[A-Za-z0-9_.\-/]+|secretsmanager:[A-Za-z0-9/_+=.@-]+(#[A-Za-z0-9_.@+=/-]+)?)$/;
const REF_FIELDS = ['urlRef', 'secretRef', 'routingKeyRef'] as const;

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
    for (const f of REF_FIELDS) {
      if (r?.[f] !== undefined && (typeof r[f] !== 'string' || !REF.test(r[f] as string))) errors.push({ field: `${at}.${f}`, message: 'must be a reference: env:NAME, ssm:/name or secretsmanager:name[#field]' });
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

/**
 * Which store names `ssm:` and `secretsmanager:` references may use: `any` (local mode, where
 * they read `SECRET_*` variables), only names under a `prefix` (on AWS, what the platform's IAM
 * policy allows: parameters `/<prefix>/...`, secrets `<prefix>/...`), or `none` when the
 * deployment names no prefix (`reason` says so).
 */
export type SecretNameRule =
  | { readonly kind: 'any' }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * Why `rule` refuses a secret reference, or `undefined` when it may be read. `env:` references
 * are never refused here; `secretsmanager:` names are checked without their `#field`.
 */
export function secretRefRefusal(ref: string, rule: SecretNameRule): string | undefined {
  const colon = ref.indexOf(':');
  const scheme = ref.slice(0, colon);
  if ((scheme !== 'ssm' && scheme !== 'secretsmanager') || rule.kind === 'any') return undefined;
  if (rule.kind === 'none') return `${scheme}: references cannot be read here: ${rule.reason}`;
  const name = ref.slice(colon + 1);
  const allowed = scheme === 'ssm' ? `/${rule.prefix}/` : `${rule.prefix}/`;
  const base = scheme === 'ssm' ? name : name.split('#')[0];
  // Exactly the names the IAM policy grants: a strict prefix, no `..` segment to argue about.
  if (base.length > allowed.length && base.startsWith(allowed) && !base.split('/').includes('..')) return undefined;
  return `${scheme}: names must start with ${allowed} (this platform reads only its own ${scheme === 'ssm' ? 'parameters' : 'secrets'})`;
}

/** The receivers' secret references that `rule` refuses, one error per field (malformed ones are left to {@link validateAlertingConfig}). */
export function refusedSecretRefs(input: unknown, rule: SecretNameRule): FieldError[] {
  const receivers = (input as Partial<AlertingConfig> | null)?.receivers;
  if (!Array.isArray(receivers)) return [];
  const errors: FieldError[] = [];
  receivers.forEach((r: Partial<ReceiverDefinition> | null, i) => {
    for (const f of REF_FIELDS) {
      const ref = r?.[f];
      if (typeof ref !== 'string' || !REF.test(ref)) continue;
      const why = secretRefRefusal(ref, rule);
      if (why) errors.push({ field: `receivers[${i}].${f}`, message: why });
    }
  });
  return errors;
}
