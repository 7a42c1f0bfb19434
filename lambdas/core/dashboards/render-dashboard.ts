import { parseDuration } from '../alerting/duration';
import type { LogLevel, LogRecord } from '../domain/log-record';
import type { Labels, TimeRange } from '../domain/series';
import type { SpanStatus, TraceSummary } from '../domain/span';
import type { LogStore } from '../ports/log-store';
import type { MetricStore } from '../ports/metric-store';
import type { TraceStore } from '../ports/trace-store';
import { instantQuery, rangeQuery, type QueryResponse } from '../promql/engine';
import type { Dashboard, Panel, PanelQuery } from './dashboard-model';
import { interpolate, stepFor, type RenderContext } from './interpolate';
import { resolveVariables, type ResolvedVariable } from './resolve-variables';
import { SharedSelections } from './shared-selections';

/** What one render asks for. */
export interface RenderRequest {
  readonly range: TimeRange;
  /** `var-<name>` values by variable name. */
  readonly variables?: Readonly<Record<string, readonly string[]>>;
  /** Points per series the step aims at (Grafana's max data points). @default 300 */
  readonly maxDataPoints?: number;
  /** A fixed step in ms, instead of one derived from the range. */
  readonly stepMs?: number;
  /** The scrape interval `$__rate_interval` must cover, ms. @default 15000 */
  readonly scrapeIntervalMs?: number;
  /** At most this many series per query in the answer. @default 500 */
  readonly maxSeriesPerQuery?: number;
}

/** One drawn series: labels, legend name and values on the query's `timestamps` (null where absent). */
export interface SeriesData {
  readonly labels: Labels;
  readonly name: string;
  readonly values: (number | null)[];
}

/** The answer of one panel query; `error` when it failed (the other queries still answer). */
export interface QueryData {
  readonly refId: string;
  readonly kind: PanelQuery['kind'];
  /** The expression after interpolation. */
  readonly expr?: string;
  readonly stepMs?: number;
  /** Unix ms of each point, shared by every series of the query. */
  readonly timestamps?: number[];
  readonly series?: SeriesData[];
  readonly logs?: LogRecord[];
  readonly traces?: TraceSummary[];
  readonly warnings?: string[];
  readonly error?: string;
}

/** One panel's data. */
export interface PanelData {
  readonly id: number;
  readonly title: string;
  readonly type: Panel['type'];
  readonly queries: QueryData[];
  /** Text panels: the markdown with variables filled in. */
  readonly content?: string;
}

/** Every panel's data for one range and variable selection. */
export interface DashboardRender {
  readonly range: TimeRange;
  readonly variables: ResolvedVariable[];
  readonly panels: PanelData[];
}

/** The stores a render reads. */
export interface RenderStores {
  readonly metrics: Pick<MetricStore, 'select' | 'labelValues'>;
  readonly logs?: Pick<LogStore, 'query'>;
  readonly traces?: Pick<TraceStore, 'searchTraces'>;
}

const DEFAULT_SCRAPE_MS = 15_000;

/**
 * Renders every panel of a dashboard in one go: variables resolved first (query variables
 * against the MetricStore), then every query of every panel in parallel. PromQL queries run
 * through the engine as range queries (instant ones at the end of the range) with a step from
 * the range (`maxDataPoints`, never below the query's `minInterval` or the scrape interval)
 * and `$__interval`, `$__rate_interval`, `$__range` and the variables interpolated; logs
 * queries read the LogStore and traces queries the TraceStore. Panels reading the same series
 * share one store read ({@link SharedSelections}). A failing query carries its `error` and
 * fails nothing else.
 */
export async function renderDashboard(d: Dashboard, stores: RenderStores, req: RenderRequest): Promise<DashboardRender> {
  const rangeMs = req.range.end - req.range.start;
  const scrapeIntervalMs = req.scrapeIntervalMs ?? DEFAULT_SCRAPE_MS;
  const maxDataPoints = req.maxDataPoints ?? 300;
  const baseStep = req.stepMs ?? stepFor(rangeMs, maxDataPoints, scrapeIntervalMs);
  const baseCtx: RenderContext = { rangeMs, intervalMs: baseStep, scrapeIntervalMs };
  const { values, variables } = await resolveVariables(d, stores.metrics, req.range, req.variables ?? {}, baseCtx);
  // Panels over the same series read them once; the margin covers rate windows and lookback.
  const shared = new SharedSelections(stores.metrics, req.range, Math.max(10 * 60_000, rangeMs / 20));
  stores = { ...stores, metrics: shared };
  const panels = await Promise.all(
    d.panels.map(async (p): Promise<PanelData> => {
      const base = { id: p.id, title: p.title, type: p.type };
      if (p.type === 'text') return { ...base, queries: [], content: interpolate(p.content ?? '', values, baseCtx) };
      const queries = await Promise.all(
        p.queries
          .filter((q) => !q.hide)
          .map((q) => {
            const stepMs = req.stepMs ?? stepFor(rangeMs, maxDataPoints, Math.max(scrapeIntervalMs, q.minInterval ? safeDuration(q.minInterval) : 0));
            const ctx = { ...baseCtx, intervalMs: stepMs };
            const expr = q.expr === undefined ? undefined : interpolate(q.expr, values, ctx);
            return runQuery(q, expr, stepMs, stores, req).catch((e: Error): QueryData => ({ refId: q.refId, kind: q.kind, expr, error: e.message }));
          }),
      );
      return { ...base, queries };
    }),
  );
  return { range: req.range, variables, panels };
}

