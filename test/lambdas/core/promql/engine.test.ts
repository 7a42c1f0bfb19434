import { instantQuery, rangeQuery } from '../../../../lambdas/core/promql/engine';
import { parsePromql } from '../../../../lambdas/core/promql/parser';
import { PromqlParseError } from '../../../../lambdas/core/promql/promql-error';
import { STALE_NAN } from '../../../../lambdas/core/promql/stale-nan';
import { MemoryQueryable } from './support/memory-queryable';

function store(): MemoryQueryable {
  const s = new MemoryQueryable();
  // One sample a minute, values 0, 10, 20, ... for 10 minutes.
  s.add({ __name__: 'c_total', job: 'a' }, Array.from({ length: 11 }, (_x, i) => ({ timestamp: i * 60_000, value: i * 10 })));
  s.add({ __name__: 'g', job: 'a' }, [
    { timestamp: 0, value: 1 },
    { timestamp: 60_000, value: 2 },
    { timestamp: 120_000, value: STALE_NAN },
  ]);
  return s;
}

describe('parsePromql', () => {
  it('builds the AST with offset, @ and grouping', () => {
    const e = parsePromql('sum by (job) (rate(x{a="b"}[5m] offset 1m @ 100))');
    expect(e.kind).toBe('aggregate');
    if (e.kind !== 'aggregate' || e.expr.kind !== 'call' || e.expr.args[0].kind !== 'matrix') throw new Error('shape');
    expect(e.grouping).toEqual(['job']);
    expect(e.expr.args[0].range).toBe(300_000);
    expect(e.expr.args[0].selector.offset).toBe(60_000);
    expect(e.expr.args[0].selector.at).toEqual({ kind: 'time', ms: 100_000 });
  });

  it('keeps ^ right-associative and binds it tighter than unary minus', () => {
    const e = parsePromql('2 ^ 3 ^ 2');
    expect(e.kind === 'binary' && e.rhs.kind === 'binary').toBe(true);
  });

  it.each([
    ['sum(x', 'unexpected end of input'],
    ['rate(x)', 'expected type range vector'],
    ['1 < 2', 'BOOL modifier'],
    ['{a=""}', 'at least one non-empty matcher'],
    ['a and 1', 'set operator'],
    ['nosuchfn(x)', 'unexpected'],
  ])('rejects %s with a positioned error', (q, msg) => {
    expect(() => parsePromql(q)).toThrow(PromqlParseError);
    expect(() => parsePromql(q)).toThrow(msg);
  });
});

