import { PlatformError } from '../../core/domain/errors';
import type { LogAggregation } from '../../core/ports/log-store';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { parsePrometheusDuration } from '../params/prometheus-duration';
import { timeRangeOf } from '../params/time-range';
import { logInsightRoutes } from './log-insight-routes';
import { logSearchOf, presentLogRecord, runLogAggregation, runLogSearch } from './log-search';

interface AggregationRequest {
  readonly type: 'terms' | 'histogram';
  readonly field?: string;
  readonly interval?: string;
  readonly by?: string;
  readonly size?: number;
}

function aggregationOf(a: AggregationRequest, i: number): LogAggregation {
  if (a.type === 'terms') {
    if (!a.field) throw new PlatformError('invalid_argument', `aggregations[${i}] (terms) needs a field`, [{ in: 'body', path: `/aggregations/${i}/field` }]);
    return { type: 'terms', field: a.field, ...(a.size !== undefined && { size: a.size }) };
  }
  return { type: 'histogram', intervalMs: parsePrometheusDuration(a.interval ?? '1m', `aggregations[${i}].interval`), ...(a.by && { by: a.by }), ...(a.size !== undefined && { size: a.size }) };
}

/** Log reading operations backed by the LogStore (and the log processor's state). */
export const logRoutes: Readonly<Record<string, RouteHandler>> = {
  async queryLogs({ ports, params }) {
    const q = params.q as string | undefined;
    const search = logSearchOf({
      range: timeRangeOf(params, ports.clock.now()),
      q,
      service: params.service as string | undefined,
      level: params.level as string | undefined,
      traceId: params.traceId as string | undefined,
      order: (params.order ?? params.sort) as string | undefined,
      limit: params.limit as number | undefined,
      cursor: params.cursor as string | undefined,
    });
    const page = await runLogSearch(ports, search, q);
    return jsonResponse(200, { items: page.items.map(presentLogRecord), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },

  async searchLogs({ ports, body }) {
    const b = (body ?? {}) as Record<string, unknown>;
    const search = logSearchOf({
      range: timeRangeOf({ from: b.from, to: b.to, start: b.start, end: b.end }, ports.clock.now()),
      q: b.query as string | undefined,
      service: b.service as string | undefined,
      level: b.level as string | undefined,
      traceId: b.traceId as string | undefined,
      order: b.order as string | undefined,
      limit: b.limit as number | undefined,
      cursor: b.cursor as string | undefined,
    });
    const requested = ((b.aggregations as AggregationRequest[] | undefined) ?? []).map(aggregationOf);
    const page = await runLogSearch(ports, search, b.query as string | undefined);
    const aggregations = [];
    for (const a of requested) {
      const buckets = await runLogAggregation(ports, search, a);
      aggregations.push({
        ...a,
        buckets: buckets.map((x) => (a.type === 'histogram' ? { ...x, key: formatMillis(x.key as number) } : x)),
      });
    }
    return jsonResponse(200, { items: page.items.map(presentLogRecord), ...(page.nextCursor && { nextCursor: page.nextCursor }), aggregations });
  },

  async listLogStreams({ ports, params }) {
    const streams = await ports.logs.streams(timeRangeOf(params, ports.clock.now()));
    return jsonResponse(200, { items: streams.map((s) => ({ ...s, lastTimestamp: formatMillis(s.lastTimestamp) })) });
  },
  ...logInsightRoutes,
};
