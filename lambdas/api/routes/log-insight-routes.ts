import { PlatformError } from '../../core/domain/errors';
import type { LogPattern } from '../../core/logs/patterns/drain-miner';
import type { ErrorGroup } from '../../core/logs/errors/error-groups';
import type { ServiceLogStateJson } from '../../core/logs/pipeline/service-log-state';
import { ServiceLogState } from '../../core/logs/pipeline/service-log-state';
import type { Ports } from '../../core/ports';
import type { StateItem } from '../../core/ports/state-store';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { timeRangeOf } from '../params/time-range';
import { runLogAggregation } from './log-search';

// The log processor's per-service state (lambdas/handlers/processors/log-service-enrichment.ts).
const SERVICE_LOG_STATE_KIND = 'log-service-state';
const TREND_BUCKETS = 12;

async function serviceStates(ports: Ports, service?: string): Promise<{ service: string; state: ServiceLogState }[]> {
  if (service !== undefined) {
    const item = await ports.state.get<ServiceLogStateJson>(SERVICE_LOG_STATE_KIND, service);
    return item ? [{ service, state: ServiceLogState.fromJSON(item.value) }] : [];
  }
  const out: { service: string; state: ServiceLogState }[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.state.list<ServiceLogStateJson>(SERVICE_LOG_STATE_KIND, { limit: 100, ...(cursor && { cursor }) });
    out.push(...page.items.map((i: StateItem<ServiceLogStateJson>) => ({ service: i.id, state: ServiceLogState.fromJSON(i.value) })));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function presentGroup(service: string | undefined, g: ErrorGroup) {
  return { id: g.fingerprint, ...g, ...(service && { service }), firstSeen: formatMillis(g.firstSeen), lastSeen: formatMillis(g.lastSeen) };
}

function page<T>(items: T[], limit: number, cursor: string | undefined) {
  const offset = cursor !== undefined ? Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10) || 0 : 0;
  const slice = items.slice(offset, offset + limit);
  return { items: slice, ...(offset + limit < items.length && { nextCursor: Buffer.from(String(offset + limit)).toString('base64url') }) };
}

/** Patterns and error groups: what the log processor mined, with counts from the stored records. */
export const logInsightRoutes: Readonly<Record<string, RouteHandler>> = {
  /** Templates with total counts, counts in the range, a trend over the range (12 buckets) and a sample. */
  async listLogPatterns({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const service = params.service as string | undefined;
    const limit = (params.limit as number | undefined) ?? 50;
    const interval = Math.max(1, Math.ceil((range.end - range.start + 1) / TREND_BUCKETS));
    const search = { range, ...(service !== undefined && { service }) };
    const inRange = await runLogAggregation(ports, search, { type: 'terms', field: 'patternId', size: 10_000 });
    const trend = await runLogAggregation(ports, search, { type: 'histogram', intervalMs: interval, by: 'patternId' });
    const patterns = new Map<string, { service: string; pattern: LogPattern }>();
    for (const s of await serviceStates(ports, service)) for (const p of s.state.miner.patterns()) patterns.set(p.id, { service: s.service, pattern: p });
    const items = inRange
      .filter((b) => patterns.has(String(b.key)))
      .map((b) => {
        const { service: svc, pattern } = patterns.get(String(b.key))!;
        const series = Array.from({ length: TREND_BUCKETS }, () => 0);
        for (const t of trend) {
          if (t.by !== b.key) continue;
          const i = Math.floor(((t.key as number) - range.start) / interval);
          if (i >= 0 && i < TREND_BUCKETS) series[i] += t.count;
        }
        return {
          id: pattern.id,
          service: svc,
          template: pattern.template,
          count: b.count,
          totalCount: pattern.count,
          firstSeen: formatMillis(pattern.firstSeen),
          lastSeen: formatMillis(pattern.lastSeen),
          trend: { start: formatMillis(range.start), intervalMs: interval, counts: series },
          sample: pattern.sample,
        };
      });
    return jsonResponse(200, page(items, limit, params.cursor as string | undefined));
  },

  /** Error groups seen in the range, most recent first. */
  async listErrorGroups({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const limit = (params.limit as number | undefined) ?? 50;
    const groups = (await serviceStates(ports, params.service as string | undefined))
      .flatMap((s) => s.state.errors.list().map((g) => ({ service: s.service, g })))
      .filter(({ g }) => g.lastSeen >= range.start && g.firstSeen <= range.end)
      .sort((a, b) => b.g.lastSeen - a.g.lastSeen || b.g.count - a.g.count);
    return jsonResponse(200, page(groups.map(({ service, g }) => presentGroup(service, g)), limit, params.cursor as string | undefined));
  },

  /** One error group by its id (fingerprint). */
  async getErrorGroup({ ports, params }) {
    const id = params.id as string;
    for (const s of await serviceStates(ports)) {
      const g = s.state.errors.get(id);
      if (g) return jsonResponse(200, presentGroup(s.service, g));
    }
    throw new PlatformError('not_found', `no error group ${JSON.stringify(id)}`, [{ in: 'path', name: 'id' }]);
  },
};
