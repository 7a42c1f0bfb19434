import { PlatformError } from '../../core/domain/errors';
import type { Ports } from '../../core/ports';
import { parseGoDuration } from '../../core/traces/jaeger/go-duration';
import { toJaegerTrace } from '../../core/traces/jaeger/to-jaeger-trace';
import { TEMPO_METRIC } from '../../core/traces/span-metrics/tempo-labels';
import type { ApiResponse, RouteContext, RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { dependencyGraph } from './trace-stats';
import { searchTracesFiltered, type AttributeFilter } from './trace-search';
import { normaliseTraceId } from './trace-routes';

/** How far back Jaeger's service and operation lists look (it has no range parameter there). */
export const JAEGER_LOOKBACK_MS = 7 * 24 * 3_600_000;
/** Jaeger's default and largest search limit here. */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1500;

const KIND_LABEL: Readonly<Record<string, string>> = {
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_UNSPECIFIED: 'unspecified',
};

/** Jaeger's envelope: `{ data, total, limit, offset, errors }`. */
function jaeger(data: unknown, total = Array.isArray(data) ? data.length : 0): ApiResponse {
  return jsonResponse(200, { data, total, limit: 0, offset: 0, errors: null });
}

/** An error in both shapes: the platform's `error` body and Jaeger's `errors` list (what its clients print). */
function jaegerError(code: 'invalid_argument' | 'not_found', message: string, details: unknown[] = []): ApiResponse {
  const status = code === 'not_found' ? 404 : 400;
  return jsonResponse(status, { error: { code, message, details }, data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg: message }] });
}

function first(ctx: RouteContext, name: string): string | undefined {
  const v = ctx.request.query[name]?.[0];
  return v === undefined || v === '' ? undefined : v;
}

function integer(ctx: RouteContext, name: string): number | undefined {
  const text = first(ctx, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new PlatformError('invalid_argument', `${name} must be a non-negative integer, got ${JSON.stringify(text)}`, [{ in: 'query', name }]);
  return Number(text);
}

function duration(ctx: RouteContext, name: string): number | undefined {
  const text = first(ctx, name);
  if (text === undefined) return undefined;
  const us = parseGoDuration(text);
  if (us === undefined) throw new PlatformError('invalid_argument', `${name} must be a duration like 100ms or 1.5s, got ${JSON.stringify(text)}`, [{ in: 'query', name }]);
  return us;
}

/** Jaeger's `tags` (a JSON object) and repeated `tag=key:value` parameters as attribute conditions. */
function tagFilters(ctx: RouteContext): AttributeFilter[] {
  const out: AttributeFilter[] = [];
  const json = first(ctx, 'tags');
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new PlatformError('invalid_argument', 'tags must be a JSON object of key to value', [{ in: 'query', name: 'tags' }]);
    }
    for (const [key, value] of Object.entries(parsed)) out.push({ key, value: String(value) });
  }
  for (const t of ctx.request.query.tag ?? []) {
    const colon = t.indexOf(':');
    if (colon <= 0) throw new PlatformError('invalid_argument', `tag ${JSON.stringify(t)} must be key:value`, [{ in: 'query', name: 'tag' }]);
    out.push({ key: t.slice(0, colon), value: t.slice(colon + 1) });
  }
  return out;
}

function lookback(ports: Pick<Ports, 'clock'>) {
  const end = ports.clock.now();
  return { start: end - JAEGER_LOOKBACK_MS, end };
}

async function operations(ports: Ports, service: string): Promise<{ name: string; spanKind: string }[]> {
  const labels = await ports.metrics.findSeries({
    matchers: [
      { name: '__name__', op: '=', value: TEMPO_METRIC.spanCalls },
      { name: 'service', op: '=', value: service },
    ],
    range: lookback(ports),
  });
  const seen = new Map<string, { name: string; spanKind: string }>();
  for (const l of labels) {
    const spanKind = KIND_LABEL[l.span_kind] ?? 'unspecified';
    seen.set(`${l.span_name}\u0000${spanKind}`, { name: l.span_name, spanKind });
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.spanKind < b.spanKind ? -1 : 1));
}

