import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LogRecord } from '../../core/domain/log-record';
import { logArchiveObjects } from '../../core/logs/archive/log-archive-objects';
import type { LogArchive } from '../../core/ports/log-archive';

/**
 * The local log archive: the same gzip JSON-lines objects and key layout as S3, as files under
 * a directory (`<DATA_DIR>/archive/`). Each file is written atomically (temporary file, rename),
 * so a retried batch replaces its files whole.
 */
export class FileLogArchive implements LogArchive {
  constructor(private readonly dir: string) {}

  async archive(records: readonly LogRecord[]): Promise<void> {
    for (const o of logArchiveObjects(records)) {
      const file = join(this.dir, ...o.key.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, gzipSync(o.body));
      renameSync(tmp, file);
    }
  }
}
