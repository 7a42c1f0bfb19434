/** The version of the dashboard model this code reads and writes (separate from an item's edit `version`). */
export const DASHBOARD_SCHEMA_VERSION = 1;

/** Panel visualisations. */
export const PANEL_TYPES = ['timeseries', 'stat', 'gauge', 'bar', 'table', 'heatmap', 'text', 'logs', 'traces', 'alert-list'] as const;

/** One of {@link PANEL_TYPES}. */
export type PanelType = (typeof PANEL_TYPES)[number];

/** Where a panel sits on the 24-column grid (height in grid rows). */
export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** An AWS-native CloudWatch metric, drawn as a native metric widget in the console. */
export interface CloudWatchMetricQuery {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  /** e.g. `Sum`, `Average`, `p99`. @default Average */
  readonly stat?: string;
  /** Seconds. @default 300 */
  readonly period?: number;
  readonly region?: string;
}

/** One query of a panel. */
export interface PanelQuery {
  readonly refId: string;
  /** promql: `expr` is PromQL; logs: `expr` is a Lucene-style log query; traces: a trace search; cloudwatch: `cloudwatch`. */
  readonly kind: 'promql' | 'logs' | 'traces' | 'cloudwatch';
  readonly expr?: string;
  /** Series names from labels, Grafana style: `{{instance}} {{mode}}`. */
  readonly legendFormat?: string;
  /** Evaluate once at the end of the range instead of over it. */
  readonly instant?: boolean;
  /** Lower bound of the step, as a duration (`30s`). */
  readonly minInterval?: string;
  readonly cloudwatch?: CloudWatchMetricQuery;
  /** Hidden queries feed others but are not drawn. */
  readonly hide?: boolean;
}

/** A threshold step: from `value` upwards the colour applies (`null` is the base step). */
export interface Threshold {
  readonly value: number | null;
  readonly color: string;
}

/** A panel. */
export interface Panel {
  readonly id: number;
  readonly title: string;
  readonly type: PanelType;
  readonly gridPos: GridPos;
  readonly description?: string;
  readonly queries: readonly PanelQuery[];
  /** Unit id, Grafana's vocabulary (`s`, `bytes`, `percentunit`, `reqps`...). */
  readonly unit?: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  readonly thresholds?: readonly Threshold[];
  readonly legend?: { readonly show: boolean; readonly placement?: 'bottom' | 'right' };
  /** Markdown, for text panels. */
  readonly content?: string;
  /** The row (section) the panel belongs to, by title. */
  readonly group?: string;
  /** Visualisation options kept as given (e.g. stacking, reducer). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** A template variable: `$name` in queries. */
export interface Variable {
  readonly name: string;
  readonly label?: string;
  /** query: `label_values(...)`, `query_result(...)` or PromQL; custom: `options`; interval: durations; constant; textbox. */
  readonly type: 'query' | 'custom' | 'interval' | 'constant' | 'textbox';
  readonly query?: string;
  readonly options?: readonly string[];
  readonly current?: string | readonly string[];
  readonly multi?: boolean;
  readonly includeAll?: boolean;
  /** What "All" stands for (default: every option as a regex alternation). */
  readonly allValue?: string;
  /** Only values matching this regex are offered (a capture group picks the part). */
  readonly regex?: string;
}

/** A dashboard, the platform's own model. */
export interface Dashboard {
  readonly schemaVersion: number;
  /** Stable id; the API assigns one when absent. */
  readonly uid?: string;
  readonly title: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Grafana-style relative times (`now-6h`) or RFC 3339. */
  readonly timeRange: { readonly from: string; readonly to: string };
  /** Refresh interval as a duration, or absent for none. */
  readonly refresh?: string;
  readonly timezone?: string;
  readonly variables: readonly Variable[];
  readonly panels: readonly Panel[];
  readonly links?: readonly { readonly title: string; readonly url: string }[];
}
