import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PlatformError } from '../../core/domain/errors';

/** Where {@link DynamoDbStateStore} keeps values too big for an item even compressed. */
export interface DynamoDbLargeValuesOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Key prefix of the value objects. @default 'state-values/' */
  readonly prefix?: string;
  /** Told when a best-effort delete of a value object failed (the object is then an orphan). @default a JSON line on console.warn */
  readonly onOrphan?: (key: string, error: unknown) => void;
}

/** A live item points at an S3 object that is not there: the value is lost, so reads fail rather than answer "absent". */
export class MissingStateValueError extends PlatformError {
  constructor(readonly kind: string, readonly id: string, readonly bucket: string, readonly key: string) {
    super('internal', `${kind}/${id} points at its value in s3://${bucket}/${key}, which does not exist`, [{ kind, id, bucket, key }]);
    this.name = 'MissingStateValueError';
  }
}

const DEFAULT_PREFIX = 'state-values/';

/**
 * The S3 side of DynamoDB StateStore items whose value is kept outside the item: one immutable
 * object per written version, `<prefix><kind>/<id>/<version>-<8 random hex>.json.gz` (kind and
 * id URL-encoded), holding the gzip of the value's JSON. The random part keeps two writers racing
 * for the same version from overwriting each other's object; only the item decides which is live.
 */
export class DynamoDbS3Values {
  readonly bucket: string;
  private readonly s3: S3Client;
  private readonly prefix: string;
  private readonly onOrphan: (key: string, error: unknown) => void;

  constructor(options: DynamoDbLargeValuesOptions) {
    this.s3 = options.s3;
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.onOrphan = options.onOrphan ?? warnOrphan;
  }

  /** A fresh key for version `version` of item `kind/id`. */
  keyFor(kind: string, id: string, version: number): string {
    return `${this.prefix}${encodeURIComponent(kind)}/${encodeURIComponent(id)}/${version}-${randomBytes(4).toString('hex')}.json.gz`;
  }

  /** Stores gzip-compressed JSON under `key`. */
  async write(key: string, gzip: Uint8Array): Promise<void> {
    // No SSE headers: the bucket's default encryption applies.
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: gzip, ContentType: 'application/json', ContentEncoding: 'gzip' }),
    );
  }

  /** The bytes of the value item `kind/id` points at; throws {@link MissingStateValueError} when the object is gone. */
  async read(kind: string, id: string, key: string): Promise<Uint8Array> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) throw new Error(`s3://${this.bucket}/${key} answered without a body`);
      return await out.Body.transformToByteArray();
    } catch (e) {
      if (isNotFound(e)) throw new MissingStateValueError(kind, id, this.bucket, key);
      throw e;
    }
  }

  /** Deletes an object no item points at any more. Best effort: a failure is reported to `onOrphan`, never thrown. */
  async discard(key: string): Promise<void> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (e) {
      this.onOrphan(key, e);
    }
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  // A missing bucket is a 404 too, but a misconfiguration rather than a lost value.
  if (err.name === 'NoSuchBucket') return false;
  return err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
}

function warnOrphan(key: string, error: unknown): void {
  console.warn(JSON.stringify({ level: 'warn', message: 'state value object left orphaned', key, error: String(error) }));
}