describe('evaluation semantics', () => {
  it('range selectors are left-open: a sample exactly at t - range is excluded', async () => {
    const res = await instantQuery(store(), 'count_over_time(c_total[2m])', 300_000);
    expect(res.resultType === 'vector' && res.result[0].value).toBe(2);
  });

  it('a stale marker ends the series for lookback', async () => {
    const s = store();
    const before = await instantQuery(s, 'g', 90_000);
    expect(before.resultType === 'vector' && before.result.map((r) => r.value)).toEqual([2]);
    const after = await instantQuery(s, 'g', 150_000);
    expect(after.resultType === 'vector' && after.result).toEqual([]);
  });

  it('lookback finds samples up to 5 minutes old, not older', async () => {
    const s = store();
    const inside = await instantQuery(s, 'c_total', 600_000 + 299_000);
    expect(inside.resultType === 'vector' && inside.result[0].value).toBe(100);
    const outside = await instantQuery(s, 'c_total', 600_000 + 300_000);
    expect(outside.resultType === 'vector' && outside.result).toEqual([]);
  });

  it('rate over a range query drops the metric name and extrapolates', async () => {
    const res = await rangeQuery(store(), 'rate(c_total[5m])', 300_000, 600_000, 60_000);
    if (res.resultType !== 'matrix') throw new Error('matrix expected');
    expect(res.result[0].metric).toEqual({ job: 'a' });
    for (const p of res.result[0].points) expect(p.value).toBeCloseTo(10 / 60, 10);
  });

  it('fetches each distinct matcher set once, merging time ranges', async () => {
    const s = store();
    await rangeQuery(s, 'c_total + c_total offset 1m + g', 0, 600_000, 60_000);
    expect(s.selects).toBe(2);
    s.selects = 0;
    await instantQuery(s, 'c_total / c_total', 600_000);
    expect(s.selects).toBe(1);
  });

  it('offset and @ shift the evaluation time; @ end() pins every step of a range query', async () => {
    const s = store();
    const off = await instantQuery(s, 'c_total offset 2m', 300_000);
    expect(off.resultType === 'vector' && off.result[0].value).toBe(30);
    const at = await rangeQuery(s, 'c_total @ end()', 0, 240_000, 60_000);
    expect(at.resultType === 'matrix' && at.result[0].points.map((p) => p.value)).toEqual([40, 40, 40, 40, 40]);
  });

  it('aligns subquery steps to absolute multiples of the subquery step', async () => {
    const res = await instantQuery(store(), 'c_total[3m:2m]', 330_000);
    if (res.resultType !== 'matrix') throw new Error('matrix expected');
    expect(res.result[0].points.map((p) => p.timestamp)).toEqual([240_000]);
  });

  it('range windows skip stale markers', async () => {
    const res = await instantQuery(store(), 'count_over_time(g[10m])', 300_000);
    expect(res.resultType === 'vector' && res.result[0].value).toBe(2);
  });

  it('matches group_left and copies the included label from the one side', async () => {
    const s = new MemoryQueryable();
    s.add({ __name__: 'req', job: 'a', path: '/x' }, [{ timestamp: 0, value: 4 }]);
    s.add({ __name__: 'req', job: 'a', path: '/y' }, [{ timestamp: 0, value: 6 }]);
    s.add({ __name__: 'info', job: 'a', team: 't1' }, [{ timestamp: 0, value: 2 }]);
    const res = await instantQuery(s, 'req * on(job) group_left(team) info', 0);
    if (res.resultType !== 'vector') throw new Error('vector expected');
    expect(res.result.map((r) => [r.metric, r.value])).toEqual([
      [{ job: 'a', path: '/x', team: 't1' }, 8],
      [{ job: 'a', path: '/y', team: 't1' }, 12],
    ]);
    await expect(instantQuery(s, 'req + on(job) req', 0)).rejects.toThrow('many-to-many matching not allowed');
  });

  it('topk answers in value order; comparison filters keep the metric name', async () => {
    const s = new MemoryQueryable();
    for (const [i, v] of [[1, 5], [2, 9], [3, 7]]) s.add({ __name__: 'm', i: String(i) }, [{ timestamp: 0, value: v }]);
    const top = await instantQuery(s, 'topk(2, m)', 0);
    expect(top.resultType === 'vector' && top.result.map((r) => r.value)).toEqual([9, 7]);
    const cmp = await instantQuery(s, 'm > 6', 0);
    expect(cmp.resultType === 'vector' && cmp.result.map((r) => r.metric.__name__)).toEqual(['m', 'm']);
  });

  it('enforces the sample limit', async () => {
    await expect(rangeQuery(store(), 'c_total', 0, 600_000, 1_000, { maxSamples: 5 })).rejects.toThrow('too many samples');
  });

  it('anchored and smoothed range selectors use the samples around the window edges', async () => {
    const s = new MemoryQueryable();
    s.add({ __name__: 'm' }, [0, 1, 2, 3, 4, 5].map((i) => ({ timestamp: i * 60_000, value: i * 10 })));
    const anchored = await instantQuery(s, 'm[2m] anchored', 270_000);
    if (anchored.resultType !== 'matrix') throw new Error('matrix expected');
    expect(anchored.result[0].points.map((p) => [p.timestamp, p.value])).toEqual([[150_000, 20], [180_000, 30], [240_000, 40], [270_000, 40]]);
    const inc = await instantQuery(s, 'increase(m[150s] smoothed)', 270_000);
    expect(inc.resultType === 'vector' && inc.result[0].value).toBeCloseTo(25, 10);
    await expect(instantQuery(s, 'max_over_time(m[1m] smoothed)', 270_000)).rejects.toThrow('smoothed modifier can only be used with');
  });

  it('info() adds target_info data labels joined on instance and job', async () => {
    const s = new MemoryQueryable();
    s.add({ __name__: 'up', instance: 'a', job: 'j' }, [{ timestamp: 0, value: 1 }]);
    s.add({ __name__: 'target_info', instance: 'a', job: 'j', region: 'eu' }, [{ timestamp: 0, value: 1 }]);
    const res = await instantQuery(s, 'info(up)', 0);
    expect(res.resultType === 'vector' && res.result[0].metric).toEqual({ __name__: 'up', instance: 'a', job: 'j', region: 'eu' });
    const none = await instantQuery(s, 'info(up, {region="us"})', 0);
    expect(none.resultType === 'vector' && none.result).toEqual([]);
  });

  it('re-applies the matchers to whatever the store returns', async () => {
    const loose = { select: async () => [
      { labels: { __name__: 'c_total', job: 'a' }, samples: [{ timestamp: 0, value: 1 }] },
      { labels: { __name__: 'c_total', job: 'b' }, samples: [{ timestamp: 0, value: 2 }] },
    ] };
    const res = await instantQuery(loose, 'c_total{job=~"(?i)A"}', 0);
    expect(res.resultType === 'vector' && res.result.map((r) => r.metric.job)).toEqual(['a']);
  });
});
