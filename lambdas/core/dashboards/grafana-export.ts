import type { Dashboard, Panel, Variable } from './dashboard-model';

type Json = Record<string, unknown>;

const PANEL_TYPES: Record<Panel['type'], string> = {
  timeseries: 'timeseries',
  stat: 'stat',
  gauge: 'gauge',
  bar: 'bargauge',
  table: 'table',
  heatmap: 'heatmap',
  text: 'text',
  logs: 'logs',
  traces: 'traces',
  'alert-list': 'alertlist',
};

const DS = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };

/**
 * Exports a dashboard as Grafana JSON (schema 39): PromQL queries against a Prometheus data
 * source chosen through a `DS_PROMETHEUS` variable (point it at the platform's
 * `/api/v1` endpoint), groups as rows, variables as templating.
 */
export function exportGrafanaDashboard(d: Dashboard): Json {
  const panels: Json[] = [];
  let group: string | undefined;
  let rowId = Math.max(0, ...d.panels.map((p) => p.id)) + 1;
  for (const p of d.panels) {
    if (p.group !== group && p.group !== undefined) {
      panels.push({ type: 'row', id: rowId++, title: p.group, collapsed: false, panels: [], gridPos: { x: 0, y: Math.max(0, p.gridPos.y - 1), w: 24, h: 1 } });
    }
    group = p.group;
    panels.push(exportPanel(p));
  }
  return {
    ...(d.uid ? { uid: d.uid } : {}),
    title: d.title,
    ...(d.description ? { description: d.description } : {}),
    tags: [...d.tags],
    time: { ...d.timeRange },
    ...(d.refresh ? { refresh: d.refresh } : {}),
    timezone: d.timezone ?? 'browser',
    schemaVersion: 39,
    editable: true,
    templating: {
      list: [{ name: 'DS_PROMETHEUS', label: 'Data source', type: 'datasource', query: 'prometheus', current: {} }, ...d.variables.map(exportVariable)],
    },
    annotations: { list: [] },
    panels,
    links: (d.links ?? []).map((l) => ({ title: l.title, url: l.url, type: 'link' })),
  };
}

function exportPanel(p: Panel): Json {
  const defaults: Json = {};
  if (p.unit) defaults.unit = p.unit;
  if (p.decimals !== undefined) defaults.decimals = p.decimals;
  if (p.min !== undefined) defaults.min = p.min;
  if (p.max !== undefined) defaults.max = p.max;
  if (p.thresholds) defaults.thresholds = { mode: 'absolute', steps: p.thresholds.map((t) => ({ value: t.value, color: t.color })) };
  const options: Json = { ...(p.options ?? {}) };
  if (p.legend) options.legend = { showLegend: p.legend.show, placement: p.legend.placement ?? 'bottom', displayMode: 'list', calcs: [] };
  if (p.type === 'text') options.content = p.content ?? '';
  if (p.type === 'text') options.mode = 'markdown';
  return {
    id: p.id,
    type: PANEL_TYPES[p.type],
    title: p.title,
    ...(p.description ? { description: p.description } : {}),
    gridPos: { ...p.gridPos },
    datasource: DS,
    targets: p.queries
      .filter((q) => q.kind === 'promql')
      .map((q) => ({
        refId: q.refId,
        datasource: DS,
        expr: q.expr,
        ...(q.legendFormat ? { legendFormat: q.legendFormat } : {}),
        ...(q.instant ? { instant: true, range: false } : { range: true }),
        ...(q.minInterval ? { interval: q.minInterval } : {}),
        ...(q.hide ? { hide: true } : {}),
      })),
    fieldConfig: { defaults, overrides: [] },
    options,
  };
}

function exportVariable(v: Variable): Json {
  const current = v.current === undefined ? {} : { value: v.current, text: v.current };
  const base: Json = {
    name: v.name,
    ...(v.label ? { label: v.label } : {}),
    current,
    multi: v.multi ?? false,
    includeAll: v.includeAll ?? false,
    ...(v.allValue ? { allValue: v.allValue } : {}),
    ...(v.regex ? { regex: v.regex } : {}),
  };
  switch (v.type) {
    case 'query':
      return { ...base, type: 'query', datasource: DS, query: { query: v.query ?? '', refId: `${v.name}-query` }, definition: v.query ?? '', refresh: 2 };
    case 'custom':
    case 'interval':
      return { ...base, type: v.type, query: (v.options ?? []).map((o) => o.replace(/,/g, '\\,')).join(',') };
    case 'constant':
      return { ...base, type: 'constant', query: v.query ?? '' };
    case 'textbox':
      return { ...base, type: 'textbox', query: typeof v.current === 'string' ? v.current : '' };
  }
}
