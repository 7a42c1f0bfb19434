import type { Labels } from '../domain/series';
import type { BinaryExpr, BinaryOp, VectorMatching } from './ast';
import type { Steps } from './eval-types';
import { PromqlEvalError } from './promql-error';
import { formatLabels, labelsKey, SeriesCollector, withoutMetadata, type StepSeries } from './step-series';

const COMPARISON = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<=']);

/** Whether the operator is a comparison (filters unless `bool`). */
export function isComparison(op: BinaryOp): boolean {
  return COMPARISON.has(op);
}

/** Go's math.Pow special cases differ from Math.pow for a base of ±1 and NaN or infinite exponents. */
function pow(a: number, b: number): number {
  if (b === 0 || a === 1) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return Math.pow(a, b);
}

/** Applies an arithmetic or comparison operator to two floats; comparisons answer 1 or 0. */
export function scalarBinop(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '^': return pow(a, b);
    case 'atan2': return Math.atan2(a, b);
    // Trimming applies to native histograms only; float samples yield no result.
    case '</':
    case '>/': return NaN;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    default: throw new PromqlEvalError(`operator "${op}" not allowed for scalar operations`);
  }
}

/** A vector and a scalar (per step); `swap` when the scalar is on the left. */
export function vectorScalarBinop(op: BinaryOp, vec: readonly StepSeries[], scalar: Float64Array, swap: boolean, returnBool: boolean): StepSeries[] {
  const cmp = isComparison(op);
  const out: StepSeries[] = [];
  for (const s of vec) {
    const n = s.values.length;
    const values = new Float64Array(n);
    const present = new Uint8Array(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!s.present[i]) continue;
      if (op === '</' || op === '>/') continue;
      const v = s.values[i];
      const r = swap ? scalarBinop(op, scalar[i], v) : scalarBinop(op, v, scalar[i]);
      if (cmp && !returnBool) {
        if (r === 0) continue;
        values[i] = v;
      } else values[i] = r;
      present[i] = 1;
      any = true;
    }
    if (any) out.push({ labels: s.labels, values, present, dropName: s.dropName || !cmp || returnBool });
  }
  return out;
}

/** A matching signature function for a vector-matching clause (ignoring always drops the metric name). */
export function signatureOf(matching: VectorMatching): (labels: Labels) => string {
  if (matching.on) {
    const names = [...matching.labels].sort();
    return (l) => names.map((n) => `${n}\u0000${l[n] ?? ''}`).join('\u0001');
  }
  const skip = new Set([...matching.labels, '__name__']);
  return (l) =>
    Object.keys(l)
      .filter((n) => !skip.has(n))
      .sort()
      .map((n) => `${n}\u0000${l[n]}`)
      .join('\u0001');
}

function resultLabels(lhs: Labels, rhs: Labels, op: BinaryOp, m: VectorMatching): Labels {
  const out: Record<string, string> = { ...(isComparison(op) ? lhs : withoutMetadata(lhs)) };
  if (m.card === 'one-to-one') {
    if (m.on) {
      for (const k of Object.keys(out)) if (!m.labels.includes(k)) delete out[k];
    } else for (const k of m.labels) delete out[k];
  }
  for (const ln of m.include) {
    const v = rhs[ln];
    if (v) out[ln] = v;
    else delete out[ln];
  }
  return out;
}

function matchLabels(labels: Labels, m: VectorMatching): Labels {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels)) {
    if (m.on ? m.labels.includes(k) : k !== '__name__' && !m.labels.includes(k)) out[k] = labels[k];
  }
  return out;
}

function duplicateError(rhs: readonly StepSeries[], r: number, prev: number, m: VectorMatching, swapped: boolean): PromqlEvalError {
  const [a, b] = [formatLabels(rhs[r].labels), formatLabels(rhs[prev].labels)].sort();
  return new PromqlEvalError(
    `found duplicate series for the match group ${formatLabels(matchLabels(rhs[r].labels, m))} on the ${swapped ? 'left' : 'right'} hand-side of the operation: [${a}, ${b}];many-to-many matching not allowed: matching labels must be unique on one side`,
  );
}

/**
 * Arithmetic or comparison between two vectors with one-to-one or many-to-one/one-to-many matching,
 * including `fill`/`fill_left`/`fill_right` values for samples without a partner.
 */
