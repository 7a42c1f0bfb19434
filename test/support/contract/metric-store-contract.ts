import type { LabelMatcher, Labels, Series } from '../../../lambdas/core/domain/series';
import type { MetricStore } from '../../../lambdas/core/ports/metric-store';
import { usePortHarness } from './port-harness';

/** What the MetricStore contract needs: a fresh, empty store. */
export interface MetricStoreHarness {
  readonly store: MetricStore;
  readonly cleanup?: () => Promise<void>;
}

/** Adapter differences the contract allows (documented limits of the backing store). */
export interface MetricStoreTraits {
  /** Whether NaN and ±Inf values are stored (Timestream stores neither). */
  readonly nonFiniteValues: boolean;
  /**
   * Whether a rewrite of an existing (series, timestamp) with another value is refused with a
   * reason and the first value kept (Prometheus storage, as in Amazon Managed Service for
   * Prometheus), instead of replacing it. An identical rewrite is accepted either way.
   */
  readonly rewritesKeepFirstValue?: boolean;
}

const T0 = 1_700_000_000_000;
const all = { start: T0 - 3_600_000, end: T0 + 3_600_000 };
const m = (name: string, op: LabelMatcher['op'], value: string): LabelMatcher => ({ name, op, value });
const s = (labels: Labels, ...points: [number, number][]): Series => ({
  labels,
  samples: points.map(([t, v]) => ({ timestamp: T0 + t, value: v })),
});

/** A small fleet: two metrics, several jobs and instances, one series without `env`. */
const FLEET: Series[] = [
  s({ __name__: 'http_requests_total', job: 'api', instance: 'a:80', env: 'prod' }, [0, 1], [15_000, 2]),
  s({ __name__: 'http_requests_total', job: 'api', instance: 'b:80', env: 'staging' }, [0, 3]),
  s({ __name__: 'http_requests_total', job: 'web', instance: 'c:80' }, [0, 5]),
  s({ __name__: 'http_requests_total_created', job: 'api', instance: 'a:80', env: 'prod' }, [0, 7]),
  s({ __name__: 'up', job: "o'hara", instance: 'd:9100', env: 'prod' }, [0, 1]),
];

const names = (labels: Labels[]) => labels.map((l) => `${l.__name__}/${l.instance}`).sort();

