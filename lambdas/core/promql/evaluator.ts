import type { Labels } from '../domain/series';
import type { AggregateExpr, BinaryExpr, Call, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from './ast';
import { aggregate, countValues } from './aggregations';
import { setBinop, scalarBinop, vectorBinop, vectorScalarBinop } from './binary-ops';
import { callFunction } from './call-function';
import { stepTime, type EvalValue, type Steps } from './eval-types';
import { atTime, subquerySteps, type FetchedSeries, type PlanOptions } from './planner';
import { PromqlEvalError } from './promql-error';
import { EXTENSION_SAFE, KEEPS_NAME, RANGE_FUNCTIONS, resetPrefix, type Window } from './range-functions';
import type { SampleArrays, StepSeries } from './step-series';
import { typeOf } from './type-check';
import { cleanSamples as clean, extendWindow, smoothValues } from './sample-windows';

/** Settings of one evaluation. */
export interface EvalOptions extends PlanOptions {
  readonly maxSamples: number;
  /** The query's step in ms (0 for instant queries), for step(). */
  readonly queryStep: number;
}

/** Warnings and infos collected while evaluating (Prometheus annotations). */
export interface Annotations {
  readonly warnings: Set<string>;
  readonly infos: Set<string>;
}

/** A range-vector input: sample arrays per series and the window end for each outer step. */
interface RangeInput {
  readonly series: (SampleArrays & { dropName?: boolean })[];
  readonly range: number;
  readonly endAt: (i: number) => number;
  readonly extension?: 'anchored' | 'smoothed';
}

/** Evaluates an AST over a set of steps, reading only pre-fetched selector data. */
export class Evaluator {
  readonly notes: Annotations = { warnings: new Set(), infos: new Set() };
  private samples = 0;

  constructor(
    private readonly data: ReadonlyMap<VectorSelector, FetchedSeries[]>,
    readonly opts: EvalOptions,
  ) {}

  /** Evaluates one expression at every step. */
  eval(e: Expr, s: Steps): EvalValue {
    switch (e.kind) {
      case 'number':
        return { type: 'scalar', values: new Float64Array(s.count).fill(e.value) };
      case 'string':
        return { type: 'string', value: e.value };
      case 'paren':
        return this.eval(e.expr, s);
      case 'unary': {
        const v = this.eval(e.expr, s);
        if (e.op === '+') return v;
        if (v.type === 'scalar') return { type: 'scalar', values: v.values.map((x) => -x) };
        return { type: 'vector', series: this.vector(v).map((x) => ({ labels: x.labels, values: x.values.map((y) => -y), present: x.present, dropName: true })) };
      }
      case 'vector':
        return { type: 'vector', series: this.track(this.selectVector(e, s)) };
      case 'matrix':
      case 'subquery':
        return { type: 'matrix', series: this.instantMatrix(e, s) };
      case 'binary':
        return this.binary(e, s);
      case 'aggregate':
        return this.aggregate(e, s);
      case 'call':
        return callFunction(this, e, s);
    }
  }

  /** The series of a vector value (throws on any other type). */
  vector(v: EvalValue): StepSeries[] {
    if (v.type !== 'vector') throw new PromqlEvalError(`expected instant vector, got ${v.type}`);
    return v.series;
  }

  /** The per-step values of a scalar value. */
  scalar(v: EvalValue): Float64Array {
    if (v.type !== 'scalar') throw new PromqlEvalError(`expected scalar, got ${v.type}`);
    return v.values;
  }

  /** Counts output points against the sample limit. */
  track(series: StepSeries[]): StepSeries[] {
    for (const s of series) for (let i = 0; i < s.present.length; i++) this.samples += s.present[i];
    if (this.samples > this.opts.maxSamples) throw new PromqlEvalError('query processing would load too many samples into memory in query execution');
    return series;
  }

  private selectVector(vs: VectorSelector, s: Steps): StepSeries[] {
    const out: StepSeries[] = [];
    const lookback = this.opts.lookbackDelta;
    const at = vs.at ? atTime(vs.at, this.opts) : undefined;
    const fetched = this.data.get(vs) ?? [];
    const valueBuf = new Float64Array(s.count * fetched.length);
    const timeBuf = new Float64Array(s.count * fetched.length);
    const presentBuf = new Uint8Array(s.count * fetched.length);
    let slot = 0;
    for (const f of fetched) {
      const values = valueBuf.subarray(slot * s.count, (slot + 1) * s.count);
      const present = presentBuf.subarray(slot * s.count, (slot + 1) * s.count);
      const sampleTimes = timeBuf.subarray(slot * s.count, (slot + 1) * s.count);
      let any = false;
      let ptr = 0;
      if (vs.smoothed) {
        any = smoothValues(clean(f), s, (i) => (at ?? stepTime(s, i)) - vs.offset, lookback, values, present);
        if (any) {
          out.push({ labels: f.labels, values, present });
          slot++;
        }
        continue;
      }
      for (let i = 0; i < s.count; i++) {
        const t = (at ?? stepTime(s, i)) - vs.offset;
        while (ptr < f.ts.length && f.ts[ptr] <= t) ptr++;
        const j = ptr - 1;
        if (j < 0 || f.ts[j] <= t - lookback || (f.stale && f.stale[j])) continue;
        values[i] = f.vs[j];
        sampleTimes[i] = f.ts[j];
        present[i] = 1;
        any = true;
      }
      if (any) {
        out.push({ labels: f.labels, values, present, sampleTimes });
        slot++;
      }
    }
    return out;
  }

  /** A matrix selector or subquery as the input of a range function over steps `s`. */
  rangeInput(e: Expr, s: Steps): RangeInput {
    while (e.kind === 'paren') e = e.expr;
    if (e.kind === 'matrix') {
      const vs = e.selector;
      const at = vs.at ? atTime(vs.at, this.opts) : undefined;
      const series = (this.data.get(vs) ?? []).map(clean);
      return { series, range: e.range, endAt: (i) => (at ?? stepTime(s, i)) - vs.offset, extension: e.extension };
    }
    if (e.kind === 'subquery') return this.subqueryInput(e, s);
    throw new PromqlEvalError(`expected range vector, got ${typeOf(e)}`);
  }

  private subqueryInput(sq: SubqueryExpr, s: Steps): RangeInput {
    const inner = subquerySteps(sq, s, this.opts);
    const v = inner.count > 0 ? this.vector(this.eval(sq.expr, inner)) : [];
    const series = v.map((x) => {
      const ts: number[] = [];
      const vals: number[] = [];
      for (let j = 0; j < inner.count; j++) {
        if (!x.present[j]) continue;
        ts.push(stepTime(inner, j));
        vals.push(x.values[j]);
      }
      return { labels: x.labels, ts: Float64Array.from(ts), vs: Float64Array.from(vals), dropName: x.dropName };
    });
    const at = sq.at ? atTime(sq.at, this.opts) : undefined;
    return { series, range: sq.range, endAt: (i) => (at ?? stepTime(s, i)) - sq.offset };
  }

  /** Applies a range function to every window of every series. */
  applyRange(name: string, input: RangeInput, s: Steps, scalars: Float64Array[]): StepSeries[] {
    const fn = RANGE_FUNCTIONS.get(name);
    if (!fn) throw new PromqlEvalError(`unknown range function ${name}`);
    const ext = input.extension;
    if (ext && !EXTENSION_SAFE[ext].includes(name)) {
      throw new PromqlEvalError(`${ext} modifier can only be used with: ${EXTENSION_SAFE[ext].join(', ')} - not with ${name}`);
    }
    const before = ext ? this.opts.lookbackDelta : 0;
    const after = ext === 'smoothed' ? this.opts.lookbackDelta : 0;
    const out: StepSeries[] = [];
    const args: number[] = new Array(scalars.length);
    // One reused window: allocating one per step and series dominated the hot path.
    const w: { -readonly [K in keyof Window]: Window[K] } = {
      ts: new Float64Array(0), vs: new Float64Array(0), lo: 0, hi: 0, start: 0, end: 0, range: input.range, evalTime: 0, resets: undefined, extension: ext,
    };
    // Output arrays for all series come from two shared buffers (see seriesToColumns in column-select.ts).
    const valueBuf = new Float64Array(s.count * input.series.length);
    const presentBuf = new Uint8Array(s.count * input.series.length);
    let slot = 0;
    const counter = name === 'rate' || name === 'increase' || name === 'resets';
    let longest = 0;
    if (counter) for (const x of input.series) longest = Math.max(longest, x.ts.length);
    const resetBuf = new Uint32Array(longest);
    for (const ser of input.series) {
      w.ts = ser.ts;
      w.vs = ser.vs;
      w.resets = counter ? resetPrefix(ser.vs, resetBuf) : undefined;
      const values = valueBuf.subarray(slot * s.count, (slot + 1) * s.count);
      const present = presentBuf.subarray(slot * s.count, (slot + 1) * s.count);
      let any = false;
      let lo = 0;
      let hi = 0;
      const n = ser.ts.length;
      for (let i = 0; i < s.count; i++) {
        const end = input.endAt(i);
        const start = end - input.range;
        while (lo < n && ser.ts[lo] <= start - before) lo++;
        if (hi < lo) hi = lo;
        while (hi < n && ser.ts[hi] <= end + after) hi++;
        for (let k = 0; k < scalars.length; k++) args[k] = scalars[k][i];
        w.lo = lo;
        w.hi = hi;
        w.start = start;
        w.end = end;
        w.evalTime = stepTime(s, i);
        const r = fn(w, args);
        if (r === undefined) continue;
        values[i] = r;
        present[i] = 1;
        any = true;
      }
      if (any) {
        out.push({ labels: ser.labels, values, present, dropName: !KEEPS_NAME.has(name) || ser.dropName });
        slot++;
      }
    }
    return this.track(out);
  }

  private instantMatrix(e: MatrixSelector | SubqueryExpr, s: Steps): SampleArrays[] {
    if (s.count !== 1) throw new PromqlEvalError(`invalid expression type "range vector" for range query, must be Scalar or instant Vector`);
    const input = this.rangeInput(e, s);
    const end = input.endAt(0);
    const start = end - input.range;
    const ext = input.extension;
    const before = ext ? this.opts.lookbackDelta : 0;
    const after = ext === 'smoothed' ? this.opts.lookbackDelta : 0;
    const out: SampleArrays[] = [];
    for (const ser of input.series) {
      let lo = 0;
      while (lo < ser.ts.length && ser.ts[lo] <= start - before) lo++;
      let hi = lo;
      while (hi < ser.ts.length && ser.ts[hi] <= end + after) hi++;
      if (hi <= lo) continue;
      const ts = ser.ts.slice(lo, hi);
      const vs = ser.vs.slice(lo, hi);
      const window = ext ? extendWindow(ts, vs, start, end, ext === 'smoothed') : { ts, vs };
      if (window.ts.length > 0) out.push({ labels: ser.labels, ...window });
    }
    return out;
  }

  private binary(e: BinaryExpr, s: Steps): EvalValue {
    const l = this.eval(e.lhs, s);
    const r = this.eval(e.rhs, s);
    if (l.type === 'scalar' && r.type === 'scalar') {
      return { type: 'scalar', values: l.values.map((x, i) => scalarBinop(e.op, x, r.values[i])) };
    }
    if (l.type === 'vector' && r.type === 'scalar') return { type: 'vector', series: this.track(vectorScalarBinop(e.op, l.series, r.values, false, e.returnBool)) };
    if (l.type === 'scalar' && r.type === 'vector') return { type: 'vector', series: this.track(vectorScalarBinop(e.op, r.series, l.values, true, e.returnBool)) };
    const ls = this.vector(l);
    const rs = this.vector(r);
    const out = e.op === 'and' || e.op === 'or' || e.op === 'unless' ? setBinop(e, ls, rs, s) : vectorBinop(e, ls, rs, s);
    return { type: 'vector', series: this.track(out) };
  }

  private aggregate(e: AggregateExpr, s: Steps): EvalValue {
    const inner = this.vector(this.eval(e.expr, s));
    if (e.op === 'count_values') {
      const p = this.eval(e.param as Expr, s);
      if (p.type !== 'string') throw new PromqlEvalError('count_values needs a string label name');
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(p.value)) throw new PromqlEvalError(`invalid label name "${p.value}"`);
      return { type: 'vector', series: this.track(countValues(e, p.value, inner, s)) };
    }
    const param = e.param ? this.scalar(this.eval(e.param, s)) : undefined;
    if (e.op === 'quantile' && param && e.param && param.some((q) => Number.isNaN(q) || q < 0 || q > 1)) {
      const bad = param.find((q) => Number.isNaN(q) || q < 0 || q > 1);
      this.notes.warnings.add(`PromQL warning: quantile value should be between 0 and 1, got ${bad} (1:${e.param.span.start + 1})`);
    }
    if (param && ['topk', 'bottomk', 'limitk', 'limit_ratio'].includes(e.op) && param.some(Number.isNaN)) {
      throw new PromqlEvalError(e.op === 'limit_ratio' ? 'Ratio value is NaN' : 'Parameter value is NaN');
    }
    return { type: 'vector', series: this.track(aggregate(e, inner, s, param)) };
  }

  /** Labels for absent()/absent_over_time(): the equality matchers of a plain selector argument. */
  absentLabels(arg: Expr): Labels {
    while (arg.kind === 'paren') arg = arg.expr;
    const vs = arg.kind === 'vector' ? arg : arg.kind === 'matrix' ? arg.selector : undefined;
    if (!vs) return {};
    const out: Record<string, string> = {};
    const dup = new Set<string>();
    for (const m of vs.matchers) {
      if (m.name === '__name__') continue;
      if (m.op === '=' && !(m.name in out) && !dup.has(m.name)) out[m.name] = m.value;
      else {
        delete out[m.name];
        dup.add(m.name);
      }
    }
    return out;
  }
}

/** Re-exported for call-function.ts. */
export type { Call };
