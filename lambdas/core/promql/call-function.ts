import type { Call, Expr } from './ast';
import { stepTime, type EvalValue, type Steps } from './eval-types';
import type { Evaluator } from './evaluator';
import { evalInfo } from './info-function';
import { histogramFraction, histogramQuantile, type QuantileNotes } from './histogram-quantile';
import { PromqlEvalError } from './promql-error';
import { RANGE_FUNCTIONS } from './range-functions';
import { formatOpenMetricsFloat } from './stats';
import { labelsKey, newStepSeries, type StepSeries } from './step-series';
import {
  compareLabels, dateFunction, dateOfTime, isDateFunction, isMathFunction, labelJoin, labelReplace, mapValues, mathFunction, naturalCompare,
} from './vector-functions';

function str(ev: Evaluator, e: Expr, s: Steps): string {
  const v = ev.eval(e, s);
  if (v.type !== 'string') throw new PromqlEvalError('expected a string argument');
  return v.value;
}

function position(e: Expr): string {
  return `(1:${e.span.start + 1})`;
}

function histogramNotes(ev: Evaluator, notes: QuantileNotes, arg: Expr): void {
  const bad = notes.badBucketLabel;
  if (bad) {
    const metric = bad.metric ? ` for metric name ${JSON.stringify(bad.metric)}` : '';
    ev.notes.warnings.add(`PromQL warning: bucket label "le" is missing or has a malformed value of ${JSON.stringify(bad.value)}${metric} ${position(arg)}`);
  }
  if (notes.forcedMonotonic) {
    ev.notes.infos.add(`PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) ${position(arg)}`);
  }
}

const COUNTER_SUFFIX = /(_total|_sum|_count|_bucket)$/;

