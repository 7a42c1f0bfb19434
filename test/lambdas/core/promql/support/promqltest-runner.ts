import type { Labels, Sample } from '../../../../../lambdas/core/domain/series';
import { instantQuery, rangeQuery, type QueryResponse } from '../../../../../lambdas/core/promql/engine';
import { STALE_NAN } from '../../../../../lambdas/core/promql/stale-nan';
import { labelsKey } from '../../../../../lambdas/core/promql/step-series';
import { MemoryQueryable } from './memory-queryable';
import { parseScript, type Command, type Expectation, type SeriesDesc } from './promqltest-script';

/** The outcome of one eval step. */
export interface StepOutcome {
  readonly line: number;
  readonly expr: string;
  readonly status: 'pass' | 'fail' | 'native';
  readonly reason?: string;
}

const EPSILON = 0.000001;
const MIN_NORMAL = 2.2250738585072014e-308;

/** Prometheus' almost.Equal: relative tolerance, NaN equals NaN. */
export function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < EPSILON;
}

function load(store: MemoryQueryable, cmd: Extract<Command, { kind: 'load' }>): void {
  for (const s of cmd.series) {
    const samples: Sample[] = [];
    let histogram = false;
    s.values.forEach((v, i) => {
      const timestamp = i * cmd.interval;
      if (v.kind === 'float') samples.push({ timestamp, value: v.value });
      else if (v.kind === 'stale') samples.push({ timestamp, value: STALE_NAN });
      else if (v.kind === 'histogram') histogram = true;
    });
    store.add(s.labels, samples, histogram);
    if (cmd.withNhcb && s.labels.__name__?.endsWith('_bucket')) {
      const { le: _le, ...rest } = s.labels;
      store.add({ ...rest, __name__: s.labels.__name__.replace(/_bucket$/, '') }, [{ timestamp: 0, value: 0 }], true);
    }
  }
}

function fmt(labels: Labels): string {
  return JSON.stringify(labels);
}

function checkAnnotations(kind: 'warn' | 'info', got: string[], expects: readonly Expectation[]): string | undefined {
  const want = expects.filter((e) => e.type === kind);
  if (expects.some((e) => e.type === `no_${kind}`) && got.length > 0) return `unexpected ${kind}: ${got[0]}`;
  if (want.length === 0) return undefined;
  const matches = (e: Expectation, a: string) => (e.msg !== undefined ? a === e.msg : e.regex ? e.regex.test(a) : true);
  for (const e of want) if (!got.some((a) => matches(e, a))) return `expected ${kind} ${e.msg ?? e.regex ?? ''} not raised (got ${JSON.stringify(got)})`;
  for (const a of got) if (!want.some((e) => matches(e, a))) return `unexpected ${kind}: ${a}`;
  return undefined;
}

