import type { LogRecord } from '../domain/log-record';

/**
 * The long-term archive of processed log records (S3 under lifecycle tiers on AWS, files
 * under `<DATA_DIR>/archive/` locally). Writing the same records again replaces the same
 * objects, so a redelivered batch leaves no duplicates.
 */
export interface LogArchive {
  /** Archives one batch of stored (masked, enriched) records; throws when any part is not written. */
  archive(records: readonly LogRecord[]): Promise<void>;
}
