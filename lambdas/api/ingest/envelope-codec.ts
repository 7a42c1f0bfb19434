import type { TelemetryEnvelope } from '../../core/domain/telemetry';

/** Why a stream record could not be read as an envelope. */
export class EnvelopeDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeDecodeError';
  }
}

/** An envelope as a stream record's data: UTF-8 JSON. */
export function encodeEnvelope(envelope: TelemetryEnvelope): Uint8Array {
  return Buffer.from(JSON.stringify(envelope), 'utf8');
}

/** Reads a stream record's data back into an envelope; throws {@link EnvelopeDecodeError} when it is not one. */
export function decodeEnvelope(data: Uint8Array): TelemetryEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch (e) {
    throw new EnvelopeDecodeError(`record data is not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new EnvelopeDecodeError('record data is not a JSON object');
  const e = parsed as Record<string, unknown>;
  if (typeof e.id !== 'string' || e.id === '') throw new EnvelopeDecodeError('envelope has no id');
  if (typeof e.kind !== 'string' || e.kind === '') throw new EnvelopeDecodeError('envelope has no kind');
  if (typeof e.receivedAt !== 'number') throw new EnvelopeDecodeError('envelope has no receivedAt');
  if (!('body' in e)) throw new EnvelopeDecodeError('envelope has no body');
  return { id: e.id, kind: e.kind, receivedAt: e.receivedAt, body: e.body };
}
