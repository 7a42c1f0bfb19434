import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDuration, parseDuration } from '../../../../../lambdas/core/alerting/duration';
import { importPrometheusRules } from '../../../../../lambdas/core/alerting/rules/prometheus-rule-import';
import { validateRule } from '../../../../../lambdas/core/alerting/rules/rule-validator';
import { compileThresholdRule } from '../../../../../lambdas/core/alerting/rules/threshold-rule';
import { describeWithConformance } from '../../../../support/conformance';

describe('durations', () => {
  it('parses Prometheus durations and rejects the rest', () => {
    expect(['0', '0m', '30s', '1h30m', '1w', '1d12h', '500ms'].map(parseDuration)).toEqual([0, 0, 30_000, 5_400_000, 604_800_000, 129_600_000, 500]);
    for (const bad of ['', '5', '1.5m', '30m1h', 'fivem', '1h1h']) expect(() => parseDuration(bad)).toThrow(/duration/);
    expect(formatDuration(5_400_000)).toBe('1h30m');
  });
});

describe('rule validation', () => {
  it('builds a typed alerting rule', () => {
    const v = validateRule({ alert: 'HighLatency', expr: 'latency > 0.5', for: '10m', keep_firing_for: '5m', labels: { severity: 'critical' }, annotations: { summary: 'x' }, owner: 'team-a', interval: '30s' });
    expect(v.errors).toEqual([]);
    expect(v.rule).toEqual({ kind: 'alerting', name: 'HighLatency', expr: 'latency > 0.5', forMs: 600_000, keepFiringForMs: 300_000, labels: { severity: 'critical' }, annotations: { summary: 'x' }, severity: 'critical', intervalMs: 30_000, owner: 'team-a' });
  });

  it('reports every bad field with its path', () => {
    const v = validateRule({ alert: '', expr: 'sum(rate(x[5m])', for: 'soon', labels: { 'bad-name': 'x', __name__: 'y', ok: 3 }, severity: 'page', colour: 'red' }, 'rules[2]');
    expect(v.rule).toBeUndefined();
    expect(v.errors.map((e) => e.field).sort()).toEqual(
      ['rules[2].alert', 'rules[2].colour', 'rules[2].expr', 'rules[2].for', 'rules[2].labels.__name__', 'rules[2].labels.bad-name', 'rules[2].severity'].sort(),
    );
  });

  it('rejects label and annotation templates that do not parse', () => {
    const v = validateRule({ alert: 'A', expr: 'x', labels: { team: '{{ $labels.team ' }, annotations: { summary: '{{ if $value }}open', ok: '{{ $value | humanize }}' } });
    expect(v.errors.map((e) => e.field)).toEqual(['labels.team', 'annotations.summary']);
    expect(v.errors[1].message).toMatch(/template does not parse: .*end/);
  });

  it('checks recording rules', () => {
    expect(validateRule({ record: 'job:up:sum', expr: 'sum by (job) (up)' }).rule).toEqual({ kind: 'recording', record: 'job:up:sum', expr: 'sum by (job) (up)', labels: {}, intervalMs: undefined, owner: undefined });
    expect(validateRule({ record: 'bad name', expr: 'x', for: '1m' }).errors.map((e) => e.field)).toEqual(['record', 'for']);
    expect(validateRule({ alert: 'A', record: 'r', expr: 'x' }).errors[0].message).toMatch(/exactly one/);
  });
});

describe('threshold rules', () => {
  it('compile to PromQL', () => {
    expect(compileThresholdRule({ metric: 'cpu_usage', op: '>', threshold: 0.9 }).expr).toBe('cpu_usage > 0.9');
    expect(compileThresholdRule({ metric: 'http_errors_total', labels: { env: 'prod', app: 'a"b' }, op: '>=', threshold: 10, window: '5m', windowFunction: 'rate', aggregation: { op: 'sum', by: ['service'] } }).expr)
      .toBe('sum by (service) (rate(http_errors_total{app="a\\"b", env="prod"}[5m])) >= 10');
    expect(compileThresholdRule({ metric: 'free_bytes', op: '<', threshold: 1e9, window: '10m', aggregation: 'min' }).expr).toBe('min(avg_over_time(free_bytes[10m])) < 1000000000');
  });

  it('reject bad fields', () => {
    const c = compileThresholdRule({ metric: '9bad', op: '=>' as never, threshold: NaN, window: 'x', aggregation: { op: 'median' as never, by: ['a-b'] } });
    expect(c.expr).toBeUndefined();
    expect(c.errors.map((e) => e.field)).toEqual(['metric', 'op', 'threshold', 'window', 'aggregation', 'aggregation.by']);
  });
});

describe('Prometheus rule file import', () => {
  it('keeps good rules and reports each bad one with its path', () => {
    const yaml = `
groups:
  - name: a
    interval: 15s
    rules:
      - alert: Good
        expr: up == 0
        for: 1m
      - alert: BadFor
        expr: up == 0
        for: sometimes
      - record: 'job:up'
        expr: sum by (job) (up)
  - name: a
    rules: []
  - name: b
    interval: fast
    rules:
      - expr: x
`;
    const r = importPrometheusRules(yaml);
    expect(r.groups.map((g) => [g.name, g.intervalMs, g.rules.length])).toEqual([['a', 15_000, 2], ['a', 60_000, 0], ['b', 60_000, 0]]);
    expect(r.groups[0].rules.map((x) => x.kind)).toEqual(['alerting', 'recording']);
    expect(r.errors.map((e) => e.field)).toEqual(['groups[0].rules[1].for', 'groups[1].name', 'groups[2].interval', 'groups[2].rules[0]']);
  });

  it('reports YAML syntax errors and a missing groups list', () => {
    expect(importPrometheusRules('groups: [').errors[0].field).toBe('(file)');
    expect(importPrometheusRules('rules: []').errors).toEqual([{ field: 'groups', message: 'the file must have a "groups" list' }]);
  });
});

describeWithConformance('import of real Prometheus rule files', ['rules'], (dir) => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

  it.each(files)('%s imports every rule without errors', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const r = importPrometheusRules(text);
    expect(r.errors).toEqual([]);
    const count = (text.match(/^\s*- alert:/gm) ?? []).length;
    expect(r.groups.flatMap((g) => g.rules)).toHaveLength(count);
    expect(count).toBeGreaterThan(20);
    for (const rule of r.groups.flatMap((g) => g.rules)) {
      expect(rule.kind).toBe('alerting');
      if (rule.kind === 'alerting') expect(rule.severity).toMatch(/critical|warning|info/);
    }
  });

  it('reads for durations such as 1w and 0m', () => {
    const r = importPrometheusRules(readFileSync(join(dir, 'host-and-hardware_node-exporter.yml'), 'utf8'));
    const rules = r.groups.flatMap((g) => g.rules);
    const byName = new Map(rules.map((x) => [x.kind === 'alerting' ? x.name : x.record, x]));
    expect(byName.get('HostOutOfMemory')).toMatchObject({ forMs: 120_000 });
    expect(byName.get('HostMemoryUnderMemoryPressure')).toMatchObject({ forMs: 0 });
    expect([...byName.values()].some((x) => x.kind === 'alerting' && x.forMs === 604_800_000)).toBe(true);
  });
});
