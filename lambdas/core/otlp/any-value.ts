import type { OtlpAnyValue, OtlpInt, OtlpKeyValue } from './otlp-types';

/** A plain JavaScript value of an OTLP AnyValue (bytes stay base64, int64 beyond 2^53 stays a string). */
export function anyValueToJs(v: OtlpAnyValue | undefined): unknown {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return intOrString(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValueToJs);
  if (v.kvlistValue !== undefined) return attributesToObject(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return v.bytesValue;
  return null;
}

/**
 * The value as a label string, the way the Prometheus OTLP receiver renders attributes:
 * strings as they are, arrays and maps as JSON, everything else in its text form.
 */
export function anyValueToString(v: OtlpAnyValue | undefined): string {
  const js = anyValueToJs(v);
  if (js === null) return '';
  if (typeof js === 'string') return js;
  if (typeof js === 'object') return JSON.stringify(js);
  return String(js);
}

/** Attributes as an object (the last of duplicate keys wins). */
export function attributesToObject(kvs: readonly OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of kvs ?? []) out[kv.key] = anyValueToJs(kv.value);
  return out;
}

/** A 64-bit OTLP integer as a number (exact up to 2^53). */
export function otlpNumber(v: OtlpInt | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

/** Nanoseconds since the epoch (string or number) to milliseconds. */
export function nanosToMillis(v: OtlpInt | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return Math.floor(v / 1e6);
  // Strings carry 19 digits; cut to milliseconds before converting so no precision is lost.
  return v.length > 6 ? Number(v.slice(0, -6)) : 0;
}

function intOrString(v: OtlpInt): number | string {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : String(v);
}
