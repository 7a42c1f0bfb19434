import type { Span, TraceSummary } from '../../domain/span';

/**
 * The summary trace search answers for one trace's spans. The root is the earliest-starting
 * span without a parent; when the root has not arrived (only orphans so far), the
 * earliest-starting span stands in. Times are the spans' own (not skew-adjusted): the
 * trace spans from the first start to the last end.
 */
export function summarizeTrace(spans: readonly Span[]): TraceSummary {
  if (spans.length === 0) throw new RangeError('summarizeTrace needs at least one span');
  let root: Span | undefined;
  let earliest = spans[0];
  let start = Infinity;
  let end = -Infinity;
  let errorCount = 0;
  const services = new Set<string>();
  for (const s of spans) {
    if (s.startTime < start) start = s.startTime;
    if (s.startTime + s.duration > end) end = s.startTime + s.duration;
    if (s.status === 'error') errorCount++;
    services.add(s.service);
    if (s.startTime < earliest.startTime) earliest = s;
    if (s.parentSpanId === undefined && (!root || s.startTime < root.startTime)) root = s;
  }
  const r = root ?? earliest;
  return {
    traceId: r.traceId,
    rootService: r.service,
    rootName: r.name,
    startTime: start,
    duration: end - start,
    spanCount: spans.length,
    errorCount,
    services: [...services].sort(),
  };
}
