import type { Labels } from '../../domain/series';
import type { Silence } from './silences';

/** An alert as the pipeline receives it (from the rule evaluator or Alertmanager's API). Times in Unix ms. */
export interface IncomingAlert {
  readonly labels: Labels;
  readonly annotations?: Labels;
  readonly startsAt: number;
  /** When absent the alert ends `resolve_timeout` after it was received, unless resent. */
  readonly endsAt?: number;
  readonly generatorURL?: string;
}

/** An alert the pipeline holds. */
export interface StoredAlert {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL?: string;
  readonly updatedAt: number;
}

/** An aggregation group: alerts of one route that share the group-by labels, and its timer. */
export interface GroupState {
  readonly key: string;
  readonly routeId: string;
  readonly receiver: string;
  readonly labels: Labels;
  readonly fingerprints: readonly string[];
  readonly nextFlushAt: number;
  readonly hasFlushed: boolean;
}

/** What was last sent for a group to a receiver: the notification log Alertmanager dedups with. */
export interface NotificationLogEntry {
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
  readonly at: number;
  /** How many times in a row this same content was re-sent by `repeat_interval`. */
  readonly repeats: number;
}

/** The whole state of the pipeline, plain JSON for a StateStore. */
export interface PipelineState {
  readonly alerts: Readonly<Record<string, StoredAlert>>;
  readonly groups: Readonly<Record<string, GroupState>>;
  readonly nflog: Readonly<Record<string, NotificationLogEntry>>;
  readonly silences: readonly Silence[];
}

/** A pipeline with nothing in it. */
export const EMPTY_PIPELINE_STATE: PipelineState = { alerts: {}, groups: {}, nflog: {}, silences: [] };

/** One alert inside a notification. */
export interface NotifiedAlert {
  readonly fingerprint: string;
  readonly status: 'firing' | 'resolved';
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL?: string;
}

/** A notification due to a receiver: one group's alerts, with keys receivers use to stay idempotent. */
export interface PipelineNotification {
  readonly receiver: string;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  readonly status: 'firing' | 'resolved';
  readonly alerts: readonly NotifiedAlert[];
  /** Same for the same group content (and repeat count): a receiver drops a second delivery with it. */
  readonly idempotencyKey: string;
  /** Same for the whole life of the group at this receiver (PagerDuty's `dedup_key`). */
  readonly dedupKey: string;
  readonly at: number;
}
