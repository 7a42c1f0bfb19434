import type { Series } from '../../../../lambdas/core/domain/series';
import type { MetricSelection } from '../../../../lambdas/core/ports/metric-store';
import { RenderCache } from '../../../../lambdas/core/dashboards/render-cache';
import { legendName } from '../../../../lambdas/core/dashboards/render-dashboard';
import { resolveVariables } from '../../../../lambdas/core/dashboards/resolve-variables';
import { SharedSelections } from '../../../../lambdas/core/dashboards/shared-selections';
import { columnsToSeries, seriesToColumns } from '../../../../lambdas/core/promql/column-select';
import { rangeQuery } from '../../../../lambdas/core/promql/engine';
import { validateDashboard } from '../../../../lambdas/core/dashboards/validate-dashboard';

const series: Series[] = ['a', 'b', 'c'].flatMap((job) =>
  ['200', '500'].map((code) => ({ labels: { __name__: 'req', job, code }, samples: Array.from({ length: 100 }, (_, i) => ({ timestamp: i * 1000, value: i })) })),
);

/** A store over `series` that counts reads. */
function countingStore() {
  const reads: MetricSelection[] = [];
  return {
    reads,
    async select(sel: MetricSelection): Promise<Series[]> {
      reads.push(sel);
      return series
        .filter((s) => sel.matchers.every((m) => (m.op === '=' ? s.labels[m.name] === m.value : new RegExp(`^(?:${m.value})$`).test(s.labels[m.name] ?? ''))))
        .map((s) => ({ labels: s.labels, samples: s.samples.filter((x) => x.timestamp >= sel.range.start && x.timestamp <= sel.range.end) }));
    },
    async labelValues(name: string): Promise<string[]> {
      return [...new Set(series.map((s) => s.labels[name]).filter((v) => v !== undefined))].sort();
    },
  };
}

describe('SharedSelections', () => {
  it('answers a narrower selection from an earlier read, filtered and trimmed exactly as the store would', async () => {
    const store = countingStore();
    const shared = new SharedSelections(store, { start: 50_000, end: 90_000 }, 20_000);
    const wide = await shared.select({ matchers: [{ name: '__name__', op: '=', value: 'req' }], range: { start: 45_000, end: 90_000 } });
    expect(store.reads[0].range).toEqual({ start: 30_000, end: 90_000 }); // widened by the margin
    expect(wide).toEqual(await countingStore().select({ matchers: [{ name: '__name__', op: '=', value: 'req' }], range: { start: 45_000, end: 90_000 } }));
    const narrow: MetricSelection = { matchers: [{ name: '__name__', op: '=', value: 'req' }, { name: 'code', op: '=~', value: '5..' }], range: { start: 35_000, end: 60_000 } };
    expect(await shared.select(narrow)).toEqual(await countingStore().select(narrow));
    expect(store.reads).toHaveLength(1);
    // Earlier than the read, or another metric: a read of its own.
    await shared.select({ matchers: [{ name: '__name__', op: '=', value: 'req' }], range: { start: 0, end: 90_000 } });
    await shared.select({ matchers: [{ name: '__name__', op: '=', value: 'other' }], range: { start: 50_000, end: 90_000 } });
    expect(shared.stats).toEqual({ reads: 3, shared: 1 });
  });
});