/** Evaluates a function call. */
export function callFunction(ev: Evaluator, e: Call, s: Steps): EvalValue {
  const vec = (series: StepSeries[]): EvalValue => ({ type: 'vector', series: ev.track(series) });
  const name = e.func;
  if (name === 'absent_over_time') {
    const input = ev.rangeInput(e.args[0], s);
    const r = ev.applyRange('present_over_time', input, s, []);
    const out = newStepSeries(ev.absentLabels(e.args[0]), s.count);
    for (let i = 0; i < s.count; i++) {
      if (!r.some((x) => x.present[i])) {
        out.present[i] = 1;
        out.values[i] = 1;
      }
    }
    return vec(out.present.includes(1) ? [out] : []);
  }
  if (RANGE_FUNCTIONS.has(name)) {
    const matrixIdx = name === 'quantile_over_time' ? 1 : 0;
    const input = ev.rangeInput(e.args[matrixIdx], s);
    const scalars = e.args.filter((_a, i) => i !== matrixIdx).map((a) => ev.scalar(ev.eval(a, s)));
    if ((name === 'rate' || name === 'increase') && e.args[0].kind === 'matrix') {
      for (const ser of input.series) {
        const metric = ser.labels.__name__ ?? '';
        if (!COUNTER_SUFFIX.test(metric)) {
          ev.notes.infos.add(`PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "${metric}" ${position(e.args[0])}`);
        }
      }
    }
    if (name === 'quantile_over_time' && scalars[0].some((q) => !(q >= 0 && q <= 1))) {
      ev.notes.warnings.add(`PromQL warning: quantile value should be between 0 and 1, got ${scalars[0].find((q) => !(q >= 0 && q <= 1))} ${position(e.args[0])}`);
    }
    return vec(ev.applyRange(name, input, s, scalars));
  }
  if (isMathFunction(name)) return vec(mathFunction(name, ev.vector(ev.eval(e.args[0], s))));
  if (isDateFunction(name)) {
    if (e.args.length === 0) {
      const out = newStepSeries({}, s.count);
      for (let i = 0; i < s.count; i++) {
        out.values[i] = dateOfTime(name, stepTime(s, i) / 1000);
        out.present[i] = 1;
      }
      return vec([out]);
    }
    return vec(dateFunction(name, ev.vector(ev.eval(e.args[0], s))));
  }
  switch (name) {
    case 'time':
      return { type: 'scalar', values: Float64Array.from({ length: s.count }, (_x, i) => stepTime(s, i) / 1000) };
    case 'step':
    case 'range':
    case 'start':
    case 'end': {
      const o = ev.opts;
      const ms = name === 'step' ? o.queryStep : name === 'range' ? o.queryEnd - o.queryStart : name === 'start' ? o.queryStart : o.queryEnd;
      return { type: 'scalar', values: new Float64Array(s.count).fill(ms / 1000) };
    }
    case 'min_of':
    case 'max_of': {
      const a = ev.scalar(ev.eval(e.args[0], s));
      const b = ev.scalar(ev.eval(e.args[1], s));
      const pick = name === 'min_of' ? Math.min : Math.max;
      return { type: 'scalar', values: a.map((x, i) => pick(x, b[i])) };
    }
    case 'pi':
      return { type: 'scalar', values: new Float64Array(s.count).fill(Math.PI) };
    case 'vector': {
      const v = ev.scalar(ev.eval(e.args[0], s));
      const out = newStepSeries({}, s.count);
      out.values.set(v);
      out.present.fill(1);
      return vec([out]);
    }
    case 'scalar': {
      const series = ev.vector(ev.eval(e.args[0], s));
      const values = new Float64Array(s.count);
      for (let i = 0; i < s.count; i++) {
        let found = 0;
        for (const x of series) {
          if (x.present[i]) {
            found++;
            values[i] = x.values[i];
          }
        }
        if (found !== 1) values[i] = NaN;
      }
      return { type: 'scalar', values };
    }
    case 'timestamp':
      return vec(ev.vector(ev.eval(e.args[0], s)).map((x) => timestampSeries(x, s)));
    case 'round': {
      const to = e.args[1] ? ev.scalar(ev.eval(e.args[1], s)) : new Float64Array(s.count).fill(1);
      return vec(mapValues(ev.vector(ev.eval(e.args[0], s)), (v, i) => {
        const inv = 1 / to[i];
        return Math.floor(v * inv + 0.5) / inv;
      }));
    }
    case 'clamp':
    case 'clamp_min':
    case 'clamp_max': {
      const series = ev.vector(ev.eval(e.args[0], s));
      const a = ev.scalar(ev.eval(e.args[1], s));
      const b = e.args[2] ? ev.scalar(ev.eval(e.args[2], s)) : undefined;
      return vec(mapValues(series, (v, i) => {
        if (name === 'clamp_min') return Math.max(a[i], v);
        if (name === 'clamp_max') return Math.min(a[i], v);
        const lo = a[i], hi = (b as Float64Array)[i];
        return hi < lo ? undefined : Math.max(lo, Math.min(hi, v));
      }));
    }
    case 'absent': {
      const series = ev.vector(ev.eval(e.args[0], s));
      const out = newStepSeries(ev.absentLabels(e.args[0]), s.count);
      for (let i = 0; i < s.count; i++) {
        if (!series.some((x) => x.present[i])) {
          out.present[i] = 1;
          out.values[i] = 1;
        }
      }
      return vec(out.present.includes(1) ? [out] : []);
    }
    case 'sort':
    case 'sort_desc': {
      const series = [...ev.vector(ev.eval(e.args[0], s))];
      if (s.count > 1) ev.notes.warnings.add('PromQL warning: sort is ineffective for range queries since results are always ordered by labels ' + position(e));
      if (s.count === 1) {
        series.sort((a, b) => {
          const va = a.values[0], vb = b.values[0];
          if (Number.isNaN(va)) return Number.isNaN(vb) ? 0 : 1;
          if (Number.isNaN(vb)) return -1;
          return name === 'sort' ? va - vb : vb - va;
        });
      }
      return vec(series);
    }
    case 'sort_by_label':
    case 'sort_by_label_desc': {
      const series = [...ev.vector(ev.eval(e.args[0], s))];
      const names = e.args.slice(1).map((a) => str(ev, a, s));
      if (s.count > 1) ev.notes.warnings.add('PromQL warning: sort is ineffective for range queries since results are always ordered by labels ' + position(e));
      const dir = name === 'sort_by_label' ? 1 : -1;
      series.sort((a, b) => {
        for (const n of names) {
          const x = a.labels[n] ?? '', y = b.labels[n] ?? '';
          if (x !== y) return dir * naturalCompare(x, y);
        }
        return dir * compareLabels(a.labels, b.labels);
      });
      return vec(series);
    }
    case 'info': {
      const base = ev.vector(ev.eval(e.args[0], s));
      const info = e.infoSelector ? ev.vector(ev.eval(e.infoSelector, s)) : [];
      return vec(evalInfo(e, base, info, s));
    }
    case 'label_replace':
      return vec(labelReplace(ev.vector(ev.eval(e.args[0], s)), str(ev, e.args[1], s), str(ev, e.args[2], s), str(ev, e.args[3], s), str(ev, e.args[4], s)));
    case 'label_join':
      return vec(labelJoin(ev.vector(ev.eval(e.args[0], s)), str(ev, e.args[1], s), str(ev, e.args[2], s), e.args.slice(3).map((a) => str(ev, a, s))));
    case 'histogram_quantile': {
      const q = ev.scalar(ev.eval(e.args[0], s));
      const notes: QuantileNotes = {};
      const out = histogramQuantile(q, ev.vector(ev.eval(e.args[1], s)), s, notes);
      const bad = q.find((x) => !(x >= 0 && x <= 1));
      if (bad !== undefined) ev.notes.warnings.add(`PromQL warning: quantile value should be between 0 and 1, got ${bad} ${position(e.args[0])}`);
      histogramNotes(ev, notes, e.args[1]);
      for (const x of out) x.dropName = true;
      return vec(out);
    }
    case 'histogram_quantiles': {
      const input = ev.vector(ev.eval(e.args[0], s));
      const label = str(ev, e.args[1], s);
      const out: StepSeries[] = [];
      const notes: QuantileNotes = {};
      for (const arg of e.args.slice(2)) {
        const q = ev.scalar(ev.eval(arg, s));
        const bad = q.find((x) => !(x >= 0 && x <= 1));
        if (bad !== undefined) ev.notes.warnings.add(`PromQL warning: quantile value should be between 0 and 1, got ${bad} ${position(arg)}`);
        for (const x of histogramQuantile(q, input, s, notes)) {
          // One output series per quantile value seen; a varying quantile yields several.
          for (let i = 0; i < s.count; i++) {
            if (!x.present[i]) continue;
            const labels = { ...x.labels, [label]: formatOpenMetricsFloat(q[i]) };
            let target = out.find((o) => labelsKey(o.labels) === labelsKey(labels));
            if (target?.present[i]) throw new PromqlEvalError('vector cannot contain metrics with the same labelset');
            if (!target) {
              target = newStepSeries(labels, s.count, true);
              out.push(target);
            }
            target.values[i] = x.values[i];
            target.present[i] = 1;
          }
        }
      }
      histogramNotes(ev, notes, e.args[0]);
      return vec(out);
    }
    case 'histogram_fraction': {
      const lower = ev.scalar(ev.eval(e.args[0], s));
      const upper = ev.scalar(ev.eval(e.args[1], s));
      const notes: QuantileNotes = {};
      const out = histogramFraction(lower, upper, ev.vector(ev.eval(e.args[2], s)), s, notes);
      histogramNotes(ev, notes, e.args[2]);
      for (const x of out) x.dropName = true;
      return vec(out);
    }
    case 'histogram_count':
    case 'histogram_sum':
    case 'histogram_avg':
    case 'histogram_stddev':
    case 'histogram_stdvar':
      // These read native histograms only; float samples are ignored, as in Prometheus.
      ev.eval(e.args[0], s);
      return vec([]);
    default:
      throw new PromqlEvalError(`function "${name}" is not supported`);
  }
}

/** timestamp(): the sample time for a plain selector, the evaluation time for anything computed. */
function timestampSeries(x: StepSeries, s: Steps): StepSeries {
  const out = newStepSeries(x.labels, s.count, true);
  for (let i = 0; i < s.count; i++) {
    if (!x.present[i]) continue;
    out.present[i] = 1;
    out.values[i] = (x.sampleTimes ? x.sampleTimes[i] : stepTime(s, i)) / 1000;
  }
  return out;
}
