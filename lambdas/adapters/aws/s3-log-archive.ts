import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LogRecord } from '../../core/domain/log-record';
import { logArchiveObjects } from '../../core/logs/archive/log-archive-objects';
import type { LogArchive } from '../../core/ports/log-archive';

/** Settings of the S3 log archive. */
export interface S3LogArchiveProps {
  readonly client: Pick<S3Client, 'send'>;
  /** The archive bucket (`ARCHIVE_BUCKET`); its lifecycle rules move objects to Standard-IA, Glacier, then expire them. */
  readonly bucket: string;
}

/**
 * Archives log records to S3 as gzip JSON lines, one object per (service, UTC hour) of a
 * batch, partitioned Hive style (`service=`, `dt=`, `hour=`) so Athena can prune by path.
 * The bucket's default encryption (the platform key) applies; keys repeat on retry.
 */
export class S3LogArchive implements LogArchive {
  constructor(private readonly props: S3LogArchiveProps) {}

  async archive(records: readonly LogRecord[]): Promise<void> {
    await Promise.all(
      logArchiveObjects(records).map((o) =>
        this.props.client.send(
          new PutObjectCommand({
            Bucket: this.props.bucket,
            Key: o.key,
            Body: gzipSync(o.body),
            ContentType: 'application/x-ndjson',
            ContentEncoding: 'gzip',
          }),
        ),
      ),
    );
  }
}
