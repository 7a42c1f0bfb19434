import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { CapacityConfig } from '../../core/capacity/capacity-config';
import { resourceMetricSpecs, type ResourceMetricSpec } from '../../core/capacity/resource-metric-specs';
import type { ResourceUsage, ResourceUsageSource } from '../../core/capacity/resource-usage';
import type { Sample, TimeRange } from '../../core/domain/series';

/** GetMetricData takes at most 500 queries per request. */
const QUERIES_PER_CALL = 500;

/** Settings of {@link CloudWatchResourceUsage}. */
export interface CloudWatchResourceUsageOptions {
  readonly client: Pick<CloudWatchClient, 'send'>;
  readonly config: CapacityConfig;
}

/**
 * Resource usage from CloudWatch: one `GetMetricData` query per resource metric (Lambda
 * concurrency, p95 duration and Insights memory, Kinesis incoming bytes, DynamoDB consumed
 * units, Timestream write requests), at the step rounded up to whole minutes, ascending, paged
 * with `NextToken`. Sums per period become per-second rates.
 */
export class CloudWatchResourceUsage implements ResourceUsageSource {
  constructor(private readonly options: CloudWatchResourceUsageOptions) {}

  async usage(range: TimeRange, stepMs: number): Promise<ResourceUsage[]> {
    const specs = resourceMetricSpecs(this.options.config);
    const period = Math.max(60, Math.ceil(stepMs / 60_000) * 60);
    const samples = new Map<string, Sample[]>();
    for (let i = 0; i < specs.length; i += QUERIES_PER_CALL) {
      const batch = specs.slice(i, i + QUERIES_PER_CALL);
      const queries: MetricDataQuery[] = batch.map((s, j) => ({
        Id: `m${i + j}`,
        MetricStat: {
          Metric: { Namespace: s.namespace, MetricName: s.metricName, Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })) },
          Period: period,
          Stat: s.stat,
        },
        ReturnData: true,
      }));
      let nextToken: string | undefined;
      do {
        const out = await this.options.client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: new Date(range.start),
            EndTime: new Date(range.end),
            ScanBy: 'TimestampAscending',
            ...(nextToken && { NextToken: nextToken }),
          }),
        );
        for (const r of out.MetricDataResults ?? []) {
          const list = samples.get(r.Id ?? '') ?? [];
          (r.Timestamps ?? []).forEach((t, k) => list.push({ timestamp: new Date(t).getTime(), value: (r.Values ?? [])[k] }));
          samples.set(r.Id ?? '', list);
        }
        nextToken = out.NextToken;
      } while (nextToken);
    }
    return specs.map((s, k) => toUsage(s, samples.get(`m${k}`) ?? [], period));
  }
}

function toUsage(spec: ResourceMetricSpec, samples: Sample[], periodSeconds: number): ResourceUsage {
  const sorted = samples.sort((a, b) => a.timestamp - b.timestamp).map((p) => (spec.perSecond ? { timestamp: p.timestamp, value: p.value / periodSeconds } : p));
  return { id: spec.id, kind: spec.kind, name: spec.name, unit: spec.unit, capacity: spec.capacity, samples: sorted, ...(spec.attributes && { attributes: spec.attributes }) };
}
