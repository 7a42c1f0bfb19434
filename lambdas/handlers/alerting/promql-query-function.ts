import type { QueryFunction } from '../../core/alerting/evaluation/query-function';
import { anomalyQueryFunction } from '../../core/anomaly/anomaly-query-function';
import { instantQuery, rangeQuery } from '../../core/promql/engine';
import type { MetricStore } from '../../core/ports/metric-store';

/**
 * The alerting QueryFunction over the PromQL engine and a MetricStore: a vector answers its
 * samples, a scalar one sample without labels (as Prometheus' rule manager does), anything
 * else is an error the rule reports as its health.
 */
export function promqlQueryFunction(store: Pick<MetricStore, 'select'>): QueryFunction {
  const plain: QueryFunction = async (expr, time) => {
    const r = await instantQuery(store, expr, time);
    if (r.resultType === 'vector') return r.result.map((s) => ({ labels: s.metric, value: s.value }));
    if (r.resultType === 'scalar') return [{ labels: {}, value: r.result.value }];
    throw new Error(`rule result is not a vector or scalar but a ${r.resultType}`);
  };
  // The `anomaly` rule type: `expr: anomaly(<promql>)` fires for the series the streaming detector flags (lambdas/core/anomaly).
  return anomalyQueryFunction(plain, async (expr, start, end, step) => {
    const r = await rangeQuery(store, expr, start, end, step);
    return r.resultType === 'matrix' ? r.result.map((s) => ({ labels: s.metric, samples: s.points })) : [];
  });
}
