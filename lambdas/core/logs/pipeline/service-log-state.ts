import type { LogLevel } from '../../domain/log-record';
import { ErrorGroups, type ErrorGroupsState } from '../errors/error-groups';
import { DEFAULT_DRAIN_CONFIG } from '../patterns/drain-config';
import { DrainMiner, type DrainState } from '../patterns/drain-miner';

/**
 * The miner settings per service: the defaults with fewer patterns, because the whole state is
 * one StateStore item (DynamoDB items stop at 400 KB); the least recently used patterns go first.
 */
export const SERVICE_DRAIN_CONFIG = { ...DEFAULT_DRAIN_CONFIG, maxPatterns: 1000 };

/** Distinct users tracked exactly per error group (a lower bound beyond), for the same reason. */
export const MAX_TRACKED_USERS = 100;

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
    readonly miner: DrainMiner = new DrainMiner(SERVICE_DRAIN_CONFIG),
    readonly errors: ErrorGroups = new ErrorGroups(MAX_TRACKED_USERS),
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
