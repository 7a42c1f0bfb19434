import type { LabelMatcher, Labels } from '../domain/series';
import type { AtModifier, Call, Expr, VectorSelector } from './ast';
import type { Steps } from './eval-types';
import { compileMatcher, labelsMatch } from './label-matcher';
import { PromqlEvalError } from './promql-error';
import { formatLabels, SeriesCollector, type StepSeries } from './step-series';

const IDENTIFYING = ['instance', 'job'];

/** Name matchers as info() applies them: defaults to target_info, and to `.+_info` when only negative ones are given. */
function effectiveNameMatchers(ms: readonly LabelMatcher[]): LabelMatcher[] {
  if (ms.some((m) => m.op === '=' || m.op === '=~')) return [...ms];
  if (ms.length > 0) return [{ name: '__name__', op: '=~', value: '.+_info' }, ...ms];
  return [{ name: '__name__', op: '=', value: 'target_info' }];
}

/** Offset and @ of the first selector in v, including those of the subqueries around it (innermost first). */
function firstSelectorTime(e: Expr): { offset: number; at?: AtModifier } | undefined {
  switch (e.kind) {
    case 'vector': return { offset: e.offset, at: e.at };
    case 'matrix': return { offset: e.selector.offset, at: e.selector.at };
    case 'subquery': {
      const inner = firstSelectorTime(e.expr);
      if (!inner || inner.at) return inner;
      return { offset: inner.offset + e.offset, at: e.at };
    }
    case 'paren':
    case 'unary': return firstSelectorTime(e.expr);
    case 'binary': return firstSelectorTime(e.lhs) ?? firstSelectorTime(e.rhs);
    case 'aggregate': return (e.param && firstSelectorTime(e.param)) ?? firstSelectorTime(e.expr);
    case 'call': return e.args.map(firstSelectorTime).find((x) => x !== undefined);
    default: return undefined;
  }
}

/** The selection of info series for `info(v, {selector})`, read at the time (offset, @) of the first selector in v. */
export function infoSelector(args: readonly Expr[]): VectorSelector {
  const sel = args[1]?.kind === 'vector' ? args[1] : undefined;
  const data = (sel?.matchers ?? []).filter((m) => m.name !== '__name__');
  const names = (sel?.matchers ?? []).filter((m) => m.name === '__name__');
  const base = args[0] ? firstSelectorTime(args[0]) : undefined;
  return {
    kind: 'vector',
    matchers: [...data, ...effectiveNameMatchers(names)],
    offset: base?.offset ?? 0,
    at: base?.at,
    span: sel?.span ?? { start: 0, end: 0 },
  };
}

/** info(v, selector): adds the data labels of matching info series (joined on instance and job) to each series of v. */
export function evalInfo(call: Call, base: readonly StepSeries[], info: readonly StepSeries[], steps: Steps): StepSeries[] {
  const sel = call.args[1]?.kind === 'vector' ? call.args[1] : undefined;
  const nameMatchers = effectiveNameMatchers((sel?.matchers ?? []).filter((m) => m.name === '__name__'));
  const dataMatchers = (sel?.matchers ?? []).filter((m) => m.name !== '__name__');
  const dataNames = new Set(dataMatchers.map((m) => m.name));
  const ignored = base.map((b) => labelsMatch({ __name__: b.labels.__name__ ?? '' }, nameMatchers));
  // Info series whose identifying labels no (non-ignored) base series has are not read at all, as in Prometheus.
  const idValues = new Map<string, Set<string>>();
  base.forEach((b, i) => {
    if (ignored[i]) return;
    for (const l of IDENTIFYING) if (b.labels[l]) (idValues.get(l) ?? idValues.set(l, new Set()).get(l))?.add(b.labels[l]);
  });
  const infos = idValues.size === 0 ? [] : info.filter((s) => [...idValues].every(([l, vals]) => vals.has(s.labels[l] ?? '')));
  const sig = (name: string, l: Labels) => `${name}\u0000${IDENTIFYING.map((k) => `${k}=${l[k] ?? ''}`).join(',')}`;
  const infoNames = [...new Set(infos.map((s) => s.labels.__name__ ?? ''))];
  const infoSig = infos.map((s) => sig(s.labels.__name__ ?? '', s.labels));
  const allMatchEmpty = dataMatchers.every((m) => compileMatcher(m)(''));
  const out = new SeriesCollector(steps.count);
  const bySig = new Map<string, number>();
  for (let t = 0; t < steps.count; t++) {
    bySig.clear();
    infos.forEach((s, k) => {
      if (!s.present[t]) return;
      const prev = bySig.get(infoSig[k]);
      const origT = (x: number) => infos[x].sampleTimes?.[t] ?? 0;
      if (prev === undefined || origT(prev) < origT(k)) bySig.set(infoSig[k], k);
      else if (origT(prev) === origT(k)) {
        throw new PromqlEvalError(`found duplicate series for info metric: existing ${formatLabels(infos[prev].labels)}, new ${formatLabels(s.labels)}`);
      }
    });
    base.forEach((b, i) => {
      if (!b.present[t]) return;
      if (ignored[i]) {
        out.set(out.series(b.labels, b.dropName), t, b.values[t]);
        return;
      }
      const added: Record<string, string> = {};
      let seen = 0;
      for (const name of infoNames) {
        const k = bySig.get(sig(name, b.labels));
        if (k === undefined) continue;
        seen++;
        for (const [l, v] of Object.entries(infos[k].labels)) {
          if (l === '__name__' || (dataNames.size > 0 && !dataNames.has(l))) continue;
          if (added[l] !== undefined && added[l] !== v) throw new PromqlEvalError(`conflicting label: ${l}`);
          if (l in b.labels) continue;
          added[l] = v;
        }
      }
      if (seen === 0 && !allMatchEmpty) return;
      const labels = { ...b.labels, ...added };
      out.set(out.series(labels, b.dropName), t, b.values[t]);
    });
  }
  return out.result();
}
