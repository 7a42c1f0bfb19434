import type { LabelMatcher, TimeRange } from '../domain/series';
import type { MetricStore } from '../ports/metric-store';
import { instantQuery } from '../promql/engine';
import { parsePromql } from '../promql/parser';
import type { Dashboard, Variable } from './dashboard-model';
import { interpolate, type RenderContext, type VariableValues } from './interpolate';

/** Grafana's token for "every option" in a `var-<name>` parameter. */
export const ALL_VALUE = '$__all';

/** One variable as a render resolved it: what it offers and what was picked. */
export interface ResolvedVariable {
  readonly name: string;
  readonly options: readonly string[];
  readonly current: readonly string[];
  /** Why the options could not be computed, if they could not. */
  readonly error?: string;
}

/**
 * Resolves a dashboard's variables in definition order (so a query variable may use the ones
 * before it): query variables from `label_values(...)`, `label_values(selector, label)`,
 * `metrics(regex)`, `query_result(promql)` or plain PromQL against the MetricStore, custom and
 * interval variables from their options. The pick is the requested values (`requested[name]`),
 * else the variable's `current`, else its first option; `$__all` (or `All`) stands for
 * `allValue` or every option. A failing variable query yields no options and an `error`.
 */
export async function resolveVariables(
  d: Dashboard,
  store: Pick<MetricStore, 'select' | 'labelValues'>,
  range: TimeRange,
  requested: Readonly<Record<string, readonly string[]>>,
  ctx: RenderContext,
): Promise<{ values: Record<string, string | string[]>; variables: ResolvedVariable[] }> {
  const values: Record<string, string | string[]> = {};
  const variables: ResolvedVariable[] = [];
  for (const v of d.variables) {
    let options: string[] = [];
    let error: string | undefined;
    try {
      options = await optionsOf(v, store, range, values, ctx);
    } catch (e) {
      error = (e as Error).message;
    }
    const picked = pick(v, options, requested[v.name]);
    values[v.name] = picked.value;
    variables.push({ name: v.name, options, current: picked.current, ...(error && { error }) });
  }
  return { values, variables };
}

async function optionsOf(v: Variable, store: Pick<MetricStore, 'select' | 'labelValues'>, range: TimeRange, values: VariableValues, ctx: RenderContext): Promise<string[]> {
  switch (v.type) {
    case 'custom':
    case 'interval':
      return [...(v.options ?? [])];
    case 'constant':
    case 'textbox':
      return v.query !== undefined ? [v.query] : [...(v.options ?? [])];
    case 'query': {
      const raw = await queryOptions(interpolate(v.query ?? '', values, ctx).trim(), store, range);
      return applyRegex(raw, v.regex);
    }
  }
}

async function queryOptions(query: string, store: Pick<MetricStore, 'select' | 'labelValues'>, range: TimeRange): Promise<string[]> {
  const lv = /^label_values\(\s*(?:(.*?)\s*,\s*)?([a-zA-Z_]\w*)\s*\)$/s.exec(query);
  if (lv) return store.labelValues(lv[2], { matchers: lv[1] ? selectorMatchers(lv[1]) : [], range });
  const names = /^metrics\(\s*(.*?)\s*\)$/s.exec(query);
  if (names) {
    const all = await store.labelValues('__name__', { matchers: [], range });
    const re = names[1] ? new RegExp(names[1]) : undefined;
    return re ? all.filter((n) => re.test(n)) : all;
  }
  const qr = /^query_result\(\s*(.*)\s*\)$/s.exec(query);
  const res = await instantQuery(store, qr ? qr[1] : query, range.end);
  if (res.resultType === 'vector') {
    // Grafana's text for each result: `name{labels} value timestamp`; a `regex` picks the part.
    return res.result.map((s) => `${describe(s.metric)} ${s.value} ${s.timestamp}`);
  }
  if (res.resultType === 'scalar') return [String(res.result.value)];
  if (res.resultType === 'string') return [res.result.value];
  return res.result.map((s) => describe(s.metric));
}

/** The matchers of a vector selector such as `node_uname_info{job="x"}`. */
function selectorMatchers(selector: string): LabelMatcher[] {
  const ast = parsePromql(selector);
  if (ast.kind !== 'vector') throw new Error(`label_values needs a series selector, got ${JSON.stringify(selector)}`);
  return [...ast.matchers];
}

function describe(labels: Readonly<Record<string, string>>): string {
  const { __name__: name, ...rest } = labels;
  const body = Object.keys(rest)
    .sort()
    .map((k) => `${k}="${rest[k]}"`)
    .join(', ');
  return `${name ?? ''}{${body}}`;
}

/** Grafana's variable regex: `/pattern/flags`; a capture group (or `text`/`value` group) picks the part; duplicates go. */
function applyRegex(options: string[], regex: string | undefined): string[] {
  if (!regex) return [...new Set(options)];
  const m = /^\/(.*)\/([gimsuy]*)$/s.exec(regex);
  const re = new RegExp(m ? m[1] : regex, (m?.[2] ?? '').replace('g', ''));
  const out: string[] = [];
  for (const o of options) {
    const hit = re.exec(o);
    if (!hit) continue;
    out.push(hit.groups?.value ?? hit.groups?.text ?? hit[1] ?? hit[0]);
  }
  return [...new Set(out)];
}

function pick(v: Variable, options: readonly string[], requested: readonly string[] | undefined): { value: string | string[]; current: string[] } {
  const fromRequest = requested?.filter((x) => x !== '');
  const cur = v.current === undefined ? [] : typeof v.current === 'string' ? [v.current] : [...v.current];
  let chosen = fromRequest?.length ? fromRequest : cur.filter((x) => x !== '');
  if (!chosen.length && options.length) chosen = [options[0]];
  if (!v.multi && chosen.length > 1) chosen = chosen.slice(0, 1);
  if (chosen.some((x) => x === ALL_VALUE || x === 'All' || x === 'all')) {
    if (v.allValue !== undefined) return { value: v.allValue, current: [ALL_VALUE] };
    // No option at all: match anything rather than nothing, as an empty alternation would.
    return { value: options.length ? [...options] : '.*', current: [ALL_VALUE] };
  }
  return { value: chosen.length === 1 ? chosen[0] : chosen.length ? chosen : '', current: chosen };
}
