import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StatusPagePublisher } from '../../core/ports/status-page-publisher';

/** Writes the status page to a file (atomically, via a temporary file and a rename); the local runtime serves it at /status. */
export class FileStatusPage implements StatusPagePublisher {
  constructor(private readonly file: string) {}

  async publish(html: string): Promise<void> {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, html, 'utf8');
    renameSync(tmp, this.file);
  }

  /** The published page, or undefined before the first publication. */
  read(): string | undefined {
    try {
      return readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
  }
}
