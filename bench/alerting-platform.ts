import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, type BenchRow } from './bench-row';
import { ALERTING_KINDS, SINGLETON_ID } from '../lambdas/core/alerting/platform/alerting-store';
import { ManualClock } from '../lambdas/core/ports/clock';
import { handler as alertEvaluator } from '../lambdas/handlers/alert-evaluator';
import { deliveryFromEnvironment, runAlertEvaluator } from '../lambdas/handlers/alerting/alert-evaluator-job';
import { openEmbeddedPorts } from '../lambdas/local/embedded-ports';
import { startLocalPlatform } from '../lambdas/local/local-platform';
import { LoopbackReceiver } from '../test/lambdas/handlers/alerting/alert-test-kit';

const CASES = 20;

function otlpGauge(name: string, labels: Record<string, string>, value: number, ms: number) {
  return {
    resourceMetrics: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
      scopeMetrics: [{ metrics: [{ name, gauge: { dataPoints: [{ asDouble: value, timeUnixNano: `${ms}000000`, attributes: Object.entries(labels).map(([key, v]) => ({ key, value: { stringValue: v } })) }] } }] }],
    }],
  };
}

// Rules per second of the evaluator job: 200 rules in 10 groups over 50 series, PromQL over SQLite,
// state writes, pipeline and delivery to the SNS port (the local outbox), in one round.
async function evaluatorJobRate(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'alert-rps-'));
  const clock = new ManualClock(Date.now());
  const embedded = openEmbeddedPorts(dir, clock);
  try {
    const { ports } = embedded;
    const samples = () => ports.metrics.write(Array.from({ length: 50 }, (_, i) => ({ labels: { __name__: 'rps_metric', instance: `i${i}`, service: `s${i % 5}` }, samples: [{ timestamp: clock.now() - 1000, value: i }] })));
    await Promise.all(Array.from({ length: 200 }, (_, r) => ports.state.put(ALERTING_KINDS.rule, `rps-${r}`, { name: `Rps${r}`, expr: `rps_metric > ${r % 50}`, group: `g${r % 10}`, labels: { severity: 'warning' } })));
    const delivery = deliveryFromEnvironment(ports, {});
    // The first minute creates the alerts and incidents (and warms the code); the second is measured:
    // every rule again, the group_wait flush of about 1,000 notifications, and their delivery.
    let rate = 0;
    for (let minute = 0; minute < 2; minute++) {
      clock.advance(60_000);
      await samples();
      const t = performance.now();
      const run = await runAlertEvaluator(ports, { delivery, windowMs: 0 });
      rate = run.evaluatedRules / ((performance.now() - t) / 1000);
    }
    return rate;
  } finally {
    embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Trigger-to-delivery in local mode: `npm start`'s runtime with the evaluator scheduled every
 * 500 ms and a 1 s rule interval; each case POSTs one OTLP/HTTP sample over the threshold
 * (ingest -> stream -> metrics-writer -> SQLite) and waits for the signed webhook on a loopback
 * receiver.
 */
export async function platformRows(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'alert-bench-'));
  const rx = await new LoopbackReceiver().start();
  const previous = process.env.ALERT_EVALUATOR_WINDOW_MS;
  process.env.ALERT_EVALUATOR_WINDOW_MS = '0';
  const platform = await startLocalPlatform({ port: 0, dataDir, log: (l) => debug(l), schedules: [{ name: 'alert-evaluator', everyMs: 500, handler: alertEvaluator }] });
  const latencies: number[] = [];
  const debug = process.env.ALERT_BENCH_DEBUG ? (m: string) => process.stderr.write(m + '\n') : () => undefined;
  try {
    const { ports } = platform;
    await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, { route: { receiver: 'hook', group_by: ['...'], group_wait: '0s', group_interval: '1s', repeat_interval: '1h' }, receivers: [{ name: 'hook', type: 'webhook', url: `${rx.url}/hook` }] });
    await ports.state.put(ALERTING_KINDS.rule, 'bench', { name: 'BenchHigh', expr: 'bench_value > 100', interval: '1s' });
    for (let i = 0; i < CASES; i++) {
      const start = Date.now();
      const res = await fetch(`${platform.url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(otlpGauge('bench_value', { case: String(i) }, 150, start)) });
      if (!res.ok) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      const seen = () => rx.on('/hook').some((r) => (r.json as { alerts: { labels: Record<string, string> }[] }).alerts.some((a) => a.labels.case === String(i)));
      while (!seen()) {
        if (Date.now() - start > 20_000) throw new Error(`case ${i}: no notification within 20 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies.push(Date.now() - start);
      debug(`case ${i}: ${Date.now() - start} ms`);
    }

  } finally {
    await platform.stop();
    await rx.stop();
    if (previous === undefined) delete process.env.ALERT_EVALUATOR_WINDOW_MS;
    else process.env.ALERT_EVALUATOR_WINDOW_MS = previous;
    rmSync(dataDir, { recursive: true, force: true });
  }
  const rulesPerSecond = await evaluatorJobRate();
  const p95 = percentile(latencies, 95);
  return [
    { area: 'alerting', name: `trigger-to-delivery p95, local mode (OTLP sample -> webhook, ${CASES} cases, 1 s rule interval)`, value: p95 / 1000, unit: 's', target: '< 5', ok: p95 < 5000 },
    { area: 'alerting', name: 'trigger-to-delivery p50, local mode', value: percentile(latencies, 50) / 1000, unit: 's' },
    { area: 'alerting', name: 'evaluator job rules/s, warm (200 rules in 10 groups, ~2,500 alerts, PromQL over SQLite, state, incidents, ~1,000 deliveries)', value: rulesPerSecond, unit: 'rules/s', target: '>= 16.7', ok: rulesPerSecond >= 1000 / 60 },
  ];
}
