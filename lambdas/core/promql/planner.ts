import type { LabelMatcher, Labels } from '../domain/series';
import type { MetricSelection, MetricStore } from '../ports/metric-store';
import type { AtModifier, Expr, SubqueryExpr, VectorSelector } from './ast';
import { offersColumns, seriesToColumns } from './column-select';
import { stepTime, type Steps } from './eval-types';
import { labelsMatch } from './label-matcher';
import { PromqlEvalError } from './promql-error';
import { isStaleNaN } from './stale-nan';
import type { SampleArrays } from './step-series';

/** The only store method the engine needs. */
export type Queryable = Pick<MetricStore, 'select'>;

/** Engine settings that shape which data a query reads. */
export interface PlanOptions {
  readonly lookbackDelta: number;
  readonly subqueryStep: number;
  readonly queryStart: number;
  readonly queryEnd: number;
}

/** A fetched series: samples (stale markers flagged) and, lazily, the stale-free copy for range windows. */
export interface FetchedSeries extends SampleArrays {
  readonly stale: Uint8Array | undefined;
  clean?: SampleArrays;
}

/** One store request: the matchers of one or more selectors and the union of their time ranges. */
export interface PlannedSelection {
  readonly matchers: readonly LabelMatcher[];
  start: number;
  end: number;
  readonly nodes: VectorSelector[];
}

/** Resolves an `@` modifier to ms. */
export function atTime(at: AtModifier, o: Pick<PlanOptions, 'queryStart' | 'queryEnd'>): number {
  return at.kind === 'time' ? at.ms : at.kind === 'start' ? o.queryStart : o.queryEnd;
}

/** The inner evaluation steps of a subquery evaluated over outer steps `s`: aligned to multiples of its step. */
export function subquerySteps(sq: SubqueryExpr, s: Steps, o: PlanOptions): Steps {
  const step = sq.step ?? o.subqueryStep;
  const first = sq.at ? atTime(sq.at, o) : s.start;
  const last = sq.at ? first : stepTime(s, s.count - 1);
  const end = last - sq.offset;
  const start = Math.ceil((first - sq.offset - sq.range) / step) * step;
  return { start, step, count: end < start ? 0 : Math.floor((end - start) / step) + 1 };
}

function matcherKey(ms: readonly LabelMatcher[]): string {
  return ms.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).sort().join(',');
}

/** Collects every selector with the time range it needs, merging identical matcher sets into one request. */
export function planSelections(expr: Expr, steps: Steps, o: PlanOptions): PlannedSelection[] {
  const byKey = new Map<string, PlannedSelection>();
  const add = (vs: VectorSelector, s: Steps, back: number, forward = 0) => {
    if (s.count === 0) return;
    const first = vs.at ? atTime(vs.at, o) : s.start;
    const last = vs.at ? first : stepTime(s, s.count - 1);
    const start = first - vs.offset - back;
    const end = last - vs.offset + forward;
    const key = matcherKey(vs.matchers);
    const p = byKey.get(key);
    if (p) {
      p.start = Math.min(p.start, start);
      p.end = Math.max(p.end, end);
      if (!p.nodes.includes(vs)) p.nodes.push(vs);
    } else byKey.set(key, { matchers: vs.matchers, start, end, nodes: [vs] });
  };
  const walk = (e: Expr, s: Steps): void => {
    switch (e.kind) {
      case 'vector': return add(e, s, o.lookbackDelta, e.smoothed ? o.lookbackDelta : 0);
      case 'matrix':
        if (!e.extension) return add(e.selector, s, e.range);
        return add(e.selector, s, e.range + o.lookbackDelta, e.extension === 'smoothed' ? o.lookbackDelta : 0);
      case 'subquery': return walk(e.expr, subquerySteps(e, s, o));
      case 'paren':
      case 'unary': return walk(e.expr, s);
      case 'binary': walk(e.lhs, s); return walk(e.rhs, s);
      case 'aggregate': if (e.param) walk(e.param, s); return walk(e.expr, s);
      case 'call':
        // info()'s second argument only describes the info series; infoSelector is what is read.
        if (e.infoSelector) {
          walk(e.args[0], s);
          return add(e.infoSelector, s, o.lookbackDelta);
        }
        for (const a of e.args) walk(a, s);
        return;
      default: return;
    }
  };
  walk(expr, steps);
  return [...byKey.values()];
}

// Whether a column buffer holds any NaN: panels of a dashboard get views into one shared buffer,
// so it is scanned once rather than once per panel. Column buffers are never written once answered.
const bufferHasNaN = new WeakMap<ArrayBufferLike, boolean>();

function mayHoldNaN(vs: Float64Array): boolean {
  const buffer = vs.buffer;
  if (buffer.byteLength % 8 !== 0) return true;
  let known = bufferHasNaN.get(buffer);
  if (known === undefined) {
    const all = new Float64Array(buffer);
    known = false;
    for (let i = 0; i < all.length; i++) {
      const v = all[i];
      if (v !== v) {
        known = true;
        break;
      }
    }
    bufferHasNaN.set(buffer, known);
  }
  return known;
}

/** Flags the staleness markers of each series; the arrays themselves are used as they are (never written). */
function withStaleFlags(list: readonly SampleArrays[]): FetchedSeries[] {
  return list.map(({ labels, ts, vs }) => {
    let stale: Uint8Array | undefined;
    if (!mayHoldNaN(vs)) return { labels, ts, vs, stale };
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i];
      // Only NaNs can be stale markers; the bit test is kept off the common path.
      if (v !== v && isStaleNaN(v)) {
        if (!stale) stale = new Uint8Array(vs.length);
        stale[i] = 1;
      }
    }
    return { labels, ts, vs, stale };
  });
}

/** Runs each planned selection once against the store; answers the series of every selector node. */
export async function fetchSelections(store: Queryable, plan: readonly PlannedSelection[], maxSamples: number): Promise<Map<VectorSelector, FetchedSeries[]>> {
  const out = new Map<VectorSelector, FetchedSeries[]>();
  let total = 0;
  await Promise.all(
    plan.map(async (p) => {
      const selection: MetricSelection = { matchers: p.matchers, range: { start: p.start, end: p.end } };
      // Re-check the matchers: a store may push down only some of them (or read regexes differently).
      // A store that answers columns saves one object per sample, and a shared view (dashboards) one conversion per panel.
      const keep = (x: { labels: Labels }) => labelsMatch(x.labels, p.matchers);
      const columns = offersColumns(store) ? (await store.selectColumns(selection)).filter(keep) : seriesToColumns((await store.select(selection)).filter(keep));
      const series = withStaleFlags(columns);
      for (const s of series) total += s.ts.length;
      for (const node of p.nodes) out.set(node, series);
    }),
  );
  if (total > maxSamples) throw new PromqlEvalError('query processing would load too many samples into memory in query execution');
  return out;
}
