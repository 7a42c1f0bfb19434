import { parseMatcher, parseMatchers } from '../../../../../lambdas/core/alerting/notification/matchers';
import { compileRoute, groupLabels, matchRoutes } from '../../../../../lambdas/core/alerting/notification/route';

const tree = compileRoute({
  receiver: 'default',
  group_by: ['alertname'],
  group_wait: '10s',
  routes: [
    { matchers: ['severity="critical"'], receiver: 'pager', continue: true, repeat_interval: '1h' },
    {
      matchers: ['service=~"db|cache"'],
      receiver: 'infra',
      group_by: ['cluster', 'service'],
      routes: [
        { matchers: ['env!="prod"'], receiver: 'infra-dev' },
        { matchers: ['team!~"sre.*"'], receiver: 'infra-other', group_interval: '1m' },
      ],
    },
    { matchers: ['service="web"'], receiver: 'web' },
    { matchers: ['service="web"'], receiver: 'never' },
  ],
});

const receivers = (labels: Record<string, string>) => matchRoutes(tree, labels).map((r) => r.receiver);

describe('routing tree', () => {
  it('parses matchers in Alertmanager syntax', () => {
    expect(parseMatcher('service=~"api|web"')).toEqual({ name: 'service', op: '=~', value: 'api|web' });
    expect(parseMatcher('env!=prod')).toEqual({ name: 'env', op: '!=', value: 'prod' });
    expect(parseMatchers('{a="x,y", b!~"c.*"}')).toEqual([{ name: 'a', op: '=', value: 'x,y' }, { name: 'b', op: '!~', value: 'c.*' }]);
    expect(() => parseMatcher('bad matcher')).toThrow(/bad matcher/);
    expect(() => parseMatcher('a=~"("')).toThrow(/regular expression/);
  });

  it('takes the first matching child, depth first; a route with no matching child takes the alert', () => {
    expect(receivers({ service: 'web' })).toEqual(['web']);
    expect(receivers({ service: 'api' })).toEqual(['default']);
    expect(receivers({ service: 'db', env: 'prod', team: 'sre-core' })).toEqual(['infra']);
    expect(receivers({ service: 'cache', env: 'staging' })).toEqual(['infra-dev']);
    expect(receivers({ service: 'db', env: 'prod', team: 'payments' })).toEqual(['infra-other']);
  });

  it('regex matchers are anchored', () => {
    expect(receivers({ service: 'dbx', env: 'staging' })).toEqual(['default']);
  });

  it('continue lets an alert match later siblings too', () => {
    expect(receivers({ severity: 'critical', service: 'web' })).toEqual(['pager', 'web']);
    expect(receivers({ severity: 'critical', service: 'api' })).toEqual(['pager']);
  });

  it('children inherit group_by and timers unless they set them', () => {
    const [pager] = matchRoutes(tree, { severity: 'critical' });
    expect(pager).toMatchObject({ groupBy: ['alertname'], groupWaitMs: 10_000, groupIntervalMs: 300_000, repeatIntervalMs: 3_600_000 });
    const [other] = matchRoutes(tree, { service: 'db', env: 'prod', team: 'x' });
    expect(other).toMatchObject({ groupBy: ['cluster', 'service'], groupWaitMs: 10_000, groupIntervalMs: 60_000, repeatIntervalMs: 14_400_000 });
    expect(groupLabels(other, { cluster: 'c1', service: 'db', pod: 'p' })).toEqual({ cluster: 'c1', service: 'db' });
    expect(groupLabels(compileRoute({ receiver: 'r', group_by: ['...'] }), { a: '1', b: '2' })).toEqual({ a: '1', b: '2' });
  });

  it('rejects a root without receiver or with matchers', () => {
    expect(() => compileRoute({})).toThrow(/receiver/);
    expect(() => compileRoute({ receiver: 'x', matchers: ['a="b"'] })).toThrow(/matchers/);
  });
});
