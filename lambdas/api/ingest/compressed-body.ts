import { gunzipSync, inflateSync } from 'node:zlib';
import { PlatformError } from '../../core/domain/errors';

/**
 * The body after its `Content-Encoding` (gzip, deflate or none), bounded: a body that would
 * inflate past `maxBytes` is refused with 413 before it fills memory, and one that is not
 * what its encoding says gets 400. Any other encoding gets 415 (as an `unsupported_media_type`).
 */
export function decompressBody(body: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new UnsupportedEncodingError(encoding, ['gzip', 'deflate', 'identity']);
  }
  try {
    return encoding === 'gzip' ? gunzipSync(body, { maxOutputLength: maxBytes }) : inflateSync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(e.message)) {
      throw new PlatformError('payload_too_large', `the body inflates past the limit of ${maxBytes} bytes`, [{ limit: maxBytes }]);
    }
    throw new PlatformError('invalid_argument', `the body is not valid ${encoding}: ${e.message}`, [{ in: 'body', contentEncoding: encoding }]);
  }
}

/** A `Content-Encoding` the endpoint does not speak (answered 415). */
export class UnsupportedEncodingError extends Error {
  constructor(
    readonly encoding: string,
    readonly accepted: readonly string[],
  ) {
    super(`content encoding ${JSON.stringify(encoding)} is not accepted; use ${accepted.join(', ')}`);
    this.name = 'UnsupportedEncodingError';
  }
}
