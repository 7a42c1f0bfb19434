/** Wall-clock fields of an instant in a time zone. `month` is 1-12, `weekday` 0 (Sunday) to 6. */
export interface ZonedParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows the IANA time zone name (e.g. `Europe/Berlin`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `ms` (Unix milliseconds) in `timeZone`, through Intl so DST rules come from the runtime's tz data. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour) % 24,
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS.indexOf(out.weekday),
  };
}

/** Wall-clock time as if it were UTC: handy for counting local days and hours across DST changes. */
export function wallClockMs(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((ms % 1000) + 1000) % 1000);
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. A time skipped
 * by a DST jump maps to the instant just after the jump; a repeated time to its first occurrence.
 */
export function zonedTimeToUtc(local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number }, timeZone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
  const offset1 = wallClockMs(wall, timeZone) - wall;
  let candidate = wall - offset1;
  const offset2 = wallClockMs(candidate, timeZone) - candidate;
  if (offset2 !== offset1) {
    const alt = wall - offset2;
    // Of the two readings keep the one whose wall clock matches, or the later one inside a gap.
    candidate = wallClockMs(alt, timeZone) === wall ? alt : Math.max(candidate, alt);
  }
  // In a repeated hour prefer the earlier instant.
  const earlier = candidate - 3_600_000;
  if (wallClockMs(earlier, timeZone) === wall) candidate = earlier;
  return candidate;
}
