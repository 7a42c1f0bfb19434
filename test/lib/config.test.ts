import {
  DEFAULT_PLATFORM_CONFIG,
  parsePlatformConfig,
  PLATFORM_SETTING_KEYS,
  platformConfigFromContext,
  RENAMED_SETTINGS,
  serviceLogGroupPrefix,
} from '../../lib/config';

describe('parsePlatformConfig', () => {
  it('returns the documented defaults when nothing is set', () => {
    const config = parsePlatformConfig({});
    expect(config).toEqual(DEFAULT_PLATFORM_CONFIG);
    expect(config.prefix).toBe('observability');
    expect(config.memoryStoreRetentionHours).toBe(24);
    expect([config.metricRawRetentionDays, config.metricRollupRetentionDays]).toEqual([90, 730]);
    expect([config.archiveInfrequentAccessDays, config.archiveGlacierDays, config.archiveExpirationDays]).toEqual([30, 90, 365]);
    expect(config.retainData).toBe(true);
    expect(config.apiAuth).toBe('apiKey');
    expect(config.logRetentionDays).toBe(30);
    expect(config.lambdaMemoryMb).toBe(512);
    expect(config.alarmEmail).toBeUndefined();
  });

  it('parses the strings the CDK CLI passes for -c key=value', () => {
    const config = parsePlatformConfig({
      prefix: 'obs-dev',
      memoryStoreRetentionHours: '48',
      metricRawRetentionDays: '30',
      metricRollupRetentionDays: '400',
      archiveInfrequentAccessDays: '45',
      archiveGlacierDays: '120',
      archiveExpirationDays: '730',
      retainData: 'false',
      apiAuth: 'iam',
      apiThrottleRateLimit: '50',
      apiThrottleBurstLimit: '75',
      apiQuotaPerDay: '5000',
      apiCloudWatchRole: 'false',
      logRetentionDays: '90',
      kinesisMode: 'onDemand',
      kinesisShards: '4',
      alarmEmail: 'oncall@example.com',
      lambdaMemoryMb: '1024',
      metricsNamespace: 'Obs/Dev',
    });
    expect(config).toEqual({
      prefix: 'obs-dev',
      metricStore: 'timestream',
      memoryStoreRetentionHours: 48,
      metricRawRetentionDays: 30,
      metricRollupRetentionDays: 400,
      prometheusRetentionDays: 150,
      archiveInfrequentAccessDays: 45,
      archiveGlacierDays: 120,
      archiveExpirationDays: 730,
      retainData: false,
      apiAuth: 'iam',
      apiThrottleRateLimit: 50,
      apiThrottleBurstLimit: 75,
      apiQuotaPerDay: 5000,
      apiCloudWatchRole: false,
      logRetentionDays: 90,
      kinesisMode: 'onDemand',
      kinesisShards: 4,
      alarmEmail: 'oncall@example.com',
      lambdaMemoryMb: 1024,
      metricsNamespace: 'Obs/Dev',
      auditRetentionDays: 365,
      auditLockMode: 'governance',
    });
  });

  it('reads the access-control settings and refuses malformed ones', () => {
    const config = parsePlatformConfig({ adminApiKeySha256: 'AB'.repeat(32), iamRoleMap: '[{"pattern":"arn:aws:iam::1:role/ci-*","role":"ingest"}]', auditRetentionDays: '30', auditLockMode: 'compliance' });
    expect(config).toMatchObject({ adminApiKeySha256: 'ab'.repeat(32), iamRoleMap: '[{"pattern":"arn:aws:iam::1:role/ci-*","role":"ingest"}]', auditRetentionDays: 30, auditLockMode: 'compliance' });
    expect(() => parsePlatformConfig({ adminApiKeySha256: 'my-key' })).toThrow(/adminApiKeySha256="my-key".*64 hex digits/);
    expect(() => parsePlatformConfig({ iamRoleMap: '[{"pattern":"*","role":"root"}]' })).toThrow(/iamRoleMap=.*JSON array/);
    expect(() => parsePlatformConfig({ auditLockMode: 'legal' })).toThrow(/auditLockMode="legal".*governance, compliance/);
  });

  it('accepts typed values from cdk.json or code', () => {
    const config = parsePlatformConfig({ retainData: false, memoryStoreRetentionHours: 8766, kinesisShards: 2 });
    expect(config.retainData).toBe(false);
    expect(config.memoryStoreRetentionHours).toBe(8766);
    expect(config.kinesisShards).toBe(2);
  });

  it.each([
    ['metricStore', 'bogus', /metricStore="bogus".*one of timestream, prometheus/],
    ['prometheusRetentionDays', '0', /prometheusRetentionDays="0".*integer from 1 to 36500/],
    ['memoryStoreRetentionHours', '0', /memoryStoreRetentionHours="0".*integer from 1 to 8766/],
    ['memoryStoreRetentionHours', '8767', /memoryStoreRetentionHours="8767".*integer from 1 to 8766/],
    ['memoryStoreRetentionHours', '24h', /memoryStoreRetentionHours="24h".*integer/],
    ['metricRawRetentionDays', '1.5', /metricRawRetentionDays="1.5".*integer from 1 to 73000/],
    ['metricRawRetentionDays', '0', /metricRawRetentionDays="0".*integer from 1 to 73000/],
    ['metricRollupRetentionDays', '2y', /metricRollupRetentionDays="2y".*integer from 1 to 73000/],
    ['metricRollupRetentionDays', '73001', /metricRollupRetentionDays="73001".*integer from 1 to 73000/],
    ['retainData', 'yes', /retainData="yes".*true or false/],
    ['apiAuth', 'cognito', /apiAuth="cognito".*one of apiKey, iam/],
    ['logRetentionDays', '31', /logRetentionDays="31".*one of 1, 3, 5, 7, 14, 30, 60/],
    ['kinesisMode', 'ondemand', /kinesisMode="ondemand".*one of provisioned, onDemand/],
    ['kinesisShards', '0', /kinesisShards="0".*integer from 1 to 500/],
    ['alarmEmail', 'not-an-address', /alarmEmail="not-an-address".*e-mail address/],
    ['lambdaMemoryMb', '64', /lambdaMemoryMb="64".*integer from 128 to 10240/],
    ['prefix', 'Observability', /prefix="Observability".*lowercase/],
    ['prefix', 'a-very-long-prefix-for-buckets', /prefix=.*3 to 20 characters/],
    ['archiveInfrequentAccessDays', '10', /archiveInfrequentAccessDays="10".*integer from 30/],
    ['metricsNamespace', 'AWS/Lambda', /metricsNamespace="AWS\/Lambda".*not starting with AWS\//],
  ])('rejects %s=%s with a message naming the key, the value and what is allowed', (key, value, message) => {
    expect(() => parsePlatformConfig({ [key]: value })).toThrow(message);
  });

  it('requires the archive tiers to increase, as S3 lifecycle rules do', () => {
    expect(() => parsePlatformConfig({ archiveGlacierDays: '40' })).toThrow(
      /archiveGlacierDays=40.*at least archiveInfrequentAccessDays \+ 30 \(60\)/,
    );
    expect(() => parsePlatformConfig({ archiveExpirationDays: '90' })).toThrow(/archiveExpirationDays=90.*more than archiveGlacierDays \(90\)/);
    expect(parsePlatformConfig({ archiveInfrequentAccessDays: 30, archiveGlacierDays: 60, archiveExpirationDays: 61 }).archiveGlacierDays).toBe(60);
  });

  it('keeps rollups at least as long as raw samples', () => {
    expect(() => parsePlatformConfig({ metricRawRetentionDays: '1000' })).toThrow(
      /Invalid setting metricRollupRetentionDays=730: expected at least metricRawRetentionDays \(1000\)/,
    );
    expect(() => parsePlatformConfig({ metricRawRetentionDays: 30, metricRollupRetentionDays: 29 })).toThrow(/metricRollupRetentionDays=29.*at least metricRawRetentionDays \(30\)/);
    const equal = parsePlatformConfig({ metricRawRetentionDays: '365', metricRollupRetentionDays: '365' });
    expect([equal.metricRawRetentionDays, equal.metricRollupRetentionDays]).toEqual([365, 365]);
    expect(parsePlatformConfig({ metricRollupRetentionDays: '3650' }).metricRollupRetentionDays).toBe(3650);
  });

  it('refuses the renamed magneticStoreRetentionDays instead of ignoring it', () => {
    expect(() => parsePlatformConfig({ magneticStoreRetentionDays: '365' })).toThrow(
      'Setting magneticStoreRetentionDays was renamed to metricRawRetentionDays: pass -c metricRawRetentionDays=365 instead',
    );
    expect(() => parsePlatformConfig({ magneticStoreRetentionDays: 30, metricRawRetentionDays: 30 })).toThrow(/renamed to metricRawRetentionDays/);
    // Through the CDK context too: the old key is looked up although it is no setting any more.
    const context: Record<string, unknown> = { magneticStoreRetentionDays: '90' };
    expect(() => platformConfigFromContext((key) => context[key])).toThrow(/magneticStoreRetentionDays was renamed to metricRawRetentionDays/);
    expect(PLATFORM_SETTING_KEYS).not.toContain('magneticStoreRetentionDays');
    expect(RENAMED_SETTINGS).toEqual({ magneticStoreRetentionDays: 'metricRawRetentionDays' });
  });

  it('reads every key through a context lookup', () => {
    const context: Record<string, string> = { prefix: 'ctx', apiAuth: 'iam', metricRawRetentionDays: '60', metricRollupRetentionDays: '1095', unrelated: 'x' };
    const config = platformConfigFromContext((key) => context[key]);
    expect(config.prefix).toBe('ctx');
    expect([config.metricRawRetentionDays, config.metricRollupRetentionDays]).toEqual([60, 1095]);
    expect(config.apiAuth).toBe('iam');
    expect(serviceLogGroupPrefix(config)).toBe('/ctx/services/');
  });
});
