import { PlatformError } from '../../core/domain/errors';
import type { Series } from '../../core/domain/series';
import type { Ports } from '../../core/ports';
import { rangeQuery } from '../../core/promql/engine';
import { PromqlEvalError, PromqlParseError } from '../../core/promql/promql-error';
import { parsePrometheusDuration } from '../params/prometheus-duration';

/** Most points one series of a capacity or anomaly query may have. */
export const MAX_QUERY_POINTS = 20_000;

/** The step of a query: `step=` when given, else the range cut into about `points` steps (at least 15 s, whole seconds). */
export function stepOf(params: Readonly<Record<string, unknown>>, rangeMs: number, points: number): number {
  const stepMs = params.step !== undefined ? parsePrometheusDuration(String(params.step), 'step') : Math.max(15_000, Math.ceil(rangeMs / points / 1000) * 1000);
  if (stepMs <= 0 || rangeMs / stepMs > MAX_QUERY_POINTS) {
    throw new PlatformError('invalid_argument', `step gives more than ${MAX_QUERY_POINTS} points per series; use a larger step`, [{ in: 'query', name: 'step' }]);
  }
  return stepMs;
}

/**
 * Runs a PromQL range query for the capacity and anomaly endpoints and answers its series (start
 * aligned to the step). PromQL syntax and evaluation errors become 400s naming `query`.
 */
export async function querySeries(ports: Pick<Ports, 'metrics'>, query: string, startMs: number, endMs: number, stepMs: number): Promise<{ series: Series[]; warnings: string[] }> {
  const start = Math.ceil(startMs / stepMs) * stepMs;
  try {
    const result = await rangeQuery(ports.metrics, query, start, Math.max(start, endMs), stepMs);
    const series = result.resultType === 'matrix' ? result.result.map((s) => ({ labels: s.metric, samples: s.points })) : [];
    return { series, warnings: result.warnings };
  } catch (error) {
    if (error instanceof PromqlParseError || error instanceof PromqlEvalError) {
      throw new PlatformError('invalid_argument', `query: ${error.message}`, [{ in: 'query', name: 'query', value: query }]);
    }
    throw error;
  }
}
