import { formatMicros, formatMillis } from '../../../../lambdas/api/params/format-time';
import { parseLabelFilter, parseMetricSelector } from '../../../../lambdas/api/params/metric-selector';
import { parsePrometheusDuration } from '../../../../lambdas/api/params/prometheus-duration';
import { parseTime, timeRangeOf } from '../../../../lambdas/api/params/time-range';

describe('query parameter helpers', () => {
  it('parses metric selectors into matchers', () => {
    expect(parseMetricSelector('up')).toEqual([{ name: '__name__', op: '=', value: 'up' }]);
    expect(parseMetricSelector(' http_requests_total { job = "api", code=~"5..", path!~\'/x\\"y\' } ')).toEqual([
      { name: '__name__', op: '=', value: 'http_requests_total' },
      { name: 'job', op: '=', value: 'api' },
      { name: 'code', op: '=~', value: '5..' },
      { name: 'path', op: '!~', value: '/x"y' },
    ]);
    expect(parseMetricSelector('{__name__="a:b",x!="1",}')).toEqual([
      { name: '__name__', op: '=', value: 'a:b' },
      { name: 'x', op: '!=', value: '1' },
    ]);
    for (const bad of ['', '{}', 'up{job=api}', 'up{job="api"', 'up job', 'rate(x[5m])', 'up{="x"}']) {
      expect(() => parseMetricSelector(bad)).toThrow(/invalid selector/);
    }
  });

  it('parses label filters with or without quotes', () => {
    expect(parseLabelFilter('job=api')).toEqual({ name: 'job', op: '=', value: 'api' });
    expect(parseLabelFilter('code=~"5.."')).toEqual({ name: 'code', op: '=~', value: '5..' });
    expect(parseLabelFilter('env!=')).toEqual({ name: 'env', op: '!=', value: '' });
    expect(() => parseLabelFilter('nolabel')).toThrow();
  });

  it('parses Prometheus durations', () => {
    expect(parsePrometheusDuration('250ms', 'd')).toBe(250);
    expect(parsePrometheusDuration('1h30m', 'd')).toBe(5_400_000);
    expect(parsePrometheusDuration('2d', 'd')).toBe(172_800_000);
    expect(() => parsePrometheusDuration('1.5s', 'd')).toThrow(/duration/);
    expect(() => parsePrometheusDuration('', 'd')).toThrow();
  });

  it('parses RFC 3339 and Unix-second times and defaults the range to the last hour', () => {
    expect(parseTime('1700000000', 'from')).toBe(1_700_000_000_000);
    expect(parseTime('1700000000.123', 'from')).toBe(1_700_000_000_123);
    expect(parseTime('2023-11-14T22:13:20Z', 'from')).toBe(1_700_000_000_000);
    expect(parseTime('2023-11-14T23:13:20.5+01:00', 'from')).toBe(1_700_000_000_500);
    expect(() => parseTime('2023-11-14', 'from')).toThrow(/RFC 3339/);
    expect(timeRangeOf({}, 10_000_000)).toEqual({ start: 10_000_000 - 3_600_000, end: 10_000_000 });
    expect(timeRangeOf({ to: '5000' }, 0)).toEqual({ start: 5_000_000 - 3_600_000, end: 5_000_000 });
    expect(timeRangeOf({ from: '1', end: '2' }, 0)).toEqual({ start: 1000, end: 2000 });
  });

  it('formats response times with ms (and span µs) precision', () => {
    expect(formatMillis(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(formatMicros(1_700_000_000_000_001)).toBe('2023-11-14T22:13:20.000001Z');
    expect(formatMicros(1_700_000_000_123_456)).toBe('2023-11-14T22:13:20.123456Z');
  });
});
