import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  type TraceSummary as XRayTraceSummary,
  type XRayClient,
} from '@aws-sdk/client-xray';
import type { TimeRange } from '../../core/domain/series';
import type { Span, TraceSummary } from '../../core/domain/span';
import type { Page } from '../../core/ports/page';
import type { TraceQuery, TraceStore } from '../../core/ports/trace-store';
import { pageCursor } from '../page-cursor';
import { ANNOTATIONS, xraySegments } from './xray-segments';

/** Settings of {@link XRayTraceStore}. */
export interface XRayTraceStoreOptions {
  readonly client: XRayClient;
  /** Most trace summaries one search reads. @default 1000 */
  readonly maxScan?: number;
}

/** X-Ray limits: documents per PutTraceSegments (as the X-Ray daemon batches), ids per BatchGetTraces, and the search window. */
export const XRAY_LIMITS = { documentsPerPut: 50, idsPerBatchGet: 5, summaryWindowMs: 6 * 3_600_000 } as const;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

interface Position {
  start: number;
  id: string;
}

/**
 * Traces in AWS X-Ray. `putSpans` sends one segment document per span (see `xray-segments.ts`)
 * in PutTraceSegments batches of 50 and throws when X-Ray leaves some unprocessed. `getTrace`
 * reads BatchGetTraces and unfolds nested subsegments back into spans. `searchTraces` narrows
 * with GetTraceSummaries (event time, 6-hour windows, a filter expression on service, span-name
 * and status annotations and duration), then reads the candidates with BatchGetTraces to apply
 * the exact same-span filter and compute counts; it scans at most `maxScan` summaries.
 * With Transaction Search on, BatchGetTraces finds nothing (see AWS-FACTS.md): not handled yet.
 */
export class XRayTraceStore implements TraceStore {
  private readonly client: XRayClient;
  private readonly maxScan: number;

  constructor(options: XRayTraceStoreOptions) {
    this.client = options.client;
    this.maxScan = options.maxScan ?? 1000;
  }

  async putSpans(spans: readonly Span[]): Promise<void> {
    const documents = spans.map((s) => xraySegments.toDocument(s));
    for (let i = 0; i < documents.length; i += XRAY_LIMITS.documentsPerPut) {
      const out = await this.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents.slice(i, i + XRAY_LIMITS.documentsPerPut) }));
      const failed = out.UnprocessedTraceSegments ?? [];
      if (failed.length > 0) {
        throw new Error(`X-Ray left ${failed.length} segment(s) unprocessed: ${failed.map((f) => `${f.Id} ${f.ErrorCode} ${f.Message}`).join('; ')}`);
      }
    }
  }

  async getTrace(traceId: string): Promise<Span[]> {
    return (await this.fetch([xraySegments.traceId(traceId)])).get(traceId.toLowerCase()) ?? [];
  }

  async searchTraces(q: TraceQuery): Promise<Page<TraceSummary>> {
    const limit = clampLimit(q.limit);
    const after = q.cursor !== undefined ? pageCursor.decode(q.cursor, isPosition) : undefined;
    const candidates = (await this.summaries(q))
      .map((s) => ({ id: s.Id ?? '', start: s.StartTime?.getTime() ?? 0 }))
      .filter((c) => c.id !== '' && (!after || c.start < after.start || (c.start === after.start && c.id < after.id)))
      .sort((a, b) => b.start - a.start || (a.id < b.id ? 1 : -1));
    const items: TraceSummary[] = [];
    let last: Position | undefined;
    for (let i = 0; i < candidates.length && items.length < limit; i += XRAY_LIMITS.idsPerBatchGet) {
      const chunk = candidates.slice(i, i + XRAY_LIMITS.idsPerBatchGet);
      const traces = await this.fetch(chunk.map((c) => c.id));
      for (const c of chunk) {
        if (items.length >= limit) break;
        last = c;
        const spans = traces.get(xraySegments.otelTraceId(c.id)) ?? [];
        const summary = summarise(spans);
        if (summary && matches(spans, summary, q)) items.push(summary);
      }
    }
    const more = last !== undefined && candidates[candidates.length - 1] !== last;
    return more ? { items, nextCursor: pageCursor.encode(last) } : { items };
  }

  async services(range: TimeRange): Promise<string[]> {
    const names = new Set<string>();
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new GetServiceGraphCommand({ StartTime: new Date(range.start), EndTime: new Date(range.end), ...(token && { NextToken: token }) }),
      );
      for (const s of out.Services ?? []) if (s.Name && s.Type !== 'client') names.add(s.Name);
      token = out.NextToken;
    } while (token);
    return [...names].sort();
  }

  async ping(): Promise<void> {
    const now = Date.now();
    await this.client.send(new GetTraceSummariesCommand({ StartTime: new Date(now - 1000), EndTime: new Date(now), TimeRangeType: 'Event' }));
  }

  /** Summaries in the range, newest window first, at most `maxScan`. */
  private async summaries(q: TraceQuery): Promise<XRayTraceSummary[]> {
    const out: XRayTraceSummary[] = [];
    const filter = filterExpression(q);
    for (let end = q.range.end; end >= q.range.start && out.length < this.maxScan; end -= XRAY_LIMITS.summaryWindowMs) {
      const start = Math.max(q.range.start, end - XRAY_LIMITS.summaryWindowMs);
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new GetTraceSummariesCommand({
            StartTime: new Date(start),
            EndTime: new Date(end),
            TimeRangeType: 'Event',
            Sampling: false,
            ...(filter && { FilterExpression: filter }),
            ...(token && { NextToken: token }),
          }),
        );
        out.push(...(page.TraceSummaries ?? []));
        token = out.length < this.maxScan ? page.NextToken : undefined;
      } while (token);
      if (start === q.range.start) break;
    }
    return out;
  }

  /** Full traces by X-Ray id, as spans keyed by the 32-hex trace id. */
  private async fetch(xrayIds: string[]): Promise<Map<string, Span[]>> {
    const out = new Map<string, Span[]>();
    for (let i = 0; i < xrayIds.length; i += XRAY_LIMITS.idsPerBatchGet) {
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new BatchGetTracesCommand({ TraceIds: xrayIds.slice(i, i + XRAY_LIMITS.idsPerBatchGet), ...(token && { NextToken: token }) }),
        );
        for (const t of page.Traces ?? []) {
          const traceId = xraySegments.otelTraceId(t.Id ?? '');
          const spans = out.get(traceId) ?? [];
          for (const seg of t.Segments ?? []) if (seg.Document) spans.push(...xraySegments.toSpans(seg.Document, traceId));
          out.set(traceId, spans);
        }
        token = page.NextToken;
      } while (token);
    }
    for (const spans of out.values()) spans.sort((a, b) => a.startTime - b.startTime || (a.spanId < b.spanId ? -1 : 1));
    return out;
  }
}

