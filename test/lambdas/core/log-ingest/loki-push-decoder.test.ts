import { PlatformError } from '../../../../lambdas/core/domain/errors';
import { parseLabelString } from '../../../../lambdas/core/log-ingest/label-string';
import { decodeLokiPushJson, decodeLokiPushProto } from '../../../../lambdas/core/log-ingest/loki-push-decoder';
import { ProtobufError } from '../../../../lambdas/core/wire/protobuf-reader';
import { ProtobufWriter } from '../../../../lambdas/core/wire/protobuf-writer';
import { snappyCompress, snappyDecompress } from '../../../../lambdas/core/wire/snappy';

describe('Loki push decoding', () => {
  it('decodes the JSON form with structured metadata, service and trace ids', () => {
    const entries = decodeLokiPushJson({
      streams: [
        {
          stream: { app: 'checkout', level: 'error', env: 'prod' },
          values: [
            ['1700000000123456789', 'payment failed', { trace_id: 'ABCDEF0123456789ABCDEF0123456789' }],
            ['1700000001000000000', 'retrying'],
          ],
        },
      ],
    });
    expect(entries).toEqual([
      {
        timestamp: 1_700_000_000_123,
        body: 'payment failed',
        service: 'checkout',
        source: 'loki',
        severityText: 'error',
        attributes: { app: 'checkout', level: 'error', env: 'prod', trace_id: 'ABCDEF0123456789ABCDEF0123456789' },
        traceId: 'abcdef0123456789abcdef0123456789',
      },
      expect.objectContaining({ timestamp: 1_700_000_001_000, body: 'retrying', service: 'checkout' }),
    ]);
  });

  it('rejects malformed JSON bodies with invalid_argument naming the place', () => {
    expect(() => decodeLokiPushJson({})).toThrow(PlatformError);
    expect(() => decodeLokiPushJson({ streams: [{ stream: {}, values: [[1, 'x']] }] })).toThrow(/streams\[0\]\.values\[0\]/);
    expect(() => decodeLokiPushJson({ streams: [{ stream: {}, values: [['12ab', 'x']] }] })).toThrow(/nanoseconds/);
  });

  it('decodes snappy-compressed protobuf as Promtail sends it', () => {
    const body = new ProtobufWriter()
      .message(1, (s) => {
        s.string(1, '{job="varlogs", filename="/var/log/syslog", msg="a \\"quoted\\" value"}');
        s.message(2, (e) => {
          e.message(1, (t) => t.uint(1, 1_700_000_000).uint(2, 250_000_000));
          e.string(2, 'Nov 22 10:00:00 host sshd[1]: Accepted publickey');
          e.message(3, (m) => m.string(1, 'pod').string(2, 'p-1'));
        });
      })
      .finish();
    const entries = decodeLokiPushProto(snappyDecompress(snappyCompress(body)));
    expect(entries).toEqual([
      {
        timestamp: 1_700_000_000_250,
        body: 'Nov 22 10:00:00 host sshd[1]: Accepted publickey',
        service: 'varlogs',
        source: 'loki',
        severityText: undefined,
        attributes: { job: 'varlogs', filename: '/var/log/syslog', msg: 'a "quoted" value', pod: 'p-1' },
      },
    ]);
    expect(() => decodeLokiPushProto(body.subarray(0, 20))).toThrow(ProtobufError);
  });

  it('parses label strings and rejects broken ones', () => {
    expect(parseLabelString('{}')).toEqual({});
    expect(parseLabelString(' { a = "1" ,b="x\\ny" } ')).toEqual({ a: '1', b: 'x\ny' });
    expect(() => parseLabelString('{a="1"')).toThrow(/position/);
    expect(() => parseLabelString('a="1"}')).toThrow(/expected "\{"/);
  });
});
