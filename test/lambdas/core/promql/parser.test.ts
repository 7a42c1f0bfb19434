import { anchoredRegex } from '../../../../lambdas/core/promql/label-matcher';
import { parsePromql } from '../../../../lambdas/core/promql/parser';
import { PromqlParseError } from '../../../../lambdas/core/promql/promql-error';
import { re2ToJs } from '../../../../lambdas/core/domain/re2-to-js';

describe('parsePromql edge cases', () => {
  it('reads number literals in every Prometheus form', () => {
    const value = (q: string) => {
      const e = parsePromql(q);
      if (e.kind !== 'number') throw new Error(`not a number: ${q}`);
      return e.value;
    };
    expect(value('0x1f')).toBe(31);
    expect(value('1.5e3')).toBe(1500);
    expect(value('-Inf')).toBe(-Infinity);
    expect(value('NaN')).toBeNaN();
    expect(value('1h30m')).toBe(5400);
    expect(value('- - 1')).toBe(1);
  });

  it('accepts a trailing decimal point and keeps strings untouched', () => {
    const e = parsePromql('1. / 4.');
    expect(e.kind).toBe('binary');
    const s = parsePromql('label_replace(x, "a", "1.", "b", "(.*)")');
    expect(s.kind === 'call' && s.args[2].kind === 'string' && s.args[2].value).toBe('1.');
  });

  it('binds a trailing offset to the selector just before it', () => {
    const e = parsePromql('a + b offset 1m');
    if (e.kind !== 'binary' || e.lhs.kind !== 'vector' || e.rhs.kind !== 'vector') throw new Error('shape');
    expect(e.lhs.offset).toBe(0);
    expect(e.rhs.offset).toBe(60_000);
  });

  it('reads @ start() and end(), negative offsets and quoted metric names', () => {
    const e = parsePromql('{"my.metric", a="b"}[5m] offset -1m @ end()');
    if (e.kind !== 'matrix') throw new Error('shape');
    expect(e.selector.matchers[0]).toEqual({ name: '__name__', op: '=', value: 'my.metric' });
    expect(e.selector.offset).toBe(-60_000);
    expect(e.selector.at).toEqual({ kind: 'end' });
  });

  it('evaluates duration expressions with step(), range() and min_of', () => {
    const e = parsePromql('x[min_of(step() * 2, 1h) + 1m]', { step: 15_000, range: 600_000 });
    expect(e.kind === 'matrix' && e.range).toBe(90_000);
    const r = parsePromql('x offset range()', { step: 0, range: 600_000 });
    expect(r.kind === 'vector' && r.offset).toBe(600_000);
  });

  it('reads vector matching, group modifiers and fill values', () => {
    const e = parsePromql('a * on(x) group_left(y) fill_right(0) b');
    expect(e.kind === 'binary' && e.matching).toEqual({ card: 'many-to-one', on: true, labels: ['x'], include: ['y'], fillRight: 0 });
    const s = parsePromql('a unless ignoring(z) b');
    expect(s.kind === 'binary' && s.matching?.card).toBe('many-to-many');
  });

  it('parses the scalar functions min_of and max_of that the grammar lacks', () => {
    const e = parsePromql('max_of(1, min_of(2, 3))');
    expect(e.kind === 'call' && e.func).toBe('max_of');
  });

  it.each([
    ['x[5m] offset 1m offset 2m', 'offset may not be set multiple times'],
    ['sum(x) offset 1m', 'offset modifier must be preceded'],
    ['a + on(x) group_left(x) b', 'must not occur in ON and GROUP clause'],
    ['a and on(x) group_left b', 'no grouping allowed'],
    ['1 + on(x) b', 'vector matching only allowed between instant vectors'],
    ['topk(x, y)', 'expected type scalar'],
    ['x{a=~"("}', 'invalid regular expression'],
    ['', 'no expression found'],
    ['foo{__name__="bar"}', 'metric name must not be set twice'],
  ])('rejects %s', (q, msg) => {
    let err: unknown;
    try {
      parsePromql(q);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PromqlParseError);
    expect((err as Error).message).toContain(msg);
    expect((err as PromqlParseError).position).toBeGreaterThanOrEqual(0);
  });
});

describe('RE2 to JavaScript regex translation', () => {
  it.each([
    ['(?i)foo', 'FoO', true],
    ['a(?i)b', 'aB', true],
    ['a(?i)b', 'AB', false],
    ['(?i:PRO).*', 'production', true],
    ['.*((?i)DUC).*', 'proDUCtion', true],
    ['(?i)[a-c]x', 'BX', true],
    ['[[:digit:]]+', '123', true],
    ['[[:alpha:]]+', 'ab1', false],
    ['(?P<n>a)b', 'ab', true],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['a.b', 'a\nb', true],
  ])('%s matches %j: %s', (pattern, value, want) => {
    expect(anchoredRegex(pattern).test(value)).toBe(want);
  });

  it('leaves plain patterns unchanged', () => {
    expect(re2ToJs('foo|ba[rz]+')).toBe('foo|ba[rz]+');
  });
});