export function vectorBinop(e: BinaryExpr, lhsIn: readonly StepSeries[], rhsIn: readonly StepSeries[], steps: Steps): StepSeries[] {
  const m: VectorMatching = e.matching ?? { card: 'one-to-one', on: false, labels: [], include: [] };
  const out = new SeriesCollector(steps.count);
  if (lhsIn.length === 0 && rhsIn.length === 0) return [];
  if ((lhsIn.length === 0 || rhsIn.length === 0) && m.fillLeft === undefined && m.fillRight === undefined) return [];
  const swapped = m.card === 'one-to-many';
  const [lhs, rhs] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const sig = signatureOf(m);
  const lsig = lhs.map((x) => sig(x.labels));
  const rsig = rhs.map((x) => sig(x.labels));
  const cmp = isComparison(e.op);
  const pairLabels = new Map<number, StepSeries>();
  const rightBySig = new Map<string, number>();
  const matched = new Map<string, Set<string>>();
  const apply = (i: number, pairKey: number, lLabels: Labels, rLabels: Labels, lv: number, rv: number, sigKey: string) => {
    const [fl, fr] = swapped ? [rv, lv] : [lv, rv];
    let value = scalarBinop(e.op, fl, fr);
    let keep = true;
    if (cmp) {
      keep = value === 1;
      value = e.returnBool ? value : fl;
    }
    let target = pairLabels.get(pairKey);
    if (!target) {
      target = out.series(resultLabels(lLabels, rLabels, e.op, m), e.returnBool);
      pairLabels.set(pairKey, target);
    }
    const seen = matched.get(sigKey);
    if (m.card === 'one-to-one') {
      if (seen) throw new PromqlEvalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      matched.set(sigKey, new Set());
    } else {
      const key = labelsKey(target.labels);
      if (seen?.has(key)) throw new PromqlEvalError('multiple matches for labels: grouping labels must ensure unique matches');
      if (seen) seen.add(key);
      else matched.set(sigKey, new Set([key]));
    }
    if ((keep || e.returnBool) && e.op !== '</' && e.op !== '>/') out.set(target, i, value);
  };
  const nPairs = lhs.length * rhs.length;
  for (let i = 0; i < steps.count; i++) {
    rightBySig.clear();
    matched.clear();
    for (let r = 0; r < rhs.length; r++) {
      if (!rhs[r].present[i]) continue;
      const prev = rightBySig.get(rsig[r]);
      if (prev !== undefined) throw duplicateError(rhs, r, prev, m, swapped);
      rightBySig.set(rsig[r], r);
    }
    for (let l = 0; l < lhs.length; l++) {
      if (!lhs[l].present[i]) continue;
      const r = rightBySig.get(lsig[l]);
      if (r !== undefined) apply(i, l * rhs.length + r, lhs[l].labels, rhs[r].labels, lhs[l].values[i], rhs[r].values[i], lsig[l]);
      else if (m.fillRight !== undefined) {
        apply(i, nPairs + l, lhs[l].labels, matchLabels(lhs[l].labels, m), lhs[l].values[i], m.fillRight, lsig[l]);
      }
    }
    if (m.fillLeft === undefined) continue;
    for (let r = 0; r < rhs.length; r++) {
      if (!rhs[r].present[i] || (matched.get(rsig[r])?.size ?? 0) > 0 || (m.card === 'one-to-one' && matched.has(rsig[r]))) continue;
      apply(i, nPairs + lhs.length + r, matchLabels(rhs[r].labels, m), rhs[r].labels, m.fillLeft, rhs[r].values[i], rsig[r]);
    }
  }
  return out.result();
}

/** `and`, `or`, `unless` between two vectors. */
export function setBinop(e: BinaryExpr, lhs: readonly StepSeries[], rhs: readonly StepSeries[], steps: Steps): StepSeries[] {
  const sig = signatureOf(e.matching ?? { card: 'many-to-many', on: false, labels: [], include: [] });
  const lsig = lhs.map((s) => sig(s.labels));
  const rsig = rhs.map((s) => sig(s.labels));
  const out = new SeriesCollector(steps.count);
  const targetsL = lhs.map((s) => out.series(s.labels, s.dropName));
  const targetsR = e.op === 'or' ? rhs.map((s) => out.series(s.labels, s.dropName)) : [];
  const sigs = new Set<string>();
  for (let i = 0; i < steps.count; i++) {
    sigs.clear();
    const side = e.op === 'or' ? lhs : rhs;
    const sideSig = e.op === 'or' ? lsig : rsig;
    for (let k = 0; k < side.length; k++) if (side[k].present[i]) sigs.add(sideSig[k]);
    for (let l = 0; l < lhs.length; l++) {
      if (!lhs[l].present[i]) continue;
      const hit = sigs.has(lsig[l]);
      if (e.op === 'or' || (e.op === 'and' && hit) || (e.op === 'unless' && !hit)) out.set(targetsL[l], i, lhs[l].values[i]);
    }
    if (e.op === 'or') {
      for (let r = 0; r < rhs.length; r++) {
        if (rhs[r].present[i] && !sigs.has(rsig[r])) out.set(targetsR[r], i, rhs[r].values[i]);
      }
    }
  }
  return out.result();
}
