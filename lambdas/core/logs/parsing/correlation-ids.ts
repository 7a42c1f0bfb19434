/** Correlation ids found in a line's fields or text. */
export interface CorrelationIds {
  traceId?: string;
  spanId?: string;
  requestId?: string;
  userId?: string;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;
const TRACEPARENT = /\b[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}\b/;
const XRAY = /\b1-([0-9a-f]{8})-([0-9a-f]{24})\b/;
const XRAY_PARENT = /\bParent=([0-9a-f]{16})\b/;
const TEXT_TRACE = /\btrace[_.-]?id["']?\s*[=:]\s*["']?([0-9a-fA-F]{32}|1-[0-9a-f]{8}-[0-9a-f]{24})\b/i;
const TEXT_SPAN = /\bspan[_.-]?id["']?\s*[=:]\s*["']?([0-9a-fA-F]{16})\b/i;
const TEXT_REQUEST = /\b(?:request[_.-]?id|req[_.-]?id|x-request-id|x-amzn-requestid)["']?\s*[=:]\s*["']?([\w.:-]{6,})/i;
const TEXT_USER = /\b(?:user[_.-]?id|uid|usr\.id)["']?\s*[=:]\s*["']?([\w.@+-]+)/i;

const MAY_HOLD_IDS = /trace|span|req|user|uid|usr|-[0-9a-f]{16}-|\b1-[0-9a-f]{8}-/i;

const TRACE_KEYS = ['trace_id', 'traceid', 'trace.id', 'otel.trace_id', 'x-b3-traceid', 'xray_trace_id', 'aws.xray.trace_id', 'x-amzn-trace-id', 'traceparent', '_x_amzn_trace_id'];
const SPAN_KEYS = ['span_id', 'spanid', 'span.id', 'otel.span_id', 'x-b3-spanid', 'parent_id'];
const REQUEST_KEYS = ['request_id', 'requestid', 'req_id', 'reqid', 'request.id', 'x-request-id', 'aws_request_id', 'awsrequestid', 'correlation_id', 'correlationid'];
const USER_KEYS = ['user_id', 'userid', 'user.id', 'usr.id', 'uid', 'enduser.id', 'username', 'user_name', 'user'];

/**
 * A trace id in W3C form (32 lowercase hex): accepts 32 hex, a `traceparent` header, an X-Ray id
 * (`1-5759e988-bd862e3fe1be46a994272793`, whose 8 + 24 hex digits are joined) or an X-Ray header
 * (`Root=1-...;Parent=...`), and 16 hex (B3 short ids, left-padded). All-zero ids are invalid.
 */
export function normaliseTraceId(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  let id: string | undefined;
  if (HEX32.test(v)) id = v;
  else if (HEX16.test(v)) id = v.padStart(32, '0');
  else {
    const tp = TRACEPARENT.exec(v);
    const xr = XRAY.exec(v);
    if (tp) id = tp[1];
    else if (xr) id = xr[1] + xr[2];
  }
  return id && !ZERO.test(id) ? id : undefined;
}

/** A span id as 16 lowercase hex, from the id itself or a `traceparent`/X-Ray header. */
export function normaliseSpanId(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  let id: string | undefined;
  if (HEX16.test(v)) id = v;
  else id = TRACEPARENT.exec(v)?.[2] ?? XRAY_PARENT.exec(value)?.[1]?.toLowerCase();
  return id && !ZERO.test(id) ? id : undefined;
}

function normKey(key: string): string {
  return key.toLowerCase().replace(/^@/, '');
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '' && value !== '-') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// Flattens nested objects one level at a time into dotted keys, so `{trace: {id}}` reads as `trace.id`.
function flatten(obj: Readonly<Record<string, unknown>>, prefix = '', out = new Map<string, unknown>(), depth = 0): Map<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + normKey(k);
    if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3) flatten(v as Record<string, unknown>, `${key}.`, out, depth + 1);
    else if (!out.has(key)) out.set(key, v);
  }
  return out;
}

function first(fields: Map<string, unknown>, keys: readonly string[], read: (v: string) => string | undefined): string | undefined {
  for (const k of keys) {
    const raw = scalar(fields.get(k));
    const v = raw === undefined ? undefined : read(raw);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Trace, span, request and user ids from structured fields (any nesting, keys matched without
 * case) and, for what the fields lack, from the message text.
 */
export function extractCorrelationIds(fields: Readonly<Record<string, unknown>>, text: string): CorrelationIds {
  const flat = flatten(fields);
  const out: CorrelationIds = {};
  out.traceId = first(flat, TRACE_KEYS, normaliseTraceId);
  out.spanId = first(flat, SPAN_KEYS, normaliseSpanId) ?? first(flat, ['traceparent', 'x-amzn-trace-id', '_x_amzn_trace_id'], normaliseSpanId);
  out.requestId = first(flat, REQUEST_KEYS, (v) => v);
  out.userId = first(flat, USER_KEYS, (v) => v);
  // Most lines mention none of these; one cheap test spares the searches below.
  if (!MAY_HOLD_IDS.test(text)) {
    for (const k of Object.keys(out) as (keyof CorrelationIds)[]) if (out[k] === undefined) delete out[k];
    return out;
  }
  if (!out.traceId) {
    const m = TEXT_TRACE.exec(text) ?? TRACEPARENT.exec(text) ?? XRAY.exec(text);
    if (m) out.traceId = normaliseTraceId(m[0].includes('=') || m[0].includes(':') ? m[1] : m[0]);
  }
  if (!out.spanId) {
    const m = TEXT_SPAN.exec(text);
    if (m) out.spanId = normaliseSpanId(m[1]);
    else {
      const tp = TRACEPARENT.exec(text);
      if (tp) out.spanId = normaliseSpanId(tp[2]);
    }
  }
  if (!out.requestId) {
    const m = TEXT_REQUEST.exec(text) ?? /\bRequestId: ([0-9a-f-]{36})\b/.exec(text);
    if (m) out.requestId = m[1];
  }
  if (!out.userId) {
    const m = TEXT_USER.exec(text);
    if (m) out.userId = m[1];
  }
  for (const k of Object.keys(out) as (keyof CorrelationIds)[]) if (out[k] === undefined) delete out[k];
  return out;
}
