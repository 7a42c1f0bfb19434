import { instantQuery } from '../../../../lambdas/core/promql/engine';
import type { Slo } from '../../../../lambdas/core/slo/slo-model';
import { sloStatus, windowStart, type ScalarQuery } from '../../../../lambdas/core/slo/slo-status';
import { seededRandom } from '../../../support/seeded-random';
import { MemoryQueryable } from '../promql/support/memory-queryable';

const MIN = 60_000;
const DAY = 86_400_000;

describe('SLO status against the PromQL engine', () => {
  it('matches a brute-force count over 30 simulated days within 0.001 percentage points', async () => {
    const random = seededRandom(7);
    const store = new MemoryQueryable();
    const days = 30;
    const minutes = days * 24 * 60;
    let ok = 0;
    let bad = 0;
    const okSamples = [];
    const badSamples = [];
    const start = DAY; // leave room before the window
    for (let m = 0; m <= minutes; m++) {
      okSamples.push({ timestamp: start + m * MIN, value: ok });
      badSamples.push({ timestamp: start + m * MIN, value: bad });
      // Traffic varies by the minute; incidents burst errors now and then.
      const requests = 50 + Math.floor(random() * 100);
      const errorShare = random() < 0.002 ? 0.3 : 0.0005 * random();
      const errors = Math.round(requests * errorShare);
      bad += errors;
      ok += requests - errors;
    }
    store.add({ __name__: 'http_requests_total', code: '200' }, okSamples);
    store.add({ __name__: 'http_requests_total', code: '500' }, badSamples);
    const bruteForce = ok / (ok + bad);

    const slo: Slo = { id: 'web', name: 'Web', service: 'web', objective: 0.999, window: { type: 'rolling', days }, sli: { type: 'ratio', good: 'http_requests_total{code="200"}', total: 'http_requests_total' } };
    const query: ScalarQuery = async (expr, time) => {
      const r = await instantQuery(store, expr, time);
      if (r.resultType === 'vector') return r.result[0]?.value;
      if (r.resultType === 'scalar') return r.result.value;
      return undefined;
    };
    // The window ends at the last sample and reaches back exactly 30 days, plus one second so
    // the left-open range includes the first sample.
    const now = start + minutes * MIN;
    const status = await sloStatus({ ...slo, window: { type: 'rolling', days } }, query, now + 1000);
    expect(Math.abs(status.attainment! - bruteForce) * 100).toBeLessThan(0.001);
    expect(status.total).toBeGreaterThan(0);
    expect(status.burnRates['1h']).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('starts calendar windows at the period start (UTC, ISO weeks on Monday)', () => {
    const t = Date.parse('2026-11-22T15:00:00Z'); // a Sunday
    expect(new Date(windowStart({ type: 'calendar', unit: 'month' }, t)).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(new Date(windowStart({ type: 'calendar', unit: 'quarter' }, t)).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(new Date(windowStart({ type: 'calendar', unit: 'week' }, t)).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(windowStart({ type: 'rolling', days: 28 }, t)).toBe(t - 28 * DAY);
  });
});
