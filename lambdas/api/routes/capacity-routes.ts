import type { CapacityReport } from '../../core/capacity/capacity-report';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { getCapacityForecast } from './capacity-forecast-route';
import { CAPACITY_SNAPSHOT_KIND, computeCapacityReport, storeCapacitySnapshot } from './capacity-snapshot';

const time = (ms: number | null | undefined): string | null => (typeof ms === 'number' && Number.isFinite(ms) ? formatMillis(ms) : null);
const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A report (fresh or read back from JSON, where NaN became null) as the API answers it: RFC 3339 times, no NaN. */
export function presentCapacityReport(report: CapacityReport, source: 'snapshot' | 'live') {
  return {
    generatedAt: time(report.generatedAt),
    source,
    horizonDays: report.horizonMs / 86_400_000,
    monthlyCostDelta: report.monthlyCostDelta,
    items: report.resources.map((r) => {
      const s = r.summary;
      return {
        id: r.id,
        kind: r.kind,
        name: r.name,
        unit: r.unit,
        utilisation: num(r.utilisation),
        ...(s && {
          current: num(s.current),
          capacity: s.capacity,
          headroom: num(s.headroom),
          headroomRatio: num(s.headroomRatio),
          trend: s.trend,
          trendPerDay: num(s.trendPerDay),
          forecastPeak: s.peak ? { timestamp: time(s.peak.timestamp), value: num(s.peak.value) } : null,
          exhaustion: { at: time(s.exhaustion.at), earliest: time(s.exhaustion.earliest), latest: time(s.exhaustion.latest) },
          model: s.model,
          backtestSmape: num(s.backtestSmape),
        }),
        recommendations: r.recommendations,
        ...(r.note && { note: r.note }),
      };
    }),
  };
}

/**
 * Capacity operations: the per-resource report (the latest daily snapshot of the
 * `capacity-forecast` job; computed live, and stored, when there is none or `live=true`) and
 * the PromQL forecast.
 */
export const capacityRoutes: Readonly<Record<string, RouteHandler>> = {
  async getCapacity({ ports, params }) {
    if (params.live !== true) {
      const latest = await ports.state.get<CapacityReport>(CAPACITY_SNAPSHOT_KIND, 'latest');
      if (latest) return jsonResponse(200, presentCapacityReport(latest.value, 'snapshot'));
    }
    const report = await computeCapacityReport(ports);
    await storeCapacitySnapshot(ports, report);
    return jsonResponse(200, presentCapacityReport(report, 'live'));
  },
  getCapacityForecast,
};
