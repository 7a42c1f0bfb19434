import type { LogRecord } from '../../core/domain/log-record';
import type { Span } from '../../core/domain/span';
import type { LogStore } from '../../core/ports/log-store';
import { analyzeTrace } from '../../core/traces/analysis/analyze-trace';
import { formatMicros, formatMillis } from '../params/format-time';

/** Most log records attached to one trace view. */
export const MAX_TRACE_LOGS = 1000;

// Logs may be stamped a little before or after the spans (other clocks, buffering).
const LOG_MARGIN_MS = 60_000;

/**
 * The trace view `GET /monitoring/traces/{traceId}` answers: the summary; every span in tree
 * pre-order with its depth, parent, self time (µs), skew correction, orphan flag, its share
 * of the critical path and its error role (`origin` where the error started, `propagated` on
 * the chain above it, `error` for other error spans); the critical path; the error origin with
 * its propagation chain; missing parents; and the trace's logs (oldest first) when any exist.
 */
export async function presentTraceView(traceId: string, spans: readonly Span[], logs: LogStore): Promise<Record<string, unknown>> {
  const a = analyzeTrace(spans);
  const onPath = new Map(a.criticalPath.spans.map((s) => [s.spanId, s.time]));
  const chain = new Set(a.errorOrigin?.chain.filter((n) => n.span.status === 'error').map((n) => n.span.spanId) ?? []);
  const originId = a.errorOrigin?.origin.span.spanId;
  const view = a.tree.nodes.map((n) => {
    const s = n.span;
    const role = s.spanId === originId ? 'origin' : chain.has(s.spanId) ? 'propagated' : s.status === 'error' ? 'error' : undefined;
    return {
      ...s,
      startTime: formatMicros(s.startTime),
      events: s.events.map((e) => ({ ...e, time: formatMicros(e.time) })),
      depth: n.depth,
      selfTime: a.selfTimes.get(s.spanId) ?? 0,
      ...(n.skew !== 0 && { skew: n.skew }),
      ...(n.orphan && { orphan: true }),
      ...(onPath.has(s.spanId) && { criticalTime: onPath.get(s.spanId) }),
      ...(role && { errorRole: role }),
    };
  });
  const start = Math.floor(a.summary.startTime / 1000);
  const end = Math.ceil((a.summary.startTime + a.summary.duration) / 1000);
  let traceLogs: LogRecord[] = [];
  try {
    traceLogs = (await logs.query({ range: { start: start - LOG_MARGIN_MS, end: end + LOG_MARGIN_MS }, traceId, limit: MAX_TRACE_LOGS, order: 'asc' })).items;
  } catch {
    // Logs are an extra: a failing log store must not hide the trace.
  }
  const origin = a.errorOrigin;
  return {
    traceId,
    summary: { ...a.summary, startTime: formatMicros(a.summary.startTime) },
    spans: view,
    criticalPath: {
      total: a.criticalPath.total,
      spans: a.criticalPath.spans,
      segments: a.criticalPath.segments.map((g) => ({ spanId: g.spanId, start: formatMicros(g.start), end: formatMicros(g.end) })),
    },
    errorOrigin: origin
      ? {
          spanId: origin.origin.span.spanId,
          service: origin.origin.span.service,
          name: origin.origin.span.name,
          ...(origin.origin.span.statusMessage && { statusMessage: origin.origin.span.statusMessage }),
          chain: origin.chain.map((n) => ({ spanId: n.span.spanId, service: n.span.service, name: n.span.name, status: n.span.status })),
          propagated: origin.propagated,
          otherOrigins: origin.candidates.slice(1).map((n) => n.span.spanId),
        }
      : null,
    missingParents: a.tree.missing.map((m) => ({ spanId: m.spanId, children: m.children.map((c) => c.span.spanId) })),
    logs: traceLogs.map((l) => ({ ...l, timestamp: formatMillis(l.timestamp) })),
  };
}
