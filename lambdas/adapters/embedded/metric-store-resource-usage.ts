import type { CapacityConfig } from '../../core/capacity/capacity-config';
import { promNameOf, resourceMetricSpecs, snake, type ResourceMetricSpec } from '../../core/capacity/resource-metric-specs';
import type { ResourceUsage, ResourceUsageSource } from '../../core/capacity/resource-usage';
import type { Sample, TimeRange } from '../../core/domain/series';
import type { MetricStore } from '../../core/ports/metric-store';

/**
 * Resource usage from the platform's own series: the copies of the CloudWatch metrics in the
 * MetricStore under their exporter names (`aws_lambda_concurrent_executions_maximum{function_name="api"}`,
 * see {@link promNameOf}), bucketed to the step with the spec's statistic. Sums per bucket become
 * per-second rates like CloudWatch's.
 */
export class MetricStoreResourceUsage implements ResourceUsageSource {
  constructor(
    private readonly metrics: Pick<MetricStore, 'select'>,
    private readonly config: CapacityConfig,
  ) {}

  async usage(range: TimeRange, stepMs: number): Promise<ResourceUsage[]> {
    const specs = resourceMetricSpecs(this.config);
    return Promise.all(
      specs.map(async (spec) => {
        const matchers = [{ name: '__name__', op: '=' as const, value: promNameOf(spec) }, ...Object.entries(spec.dimensions).map(([k, v]) => ({ name: snake(k), op: '=' as const, value: v }))];
        const series = await this.metrics.select({ matchers, range, limit: 1 });
        const samples = bucket(series[0]?.samples ?? [], stepMs, spec);
        return { id: spec.id, kind: spec.kind, name: spec.name, unit: spec.unit, capacity: spec.capacity, samples, ...(spec.attributes && { attributes: spec.attributes }) };
      }),
    );
  }
}

function bucket(samples: readonly Sample[], stepMs: number, spec: ResourceMetricSpec): Sample[] {
  const out: Sample[] = [];
  let key = NaN;
  let acc: number[] = [];
  const flush = () => {
    if (!acc.length) return;
    let v: number;
    if (spec.stat === 'Maximum' || spec.stat === 'p95') v = Math.max(...acc);
    else if (spec.stat === 'Average') v = acc.reduce((a, b) => a + b, 0) / acc.length;
    else if (spec.stat === 'SampleCount') v = acc.length;
    else v = acc.reduce((a, b) => a + b, 0);
    out.push({ timestamp: key, value: spec.perSecond ? v / (stepMs / 1000) : v });
  };
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    const k = Math.floor(s.timestamp / stepMs) * stepMs;
    if (k !== key) {
      flush();
      key = k;
      acc = [];
    }
    acc.push(s.value);
  }
  flush();
  return out;
}
