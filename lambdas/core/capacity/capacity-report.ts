import { capacityRecommendations, type CapacityRecommendation } from './capacity-recommendations';
import { DEFAULT_PRICES, type CapacityPrices } from './capacity-prices';
import { forecast } from './forecast';
import { headroomSummary, type HeadroomSummary } from './headroom-summary';
import type { ResourceKind, ResourceUsage } from './resource-usage';

/** One resource in the capacity report. */
export interface ResourceCapacity {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly name: string;
  readonly unit: string;
  /** current / capacity (NaN without usage). */
  readonly utilisation: number;
  /** Headroom, trend, forecast peak and exhaustion; undefined when the history is too short to forecast. */
  readonly summary?: HeadroomSummary;
  readonly recommendations: readonly CapacityRecommendation[];
  /** Why there is no summary. */
  readonly note?: string;
}

/** A capacity report (the daily snapshot the `capacity-forecast` job stores). */
export interface CapacityReport {
  /** Unix ms. */
  readonly generatedAt: number;
  /** How far ahead each resource was forecast, ms. */
  readonly horizonMs: number;
  readonly resources: readonly ResourceCapacity[];
  /** Sum of the priced recommendations' monthly cost effects, USD. */
  readonly monthlyCostDelta: number;
}

/** Settings of {@link capacityReport}. */
export interface CapacityReportOptions {
  readonly now: number;
  readonly horizonMs: number;
  readonly prices?: CapacityPrices;
}

/**
 * Forecasts every resource over the horizon (at its own sampling interval) and summarises
 * utilisation, trend, headroom, time to exhaustion and recommendations.
 */
export function capacityReport(resources: readonly ResourceUsage[], options: CapacityReportOptions): CapacityReport {
  const out: ResourceCapacity[] = [];
  let total = 0;
  for (const r of resources) {
    const samples = r.samples.filter((s) => Number.isFinite(s.value));
    const base = { id: r.id, kind: r.kind, name: r.name, unit: r.unit };
    const current = samples.length ? samples[samples.length - 1].value : NaN;
    const utilisation = r.capacity > 0 ? current / r.capacity : NaN;
    if (samples.length < 4) {
      out.push({ ...base, utilisation, recommendations: [], note: `too little history (${samples.length} samples)` });
      continue;
    }
    const interval = (samples[samples.length - 1].timestamp - samples[0].timestamp) / (samples.length - 1);
    const horizon = Math.max(1, Math.min(20_000, Math.ceil(options.horizonMs / interval)));
    const summary = headroomSummary(samples, forecast(samples, { horizon }), r.capacity);
    const recommendations = capacityRecommendations(r, summary, options.prices ?? DEFAULT_PRICES);
    for (const rec of recommendations) total += rec.monthlyCostDelta ?? 0;
    out.push({ ...base, utilisation, summary, recommendations });
  }
  return { generatedAt: options.now, horizonMs: options.horizonMs, resources: out, monthlyCostDelta: Math.round(total * 100) / 100 };
}
