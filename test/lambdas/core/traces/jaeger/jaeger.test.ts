import { parseGoDuration } from '../../../../../lambdas/core/traces/jaeger/go-duration';
import { jaegerKeyValue, toJaegerTrace } from '../../../../../lambdas/core/traces/jaeger/to-jaeger-trace';
import { checkoutTrace } from '../support/span-builder';

describe('Jaeger formats', () => {
  it('parses Go durations to microseconds', () => {
    expect(parseGoDuration('1.5s')).toBe(1_500_000);
    expect(parseGoDuration('100ms')).toBe(100_000);
    expect(parseGoDuration('1h2m')).toBe(3_720_000_000);
    expect(parseGoDuration('250us')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
    for (const bad of ['', '10', 'fast', '1s2', 's']) expect(parseGoDuration(bad)).toBeUndefined();
  });

  it('types tag values as Jaeger does', () => {
    expect(jaegerKeyValue('a', 3)).toEqual({ key: 'a', type: 'int64', value: 3 });
    expect(jaegerKeyValue('a', 0.5)).toEqual({ key: 'a', type: 'float64', value: 0.5 });
    expect(jaegerKeyValue('a', true)).toEqual({ key: 'a', type: 'bool', value: true });
    expect(jaegerKeyValue('a', ['x'])).toEqual({ key: 'a', type: 'string', value: '["x"]' });
  });

  it('turns a trace into Jaeger JSON with one process per service and resource', () => {
    const spans = checkoutTrace();
    const t = toJaegerTrace(spans);
    expect(t.spans).toHaveLength(spans.length);
    expect(Object.values(t.processes).map((p) => p.serviceName)).toEqual(['frontend', 'api', 'db', 'worker']);
    const root = t.spans[0];
    expect(root.references).toEqual([]);
    expect(root.tags).toEqual(expect.arrayContaining([{ key: 'error', type: 'bool', value: true }, { key: 'otel.status_code', type: 'string', value: 'ERROR' }]));
    expect(t.spans[2].references).toEqual([{ refType: 'CHILD_OF', traceID: spans[2].traceId, spanID: spans[1].spanId }]);
    expect(t.processes[t.spans[2].processID].serviceName).toBe('api');
  });
});
