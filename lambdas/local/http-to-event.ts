import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** The stage name local events carry. */
export const LOCAL_STAGE = 'local';

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml|javascript|x-ndjson))/i;

/** Whether a body travels in the event as text; any other body travels base64 with `isBase64Encoded: true`. */
export function isTextContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPES.test(contentType.trim());
}

/**
 * An HTTP request as the API Gateway REST (v1) proxy event the deployed function would get:
 * path and method, single and multi-value headers and query parameters, base64 bodies for
 * non-text content types, and a requestContext with the request id and stage `local`.
 */
export function proxyEventFromHttp(req: Pick<IncomingMessage, 'method' | 'url' | 'rawHeaders'>, body: Buffer, requestId: string, now = Date.now()): APIGatewayProxyEvent {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    const value = req.rawHeaders[i + 1];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const hasQuery = Object.keys(query).length > 0;
  const contentType = Object.entries(headers).find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  const encoding = Object.entries(headers).find(([n]) => n.toLowerCase() === 'content-encoding')?.[1]?.trim().toLowerCase();
  // A compressed body is bytes whatever its media type says (gzip JSON would not survive utf8).
  const text = isTextContentType(contentType) && (encoding === undefined || encoding === '' || encoding === 'identity');
  const path = decodePath(url.pathname);
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: { proxy: path.replace(/^\//, '') },
    stageVariables: null,
    body: body.length === 0 ? null : text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !text,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: '127.0.0.1', user: null, userAgent: headers['user-agent'] ?? null, userArn: null,
      },
      path: `/${LOCAL_STAGE}${path}`,
      stage: LOCAL_STAGE,
      requestId,
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: '/{proxy+}',
    },
  };
}

// API Gateway hands the path over percent-decoded; a malformed escape stays as sent.
function decodePath(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

/** Writes a proxy result back as the HTTP answer (base64 bodies decoded, multi-value headers kept). */
export function writeProxyResult(res: ServerResponse, result: APIGatewayProxyResult, headOnly = false): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) res.setHeader(name, values.map(String));
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  res.statusCode = result.statusCode;
  res.setHeader('content-length', String(body.length));
  res.end(headOnly ? undefined : body);
}
