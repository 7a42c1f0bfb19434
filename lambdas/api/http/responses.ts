import { PlatformError, type ErrorCode } from '../../core/domain/errors';
import type { ApiResponse } from './api-types';

const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON answer. */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { statusCode, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** The API's error body: `{ error: { code, message, details } }` with the code's status. */
export function errorResponse(code: ErrorCode, message: string, details: readonly unknown[] = [], headers: Record<string, string> = {}): ApiResponse {
  return httpError(new PlatformError(code, message, details).status, code, message, details, headers);
}

/**
 * The error body with an explicit status, for the HTTP-level refusals core has no code for
 * (405 `method_not_allowed`, 415 `unsupported_media_type`).
 */
export function httpError(status: number, code: string, message: string, details: readonly unknown[] = [], headers: Record<string, string> = {}): ApiResponse {
  return jsonResponse(status, { error: { code, message, details } }, headers);
}

/** The answer for an endpoint whose capability has not landed yet. */
export function notImplementedResponse(capability: string): ApiResponse {
  return errorResponse('not_implemented', `the ${capability} capability has not landed yet`, [{ capability }]);
}

/** Maps anything thrown by a route to an answer: PlatformErrors keep their code, the rest is a 500 without internals. */
export function responseForError(error: unknown): ApiResponse {
  if (error instanceof PlatformError) return errorResponse(error.code, error.message, error.details);
  return errorResponse('internal', 'internal error');
}
