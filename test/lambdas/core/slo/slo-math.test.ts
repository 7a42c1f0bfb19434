import { burnRateFactor, burnRateRuleGroup, WORKBOOK_ALERTS } from '../../../../lambdas/core/slo/burn-rate-rules';
import { burnRate, errorBudget } from '../../../../lambdas/core/slo/error-budget';
import { importOpenSlo } from '../../../../lambdas/core/slo/openslo-import';
import { sliQueries } from '../../../../lambdas/core/slo/sli-queries';
import type { Slo } from '../../../../lambdas/core/slo/slo-model';
import { validateSlo } from '../../../../lambdas/core/slo/validate-slo';

const slo: Slo = {
  id: 'checkout-availability',
  name: 'Checkout availability',
  service: 'checkout',
  sli: { type: 'ratio', good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}' },
  objective: 0.999,
  window: { type: 'rolling', days: 30 },
};

describe('error budget math (hand-computed cases)', () => {
  it('computes attainment, budget and state', () => {
    // 1,000,000 requests at 99.9%: 1,000 bad allowed; 250 bad spends a quarter.
    const quarter = errorBudget(999_750, 1_000_000, 0.999);
    expect(quarter).toMatchObject({ attainment: 0.99975, bad: 250, state: 'ok' });
    expect(quarter.allowedBad).toBeCloseTo(1000, 9);
    expect(quarter.remaining).toBeCloseTo(0.75, 12);
    // 800 bad: 20% left, under the at-risk line.
    expect(errorBudget(999_200, 1_000_000, 0.999).state).toBe('at_risk');
    // Exactly exhausted: attainment equals the objective, nothing left, not yet breached.
    const exhausted = errorBudget(999_000, 1_000_000, 0.999);
    expect(exhausted.remaining).toBeCloseTo(0, 12);
    expect(exhausted.state).toBe('at_risk');
    // Overspent: 1,500 bad is 150% of the budget.
    const over = errorBudget(998_500, 1_000_000, 0.999);
    expect(over.remaining).toBeCloseTo(-0.5, 12);
    expect(over.state).toBe('breached');
  });

  it('treats a window with no traffic as no data, spending nothing', () => {
    expect(errorBudget(0, 0, 0.99)).toEqual({ allowedBad: 0, bad: 0, remaining: 1, state: 'no_data' });
    expect(() => errorBudget(1, 1, 1)).toThrow(RangeError);
  });

  it('burn rates and the workbook factors for a 30-day window', () => {
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 12);
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 9);
    expect(WORKBOOK_ALERTS.map((a) => burnRateFactor(a, 30 * 24))).toEqual([14.4, 6, 1]);
    expect(WORKBOOK_ALERTS.map((a) => burnRateFactor(a, 28 * 24))).toEqual([13.44, 5.6, 0.933333]);
  });
});

describe('SLI queries and generated rules', () => {
  it('builds ratio, latency and availability queries', () => {
    expect(sliQueries(slo.sli, '5m').errorRatio).toBe(
      '(1 - (sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))) / (sum(rate(http_requests_total{job="checkout"}[5m]))))',
    );
    expect(sliQueries({ type: 'latency', histogram: 'http_request_duration_seconds', selector: 'job="api"', threshold: 0.3 }, '1h')).toMatchObject({
      good: 'sum(rate(http_request_duration_seconds_bucket{job="api",le="0.3"}[1h]))',
      total: 'sum(rate(http_request_duration_seconds_count{job="api"}[1h]))',
    });
    expect(sliQueries({ type: 'availability', checkId: 'home' }, '30m').good).toBe('sum(sum_over_time(probe_success{check="home"}[30m]))');
    expect(sliQueries({ type: 'ratio', good: 'sum(rate(ok[$window]))', total: 'sum(rate(all[${window}]))' }, '6h').total).toBe('sum(rate(all[6h]))');
  });

  it('generates recording rules per window and the three multiwindow alerts', () => {
    const group = burnRateRuleGroup(slo);
    expect(group.name).toBe('slo-checkout-availability');
    const records = group.rules.filter((r) => r.kind === 'recording').map((r) => (r.kind === 'recording' ? r.record : ''));
    expect(records).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate3d',
    ]);
    const alerts = group.rules.filter((r) => r.kind === 'alerting');
    expect(alerts.map((r) => (r.kind === 'alerting' ? [r.severity, r.expr] : []))).toEqual([
      ['critical', '(slo:sli_error:ratio_rate1h{slo="checkout-availability"} > (14.4 * 0.001)) and (slo:sli_error:ratio_rate5m{slo="checkout-availability"} > (14.4 * 0.001))'],
      ['critical', '(slo:sli_error:ratio_rate6h{slo="checkout-availability"} > (6 * 0.001)) and (slo:sli_error:ratio_rate30m{slo="checkout-availability"} > (6 * 0.001))'],
      ['warning', '(slo:sli_error:ratio_rate3d{slo="checkout-availability"} > (1 * 0.001)) and (slo:sli_error:ratio_rate6h{slo="checkout-availability"} > (1 * 0.001))'],
    ]);
  });
});

describe('SLO validation and OpenSLO import', () => {
  it('names every bad field', () => {
    expect(validateSlo(slo)).toEqual({ slo, errors: [] });
    expect(validateSlo({ ...slo, id: 'Bad Id', objective: 99.9, window: { type: 'rolling', days: 400 }, sli: { type: 'latency', histogram: 'x', threshold: -1 } }).errors).toEqual([
      { field: 'id', message: 'must be 1-63 lowercase letters, digits or dashes' },
      { field: 'objective', message: 'must be a share between 0 and 1, e.g. 0.999 for 99.9%' },
      { field: 'window.days', message: 'must be a whole number of days from 1 to 90' },
      { field: 'sli.threshold', message: 'must be a positive bucket bound' },
    ]);
  });

  it('imports OpenSLO ratio SLOs and reports what it cannot map', () => {
    const yaml = `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: web-availability
  displayName: Web availability
spec:
  service: web
  indicator:
    metadata: { name: web-errors }
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource: { type: Prometheus, spec: { query: 'http_requests_total{job="web",code!~"5.."}' } }
        total:
          metricSource: { type: Prometheus, spec: { query: 'http_requests_total{job="web"}' } }
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.995
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: latency }
spec:
  service: web
  indicator: { spec: { thresholdMetric: { metricSource: { type: Prometheus } } } }
  timeWindow: [{ duration: 1M, isRolling: false }]
  objectives: [{ target: 0.9 }]
`;
    const { slos, errors } = importOpenSlo(yaml);
    expect(slos).toEqual([
      {
        id: 'web-availability',
        name: 'Web availability',
        service: 'web',
        sli: { type: 'ratio', good: 'http_requests_total{job="web",code!~"5.."}', total: 'http_requests_total{job="web"}' },
        objective: 0.995,
        window: { type: 'rolling', days: 28 },
      },
    ]);
    expect(errors).toEqual([{ field: 'slo[1](latency)', message: 'only ratioMetric indicators are supported' }]);
    expect(slos.every((s) => validateSlo(s).errors.length === 0)).toBe(true);
  });
});
