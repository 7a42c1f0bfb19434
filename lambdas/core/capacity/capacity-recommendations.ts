import { DEFAULT_PRICES, HOURS_PER_MONTH, type CapacityPrices } from './capacity-prices';
import type { HeadroomSummary } from './headroom-summary';
import type { ResourceUsage } from './resource-usage';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { ceil, max, round } = Math;

/** What to do about a resource. */
export type RecommendationAction = 'scale-out' | 'scale-in' | 'right-size-memory' | 'shard-count' | 'raise-timeout' | 'switch-billing' | 'reduce-retention';

/** One recommendation with its estimated monthly cost effect (USD; negative saves, null when it has no price). */
export interface CapacityRecommendation {
  readonly action: RecommendationAction;
  readonly message: string;
  /** The suggested new amount in the resource's own terms (shards, MB, units, hours ...). */
  readonly target?: number;
  readonly monthlyCostDelta: number | null;
}

/** Usage above this share of the capacity (now or forecast) asks for more. */
const HIGH = 0.8;
/** Peak usage under this share of the capacity allows less. */
const LOW = 0.3;
/** The utilisation a resized resource is sized for at its forecast peak. */
const TARGET = 0.7;
const MIB = 1024 * 1024;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

const money = (usd: number): number => round(usd * 100) / 100;

/**
 * Recommendations for one resource from its headroom summary: scale out when the forecast peak
 * (or the earliest plausible exhaustion) crosses 80% of the capacity, scale in when even the
 * peak stays under 30%; per kind, a shard count for Kinesis, Lambda memory right-sizing and
 * timeout, DynamoDB provisioned units or billing mode, and Timestream memory-store retention,
 * each with its monthly cost effect at `prices`.
 */
export function capacityRecommendations(resource: ResourceUsage, summary: HeadroomSummary, prices: CapacityPrices = DEFAULT_PRICES): CapacityRecommendation[] {
  const cap = resource.capacity;
  if (!(cap > 0) || !Number.isFinite(summary.current)) return [];
  const peak = max(summary.current, summary.peak?.value ?? summary.current);
  const high = peak >= HIGH * cap || summary.exhaustion.earliest !== undefined;
  const low = peak < LOW * cap;
  const a = resource.attributes ?? {};
  const out: CapacityRecommendation[] = [];
  switch (resource.kind) {
    case 'kinesis-throughput': {
      const shards = a.shards ?? max(1, round(cap / MIB));
      const target = max(1, ceil(peak / (TARGET * MIB)));
      if ((high && target > shards) || (low && target < shards)) {
        out.push({
          action: 'shard-count',
          message: `${resource.name}: forecast peak ${(peak / MIB).toFixed(2)} MiB/s on ${shards} shard(s); use ${target}`,
          target,
          monthlyCostDelta: money((target - shards) * prices.kinesisShardHour * HOURS_PER_MONTH),
        });
      }
      break;
    }
    case 'lambda-memory': {
      // Samples are the peak memory used (MB); memory also buys CPU, so only shrink when duration is far from the timeout.
      const memory = a.memoryMb ?? cap;
      const target = max(128, ceil((peak * 1.3) / 64) * 64);
      if (target !== memory && (high || low)) {
        const invocationSeconds = ((a.requestsPerSecond ?? 0) * SECONDS_PER_MONTH * (a.avgDurationMs ?? 0)) / 1000;
        out.push({
          action: 'right-size-memory',
          message: `${resource.name}: peak memory used ${round(peak)} MB of ${memory} MB; set ${target} MB`,
          target,
          monthlyCostDelta: invocationSeconds > 0 ? money(((target - memory) / 1024) * invocationSeconds * prices.lambdaGbSecond) : null,
        });
      }
      break;
    }
    case 'lambda-duration':
      if (high) {
        out.push({ action: 'raise-timeout', message: `${resource.name}: forecast duration ${round(peak)} ms nears the ${round(cap)} ms timeout; raise the timeout or the memory (more CPU)`, target: ceil(peak / TARGET / 1000) * 1000, monthlyCostDelta: 0 });
      }
      break;
    case 'dynamodb-capacity': {
      const target = max(1, ceil(peak / TARGET));
      const unitHour = resource.id.endsWith(':read') ? prices.dynamoRcuHour : prices.dynamoWcuHour;
      if (a.billing === 'on-demand') {
        const meanRate = summary.current;
        const onDemand = (meanRate * SECONDS_PER_MONTH * prices.dynamoOnDemandWriteMillion) / 1e6;
        const provisioned = target * unitHour * HOURS_PER_MONTH;
        if (provisioned < onDemand * 0.8) {
          out.push({ action: 'switch-billing', message: `${resource.name}: steady ${meanRate.toFixed(1)} units/s costs less provisioned at ${target} units`, target, monthlyCostDelta: money(provisioned - onDemand) });
        }
      } else if ((high && target > cap) || (low && target < cap)) {
        out.push({ action: high ? 'scale-out' : 'scale-in', message: `${resource.name}: forecast peak ${peak.toFixed(1)} of ${cap} provisioned units/s; provision ${target}`, target, monthlyCostDelta: money((target - cap) * unitHour * HOURS_PER_MONTH) });
      }
      break;
    }
    case 'timestream-ingestion': {
      const retention = a.memoryRetentionHours;
      if (a.storedBytes !== undefined && retention !== undefined && retention > 24) {
        const gb = a.storedBytes / 1024 ** 3;
        // Shortening the memory store moves the difference to the magnetic store.
        const moved = gb * (1 - 24 / retention);
        const delta = -moved * prices.timestreamMemoryGbHour * HOURS_PER_MONTH + moved * prices.timestreamMagneticGbMonth;
        out.push({ action: 'reduce-retention', message: `${resource.name}: ${retention} h of memory-store retention; 24 h keeps recent queries fast and moves the rest to the magnetic store`, target: 24, monthlyCostDelta: money(delta) });
      }
      if (high) out.push({ action: 'scale-out', message: `${resource.name}: ingestion forecast at ${round((100 * peak) / cap)}% of the configured rate; raise the write quota or batch more records per write`, monthlyCostDelta: null });
      break;
    }
    default:
      if (high) out.push({ action: 'scale-out', message: `${resource.name}: forecast peak ${peak.toPrecision(4)} ${resource.unit} reaches ${round((100 * peak) / cap)}% of ${cap}; raise it to ${ceil(peak / TARGET)}`, target: ceil(peak / TARGET), monthlyCostDelta: resource.kind === 'lambda-concurrency' ? 0 : null });
      else if (low && resource.kind !== 'lambda-concurrency') out.push({ action: 'scale-in', message: `${resource.name}: forecast peak ${peak.toPrecision(4)} ${resource.unit} stays under ${round(LOW * 100)}% of ${cap}`, target: ceil(peak / TARGET), monthlyCostDelta: null });
  }
  return out;
}
