import { matchesAll, seriesKey } from '../../../../lambdas/core/domain/series';

describe('series helpers', () => {
  it('keys label sets independently of insertion order', () => {
    expect(seriesKey({ b: '2', a: '1' })).toBe(seriesKey({ a: '1', b: '2' }));
    expect(seriesKey({ a: '1,b=2' })).not.toBe(seriesKey({ a: '1', b: '2' }));
  });

  it('matches the four PromQL operators, regexes fully anchored, missing labels as empty', () => {
    const labels = { __name__: 'up', job: 'api', env: 'prod' };
    expect(matchesAll(labels, [{ name: 'job', op: '=', value: 'api' }])).toBe(true);
    expect(matchesAll(labels, [{ name: 'job', op: '!=', value: 'api' }])).toBe(false);
    expect(matchesAll(labels, [{ name: 'job', op: '=~', value: 'ap' }])).toBe(false);
    expect(matchesAll(labels, [{ name: 'job', op: '=~', value: 'ap.*' }])).toBe(true);
    expect(matchesAll(labels, [{ name: 'env', op: '!~', value: 'dev|test' }])).toBe(true);
    expect(matchesAll(labels, [{ name: 'zone', op: '=', value: '' }])).toBe(true);
    expect(matchesAll(labels, [{ name: 'zone', op: '=~', value: '.+' }])).toBe(false);
  });
});
