import { PlatformError } from '../../domain/errors';
import { whoIsOnCall, type OnCallSchedule } from './oncall-schedule';

/** Whom a level pages: a person, or whoever a schedule says is on call at that moment. */
export interface EscalationTarget {
  readonly type: 'user' | 'schedule';
  readonly id: string;
}

/** One level: its targets, and how long to wait for an acknowledgement before the next level. */
export interface EscalationLevel {
  readonly targets: readonly EscalationTarget[];
  readonly timeoutMinutes: number;
}

/** An escalation policy: levels in order, run again `repeat` more times if nobody acknowledges. */
export interface EscalationPolicy {
  readonly id: string;
  readonly levels: readonly EscalationLevel[];
  /** @default 0 */
  readonly repeat?: number;
}

/** Where an incident is in its policy. Plain JSON; times in Unix ms. */
export interface EscalationState {
  readonly incidentId: string;
  readonly triggeredAt: number;
  readonly acknowledgedAt?: number;
  readonly resolvedAt?: number;
  /** Index of the last level paged; -1 before the first page. */
  readonly level: number;
  /** 0 for the first run through the levels, 1 for the first repeat... */
  readonly cycle: number;
  /** When the last level was paged (its scheduled time). */
  readonly lastPagedAt?: number;
  /** True once every level of every cycle has been paged. */
  readonly exhausted: boolean;
}

/** One page to send. `level` is 1-based, as people count them. */
export interface EscalationPage {
  readonly incidentId: string;
  readonly level: number;
  readonly cycle: number;
  readonly target: EscalationTarget;
  /** The person paged; absent when a schedule has nobody on call. */
  readonly user?: string;
  readonly at: number;
}

/** A fresh escalation for an incident triggered at `triggeredAt`. */
export function startEscalation(incidentId: string, triggeredAt: number): EscalationState {
  return { incidentId, triggeredAt, level: -1, cycle: 0, exhausted: false };
}

/** Records an acknowledgement (the first one counts). */
export function acknowledge(state: EscalationState, at: number): EscalationState {
  return state.acknowledgedAt !== undefined ? state : { ...state, acknowledgedAt: at };
}

/** Records the resolution (the first one counts). */
export function resolveEscalation(state: EscalationState, at: number): EscalationState {
  return state.resolvedAt !== undefined ? state : { ...state, resolvedAt: at };
}

/**
 * Steps an incident through its policy up to `now`: level 1 is paged at the trigger, each next
 * level when the previous level's timeout passes without acknowledgement, then the levels again
 * `repeat` times. An acknowledgement or resolution at or before a page's due time stops it.
 * Pages missed between calls are all returned with their due times, so calling every minute or
 * once an hour gives the same pages.
 */
export function escalate(state: EscalationState, policy: EscalationPolicy, now: number, schedules: Readonly<Record<string, OnCallSchedule>> = {}): { state: EscalationState; pages: EscalationPage[] } {
  if (policy.levels.length === 0) throw new PlatformError('invalid_argument', `escalation policy ${policy.id} has no levels`);
  const pages: EscalationPage[] = [];
  let s = state;
  const stopAt = Math.min(s.acknowledgedAt ?? Infinity, s.resolvedAt ?? Infinity);
  for (let guard = 0; guard < 10_000 && !s.exhausted; guard++) {
    const next = nextStep(s, policy);
    if (!next) {
      s = { ...s, exhausted: true };
      break;
    }
    if (next.due > now || stopAt <= next.due) break;
    for (const target of policy.levels[next.level].targets) {
      const user = target.type === 'user' ? target.id : schedules[target.id] ? whoIsOnCall(schedules[target.id], next.due).user : undefined;
      pages.push({ incidentId: s.incidentId, level: next.level + 1, cycle: next.cycle, target, ...(user ? { user } : {}), at: next.due });
    }
    s = { ...s, level: next.level, cycle: next.cycle, lastPagedAt: next.due };
  }
  return { state: s, pages };
}

function nextStep(s: EscalationState, policy: EscalationPolicy): { level: number; cycle: number; due: number } | undefined {
  if (s.level < 0) return { level: 0, cycle: 0, due: s.triggeredAt };
  const due = (s.lastPagedAt ?? s.triggeredAt) + policy.levels[s.level].timeoutMinutes * 60_000;
  if (s.level + 1 < policy.levels.length) return { level: s.level + 1, cycle: s.cycle, due };
  if (s.cycle < (policy.repeat ?? 0)) return { level: 0, cycle: s.cycle + 1, due };
  return undefined;
}
