import { randomUUID } from 'node:crypto';
import { formatDuration, parseDuration } from '../../core/alerting/duration';
import { PlatformError } from '../../core/domain/errors';
import { cloudWatchBodyProblems } from '../../core/dashboards/cloudwatch-body-rules';
import { renderCloudWatchBody } from '../../core/dashboards/cloudwatch-body';
import type { Dashboard } from '../../core/dashboards/dashboard-model';
import { exportGrafanaDashboard } from '../../core/dashboards/grafana-export';
import { importGrafanaDashboard } from '../../core/dashboards/grafana-import';
import { RenderCache } from '../../core/dashboards/render-cache';
import { renderDashboard, type DashboardRender, type QueryData } from '../../core/dashboards/render-dashboard';
import { validateDashboard } from '../../core/dashboards/validate-dashboard';
import type { MetricStore } from '../../core/ports/metric-store';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMicros, formatMillis } from '../params/format-time';
import { timeRangeOf } from '../params/time-range';
import { DASHBOARD_KIND, loadDashboard, presentDashboard, seedBuiltinDashboards, withUid } from './dashboard-documents';
import { dashboardPublisher } from './dashboard-publishing';
import { sampleValue } from './metric-routes';

// One cache per metric store, so tests and runtimes with their own stores never share renders.
const caches = new WeakMap<MetricStore, RenderCache<DashboardRender>>();
// A default range ("now-6h" to now) ends on this grid, so renders a few seconds apart share a cache entry.
const NOW_ALIGN_MS = 10_000;

/** Render, Grafana import and export, and the CloudWatch body of dashboards. */
export const dashboardRenderRoutes: Readonly<Record<string, RouteHandler>> = {
  async renderDashboard({ ports, params, request }) {
    const item = await loadDashboard(ports.state, params.id as string);
    const d = item.value;
    const range = rangeFor(d, params, ports.clock.now());
    const variables: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(request.query)) if (name.startsWith('var-')) variables[name.slice(4)] = [...values];
    const stepMs = typeof params.step === 'string' ? parseDuration(params.step) : undefined;
    if (stepMs !== undefined && stepMs <= 0) throw new PlatformError('invalid_argument', 'step must be positive', [{ in: 'query', name: 'step' }]);
    const maxDataPoints = params.maxDataPoints as number | undefined;
    const key = JSON.stringify([item.id, item.version, range.start, range.end, stepMs, maxDataPoints, Object.entries(variables).sort()]);
    let cache = caches.get(ports.metrics);
    if (!cache) caches.set(ports.metrics, (cache = new RenderCache<DashboardRender>()));
    const now = ports.clock.now();
    let render = cache.get(key, now);
    const cached = render !== undefined;
    if (!render) {
      render = await renderDashboard(d, ports, { range, variables, stepMs, maxDataPoints });
      cache.set(key, render, now);
    }
    const only = params.panel as number[] | undefined;
    const panels = only ? render.panels.filter((p) => only.includes(p.id)) : render.panels;
    return jsonResponse(200, {
      id: item.id,
      version: item.version,
      from: formatMillis(range.start),
      to: formatMillis(range.end),
      cached,
      variables: render.variables,
      panels: panels.map((p) => ({ ...p, queries: p.queries.map(presentQuery) })),
    });
  },

  async importDashboard({ ports, body }) {
    const wrapper = (body ?? {}) as { dashboard?: unknown; overwrite?: boolean };
    const { dashboard: imported, notes } = importGrafanaDashboard(body);
    const { dashboard, problems } = validateDashboard(imported);
    if (!dashboard) throw new PlatformError('unprocessable', 'the imported dashboard is not valid in the platform model', problems);
    await seedBuiltinDashboards(ports.state);
    const id = dashboard.uid ?? randomUUID();
    const item = await ports.state.put<Dashboard>(DASHBOARD_KIND, id, withUid(dashboard, id), wrapper.overwrite === true ? {} : { expectedVersion: 0 });
    await dashboardPublisher().publish(id, item.value).catch(() => undefined);
    return jsonResponse(201, { dashboard: presentDashboard(item), notes }, { location: `/monitoring/dashboards/${encodeURIComponent(id)}` });
  },

  async exportDashboard({ ports, params }) {
    const item = await loadDashboard(ports.state, params.id as string);
    if (params.format === 'model') return jsonResponse(200, presentDashboard(item));
    return jsonResponse(200, exportGrafanaDashboard({ ...item.value, uid: item.id }));
  },

  async getDashboardCloudWatchBody({ ports, params }) {
    const item = await loadDashboard(ports.state, params.id as string);
    const { body, notes } = renderCloudWatchBody(item.value, {
      datasourceFunction: (params.datasourceFunction as string | undefined) ?? 'observability-metrics-datasource',
      region: (params.region as string | undefined) ?? 'us-east-1',
      logGroupPrefix: '/observability/',
    });
    return jsonResponse(200, { body, notes, problems: cloudWatchBodyProblems(body) });
  },
};

/** The request's range, else the dashboard's default (`now-6h` .. `now`) ending on a 10 s grid. */
function rangeFor(d: Dashboard, params: Readonly<Record<string, unknown>>, now: number) {
  if (params.from !== undefined || params.to !== undefined || params.start !== undefined || params.end !== undefined) return timeRangeOf(params, now);
  const aligned = now - (now % NOW_ALIGN_MS);
  const end = relative(d.timeRange.to, aligned) ?? aligned;
  const start = relative(d.timeRange.from, aligned) ?? end - 3_600_000;
  return { start: Math.min(start, end), end };
}

function relative(text: string, now: number): number | undefined {
  if (text === 'now') return now;
  const m = /^now-(\d+[smhdwy])$/.exec(text);
  if (m) return now - parseDuration(m[1]);
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : undefined;
}

function presentQuery({ stepMs, ...q }: QueryData) {
  return {
    ...q,
    ...(stepMs !== undefined && { step: formatDuration(stepMs) }),
    ...(q.timestamps && { timestamps: q.timestamps.map(formatMillis) }),
    ...(q.series && { series: q.series.map((s) => ({ ...s, values: s.values.map((v) => (v === null ? null : sampleValue(v))) })) }),
    ...(q.logs && { logs: q.logs.map((r) => ({ ...r, timestamp: formatMillis(r.timestamp) })) }),
    ...(q.traces && { traces: q.traces.map((t) => ({ ...t, startTime: formatMicros(t.startTime) })) }),
  };
}
