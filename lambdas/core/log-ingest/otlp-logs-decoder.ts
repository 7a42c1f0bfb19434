import { PlatformError } from '../domain/errors';
import type { RawLogEntry } from '../domain/raw-log-entry';
import { anyValueToJs, anyValueToString, attributesToObject, nanosToMillis } from '../otlp/any-value';
import type { OtlpLogsRequestJson } from '../otlp/logs-proto';

/**
 * Entries of an OTLP logs request (JSON, or protobuf decoded into the JSON shape). The body
 * becomes the text (structured bodies as JSON), resource and record attributes merge (the
 * record wins), the time falls back to the observed time and then to `receivedAt`.
 */
export function decodeOtlpLogs(request: unknown, receivedAt: number): RawLogEntry[] {
  if (!request || typeof request !== 'object' || Array.isArray(request)) throw new PlatformError('invalid_argument', 'an ExportLogsServiceRequest must be a JSON object');
  const req = request as Partial<OtlpLogsRequestJson>;
  if (req.resourceLogs !== undefined && !Array.isArray(req.resourceLogs)) throw new PlatformError('invalid_argument', 'resourceLogs must be an array');
  const out: RawLogEntry[] = [];
  for (const rl of req.resourceLogs ?? []) {
    const resource = attributesToObject(rl?.resource?.attributes);
    const service = typeof resource['service.name'] === 'string' ? (resource['service.name'] as string) : undefined;
    for (const sl of rl?.scopeLogs ?? []) {
      const scope = sl?.scope?.name;
      for (const rec of sl?.logRecords ?? []) {
        const body = rec.body === undefined ? '' : typeof anyValueToJs(rec.body) === 'string' ? (anyValueToJs(rec.body) as string) : anyValueToString(rec.body);
        const time = nanosToMillis(rec.timeUnixNano) || nanosToMillis(rec.observedTimeUnixNano) || receivedAt;
        out.push({
          timestamp: time,
          body,
          service,
          source: scope ? `otlp:${scope}` : 'otlp',
          severityText: rec.severityText || undefined,
          severityNumber: rec.severityNumber || undefined,
          attributes: { ...resource, ...attributesToObject(rec.attributes), ...(rec.eventName ? { 'event.name': rec.eventName } : {}) },
          ...(validId(rec.traceId, 32) ? { traceId: rec.traceId!.toLowerCase() } : {}),
          ...(validId(rec.spanId, 16) ? { spanId: rec.spanId!.toLowerCase() } : {}),
        });
      }
    }
  }
  return out;
}

function validId(id: string | undefined, length: number): boolean {
  return !!id && id.length === length && /^[0-9a-fA-F]+$/.test(id) && !/^0+$/.test(id);
}