/** Declares the behaviour every MetricStore adapter must have. `makeHarness` is called once per test. */
export function describeMetricStoreContract(
  name: string,
  makeHarness: () => Promise<MetricStoreHarness>,
  traits: MetricStoreTraits = { nonFiniteValues: true },
): void {
  describe(`MetricStore contract: ${name}`, () => {
    let store: MetricStore;
    usePortHarness(makeHarness, (harness) => (store = harness.store), (harness) => harness.store);

    it('round-trips series with samples ascending, whatever the write order', async () => {
      const series = s({ __name__: 'cpu_seconds_total', mode: 'idle', cpu: '0' }, [30_000, 3.5], [0, 1.25], [15_000, -2e-9]);
      expect(await store.write([series])).toEqual({ accepted: 3, rejected: [] });
      const got = await store.select({ matchers: [m('__name__', '=', 'cpu_seconds_total')], range: all });
      expect(got).toEqual([
        {
          labels: { __name__: 'cpu_seconds_total', mode: 'idle', cpu: '0' },
          samples: [
            { timestamp: T0, value: 1.25 },
            { timestamp: T0 + 15_000, value: -2e-9 },
            { timestamp: T0 + 30_000, value: 3.5 },
          ],
        },
      ]);
    });

    if (traits.rewritesKeepFirstValue) {
      it('keeps one sample per (series, timestamp): the first value, refusing a different rewrite with a reason', async () => {
        await store.write([s({ __name__: 'g', b: '2', a: '1' }, [0, 1], [1_000, 2])]);
        expect(await store.write([s({ a: '1', __name__: 'g', b: '2' }, [1_000, 2])])).toEqual({ accepted: 1, rejected: [] });
        const refused = await store.write([s({ a: '1', __name__: 'g', b: '2' }, [0, 10])]);
        expect(refused).toEqual({ accepted: 0, rejected: [{ labels: { a: '1', __name__: 'g', b: '2' }, reason: expect.any(String) }] });
        const got = await store.select({ matchers: [m('__name__', '=', 'g')], range: all });
        expect(got).toHaveLength(1);
        expect(got[0].samples).toEqual([
          { timestamp: T0, value: 1 },
          { timestamp: T0 + 1_000, value: 2 },
        ]);
      });
    } else it('keeps one sample per (series, timestamp), the last value, whatever the label order', async () => {
      await store.write([s({ __name__: 'g', b: '2', a: '1' }, [0, 1], [1_000, 2])]);
      await store.write([s({ a: '1', __name__: 'g', b: '2' }, [0, 10])]);
      const got = await store.select({ matchers: [m('__name__', '=', 'g')], range: all });
      expect(got).toHaveLength(1);
      expect(got[0].samples).toEqual([
        { timestamp: T0, value: 10 },
        { timestamp: T0 + 1_000, value: 2 },
      ]);
    });

    if (traits.nonFiniteValues) {
      it('round-trips NaN, +Inf and -Inf', async () => {
        await store.write([s({ __name__: 'odd', k: 'v' }, [0, Number.NaN], [1, Number.POSITIVE_INFINITY], [2, Number.NEGATIVE_INFINITY], [3, 0])]);
        const [got] = await store.select({ matchers: [m('__name__', '=', 'odd')], range: all });
        expect(got.samples.map((x) => x.value)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0]);
      });
    }

    it('selects only samples in the closed range and only series with samples there', async () => {
      await store.write(FLEET);
      const got = await store.select({ matchers: [m('__name__', '=', 'http_requests_total')], range: { start: T0 + 1, end: T0 + 15_000 } });
      expect(got).toEqual([{ labels: FLEET[0].labels, samples: [{ timestamp: T0 + 15_000, value: 2 }] }]);
      expect(await store.findSeries({ matchers: [m('__name__', '=', 'up')], range: { start: T0 + 1, end: T0 + 2 } })).toEqual([]);
    });

    it('matches = and != (a missing label counts as the empty string)', async () => {
      await store.write(FLEET);
      const find = (...matchers: LabelMatcher[]) => store.findSeries({ matchers, range: all }).then(names);
      expect(await find(m('__name__', '=', 'http_requests_total'), m('job', '=', 'api'))).toEqual(['http_requests_total/a:80', 'http_requests_total/b:80']);
      expect(await find(m('__name__', '=', 'http_requests_total'), m('env', '!=', 'prod'))).toEqual(['http_requests_total/b:80', 'http_requests_total/c:80']);
      expect(await find(m('__name__', '=', 'http_requests_total'), m('env', '=', ''))).toEqual(['http_requests_total/c:80']);
      expect(await find(m('job', '!=', ''), m('env', '!=', ''), m('__name__', '!=', 'up'))).toEqual([
        'http_requests_total/a:80',
        'http_requests_total/b:80',
        'http_requests_total_created/a:80',
      ]);
      expect(await find(m('job', '=', "o'hara"))).toEqual(['up/d:9100']);
      expect(await find(m('nosuchlabel', '=', 'x'))).toEqual([]);
      expect(await find(m('__name__', '=', 'up'), m('nosuchlabel', '!=', 'x'))).toEqual(['up/d:9100']);
    });

    it('matches fully anchored regexes and their negations', async () => {
      await store.write(FLEET);
      const find = (...matchers: LabelMatcher[]) => store.findSeries({ matchers, range: all }).then(names);
      expect(await find(m('__name__', '=~', 'http_requests_total'))).toHaveLength(3);
      expect(await find(m('__name__', '=~', 'http_.*'))).toHaveLength(4);
      expect(await find(m('__name__', '=~', 'http_requests_total'), m('instance', '=~', 'a:80|c:.*'))).toEqual([
        'http_requests_total/a:80',
        'http_requests_total/c:80',
      ]);
      expect(await find(m('__name__', '=~', 'http_requests_total'), m('env', '!~', 'prod|stag.*'))).toEqual(['http_requests_total/c:80']);
      // A regex that matches '' also selects series without the label, and its negation excludes them.
      expect(await find(m('__name__', '=~', 'http_requests_total'), m('env', '=~', 'staging|'))).toEqual([
        'http_requests_total/b:80',
        'http_requests_total/c:80',
      ]);
      expect(await find(m('__name__', '=~', 'http_requests_total'), m('env', '!~', 'staging|'))).toEqual(['http_requests_total/a:80']);
      expect(await find(m('__name__', '=~', 'http_requests_total'), m('env', '=~', '.+'))).toHaveLength(2);
    });

    it('answers label names and values, sorted and distinct, restricted by matchers and range', async () => {
      await store.write(FLEET);
      expect(await store.labelNames({ matchers: [], range: all })).toEqual(['__name__', 'env', 'instance', 'job']);
      expect(await store.labelNames({ matchers: [m('job', '=', 'web')], range: all })).toEqual(['__name__', 'instance', 'job']);
      expect(await store.labelValues('job', { matchers: [], range: all })).toEqual(['api', "o'hara", 'web']);
      expect(await store.labelValues('env', { matchers: [m('__name__', '=', 'http_requests_total')], range: all })).toEqual(['prod', 'staging']);
      expect(await store.labelValues('__name__', { matchers: [m('env', '=', 'prod')], range: all })).toEqual([
        'http_requests_total',
        'http_requests_total_created',
        'up',
      ]);
      expect(await store.labelValues('nosuchlabel', { matchers: [], range: all })).toEqual([]);
      expect(await store.labelValues('instance', { matchers: [], range: { start: T0 + 1, end: T0 + 15_000 } })).toEqual(['a:80']);
    });

    it('honours the series limit', async () => {
      await store.write(FLEET);
      expect((await store.select({ matchers: [m('__name__', '=~', '.+')], range: all, limit: 2 })).length).toBeLessThanOrEqual(2);
      expect((await store.findSeries({ matchers: [m('__name__', '=~', '.+')], range: all, limit: 3 })).length).toBeLessThanOrEqual(3);
    });

    it('handles a write of many series', async () => {
      const many = Array.from({ length: 250 }, (_, i) => s({ __name__: 'bulk', shard: String(i) }, [0, i], [1_000, i + 0.5]));
      expect(await store.write(many)).toEqual({ accepted: 500, rejected: [] });
      const got = await store.select({ matchers: [m('__name__', '=', 'bulk'), m('shard', '=~', '1..')], range: all });
      expect(got).toHaveLength(100);
      expect(got.every((x) => x.samples.length === 2 && x.samples[1].value === Number(x.labels.shard) + 0.5)).toBe(true);
    });

    it('rejects a series without labels with a reason and stores the rest', async () => {
      const result = await store.write([s({}, [0, 1]), s({ __name__: 'ok', k: 'v' }, [0, 1])]);
      expect(result.accepted).toBe(1);
      expect(result.rejected).toEqual([{ labels: {}, reason: expect.any(String) }]);
    });
  });
}
