import type { Labels } from '../../../../lambdas/core/domain/series';
import { evaluateRuleGroup, type RuleGroupState } from '../../../../lambdas/core/alerting/evaluation/rule-group-evaluator';
import type { QueryFunction } from '../../../../lambdas/core/alerting/evaluation/query-function';
import { instantQuery } from '../../../../lambdas/core/promql/engine';
import { burnRateRuleGroup } from '../../../../lambdas/core/slo/burn-rate-rules';
import type { Slo } from '../../../../lambdas/core/slo/slo-model';
import { MemoryQueryable } from '../promql/support/memory-queryable';

const MIN = 60_000;
const slo: Slo = {
  id: 'api',
  name: 'API availability',
  service: 'api',
  sli: { type: 'ratio', good: 'requests_total{code="200"}', total: 'requests_total' },
  objective: 0.999,
  window: { type: 'rolling', days: 30 },
};

/** Counters scraped every minute at 10 requests/s, the error share given per minute. */
function load(store: MemoryQueryable, minutes: number, errorShare: (minute: number) => number): void {
  let ok = 0;
  let bad = 0;
  const okSamples = [];
  const badSamples = [];
  for (let m = 0; m <= minutes; m++) {
    okSamples.push({ timestamp: m * MIN, value: ok });
    badSamples.push({ timestamp: m * MIN, value: bad });
    const e = errorShare(m);
    bad += 600 * e;
    ok += 600 * (1 - e);
  }
  store.add({ __name__: 'requests_total', code: '200' }, okSamples);
  store.add({ __name__: 'requests_total', code: '500' }, badSamples);
}

/** Evaluates the SLO's rules every `stepMin` minutes from `fromMin` to `toMin`; returns when each alert first fired. */
async function run(store: MemoryQueryable, fromMin: number, toMin: number, stepMin: number): Promise<Map<string, number>> {
  const group = burnRateRuleGroup(slo);
  const query: QueryFunction = async (expr, time) => {
    const r = await instantQuery(store, expr, time);
    if (r.resultType === 'vector') return r.result.map((x) => ({ labels: x.metric, value: x.value }));
    if (r.resultType === 'scalar') return [{ labels: {}, value: r.result.value }];
    return [];
  };
  const firstFiring = new Map<string, number>();
  let state: RuleGroupState = { rules: {} };
  for (let m = fromMin; m <= toMin; m += stepMin) {
    const t = m * MIN;
    const result = await evaluateRuleGroup(group, state, query, t, {
      onSamples: (samples) => {
        for (const s of samples) store.add(s.labels as Labels, [{ timestamp: s.timestamp, value: s.value }]);
      },
    });
    expect(result.errors).toEqual({});
    state = result.state;
    for (const s of result.samples) {
      if (s.labels.__name__ === 'ALERTS' && s.labels.alertstate === 'firing') {
        const key = `${s.labels.alertname}/${s.labels.long_window}`;
        if (!firstFiring.has(key)) firstFiring.set(key, m);
      }
    }
  }
  return firstFiring;
}

describe('generated burn-rate rules, evaluated by the PromQL engine', () => {
  it('page within the workbook detection time on a fast burn (100x)', async () => {
    const store = new MemoryQueryable();
    const start = 6 * 60; // six healthy hours, then 10% errors
    load(store, start + 60, (m) => (m < start ? 0 : 0.1));
    const fired = await run(store, start, start + 60, 1);
    // 1 h window, 14.4x factor, 0.1 error ratio: 60 min × 14.4 × 0.001 / 0.1 = 8.64 min.
    const page = fired.get('SLOErrorBudgetBurnPage/1h');
    expect(page).toBeDefined();
    expect(page! - start).toBeGreaterThanOrEqual(7);
    expect(page! - start).toBeLessThanOrEqual(11);
    // The 6 h rule (6x) needs 60 × 6 × 6 × 0.001 / 0.1 = 21.6 min.
    expect(fired.get('SLOErrorBudgetBurnPage/6h')! - start).toBeGreaterThanOrEqual(19);
    expect(fired.get('SLOErrorBudgetBurnPage/6h')! - start).toBeLessThanOrEqual(25);
  }, 60_000);

  it('stays silent through four days of a 0.5x burn', async () => {
    const store = new MemoryQueryable();
    const minutes = 4 * 24 * 60;
    load(store, minutes, () => 0.0005);
    const fired = await run(store, 60, minutes, 30);
    expect([...fired.keys()]).toEqual([]);
  }, 120_000);
});
