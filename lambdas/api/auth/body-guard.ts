import type { ApiRequest, ApiResponse } from '../http/api-types';
import { errorResponse } from '../http/responses';

/** Deepest nesting of `[` and `{` a text body may have. */
export const MAX_BODY_NESTING = 64;

const TEXT_BODY = /^(application\/(json|[\w.+-]+\+json|x-ndjson|yaml|x-yaml)|text\/)/i;

/**
 * Refuses text bodies (JSON, YAML, text) nested deeper than {@link MAX_BODY_NESTING} before
 * any parser sees them: recursive parsers and schema validators would otherwise run out of
 * stack on a few kilobytes of `[[[[...` and answer 500. Compressed bodies are checked by the
 * ingest decoders after inflation.
 */
export function refuseDeepBody(request: ApiRequest): ApiResponse | undefined {
  const body = request.body;
  if (!body || body.length < MAX_BODY_NESTING) return undefined;
  const encoding = (request.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return undefined;
  if (!TEXT_BODY.test(request.headers['content-type'] ?? '')) return undefined;
  const depth = nestingDepth(body, MAX_BODY_NESTING);
  if (depth <= MAX_BODY_NESTING) return undefined;
  return errorResponse('invalid_argument', `the body is nested more than ${MAX_BODY_NESTING} levels deep`, [{ in: 'body', maxDepth: MAX_BODY_NESTING }]);
}

/** Bracket depth outside double-quoted strings, stopping as soon as it passes `limit`. */
export function nestingDepth(body: Buffer, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
  }
  return max;
}
