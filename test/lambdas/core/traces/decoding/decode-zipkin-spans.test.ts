import { decodeZipkinSpans } from '../../../../../lambdas/core/traces/decoding/decode-zipkin-spans';

describe('decodeZipkinSpans', () => {
  it('maps a client span with endpoints, tags, annotations and a 64-bit trace id', () => {
    const { spans, problems } = decodeZipkinSpans([
      {
        traceId: '463ac35c9f6413ad',
        id: '72485a3953bb6124',
        parentId: '463ac35c9f6413ad',
        name: 'get /api',
        timestamp: 1556604172355737,
        duration: 1431,
        kind: 'CLIENT',
        localEndpoint: { serviceName: 'frontend', ipv4: '192.168.99.1' },
        remoteEndpoint: { serviceName: 'backend', ipv4: '172.19.0.2', port: 9000 },
        tags: { 'http.method': 'GET', 'http.path': '/api', error: 'timeout' },
        annotations: [{ timestamp: 1556604172355800, value: 'ws' }],
      },
    ]);
    expect(problems).toEqual([]);
    expect(spans[0]).toEqual({
      traceId: '0000000000000000463ac35c9f6413ad',
      spanId: '72485a3953bb6124',
      parentSpanId: '463ac35c9f6413ad',
      name: 'get /api',
      service: 'frontend',
      kind: 'client',
      startTime: 1556604172355737,
      duration: 1431,
      status: 'error',
      statusMessage: 'timeout',
      attributes: { 'peer.service': 'backend', 'network.peer.address': '172.19.0.2', 'network.peer.port': 9000, 'http.method': 'GET', 'http.path': '/api', error: 'timeout' },
      resource: { 'service.name': 'frontend' },
      events: [{ time: 1556604172355800, name: 'ws', attributes: {} }],
    });
  });

  it('treats a missing kind as internal, reads otel.status_code, keeps a span without duration', () => {
    const { spans, problems } = decodeZipkinSpans([
      { traceId: '5af7183fb1d4cf5f5af7183fb1d4cf5f', id: '352bff9a74ca9ad2', name: 'work', timestamp: 10, tags: { 'otel.status_code': 'OK' }, localEndpoint: {} },
    ]);
    expect(spans[0]).toMatchObject({ kind: 'internal', status: 'ok', duration: 0, service: 'unknown_service', traceId: '5af7183fb1d4cf5f5af7183fb1d4cf5f' });
    expect(problems).toEqual([expect.objectContaining({ code: 'missing_duration', action: 'kept' })]);
  });

  it('rejects malformed spans with a reason and keeps the others', () => {
    const good = { traceId: '5af7183fb1d4cf5f', id: '352bff9a74ca9ad2', timestamp: 10, duration: 5 };
    const { spans, problems, rejected } = decodeZipkinSpans([
      { ...good, traceId: '5af7183fb1d4cf5' },
      { ...good, traceId: '0000000000000000' },
      { ...good, id: '352bff9a74ca9adX' },
      { ...good, parentId: '1' },
      { ...good, timestamp: undefined },
      { ...good, duration: -3 },
      null,
      good,
    ]);
    expect(rejected).toBe(7);
    expect(problems.map((p) => p.code)).toEqual(['invalid_trace_id', 'invalid_trace_id', 'invalid_span_id', 'invalid_parent_span_id', 'invalid_timestamp', 'end_before_start', 'invalid_span']);
    expect(problems[0].path).toBe('[0]');
    expect(spans).toHaveLength(1);
  });

  it('truncates long tags and flags them', () => {
    const { spans, problems } = decodeZipkinSpans([{ traceId: '5af7183fb1d4cf5f', id: '352bff9a74ca9ad2', timestamp: 1, duration: 1, tags: { sql: 'q'.repeat(100) } }], { maxAttributeValueLength: 16 });
    expect(spans[0].attributes.sql).toBe('q'.repeat(16));
    expect(problems).toEqual([expect.objectContaining({ code: 'attribute_truncated', attribute: 'sql' })]);
  });

  it('throws on a body that is not an array', () => {
    expect(() => decodeZipkinSpans({})).toThrow(/array/);
  });
});

describe('decodeZipkinSpans with shared (B3 join) spans', () => {
  it('gives a shared server span its own id under its client, and moves its local children', () => {
    const trace = '5af7183fb1d4cf5f';
    const { spans } = decodeZipkinSpans([
      { traceId: trace, id: '00000000000000a1', name: 'get', kind: 'CLIENT', timestamp: 10, duration: 100, localEndpoint: { serviceName: 'web' } },
      { traceId: trace, id: '00000000000000a1', name: 'get', kind: 'SERVER', shared: true, timestamp: 20, duration: 80, localEndpoint: { serviceName: 'api' } },
      { traceId: trace, id: '00000000000000b2', parentId: '00000000000000a1', name: 'query', kind: 'CLIENT', timestamp: 30, duration: 10, localEndpoint: { serviceName: 'api' } },
    ]);
    expect(spans.map((s) => [s.service, s.kind, s.spanId, s.parentSpanId])).toEqual([
      ['web', 'client', '00000000000000a1', undefined],
      ['api', 'server', 'ffffffff000000a1', '00000000000000a1'],
      ['api', 'client', '00000000000000b2', 'ffffffff000000a1'],
    ]);
    expect(spans[1].attributes['zipkin.shared']).toBe(true);
  });
});
