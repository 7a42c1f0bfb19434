import type { Ports } from '../../core/ports';

/** An HTTP request as the API layer sees it, whatever carried it (API Gateway, the local server). */
export interface ApiRequest {
  readonly method: string;
  /** Without the stage and without a trailing slash. */
  readonly path: string;
  /** Every value of every query parameter, in order. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Header names in lower case; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, already base64-decoded. */
  readonly body?: Buffer;
  readonly requestId: string;
}

/** An HTTP answer; a string body is UTF-8 text, a Buffer body is sent as binary. */
export interface ApiResponse {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** What a route handler gets: the request, its validated parameters and body, and the ports. */
export interface RouteContext {
  readonly request: ApiRequest;
  /** Path and query parameters after schema validation and type coercion. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The parsed JSON body when the operation takes JSON; otherwise the raw bytes (or undefined). */
  readonly body: unknown;
  readonly ports: Ports;
}

/** One operation's implementation. */
export type RouteHandler = (context: RouteContext) => Promise<ApiResponse>;
