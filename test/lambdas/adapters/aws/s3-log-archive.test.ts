import { gunzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3LogArchive } from '../../../../lambdas/adapters/aws/s3-log-archive';
import type { LogRecord } from '../../../../lambdas/core/domain/log-record';

const T = Date.UTC(2026, 5, 1, 8, 59, 59, 500);
const rec = (id: string, service: string, timestamp: number, extra: Partial<LogRecord> = {}): LogRecord => ({
  id,
  timestamp,
  service,
  level: 'info',
  message: `message ${id}`,
  attributes: { 'user.id': '[EMAIL]' },
  ...extra,
});

describe('S3LogArchive', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());

  const puts = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
  const lines = (body: unknown) => gunzipSync(body as Buffer).toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LogRecord);

  it('puts one gzip JSON-lines object per (service, UTC hour) with the exact request shape', async () => {
    s3.on(PutObjectCommand).resolves({});
    const records = [
      rec('b', 'api', T, { patternId: 'p1', traceId: '0af7651916cd43dd8448eb211c80319c' }),
      rec('a', 'api', T - 1000),
      rec('c', 'api', T + 1000), // 09:00:00.500, the next hour
      rec('d', 'billing/eu', T),
    ];
    await new S3LogArchive({ client: new S3Client({}), bucket: 'obs-archive' }).archive(records);
    const inputs = puts().sort((x, y) => (x.Key! < y.Key! ? -1 : 1));
    expect(inputs).toHaveLength(3);
    for (const input of inputs) {
      expect(Object.keys(input).sort()).toEqual(['Body', 'Bucket', 'ContentEncoding', 'ContentType', 'Key']);
      expect(input).toMatchObject({ Bucket: 'obs-archive', ContentType: 'application/x-ndjson', ContentEncoding: 'gzip' });
      expect(input.Key).toMatch(/^logs\/service=[^/]+\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/[0-9a-f]{16}\.json\.gz$/);
    }
    expect(inputs.map((i) => i.Key!.split('/').slice(0, 4).join('/'))).toEqual([
      'logs/service=api/dt=2026-06-01/hour=08',
      'logs/service=api/dt=2026-06-01/hour=09',
      'logs/service=billing%2Feu/dt=2026-06-01/hour=08',
    ]);
    expect(lines(inputs[0].Body)).toEqual([records[1], records[0]]);
    expect(lines(inputs[1].Body)).toEqual([records[2]]);
    expect(lines(inputs[2].Body)).toEqual([records[3]]);
  });

  it('derives the same keys and bodies from the same records in any order, and other keys from other records', async () => {
    s3.on(PutObjectCommand).resolves({});
    const archive = new S3LogArchive({ client: new S3Client({}), bucket: 'b' });
    const records = [rec('x1', 'api', T), rec('x2', 'api', T + 1), rec('x3', 'api', T + 2)];
    await archive.archive(records);
    await archive.archive([...records].reverse());
    await archive.archive(records.slice(0, 2));
    const [first, retry, other] = puts();
    expect(retry.Key).toBe(first.Key);
    expect(gunzipSync(retry.Body as Buffer)).toEqual(gunzipSync(first.Body as Buffer));
    expect(other.Key).not.toBe(first.Key);
  });

  it('writes nothing for an empty batch and rejects when a put fails', async () => {
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    const archive = new S3LogArchive({ client: new S3Client({}), bucket: 'b' });
    await archive.archive([]);
    expect(puts()).toHaveLength(0);
    await expect(archive.archive([rec('a', 'api', T)])).rejects.toThrow('AccessDenied');
  });
});
