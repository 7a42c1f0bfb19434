import type { Span } from '../domain/span';
import { selfTimes } from '../traces/analysis/self-times';
import { buildSpanTree } from '../traces/analysis/span-tree';

/** Where time goes by (service, operation): self time (duration minus children) summed over traces. */
export interface SpanHotSpot {
  readonly service: string;
  readonly operation: string;
  readonly calls: number;
  /** Summed self time, ms. */
  readonly selfMs: number;
  /** Summed duration, ms. */
  readonly totalMs: number;
  /** selfMs / all self time of the analysed traces. */
  readonly selfShare: number;
}

/** Hot spots of a set of traces (each a list of its spans), heaviest self time first. */
export function spanHotSpots(traces: readonly (readonly Span[])[], limit = 20): SpanHotSpot[] {
  const acc = new Map<string, { service: string; operation: string; calls: number; selfUs: number; totalUs: number }>();
  let all = 0;
  for (const spans of traces) {
    if (spans.length === 0) continue;
    const self = selfTimes(buildSpanTree(spans));
    for (const s of spans) {
      const key = `${s.service}\u0000${s.name}`;
      const a = acc.get(key) ?? { service: s.service, operation: s.name, calls: 0, selfUs: 0, totalUs: 0 };
      const us = Math.max(0, self.get(s.spanId) ?? 0);
      a.calls++;
      a.selfUs += us;
      a.totalUs += s.duration;
      all += us;
      acc.set(key, a);
    }
  }
  return [...acc.values()]
    .map((a) => ({ service: a.service, operation: a.operation, calls: a.calls, selfMs: a.selfUs / 1000, totalMs: a.totalUs / 1000, selfShare: all > 0 ? a.selfUs / all : 0 }))
    .sort((x, y) => y.selfMs - x.selfMs)
    .slice(0, limit);
}

/** Self time per service (ms), the services' share of the traced work, heaviest first. */
export function serviceSelfTimes(spots: readonly SpanHotSpot[]): { service: string; selfMs: number; calls: number; selfShare: number }[] {
  const acc = new Map<string, { service: string; selfMs: number; calls: number; selfShare: number }>();
  for (const s of spots) {
    const a = acc.get(s.service) ?? { service: s.service, selfMs: 0, calls: 0, selfShare: 0 };
    a.selfMs += s.selfMs;
    a.calls += s.calls;
    a.selfShare += s.selfShare;
    acc.set(s.service, a);
  }
  return [...acc.values()].sort((x, y) => y.selfMs - x.selfMs);
}
