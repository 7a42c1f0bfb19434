import type { LogRecord } from '../../../../lambdas/core/domain/log-record';
import type { Span } from '../../../../lambdas/core/domain/span';
import { call, request, testPorts } from '../api-test-kit';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;

function log(id: string, timestamp: number, service: string): LogRecord {
  return { id, timestamp, service, level: 'info', message: `m ${id}`, attributes: { k: 1 } };
}

function span(traceId: string, spanId: string, service: string, startTime: number): Span {
  return { traceId, spanId, name: 'GET /', service, kind: 'server', startTime, duration: 1500, status: 'ok', attributes: {}, resource: {}, events: [] };
}

describe('log, trace and metric reading routes', () => {
  it('queries logs over the last hour by default and maps the filters', async () => {
    const { ports, logs } = testPorts(NOW);
    logs.records.push(log('old', NOW - 2 * HOUR, 'api'), log('new', NOW - 1000, 'api'));
    const res = await call(ports, request('GET', '/monitoring/logs?service=api&level=error&q=timeout&limit=10&order=asc'));
    expect(res.status).toBe(200);
    expect(logs.queries[0]).toEqual({ range: { start: NOW - HOUR, end: NOW }, service: 'api', level: 'error', text: 'timeout', traceId: undefined, order: 'asc', limit: 10, cursor: undefined });
    expect(res.body.items).toEqual([{ id: 'new', timestamp: '2026-11-22T11:59:59.000Z', service: 'api', level: 'info', message: 'm new', attributes: { k: 1 } }]);
    expect(res.body).not.toHaveProperty('nextCursor');
  });

  it('accepts from/to as RFC 3339 or Unix seconds and start/end as synonyms', async () => {
    const { ports, logs } = testPorts(NOW);
    await call(ports, request('GET', '/monitoring/logs?from=2026-11-22T10:00:00Z&to=1795345200'));
    await call(ports, request('GET', '/monitoring/logs?start=1795341600.5&end=2026-11-22T12:00:00.250%2B01:00'));
    expect(logs.queries[0].range).toEqual({ start: Date.parse('2026-11-22T10:00:00Z'), end: 1795345200 * 1000 });
    expect(logs.queries[1].range).toEqual({ start: 1795341600500, end: Date.parse('2026-11-22T11:00:00.250Z') });
    const backwards = await call(ports, request('GET', '/monitoring/logs?from=2026-11-22T11:00:00Z&to=2026-11-22T10:00:00Z'));
    expect(backwards.status).toBe(400);
    const garbage = await call(ports, request('GET', '/monitoring/logs?from=yesterday'));
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.details[0]).toMatchObject({ in: 'query', name: 'from' });
  });

  it('passes the next cursor through', async () => {
    const { ports, logs } = testPorts(NOW);
    logs.records.push(log('a', NOW - 10, 'api'), log('b', NOW - 5, 'api'));
    const res = await call(ports, request('GET', '/monitoring/logs?limit=1'));
    expect(res.body.nextCursor).toBe('next');
  });

  it('lists log streams with RFC 3339 last timestamps', async () => {
    const { ports, logs } = testPorts(NOW);
    logs.streamList.push({ service: 'api', source: 'stdout', count: 3, lastTimestamp: NOW - 1 });
    const res = await call(ports, request('GET', '/monitoring/logs/streams'));
    expect(res.body).toEqual({ items: [{ service: 'api', source: 'stdout', count: 3, lastTimestamp: '2026-11-22T11:59:59.999Z' }] });
  });

  it('searches traces with Prometheus durations turned into microseconds', async () => {
    const { ports, traces } = testPorts(NOW);
    traces.summaries.push({ traceId: 'a'.repeat(32), rootService: 'api', rootName: 'GET /', startTime: 1795348800123456, duration: 2500, spanCount: 2, errorCount: 0, services: ['api'] });
    const res = await call(ports, request('GET', '/monitoring/traces?service=api&minDuration=250ms&maxDuration=1s&status=error'));
    expect(res.status).toBe(200);
    expect(traces.searches[0]).toMatchObject({ service: 'api', minDuration: 250_000, maxDuration: 1_000_000, status: 'error', range: { start: NOW - HOUR, end: NOW } });
    expect(res.body.items[0].startTime).toBe('2026-11-22T12:00:00.123456Z');
    expect((await call(ports, request('GET', '/monitoring/traces?minDuration=2s&maxDuration=1s'))).status).toBe(400);
    expect((await call(ports, request('GET', '/monitoring/traces?minDuration=fast'))).status).toBe(400);
  });

  it('gets a trace by W3C or X-Ray id and answers 404 when unknown', async () => {
    const { ports, traces } = testPorts(NOW);
    const id = '5759e988bd862e3fe1be46a994272793';
    traces.spans.push(span(id, 'aaaaaaaaaaaaaaaa', 'api', 1795348800000001));
    const w3c = await call(ports, request('GET', `/monitoring/traces/${id}`));
    expect(w3c.status).toBe(200);
    expect(w3c.body.spans[0]).toMatchObject({ spanId: 'aaaaaaaaaaaaaaaa', startTime: '2026-11-22T12:00:00.000001Z', duration: 1500 });
    const xray = await call(ports, request('GET', '/monitoring/traces/1-5759e988-bd862e3fe1be46a994272793'));
    expect(xray.body.traceId).toBe(id);
    const unknown = await call(ports, request('GET', `/monitoring/traces/${'0'.repeat(32)}`));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('lists services', async () => {
    const { ports, traces } = testPorts(NOW);
    traces.spans.push(span('b'.repeat(32), '1'.repeat(16), 'web', 0), span('b'.repeat(32), '2'.repeat(16), 'api', 0));
    const idle = { calls: 0, errors: 0, requestRate: 0, errorRatio: 0, latencyMs: { p50: null, p95: null, p99: null } };
    expect((await call(ports, request('GET', '/monitoring/services'))).body).toEqual({ items: [{ name: 'api', ...idle }, { name: 'web', ...idle }] });
  });

  it('answers raw series of a metric with label filters, and lists metric names', async () => {
    const { ports } = testPorts(NOW);
    await ports.metrics.write([
      { labels: { __name__: 'http_requests_total', job: 'api', code: '200' }, samples: [{ timestamp: NOW - 60_000, value: 5 }, { timestamp: NOW - 30_000, value: Number.NaN }] },
      { labels: { __name__: 'http_requests_total', job: 'web', code: '500' }, samples: [{ timestamp: NOW - 60_000, value: 1 }] },
      { labels: { __name__: 'up', job: 'api' }, samples: [{ timestamp: NOW - 60_000, value: 1 }] },
    ]);
    const res = await call(ports, request('GET', '/monitoring/metrics/http_requests_total?label=job=api'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      metric: 'http_requests_total',
      items: [{ labels: { __name__: 'http_requests_total', job: 'api', code: '200' }, samples: [{ timestamp: '2026-11-22T11:59:00.000Z', value: 5 }, { timestamp: '2026-11-22T11:59:30.000Z', value: 'NaN' }] }],
    });
    const regex = await call(ports, request('GET', '/monitoring/metrics/http_requests_total?label=code=~"5.."&label=job!=api'));
    expect(regex.body.items.map((s: { labels: { job: string } }) => s.labels.job)).toEqual(['web']);
    expect((await call(ports, request('GET', '/monitoring/metrics/http_requests_total?label=bad'))).status).toBe(400);
    expect((await call(ports, request('GET', '/monitoring/metrics/9bad'))).status).toBe(400);
    const names = await call(ports, request('GET', '/monitoring/metrics'));
    expect(names.body.items.map((m: { name: string; seriesCount: number }) => [m.name, m.seriesCount])).toEqual([
      ['http_requests_total', 2],
      ['up', 1],
    ]);
  });
});
