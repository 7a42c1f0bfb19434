import type { LogLevel } from '../../domain/log-record';
import { ErrorGroups, type ErrorGroupsState } from '../errors/error-groups';
import { DEFAULT_DRAIN_CONFIG } from '../patterns/drain-config';
import { DrainMiner, type DrainState } from '../patterns/drain-miner';

/** Persisted form of {@link ServiceLogState} (one StateStore item per service). */
export interface ServiceLogStateJson {
  readonly version: 1;
  readonly miner: DrainState;
  readonly errors: ErrorGroupsState;
  /** Records seen per level since the state was created (a Prometheus counter's value). */
  readonly levels: Readonly<Partial<Record<LogLevel, number>>>;
}

/**
 * What the log processor learns about one service and keeps between batches: the pattern
 * miner, the error groups and the record counts per level. Written back with a versioned put
 * so two processors never lose each other's updates.
 */
export class ServiceLogState {
  readonly levels: Partial<Record<LogLevel, number>>;

  constructor(
    readonly miner: DrainMiner = new DrainMiner(DEFAULT_DRAIN_CONFIG),
    readonly errors: ErrorGroups = new ErrorGroups(),
    levels: Readonly<Partial<Record<LogLevel, number>>> = {},
  ) {
    this.levels = { ...levels };
  }

  /** Counts one record at its level. */
  count(level: LogLevel): void {
    this.levels[level] = (this.levels[level] ?? 0) + 1;
  }

  toJSON(): ServiceLogStateJson {
    return { version: 1, miner: this.miner.toJSON(), errors: this.errors.toJSON(), levels: { ...this.levels } };
  }

  static fromJSON(state: ServiceLogStateJson | undefined): ServiceLogState {
    if (!state) return new ServiceLogState();
    return new ServiceLogState(DrainMiner.fromJSON(state.miner), ErrorGroups.fromJSON(state.errors), state.levels);
  }
}
