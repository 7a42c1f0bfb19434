import { PlatformError } from '../../core/domain/errors';
import type { SpanStatus, TraceSummary } from '../../core/domain/span';
import type { Ports } from '../../core/ports';
import type { TraceQuery } from '../../core/ports/trace-store';
import { toDot } from '../../core/traces/service-graph/to-dot';
import { toMermaid } from '../../core/traces/service-graph/to-mermaid';
import type { RouteHandler } from '../http/api-types';
import { errorResponse, jsonResponse } from '../http/responses';
import { formatMicros } from '../params/format-time';
import { parsePrometheusDuration } from '../params/prometheus-duration';
import { timeRangeOf } from '../params/time-range';
import { parseAttributeFilters, searchTracesFiltered } from './trace-search';
import { presentTraceView } from './trace-view';
import { dependencyGraph, servicesWithStats } from './trace-stats';

/** A W3C trace id from either form the API accepts (X-Ray ids carry the same 32 hex digits). */
export function normaliseTraceId(id: string): string {
  return (id.startsWith('1-') ? id.slice(2).replace('-', '') : id).toLowerCase();
}

const micros = (name: string, value: unknown): number | undefined =>
  typeof value === 'string' ? parsePrometheusDuration(value, name) * 1000 : undefined;

const presentSummary = (t: TraceSummary) => ({ ...t, startTime: formatMicros(t.startTime) });

/** The search a request asks for (shared by the platform and Jaeger searches). */
export function traceQueryOf(params: Readonly<Record<string, unknown>>, ports: Pick<Ports, 'clock'>): TraceQuery {
  const minDuration = micros('minDuration', params.minDuration);
  const maxDuration = micros('maxDuration', params.maxDuration);
  if (minDuration !== undefined && maxDuration !== undefined && minDuration > maxDuration) {
    throw new PlatformError('invalid_argument', 'minDuration is larger than maxDuration', [{ in: 'query', name: 'minDuration' }]);
  }
  return {
    range: timeRangeOf(params, ports.clock.now()),
    service: params.service as string | undefined,
    operation: params.operation as string | undefined,
    status: params.status as SpanStatus | undefined,
    minDuration,
    maxDuration,
    limit: params.limit as number | undefined,
    cursor: params.cursor as string | undefined,
  };
}

/** Trace reading operations: search, one trace analysed, services with their rates, the dependency graph. */
export const traceRoutes: Readonly<Record<string, RouteHandler>> = {
  async searchTraces({ ports, params }) {
    const query = traceQueryOf(params, ports);
    const filters = parseAttributeFilters(params.attribute as string[] | undefined);
    const page = await searchTracesFiltered(ports.traces, query, filters);
    return jsonResponse(200, { items: page.items.map(presentSummary), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async getTrace({ ports, params }) {
    const traceId = normaliseTraceId(params.traceId as string);
    const spans = await ports.traces.getTrace(traceId);
    if (spans.length === 0) return errorResponse('not_found', `trace ${traceId} is not known`, [{ traceId }]);
    return jsonResponse(200, await presentTraceView(traceId, spans, ports.logs));
  },
  async listServices({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    return jsonResponse(200, { items: await servicesWithStats(ports, range) });
  },
  async getDependencies({ ports, params }) {
    const graph = await dependencyGraph(ports, timeRangeOf(params, ports.clock.now()));
    if (params.format === 'dot') return { statusCode: 200, headers: { 'content-type': 'text/vnd.graphviz; charset=utf-8' }, body: toDot(graph) };
    if (params.format === 'mermaid') return { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: toMermaid(graph) };
    return jsonResponse(200, graph);
  },
};
