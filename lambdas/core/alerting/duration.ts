import { PlatformError } from '../domain/errors';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const PART = /(\d+)(ms|s|m|h|d|w|y)/y;

/**
 * Parses a Prometheus duration (`30s`, `1h30m`, `0m`, `1w`) into milliseconds.
 * Throws a PlatformError (`invalid_argument`) on anything else, as Prometheus' rule loader does.
 */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  if (s === '') throw new PlatformError('invalid_argument', 'empty duration');
  PART.lastIndex = 0;
  let total = 0;
  let lastUnit = Infinity;
  while (PART.lastIndex < s.length) {
    const start = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== start) throw new PlatformError('invalid_argument', `not a valid duration: "${text}"`);
    const unit = UNIT_MS[m[2]];
    // Units must go from largest to smallest, each at most once (`1h30m`, not `30m1h`).
    if (unit >= lastUnit) throw new PlatformError('invalid_argument', `not a valid duration: "${text}"`);
    lastUnit = unit;
    total += Number(m[1]) * unit;
  }
  return total;
}

/** Formats milliseconds the way Prometheus prints durations (`1h30m`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['y', UNIT_MS.y], ['w', UNIT_MS.w], ['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m], ['s', UNIT_MS.s], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
