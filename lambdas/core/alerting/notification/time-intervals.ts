import { PlatformError } from '../../domain/errors';
import { isValidTimeZone, zonedParts } from '../time-zone';

/** One Alertmanager time interval: every listed field must match (absent fields match all). */
export interface TimeIntervalSpec {
  /** `HH:MM` ranges; start inclusive, end exclusive, `24:00` allowed as an end. */
  readonly times?: readonly { readonly start_time: string; readonly end_time: string }[];
  /** `monday`, `monday:friday`. */
  readonly weekdays?: readonly string[];
  /** `1`, `1:5`, `-1` (the last day), `-3:-1`. */
  readonly days_of_month?: readonly string[];
  /** `january`, `1:3`, `november:december`. */
  readonly months?: readonly string[];
  /** `2024`, `2024:2026`. */
  readonly years?: readonly string[];
  /** IANA time zone the fields are read in; UTC by default. */
  readonly location?: string;
}

/** A named list of intervals: the time is in the named interval when it is in any of them. */
export interface NamedTimeInterval {
  readonly name: string;
  readonly time_intervals: readonly TimeIntervalSpec[];
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function minutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && Number(m[2]) !== 0)) {
    throw new PlatformError('invalid_argument', `bad time "${hhmm}" (use HH:MM)`);
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

function ranges(items: readonly string[], parse: (s: string) => number): [number, number][] {
  return items.map((item) => {
    const [a, b] = item.split(':');
    return [parse(a.trim()), parse((b ?? a).trim())];
  });
}

function named(list: readonly string[], kind: string, base: number) {
  return (s: string): number => {
    const i = list.indexOf(s.toLowerCase());
    if (i >= 0) return i + base;
    const n = Number(s);
    if (Number.isInteger(n) && n >= base && n < list.length + base) return n;
    throw new PlatformError('invalid_argument', `bad ${kind} "${s}"`);
  };
}

/** Whether `now` (Unix ms) falls in the interval. */
export function inTimeInterval(spec: TimeIntervalSpec, now: number): boolean {
  const tz = spec.location ?? 'UTC';
  if (!isValidTimeZone(tz)) throw new PlatformError('invalid_argument', `unknown time zone "${tz}"`);
  const p = zonedParts(now, tz);
  if (spec.times && spec.times.length > 0) {
    const m = p.hour * 60 + p.minute;
    if (!spec.times.some((t) => m >= minutes(t.start_time) && m < minutes(t.end_time))) return false;
  }
  if (spec.weekdays && spec.weekdays.length > 0) {
    const day = p.weekday;
    if (!ranges(spec.weekdays, named(DAYS, 'weekday', 0)).some(([a, b]) => day >= a && day <= b)) return false;
  }
  if (spec.days_of_month && spec.days_of_month.length > 0) {
    const last = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
    const abs = (n: number) => (n < 0 ? last + n + 1 : n);
    const parsed = ranges(spec.days_of_month, (s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n === 0 || n < -31 || n > 31) throw new PlatformError('invalid_argument', `bad day of month "${s}"`);
      return n;
    });
    if (!parsed.some(([a, b]) => p.day >= abs(a) && p.day <= abs(b))) return false;
  }
  if (spec.months && spec.months.length > 0) {
    if (!ranges(spec.months, named(MONTHS, 'month', 1)).some(([a, b]) => p.month >= a && p.month <= b)) return false;
  }
  if (spec.years && spec.years.length > 0) {
    if (!ranges(spec.years, Number).some(([a, b]) => p.year >= a && p.year <= b)) return false;
  }
  return true;
}

/** Whether `now` is in the named interval (any of its specs). Unknown names throw. */
export function inNamedInterval(intervals: ReadonlyMap<string, NamedTimeInterval>, name: string, now: number): boolean {
  const ti = intervals.get(name);
  if (!ti) throw new PlatformError('invalid_argument', `unknown time interval "${name}"`);
  return ti.time_intervals.some((s) => inTimeInterval(s, now));
}
