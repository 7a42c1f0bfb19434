import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformError } from '../../../../../lambdas/core/domain/errors';
import type { Span } from '../../../../../lambdas/core/domain/span';
import { decodeOtlpTraces } from '../../../../../lambdas/core/traces/decoding/decode-otlp-traces';
import { describeWithConformance } from '../../../../support/conformance';

describeWithConformance('OTLP example trace.json', ['otlp'], (dir) => {
  it('decodes exactly', () => {
    const body = JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8'));
    const result = decodeOtlpTraces(body);
    const expected: Span = {
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: 'eee19b7ec3c1b173',
      name: "I'm a server span",
      service: 'my.service',
      kind: 'server',
      startTime: 1544712660000000,
      duration: 1000000,
      status: 'unset',
      attributes: { 'my.span.attr': 'some value', 'otel.scope.name': 'my.library', 'otel.scope.version': '1.0.0' },
      resource: { 'service.name': 'my.service' },
      events: [],
    };
    expect(result).toEqual({ spans: [expected], problems: [], rejected: 0 });
  });
});

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function request(spans: unknown[], resourceAttrs: unknown[] = [{ key: 'service.name', value: { stringValue: 'checkout' } }]) {
  return { resourceSpans: [{ resource: { attributes: resourceAttrs }, scopeSpans: [{ scope: { name: 'lib' }, spans }] }] };
}

function okSpan(extra: Record<string, unknown> = {}) {
  return {
    traceId: TRACE,
    spanId: 'b7ad6b7169203331',
    name: 'GET /cart',
    kind: 3,
    startTimeUnixNano: '1700000000000001500',
    endTimeUnixNano: 1700000000250001500,
    ...extra,
  };
}

