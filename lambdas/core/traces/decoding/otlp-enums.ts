import type { SpanKind, SpanStatus } from '../../domain/span';

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly SpanStatus[] = ['unset', 'ok', 'error'];

/**
 * Reads an OTLP `Span.SpanKind`: the integer the spec requires in JSON, or, leniently, the
 * enum name (`SPAN_KIND_SERVER`). Anything else is 'unspecified'.
 */
export function readOtlpKind(value: unknown): SpanKind {
  if (typeof value === 'number') return KINDS[value] ?? 'unspecified';
  if (typeof value === 'string') {
    const n = Number(value);
    if (value !== '' && Number.isInteger(n)) return KINDS[n] ?? 'unspecified';
    const name = value.replace(/^SPAN_KIND_/, '').toLowerCase();
    return (KINDS as readonly string[]).includes(name) ? (name as SpanKind) : 'unspecified';
  }
  return 'unspecified';
}

/** Reads an OTLP `Status.code` (integer, or leniently `STATUS_CODE_ERROR`); anything else is 'unset'. */
export function readOtlpStatusCode(value: unknown): SpanStatus {
  if (typeof value === 'number') return STATUSES[value] ?? 'unset';
  if (typeof value === 'string') {
    const n = Number(value);
    if (value !== '' && Number.isInteger(n)) return STATUSES[n] ?? 'unset';
    const name = value.replace(/^STATUS_CODE_/, '').toLowerCase();
    return (STATUSES as readonly string[]).includes(name) ? (name as SpanStatus) : 'unset';
  }
  return 'unset';
}
