import { seriesKey } from '../../../../../lambdas/core/domain/series';
import type { Series } from '../../../../../lambdas/core/domain/series';
import { buildServiceGraph } from '../../../../../lambdas/core/traces/service-graph/build-service-graph';
import { EdgePairer } from '../../../../../lambdas/core/traces/service-graph/edge-pairer';
import { ServiceGraphMetricsAccumulator } from '../../../../../lambdas/core/traces/span-metrics/service-graph-metrics-accumulator';
import { SpanMetricsAccumulator } from '../../../../../lambdas/core/traces/span-metrics/span-metrics-accumulator';
import { SPAN_METRICS_BUCKETS } from '../../../../../lambdas/core/traces/span-metrics/tempo-labels';
import { checkoutTrace, span } from '../support/span-builder';
import { generateWorkload } from '../support/workload';

const asMap = (series: Series[]) => new Map(series.map((s) => [seriesKey(s.labels), s.samples[0].value]));
const key = (labels: Record<string, string>) => seriesKey(labels);

describe('span metrics (Tempo-compatible)', () => {
  it("uses Tempo's default buckets", () => {
    expect(SPAN_METRICS_BUCKETS.map(String)).toEqual(['0.002', '0.004', '0.008', '0.016', '0.032', '0.064', '0.128', '0.256', '0.512', '1.024', '2.048', '4.096', '8.192', '16.384']);
  });

  it('writes exact names, labels and values', () => {
    const acc = new SpanMetricsAccumulator();
    acc.observe([
      span({ id: '1', service: 'api', name: 'GET /x', kind: 'server', start: 0, end: 3000 }),
      span({ id: '2', service: 'api', name: 'GET /x', kind: 'server', start: 0, end: 20_000_000 }),
      span({ id: '3', service: 'api', name: 'GET /x', kind: 'server', start: 0, end: 2000, status: 'error' }),
    ]);
    const out = acc.flush(1_700_000_000_000);
    expect(out.every((s) => s.samples.length === 1 && s.samples[0].timestamp === 1_700_000_000_000)).toBe(true);
    const ok = { service: 'api', span_name: 'GET /x', span_kind: 'SPAN_KIND_SERVER', status_code: 'STATUS_CODE_UNSET' };
    const err = { ...ok, status_code: 'STATUS_CODE_ERROR' };
    const m = asMap(out);
    expect(out).toHaveLength(2 * (1 + 15 + 2));
    expect(m.get(key({ __name__: 'traces_spanmetrics_calls_total', ...ok }))).toBe(2);
    expect(m.get(key({ __name__: 'traces_spanmetrics_calls_total', ...err }))).toBe(1);
    expect(m.get(key({ __name__: 'traces_spanmetrics_latency_bucket', ...ok, le: '0.002' }))).toBe(0);
    expect(m.get(key({ __name__: 'traces_spanmetrics_latency_bucket', ...ok, le: '0.004' }))).toBe(1);
    expect(m.get(key({ __name__: 'traces_spanmetrics_latency_bucket', ...ok, le: '16.384' }))).toBe(1);
    expect(m.get(key({ __name__: 'traces_spanmetrics_latency_bucket', ...ok, le: '+Inf' }))).toBe(2);
    expect(m.get(key({ __name__: 'traces_spanmetrics_latency_bucket', ...err, le: '0.002' }))).toBe(1);
    expect(m.get(key({ __name__: 'traces_spanmetrics_latency_sum', ...ok }))).toBeCloseTo(20.003, 9);
    expect(m.get(key({ __name__: 'traces_spanmetrics_latency_count', ...ok }))).toBe(2);
  });

  it('counts cumulatively, survives a JSON round trip and adds sanitised dimensions', () => {
    const opts = { dimensions: ['http.method', 'service.name', 'span.name'] };
    let acc = new SpanMetricsAccumulator(opts);
    const spans = generateWorkload(100);
    acc.observe(spans.slice(0, 300));
    acc = SpanMetricsAccumulator.fromJSON(JSON.parse(JSON.stringify(acc.toJSON())), opts);
    acc.observe(spans.slice(300));
    const once = new SpanMetricsAccumulator(opts);
    once.observe(spans);
    expect(asMap(acc.flush(5))).toEqual(asMap(once.flush(5)));
    const calls = acc.flush(5).filter((s) => s.labels.__name__ === 'traces_spanmetrics_calls_total');
    expect(calls.reduce((a, s) => a + s.samples[0].value, 0)).toBe(spans.length);
    expect(calls[0].labels).toEqual({ __name__: 'traces_spanmetrics_calls_total', service: 'frontend', span_name: 'GET /checkout', span_kind: 'SPAN_KIND_SERVER', status_code: 'STATUS_CODE_UNSET', http_method: 'POST', service_name: 'frontend', __span_name: '' });
  });

  it('caps the number of label sets', () => {
    const acc = new SpanMetricsAccumulator({ maxSeries: 2 });
    acc.observe(['a', 'b', 'c', 'c'].map((n, i) => span({ id: String(i + 1), service: 's', name: n, start: 0, end: 1 })));
    expect(acc.size).toBe(2);
    expect(acc.dropped).toBe(2);
  });
});

