import { PlatformError } from '../../../../../lambdas/core/domain/errors';
import { parseLogQuery } from '../../../../../lambdas/core/logs/query/log-query-parser';

const t = (value: string, field?: string, extra: { phrase?: boolean; wildcard?: boolean } = {}) => ({
  type: 'term',
  ...(field && { field }),
  value,
  phrase: extra.phrase ?? false,
  wildcard: extra.wildcard ?? false,
});

describe('parseLogQuery (Lucene style)', () => {
  it('parses fields, phrases and AND into one conjunction', () => {
    expect(parseLogQuery('service:api AND level:error AND "timeout"')).toEqual({
      type: 'and',
      children: [t('api', 'service'), t('error', 'level'), t('timeout', undefined, { phrase: true })],
    });
  });

  it('joins adjacent terms with AND, binds AND tighter than OR, and honours parentheses', () => {
    expect(parseLogQuery('a b OR c')).toEqual({ type: 'or', children: [{ type: 'and', children: [t('a'), t('b')] }, t('c')] });
    expect(parseLogQuery('a AND (b OR c)')).toEqual({ type: 'and', children: [t('a'), { type: 'or', children: [t('b'), t('c')] }] });
    expect(parseLogQuery('a && b || c')).toEqual(parseLogQuery('a AND b OR c'));
  });

  it('negates with NOT, ! and a leading -', () => {
    const expected = { type: 'and', children: [t('x'), { type: 'not', child: t('y') }] };
    expect(parseLogQuery('x NOT y')).toEqual(expected);
    expect(parseLogQuery('x -y')).toEqual(expected);
    expect(parseLogQuery('x !y')).toEqual(expected);
    // A dash inside a word is part of it.
    expect(parseLogQuery('req-42')).toEqual(t('req-42'));
  });

  it('applies a field to a parenthesised group and maps field names to record fields or attributes', () => {
    expect(parseLogQuery('service:(api OR web)')).toEqual({ type: 'or', children: [t('api', 'service'), t('web', 'service')] });
    expect(parseLogQuery('trace_id:abc')).toEqual(t('abc', 'traceId'));
    expect(parseLogQuery('http.status:500')).toEqual(t('500', 'attributes.http.status'));
    expect(parseLogQuery('attributes.k:v')).toEqual(t('v', 'attributes.k'));
  });

  it('keeps wildcards and escapes', () => {
    expect(parseLogQuery('time*')).toEqual(t('time*', undefined, { wildcard: true }));
    expect(parseLogQuery('user:b?b')).toEqual(t('b?b', 'attributes.user', { wildcard: true }));
    expect(parseLogQuery('a\\*b')).toEqual(t('a*b'));
    expect(parseLogQuery('a\\*b*')).toEqual(t('a\\*b*', undefined, { wildcard: true }));
    expect(parseLogQuery('"say \\"hi\\""')).toEqual(t('say "hi"', undefined, { phrase: true }));
  });

  it.each([
    ['', /empty/],
    ['(a', /position 3: expected "\)"/],
    ['a)', /position 2: unexpected "\)"/],
    ['service:', /expected a value after "service:"/],
    ['"open', /unterminated quoted phrase/],
    ['a AND', /expected a term/],
    ['OR a', /unexpected OR/],
    ['a:(b:c)', /cannot be named inside/],
  ])('rejects %j with a clear 400', (q, message) => {
    let error: unknown;
    try {
      parseLogQuery(q);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).code).toBe('invalid_argument');
    expect((error as Error).message).toMatch(message);
  });
});
