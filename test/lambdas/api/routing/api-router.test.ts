import { call, request, testPorts } from '../api-test-kit';

describe('ApiRouter (driven by the OpenAPI document)', () => {
  const { ports } = testPorts();

  it('answers 404 with the error body for an unknown path', async () => {
    const res = await call(ports, request('GET', '/monitoring/nope'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'no route for GET /monitoring/nope', details: [{ path: '/monitoring/nope' }] } });
    expect(res.route).toBe('unmatched');
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const res = await call(ports, request('PATCH', '/monitoring/dashboards'));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST');
    expect(res.body.error.code).toBe('method_not_allowed');
  });

  it('answers 400 for a malformed JSON body', async () => {
    const res = await call(ports, request('POST', '/monitoring/dashboards', { body: '{"title": ' }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_argument');
    expect(res.body.error.message).toMatch(/not valid JSON/);
  });

  it('answers 413 for a body over the limit, before parsing it', async () => {
    const raw = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const res = await call(ports, request('POST', '/monitoring/dashboards', { raw, headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', details: [{ limit: 1048576, size: 1048577 }] });
  });

  it('answers 415 for a content type the operation does not take', async () => {
    const res = await call(ports, request('POST', '/monitoring/dashboards', { raw: Buffer.from('title=x'), headers: { 'content-type': 'text/plain' } }));
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', details: [{ accepted: ['application/json'] }] });
  });

  it('accepts a JSON content type with parameters', async () => {
    const res = await call(ports, request('POST', '/monitoring/dashboards', { raw: Buffer.from('{"title":"t"}'), headers: { 'content-type': 'application/json; charset=utf-8' } }));
    expect(res.status).toBe(201);
  });

  it('answers 400 when a required body is missing', async () => {
    const res = await call(ports, request('POST', '/monitoring/alerts/rules', { headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('a request body is required');
  });

  it('reports body schema violations from the document, one detail each', async () => {
    const res = await call(ports, request('POST', '/monitoring/alerts/rules', { body: { name: '', version: -1 } }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('the request body does not match the schema');
    const details = res.body.error.details as { path: string; missing?: string }[];
    expect(details).toEqual(expect.arrayContaining([expect.objectContaining({ missing: 'expr' }), expect.objectContaining({ path: '/name' }), expect.objectContaining({ path: '/version' })]));
  });

  it('validates and coerces query parameters against their schemas', async () => {
    const bad = await call(ports, request('GET', '/monitoring/dashboards?limit=0'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ in: 'query', name: 'limit' })]);
    const notNumber = await call(ports, request('GET', '/monitoring/logs?limit=ten'));
    expect(notNumber.status).toBe(400);
    const badEnum = await call(ports, request('GET', '/monitoring/logs?level=loud'));
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.error.details[0]).toMatchObject({ in: 'query', name: 'level' });
    const ok = await call(ports, request('GET', '/monitoring/dashboards?limit=5'));
    expect(ok.status).toBe(200);
  });

  it('validates path parameters', async () => {
    const res = await call(ports, request('GET', '/monitoring/traces/not-a-trace-id'));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ in: 'path', name: 'traceId' });
  });

  it('answers 501 naming the capability for operations that have not landed', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/api/v1/format_query?query=up', 'promql'],
    ];
    for (const [method, path, capability] of cases) {
      const res = await call(ports, request(method, path));
      expect({ path, status: res.status, body: res.body }).toEqual({
        path,
        status: 501,
        body: { error: { code: 'not_implemented', message: `the ${capability} capability has not landed yet`, details: [{ capability }] } },
      });
    }
  });

  it('takes form bodies on the Prometheus POST endpoints (no 415)', async () => {
    const res = await call(ports, request('POST', '/api/v1/query', { raw: Buffer.from('query=up'), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('success');
  });

  it('prefers a literal segment over a parameter', async () => {
    const res = await call(ports, request('GET', '/monitoring/alerts/rules/ack'));
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('alert rule ack does not exist');
    expect(res.route).toBe('GET /monitoring/alerts/rules/{id}');
  });

  it('does not serve ingest paths from the api function, nor api paths from ingest', async () => {
    expect((await call(ports, request('POST', '/v1/metrics', { raw: Buffer.from('x'), headers: { 'content-type': 'application/x-protobuf' } }))).status).toBe(404);
    expect((await call(ports, request('GET', '/health'), 'ingest')).status).toBe(404);
  });

  it('serves every ingest path from the ingest function, refusing content types the format does not take', async () => {
    for (const path of ['/v1/traces', '/api/v2/spans', '/v1/logs', '/loki/api/v1/push', '/v1/metrics']) {
      const res = await call(ports, request('POST', path, { raw: Buffer.from('{}'), headers: { 'content-type': 'text/plain' } }), 'ingest');
      expect({ path, status: res.status }).toEqual({ path, status: 415 });
    }
    const wrongType = await call(ports, request('POST', '/api/v1/write', { raw: Buffer.from('{}'), headers: { 'content-type': 'application/json' } }), 'ingest');
    expect(wrongType.status).toBe(415);
  });

  it('answers HEAD like GET without a body', async () => {
    const { response } = await (await import('../../../../lambdas/api/api-app')).serveRequest('api', request('HEAD', '/health'), () => ports);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBeUndefined();
  });
});
