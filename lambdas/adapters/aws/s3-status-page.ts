import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StatusPagePublisher } from '../../core/ports/status-page-publisher';

/** Settings of the S3 status page. */
export interface S3StatusPageProps {
  readonly client: Pick<S3Client, 'send'>;
  readonly bucket: string;
  /** @default index.html */
  readonly key?: string;
}

/**
 * Publishes the status page as one S3 object that CloudFront serves. A short max-age keeps
 * the page fresh at the edge while the job rewrites it every minute.
 */
export class S3StatusPage implements StatusPagePublisher {
  constructor(private readonly props: S3StatusPageProps) {}

  async publish(html: string): Promise<void> {
    await this.props.client.send(
      new PutObjectCommand({
        Bucket: this.props.bucket,
        Key: this.props.key ?? 'index.html',
        Body: html,
        ContentType: 'text/html; charset=utf-8',
        CacheControl: 'public, max-age=30',
      }),
    );
  }
}
