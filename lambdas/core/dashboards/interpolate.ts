import { formatDuration } from '../alerting/duration';

/** The values of a dashboard's variables: one value, or several for a multi-value selection. */
export type VariableValues = Readonly<Record<string, string | readonly string[]>>;

/** The time context of one render, for Grafana's built-in variables. */
export interface RenderContext {
  /** Range length in ms (`$__range`). */
  readonly rangeMs: number;
  /** Query step in ms (`$__interval`). */
  readonly intervalMs: number;
  /** The scrape interval the rate window must cover, in ms (Grafana's default 15 s). */
  readonly scrapeIntervalMs: number;
}

/**
 * Grafana's `$__rate_interval`: at least four scrape intervals, and at least one step plus a
 * scrape interval, so `rate()` always sees two samples.
 */
export function rateIntervalMs(ctx: RenderContext): number {
  return Math.max(ctx.intervalMs + ctx.scrapeIntervalMs, 4 * ctx.scrapeIntervalMs);
}

/**
 * The step for a range: range / maxDataPoints rounded up to a whole second, never below
 * `minIntervalMs` (Grafana's `$__interval`).
 */
export function stepFor(rangeMs: number, maxDataPoints: number, minIntervalMs: number): number {
  return Math.max(minIntervalMs, Math.ceil(rangeMs / maxDataPoints / 1000) * 1000);
}

/**
 * Replaces `$var`, `${var}`, `${var:format}` and `[[var]]` with variable values and the
 * built-ins `$__interval`, `$__interval_ms`, `$__rate_interval`, `$__range`, `$__range_s`,
 * `$__range_ms`. Multi-value selections become a regex alternation `(a|b)` with regex
 * characters escaped, as Grafana's Prometheus data source writes them; `:csv`, `:pipe`,
 * `:regex` and `:raw` formats are honoured. Unknown variables are left as they are.
 */
export function interpolate(text: string, values: VariableValues, ctx: RenderContext): string {
  const builtins: Record<string, string> = {
    __interval: formatDuration(ctx.intervalMs),
    __interval_ms: String(ctx.intervalMs),
    __rate_interval: formatDuration(rateIntervalMs(ctx)),
    __range: formatDuration(ctx.rangeMs),
    __range_s: String(Math.round(ctx.rangeMs / 1000)),
    __range_ms: String(ctx.rangeMs),
  };
  const lookup = (name: string, format?: string): string | undefined => {
    if (name in builtins) return builtins[name];
    const v = values[name];
    if (v === undefined) return undefined;
    return formatValue(v, format);
  };
  return text.replace(/\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)/g, (whole, a, af, b, bf, c) => lookup(a ?? b ?? c, af ?? bf) ?? whole);
}

function formatValue(v: string | readonly string[], format?: string): string {
  const list = typeof v === 'string' ? [v] : [...v];
  switch (format) {
    case 'csv':
      return list.join(',');
    case 'pipe':
      return list.join('|');
    case 'raw':
      return list.join(',');
    case 'regex':
      return list.length === 1 ? escapeRegex(list[0]) : `(${list.map(escapeRegex).join('|')})`;
    default:
      return list.length === 1 ? list[0] : `(${list.map(escapeRegex).join('|')})`;
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&');
}