describe('decodeOtlpTraces', () => {
  it('reads every AnyValue type, status, events and int64 text', () => {
    const { spans, problems } = decodeOtlpTraces(
      request([
        okSpan({
          status: { code: 2, message: 'boom' },
          attributes: [
            { key: 's', value: { stringValue: 'x' } },
            { key: 'i', value: { intValue: '42' } },
            { key: 'big', value: { intValue: '9223372036854775807' } },
            { key: 'd', value: { doubleValue: 1.5 } },
            { key: 'nan', value: { doubleValue: 'NaN' } },
            { key: 'b', value: { boolValue: true } },
            { key: 'a', value: { arrayValue: { values: [{ stringValue: 'p' }, { intValue: 7 }] } } },
            { key: 'kv', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: false } }] } } },
            { key: 'bytes', value: { bytesValue: 'AQID' } },
            { key: 'empty', value: {} },
          ],
          events: [{ timeUnixNano: '1700000000100000000', name: 'exception', attributes: [{ key: 'exception.type', value: { stringValue: 'E' } }] }],
        }),
      ]),
    );
    expect(problems).toEqual([]);
    const s = spans[0];
    expect(s.kind).toBe('client');
    expect(s.status).toBe('error');
    expect(s.statusMessage).toBe('boom');
    expect(s.startTime).toBe(1700000000000001);
    expect(s.duration).toBe(250000);
    expect(s.parentSpanId).toBeUndefined();
    expect(s.attributes).toEqual({
      s: 'x',
      i: 42,
      big: '9223372036854775807',
      d: 1.5,
      nan: NaN,
      b: true,
      a: ['p', 7],
      kv: { inner: false },
      bytes: 'AQID',
      empty: null,
      'otel.scope.name': 'lib',
    });
    expect(s.events).toEqual([{ time: 1700000000100000, name: 'exception', attributes: { 'exception.type': 'E' } }]);
  });

  it('accepts an already-decoded protobuf object: bytes ids, bigint and Long-like times, enum numbers', () => {
    const longLike = { toString: () => '1700000000000000000' };
    const proto = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: Uint8Array.from(Buffer.from(TRACE, 'hex')),
                  spanId: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
                  parentSpanId: new Uint8Array(0),
                  name: 'q',
                  kind: 2,
                  startTimeUnixNano: longLike,
                  endTimeUnixNano: 1700000000002000000n,
                  status: { code: 1 },
                  attributes: [{ key: 'b', value: { bytesValue: Uint8Array.from([255]) } }],
                },
              ],
            },
          ],
        },
      ],
    };
    const { spans, problems } = decodeOtlpTraces(proto);
    expect(problems).toEqual([]);
    expect(spans[0]).toMatchObject({ traceId: TRACE, spanId: '0102030405060708', kind: 'server', status: 'ok', startTime: 1700000000000000, duration: 2000, attributes: { b: '/w==' } });
    expect(spans[0].parentSpanId).toBeUndefined();
  });

  it('rejects bad ids and times span by span, keeping the rest of the batch', () => {
    const { spans, problems, rejected } = decodeOtlpTraces(
      request([
        okSpan({ traceId: 'abc' }),
        okSpan({ traceId: '00000000000000000000000000000000' }),
        okSpan({ spanId: 'zzzzzzzzzzzzzzzz' }),
        okSpan({ spanId: undefined }),
        okSpan({ parentSpanId: '12345' }),
        okSpan({ startTimeUnixNano: '-5' }),
        okSpan({ endTimeUnixNano: '1700000000000000000' }),
        'not a span',
        okSpan({ spanId: '00f067aa0ba902b7', parentSpanId: '0000000000000000' }),
      ]),
    );
    expect(rejected).toBe(8);
    expect(problems.map((p) => [p.path.replace(/.*spans/, ''), p.code, p.action])).toEqual([
      ['[0]', 'invalid_trace_id', 'rejected'],
      ['[1]', 'invalid_trace_id', 'rejected'],
      ['[2]', 'invalid_span_id', 'rejected'],
      ['[3]', 'invalid_span_id', 'rejected'],
      ['[4]', 'invalid_parent_span_id', 'rejected'],
      ['[5]', 'invalid_timestamp', 'rejected'],
      ['[6]', 'end_before_start', 'rejected'],
      ['[7]', 'invalid_span', 'rejected'],
    ]);
    expect(problems[1].message).toContain('all zeros');
    expect(spans).toHaveLength(1);
    expect(spans[0].spanId).toBe('00f067aa0ba902b7');
    expect(spans[0].parentSpanId).toBeUndefined();
  });

  it('truncates an over-long attribute value and flags it without failing the span', () => {
    const long = 'x'.repeat(70000);
    const { spans, problems, rejected } = decodeOtlpTraces(request([okSpan({ attributes: [{ key: 'http.request.body', value: { stringValue: long } }, { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'y'.repeat(20) }] } } }] })]), {
      maxAttributeValueLength: 65536,
    });
    expect(rejected).toBe(0);
    expect((spans[0].attributes['http.request.body'] as string).length).toBe(65536);
    expect(problems).toEqual([expect.objectContaining({ code: 'attribute_truncated', action: 'truncated', attribute: 'http.request.body', spanId: 'b7ad6b7169203331' })]);
    const small = decodeOtlpTraces(request([okSpan({ attributes: [{ key: 'arr', value: { arrayValue: { values: [{ stringValue: 'y'.repeat(20) }] } } }] })]), { maxAttributeValueLength: 10 });
    expect(small.spans[0].attributes.arr).toEqual(['y'.repeat(10)]);
    expect(small.problems[0].attribute).toBe('arr');
  });

  it('keeps orphans, uses unknown_service, reads base64 ids and enum names leniently', () => {
    const { spans } = decodeOtlpTraces(
      request(
        [okSpan({ traceId: Buffer.from(TRACE, 'hex').toString('base64'), parentSpanId: 'AAAAAAAAAAAAAAAA'.replace(/A/g, 'a').slice(0, 15) + '1', kind: 'SPAN_KIND_PRODUCER', status: { code: 'STATUS_CODE_ERROR' } })],
        [],
      ),
    );
    expect(spans[0]).toMatchObject({ traceId: TRACE, parentSpanId: 'aaaaaaaaaaaaaaa1', kind: 'producer', status: 'error', service: 'unknown_service' });
  });

  it('throws invalid_argument on a payload that is not a request', () => {
    expect(() => decodeOtlpTraces([])).toThrow(PlatformError);
    expect(() => decodeOtlpTraces({ resourceSpans: 3 })).toThrow(/resourceSpans/);
    expect(decodeOtlpTraces({})).toEqual({ spans: [], problems: [], rejected: 0 });
  });
});
