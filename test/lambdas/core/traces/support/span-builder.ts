import type { Span, SpanKind, SpanStatus } from '../../../../../lambdas/core/domain/span';

/** Test helper: a span with sensible defaults; times relative to T0 (µs). */
export const T0 = 1_700_000_000_000_000;

export interface SpanSpec {
  id: string;
  parent?: string;
  service: string;
  name?: string;
  kind?: SpanKind;
  start: number;
  end: number;
  status?: SpanStatus;
  attributes?: Record<string, unknown>;
  traceId?: string;
}

/** Builds a Span from a compact spec; span ids are padded to 16 hex digits. */
export function span(spec: SpanSpec): Span {
  return {
    traceId: spec.traceId ?? '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: spec.id.padStart(16, '0'),
    ...(spec.parent !== undefined ? { parentSpanId: spec.parent.padStart(16, '0') } : {}),
    name: spec.name ?? spec.id,
    service: spec.service,
    kind: spec.kind ?? 'internal',
    startTime: T0 + spec.start,
    duration: spec.end - spec.start,
    status: spec.status ?? 'unset',
    attributes: spec.attributes ?? {},
    resource: { 'service.name': spec.service },
    events: [],
  };
}

/** Span id as the builder pads it. */
export const sid = (id: string): string => id.padStart(16, '0');

/**
 * The three-service checkout trace: frontend → api → db (error originates in db), plus a
 * queue hop api → worker. Times in µs from T0.
 */
export function checkoutTrace(): Span[] {
  return [
    span({ id: 'a', service: 'frontend', name: 'GET /checkout', kind: 'server', start: 0, end: 1000, status: 'error' }),
    span({ id: 'b', parent: 'a', service: 'frontend', name: 'POST /orders', kind: 'client', start: 50, end: 900, status: 'error' }),
    span({ id: 'c', parent: 'b', service: 'api', name: 'POST /orders', kind: 'server', start: 100, end: 880, status: 'error' }),
    span({ id: 'd', parent: 'c', service: 'api', name: 'validate', start: 120, end: 200 }),
    span({ id: 'e', parent: 'c', service: 'api', name: 'SELECT orders', kind: 'client', start: 200, end: 700, status: 'error', attributes: { 'db.system': 'postgresql', 'db.name': 'orders' } }),
    span({ id: 'f', parent: 'e', service: 'db', name: 'query', kind: 'server', start: 220, end: 680, status: 'error' }),
    span({ id: '1', parent: 'f', service: 'db', name: 'lock wait', start: 250, end: 600 }),
    span({ id: '2', parent: 'c', service: 'api', name: 'orders publish', kind: 'producer', start: 710, end: 760, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' } }),
    span({ id: '3', parent: '2', service: 'worker', name: 'orders process', kind: 'consumer', start: 780, end: 860 }),
  ];
}
