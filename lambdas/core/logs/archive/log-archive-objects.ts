import type { LogRecord } from '../../domain/log-record';
import { fingerprint } from '../../alerting/fingerprint';

/** One archive object: the records of one service and one UTC hour of a batch. */
export interface LogArchiveObject {
  /** `logs/service=<svc>/dt=YYYY-MM-DD/hour=HH/<batch-id>.json.gz` (the service URI-encoded). */
  readonly key: string;
  readonly service: string;
  readonly records: readonly LogRecord[];
  /** The records as JSON lines, each ending in `\n` (uncompressed). */
  readonly body: string;
}

/**
 * Splits a batch into archive objects, one per (service, UTC hour). The batch id is a hash of
 * the object's sorted record ids: record ids are stable across redelivery, so a retried batch
 * computes the same keys and overwrites its earlier objects instead of adding copies.
 */
export function logArchiveObjects(records: readonly LogRecord[]): LogArchiveObject[] {
  const groups = new Map<string, { service: string; hour: string; records: LogRecord[] }>();
  for (const r of records) {
    // A timestamp outside Date's range would throw here and fail the record on every redelivery.
    const date = new Date(r.timestamp);
    const hour = Number.isNaN(date.getTime()) ? 'unknownTunknown' : date.toISOString().slice(0, 13);
    const id = `${r.service}\u0000${hour}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { service: r.service, hour, records: [] }));
    g.records.push(r);
  }
  const out: LogArchiveObject[] = [];
  for (const g of groups.values()) {
    // A retry may deliver the same records in another order: sort so the body is identical too.
    const sorted = [...g.records].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const batchId = fingerprint(sorted.map((r) => r.id).sort().join('\n'));
    const [dt, hh] = g.hour.split('T');
    out.push({
      key: `logs/service=${encodeURIComponent(g.service)}/dt=${dt}/hour=${hh}/${batchId}.json.gz`,
      service: g.service,
      records: sorted,
      body: sorted.map((r) => `${JSON.stringify(r)}\n`).join(''),
    });
  }
  return out;
}
