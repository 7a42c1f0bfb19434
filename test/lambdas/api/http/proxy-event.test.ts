import type { APIGatewayProxyEvent } from 'aws-lambda';
import { requestFromProxyEvent, responseToProxyResult } from '../../../../lambdas/api/http/proxy-event';

function event(overrides: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent {
  return {
    resource: '/{proxy+}', path: '/x', httpMethod: 'GET', headers: {}, multiValueHeaders: {}, queryStringParameters: null,
    multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null, body: null, isBase64Encoded: false,
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

describe('API Gateway proxy events ↔ API requests', () => {
  it('reads multi-value query and headers, lower-cases header names, trims a trailing slash', () => {
    const req = requestFromProxyEvent(event({
      path: '/monitoring/logs/',
      httpMethod: 'get',
      headers: { 'Content-Type': 'application/json', 'X-A': '2' },
      multiValueHeaders: { 'X-A': ['1', '2'] },
      queryStringParameters: { label: 'b' },
      multiValueQueryStringParameters: { label: ['a', 'b'] },
    }), 'rid');
    expect(req).toEqual({ method: 'GET', path: '/monitoring/logs', query: { label: ['a', 'b'] }, headers: { 'content-type': 'application/json', 'x-a': '1, 2' }, body: undefined, requestId: 'rid' });
  });

  it('decodes base64 bodies', () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    expect(requestFromProxyEvent(event({ body: bytes.toString('base64'), isBase64Encoded: true }), 'r').body).toEqual(bytes);
    expect(requestFromProxyEvent(event({ body: '{"a":1}' }), 'r').body?.toString()).toBe('{"a":1}');
  });

  it('answers text as text and bytes as base64', () => {
    expect(responseToProxyResult({ statusCode: 200, headers: { a: 'b' }, body: 'hi' })).toEqual({ statusCode: 200, headers: { a: 'b' }, body: 'hi', isBase64Encoded: false });
    expect(responseToProxyResult({ statusCode: 200, body: Buffer.from([1, 2]) })).toEqual({ statusCode: 200, headers: {}, body: 'AQI=', isBase64Encoded: true });
    expect(responseToProxyResult({ statusCode: 204 })).toEqual({ statusCode: 204, headers: {}, body: '', isBase64Encoded: false });
  });
});
