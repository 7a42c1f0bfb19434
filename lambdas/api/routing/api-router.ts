import type { Ports } from '../../core/ports';
import type { ApiRequest, ApiResponse, RouteHandler } from '../http/api-types';
import { errorResponse, httpError, notImplementedResponse, responseForError } from '../http/responses';
import type { OpenApiDocument, OperationObject } from '../openapi/openapi-types';
import { RequestValidator } from './request-validator';
import { RouteTable } from './route-table';

/** Default largest body of a JSON operation. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Settings of {@link ApiRouter}. */
export interface ApiRouterOptions {
  readonly document: OpenApiDocument;
  /** Implementations by operationId; operations with `x-capability` and no entry answer 501. */
  readonly operations: Readonly<Record<string, RouteHandler>>;
  /** Which function's operations this router serves. */
  readonly fn: 'api' | 'ingest';
  /** Called with anything unexpected a route throws (the answer is then a bare 500). @default console.error */
  readonly onUnexpectedError?: (error: unknown, request: ApiRequest) => void;
}

/** What the router did with a request: the answer and the matched route template (for metrics). */
export interface RoutedResponse {
  readonly response: ApiResponse;
  /** `GET /monitoring/dashboards/{id}`, or `unmatched`. */
  readonly route: string;
}

/**
 * Routes requests by the OpenAPI document: match path and method, validate parameters and
 * body against the schemas, then call the operation's handler by `operationId`. Every
 * answer, including every failure, is an {@link ApiResponse}.
 */
export class ApiRouter {
  private readonly table: RouteTable;
  private readonly validator: RequestValidator;

  constructor(private readonly options: ApiRouterOptions) {
    this.table = new RouteTable(options.document, options.fn);
    this.validator = new RequestValidator(options.document);
  }

  async handle(request: ApiRequest, ports: () => Ports): Promise<RoutedResponse> {
    const match = this.table.match(request.method, request.path);
    if (match.kind === 'not-found') {
      return { route: 'unmatched', response: errorResponse('not_found', `no route for ${request.method} ${request.path}`, [{ path: request.path }]) };
    }
    if (match.kind === 'method-not-allowed') {
      const message = `${request.method} is not allowed on ${request.path}`;
      return { route: 'unmatched', response: httpError(405, 'method_not_allowed', message, [{ allow: match.allow }], { allow: match.allow.join(', ') }) };
    }
    const route = `${match.method} ${match.template}`;
    try {
      const params = this.validator.parameters(match.operation, match.pathParams, request.query, request.headers);
      const body = this.readBody(match.operation, request);
      if (body.kind === 'refused') return { route, response: body.response };
      const handler = this.options.operations[match.operation.operationId];
      let response: ApiResponse;
      if (handler) response = await handler({ request, params, body: body.value, ports: ports() });
      else if (match.operation['x-capability']) response = notImplementedResponse(match.operation['x-capability']);
      else response = errorResponse('not_implemented', `operation ${match.operation.operationId} has no handler`, [{ operationId: match.operation.operationId }]);
      return { route, response: match.method === 'HEAD' ? { ...response, body: undefined } : response };
    } catch (error) {
      const response = responseForError(error);
      if (response.statusCode === 500) (this.options.onUnexpectedError ?? defaultOnError)(error, request);
      return { route, response };
    }
  }

  private readBody(op: OperationObject, request: ApiRequest): { kind: 'ok'; value: unknown } | { kind: 'refused'; response: ApiResponse } {
    const raw = request.body;
    const size = raw?.byteLength ?? 0;
    const max = op['x-max-body-bytes'] ?? DEFAULT_MAX_BODY_BYTES;
    const refuse = (response: ApiResponse) => ({ kind: 'refused' as const, response });
    if (size > max) return refuse(errorResponse('payload_too_large', `the body is ${size} bytes; the limit is ${max}`, [{ limit: max, size }]));
    const content = op.requestBody?.content;
    if (!content) return { kind: 'ok', value: undefined };
    if (size === 0) {
      if (op.requestBody?.required) return refuse(errorResponse('invalid_argument', 'a request body is required', [{ in: 'body' }]));
      return { kind: 'ok', value: undefined };
    }
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const media = content[mediaType];
    if (!media) {
      const accepted = Object.keys(content);
      return refuse(httpError(415, 'unsupported_media_type', `content type ${mediaType || '(none)'} is not accepted; use ${accepted.join(' or ')}`, [{ accepted }]));
    }
    if (!media.schema || !isJson(mediaType)) return { kind: 'ok', value: raw };
    let value: unknown;
    try {
      value = JSON.parse((raw as Buffer).toString('utf8'));
    } catch (e) {
      return refuse(errorResponse('invalid_argument', `the body is not valid JSON: ${(e as Error).message}`, [{ in: 'body' }]));
    }
    this.validator.body(op, mediaType, value);
    return { kind: 'ok', value };
  }
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function defaultOnError(error: unknown, request: ApiRequest): void {
  console.error(JSON.stringify({ level: 'error', message: 'unexpected route error', requestId: request.requestId, error: error instanceof Error ? error.stack : String(error) }));
}