describe('service graph metrics (Tempo-compatible)', () => {
  it('writes request totals, failures and both latency histograms with exact labels', () => {
    const pairer = new EdgePairer();
    const edges = [...pairer.add(checkoutTrace(), 0), ...pairer.flush()];
    const acc = new ServiceGraphMetricsAccumulator();
    acc.observe(edges);
    const m = asMap(acc.flush(1000));
    const fa = { client: 'frontend', server: 'api' };
    expect(m.get(key({ __name__: 'traces_service_graph_request_total', ...fa }))).toBe(1);
    expect(m.get(key({ __name__: 'traces_service_graph_request_failed_total', ...fa }))).toBe(1);
    // frontend client span 850 µs, api server span 780 µs.
    expect(m.get(key({ __name__: 'traces_service_graph_request_client_seconds_sum', ...fa }))).toBeCloseTo(0.00085, 12);
    expect(m.get(key({ __name__: 'traces_service_graph_request_server_seconds_sum', ...fa }))).toBeCloseTo(0.00078, 12);
    expect(m.get(key({ __name__: 'traces_service_graph_request_server_seconds_bucket', ...fa, le: '0.1' }))).toBe(1);
    expect(m.get(key({ __name__: 'traces_service_graph_request_server_seconds_bucket', ...fa, le: '12.8' }))).toBe(1);
    expect(m.get(key({ __name__: 'traces_service_graph_request_server_seconds_count', ...fa }))).toBe(1);
    const qw = { client: 'api', server: 'worker', connection_type: 'messaging_system' };
    expect(m.get(key({ __name__: 'traces_service_graph_request_total', ...qw }))).toBe(1);
    expect(m.has(key({ __name__: 'traces_service_graph_request_failed_total', ...qw }))).toBe(false);
    expect(m.get(key({ __name__: 'traces_service_graph_request_total', client: 'api', server: 'orders', connection_type: 'database' }))).toBe(1);
    expect(m.get(key({ __name__: 'traces_service_graph_request_total', client: 'user', server: 'frontend', connection_type: 'virtual_node' }))).toBe(1);
  });

  it('agrees with the dependency graph on the 1,000-trace workload and round-trips its state', () => {
    const spans = generateWorkload(1000);
    const pairer = new EdgePairer({ maxItems: spans.length });
    let acc = new ServiceGraphMetricsAccumulator();
    acc.observe(pairer.add(spans.slice(0, 2000), 0));
    acc = ServiceGraphMetricsAccumulator.fromJSON(JSON.parse(JSON.stringify(acc.toJSON())));
    acc.observe(pairer.add(spans.slice(2000), 0));
    acc.observe(pairer.flush());
    const totals = acc
      .flush(0)
      .filter((s) => s.labels.__name__ === 'traces_service_graph_request_total')
      .map((s) => `${s.labels.client}->${s.labels.server}=${s.samples[0].value}`)
      .sort();
    const graph = buildServiceGraph(spans);
    expect(totals).toEqual(graph.edges.map((e) => `${e.source}->${e.target}=${e.calls}`).sort());
  });
});