describe('SharedSelections as columns', () => {
  const sel = (range: { start: number; end: number }, ...extra: MetricSelection['matchers']): MetricSelection => ({ matchers: [{ name: '__name__', op: '=', value: 'req' }, ...extra], range });

  it('answers columns equal to the store\'s series, panels sharing one conversion as views', async () => {
    const store = countingStore();
    const shared = new SharedSelections(store, { start: 50_000, end: 90_000 }, 20_000);
    const wide = await shared.selectColumns(sel({ start: 45_000, end: 90_000 }));
    expect(columnsToSeries(wide)).toEqual(await countingStore().select(sel({ start: 45_000, end: 90_000 })));
    const narrow = await shared.selectColumns(sel({ start: 35_000, end: 60_000 }, { name: 'code', op: '=', value: '500' }));
    expect(columnsToSeries(narrow)).toEqual(await countingStore().select(sel({ start: 35_000, end: 60_000 }, { name: 'code', op: '=', value: '500' })));
    expect(store.reads).toHaveLength(1);
    // A view, not a copy: the same buffer as the first answer.
    expect(narrow[0].ts.buffer).toBe(wide[0].ts.buffer);
  });

  it('prefers the store\'s own columns when it offers them', async () => {
    const store = countingStore();
    let columnReads = 0;
    const columnar = {
      ...store,
      async selectColumns(s: MetricSelection) {
        columnReads++;
        return seriesToColumns(await store.select(s));
      },
    };
    const shared = new SharedSelections(columnar, { start: 50_000, end: 90_000 }, 20_000);
    const got = await shared.select(sel({ start: 60_000, end: 70_000 }));
    expect(got).toEqual(await countingStore().select(sel({ start: 60_000, end: 70_000 })));
    expect(columnReads).toBe(1);
  });

  it('gives the engine the same answers through columns as through plain series', async () => {
    const shared = new SharedSelections(countingStore(), { start: 0, end: 99_000 }, 20_000);
    for (const q of ['sum by (code) (rate(req[30s]))', 'max_over_time(req{job="a"}[10s])', 'req{code="500"} > 50']) {
      const viaColumns = await rangeQuery(shared, q, 20_000, 99_000, 5000);
      const plain = await rangeQuery({ select: (s) => countingStore().select(s) }, q, 20_000, 99_000, 5000);
      expect(viaColumns).toEqual(plain);
      expect((viaColumns.result as unknown[]).length).toBeGreaterThan(0);
    }
  });
});

describe('RenderCache', () => {
  it('forgets entries past the TTL and the least recently used past the bound', () => {
    const cache = new RenderCache<number>(1000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    expect(cache.get('a', 500)).toBe(1); // a is now the most recent
    cache.set('c', 3, 600);
    expect(cache.get('b', 600)).toBeUndefined();
    expect(cache.get('a', 1000)).toBe(1);
    expect(cache.get('a', 1001)).toBeUndefined();
    expect(cache.get('c', 1500)).toBe(3);
  });
});

describe('resolveVariables', () => {
  const ctx = { rangeMs: 100_000, intervalMs: 1000, scrapeIntervalMs: 15_000 };
  const range = { start: 0, end: 99_000 };
  const dashboard = (variables: unknown[]) => validateDashboard({ title: 't', variables }).dashboard!;

  it('chains query variables, applies regexes, honours multi, All and allValue', async () => {
    const d = dashboard([
      { name: 'job', type: 'query', query: 'label_values(req, job)', multi: true, includeAll: true },
      { name: 'code', type: 'query', query: 'label_values(req{job=~"$job"}, code)', regex: '/^(5)\\d\\d$/' },
      { name: 'names', type: 'query', query: 'metrics(^re)' },
      { name: 'total', type: 'query', query: 'query_result(sum(req))', regex: '/\\} (\\d+)/' },
      { name: 'env', type: 'custom', options: ['prod', 'dev'], includeAll: true, allValue: '.*' },
    ]);
    const picked = await resolveVariables(d, countingStore(), range, { job: ['a', 'c'], env: ['$__all'] }, ctx);
    expect(picked.values).toEqual({ job: ['a', 'c'], code: '5', names: 'req', total: '594', env: '.*' });
    expect(picked.variables.find((v) => v.name === 'job')).toEqual({ name: 'job', options: ['a', 'b', 'c'], current: ['a', 'c'] });
    const all = await resolveVariables(d, countingStore(), range, { job: ['$__all'] }, ctx);
    expect(all.values.job).toEqual(['a', 'b', 'c']);
  });

  it('reports a failing variable query and keeps going', async () => {
    const d = dashboard([{ name: 'x', type: 'query', query: 'label_values(req{, job)' }, { name: 'y', type: 'custom', options: ['1'] }]);
    const r = await resolveVariables(d, countingStore(), range, {}, ctx);
    expect(r.variables[0].error).toMatch(/.+/);
    expect(r.values).toEqual({ x: '', y: '1' });
  });
});

describe('legendName', () => {
  it('fills {{label}} and falls back to the Prometheus series notation', () => {
    expect(legendName({ __name__: 'up', job: 'node', instance: 'h:1' }, '{{ job }} on {{instance}}')).toBe('node on h:1');
    expect(legendName({ __name__: 'up', job: 'node' }, undefined)).toBe('up{job="node"}');
    expect(legendName({}, undefined)).toBe('{}');
  });
});
