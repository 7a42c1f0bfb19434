import type { StatusPagePublisher } from '../../core/ports/status-page-publisher';

let current: StatusPagePublisher | undefined;

/**
 * The status page publisher: on Lambda an S3 object in `STATUS_BUCKET` (served by CloudFront),
 * built on first use; the local runtime installs a file publisher with {@link useStatusPage}.
 */
export function getStatusPage(): StatusPagePublisher {
  if (!current) {
    const bucket = process.env.STATUS_BUCKET;
    if (!bucket) throw new Error('STATUS_BUCKET is not set: the status page has nowhere to go');
    const { S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
    const { S3StatusPage } = require('../../adapters/aws/s3-status-page') as typeof import('../../adapters/aws/s3-status-page');
    current = new S3StatusPage({ client: new S3Client({}), bucket });
  }
  return current;
}

/** Installs the publisher jobs will use (local runtime, tests); `undefined` goes back to the S3 default. */
export function useStatusPage(publisher: StatusPagePublisher | undefined): void {
  current = publisher;
}
