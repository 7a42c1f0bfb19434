import { analyzeTrace } from '../../../../../lambdas/core/traces/analysis/analyze-trace';
import { criticalPath } from '../../../../../lambdas/core/traces/analysis/critical-path';
import { errorOrigin } from '../../../../../lambdas/core/traces/analysis/error-origin';
import { selfTimes } from '../../../../../lambdas/core/traces/analysis/self-times';
import { buildSpanTree } from '../../../../../lambdas/core/traces/analysis/span-tree';
import { summarizeTrace } from '../../../../../lambdas/core/traces/analysis/summarize-trace';
import { T0, checkoutTrace, sid, span } from '../support/span-builder';

const byName = (m: Map<string, number>) => Object.fromEntries([...m].map(([k, v]) => [k.replace(/^0+/, ''), v]));

describe('trace analysis on the three-service checkout trace', () => {
  const spans = checkoutTrace();
  // Shuffled input must not matter.
  const tree = buildSpanTree([...spans].reverse());

  it('builds the tree: roots, children by start, depths', () => {
    expect(tree.roots.map((n) => n.span.spanId)).toEqual([sid('a')]);
    expect(tree.missing).toEqual([]);
    const c = tree.byId.get(sid('c'))!;
    expect(c.children.map((n) => n.span.name)).toEqual(['validate', 'SELECT orders', 'orders publish']);
    expect(tree.nodes.map((n) => [n.span.spanId.replace(/^0+/, ''), n.depth])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 3],
      ['f', 4],
      ['1', 5],
      ['2', 3],
      ['3', 4],
    ]);
    // The consumer runs after its producer ended: async, not skew, so it is not moved.
    expect(tree.byId.get(sid('3'))!.skew).toBe(0);
  });

  it('computes self times (duration minus the union of clipped children)', () => {
    expect(byName(selfTimes(tree))).toEqual({ a: 150, b: 70, c: 150, d: 80, e: 40, f: 110, 1: 350, 2: 50, 3: 80 });
  });

  it('finds the critical path: segments tile the root, time per span', () => {
    const cp = criticalPath(tree);
    expect(cp.total).toBe(1000);
    expect(cp.spans.map((s) => [s.spanId.replace(/^0+/, ''), s.time])).toEqual([
      ['a', 150],
      ['b', 70],
      ['c', 150],
      ['d', 80],
      ['e', 40],
      ['f', 110],
      ['1', 350],
      ['2', 50],
    ]);
    let t = T0;
    for (const seg of cp.segments) {
      expect(seg.start).toBe(t);
      t = seg.end;
    }
    expect(t).toBe(T0 + 1000);
    expect(cp.segments.slice(0, 3).map((s) => s.spanId.replace(/^0+/, ''))).toEqual(['a', 'b', 'c']);
  });

  it('finds the error origin in the third service and the propagation chain', () => {
    const origin = errorOrigin(tree)!;
    expect(origin.origin.span.service).toBe('db');
    expect(origin.origin.span.name).toBe('query');
    expect(origin.chain.map((n) => n.span.service)).toEqual(['db', 'api', 'api', 'frontend', 'frontend']);
    expect(origin.propagated).toBe(5);
    expect(origin.candidates).toHaveLength(1);
  });

  it('summarises the trace', () => {
    expect(summarizeTrace(spans)).toEqual({
      traceId: spans[0].traceId,
      rootService: 'frontend',
      rootName: 'GET /checkout',
      startTime: T0,
      duration: 1000,
      spanCount: 9,
      errorCount: 5,
      services: ['api', 'db', 'frontend', 'worker'],
    });
  });
});