/** The Jaeger query API (what Grafana's Jaeger data source calls), answered in Jaeger's JSON. */
export const jaegerRoutes: Readonly<Record<string, RouteHandler>> = {
  async jaegerServices({ ports }) {
    return jaeger(await ports.traces.services(lookback(ports)));
  },
  async jaegerOperations({ ports, params }) {
    const ops = await operations(ports, params.service as string);
    return jaeger([...new Set(ops.map((o) => o.name))]);
  },
  async jaegerOperationsV2(ctx) {
    const service = first(ctx, 'service');
    if (service === undefined) return jaegerError('invalid_argument', 'service is required', [{ in: 'query', name: 'service' }]);
    const kind = first(ctx, 'spanKind');
    const ops = (await operations(ctx.ports, service)).filter((o) => kind === undefined || o.spanKind === kind);
    return jaeger(ops);
  },
  async jaegerFindTraces(ctx) {
    const { ports } = ctx;
    try {
      const service = first(ctx, 'service');
      if (service === undefined) return jaegerError('invalid_argument', 'parameter \'service\' is required', [{ in: 'query', name: 'service' }]);
      const now = ports.clock.now();
      const endUs = integer(ctx, 'end') ?? now * 1000;
      const startUs = integer(ctx, 'start') ?? endUs - 3_600_000_000;
      if (startUs > endUs) return jaegerError('invalid_argument', 'start is after end', [{ in: 'query', name: 'start' }]);
      const limit = integer(ctx, 'limit') ?? DEFAULT_LIMIT;
      if (limit < 1 || limit > MAX_LIMIT) return jaegerError('invalid_argument', `limit must be between 1 and ${MAX_LIMIT}`, [{ in: 'query', name: 'limit' }]);
      const minDuration = duration(ctx, 'minDuration');
      const maxDuration = duration(ctx, 'maxDuration');
      if (minDuration !== undefined && maxDuration !== undefined && minDuration > maxDuration) return jaegerError('invalid_argument', 'minDuration is larger than maxDuration');
      const operation = first(ctx, 'operation');
      const page = await searchTracesFiltered(
        ports.traces,
        { range: { start: Math.floor(startUs / 1000), end: Math.ceil(endUs / 1000) }, service, operation, minDuration, maxDuration, limit: Math.min(limit, 1000) },
        tagFilters(ctx),
      );
      const traces = [];
      for (const t of page.items.slice(0, limit)) {
        const spans = await ports.traces.getTrace(t.traceId);
        if (spans.length > 0) traces.push(toJaegerTrace(spans));
      }
      return jaeger(traces);
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'invalid_argument') return jaegerError('invalid_argument', error.message, [...error.details]);
      throw error;
    }
  },
  async jaegerGetTrace({ ports, params }) {
    const raw = params.traceId as string;
    if (!/^([0-9a-fA-F]{1,32}|1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24})$/.test(raw)) return jaegerError('invalid_argument', `trace id ${JSON.stringify(raw)} is not valid`, [{ in: 'path', name: 'traceId' }]);
    // Jaeger clients may drop leading zeros of a trace id.
    const traceId = raw.startsWith('1-') ? normaliseTraceId(raw) : raw.toLowerCase().padStart(32, '0');
    const spans = await ports.traces.getTrace(traceId);
    if (spans.length === 0) return jaegerError('not_found', 'trace not found', [{ traceId }]);
    return jaeger([toJaegerTrace(spans)]);
  },
  async jaegerDependencies(ctx) {
    try {
      const endTs = integer(ctx, 'endTs') ?? ctx.ports.clock.now();
      const lookbackMs = integer(ctx, 'lookback') ?? 86_400_000;
      const graph = await dependencyGraph(ctx.ports, { start: endTs - lookbackMs, end: endTs });
      return jaeger(graph.edges.map((e) => ({ parent: e.source, child: e.target, callCount: e.calls })));
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'invalid_argument') return jaegerError('invalid_argument', error.message, [...error.details]);
      throw error;
    }
  },
};
