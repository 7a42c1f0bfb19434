import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditRecord } from '../../core/audit/audit-chain';

/**
 * Copies each audit record to the Object Lock bucket as `audit/<zero-padded seq>.json`. The
 * bucket's default retention locks every object; the SDK's flexible checksum satisfies Object
 * Lock's integrity header requirement.
 */
export function s3AuditCopy(client: Pick<S3Client, 'send'>, bucket: string): (record: AuditRecord) => Promise<void> {
  return async (record) => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `audit/${String(record.seq).padStart(12, '0')}.json`,
        Body: JSON.stringify(record),
        ContentType: 'application/json',
        ChecksumAlgorithm: 'SHA256',
      }),
    );
  };
}
