import { PlatformError } from '../../domain/errors';
import { isValidTimeZone, wallClockMs, zonedParts, zonedTimeToUtc } from '../time-zone';

/** How a layer rotates: every local day, every local week, or every `lengthHours` of elapsed time. */
export interface Rotation {
  readonly type: 'daily' | 'weekly' | 'custom';
  /** Only for `custom`. */
  readonly lengthHours?: number;
}

/** When a layer applies (outside it, lower layers answer): local weekdays (0 = Sunday) and a local `HH:MM` window. */
export interface LayerRestriction {
  readonly weekdays?: readonly number[];
  readonly startTime?: string;
  readonly endTime?: string;
}

/** One rotation of people. */
export interface ScheduleLayer {
  readonly name: string;
  readonly participants: readonly string[];
  readonly rotation: Rotation;
  /** Local wall-clock time of the first handoff, `YYYY-MM-DDTHH:MM`, in the schedule's time zone; later handoffs keep this time of day. */
  readonly start: string;
  readonly restriction?: LayerRestriction;
}

/** Someone covering a stretch of time instead of the layers. Unix ms, end exclusive. */
export interface ScheduleOverride {
  readonly user: string;
  readonly start: number;
  readonly end: number;
}

/** An on-call schedule: layers (later ones take precedence) and overrides (above all layers). */
export interface OnCallSchedule {
  readonly id: string;
  readonly timeZone: string;
  readonly layers: readonly ScheduleLayer[];
  readonly overrides?: readonly ScheduleOverride[];
}

/** Who is on call, from where, and the shift's bounds (Unix ms) when a layer answers. */
export interface OnCallAnswer {
  readonly user?: string;
  readonly source: 'override' | 'layer' | 'none';
  readonly layer?: string;
  readonly shiftStart?: number;
  readonly shiftEnd?: number;
}

const DAY = 86_400_000;

/**
 * Who is on call at `at` (Unix ms): an override if one covers the time, otherwise the highest
 * layer whose restriction allows the time. Daily and weekly rotations hand off at the same local
 * time every day or week, so a handoff at 09:00 stays at 09:00 across DST changes; custom
 * rotations run on elapsed hours.
 */
export function whoIsOnCall(schedule: OnCallSchedule, at: number): OnCallAnswer {
  if (!isValidTimeZone(schedule.timeZone)) throw new PlatformError('invalid_argument', `unknown time zone "${schedule.timeZone}"`);
  const override = (schedule.overrides ?? []).filter((o) => at >= o.start && at < o.end).pop();
  if (override) return { user: override.user, source: 'override', shiftStart: override.start, shiftEnd: override.end };
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const layer = schedule.layers[i];
    if (layer.participants.length === 0 || !allowed(layer.restriction, at, schedule.timeZone)) continue;
    const shift = shiftAt(layer, at, schedule.timeZone);
    if (!shift) continue;
    return { user: layer.participants[mod(shift.index, layer.participants.length)], source: 'layer', layer: layer.name, shiftStart: shift.start, shiftEnd: shift.end };
  }
  return { source: 'none' };
}

function shiftAt(layer: ScheduleLayer, at: number, tz: string): { index: number; start: number; end: number } | undefined {
  const local = parseLocal(layer.start);
  const startUtc = zonedTimeToUtc(local, tz);
  if (at < startUtc) return undefined;
  if (layer.rotation.type === 'custom') {
    const len = (layer.rotation.lengthHours ?? 0) * 3_600_000;
    if (!(len > 0)) throw new PlatformError('invalid_argument', `layer ${layer.name}: a custom rotation needs lengthHours > 0`);
    const index = Math.floor((at - startUtc) / len);
    return { index, start: startUtc + index * len, end: startUtc + (index + 1) * len };
  }
  const days = layer.rotation.type === 'daily' ? 1 : 7;
  // Count whole local periods on the wall clock, so DST shifts do not move the handoff time.
  const wallStart = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const index = Math.floor((wallClockMs(at, tz) - wallStart) / (days * DAY));
  const boundary = (k: number) => {
    const d = new Date(wallStart + k * days * DAY);
    return zonedTimeToUtc({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: local.hour, minute: local.minute }, tz);
  };
  return { index, start: boundary(index), end: boundary(index + 1) };
}

function allowed(r: LayerRestriction | undefined, at: number, tz: string): boolean {
  if (!r) return true;
  const p = zonedParts(at, tz);
  if (r.weekdays && !r.weekdays.includes(p.weekday)) return false;
  const m = p.hour * 60 + p.minute;
  const from = r.startTime ? hm(r.startTime) : 0;
  const to = r.endTime ? hm(r.endTime) : 24 * 60;
  // A window like 18:00-08:00 wraps past midnight.
  return from <= to ? m >= from && m < to : m >= from || m < to;
}

function parseLocal(s: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(s);
  if (!m) throw new PlatformError('invalid_argument', `bad local time "${s}" (use YYYY-MM-DDTHH:MM)`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0) };
}

function hm(s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new PlatformError('invalid_argument', `bad time "${s}" (use HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
