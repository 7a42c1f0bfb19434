import { ConflictError } from '../../core/domain/errors';
import type { LogRecord } from '../../core/domain/log-record';
import type { RawLogEntry } from '../../core/domain/raw-log-entry';
import { LogEnricher } from '../../core/logs/pipeline/log-enricher';
import { ServiceLogState, type ServiceLogStateJson } from '../../core/logs/pipeline/service-log-state';
import type { StateStore } from '../../core/ports';

/** StateStore kind of the per-service log state (miner, error groups, level counts). */
export const SERVICE_LOG_STATE_KIND = 'log-service-state';

/** What one service's entries became. */
export interface ServiceEnrichment {
  readonly records: LogRecord[];
  readonly userIds: (string | undefined)[];
  /** The state after the batch, as written. */
  readonly state: ServiceLogState;
  /** Pattern ids the batch touched. */
  readonly patternIds: ReadonlySet<string>;
}

const MAX_ATTEMPTS = 8;

/**
 * Enriches one service's entries against its persisted state and writes the state back with
 * a versioned put; when another processor wrote in between, reloads and does it again, so
 * pattern counts and error groups never lose an update.
 */
export async function enrichService(state: StateStore, enricher: LogEnricher, service: string, entries: readonly RawLogEntry[]): Promise<ServiceEnrichment> {
  for (let attempt = 1; ; attempt++) {
    const item = await state.get<ServiceLogStateJson>(SERVICE_LOG_STATE_KIND, service);
    const current = ServiceLogState.fromJSON(item?.value);
    const records: LogRecord[] = [];
    const userIds: (string | undefined)[] = [];
    const patternIds = new Set<string>();
    for (const entry of entries) {
      const e = enricher.enrich(entry, service, current);
      records.push(e.record);
      userIds.push(e.userId);
      patternIds.add(e.record.patternId ?? '');
    }
    try {
      await state.put(SERVICE_LOG_STATE_KIND, service, current.toJSON(), { expectedVersion: item?.version ?? 0 });
      return { records, userIds, state: current, patternIds };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
