import { burnRate, errorBudget, type ErrorBudget } from './error-budget';
import { sliQueries } from './sli-queries';
import type { Slo, SloWindow } from './slo-model';

/** Evaluates a PromQL expression to one number at a time (ms); undefined when it has no result. */
export type ScalarQuery = (expr: string, time: number) => Promise<number | undefined>;

/** An SLO's standing now: attainment, budget and burn rates. */
export interface SloStatus extends ErrorBudget {
  readonly sloId: string;
  readonly name: string;
  readonly service: string;
  readonly objective: number;
  /** Unix ms of the window's start and end. */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Burn rates over 5m, 1h, 6h and 3d (undefined without traffic). */
  readonly burnRates: Readonly<Record<'5m' | '1h' | '6h' | '3d', number | undefined>>;
  /** Good and total events in the window. */
  readonly good: number;
  readonly total: number;
}

/** The window's start for `now`: rolling windows go back their length; calendar ones start at the period's first instant (UTC). */
export function windowStart(w: SloWindow, now: number): number {
  if (w.type === 'rolling') return now - w.days * 86_400_000;
  const d = new Date(now);
  if (w.unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (w.unit === 'quarter') return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
  const day = (d.getUTCDay() + 6) % 7; // ISO weeks start on Monday
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

/**
 * Computes an SLO's status by asking the metric store for the good and total event rates
 * over the window (events = rate × window seconds) and the error ratios over the burn
 * windows. `atRiskBelow` is the remaining-budget share under which it is `at_risk`.
 */
export async function sloStatus(slo: Slo, query: ScalarQuery, now: number, atRiskBelow = 0.25): Promise<SloStatus> {
  const start = windowStart(slo.window, now);
  const seconds = Math.max(1, Math.round((now - start) / 1000));
  const q = sliQueries(slo.sli, `${seconds}s`);
  const [goodRate, totalRate] = await Promise.all([query(q.good, now), query(q.total, now)]);
  const total = (totalRate ?? 0) * seconds;
  const good = Math.min(total, (goodRate ?? 0) * seconds);
  const budget = errorBudget(good, total, slo.objective, atRiskBelow);
  const burn = async (w: '5m' | '1h' | '6h' | '3d') => {
    const ratio = await query(sliQueries(slo.sli, w).errorRatio, now);
    return ratio === undefined || Number.isNaN(ratio) ? undefined : burnRate(Math.max(0, ratio), slo.objective);
  };
  const [b5m, b1h, b6h, b3d] = await Promise.all((['5m', '1h', '6h', '3d'] as const).map(burn));
  return {
    sloId: slo.id,
    name: slo.name,
    service: slo.service,
    objective: slo.objective,
    windowStart: start,
    windowEnd: now,
    ...budget,
    good,
    total,
    burnRates: { '5m': b5m, '1h': b1h, '6h': b6h, '3d': b3d },
  };
}
