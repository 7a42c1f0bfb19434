/** Machine-readable error codes the API answers with (ARCHITECTURE.md, API conventions). */
export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unprocessable'
  | 'rate_limited'
  | 'not_implemented'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  not_implemented: 501,
  unavailable: 503,
  internal: 500,
};

/** An error that carries its API code and HTTP status; thrown by core and adapters, mapped by the API layer. */
export class PlatformError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
    this.name = 'PlatformError';
    this.status = STATUS[code];
  }
}

/** A versioned write lost the race: the stored version is not the one the writer read. */
export class ConflictError extends PlatformError {
  constructor(message: string, details: readonly unknown[] = []) {
    super('conflict', message, details);
    this.name = 'ConflictError';
  }
}
