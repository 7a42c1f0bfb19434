import { CAPACITY_CONFIG_KIND, parseCapacityConfig, type CapacityConfig } from '../../core/capacity/capacity-config';
import { capacityReport, type CapacityReport } from '../../core/capacity/capacity-report';
import type { ResourceUsage, ResourceUsageSource } from '../../core/capacity/resource-usage';
import { PlatformError } from '../../core/domain/errors';
import type { Ports } from '../../core/ports';
import { MetricStoreResourceUsage } from '../../adapters/embedded/metric-store-resource-usage';
import { querySeries } from './capacity-query';

/** State-store kind of the capacity snapshots: id `latest` and one per UTC day (`2026-11-22`). */
export const CAPACITY_SNAPSHOT_KIND = 'capacity-snapshot';
/** Daily snapshots are kept this long. */
const SNAPSHOT_TTL_SECONDS = 400 * 86_400;
const DAY_MS = 86_400_000;

/** Builds the usage source for a config (the AWS one on Lambda, the platform's own series otherwise). */
export type CapacitySourceFactory = (config: CapacityConfig, ports: Ports) => ResourceUsageSource;

let factory: CapacitySourceFactory | undefined;

/** Installs the usage source factory (tests, other runtimes); `undefined` goes back to the environment's default. */
export function useCapacitySource(next: CapacitySourceFactory | undefined): void {
  factory = next;
}

function defaultFactory(env: Readonly<Record<string, string | undefined>>): CapacitySourceFactory {
  if (env.AWS_LAMBDA_FUNCTION_NAME && env.CAPACITY_SOURCE !== 'metric-store') {
    return (config) => {
      // Required on first use so the local runtime never loads the CloudWatch client.
      const { CloudWatchClient } = require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
      const { CloudWatchResourceUsage } = require('../../adapters/aws/cloudwatch-resource-usage') as typeof import('../../adapters/aws/cloudwatch-resource-usage');
      return new CloudWatchResourceUsage({ client: new CloudWatchClient({}), config });
    };
  }
  return (config, ports) => new MetricStoreResourceUsage(ports.metrics, config);
}

/** The usage source for a config: the installed factory's, else the environment's default. */
export function capacityUsageSource(config: CapacityConfig, ports: Ports, env: Readonly<Record<string, string | undefined>> = process.env): ResourceUsageSource {
  return (factory ?? defaultFactory(env))(config, ports);
}

/** The capacity config: `CAPACITY_CONFIG` (JSON, set by the deployment) with the stored `capacity-config/default` item's lists appended. */
export async function loadCapacityConfig(ports: Pick<Ports, 'state'>, env: Readonly<Record<string, string | undefined>> = process.env): Promise<CapacityConfig> {
  try {
    const base = parseCapacityConfig(env.CAPACITY_CONFIG ? JSON.parse(env.CAPACITY_CONFIG) : undefined);
    const stored = parseCapacityConfig((await ports.state.get(CAPACITY_CONFIG_KIND, 'default'))?.value);
    const merged: Record<string, unknown> = { ...base, ...stored };
    for (const key of ['functions', 'streams', 'tables', 'promql'] as const) merged[key] = [...(base[key] ?? []), ...(stored[key] ?? [])];
    return merged as CapacityConfig;
  } catch (error) {
    throw new PlatformError('unprocessable', `the capacity config is not valid: ${(error as Error).message}`);
  }
}

/** Settings of {@link computeCapacityReport}. */
export interface CapacityRunOptions {
  /** History read, ms. @default 28 days */
  readonly historyMs?: number;
  /** Forecast horizon, ms. @default 30 days */
  readonly horizonMs?: number;
  /** Sampling period, ms. @default 1 hour */
  readonly stepMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads every configured resource's usage (AWS metrics and PromQL resources) and builds the capacity report. */
export async function computeCapacityReport(ports: Ports, options: CapacityRunOptions = {}): Promise<CapacityReport> {
  const env = options.env ?? process.env;
  const now = ports.clock.now();
  const historyMs = options.historyMs ?? 28 * DAY_MS;
  const stepMs = options.stepMs ?? 3_600_000;
  const range = { start: now - historyMs, end: now };
  const config = await loadCapacityConfig(ports, env);
  const source = capacityUsageSource(config, ports, env);
  const usage: ResourceUsage[] = [...(await source.usage(range, stepMs))];
  for (const p of config.promql ?? []) {
    const { series } = await querySeries(ports, p.query, range.start, range.end, stepMs);
    // A resource query should give one series; with several the busiest (highest last value) decides.
    const busiest = series.reduce<(typeof series)[number] | undefined>((b, s) => (!b || last(s.samples) > last(b.samples) ? s : b), undefined);
    usage.push({ id: `promql:${p.name}`, kind: 'promql', name: p.name, unit: p.unit ?? '', capacity: p.capacity, samples: busiest?.samples ?? [] });
  }
  return capacityReport(usage, { now, horizonMs: options.horizonMs ?? 30 * DAY_MS });
}

const last = (samples: readonly { value: number }[]): number => (samples.length ? samples[samples.length - 1].value : -Infinity);

/** Stores the report as `latest` and as the day's snapshot. */
export async function storeCapacitySnapshot(ports: Pick<Ports, 'state'>, report: CapacityReport): Promise<void> {
  const json = JSON.parse(JSON.stringify(report)) as CapacityReport;
  await ports.state.put(CAPACITY_SNAPSHOT_KIND, 'latest', json);
  await ports.state.put(CAPACITY_SNAPSHOT_KIND, new Date(report.generatedAt).toISOString().slice(0, 10), json, { ttlSeconds: SNAPSHOT_TTL_SECONDS });
}
