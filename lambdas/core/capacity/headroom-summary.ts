import type { Sample } from '../domain/series';
import type { ForecastResult } from './forecast';
import { leastSquares } from './linear-trend';
import { timeToExhaustion, type Exhaustion } from './time-to-exhaustion';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { abs } = Math;
const isFiniteNumber = Number.isFinite;

/** What the capacity API says about one resource. */
export interface HeadroomSummary {
  /** Latest observed value. */
  readonly current: number;
  readonly capacity: number;
  /** capacity - current (for a rising resource). */
  readonly headroom: number;
  /** headroom / capacity, 0..1 when within capacity. */
  readonly headroomRatio: number;
  /** Linear trend of the history, in value units per day. */
  readonly trendPerDay: number;
  readonly trend: 'rising' | 'falling' | 'flat';
  /** Highest forecast value and its time. */
  readonly peak: { readonly timestamp: number; readonly value: number } | undefined;
  /** Forecast value at the end of the horizon. */
  readonly endOfHorizon: number | undefined;
  readonly exhaustion: Exhaustion;
  readonly model: string;
  readonly backtestSmape: number;
}

const DAY_MS = 86_400_000;

/**
 * Headroom and trend of a resource from its history and forecast. The trend counts as flat
 * when its change over the history's span is under `flatFraction` of the capacity.
 */
export function headroomSummary(history: readonly Sample[], result: ForecastResult, capacity: number, flatFraction = 0.01): HeadroomSummary {
  const finite = history.filter((s) => isFiniteNumber(s.value));
  const current = finite.length ? finite[finite.length - 1].value : NaN;
  const { slope } = leastSquares(finite.map((s) => s.value));
  const trendPerDay = result.intervalMs > 0 ? slope * (DAY_MS / result.intervalMs) : 0;
  const spanDays = finite.length > 1 ? (finite[finite.length - 1].timestamp - finite[0].timestamp) / DAY_MS : 0;
  const change = abs(trendPerDay * spanDays);
  const trend = change < flatFraction * abs(capacity) ? 'flat' : trendPerDay > 0 ? 'rising' : 'falling';
  const peakPoint = result.points.reduce<(typeof result.points)[number] | undefined>((b, p) => (!b || p.value > b.value ? p : b), undefined);
  return {
    current,
    capacity,
    headroom: capacity - current,
    headroomRatio: capacity !== 0 ? (capacity - current) / capacity : NaN,
    trendPerDay,
    trend,
    peak: peakPoint ? { timestamp: peakPoint.timestamp, value: peakPoint.value } : undefined,
    endOfHorizon: result.points.length ? result.points[result.points.length - 1].value : undefined,
    exhaustion: timeToExhaustion(result.points, capacity),
    model: result.model,
    backtestSmape: result.backtestSmape,
  };
}
