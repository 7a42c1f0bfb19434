import type { Labels } from '../domain/series';
import type { AggregateExpr } from './ast';
import type { Steps } from './eval-types';
import { PromqlEvalError } from './promql-error';
import { formatFloat, kahanInc, kahanMean, quantile } from './stats';
import { xxhash64 } from './xxhash64';
import { labelsKey, newStepSeries, SeriesCollector, type StepSeries } from './step-series';

interface Grouping {
  readonly groupOf: Int32Array;
  readonly groupLabels: Labels[];
}

/** The result labels of one series under `by`/`without`. */
export function groupLabels(labels: Labels, grouping: readonly string[], without: boolean): Labels {
  const out: Record<string, string> = {};
  if (without) {
    for (const k of Object.keys(labels)) if (k !== '__name__' && !grouping.includes(k)) out[k] = labels[k];
  } else {
    for (const k of grouping) if (labels[k] !== undefined && labels[k] !== '') out[k] = labels[k];
  }
  return out;
}

function groupSeries(series: readonly StepSeries[], e: AggregateExpr): Grouping {
  const index = new Map<string, number>();
  const groupOf = new Int32Array(series.length);
  const labelsOut: Labels[] = [];
  series.forEach((s, i) => {
    const g = groupLabels(s.labels, e.grouping, e.without);
    const key = labelsKey(g);
    let idx = index.get(key);
    if (idx === undefined) {
      idx = labelsOut.length;
      index.set(key, idx);
      labelsOut.push(g);
    }
    groupOf[i] = idx;
  });
  return { groupOf, groupLabels: labelsOut };
}

/** sum, avg, min, max, count, group, stddev, stdvar, quantile over the series of each group, per step. */
export function aggregate(e: AggregateExpr, series: readonly StepSeries[], steps: Steps, param?: Float64Array): StepSeries[] {
  if (['topk', 'bottomk', 'limitk', 'limit_ratio'].includes(e.op)) return selectK(e, series, steps, param);
  const { groupOf, groupLabels: gl } = groupSeries(series, e);
  if (e.op === 'sum' || e.op === 'count' || e.op === 'group') return sumCount(e.op, series, steps, groupOf, gl);
  const members: number[][] = gl.map(() => []);
  groupOf.forEach((g, i) => members[g].push(i));
  const out: StepSeries[] = [];
  const buf: number[] = [];
  for (let g = 0; g < gl.length; g++) {
    const idx = members[g];
    const res = newStepSeries(gl[g], steps.count, idx.some((i) => series[i].dropName));
    let any = false;
    for (let t = 0; t < steps.count; t++) {
      buf.length = 0;
      for (const i of idx) if (series[i].present[t]) buf.push(series[i].values[t]);
      if (buf.length === 0) continue;
      res.values[t] = reduce(e.op, buf, param ? param[t] : NaN);
      res.present[t] = 1;
      any = true;
    }
    if (any) out.push(res);
  }
  return out;
}

/**
 * sum, count and group accumulated series by series into per-(group, step) state: sequential
 * memory access, and the same order of additions per group and step as the generic path.
 */
function sumCount(op: 'sum' | 'count' | 'group', series: readonly StepSeries[], steps: Steps, groupOf: Int32Array, gl: Labels[]): StepSeries[] {
  const T = steps.count;
  const sum = new Float64Array(gl.length * T);
  const comp = new Float64Array(gl.length * T);
  const n = new Uint32Array(gl.length * T);
  const dropName = new Uint8Array(gl.length);
  series.forEach((ser, i) => {
    const base = groupOf[i] * T;
    if (ser.dropName) dropName[groupOf[i]] = 1;
    const { values, present } = ser;
    for (let t = 0; t < T; t++) {
      if (!present[t]) continue;
      const k = base + t;
      n[k]++;
      if (op !== 'sum') continue;
      const v = values[t];
      const acc = sum[k];
      const tot = acc + v;
      if (tot === Infinity || tot === -Infinity) comp[k] = 0;
      else if (Math.abs(acc) >= Math.abs(v)) comp[k] += acc - tot + v;
      else comp[k] += v - tot + acc;
      sum[k] = tot;
    }
  });
  const out: StepSeries[] = [];
  gl.forEach((labels, g) => {
    const res = newStepSeries(labels, T, dropName[g] === 1);
    let any = false;
    for (let t = 0; t < T; t++) {
      const k = g * T + t;
      if (n[k] === 0) continue;
      any = true;
      res.present[t] = 1;
      res.values[t] = op === 'count' ? n[k] : op === 'group' ? 1 : Number.isFinite(sum[k]) ? sum[k] + comp[k] : sum[k];
    }
    if (any) out.push(res);
  });
  return out;
}

