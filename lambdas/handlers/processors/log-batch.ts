import type { LogRecord } from '../../core/domain/log-record';
import type { RawLogEntry } from '../../core/domain/raw-log-entry';
import type { Series } from '../../core/domain/series';
import { LogMasker } from '../../core/logs/masking/log-masker';
import { LogEnricher, serviceOf } from '../../core/logs/pipeline/log-enricher';
import type { ResolvedLogProcessorConfig } from '../../core/logs/pipeline/log-processor-config';
import type { SecurityDetector, SecurityEvent } from '../../core/logs/security/security-detector';
import type { Ports } from '../../core/ports';
import type { LogArchive } from '../../core/ports/log-archive';
import { enrichService, type ServiceEnrichment } from './log-service-enrichment';
import { decodeLogUnit, type LogUnit } from './log-units';

/** StateStore kind of the markers of processed stream records (idempotency on redelivery). */
export const LOG_UNIT_KIND = 'log-unit';
/** StateStore kind of detected security events (alerting reads them; the Notifier is told too). */
export const SECURITY_EVENT_KIND = 'security-event';

const UNIT_MARKER_TTL_SECONDS = 7 * 24 * 3600;
const SECURITY_EVENT_TTL_SECONDS = 90 * 24 * 3600;

/** One stream record as the batch sees it. */
export interface LogStreamRecord {
  readonly sequenceNumber: string;
  readonly data: Buffer;
}

/** What a batch did. */
export interface LogBatchResult {
  readonly failed: { readonly sequenceNumber: string; readonly reason: string }[];
  readonly stored: number;
  /** Records whose stream record was already processed (redelivery). */
  readonly duplicates: number;
  readonly securityEvents: SecurityEvent[];
}

/**
 * Processes one batch of the `logs` stream: decode every record (a record that cannot be read
 * is a failure, the rest go on), skip records processed before, enrich each service's entries
 * (parse, mask, mine, error groups; state written back versioned), detect security events,
 * store the records, derive `log_records_total{service,level}` and
 * `log_pattern_records_total{service,pattern_id}`, copy the stored records to the archive
 * (when one is given), and mark the stream records done. An archive failure fails the batch's
 * fresh records like a store failure: they are redelivered and rewrite the same objects.
 */
export async function processLogBatch(
  ports: Ports,
  config: ResolvedLogProcessorConfig,
  detector: SecurityDetector,
  input: readonly LogStreamRecord[],
  archive?: LogArchive,
): Promise<LogBatchResult> {
  const failed: { sequenceNumber: string; reason: string }[] = [];
  const units: LogUnit[] = [];
  for (const r of input) {
    try {
      units.push(decodeLogUnit(r.sequenceNumber, r.data));
    } catch (error) {
      failed.push({ sequenceNumber: r.sequenceNumber, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const fresh: LogUnit[] = [];
  let duplicates = 0;
  // Processed records need no marker: the store skips ids it holds and nothing else counts them.
  const done = await Promise.all(units.map((u) => (u.entries.length > 0 ? ports.state.get(LOG_UNIT_KIND, u.unitId) : undefined)));
  units.forEach((u, i) => {
    if (done[i]) duplicates += u.entries.length;
    else fresh.push(u);
  });
  try {
    const { records, events } = await enrichUnits(ports, config, detector, fresh);
    await ports.logs.append(records);
    if (archive && records.length > 0) await archive.archive(records);
    await reportSecurityEvents(ports, events);
    await Promise.all(fresh.filter((u) => u.entries.length > 0).map((u) => ports.state.put(LOG_UNIT_KIND, u.unitId, { sequenceNumber: u.sequenceNumber }, { ttlSeconds: UNIT_MARKER_TTL_SECONDS })));
    return { failed, stored: records.length, duplicates, securityEvents: events };
  } catch (error) {
    // Nothing of these units is marked done: Lambda redelivers them and the stores deduplicate.
    const reason = error instanceof Error ? error.message : String(error);
    for (const u of fresh) failed.push({ sequenceNumber: u.sequenceNumber, reason });
    return { failed, stored: 0, duplicates, securityEvents: [] };
  }
}

async function enrichUnits(ports: Ports, config: ResolvedLogProcessorConfig, detector: SecurityDetector, units: readonly LogUnit[]) {
  const enricher = new LogEnricher(new LogMasker(config.masking), config.referenceYear);
  const byService = new Map<string, { entry: RawLogEntry; index: boolean }[]>();
  const records: LogRecord[] = [];
  for (const u of units) {
    records.push(...u.records);
    for (const entry of u.entries) {
      const service = serviceOf(entry);
      let group = byService.get(service);
      if (!group) byService.set(service, (group = []));
      group.push({ entry, index: u.fromCloudWatch && config.logCopy === 'index' });
    }
  }
  const events: SecurityEvent[] = [];
  const series: Series[] = [];
  const now = ports.clock.now();
  for (const [service, group] of byService) {
    const done = await enrichService(ports.state, enricher, service, group.map((g) => g.entry));
    done.records.forEach((record, i) => {
      events.push(...detector.add({ timestamp: record.timestamp, message: record.message, attributes: record.attributes, ...(done.userIds[i] && { userId: done.userIds[i] }) }));
      records.push(group[i].index ? indexOnly(record) : record);
    });
    series.push(...serviceSeries(service, done, now));
  }
  if (series.length > 0) await ports.metrics.write(series);
  return { records, events };
}

/** The enrichment without the text: the line stays in its source group (`logCopy: index`). */
function indexOnly(record: LogRecord): LogRecord {
  const a = record.attributes;
  const keep = ['aws.log.group.names', 'aws.log.stream.names', 'cloud.account.id', 'request.id', 'user.id', 'log.format'];
  return { ...record, message: '', attributes: { ...Object.fromEntries(keep.filter((k) => a[k] !== undefined).map((k) => [k, a[k]])), 'log.copy': 'index' } };
}

/** Cumulative counters from the persisted state, sampled now. */
function serviceSeries(service: string, done: ServiceEnrichment, now: number): Series[] {
  const out: Series[] = [];
  for (const [level, value] of Object.entries(done.state.levels)) {
    out.push({ labels: { __name__: 'log_records_total', service, level }, samples: [{ timestamp: now, value: value ?? 0 }] });
  }
  for (const id of done.patternIds) {
    const p = done.state.miner.get(id);
    if (p) out.push({ labels: { __name__: 'log_pattern_records_total', service, pattern_id: id }, samples: [{ timestamp: now, value: p.count }] });
  }
  return out;
}

async function reportSecurityEvents(ports: Ports, events: readonly SecurityEvent[]): Promise<void> {
  for (const e of events) {
    const id = `${e.type}:${e.key}:${e.windowStart}`;
    await ports.state.put(SECURITY_EVENT_KIND, id, e, { ttlSeconds: SECURITY_EVENT_TTL_SECONDS });
    await ports.notifier.notify({
      severity: e.severity === 'critical' || e.severity === 'high' ? 'critical' : 'warning',
      subject: `Security event: ${e.type} (${e.key})`,
      message: `${e.count} record(s) between ${new Date(e.windowStart).toISOString()} and ${new Date(e.windowEnd).toISOString()}; e.g. ${e.samples[0] ?? ''}`,
      attributes: { type: e.type, key: e.key, severity: e.severity },
      dedupKey: `${id}:${e.count >= 0 ? e.severity : ''}`,
    });
  }
}
