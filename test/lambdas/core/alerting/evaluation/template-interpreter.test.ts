import { expandAlertTemplate } from '../../../../../lambdas/core/alerting/evaluation/alert-template-data';
import { goFormatG, goSprintf } from '../../../../../lambdas/core/alerting/evaluation/template/go-format';
import { TemplateInterpreter } from '../../../../../lambdas/core/alerting/evaluation/template/template-interpreter';

const labels = { instance: 'db-1.example.com:9100', job: 'node', __name__: 'up' };
const x = (src: string, value = 0.5) => expandAlertTemplate('t', src, labels, value);

describe('rule template interpreter (Go text/template subset)', () => {
  it('exposes $labels, .Labels, $value, .Value and prints maps and floats as Go does', () => {
    expect(x('{{ $labels.instance }} {{ .Labels.job }} {{ $value }} {{ .Value }}', 1e6)).toBe('db-1.example.com:9100 node 1e+06 1e+06');
    expect(x('{{ $labels }}')).toBe('map[__name__:up instance:db-1.example.com:9100 job:node]');
    expect(x('[{{ $labels.missing }}]')).toBe('[]');
  });

  it('formats numbers like Go fmt', () => {
    expect([goFormatG(123456), goFormatG(1234567), goFormatG(0.00001), goFormatG(0.5), goFormatG(NaN), goFormatG(-Infinity)]).toEqual(['123456', '1.234567e+06', '1e-05', '0.5', 'NaN', '-Inf']);
    expect([goFormatG(100000, 4), goFormatG(1234, 4), goFormatG(12345, 4), goFormatG(95.9, 4)]).toEqual(['1e+05', '1234', '1.234e+04', '95.9']);
    expect(goSprintf('%s=%d %.2f %5.1f|%-4s|%q %x %%', ['a', 3n, 1.005, 2.25, 'ab', 'q', 255n])).toBe('a=3 1.00   2.2|ab  |"q" ff %');
  });

  it('implements the humanize family', () => {
    expect(x('{{ humanize 0.0012 }} {{ humanize 1234567 }} {{ humanize 0 }}')).toBe('1.2m 1.235M 0');
    expect(x('{{ humanize1024 512 }} {{ humanize1024 1073741824 }}')).toBe('512 1Gi');
    expect(x('{{ humanizeDuration 0.25 }} {{ humanizeDuration 90061 }} {{ humanizeDuration 3.5 }}')).toBe('250ms 1d 1h 1m 1s 3.5s');
    expect(x('{{ $value | humanizePercentage }}', 0.12345)).toBe('12.35%');
    expect(x('{{ humanizeTimestamp 1643114203.5 }}')).toBe('2022-01-25 12:36:43.5 +0000 UTC');
  });

  it('supports if / else if / else, with, range over maps, variables, pipelines and comparisons', () => {
    const src = '{{ if gt $value 0.9 }}crit{{ else if ge $value 0.5 }}warn{{ else }}ok{{ end }}';
    expect([x(src, 0.95), x(src, 0.5), x(src, 0.1)]).toEqual(['crit', 'warn', 'ok']);
    expect(x('{{ with $labels.job }}job={{ . }}{{ else }}none{{ end }}')).toBe('job=node');
    expect(x('{{ with $labels.nope }}x{{ else }}none{{ end }}')).toBe('none');
    expect(x('{{ range $k, $v := $labels }}{{ $k }};{{ end }}')).toBe('__name__;instance;job;');
    expect(x('{{ $h := $labels.instance | stripPort }}{{ $h | toUpper }} {{ printf "%s/%s" $labels.job $h }}')).toBe('DB-1.EXAMPLE.COM node/db-1.example.com');
    expect(x('{{ stripDomain "db-1.example.com:9100" }} {{ if and (eq $labels.job "node") (not (eq $labels.job "x")) }}yes{{ end }}')).toBe('db-1:9100 yes');
    expect(x('{{- "a" }}  {{- "b" -}}  c')).toBe('abc');
    expect(x(`{{ title "don't stop_me now-please" }}`)).toBe("Don'T Stop_me Now-Please");
    expect(x('{{/* a comment */}}{{ len $labels }} {{ index $labels "job" }}')).toBe('3 node');
  });

  it('reports errors as text instead of throwing, and never evaluates code', () => {
    expect(x('{{ .Labels.job.deeper }}')).toMatch(/^<error expanding template t: can't evaluate field deeper/);
    expect(x('{{ if }}')).toMatch(/^<error expanding template t:/);
    expect(x('{{ process.exit 1 }}')).toMatch(/^<error expanding template t:/);
    expect(x('{{ constructor }}')).toMatch(/function "constructor" not defined/);
    expect(x('{{ query "up" }}')).toMatch(/query function is not supported/);
    expect(x('{{ $undefinedVar }}')).toMatch(/undefined variable/);
    expect(x('{{ if true }}unterminated')).toMatch(/missing \{\{end\}\}/);
  });

  it('bounds work: a runaway template fails instead of hanging', () => {
    const t = new TemplateInterpreter();
    const big = '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}';
    expect(() => t.render(big, {})).toThrow(/recursion too deep/);
  });
});
