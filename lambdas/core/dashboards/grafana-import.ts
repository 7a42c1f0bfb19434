import { DASHBOARD_SCHEMA_VERSION, type Dashboard, type Panel, type PanelQuery, type PanelType, type Threshold, type Variable } from './dashboard-model';

/** Something of the Grafana dashboard that has no place in the model, and why. */
export interface ImportNote {
  readonly panelId?: number;
  readonly title: string;
  readonly reason: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PANEL_TYPE_MAP: Record<string, PanelType> = {
  timeseries: 'timeseries',
  graph: 'timeseries',
  stat: 'stat',
  singlestat: 'stat',
  gauge: 'gauge',
  bargauge: 'bar',
  barchart: 'bar',
  table: 'table',
  'table-old': 'table',
  heatmap: 'heatmap',
  text: 'text',
  logs: 'logs',
  traces: 'traces',
  alertlist: 'alert-list',
};

// Data source types whose queries are PromQL.
const PROMQL_SOURCES = new Set(['prometheus', 'grafana-amazonprometheus-datasource', 'observability']);

/**
 * Imports a Grafana dashboard JSON (Prometheus-datasource panels, templating variables, rows,
 * collapsed rows) into the model. Grafana macros such as `$__rate_interval` stay in the
 * expressions: the renderer expands them. Whatever cannot be mapped (a panel type or data
 * source the platform does not draw, an ad hoc filter) is left out and listed in `notes`.
 */
export function importGrafanaDashboard(grafana: unknown): { dashboard: Dashboard; notes: ImportNote[] } {
  const g = (grafana && typeof grafana === 'object' ? grafana : {}) as Json;
  const src: Json = g.dashboard && typeof g.dashboard === 'object' ? g.dashboard : g; // the API wraps it
  const notes: ImportNote[] = [];
  const panels: Panel[] = [];
  // An open row owns the panels that follow it; a collapsed row carries its panels inside.
  const visit = (list: Json[], initial?: string) => {
    let group = initial;
    for (const p of list ?? []) {
      if (p.type === 'row') {
        group = p.title || undefined;
        visit(p.panels ?? [], group);
        continue;
      }
      const panel = importPanel(p, group, src, notes);
      if (panel) panels.push(panel);
    }
  };
  // Grafana before schema 16 kept panels in rows[].panels.
  if (Array.isArray(src.rows)) for (const row of src.rows) visit(row.panels ?? [], row.title || undefined);
  visit(src.panels ?? []);
  const variables: Variable[] = [];
  for (const v of src.templating?.list ?? []) {
    const mapped = importVariable(v, notes);
    if (mapped) variables.push(mapped);
  }
  const uid = typeof src.uid === 'string' && /^[a-zA-Z0-9_-]{1,64}$/.test(src.uid) ? src.uid : undefined;
  const dashboard: Dashboard = {
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    ...(uid ? { uid } : {}),
    title: String(src.title || 'Imported dashboard').slice(0, 512),
    ...(src.description ? { description: String(src.description) } : {}),
    tags: (Array.isArray(src.tags) ? src.tags : []).filter((t: unknown) => typeof t === 'string' && t !== '').slice(0, 50),
    timeRange: { from: String(src.time?.from ?? 'now-6h'), to: String(src.time?.to ?? 'now') },
    ...(typeof src.refresh === 'string' && /^([0-9]+(ms|s|m|h|d|w|y))+$/.test(src.refresh) ? { refresh: src.refresh } : {}),
    ...(src.timezone ? { timezone: String(src.timezone) } : {}),
    variables,
    panels,
  };
  return { dashboard, notes };
}

function importPanel(p: Json, group: string | undefined, dash: Json, notes: ImportNote[]): Panel | undefined {
  const title = String(p.title ?? '');
  const type = PANEL_TYPE_MAP[p.type];
  if (!type) {
    notes.push({ panelId: p.id, title, reason: `panel type "${p.type}" is not drawn by the platform` });
    return undefined;
  }
  const queries: PanelQuery[] = [];
  for (const t of p.targets ?? []) {
    const dsType = datasourceType(t.datasource ?? p.datasource, dash);
    if (typeof t.expr === 'string' && t.expr.trim() !== '' && (dsType === undefined || PROMQL_SOURCES.has(dsType))) {
      queries.push({
        refId: /^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(t.refId ?? '') ? t.refId : `Q${queries.length + 1}`,
        kind: 'promql',
        expr: t.expr,
        ...(t.legendFormat && t.legendFormat !== '__auto' ? { legendFormat: t.legendFormat } : {}),
        ...(t.instant === true && t.range !== true ? { instant: true } : {}),
        ...(typeof t.interval === 'string' && t.interval !== '' ? { minInterval: t.interval } : {}),
        ...(t.hide === true ? { hide: true } : {}),
      });
    } else {
      notes.push({ panelId: p.id, title, reason: `query ${t.refId ?? '?'} uses data source "${dsType ?? 'unknown'}" without a PromQL expression` });
    }
  }
  if (type !== 'text' && queries.length === 0 && (p.targets ?? []).length > 0) {
    notes.push({ panelId: p.id, title, reason: 'no query could be mapped; the panel is kept empty' });
  }
  const d = p.fieldConfig?.defaults ?? {};
  const grid = p.gridPos ?? {};
  const w = clamp(Math.round(grid.w ?? 12), 1, 24);
  const x = clamp(Math.round(grid.x ?? 0), 0, 24 - w);
  const thresholds: Threshold[] | undefined = Array.isArray(d.thresholds?.steps)
    ? d.thresholds.steps.map((s: Json) => ({ value: typeof s.value === 'number' ? s.value : null, color: String(s.color ?? 'green') }))
    : undefined;
  const legend = p.options?.legend;
  return {
    id: Number.isInteger(p.id) && p.id >= 0 ? p.id : 0,
    title,
    type,
    gridPos: { x, y: Math.max(0, Math.round(grid.y ?? 0)), w, h: clamp(Math.round(grid.h ?? 8), 1, 1000) },
    ...(p.description ? { description: String(p.description) } : {}),
    queries,
    ...(typeof d.unit === 'string' && d.unit ? { unit: d.unit } : {}),
    ...(Number.isInteger(d.decimals) ? { decimals: d.decimals } : {}),
    ...(typeof d.min === 'number' ? { min: d.min } : {}),
    ...(typeof d.max === 'number' ? { max: d.max } : {}),
    ...(thresholds ? { thresholds } : {}),
    ...(legend ? { legend: { show: legend.showLegend !== false && legend.displayMode !== 'hidden', placement: legend.placement === 'right' ? 'right' : 'bottom' } } : {}),
    ...(type === 'text' ? { content: String(p.options?.content ?? p.content ?? '') } : {}),
    ...(group ? { group } : {}),
  };
}

function importVariable(v: Json, notes: ImportNote[]): Variable | undefined {
  const name = String(v.name ?? '');
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) {
    notes.push({ title: name, reason: 'variable name is not usable in queries' });
    return undefined;
  }
  const query = typeof v.query === 'string' ? v.query : typeof v.query?.query === 'string' ? v.query.query : '';
  const current = v.current?.value;
  const common = {
    name,
    ...(v.label ? { label: String(v.label) } : {}),
    ...(typeof current === 'string' || Array.isArray(current) ? { current } : {}),
    ...(v.multi ? { multi: true } : {}),
    ...(v.includeAll ? { includeAll: true } : {}),
    ...(typeof v.allValue === 'string' && v.allValue ? { allValue: v.allValue } : {}),
    ...(typeof v.regex === 'string' && v.regex ? { regex: v.regex } : {}),
  };
  switch (v.type) {
    case 'query':
      return { ...common, type: 'query', query };
    case 'custom':
      return { ...common, type: 'custom', options: splitOptions(query) };
    case 'interval':
      return { ...common, type: 'interval', options: splitOptions(query) };
    case 'constant':
      return { ...common, type: 'constant', query };
    case 'textbox':
      return { ...common, type: 'textbox', ...(query ? { current: query } : {}) };
    case 'datasource':
      // The platform is the data source: the variable has nothing to choose.
      return undefined;
    default:
      notes.push({ title: name, reason: `variable type "${v.type}" is not supported` });
      return undefined;
  }
}

/** Splits Grafana's custom-variable text (`a, b : c`) into values (the part after `:` when present). */
function splitOptions(text: string): string[] {
  return text
    .split(/(?<!\\),/)
    .map((s) => s.replace(/\\,/g, ','))
    .map((s) => (s.includes(' : ') ? s.split(' : ')[1] : s).trim())
    .filter((s) => s !== '');
}

function datasourceType(ds: unknown, dash: Json): string | undefined {
  if (!ds) return undefined;
  if (typeof ds === 'string') return ds.startsWith('$') ? datasourceVariableType(ds, dash) : ds.toLowerCase().includes('prometheus') ? 'prometheus' : ds;
  const o = ds as Json;
  if (typeof o.type === 'string') return o.type;
  if (typeof o.uid === 'string' && o.uid.startsWith('$')) return datasourceVariableType(o.uid, dash);
  return undefined;
}

function datasourceVariableType(ref: string, dash: Json): string | undefined {
  const name = ref.replace(/^\$\{?|\}$/g, '');
  const v = (dash.templating?.list ?? []).find((x: Json) => x.name === name && x.type === 'datasource');
  return v ? String(v.query) : undefined;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Number.isFinite(n) ? n : lo));
}
