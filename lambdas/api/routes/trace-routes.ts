import { PlatformError } from '../../core/domain/errors';
import type { Span, SpanStatus, TraceSummary } from '../../core/domain/span';
import type { RouteHandler } from '../http/api-types';
import { errorResponse, jsonResponse } from '../http/responses';
import { formatMicros } from '../params/format-time';
import { parsePrometheusDuration } from '../params/prometheus-duration';
import { timeRangeOf } from '../params/time-range';

/** A W3C trace id from either form the API accepts (X-Ray ids carry the same 32 hex digits). */
export function normaliseTraceId(id: string): string {
  return (id.startsWith('1-') ? id.slice(2).replace('-', '') : id).toLowerCase();
}

const micros = (name: string, value: unknown): number | undefined =>
  typeof value === 'string' ? parsePrometheusDuration(value, name) * 1000 : undefined;

const presentSummary = (t: TraceSummary) => ({ ...t, startTime: formatMicros(t.startTime) });
const presentSpan = (s: Span) => ({ ...s, startTime: formatMicros(s.startTime), events: s.events.map((e) => ({ ...e, time: formatMicros(e.time) })) });

/** Trace reading operations backed by the TraceStore. */
export const traceRoutes: Readonly<Record<string, RouteHandler>> = {
  async searchTraces({ ports, params }) {
    const minDuration = micros('minDuration', params.minDuration);
    const maxDuration = micros('maxDuration', params.maxDuration);
    if (minDuration !== undefined && maxDuration !== undefined && minDuration > maxDuration) {
      throw new PlatformError('invalid_argument', 'minDuration is larger than maxDuration', [{ in: 'query', name: 'minDuration' }]);
    }
    const page = await ports.traces.searchTraces({
      range: timeRangeOf(params, ports.clock.now()),
      service: params.service as string | undefined,
      operation: params.operation as string | undefined,
      status: params.status as SpanStatus | undefined,
      minDuration,
      maxDuration,
      limit: params.limit as number | undefined,
      cursor: params.cursor as string | undefined,
    });
    return jsonResponse(200, { items: page.items.map(presentSummary), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async getTrace({ ports, params }) {
    const traceId = normaliseTraceId(params.traceId as string);
    const spans = await ports.traces.getTrace(traceId);
    if (spans.length === 0) return errorResponse('not_found', `trace ${traceId} is not known`, [{ traceId }]);
    return jsonResponse(200, { traceId, spans: spans.map(presentSpan) });
  },
  async listServices({ ports, params }) {
    const services = await ports.traces.services(timeRangeOf(params, ports.clock.now()));
    return jsonResponse(200, { items: services.map((name) => ({ name })) });
  },
};
