import { capacityRecommendations } from '../../../../lambdas/core/capacity/capacity-recommendations';
import { DEFAULT_PRICES } from '../../../../lambdas/core/capacity/capacity-prices';
import type { HeadroomSummary } from '../../../../lambdas/core/capacity/headroom-summary';
import type { ResourceUsage } from '../../../../lambdas/core/capacity/resource-usage';

const summary = (current: number, peak: number, capacity: number, exhausts = false): HeadroomSummary => ({
  current,
  capacity,
  headroom: capacity - current,
  headroomRatio: (capacity - current) / capacity,
  trendPerDay: 0,
  trend: 'flat',
  peak: { timestamp: 0, value: peak },
  endOfHorizon: peak,
  exhaustion: { at: undefined, earliest: exhausts ? 1 : undefined, latest: undefined },
  model: 'seasonal-naive',
  backtestSmape: 1,
});
const resource = (r: Partial<ResourceUsage>): ResourceUsage => ({ id: 'x', kind: 'promql', name: 'x', unit: '', capacity: 100, samples: [], ...r });
const MIB = 1024 * 1024;

describe('capacityRecommendations', () => {
  it('asks for shards when the forecast peak passes 80% of the stream, priced per shard-hour', () => {
    const [rec] = capacityRecommendations(resource({ kind: 'kinesis-throughput', capacity: 2 * MIB, attributes: { shards: 2 } }), summary(1.5 * MIB, 1.9 * MIB, 2 * MIB));
    expect(rec).toMatchObject({ action: 'shard-count', target: 3 });
    expect(rec.monthlyCostDelta).toBeCloseTo(0.015 * 730, 2);
  });

  it('removes idle shards with a saving', () => {
    const [rec] = capacityRecommendations(resource({ kind: 'kinesis-throughput', capacity: 8 * MIB, attributes: { shards: 8 } }), summary(0.5 * MIB, 0.6 * MIB, 8 * MIB));
    expect(rec).toMatchObject({ action: 'shard-count', target: 1 });
    expect(rec.monthlyCostDelta).toBeLessThan(0);
  });

  it('right-sizes over-provisioned Lambda memory with the GB-second saving', () => {
    const r = resource({ kind: 'lambda-memory', capacity: 1024, attributes: { memoryMb: 1024, requestsPerSecond: 10, avgDurationMs: 100 } });
    const [rec] = capacityRecommendations(r, summary(150, 180, 1024));
    expect(rec).toMatchObject({ action: 'right-size-memory', target: 256 });
    const gbSeconds = 10 * 730 * 3600 * 0.1;
    expect(rec.monthlyCostDelta).toBeCloseTo(((256 - 1024) / 1024) * gbSeconds * DEFAULT_PRICES.lambdaGbSecond, 1);
  });

  it('says nothing about a resource in its comfortable band', () => {
    expect(capacityRecommendations(resource({}), summary(50, 60, 100))).toEqual([]);
  });

  it('scales out a provisioned table that will run out, and prices the units', () => {
    const [rec] = capacityRecommendations(resource({ id: 'dynamodb:t:write', kind: 'dynamodb-capacity', capacity: 100, attributes: { billing: 'provisioned' } }), summary(70, 95, 100, true));
    expect(rec).toMatchObject({ action: 'scale-out', target: 136 });
    expect(rec.monthlyCostDelta).toBeCloseTo(36 * 0.00065 * 730, 2);
  });

  it('recommends a shorter Timestream memory store with the saving', () => {
    const [rec] = capacityRecommendations(resource({ kind: 'timestream-ingestion', capacity: 100, attributes: { memoryRetentionHours: 168, storedBytes: 10 * 1024 ** 3 } }), summary(50, 60, 100));
    expect(rec).toMatchObject({ action: 'reduce-retention', target: 24 });
    expect(rec.monthlyCostDelta).toBeLessThan(0);
  });
});
