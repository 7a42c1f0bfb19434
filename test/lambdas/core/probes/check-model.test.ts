import { judgeProbe, probeSeries, validateCheck } from '../../../../lambdas/core/probes/check-model';

const base = { id: 'home', name: 'Home page', service: 'web', url: 'https://example.org/' };

describe('synthetic check definitions', () => {
  it('fills defaults and names every bad field', () => {
    expect(validateCheck(base).check).toEqual({ ...base, method: 'GET', interval: '1m', timeout: '10s', enabled: true });
    expect(validateCheck({ ...base, url: 'ftp://x', method: 'PATCH', interval: '1s', timeout: '2m', bodyMatch: '(' }).errors.map((e) => e.field)).toEqual([
      'url',
      'method',
      'bodyMatch',
      'interval',
      'timeout',
      'timeout',
    ]);
  });

  it('judges status, body and latency budget', () => {
    const { check } = validateCheck({ ...base, expectedStatus: [200, 204], bodyMatch: 'Welcome', latencyBudgetMs: 500 });
    expect(judgeProbe(check!, { status: 200, body: 'Welcome home', durationMs: 120 })).toEqual({ success: true });
    expect(judgeProbe(check!, { status: 503, body: '', durationMs: 10 })).toEqual({ success: false, failure: 'status 503' });
    expect(judgeProbe(check!, { status: 200, body: 'Oops', durationMs: 10 })).toEqual({ success: false, failure: 'body does not match' });
    expect(judgeProbe(check!, { status: 200, body: 'Welcome', durationMs: 900 })).toEqual({ success: false, failure: 'took 900 ms, budget 500 ms' });
    expect(judgeProbe(check!, { durationMs: 10000, error: 'timeout after 10s' })).toEqual({ success: false, failure: 'timeout after 10s' });
  });

  it('writes blackbox-exporter style series', () => {
    const { check } = validateCheck(base);
    const series = probeSeries(check!, { checkId: 'home', timestamp: 1000, success: false, durationMs: 250, status: 500, certificateExpiresAt: 1_800_000_000_000 });
    expect(series.map((s) => [s.labels.__name__, s.samples[0].value])).toEqual([
      ['probe_success', 0],
      ['probe_duration_seconds', 0.25],
      ['probe_http_status_code', 500],
      ['probe_ssl_earliest_cert_expiry', 1_800_000_000],
    ]);
    expect(series[0].labels).toEqual({ __name__: 'probe_success', check: 'home', service: 'web', instance: 'https://example.org/', job: 'synthetic' });
  });
});
