import type { Dashboard, Panel, PanelQuery } from './dashboard-model';
import { interpolate, stepFor, type VariableValues } from './interpolate';
import { lambdaExpression, promqlWithoutDoubleQuotes } from './lambda-expression';

/** A CloudWatch dashboard widget, as `PutDashboard` takes it. */
export interface CloudWatchWidget {
  readonly type: 'metric' | 'text' | 'log' | 'alarm' | 'explorer';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

/** A CloudWatch dashboard body. */
export interface CloudWatchDashboardBody {
  readonly start?: string;
  readonly end?: string;
  readonly periodOverride?: 'auto' | 'inherit';
  readonly widgets: CloudWatchWidget[];
}

/** Where the console views point. */
export interface CloudWatchRenderOptions {
  /** Name of the `metrics-datasource` function that answers `LAMBDA(...)`. */
  readonly datasourceFunction: string;
  readonly region: string;
  /** Central log group prefix, for log widgets. */
  readonly logGroupPrefix: string;
  /** The platform API's base URL, for links in text widgets. */
  readonly apiUrl?: string;
}

const VIEWS: Partial<Record<Panel['type'], string>> = {
  timeseries: 'timeSeries',
  heatmap: 'timeSeries',
  stat: 'singleValue',
  gauge: 'gauge',
  bar: 'bar',
  table: 'table',
};

/**
 * Renders a dashboard as a CloudWatch dashboard body: PromQL queries as one-line
 * `LAMBDA("<datasource>", "<promql>", "<legend>")` metric-math expressions, CloudWatch queries
 * as native metric widgets, text as text widgets, log panels as Logs Insights widgets, and
 * what the console cannot draw (traces, alert lists) as text widgets linking to the API.
 * Variables take their current value (or the first option); a variable without one matches anything.
 */
export function renderCloudWatchBody(d: Dashboard, opts: CloudWatchRenderOptions): { body: CloudWatchDashboardBody; notes: string[] } {
  const notes: string[] = [];
  const rangeMs = relativeMs(d.timeRange.from) ?? 6 * 3_600_000;
  const ctx = { rangeMs, intervalMs: stepFor(rangeMs, 300, 60_000), scrapeIntervalMs: 15_000 };
  const values = currentValues(d);
  const widgets = d.panels.slice(0, 500).map((p) => renderPanel(p, d, values, ctx, opts, notes));
  if (d.panels.length > 500) notes.push(`only the first 500 of ${d.panels.length} panels fit a CloudWatch dashboard`);
  return { body: { start: isoStart(d.timeRange.from), periodOverride: 'auto', widgets }, notes };
}

function renderPanel(
  p: Panel,
  d: Dashboard,
  values: VariableValues,
  ctx: Parameters<typeof interpolate>[2],
  opts: CloudWatchRenderOptions,
  notes: string[],
): CloudWatchWidget {
  const place = { x: p.gridPos.x, y: p.gridPos.y, width: p.gridPos.w, height: Math.max(1, p.gridPos.h) };
  if (p.type === 'text') return { type: 'text', ...place, properties: { markdown: p.content || ' ', background: 'transparent' } };
  if (p.type === 'logs') {
    const q = p.queries.find((x) => x.kind === 'logs');
    const service = /service:("?)([\w.-]+)\1/.exec(q?.expr ?? '')?.[2];
    const source = service ? `SOURCE '${opts.logGroupPrefix}${service}'` : `SOURCE logGroups(namePrefix: ['${opts.logGroupPrefix}'])`;
    const text = (q?.expr ?? '').replace(/\w+:("[^"]*"|\S+)/g, '').replace(/\b(AND|OR|NOT)\b/g, '').trim();
    const filter = text ? ` | filter @message like /${text.replace(/["/]/g, '').replace(/\s+/g, '.*')}/` : '';
    return {
      type: 'log',
      ...place,
      properties: { title: p.title, region: opts.region, view: 'table', query: `${source} | fields @timestamp, @message${filter} | sort @timestamp desc | limit 100` },
    };
  }
  const view = VIEWS[p.type];
  if (!view) {
    notes.push(`panel ${p.id} "${p.title}": ${p.type} panels have no CloudWatch widget; rendered as a link`);
    const path = p.type === 'traces' ? '/monitoring/traces' : '/monitoring/alerts';
    return { type: 'text', ...place, properties: { markdown: `### ${p.title}\n[Open in the platform API](${opts.apiUrl ?? ''}${path})` } };
  }
  if (p.type === 'heatmap') notes.push(`panel ${p.id} "${p.title}": CloudWatch has no heatmap; drawn as a time series`);
  const metrics: unknown[] = [];
  p.queries.forEach((q, i) => {
    if (q.hide) return; // hidden in Grafana too
    const m = renderQuery(q, i, d, values, ctx, opts);
    if (m) metrics.push(m);
    else notes.push(`panel ${p.id} "${p.title}": ${q.kind} query ${q.refId} has no CloudWatch form`);
  });
  const properties: Record<string, unknown> = { title: p.title, region: opts.region, view, stacked: false, metrics, period: 60 };
  if (p.min !== undefined || p.max !== undefined || p.type === 'gauge') {
    properties.yAxis = { left: { min: p.min ?? 0, max: p.max ?? (p.type === 'gauge' ? 100 : undefined), showUnits: false } };
  }
  const steps = (p.thresholds ?? []).filter((t) => t.value !== null);
  if (steps.length) properties.annotations = { horizontal: steps.map((t) => ({ value: t.value, color: cssColour(t.color), label: `${t.value}` })) };
  if (p.legend) properties.legend = { position: p.legend.show ? (p.legend.placement ?? 'bottom') : 'hidden' };
  return { type: 'metric', ...place, properties };
}

function renderQuery(q: PanelQuery, i: number, d: Dashboard, values: VariableValues, ctx: Parameters<typeof interpolate>[2], opts: CloudWatchRenderOptions): unknown {
  if (q.kind === 'cloudwatch' && q.cloudwatch) {
    const c = q.cloudwatch;
    const dims = Object.entries(c.dimensions ?? {}).flat();
    return [c.namespace, c.metricName, ...dims, { stat: c.stat ?? 'Average', period: c.period ?? 300, ...(c.region ? { region: c.region } : {}), id: `q${i}` }];
  }
  if (q.kind !== 'promql' || !q.expr) return undefined;
  const promql = promqlWithoutDoubleQuotes(interpolate(matchAnyForUnset(q.expr, d, values), values, ctx));
  const args = q.legendFormat ? [promql, q.legendFormat] : [promql];
  return [{ expression: lambdaExpression(opts.datasourceFunction, args), id: `q${i}`, label: q.legendFormat ?? q.refId, period: 60 }];
}

/** Current values: the set `current`, else the first option, else nothing (the variable matches anything). */
function currentValues(d: Dashboard): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const v of d.variables) {
    const cur = v.current;
    if (cur !== undefined && cur !== '' && !(Array.isArray(cur) && cur.length === 0) && cur !== '$__all') out[v.name] = typeof cur === 'string' ? cur : [...cur];
    else if (v.type === 'constant' || v.type === 'textbox') out[v.name] = v.query ?? '';
    else if (v.options?.length) out[v.name] = v.options[0];
  }
  return out;
}

/** `label="$v"` or `label=~"$v"` with an unset variable becomes `label=~".*"`. */
function matchAnyForUnset(expr: string, d: Dashboard, values: VariableValues): string {
  let out = expr;
  for (const v of d.variables) {
    if (values[v.name] !== undefined) continue;
    const ref = `(?:\\$\\{${v.name}(?::\\w+)?\\}|\\$${v.name}\\b|\\[\\[${v.name}\\]\\])`;
    out = out.replace(new RegExp(`(\\w+)\\s*=~?\\s*"${ref}"`, 'g'), '$1=~".*"');
  }
  return out;
}

function relativeMs(from: string): number | undefined {
  const m = /^now-(\d+)([smhdwMy])$/.exec(from);
  if (!m) return undefined;
  const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, M: 2.592e9, y: 3.1536e10 }[m[2]]!;
  return Number(m[1]) * unit;
}

function isoStart(from: string): string {
  const m = /^now-(\d+)([smhdwMy])$/.exec(from);
  if (!m) return '-PT6H';
  const n = m[1];
  return { s: `-PT${n}S`, m: `-PT${n}M`, h: `-PT${n}H`, d: `-P${n}D`, w: `-P${n}W`, M: `-P${n}M`, y: `-P${n}Y` }[m[2]]!;
}

const NAMED: Record<string, string> = { green: '#2ca02c', red: '#d62728', yellow: '#ffbb78', orange: '#ff7f0e', blue: '#1f77b4', purple: '#9467bd' };

function cssColour(c: string): string {
  if (/^#[0-9a-fA-F]{6}$/.test(c)) return c;
  const key = c.replace(/^(dark|semi-dark|light|super-light)-/, '');
  return NAMED[key] ?? '#7f7f7f';
}
