import { PlatformError } from '../../core/domain/errors';
import type { Span, TraceSummary } from '../../core/domain/span';
import type { Page } from '../../core/ports/page';
import type { TraceQuery, TraceStore } from '../../core/ports/trace-store';

/** One attribute condition: a span of the trace has `key` (on the span or its resource) with this value as text. */
export interface AttributeFilter {
  readonly key: string;
  readonly value: string;
}

/** Most traces read to answer one attribute-filtered page: the filter runs on whole traces, so it is bounded. */
export const MAX_FILTER_SCAN = 2000;

/** Parses `key=value` conditions (repeatable `attribute` parameter). */
export function parseAttributeFilters(raw: readonly string[] | undefined): AttributeFilter[] {
  return (raw ?? []).map((text) => {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new PlatformError('invalid_argument', `attribute filter ${JSON.stringify(text)} must be key=value`, [{ in: 'query', name: 'attribute', value: text }]);
    return { key: text.slice(0, eq), value: text.slice(eq + 1).replace(/^"(.*)"$/, '$1') };
  });
}

const asText = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Whether every condition holds on some span of the trace (each condition may hold on a different span, as Jaeger's tag search does). */
export function traceMatches(spans: readonly Span[], filters: readonly AttributeFilter[]): boolean {
  return filters.every((f) => spans.some((s) => asText(s.attributes[f.key]) === f.value || asText(s.resource[f.key]) === f.value || (f.key === 'error' && f.value === 'true' && s.status === 'error')));
}

/**
 * Trace search with attribute conditions on top of the store's search: pages of summaries are
 * read and each trace checked whole, until the page is full or {@link MAX_FILTER_SCAN} traces
 * were read; `nextCursor` continues after the last store page read. Without conditions it is
 * the store's search.
 */
export async function searchTracesFiltered(store: TraceStore, query: TraceQuery, filters: readonly AttributeFilter[]): Promise<Page<TraceSummary>> {
  if (filters.length === 0) return store.searchTraces(query);
  const limit = query.limit ?? 20;
  const items: TraceSummary[] = [];
  let cursor = query.cursor;
  let scanned = 0;
  do {
    const page = await store.searchTraces({ ...query, limit, cursor });
    for (const t of page.items) {
      scanned++;
      if (traceMatches(await store.getTrace(t.traceId), filters)) items.push(t);
    }
    cursor = page.nextCursor;
  } while (cursor && items.length < limit && scanned < MAX_FILTER_SCAN);
  return cursor ? { items, nextCursor: cursor } : { items };
}
