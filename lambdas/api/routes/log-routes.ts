import type { LogLevel, LogRecord } from '../../core/domain/log-record';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { timeRangeOf } from '../params/time-range';

function present(r: LogRecord) {
  return { ...r, timestamp: formatMillis(r.timestamp) };
}

/** Log reading operations backed by the LogStore. */
export const logRoutes: Readonly<Record<string, RouteHandler>> = {
  async queryLogs({ ports, params }) {
    const page = await ports.logs.query({
      range: timeRangeOf(params, ports.clock.now()),
      service: params.service as string | undefined,
      level: params.level as LogLevel | undefined,
      text: params.q as string | undefined,
      traceId: (params.traceId as string | undefined)?.toLowerCase(),
      order: params.order as 'asc' | 'desc' | undefined,
      limit: params.limit as number | undefined,
      cursor: params.cursor as string | undefined,
    });
    return jsonResponse(200, { items: page.items.map(present), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async listLogStreams({ ports, params }) {
    const streams = await ports.logs.streams(timeRangeOf(params, ports.clock.now()));
    return jsonResponse(200, { items: streams.map((s) => ({ ...s, lastTimestamp: formatMillis(s.lastTimestamp) })) });
  },
};
