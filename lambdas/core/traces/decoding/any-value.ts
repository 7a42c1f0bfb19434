/** An attribute value as the platform keeps it: JSON-friendly (bytes become base64 text). */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/**
 * Reads OTLP `AnyValue`s and `KeyValue` lists into plain values, cutting over-long strings.
 * One reader is used per span so the keys it truncated can be reported against that span.
 */
export class AnyValueReader {
  /** Keys whose value was truncated since the last {@link AnyValueReader.takeTruncated}. */
  private truncated: string[] = [];

  constructor(private readonly maxLength: number) {}

  /**
   * Reads a `KeyValue[]` (`[{ key, value: AnyValue }]`) into a record. Entries without a
   * string key are skipped; a repeated key keeps its last value, as OTLP receivers do.
   */
  readAttributes(list: unknown, prefix = ''): Record<string, AttributeValue> {
    const out: Record<string, AttributeValue> = {};
    if (!Array.isArray(list)) return out;
    for (let i = 0; i < list.length; i++) {
      const kv = list[i] as { key?: unknown; value?: unknown } | null;
      if (kv === null || typeof kv !== 'object' || typeof kv.key !== 'string') continue;
      out[kv.key] = this.read(kv.value, prefix + kv.key);
    }
    return out;
  }

  /**
   * Reads one `AnyValue`. Numbers written as strings (int64 in OTLP/JSON) become numbers when
   * they are exact doubles, otherwise stay decimal text so no digit is lost. An empty AnyValue is null.
   */
  read(value: unknown, key: string): AttributeValue {
    if (value === null || typeof value !== 'object') return null;
    const v = value as Record<string, unknown>;
    // Own keys only: a protobuf message instance carries defaults for every oneof member on its prototype.
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const x = v[k];
      if (x === undefined || x === null) continue;
      switch (k) {
        case 'stringValue':
          return this.cut(String(x), key);
        case 'boolValue':
          return x === true || x === 'true';
        case 'intValue':
          return readInt(x);
        case 'doubleValue':
          return readDouble(x);
        case 'bytesValue':
          return this.cut(x instanceof Uint8Array ? Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64') : String(x), key);
        case 'arrayValue': {
          const values = (x as { values?: unknown }).values;
          return Array.isArray(values) ? values.map((e) => this.read(e, key)) : [];
        }
        case 'kvlistValue':
          return this.readAttributes((x as { values?: unknown }).values, `${key}.`);
        default:
          continue;
      }
    }
    return null;
  }

  /** Cuts a string to the limit, remembering the key. */
  cut(s: string, key: string): string {
    if (s.length <= this.maxLength) return s;
    if (!this.truncated.includes(key)) this.truncated.push(key);
    return s.slice(0, this.maxLength);
  }

  /** The keys truncated since the last call, and forgets them. */
  takeTruncated(): string[] {
    if (this.truncated.length === 0) return this.truncated;
    const t = this.truncated;
    this.truncated = [];
    return t;
  }
}

function readInt(x: unknown): number | string {
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number.isSafeInteger(Number(x)) ? Number(x) : x.toString();
  const s = String(x);
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

function readDouble(x: unknown): number {
  if (typeof x === 'number') return x;
  // proto3 JSON writes non-finite doubles as "NaN", "Infinity" and "-Infinity", which Number() reads.
  return Number(x);
}
