import type { Span } from '../../domain/span';

/** A Jaeger key-value (tag or log field), as the Jaeger query API's JSON writes it. */
export interface JaegerKeyValue {
  readonly key: string;
  readonly type: 'string' | 'bool' | 'int64' | 'float64';
  readonly value: string | boolean | number;
}

/** A span in the Jaeger query API's JSON (`ui` model). */
export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: { readonly refType: 'CHILD_OF' | 'FOLLOWS_FROM'; readonly traceID: string; readonly spanID: string }[];
  readonly flags: number;
  /** Unix microseconds. */
  readonly startTime: number;
  /** Microseconds. */
  readonly duration: number;
  readonly tags: JaegerKeyValue[];
  readonly logs: { readonly timestamp: number; readonly fields: JaegerKeyValue[] }[];
  readonly processID: string;
  readonly warnings: string[] | null;
}

/** A trace in the Jaeger query API's JSON. */
export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: JaegerSpan[];
  readonly processes: Record<string, { readonly serviceName: string; readonly tags: JaegerKeyValue[] }>;
  readonly warnings: string[] | null;
}

/** A Jaeger key-value for an attribute value: numbers as int64 or float64, booleans as bool, the rest as strings (objects and arrays as JSON). */
export function jaegerKeyValue(key: string, value: unknown): JaegerKeyValue {
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value };
  if (typeof value === 'string') return { key, type: 'string', value };
  return { key, type: 'string', value: JSON.stringify(value) ?? '' };
}

const KIND_TAG: Readonly<Record<string, string | undefined>> = { server: 'server', client: 'client', producer: 'producer', consumer: 'consumer', internal: 'internal' };

/**
 * One trace's spans in the Jaeger query API's JSON (what Grafana's Jaeger data source reads):
 * parent as a CHILD_OF reference, attributes as typed tags plus `span.kind`, `otel.status_code`
 * and `error=true` for error spans (as Jaeger's OTLP translation does), events as logs, and one
 * process per distinct (service, resource) named p1, p2... in first-seen order.
 */
export function toJaegerTrace(spans: readonly Span[]): JaegerTrace {
  const processes: Record<string, { serviceName: string; tags: JaegerKeyValue[] }> = {};
  const processIds = new Map<string, string>();
  const out: JaegerSpan[] = [];
  for (const s of spans) {
    const resourceKey = `${s.service}\u0000${JSON.stringify(s.resource)}`;
    let processID = processIds.get(resourceKey);
    if (!processID) {
      processID = `p${processIds.size + 1}`;
      processIds.set(resourceKey, processID);
      processes[processID] = {
        serviceName: s.service,
        tags: Object.entries(s.resource)
          .filter(([k]) => k !== 'service.name')
          .map(([k, v]) => jaegerKeyValue(k, v)),
      };
    }
    const tags = Object.entries(s.attributes).map(([k, v]) => jaegerKeyValue(k, v));
    const kind = KIND_TAG[s.kind];
    if (kind) tags.push({ key: 'span.kind', type: 'string', value: kind });
    if (s.status !== 'unset') tags.push({ key: 'otel.status_code', type: 'string', value: s.status.toUpperCase() });
    if (s.status === 'error') tags.push({ key: 'error', type: 'bool', value: true });
    if (s.statusMessage) tags.push({ key: 'otel.status_description', type: 'string', value: s.statusMessage });
    out.push({
      traceID: s.traceId,
      spanID: s.spanId,
      operationName: s.name,
      references: s.parentSpanId ? [{ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentSpanId }] : [],
      flags: 1,
      startTime: s.startTime,
      duration: s.duration,
      tags,
      logs: s.events.map((e) => ({
        timestamp: e.time,
        fields: [{ key: 'event', type: 'string' as const, value: e.name }, ...Object.entries(e.attributes).map(([k, v]) => jaegerKeyValue(k, v))],
      })),
      processID,
      warnings: null,
    });
  }
  return { traceID: spans[0]?.traceId ?? '', spans: out, processes, warnings: null };
}
