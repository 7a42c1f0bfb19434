import type { ApiRequest } from '../../../../lambdas/api/http/api-types';
import { prometheusRoutes } from '../../../../lambdas/api/prometheus/prometheus-routes';
import { ManualClock, type Ports } from '../../../../lambdas/core/ports';
import { PromqlPassthroughError } from '../../../../lambdas/core/ports/promql-passthrough';

/** A store that evaluates PromQL itself (as AMP does) and records what it was asked. */
function passthroughStore() {
  const asked: unknown[][] = [];
  return {
    asked,
    select: async () => {
      throw new Error('the engine must not read the store when the backend evaluates PromQL');
    },
    promqlInstant: async (expr: string, time: number) => {
      asked.push(['instant', expr, time]);
      if (expr === 'bad(') throw new PromqlPassthroughError('bad_data', 'parse error: unexpected end of input', 400);
      return { resultType: 'vector' as const, result: [{ metric: { __name__: 'up', job: 'amp' }, timestamp: time, value: 1 }], warnings: [], infos: [] };
    },
    promqlRange: async (expr: string, start: number, end: number, step: number) => {
      asked.push(['range', expr, start, end, step]);
      return { resultType: 'matrix' as const, result: [{ metric: { job: 'amp' }, points: [{ timestamp: start, value: 2 }] }], warnings: [], infos: [] };
    },
  };
}

async function call(ports: Ports, op: string, query: Record<string, string>) {
  const request: ApiRequest = { method: 'GET', path: '/api/v1/x', query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])), headers: {}, requestId: 'r' };
  const res = await prometheusRoutes[op]({ request, params: {}, body: undefined, ports });
  return { status: res.statusCode, body: JSON.parse(String(res.body)) };
}

describe('Prometheus API over a store with a PromQL backend', () => {
  it('sends instant and range queries to the backend whole, in the engine result shape', async () => {
    const store = passthroughStore();
    const ports = { metrics: store, clock: new ManualClock(1_700_000_000_000) } as unknown as Ports;
    const instant = await call(ports, 'prometheusQuery', { query: 'up', time: '1700000000' });
    expect(instant).toEqual({ status: 200, body: { status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'amp' }, value: [1700000000, '1'] }] } } });
    const range = await call(ports, 'prometheusQueryRange', { query: 'sum(rate(x[5m]))', start: '1700000000', end: '1700000060', step: '15s' });
    expect(range.body.data.result).toEqual([{ metric: { job: 'amp' }, values: [[1700000000, '2']] }]);
    expect(store.asked).toEqual([
      ['instant', 'up', 1_700_000_000_000],
      ['range', 'sum(rate(x[5m]))', 1_700_000_000_000, 1_700_000_060_000, 15_000],
    ]);
  });

  it("turns the backend's refusals into Prometheus errors of the same type", async () => {
    const ports = { metrics: passthroughStore(), clock: new ManualClock(0) } as unknown as Ports;
    const res = await call(ports, 'prometheusQuery', { query: 'bad(' });
    expect(res).toEqual({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error: unexpected end of input' } });
  });
});
