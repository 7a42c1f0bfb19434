import { PlatformError } from '../../core/domain/errors';
import { MetricMetadataCatalog } from '../../core/metrics/metric-metadata-catalog';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { timeRangeOf } from '../params/time-range';

/** One catalogue entry of `GET /monitoring/metrics`. */
export interface MetricCatalogueEntry {
  readonly name: string;
  readonly type: string;
  readonly unit: string;
  readonly help: string;
  readonly labelNames: string[];
  readonly seriesCount: number;
}

const DEFAULT_LIMIT = 100;

function cursorName(cursor: unknown): string | undefined {
  if (typeof cursor !== 'string') return undefined;
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new PlatformError('invalid_argument', 'cursor is not one this endpoint issued', [{ in: 'query', name: 'cursor' }]);
  return name;
}

/**
 * `GET /monitoring/metrics`: the metric names with samples in the range, filtered by a name
 * substring (`name`, case-insensitive), in name order, a page at a time; each with its type,
 * unit and help (from the metadata senders sent), label names and number of series.
 */
export const listMetrics: RouteHandler = async ({ ports, params }) => {
  const range = timeRangeOf(params, ports.clock.now());
  const filter = typeof params.name === 'string' ? params.name.toLowerCase() : '';
  const limit = (params.limit as number | undefined) ?? DEFAULT_LIMIT;
  const after = cursorName(params.cursor);
  const names = (await ports.metrics.labelValues('__name__', { matchers: [], range }))
    .filter((n) => (filter === '' || n.toLowerCase().includes(filter)) && (after === undefined || n > after))
    .sort();
  const page = names.slice(0, limit);
  const metadata = await new MetricMetadataCatalog(ports.state).all();
  const items: MetricCatalogueEntry[] = [];
  for (const name of page) {
    const selection = { matchers: [{ name: '__name__', op: '=' as const, value: name }], range };
    const [labelNames, series] = await Promise.all([ports.metrics.labelNames(selection), ports.metrics.findSeries(selection)]);
    const meta = metadata.get(name) ?? metadata.get(name.replace(/_(bucket|sum|count|total|created)$/, ''));
    items.push({
      name,
      type: meta?.type ?? 'unknown',
      unit: meta?.unit ?? '',
      help: meta?.help ?? '',
      labelNames: labelNames.filter((l) => l !== '__name__'),
      seriesCount: series.length,
    });
  }
  const next = names.length > limit ? Buffer.from(page[page.length - 1], 'utf8').toString('base64url') : undefined;
  return jsonResponse(200, { items, ...(next && { nextCursor: next }) });
};
