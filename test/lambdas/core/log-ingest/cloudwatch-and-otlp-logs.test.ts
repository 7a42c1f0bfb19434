import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCloudWatchSubscription } from '../../../../lambdas/core/log-ingest/cloudwatch-subscription';
import { decodeOtlpLogs } from '../../../../lambdas/core/log-ingest/otlp-logs-decoder';
import { describeWithConformance } from '../../../support/conformance';

describe('CloudWatch Logs subscription payloads', () => {
  const payload = {
    owner: '123456789012',
    logGroup: '/aws/lambda/checkout',
    logStream: '2026/11/22/[$LATEST]abc',
    subscriptionFilters: ['observability'],
    messageType: 'DATA_MESSAGE',
    logEvents: [
      { id: '3719', timestamp: 1_700_000_000_000, message: 'START RequestId: 1' },
      { id: '3720', timestamp: 1_700_000_000_005, message: '{"level":"error","msg":"boom"}' },
    ],
  };

  it('decodes every event exactly, with stable ids and the service from the log group', () => {
    expect(decodeCloudWatchSubscription(payload)).toEqual([
      {
        id: 'cwl-3719',
        timestamp: 1_700_000_000_000,
        body: 'START RequestId: 1',
        service: 'checkout',
        source: '/aws/lambda/checkout:2026/11/22/[$LATEST]abc',
        attributes: { 'aws.log.group.names': '/aws/lambda/checkout', 'aws.log.stream.names': '2026/11/22/[$LATEST]abc', 'cloud.account.id': '123456789012' },
      },
      expect.objectContaining({ id: 'cwl-3720', body: '{"level":"error","msg":"boom"}' }),
    ]);
  });

  it('skips control messages and rejects malformed payloads', () => {
    expect(decodeCloudWatchSubscription({ ...payload, messageType: 'CONTROL_MESSAGE', logEvents: [{ id: '1', timestamp: 1, message: 'CWL CONTROL MESSAGE' }] })).toEqual([]);
    expect(() => decodeCloudWatchSubscription({ ...payload, messageType: 'OTHER' })).toThrow(/messageType/);
    expect(() => decodeCloudWatchSubscription({ ...payload, logEvents: [{ id: 1 }] })).toThrow(/logEvents\[0\]/);
  });
});

describeWithConformance('OTLP logs example request', ['otlp'], (dir) => {
  it('decodes the example with its attributes, severity and trace context', () => {
    const req = JSON.parse(readFileSync(join(dir, 'logs.json'), 'utf8'));
    const [entry] = decodeOtlpLogs(req, 0);
    expect(entry).toEqual({
      timestamp: 1_544_712_660_300,
      body: 'Example log record',
      service: 'my.service',
      source: 'otlp:my.library',
      severityText: 'Information',
      severityNumber: 10,
      attributes: {
        'service.name': 'my.service',
        'string.attribute': 'some string',
        'boolean.attribute': true,
        'int.attribute': 10,
        'double.attribute': 637.704,
        'array.attribute': ['many', 'values'],
        'map.attribute': { 'some.map.key': 'some value' },
      },
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
    });
  });
});
