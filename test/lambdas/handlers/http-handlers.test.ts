

import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { handler as api } from '../../../lambdas/handlers/api';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { handler as ingest } from '../../../lambdas/handlers/ingest';
import { configureObservability } from '../../../lambdas/handlers/middleware/observability';
import { proxyEventFromHttp } from '../../../lambdas/local/http-to-event';
import { testPorts } from '../api/api-test-kit';

const context = { awsRequestId: 'abc-123', functionName: 'platform-api' } as Context;

function event(method: string, url: string, contentType?: string, body?: Buffer): APIGatewayProxyEvent {
  return proxyEventFromHttp({ method, url, rawHeaders: contentType ? ['Content-Type', contentType] : [] }, body ?? Buffer.alloc(0), 'req');
}

describe('api and ingest handlers (API Gateway REST proxy events)', () => {
  const lines: string[] = [];
  let restore: ReturnType<typeof configureObservability>;
  beforeAll(() => {
    delete process.env.PLATFORM_FUNCTION;
    restore = configureObservability({ sink: (l) => lines.push(l), emf: true, format: 'json' });
  });
  afterAll(() => {
    configureObservability(restore);
    usePorts(undefined);
  });

  it('serves a base64-encoded JSON body and logs the route with EMF', async () => {
    const t = testPorts();
    usePorts(t.ports);
    lines.length = 0;
    const e = event('POST', '/monitoring/dashboards', 'application/json', Buffer.from('{"id":"d1","title":"T"}'));
    const b64 = { ...e, body: Buffer.from('{"id":"d1","title":"T"}').toString('base64'), isBase64Encoded: true };
    const res = await api(b64, context);
    expect(res.statusCode).toBe(201);
    expect(res.isBase64Encoded).toBe(false);
    expect(JSON.parse(res.body)).toMatchObject({ id: 'd1', title: 'T', version: 1 });
    expect(res.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', etag: '"1"' });
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ requestId: 'abc-123', status: 201, Function: 'api', Route: 'POST /monitoring/dashboards', Invocations: 1, Errors: 0 });
  });

  it('answers the documented error shapes through the handler', async () => {
    usePorts(testPorts().ports);
    const missing = await api(event('GET', '/monitoring/dashboards/none'), context);
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: { code: 'not_found', message: 'dashboard none does not exist', details: [{ id: 'none' }] } });
    const wrong = await api(event('DELETE', '/monitoring/logs'), context);
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers).toMatchObject({ allow: 'GET' });
  });

  it('ingest answers 400 for a Loki push that is not snappy protobuf, and logs the route', async () => {
    usePorts(testPorts().ports);
    lines.length = 0;
    const res = await ingest(event('POST', '/loki/api/v1/push', 'application/x-protobuf', Buffer.from([1, 2, 3])), { ...context, functionName: 'platform-ingest' });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('invalid_argument');
    expect(JSON.parse(lines[0])).toMatchObject({ Function: 'ingest', Route: 'POST /loki/api/v1/push', status: 400 });
  });
});