function reduce(op: AggregateExpr['op'], vals: number[], q: number): number {
  switch (op) {
    case 'sum': {
      let sum = 0, c = 0;
      for (const v of vals) [sum, c] = kahanInc(v, sum, c);
      return Number.isFinite(sum) ? sum + c : sum;
    }
    case 'avg':
      return kahanMean(vals, 0, vals.length);
    case 'min':
    case 'max': {
      let best = vals[0];
      for (const v of vals) if ((op === 'max' ? best < v : best > v) || Number.isNaN(best)) best = v;
      return best;
    }
    case 'count':
      return vals.length;
    case 'group':
      return 1;
    case 'stddev':
    case 'stdvar': {
      let count = 0, mean = 0, value = 0;
      for (const f of vals) {
        if (!Number.isFinite(f)) return NaN;
        count++;
        const delta = f - mean;
        mean += delta / count;
        value += delta * (f - mean);
      }
      return op === 'stdvar' ? value / count : Math.sqrt(value / count);
    }
    case 'quantile':
      return quantile(q, vals);
    default:
      throw new PromqlEvalError(`unsupported aggregation "${op}"`);
  }
}

const ratioCache = new WeakMap<object, number>();
const encoder = new TextEncoder();

/** The position of a label set in [0, 1] for limit_ratio: its Prometheus label hash over 2^64, so the same series are chosen. */
function ratioOffset(labels: Labels): number {
  let off = ratioCache.get(labels);
  if (off === undefined) {
    const parts: number[] = [];
    for (const n of Object.keys(labels).sort()) {
      parts.push(...encoder.encode(n), 0xff, ...encoder.encode(labels[n]), 0xff);
    }
    off = Number(xxhash64(Uint8Array.from(parts))) / 2 ** 64;
    ratioCache.set(labels, off);
  }
  return off;
}

/** topk, bottomk, limitk, limit_ratio: keeps the chosen input series, with their own labels. */
function selectK(e: AggregateExpr, series: readonly StepSeries[], steps: Steps, param?: Float64Array): StepSeries[] {
  const { groupOf, groupLabels: gl } = groupSeries(series, e);
  const out = new SeriesCollector(steps.count);
  const byGroup: number[][] = gl.map(() => []);
  for (let t = 0; t < steps.count; t++) {
    const p = param ? param[t] : NaN;
    for (const b of byGroup) b.length = 0;
    series.forEach((s, i) => {
      if (s.present[t]) byGroup[groupOf[i]].push(i);
    });
    for (const idx of byGroup) {
      let chosen: number[];
      if (e.op === 'limit_ratio') {
        const r = Math.max(-1, Math.min(1, p));
        chosen = idx.filter((i) => {
          const off = ratioOffset(series[i].labels);
          return r >= 0 ? off < r : off >= 1 + r;
        });
      } else {
        const k = Math.min(Math.trunc(p), series.length);
        if (!(k >= 1)) continue;
        if (e.op === 'limitk') chosen = idx.slice(0, k);
        else {
          const sorted = [...idx].sort((a, b) => {
            const va = series[a].values[t], vb = series[b].values[t];
            // NaN is the worst candidate for both topk and bottomk.
            if (Number.isNaN(va)) return Number.isNaN(vb) ? 0 : 1;
            if (Number.isNaN(vb)) return -1;
            return e.op === 'topk' ? (vb > va ? 1 : vb < va ? -1 : 0) : va > vb ? 1 : va < vb ? -1 : 0;
          });
          chosen = sorted.slice(0, k);
        }
      }
      for (const i of chosen) out.set(out.series(series[i].labels, series[i].dropName), t, series[i].values[t]);
    }
  }
  return out.result();
}

/** count_values: counts series per distinct value, the value written to label `name`. */
export function countValues(e: AggregateExpr, name: string, series: readonly StepSeries[], steps: Steps): StepSeries[] {
  const out = new SeriesCollector(steps.count);
  const counts = new Map<string, { labels: Labels; n: number }>();
  for (let t = 0; t < steps.count; t++) {
    counts.clear();
    for (const s of series) {
      if (!s.present[t]) continue;
      const g = groupLabels({ ...s.labels, [name]: formatFloat(s.values[t]) }, e.without ? e.grouping : [...e.grouping, name], e.without);
      const key = labelsKey(g);
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { labels: g, n: 1 });
    }
    for (const c of counts.values()) out.add(c.labels, t, c.n);
  }
  return out.result();
}
