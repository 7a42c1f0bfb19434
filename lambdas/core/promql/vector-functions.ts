import type { Labels } from '../domain/series';
import { anchoredRegex } from './label-matcher';
import { PromqlEvalError } from './promql-error';
import { labelsKey, type StepSeries } from './step-series';

const MATH: Record<string, (x: number) => number> = {
  abs: Math.abs, ceil: Math.ceil, floor: Math.floor, exp: Math.exp, ln: Math.log, log2: Math.log2, log10: Math.log10,
  sqrt: Math.sqrt, sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  deg: (x) => (x * 180) / Math.PI,
  rad: (x) => (x * Math.PI) / 180,
  sgn: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
};

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

const DATE: Record<string, (d: Date) => number> = {
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: dayOfYear,
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

/** Whether `name` is a per-sample math function (abs, ln, sin, ...). */
export function isMathFunction(name: string): boolean {
  return name in MATH;
}

/** Whether `name` is a date function (hour, month, ...). */
export function isDateFunction(name: string): boolean {
  return name in DATE;
}

/** Maps every present value of every series; the result drops the metric name (delayed). */
export function mapValues(series: readonly StepSeries[], f: (v: number, step: number) => number | undefined): StepSeries[] {
  const out: StepSeries[] = [];
  for (const s of series) {
    const n = s.values.length;
    const values = new Float64Array(n);
    const present = new Uint8Array(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!s.present[i]) continue;
      const r = f(s.values[i], i);
      if (r === undefined) continue;
      values[i] = r;
      present[i] = 1;
      any = true;
    }
    if (any) out.push({ labels: s.labels, values, present, dropName: true });
  }
  return out;
}

/** A math function over a vector. */
export function mathFunction(name: string, series: readonly StepSeries[]): StepSeries[] {
  const f = MATH[name];
  return mapValues(series, (v) => f(v));
}

/** A date function of the values read as Unix seconds. */
export function dateFunction(name: string, series: readonly StepSeries[]): StepSeries[] {
  const f = DATE[name];
  return mapValues(series, (v) => f(new Date(Math.trunc(v) * 1000)));
}

/** A date function of the evaluation time (the no-argument form). */
export function dateOfTime(name: string, seconds: number): number {
  return DATE[name](new Date(Math.trunc(seconds) * 1000));
}

/** Expands `$1`, `${1}`, `$name`, `${name}` and `$$` as Go's regexp.Expand does. */
function expandTemplate(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_all, tok: string, braced?: string, bare?: string) => {
    if (tok === '$') return '$';
    const name = braced ?? bare ?? '';
    if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}

/**
 * Merges series that ended up with the same labels; they must not overlap in time
 * (Prometheus' "vector cannot contain metrics with the same labelset").
 */
export function mergeSameLabels(series: StepSeries[]): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const key = labelsKey(s.labels) + (s.dropName ? '\u0002' : '');
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, s);
      out.push(s);
      continue;
    }
    for (let i = 0; i < s.values.length; i++) {
      if (!s.present[i]) continue;
      if (prev.present[i]) throw new PromqlEvalError('vector cannot contain metrics with the same labelset');
      prev.present[i] = 1;
      prev.values[i] = s.values[i];
    }
  }
  return out;
}

function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...labels };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

/** label_replace(v, dst, replacement, src, regex). */
export function labelReplace(series: readonly StepSeries[], dst: string, repl: string, src: string, regex: string): StepSeries[] {
  let re: RegExp;
  try {
    re = anchoredRegex(regex);
  } catch {
    throw new PromqlEvalError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(dst)) throw new PromqlEvalError(`invalid destination label name in label_replace(): ${dst}`);
  const out = series.map((s) => {
    const m = re.exec(s.labels[src] ?? '');
    if (!m) return { ...s, values: s.values.slice(), present: s.present.slice() };
    const labels = withLabel(s.labels, dst, expandTemplate(repl, m));
    return { labels, values: s.values.slice(), present: s.present.slice(), dropName: dst === '__name__' ? false : s.dropName };
  });
  return mergeSameLabels(out);
}

/** label_join(v, dst, separator, src...). */
export function labelJoin(series: readonly StepSeries[], dst: string, sep: string, srcs: readonly string[]): StepSeries[] {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(dst)) throw new PromqlEvalError(`invalid destination label name in label_join(): ${dst}`);
  const out = series.map((s) => ({
    labels: withLabel(s.labels, dst, srcs.map((n) => s.labels[n] ?? '').join(sep)),
    values: s.values.slice(),
    present: s.present.slice(),
    dropName: dst === '__name__' ? false : s.dropName,
  }));
  return mergeSameLabels(out);
}

/** Natural-order comparison (digit runs compared as numbers), as Prometheus' sort_by_label. */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i], y = tb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x), dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = BigInt(x), ny = BigInt(y);
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}

/** Compares label sets as Prometheus' labels.Compare (sorted names, then values). */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    const va = a[ka[i]], vb = b[kb[i]];
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ka.length - kb.length;
}