async function runQuery(q: PanelQuery, expr: string | undefined, stepMs: number, stores: RenderStores, req: RenderRequest): Promise<QueryData> {
  const base = { refId: q.refId, kind: q.kind, expr };
  const { start, end } = req.range;
  switch (q.kind) {
    case 'promql': {
      const maxSeries = req.maxSeriesPerQuery ?? 500;
      if (q.instant) return { ...base, ...fromResponse(await instantQuery(stores.metrics, expr!, end), [end], q.legendFormat, maxSeries) };
      const alignedStart = start - (start % stepMs);
      const timestamps: number[] = [];
      for (let t = alignedStart; t <= end; t += stepMs) timestamps.push(t);
      const res = await rangeQuery(stores.metrics, expr!, alignedStart, end, stepMs);
      return { ...base, stepMs, ...fromResponse(res, timestamps, q.legendFormat, maxSeries) };
    }
    case 'logs': {
      if (!stores.logs) throw new Error('no log store');
      const f = parseSearch(expr ?? '');
      const page = await stores.logs.query({
        range: req.range,
        service: f.fields.service,
        level: f.fields.level as LogLevel | undefined,
        traceId: f.fields.traceId,
        text: f.text || undefined,
        limit: 100,
      });
      return { ...base, logs: page.items };
    }
    case 'traces': {
      if (!stores.traces) throw new Error('no trace store');
      const f = parseSearch(expr ?? '');
      const page = await stores.traces.searchTraces({
        range: req.range,
        service: f.fields.service,
        operation: f.fields.operation,
        minDuration: f.fields.minDuration ? safeDuration(f.fields.minDuration) * 1000 : undefined,
        maxDuration: f.fields.maxDuration ? safeDuration(f.fields.maxDuration) * 1000 : undefined,
        status: f.fields.status as SpanStatus | undefined,
        limit: 20,
      });
      return { ...base, traces: page.items };
    }
    case 'cloudwatch':
      throw new Error('CloudWatch metrics are drawn by the CloudWatch console, not by the platform');
  }
}

function fromResponse(res: QueryResponse, timestamps: number[], legend: string | undefined, maxSeries: number): Pick<QueryData, 'timestamps' | 'series' | 'warnings'> {
  const index = new Map(timestamps.map((t, i) => [t, i]));
  const series: SeriesData[] = [];
  const warnings = [...res.warnings];
  const add = (labels: Labels, points: readonly { timestamp: number; value: number }[]) => {
    const values: (number | null)[] = new Array(timestamps.length).fill(null);
    for (const p of points) {
      const i = index.get(p.timestamp);
      if (i !== undefined) values[i] = p.value;
    }
    series.push({ labels, name: legendName(labels, legend), values });
  };
  const at = timestamps[timestamps.length - 1];
  if (res.resultType === 'matrix') for (const s of res.result) add(s.metric, s.points);
  else if (res.resultType === 'vector') for (const s of res.result) add(s.metric, [{ timestamp: at, value: s.value }]);
  else if (res.resultType === 'scalar') add({}, [{ timestamp: at, value: res.result.value }]);
  else warnings.push('a string result has no series');
  if (series.length > maxSeries) warnings.push(`${series.length} series; the first ${maxSeries} are answered`);
  return { timestamps, series: series.slice(0, maxSeries), ...(warnings.length && { warnings }) };
}

/** Grafana's legend format: `{{label}}` takes the label's value; no format gives `name{a="b"}`. */
export function legendName(labels: Labels, legend: string | undefined): string {
  if (legend && legend !== '__auto') return legend.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_w, name: string) => labels[name] ?? '');
  const { __name__: name, ...rest } = labels;
  const inner = Object.keys(rest)
    .sort()
    .map((k) => `${k}="${rest[k]}"`)
    .join(', ');
  return inner ? `${name ?? ''}{${inner}}` : (name ?? '{}');
}

/** `service:api level:error timeout` → fields and the remaining free text. */
function parseSearch(expr: string): { fields: Record<string, string>; text: string } {
  const fields: Record<string, string> = {};
  const text = expr
    .replace(/(\w+):("([^"]*)"|\S+)/g, (_w, k: string, v: string, quoted?: string) => {
      fields[k] = quoted ?? v;
      return '';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { fields, text };
}

function safeDuration(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    return 0;
  }
}
