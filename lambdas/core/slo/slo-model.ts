/** The StateStore kind of SLO definitions. */
export const SLO_KIND = 'slo';

/** A ratio SLI: good events over all events, each a PromQL counter selector or an expression using `$window`. */
export interface RatioSli {
  readonly type: 'ratio';
  /** e.g. `http_requests_total{job="api",code!~"5.."}`, or `sum(rate(x[$window]))`. */
  readonly good: string;
  readonly total: string;
}

/** A latency SLI from a Prometheus histogram: requests faster than the threshold are good. */
export interface LatencySli {
  readonly type: 'latency';
  /** The histogram's base name, e.g. `http_request_duration_seconds`. */
  readonly histogram: string;
  /** Label matchers inside braces without the braces, e.g. `job="api",route="/pay"`. */
  readonly selector?: string;
  /** Must be one of the histogram's `le` bucket bounds, in the histogram's unit. */
  readonly threshold: number;
}

/** Availability from a synthetic check: successful probes over all probes. */
export interface AvailabilitySli {
  readonly type: 'availability';
  readonly checkId: string;
}

/** One of the SLI kinds. */
export type Sli = RatioSli | LatencySli | AvailabilitySli;

/** A rolling window (`28d`, `30d`) or a calendar one. */
export type SloWindow = { readonly type: 'rolling'; readonly days: number } | { readonly type: 'calendar'; readonly unit: 'week' | 'month' | 'quarter' };

/** A service level objective. */
export interface Slo {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly description?: string;
  readonly sli: Sli;
  /** The target share of good events, e.g. 0.999. */
  readonly objective: number;
  readonly window: SloWindow;
  readonly owner?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Average length of a window in hours (calendar months count as 30 days, quarters as 91). */
export function windowHours(w: SloWindow): number {
  if (w.type === 'rolling') return w.days * 24;
  return { week: 7, month: 30, quarter: 91 }[w.unit] * 24;
}
