import { PlatformError } from '../core/domain/errors';

/**
 * Opaque paging cursors: base64url JSON, so callers cannot depend on their content.
 * A cursor that does not decode is a client error (400), not a crash.
 */
export const pageCursor = {
  encode(position: unknown): string {
    return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
  },
  decode<T>(cursor: string, valid: (p: unknown) => p is T): T {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (!valid(parsed)) throw new PlatformError('invalid_argument', 'cursor is not valid for this list');
    return parsed;
  },
};
