import { ConflictError } from '../../domain/errors';
import type { StateItem, StateStore } from '../../ports/state-store';
import type { AlertingConfig } from '../delivery/alerting-config';
import { DEFAULT_ALERTING_CONFIG } from '../delivery/alerting-config';
import type { RuleGroupState } from '../evaluation/rule-group-evaluator';
import type { PipelineNotification, PipelineState } from '../notification/notification-types';
import { EMPTY_PIPELINE_STATE } from '../notification/notification-types';

/** StateStore kinds of the alerting capability. */
export const ALERTING_KINDS = {
  rule: 'alert-rule',
  ruleGroup: 'alert-rule-group',
  groupState: 'alert-group-state',
  engine: 'alerting-engine',
  config: 'alerting-config',
  silence: 'alert-silence',
  delivery: 'alert-delivery',
  transition: 'alert-transition',
  ack: 'alert-ack',
  followUp: 'alert-followup',
  incident: 'incident',
  policy: 'escalation-policy',
  schedule: 'oncall-schedule',
} as const;

/** The id of the single engine item and of the single configuration item. */
export const SINGLETON_ID = 'default';

/** A notification waiting for delivery: written with the state that produced it, removed once delivered. */
export interface OutboxEntry {
  /** The notification's idempotency key (unique per group, receiver, content and repeat). */
  readonly id: string;
  readonly notification: PipelineNotification;
  readonly createdAt: number;
}

/** The engine item: the notification pipeline's state and the outbox, written together in one versioned write. */
export interface EngineState {
  readonly pipeline: PipelineState;
  readonly outbox: readonly OutboxEntry[];
}

/** An empty engine. */
export const EMPTY_ENGINE_STATE: EngineState = { pipeline: EMPTY_PIPELINE_STATE, outbox: [] };

/** A rule group's evaluation state as stored. */
export interface StoredGroupState {
  readonly name: string;
  readonly intervalMs: number;
  readonly state: RuleGroupState;
  readonly errors: Readonly<Record<string, string>>;
  /** How long the last evaluation took, ms. */
  readonly evaluationMs: number;
}

/** The record of one notification's delivery: every attempt and the outcome. */
export interface DeliveryRecord {
  readonly id: string;
  readonly receiver: string;
  readonly receiverType: string;
  readonly groupKey: string;
  readonly status: 'firing' | 'resolved';
  readonly dedupKey: string;
  readonly fingerprints: readonly string[];
  readonly attempts: readonly { readonly at: number; readonly durationMs: number; readonly status: number; readonly ok: boolean; readonly error?: string }[];
  readonly deliveredAt?: number;
  /** Set when delivery was given up. */
  readonly failedAt?: number;
}

/** A PagerDuty event to send after a platform action (an ack), delivered by the evaluator, which holds the receivers' secrets. */
export interface FollowUp {
  readonly receiver: string;
  readonly dedupKey: string;
  readonly action: 'acknowledge' | 'resolve';
  readonly createdAt: number;
}

/** Every item of a kind (follows cursors). */
export async function listAll<T>(state: StateStore, kind: string, prefix?: string): Promise<StateItem<T>[]> {
  const out: StateItem<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await state.list<T>(kind, { limit: 1000, cursor, prefix });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The stored alerting configuration, or the default. */
export async function loadAlertingConfig(state: StateStore): Promise<AlertingConfig> {
  return (await state.get<AlertingConfig>(ALERTING_KINDS.config, SINGLETON_ID))?.value ?? DEFAULT_ALERTING_CONFIG;
}

/**
 * Read-modify-write with optimistic concurrency: `change` gets the current value (undefined when
 * absent) and returns the next one, or undefined to write nothing; a conflict re-reads and retries.
 */
export async function updateItem<T>(state: StateStore, kind: string, id: string, change: (current: T | undefined, item: StateItem<T> | undefined) => T | undefined, options: { attempts?: number; ttlSeconds?: number } = {}): Promise<StateItem<T> | undefined> {
  const attempts = options.attempts ?? 8;
  for (let i = 0; ; i++) {
    const item = await state.get<T>(kind, id);
    const next = change(item?.value, item);
    if (next === undefined) return item;
    try {
      return await state.put(kind, id, next, { expectedVersion: item?.version ?? 0, ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}) });
    } catch (e) {
      if (!(e instanceof ConflictError) || i + 1 >= attempts) throw e;
    }
  }
}
