import type { Labels } from '../../../../lambdas/core/domain/series';
import { CardinalityGuard } from '../../../../lambdas/core/metrics/cardinality-guard';

const s = (metric: string, pod: string) => ({ labels: { __name__: metric, pod }, samples: [{ timestamp: 1, value: 1 }] });

describe('CardinalityGuard', () => {
  it('lets known series through at the limit, refuses new ones, and re-reads the store after the TTL', async () => {
    let now = 0;
    const stored: Record<string, Labels[]> = { m: [{ __name__: 'm', pod: 'a' }, { __name__: 'm', pod: 'b' }] };
    const lookups: string[] = [];
    const guard = new CardinalityGuard(3, async (metric) => (lookups.push(metric), stored[metric] ?? []), () => now, 1000);
    const first = await guard.check([s('m', 'a'), s('m', 'c'), s('m', 'd'), s('n', 'x')]);
    expect(first.allowed.map((x) => x.labels.pod)).toEqual(['a', 'c', 'x']);
    expect(first.refused).toEqual([{ labels: { __name__: 'm', pod: 'd' }, reason: 'metric m has 3 active series, the limit is 3' }]);
    expect((await guard.check([s('m', 'c'), s('m', 'e')])).allowed.map((x) => x.labels.pod)).toEqual(['c']);
    expect(lookups).toEqual(['m', 'n']);
    // After the TTL the store decides again: series that went inactive free their places.
    stored.m = [{ __name__: 'm', pod: 'a' }];
    now = 2000;
    expect((await guard.check([s('m', 'e'), s('m', 'f'), s('m', 'g')])).allowed.map((x) => x.labels.pod)).toEqual(['e', 'f']);
    expect(lookups).toEqual(['m', 'n', 'm']);
  });
});