/** The coarse per-trace filter X-Ray can apply; the exact same-span check follows on the full trace. */
function filterExpression(q: TraceQuery): string | undefined {
  const parts: string[] = [];
  const str = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  if (q.service !== undefined) parts.push(`service(${str(q.service)})`);
  if (q.operation !== undefined) parts.push(`annotation.${ANNOTATIONS.name} = ${str(q.operation)}`);
  if (q.status !== undefined) parts.push(`annotation.${ANNOTATIONS.status} = ${str(q.status)}`);
  if (q.minDuration !== undefined) parts.push(`duration >= ${q.minDuration / 1e6}`);
  if (q.maxDuration !== undefined) parts.push(`duration <= ${q.maxDuration / 1e6}`);
  return parts.length > 0 ? parts.join(' AND ') : undefined;
}

function summarise(spans: Span[]): TraceSummary | undefined {
  if (spans.length === 0) return undefined;
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId)) ?? spans[0];
  const start = Math.min(...spans.map((s) => s.startTime));
  const end = Math.max(...spans.map((s) => s.startTime + s.duration));
  return {
    traceId: spans[0].traceId,
    rootService: root.service,
    rootName: root.name,
    startTime: start,
    duration: end - start,
    spanCount: spans.length,
    errorCount: spans.filter((s) => s.status === 'error').length,
    services: [...new Set(spans.map((s) => s.service))].sort(),
  };
}

function matches(spans: Span[], summary: TraceSummary, q: TraceQuery): boolean {
  if (q.minDuration !== undefined && summary.duration < q.minDuration) return false;
  if (q.maxDuration !== undefined && summary.duration > q.maxDuration) return false;
  return spans.some(
    (s) =>
      s.startTime >= q.range.start * 1000 &&
      s.startTime <= q.range.end * 1000 &&
      (q.service === undefined || s.service === q.service) &&
      (q.operation === undefined || s.name === q.operation) &&
      (q.status === undefined || s.status === q.status),
  );
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

function isPosition(p: unknown): p is Position {
  const o = p as Partial<Position> | null;
  return typeof o === 'object' && o !== null && Number.isFinite(o.start) && typeof o.id === 'string';
}
