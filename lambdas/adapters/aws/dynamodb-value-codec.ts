import { gunzipSync, gzipSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PlatformError } from '../../core/domain/errors';

/** Settings of {@link DynamoDbValueCodec}. */
export interface DynamoDbValueCodecOptions {
  /** JSON longer than this (UTF-8 bytes) is gzip-compressed. @default 65536 */
  readonly compressAboveBytes?: number;
  /** The most bytes the stored value attribute may take; the rest of the 400 KB item is headroom for keys and the other attributes. @default 358400 (350 KiB) */
  readonly maxStoredBytes?: number;
  /** zlib level: 6 (zlib's default) packs ~35% more alerts than 1 into an item at ~8 ms per MB of JSON. @default 6 */
  readonly level?: number;
}

/** The attributes a value becomes: `value`, plus `valueEncoding` when it is not plain JSON. */
export type EncodedValue = Record<string, AttributeValue>;

/**
 * A value made ready for an item: either the attributes that hold it, or (`oversize`) its gzip
 * bytes, which do not fit in an item, with the 413 to throw when they cannot go elsewhere.
 */
export type PackedValue =
  | { readonly oversize: false; readonly attributes: EncodedValue }
  | { readonly oversize: true; readonly gzip: Buffer; readonly jsonBytes: number; readonly refusal: PlatformError };

/** The `valueEncoding` of a gzip-compressed JSON value held in the Binary attribute `value`. */
export const GZIP_ENCODING = 'gzip';

/** The `valueEncoding` of a value kept outside the item (gzip JSON in S3; `valueRef` names the object). */
export const S3_ENCODING = 's3';

const DEFAULT_COMPRESS_ABOVE = 64 * 1024;
const DEFAULT_MAX_STORED = 350 * 1024;
const DEFAULT_LEVEL = 6;

/**
 * Turns a StateStore value into DynamoDB attributes and back. Small values stay `value` (S, JSON),
 * as items have always been written; a value whose JSON is over the threshold is stored as
 * `value` (B, gzip of the JSON) with `valueEncoding` (S) = `gzip`. An item without
 * `valueEncoding` is plain JSON, so items written before compression existed still read.
 * A value that does not fit even compressed is refused (413 payload_too_large), never truncated,
 * unless the store offloads it (see {@link DynamoDbValueCodec.pack}).
 */
export class DynamoDbValueCodec {
  private readonly compressAbove: number;
  private readonly maxStored: number;
  private readonly level: number;

  constructor(options: DynamoDbValueCodecOptions = {}) {
    this.compressAbove = options.compressAboveBytes ?? DEFAULT_COMPRESS_ABOVE;
    this.maxStored = options.maxStoredBytes ?? DEFAULT_MAX_STORED;
    this.level = options.level ?? DEFAULT_LEVEL;
  }

  /** The attributes holding `value` of item `kind/id`; throws PlatformError (413) when it cannot fit in an item. */
  encode(kind: string, id: string, value: unknown): EncodedValue {
    const packed = this.pack(kind, id, value);
    if (packed.oversize) throw packed.refusal;
    return packed.attributes;
  }

  /** Like {@link encode}, but hands back the gzip bytes of a value too big for an item instead of throwing. */
  pack(kind: string, id: string, value: unknown): PackedValue {
    const json = JSON.stringify(value ?? null);
    const jsonBytes = Buffer.byteLength(json, 'utf8');
    if (jsonBytes <= this.compressAbove) return { oversize: false, attributes: { value: { S: json } } };
    const packed = gzipSync(json, { level: this.level });
    // Incompressible data can grow under gzip; then plain JSON is the smaller form.
    if (packed.length >= jsonBytes) {
      if (jsonBytes <= this.maxStored) return { oversize: false, attributes: { value: { S: json } } };
    } else if (packed.length <= this.maxStored) {
      return { oversize: false, attributes: { value: { B: packed }, valueEncoding: { S: GZIP_ENCODING } } };
    }
    const refusal = new PlatformError(
      'payload_too_large',
      `${kind}/${id} is too large for a DynamoDB item: ${jsonBytes} bytes of JSON, ${packed.length} bytes gzip-compressed; ` +
        `at most ${this.maxStored} bytes fit (DynamoDB items stop at 400 KB)`,
      [{ kind, id, jsonBytes, compressedBytes: packed.length, maxBytes: this.maxStored }],
    );
    return { oversize: true, gzip: packed, jsonBytes, refusal };
  }

  /** The value an item holds, whichever in-item form it was written in (an `s3` item's value is read with {@link unpack}). */
  decode(item: Record<string, AttributeValue>): unknown {
    const encoding = item.valueEncoding?.S;
    if (encoding === undefined) {
      const json = item.value?.S;
      if (json === undefined) throw new Error(`DynamoDB item ${describe(item)} has no string attribute value`);
      return JSON.parse(json);
    }
    if (encoding !== GZIP_ENCODING) throw new Error(`DynamoDB item ${describe(item)} has an unknown valueEncoding ${encoding}`);
    const packed = item.value?.B;
    if (packed === undefined) throw new Error(`DynamoDB item ${describe(item)} is marked ${encoding} but has no binary attribute value`);
    return this.unpack(packed);
  }

  /** The value in gzip-compressed JSON bytes (as {@link pack} made them). */
  unpack(bytes: Uint8Array): unknown {
    // An HTTP layer that honours the S3 object's Content-Encoding may already have inflated it: gzip starts 1f 8b, JSON never does.
    const json = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return JSON.parse(json.toString('utf8'));
  }
}

function describe(item: Record<string, AttributeValue>): string {
  return `${item.pk?.S ?? '?'}/${item.sk?.S ?? '?'}`;
}
