import type { Ports } from '../../core/ports';
import { computeCapacityReport, storeCapacitySnapshot, type CapacityRunOptions } from '../../api/routes/capacity-snapshot';
import type { JobSummary } from './scheduled-job';

/** One run of the `capacity-forecast` job: computes the capacity report and stores it as the day's snapshot. */
export async function runCapacitySnapshot(ports: Ports, options: CapacityRunOptions = {}): Promise<JobSummary> {
  const report = await computeCapacityReport(ports, options);
  await storeCapacitySnapshot(ports, report);
  return {
    resources: report.resources.length,
    recommendations: report.resources.reduce((n, r) => n + r.recommendations.length, 0),
    exhaustingWithinHorizon: report.resources.filter((r) => r.summary?.exhaustion.at !== undefined).map((r) => r.id),
    monthlyCostDelta: report.monthlyCostDelta,
  };
}
