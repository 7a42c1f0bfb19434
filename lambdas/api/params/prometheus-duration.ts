import { PlatformError } from '../../core/domain/errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** Parses a Prometheus duration (`30s`, `1h30m`, `250ms`) to milliseconds. */
export function parsePrometheusDuration(text: string, name: string): number {
  if (!DURATION.test(text)) {
    throw new PlatformError('invalid_argument', `${name} must be a duration like 30s, 5m or 1h30m, got ${JSON.stringify(text)}`, [
      { in: 'query', name, value: text },
    ]);
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}
