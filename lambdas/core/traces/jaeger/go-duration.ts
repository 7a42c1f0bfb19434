const UNIT_MICROS: Readonly<Record<string, number>> = { ns: 0.001, us: 1, 'µs': 1, 'μs': 1, ms: 1000, s: 1e6, m: 60e6, h: 3600e6 };

/**
 * Parses a Go duration (`1.5s`, `100ms`, `1h2m`, `250us`), as Jaeger's `minDuration` and
 * `maxDuration` take, into microseconds; undefined when it is not one.
 */
export function parseGoDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  if (text === '' || text === '0') return text === '0' ? 0 : undefined;
  let total = 0;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNIT_MICROS[m[2]];
    at = re.lastIndex;
  }
  return at === text.length && at > 0 ? total : undefined;
}
