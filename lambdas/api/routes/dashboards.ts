import { randomUUID } from 'node:crypto';
import { PlatformError } from '../../core/domain/errors';
import type { Dashboard } from '../../core/dashboards/dashboard-model';
import type { StateItem } from '../../core/ports/state-store';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { dashboardRenderRoutes } from './dashboard-render-routes';
import { dashboardFromBody, DASHBOARD_KIND, loadDashboard, presentDashboard, seedBuiltinDashboards, withUid } from './dashboard-documents';
import { dashboardPublisher } from './dashboard-publishing';
import { agreeing, ifMatch } from './state-crud';

// A filtered listing reads the store in rounds; past this many it answers what it has and a cursor.
const MAX_SCAN_ROUNDS = 20;

const etag = (item: StateItem<unknown>) => ({ etag: `"${item.version}"` });

/**
 * Dashboard operations: documents in the platform's dashboard model, validated on every
 * write, with optimistic concurrency on the item `version` (body or If-Match; 409 when stale),
 * listed with search by title and tag; every write is published as a console view.
 */
export const dashboardRoutes: Readonly<Record<string, RouteHandler>> = {
  async listDashboards({ ports, params }) {
    await seedBuiltinDashboards(ports.state);
    const limit = (params.limit as number | undefined) ?? 100;
    const q = (params.q as string | undefined)?.toLowerCase();
    const tags = (params.tag as string[] | undefined) ?? [];
    const matches = (d: Dashboard) => (!q || d.title.toLowerCase().includes(q)) && tags.every((t) => d.tags.includes(t));
    const items: ReturnType<typeof summary>[] = [];
    let cursor = params.cursor as string | undefined;
    // Each round asks for exactly what is still missing, so the store's cursor resumes right after the last item read.
    for (let round = 0; round < MAX_SCAN_ROUNDS && items.length < limit; round++) {
      const page = await ports.state.list<Dashboard>(DASHBOARD_KIND, { limit: limit - items.length, cursor });
      for (const item of page.items) if (matches(item.value)) items.push(summary(item));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return jsonResponse(200, { items, ...(cursor && { nextCursor: cursor }) });
  },

  async createDashboard({ ports, body }) {
    const { id: given, version, dashboard } = dashboardFromBody(body);
    const id = given ?? randomUUID();
    const item = await ports.state.put<Dashboard>(DASHBOARD_KIND, id, withUid(dashboard, id), { expectedVersion: version ?? 0 });
    const warnings = await publish(id, item.value);
    return jsonResponse(201, { ...presentDashboard(item), ...warnings }, { location: `/monitoring/dashboards/${encodeURIComponent(id)}`, ...etag(item) });
  },

  async getDashboard({ ports, params }) {
    const item = await loadDashboard(ports.state, params.id as string);
    return jsonResponse(200, presentDashboard(item), etag(item));
  },

  async updateDashboard(ctx) {
    const id = ctx.params.id as string;
    const { id: bodyId, version, dashboard } = dashboardFromBody(ctx.body);
    if (bodyId !== undefined && bodyId !== id) {
      throw new PlatformError('invalid_argument', `the body's id ${bodyId} differs from the path's ${id}`, [{ in: 'body', name: 'id' }]);
    }
    await seedBuiltinDashboards(ctx.ports.state);
    const expectedVersion = agreeing(version, ifMatch(ctx));
    const item = await ctx.ports.state.put<Dashboard>(DASHBOARD_KIND, id, withUid(dashboard, id), expectedVersion === undefined ? {} : { expectedVersion });
    const warnings = await publish(id, item.value);
    return jsonResponse(200, { ...presentDashboard(item), ...warnings }, etag(item));
  },

  async deleteDashboard(ctx) {
    const id = ctx.params.id as string;
    await seedBuiltinDashboards(ctx.ports.state);
    const expectedVersion = agreeing(ctx.params.version as number | undefined, ifMatch(ctx));
    const deleted = await ctx.ports.state.delete(DASHBOARD_KIND, id, expectedVersion === undefined ? {} : { expectedVersion });
    if (!deleted) throw new PlatformError('not_found', `dashboard ${id} does not exist`, [{ id }]);
    await dashboardPublisher().unpublish(id).catch(() => undefined); // the stored state is what counts
    return { statusCode: 204 };
  },

  ...dashboardRenderRoutes,
};

function summary(item: StateItem<Dashboard>) {
  const d = item.value;
  return {
    id: item.id,
    title: d.title,
    tags: d.tags,
    ...(d.description !== undefined && { description: d.description }),
    schemaVersion: d.schemaVersion,
    panelCount: d.panels.length,
    version: item.version,
    updatedAt: formatMillis(item.updatedAt),
  };
}

/** Publishes the console view; a failure does not undo the write, it is reported in `warnings`. */
async function publish(id: string, dashboard: Dashboard): Promise<{ warnings?: string[] }> {
  try {
    await dashboardPublisher().publish(id, dashboard);
    return {};
  } catch (error) {
    return { warnings: [`the console view was not published: ${(error as Error).message}`] };
  }
}
