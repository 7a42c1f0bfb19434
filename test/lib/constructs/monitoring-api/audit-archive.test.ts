import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AuditArchive } from '../../../../lib/constructs/monitoring-api/audit-archive';
import { synthPlatform } from '../../platform-fixture';

describe('AuditArchive', () => {
  it('locks every object (governance, 365 days by default), versions, encrypts with KMS, denies non-TLS and is always retained', () => {
    const t = synthPlatform({ retainData: 'false' }).statefulTemplate;
    const buckets = Object.entries(t.findResources('AWS::S3::Bucket')).filter(([id]) => id.startsWith('AuditBucket'));
    expect(buckets).toHaveLength(1);
    const [id, bucket] = buckets[0];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [expect.objectContaining({ ServerSideEncryptionByDefault: expect.objectContaining({ SSEAlgorithm: 'aws:kms' }) })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: expect.objectContaining({ LogFilePrefix: 'audit/' }),
    });
    const policy = Object.values(t.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket).includes(id))!;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    // Apart from the expiring archive: no lifecycle expiration on the audit bucket.
    expect(bucket.Properties.LifecycleConfiguration).toBeUndefined();
  });

  it('takes compliance mode and a retention from its props', () => {
    const stack = new Stack(new App(), 'S');
    new AuditArchive(stack, 'Audit', { bucketName: 'x-audit', encryptionKey: new Key(stack, 'K'), mode: 'compliance', retentionDays: 2555 });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } } } });
  });

  it('lets only the api function put audit objects (no reads, no deletes)', () => {
    const t = synthPlatform({}).statelessTemplate;
    const grants = Object.entries(t.findResources('AWS::IAM::Policy')).filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('-audit-'));
    expect(grants.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['apiRoleDefaultPolicy']);
    const statements = (grants[0][1].Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((s) => JSON.stringify(s.Resource).includes('-audit-'));
    expect(statements.flatMap((s) => [s.Action].flat())).toEqual(['s3:PutObject']);
  });
});
