import type { ServerResponse } from 'node:http';
import { isTextContentType, proxyEventFromHttp, writeProxyResult } from '../../../lambdas/local/http-to-event';

describe('HTTP request → API Gateway REST proxy event', () => {
  it('builds the v1 event: path, method, single and multi-value headers and query, requestContext', () => {
    const event = proxyEventFromHttp(
      { method: 'get', url: '/monitoring/logs?label=a&label=b&q=x%20y', rawHeaders: ['Host', 'localhost', 'X-Tag', '1', 'X-Tag', '2'] },
      Buffer.alloc(0),
      'req-9',
      1234,
    );
    expect(event).toMatchObject({
      path: '/monitoring/logs',
      httpMethod: 'GET',
      headers: { Host: 'localhost', 'X-Tag': '2' },
      multiValueHeaders: { Host: ['localhost'], 'X-Tag': ['1', '2'] },
      queryStringParameters: { label: 'b', q: 'x y' },
      multiValueQueryStringParameters: { label: ['a', 'b'], q: ['x y'] },
      pathParameters: { proxy: 'monitoring/logs' },
      body: null,
      isBase64Encoded: false,
      requestContext: { requestId: 'req-9', stage: 'local', httpMethod: 'GET', path: '/local/monitoring/logs', requestTimeEpoch: 1234 },
    });
  });

  it('has null query maps without a query string', () => {
    const event = proxyEventFromHttp({ method: 'GET', url: '/health', rawHeaders: [] }, Buffer.alloc(0), 'r');
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
  });

  it('sends text bodies as text and others as base64', () => {
    const json = proxyEventFromHttp({ method: 'POST', url: '/x', rawHeaders: ['Content-Type', 'application/json; charset=utf-8'] }, Buffer.from('{"a":1}'), 'r');
    expect(json).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const bytes = Buffer.from([0x0a, 0xff, 0x00]);
    const proto = proxyEventFromHttp({ method: 'POST', url: '/v1/metrics', rawHeaders: ['content-type', 'application/x-protobuf'] }, bytes, 'r');
    expect(proto).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
    expect(isTextContentType('text/plain')).toBe(true);
    expect(isTextContentType('application/vnd.api+json')).toBe(true);
    expect(isTextContentType(undefined)).toBe(false);
  });

  it('writes a proxy result back, decoding base64 bodies', () => {
    const written: { status?: number; headers: Record<string, unknown>; body?: Buffer } = { headers: {} };
    const res = {
      setHeader: (n: string, v: unknown) => (written.headers[n] = v),
      end: (b?: Buffer) => (written.body = b),
      set statusCode(s: number) {
        written.status = s;
      },
    } as unknown as ServerResponse;
    writeProxyResult(res, { statusCode: 201, headers: { 'content-type': 'application/octet-stream' }, multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] }, body: 'AQI=', isBase64Encoded: true });
    expect(written).toEqual({ status: 201, headers: { 'content-type': 'application/octet-stream', 'set-cookie': ['a=1', 'b=2'], 'content-length': '2' }, body: Buffer.from([1, 2]) });
  });
});
