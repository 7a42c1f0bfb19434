import type { LogArchive } from '../../core/ports/log-archive';

let current: LogArchive | undefined;

/**
 * The log archive the log processor writes: on Lambda an S3 archive in `ARCHIVE_BUCKET`, built
 * on first use; the local runtime installs a file archive with {@link useLogArchive}. Outside
 * Lambda with neither (unit tests of other parts) there is no archive: `undefined`. On Lambda
 * a missing `ARCHIVE_BUCKET` throws, so every record of the batch fails instead of being
 * stored without its archive copy.
 */
export function getLogArchive(env: Readonly<Record<string, string | undefined>> = process.env): LogArchive | undefined {
  if (current) return current;
  const bucket = env.ARCHIVE_BUCKET;
  if (!bucket) {
    if (env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('ARCHIVE_BUCKET is not set: processed log records have no archive to go to');
    return undefined;
  }
  const { S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const { S3LogArchive } = require('../../adapters/aws/s3-log-archive') as typeof import('../../adapters/aws/s3-log-archive');
  current = new S3LogArchive({ client: new S3Client({}), bucket });
  return current;
}

/** Installs the archive the log processor will use (local runtime, tests); `undefined` goes back to the default. */
export function useLogArchive(archive: LogArchive | undefined): void {
  current = archive;
}
