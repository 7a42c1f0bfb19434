import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ApiRequest, ApiResponse } from './api-types';

/** An API Gateway REST (v1) proxy event as the API layer's request. */
export function requestFromProxyEvent(event: APIGatewayProxyEvent, requestId: string): ApiRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (values && values.length > 0) headers[name.toLowerCase()] = values.join(', ');
  }
  const query: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[name] = [value];
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) if (values) query[name] = [...values];
  const body = event.body === null || event.body === undefined ? undefined : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const path = event.path.length > 1 ? event.path.replace(/\/+$/, '') || '/' : event.path;
  return { method: event.httpMethod.toUpperCase(), path, query, headers, body, requestId };
}

/** The API layer's answer as a proxy result: binary bodies go base64 with `isBase64Encoded`. */
export function responseToProxyResult(response: ApiResponse): APIGatewayProxyResult {
  const headers = { ...response.headers };
  if (Buffer.isBuffer(response.body)) {
    return { statusCode: response.statusCode, headers, body: response.body.toString('base64'), isBase64Encoded: true };
  }
  return { statusCode: response.statusCode, headers, body: response.body ?? '', isBase64Encoded: false };
}
