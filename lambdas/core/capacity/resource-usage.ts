import type { Sample, TimeRange } from '../domain/series';

/** What kind of resource a usage series measures; the kind decides the recommendations. */
export type ResourceKind = 'lambda-concurrency' | 'lambda-duration' | 'lambda-memory' | 'kinesis-throughput' | 'dynamodb-capacity' | 'timestream-ingestion' | 'promql';

/** Facts about a resource that recommendations and costs need (all optional). */
export interface ResourceAttributes {
  /** Lambda memory size, MB. */
  readonly memoryMb?: number;
  /** Lambda timeout, ms. */
  readonly timeoutMs?: number;
  /** Kinesis shards (provisioned mode). */
  readonly shards?: number;
  /** DynamoDB billing mode. */
  readonly billing?: 'provisioned' | 'on-demand';
  /** Mean Lambda duration, ms (memory right-sizing costs scale with it). */
  readonly avgDurationMs?: number;
  /** Invocations (Lambda) or requests per second, when known, for cost estimates. */
  readonly requestsPerSecond?: number;
  /** Stored bytes (Timestream memory store, logs), for retention costs. */
  readonly storedBytes?: number;
  /** Timestream memory-store retention, hours. */
  readonly memoryRetentionHours?: number;
}

/** One resource's usage history and its ceiling. */
export interface ResourceUsage {
  /** Stable id, e.g. `lambda:api:concurrency`. */
  readonly id: string;
  readonly kind: ResourceKind;
  /** The AWS resource (function, stream, table, database) or the PromQL resource's name. */
  readonly name: string;
  /** Unit of the samples and of the capacity, e.g. `count`, `ms`, `bytes/s`, `WCU/s`. */
  readonly unit: string;
  /** The ceiling usage must stay under (a limit, quota or provisioned amount). */
  readonly capacity: number;
  readonly samples: readonly Sample[];
  readonly attributes?: ResourceAttributes;
}

/**
 * Where resource usage comes from: CloudWatch `GetMetricData` on AWS, the platform's own series
 * in the MetricStore locally. `stepMs` is the sampling period the source should aggregate to.
 */
export interface ResourceUsageSource {
  usage(range: TimeRange, stepMs: number): Promise<ResourceUsage[]>;
}
