import { PlatformError } from '../../core/domain/errors';
import type { Dashboard } from '../../core/dashboards/dashboard-model';
import { validateDashboard } from '../../core/dashboards/validate-dashboard';
import type { StateItem, StateStore } from '../../core/ports/state-store';
import { formatMillis } from '../params/format-time';
import { BUILTIN_DASHBOARDS } from './builtin-dashboards';

/** The StateStore kind dashboards are kept under. */
export const DASHBOARD_KIND = 'dashboard';

/**
 * The model dashboard in a request body: the item fields (`id`, `version`, `updatedAt`) are
 * taken out, the rest must pass {@link validateDashboard} (defaults filled), else 400 with
 * the problem list in `details`.
 */
export function dashboardFromBody(body: unknown): { id?: string; version?: number; dashboard: Dashboard } {
  // The path or body id is the dashboard's identity; a `uid` in the body is taken as the id only when no id is given.
  const { id, version, updatedAt: _ignored, uid, ...rest } = (body ?? {}) as Record<string, unknown>;
  const { dashboard, problems } = validateDashboard(rest);
  if (!dashboard) throw new PlatformError('invalid_argument', 'the body is not a valid dashboard', problems.map((p) => ({ in: 'body', ...p })));
  return { id: (id ?? uid) as string | undefined, version: version as number | undefined, dashboard };
}

/** The dashboard as stored under `id`: `uid` is the id when the id fits the model's uid pattern. */
export function withUid(dashboard: Dashboard, id: string): Dashboard {
  const { uid: _old, ...rest } = dashboard;
  return /^[a-zA-Z0-9_-]{1,64}$/.test(id) ? { ...rest, uid: id } : rest;
}

/** A stored dashboard as the API answers it: the model plus `id`, `version` (edit version) and `updatedAt`. */
export function presentDashboard(item: StateItem<Dashboard>) {
  return { ...item.value, id: item.id, version: item.version, updatedAt: formatMillis(item.updatedAt) };
}

/** Reads a dashboard or throws not_found. */
export async function loadDashboard(state: StateStore, id: string): Promise<StateItem<Dashboard>> {
  await seedBuiltinDashboards(state);
  const item = await state.get<Dashboard>(DASHBOARD_KIND, id);
  if (!item) throw new PlatformError('not_found', `dashboard ${id} does not exist`, [{ id }]);
  return item;
}

const seeded = new WeakMap<StateStore, Promise<void>>();

/**
 * Puts the checked-in dashboards (`dashboards/*.dashboard.json`) into the StateStore when
 * absent, once per store and process (a cold start). They are versioned like any other: an
 * edit through the API is kept, and deleting one brings it back on the next cold start.
 */
export function seedBuiltinDashboards(state: StateStore): Promise<void> {
  let done = seeded.get(state);
  if (!done) {
    done = Promise.all(
      Object.entries(BUILTIN_DASHBOARDS).map(async ([id, dashboard]) => {
        try {
          await state.put(DASHBOARD_KIND, id, withUid(dashboard, id), { expectedVersion: 0 });
        } catch (error) {
          if ((error as PlatformError).code !== 'conflict') throw error; // already there
        }
      }),
    ).then(() => undefined);
    seeded.set(state, done);
    done.catch(() => seeded.delete(state)); // retry on the next request
  }
  return done;
}