describe('buildSpanTree edge cases', () => {
  it('shifts a server span that starts before its client parent (clock skew), with its subtree', () => {
    const tree = buildSpanTree([
      span({ id: 'a', service: 'web', kind: 'client', start: 100, end: 900 }),
      span({ id: 'b', parent: 'a', service: 'api', kind: 'server', start: 20, end: 800 }),
      span({ id: 'c', parent: 'b', service: 'api', start: 40, end: 100 }),
    ]);
    const b = tree.byId.get(sid('b'))!;
    // 780 µs inside 800 µs: centred, 10 µs of slack each side.
    expect(b.skew).toBe(90);
    expect(b.start - T0).toBe(110);
    expect(b.end - T0).toBe(890);
    expect(tree.byId.get(sid('c'))!.start - T0).toBe(130);
    expect(b.span.startTime - T0).toBe(20);
  });

  it('aligns a child longer than its parent to the parent start; leaves same-service overhang alone', () => {
    const tree = buildSpanTree([
      span({ id: 'a', service: 'web', kind: 'client', start: 100, end: 200 }),
      span({ id: 'b', parent: 'a', service: 'api', kind: 'server', start: 50, end: 250 }),
      span({ id: 'c', parent: 'a', service: 'web', start: 150, end: 400 }),
    ]);
    expect(tree.byId.get(sid('b'))!.start - T0).toBe(100);
    expect(tree.byId.get(sid('c'))!.skew).toBe(0);
  });

  it('keeps orphans under a synthetic missing-parent marker and survives cycles and duplicates', () => {
    const tree = buildSpanTree([
      span({ id: 'r', service: 's', start: 0, end: 100 }),
      span({ id: 'o1', parent: 'ff', service: 's', start: 50, end: 60 }),
      span({ id: 'o2', parent: 'ff', service: 's', start: 10, end: 20 }),
      span({ id: 'x', parent: 'y', service: 's', start: 5, end: 6 }),
      span({ id: 'y', parent: 'x', service: 's', start: 7, end: 8 }),
      span({ id: 'z', parent: 'z', service: 's', start: 9, end: 10 }),
      span({ id: 'r', service: 's', start: 0, end: 999 }),
      span({ id: 'q', service: 's', start: 0, end: 1, traceId: 'ffffffffffffffffffffffffffffffff' }),
    ]);
    expect(tree.nodes).toHaveLength(6);
    expect(tree.byId.get(sid('r'))!.end - T0).toBe(100);
    expect(tree.roots[0].span.spanId).toBe(sid('r'));
    expect(tree.roots.slice(1).every((n) => n.orphan)).toBe(true);
    expect(tree.missing.map((m) => m.spanId)).toEqual([sid('ff')]);
    const ff = tree.missing[0];
    expect(ff.children.map((n) => n.span.spanId)).toEqual([sid('o2'), sid('o1')]);
    expect(tree.byId.get(sid('y'))!.depth + tree.byId.get(sid('x'))!.depth).toBe(1);
    expect(errorOrigin(tree)).toBeUndefined();
  });

  it('handles a 5,000-deep chain without overflowing the stack', () => {
    const spans = Array.from({ length: 5000 }, (_, i) => span({ id: (i + 1).toString(16), parent: i === 0 ? undefined : i.toString(16), service: 's', start: i, end: 20000 - i }));
    const tree = buildSpanTree(spans);
    expect(tree.nodes[4999].depth).toBe(4999);
    expect(criticalPath(tree).spans).toHaveLength(5000);
  });
});

describe('analyzeTrace', () => {
  it('combines the analyses for one trace', () => {
    const a = analyzeTrace(checkoutTrace());
    expect(a.summary.spanCount).toBe(9);
    expect(a.tree.nodes).toHaveLength(9);
    expect(a.selfTimes.get(sid('1'))).toBe(350);
    expect(a.criticalPath.total).toBe(1000);
    expect(a.errorOrigin?.origin.span.spanId).toBe(sid('f'));
    expect(analyzeTrace([span({ id: 'a', service: 's', start: 0, end: 5 })]).errorOrigin).toBeUndefined();
  });
});

describe('analysis invariants on random traces', () => {
  it('critical segments tile the root; self and path times stay within each span', () => {
    let seed = 11;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 50; trial++) {
      const size = 2 + Math.floor(rnd() * 60);
      const specs: Array<{ id: string; parent?: string; service: string; start: number; end: number }> = [];
      for (let i = 0; i < size; i++) {
        const p = i === 0 ? undefined : specs[Math.floor(rnd() * i)];
        // Children may overhang their parent (async work) and cross services (skew).
        const start = p ? p.start + Math.floor(rnd() * (p.end - p.start + 50)) - 20 : 0;
        const end = start + 1 + Math.floor(rnd() * (p ? p.end - p.start : 10_000));
        specs.push({ id: (i + 1).toString(16), parent: p?.id, service: `s${Math.floor(rnd() * 3)}`, start, end });
      }
      const tree = buildSpanTree(specs.map((s) => span(s)));
      expect(tree.nodes).toHaveLength(size);
      const cp = criticalPath(tree);
      const root = tree.roots[0];
      let t = root.start;
      for (const seg of cp.segments) {
        expect(seg.start).toBe(t);
        expect(seg.end).toBeGreaterThan(seg.start);
        const n = tree.byId.get(seg.spanId)!;
        expect(seg.start).toBeGreaterThanOrEqual(n.start);
        expect(seg.end).toBeLessThanOrEqual(n.end);
        t = seg.end;
      }
      expect(t).toBe(root.end);
      for (const s of cp.spans) expect(s.time).toBeLessThanOrEqual(tree.byId.get(s.spanId)!.span.duration);
      for (const [id, self] of selfTimes(tree)) {
        expect(self).toBeGreaterThanOrEqual(0);
        expect(self).toBeLessThanOrEqual(tree.byId.get(id)!.span.duration);
      }
    }
  });
});
