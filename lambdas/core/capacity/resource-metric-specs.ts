import type { CapacityConfig } from './capacity-config';
import type { ResourceAttributes, ResourceKind } from './resource-usage';

/** A CloudWatch statistic the specs use. */
export type MetricStat = 'Maximum' | 'Average' | 'Sum' | 'SampleCount' | 'p95';

/** One usage series to read: a CloudWatch metric and what it means as a resource. */
export interface ResourceMetricSpec {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly name: string;
  readonly unit: string;
  readonly capacity: number;
  readonly attributes?: ResourceAttributes;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: MetricStat;
  /** Divide each value by the period in seconds (a Sum per period becomes a rate). */
  readonly perSecond?: boolean;
}

const MIB = 1024 * 1024;
/** Kinesis: each shard takes 1 MiB/s (or 1,000 records/s) of writes. */
const SHARD_BYTES_PER_SECOND = MIB;
/** DynamoDB on-demand tables' default per-table throughput quota (units/s). */
const ON_DEMAND_TABLE_LIMIT = 40_000;

/** The CloudWatch metrics behind every AWS resource of the config (PromQL resources are read separately). */
export function resourceMetricSpecs(config: CapacityConfig): ResourceMetricSpec[] {
  const out: ResourceMetricSpec[] = [];
  const account = config.accountConcurrency ?? 1000;
  for (const f of config.functions ?? []) {
    const dims = { FunctionName: f.name };
    const attributes = { memoryMb: f.memoryMb, timeoutMs: f.timeoutMs };
    out.push({ id: `lambda:${f.name}:concurrency`, kind: 'lambda-concurrency', name: f.name, unit: 'count', capacity: f.reservedConcurrency ?? account, attributes, namespace: 'AWS/Lambda', metricName: 'ConcurrentExecutions', dimensions: dims, stat: 'Maximum' });
    if (f.timeoutMs !== undefined) {
      out.push({ id: `lambda:${f.name}:duration`, kind: 'lambda-duration', name: f.name, unit: 'ms', capacity: f.timeoutMs, attributes, namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: dims, stat: 'p95' });
    }
    if (f.memoryMb !== undefined) {
      // Lambda Insights publishes the memory a function used; without it this series is empty.
      out.push({ id: `lambda:${f.name}:memory`, kind: 'lambda-memory', name: f.name, unit: 'MB', capacity: f.memoryMb, attributes, namespace: 'LambdaInsights', metricName: 'used_memory_max', dimensions: { function_name: f.name }, stat: 'Maximum' });
    }
  }
  for (const s of config.streams ?? []) {
    out.push({ id: `kinesis:${s.name}:incoming-bytes`, kind: 'kinesis-throughput', name: s.name, unit: 'bytes/s', capacity: s.shards * SHARD_BYTES_PER_SECOND, attributes: { shards: s.shards }, namespace: 'AWS/Kinesis', metricName: 'IncomingBytes', dimensions: { StreamName: s.name }, stat: 'Sum', perSecond: true });
  }
  for (const t of config.tables ?? []) {
    const billing = t.billing ?? 'on-demand';
    for (const [side, provisioned] of [['write', t.writeCapacity], ['read', t.readCapacity]] as const) {
      const capacity = billing === 'provisioned' && provisioned !== undefined ? provisioned : ON_DEMAND_TABLE_LIMIT;
      const metricName = side === 'write' ? 'ConsumedWriteCapacityUnits' : 'ConsumedReadCapacityUnits';
      out.push({ id: `dynamodb:${t.name}:${side}`, kind: 'dynamodb-capacity', name: t.name, unit: `${side === 'write' ? 'W' : 'R'}CU/s`, capacity, attributes: { billing }, namespace: 'AWS/DynamoDB', metricName, dimensions: { TableName: t.name }, stat: 'Sum', perSecond: true });
    }
  }
  const ts = config.timestream;
  if (ts) {
    out.push({
      id: `timestream:${ts.database}.${ts.table}:writes`,
      kind: 'timestream-ingestion',
      name: `${ts.database}.${ts.table}`,
      unit: 'requests/s',
      capacity: ts.writeRequestsPerSecond ?? 100,
      attributes: { memoryRetentionHours: ts.memoryRetentionHours, storedBytes: ts.storedBytes },
      namespace: 'AWS/Timestream',
      metricName: 'SuccessfulRequestLatency',
      dimensions: { DatabaseName: ts.database, TableName: ts.table, Operation: 'WriteRecords' },
      stat: 'SampleCount',
      perSecond: true,
    });
  }
  return out;
}

/**
 * The Prometheus name the platform's own copy of a CloudWatch metric has (the CloudWatch
 * exporter convention): `aws_<namespace>_<metric>_<stat>` in snake case, e.g.
 * `aws_lambda_concurrent_executions_maximum`; dimensions become snake-case labels.
 */
export function promNameOf(spec: Pick<ResourceMetricSpec, 'namespace' | 'metricName' | 'stat'>): string {
  const ns = spec.namespace.replace(/^AWS\//, '').replace(/^LambdaInsights$/, 'lambda_insights');
  return `aws_${snake(ns)}_${snake(spec.metricName)}_${snake(spec.stat)}`;
}

/** snake_case of a CloudWatch name (`ConsumedWriteCapacityUnits` → `consumed_write_capacity_units`). */
export function snake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .toLowerCase();
}
