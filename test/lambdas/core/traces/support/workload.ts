import type { Span, SpanKind, SpanStatus } from '../../../../../lambdas/core/domain/span';

/**
 * A generated workload with a known topology, for tests and the traces benchmark.
 * Trace i (0-based), all times µs:
 * - frontend server `GET /checkout` (root) → frontend client → api server `POST /orders`;
 * - api → database `orders` (db.system postgresql): 1 call, 2 when i % 4 === 0;
 * - i % 2 === 0: api client → auth server `verify`; both error when i % 10 === 0;
 * - i % 3 === 0: api producer → worker consumer, and worker client with peer.service `payments` (no spans);
 * - i % 3 === 1: api producer to kafka topic `audit` that nobody consumes.
 */
export function generateWorkload(traces: number, baseTime = 1_700_000_000_000_000): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < traces; i++) {
    const traceId = hex(i + 1, 16) + hex(Math.imul(i + 1, 2654435761) >>> 0, 8) + hex(Math.imul(i + 7, 40503) >>> 0, 8);
    let n = 0;
    const t0 = baseTime + i * 10_000;
    const add = (parent: string | undefined, service: string, name: string, kind: SpanKind, start: number, end: number, status: SpanStatus = 'unset', attributes: Record<string, unknown> = {}): string => {
      const spanId = hex(i + 1, 8) + hex(++n, 8);
      spans.push({
        traceId,
        spanId,
        ...(parent !== undefined ? { parentSpanId: parent } : {}),
        name,
        service,
        kind,
        startTime: t0 + start,
        duration: end - start,
        status,
        attributes: { 'http.method': 'POST', ...attributes },
        resource: { 'service.name': service },
        events: [],
      });
      return spanId;
    };
    const root = add(undefined, 'frontend', 'GET /checkout', 'server', 0, 9000);
    const fc = add(root, 'frontend', 'POST /orders', 'client', 100, 8800);
    const api = add(fc, 'api', 'POST /orders', 'server', 200, 8700);
    const dbCalls = i % 4 === 0 ? 2 : 1;
    for (let k = 0; k < dbCalls; k++) add(api, 'api', 'SELECT orders', 'client', 300 + k * 1000, 1200 + k * 1000, 'unset', { 'db.system': 'postgresql', 'db.name': 'orders' });
    if (i % 2 === 0) {
      const failed: SpanStatus = i % 10 === 0 ? 'error' : 'unset';
      const ac = add(api, 'api', 'GET /verify', 'client', 3000, 3000 + 100 + (i % 7) * 300_000, failed);
      add(ac, 'auth', 'verify', 'server', 3050, 3050 + (i % 7) * 300_000, failed);
    }
    if (i % 3 === 0) {
      const p = add(api, 'api', 'orders publish', 'producer', 5000, 5100, 'unset', { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' });
      const w = add(p, 'worker', 'orders process', 'consumer', 6000, 8000);
      add(w, 'worker', 'POST /charge', 'client', 6100, 7900, 'unset', { 'peer.service': 'payments' });
    } else if (i % 3 === 1) {
      add(api, 'api', 'audit publish', 'producer', 5000, 5050, 'unset', { 'messaging.system': 'kafka', 'messaging.destination.name': 'audit' });
    }
  }
  return spans;
}

/** Groups spans as an OTLP/JSON `ExportTraceServiceRequest` (one resource per service, as an SDK would send). */
export function toOtlpJson(spans: readonly Span[]): unknown {
  const byService = new Map<string, Span[]>();
  for (const s of spans) {
    const list = byService.get(s.service);
    if (list) list.push(s);
    else byService.set(s.service, [s]);
  }
  const kinds = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
  const codes = ['unset', 'ok', 'error'];
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }, { key: 'host.name', value: { stringValue: 'ip-10-0-0-1' } }] },
      scopeSpans: [
        {
          scope: { name: 'io.opentelemetry.http', version: '1.2.0' },
          spans: list.map((s) => ({
            traceId: s.traceId.toUpperCase(),
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            kind: kinds.indexOf(s.kind),
            startTimeUnixNano: `${s.startTime}000`,
            endTimeUnixNano: `${s.startTime + s.duration}000`,
            attributes: Object.entries(s.attributes).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: String(v) } })),
            status: { code: codes.indexOf(s.status) },
          })),
        },
      ],
    })),
  };
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0').slice(-digits);
}