function compare(cmd: Extract<Command, { kind: 'eval' }>, res: QueryResponse): string | undefined {
  const ordered = cmd.expects.some((e) => e.type === 'ordered');
  if (cmd.string !== undefined) {
    return res.resultType === 'string' && res.result.value === cmd.string ? undefined : `expected string ${cmd.string}, got ${JSON.stringify(res.result)}`;
  }
  if (cmd.scalar !== undefined) {
    if (res.resultType !== 'scalar') return `expected scalar, got ${res.resultType}`;
    return almostEqual(cmd.scalar, res.result.value) ? undefined : `expected scalar ${cmd.scalar}, got ${res.result.value}`;
  }
  const expected = new Map<string, { desc: SeriesDesc; pos: number }>();
  cmd.series.forEach((desc, pos) => expected.set(labelsKey(desc.labels), { desc, pos }));
  if (res.resultType === 'vector') {
    if (cmd.rangeVector) return `expected range vector, got vector`;
    const seen = new Set<string>();
    for (const [pos, s] of res.result.entries()) {
      const key = labelsKey(s.metric);
      const exp = expected.get(key);
      if (!exp) return `unexpected metric ${fmt(s.metric)} = ${s.value}`;
      if (ordered && exp.pos !== pos) return `metric ${fmt(s.metric)} at position ${pos}, expected ${exp.pos}`;
      const v = exp.desc.values[0];
      if (!v || v.kind !== 'float' || !almostEqual(v.value, s.value)) return `expected ${v?.kind === 'float' ? v.value : v?.kind} for ${fmt(s.metric)}, got ${s.value}`;
      seen.add(key);
    }
    for (const [key, e] of expected) if (!seen.has(key)) return `expected metric ${fmt(e.desc.labels)} not found`;
    return undefined;
  }
  if (res.resultType === 'matrix') {
    if (cmd.instant && !cmd.rangeVector) return `expected vector, got matrix`;
    const start = cmd.rangeVector ? cmd.rangeVector.start : cmd.start;
    const step = cmd.rangeVector ? cmd.rangeVector.step : cmd.step;
    const seen = new Set<string>();
    for (const s of res.result) {
      const key = labelsKey(s.metric);
      const exp = expected.get(key);
      if (!exp) return `unexpected metric ${fmt(s.metric)} with ${s.points.length} points`;
      seen.add(key);
      const want = exp.desc.values
        .map((v, i) => ({ v, t: start + i * step }))
        .filter((x) => x.v.kind !== 'omitted');
      if (want.length !== s.points.length) {
        return `expected ${want.length} points for ${fmt(s.metric)}, got ${s.points.length}: ${s.points.map((p) => `${p.value}@${p.timestamp / 1000}`).join(' ')}`;
      }
      for (let i = 0; i < want.length; i++) {
        const w = want[i];
        const p = s.points[i];
        if (w.t !== p.timestamp) return `point ${i} of ${fmt(s.metric)} at ${p.timestamp}, expected ${w.t}`;
        if (w.v.kind !== 'float' || !almostEqual(w.v.value, p.value)) {
          return `point ${i} (t=${p.timestamp / 1000}) of ${fmt(s.metric)}: expected ${w.v.kind === 'float' ? w.v.value : w.v.kind}, got ${p.value}`;
        }
      }
    }
    for (const [key, e] of expected) if (!seen.has(key)) return `expected metric ${fmt(e.desc.labels)} not found`;
    return undefined;
  }
  return `unexpected result type ${res.resultType}`;
}

async function runEval(store: MemoryQueryable, cmd: Extract<Command, { kind: 'eval' }>): Promise<StepOutcome> {
  const base = { line: cmd.line, expr: cmd.expr };
  store.touchedHistogram = false;
  const wantFail = cmd.expects.find((e) => e.type === 'fail');
  let res: QueryResponse | undefined;
  let error: Error | undefined;
  try {
    res = cmd.instant ? await instantQuery(store, cmd.expr, cmd.start) : await rangeQuery(store, cmd.expr, cmd.start, cmd.end, cmd.step);
  } catch (err) {
    error = err as Error;
  }
  if (cmd.native || store.touchedHistogram) return { ...base, status: 'native' };
  if (wantFail) {
    if (!error) return { ...base, status: 'fail', reason: 'expected the query to fail' };
    if (wantFail.msg !== undefined && error.message !== wantFail.msg) return { ...base, status: 'fail', reason: `failed with "${error.message}", expected "${wantFail.msg}"` };
    if (wantFail.regex && !wantFail.regex.test(error.message)) return { ...base, status: 'fail', reason: `failed with "${error.message}", expected /${wantFail.regex.source}/` };
    return { ...base, status: 'pass' };
  }
  if (error || !res) return { ...base, status: 'fail', reason: `error: ${error?.message}` };
  const reason = compare(cmd, res) ?? checkAnnotations('warn', res.warnings, cmd.expects) ?? checkAnnotations('info', res.infos, cmd.expects);
  return reason ? { ...base, status: 'fail', reason } : { ...base, status: 'pass' };
}

/** Runs a whole script and answers the outcome of every eval step. */
export async function runScript(text: string): Promise<StepOutcome[]> {
  const store = new MemoryQueryable();
  const out: StepOutcome[] = [];
  for (const cmd of parseScript(text)) {
    if (cmd.kind === 'clear') store.clear();
    else if (cmd.kind === 'load') load(store, cmd);
    else out.push(await runEval(store, cmd));
  }
  return out;
}
