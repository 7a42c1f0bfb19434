import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERTING_KINDS, SINGLETON_ID, type EngineState } from '../../../../lambdas/core/alerting/platform/alerting-store';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { runAlertEvaluator } from '../../../../lambdas/handlers/alerting/alert-evaluator-job';
import { promqlQueryFunction } from '../../../../lambdas/handlers/alerting/promql-query-function';
import { openEmbeddedPorts } from '../../../../lambdas/local/embedded-ports';
import { LoopbackReceiver, testDelivery } from './alert-test-kit';

const T0 = Date.parse('2026-11-22T12:00:00Z');

describe('alert-evaluator killed with SIGKILL between the state write and delivery', () => {
  it('the next process delivers every firing alert, and the receiver sees each notification once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alert-kill-'));
    const rx = await new LoopbackReceiver().start();
    try {
      const setup = openEmbeddedPorts(dir, new ManualClock(T0));
      await setup.ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, {
        route: { receiver: 'hook', group_by: ['alertname', 'service'], group_wait: '0s' },
        receivers: [{ name: 'hook', type: 'webhook', url: `${rx.url}/hook` }],
      });
      await setup.ports.state.put(ALERTING_KINDS.rule, 'down', { name: 'ServiceDown', expr: 'up == 0', labels: { severity: 'critical' } });
      await setup.ports.metrics.write(['api', 'web', 'db'].map((service) => ({ labels: { __name__: 'up', service }, samples: [{ timestamp: T0 - 1000, value: 0 }] })));
      setup.close();

      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'evaluator-child.ts')], { env: { ...process.env, ALERT_DIR: dir, ALERT_NOW: String(T0) }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
      expect({ signal, stderr: signal === 'SIGKILL' ? '' : stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
      expect(rx.requests).toHaveLength(0);

      const clock = new ManualClock(T0 + 5000);
      const restarted = openEmbeddedPorts(dir, clock);
      try {
        const outbox = (await restarted.ports.state.get<EngineState>(ALERTING_KINDS.engine, SINGLETON_ID))!.value.outbox;
        expect(outbox).toHaveLength(3);
        const run = await runAlertEvaluator(restarted.ports, { delivery: testDelivery(restarted.ports), query: promqlQueryFunction(restarted.ports.metrics), windowMs: 0 });
        expect(run.delivered).toBe(3);
        clock.set(T0 + 60_000);
        await restarted.ports.metrics.write(['api', 'web', 'db'].map((service) => ({ labels: { __name__: 'up', service }, samples: [{ timestamp: T0 + 59_000, value: 0 }] })));
        await runAlertEvaluator(restarted.ports, { delivery: testDelivery(restarted.ports), query: promqlQueryFunction(restarted.ports.metrics), windowMs: 0 });
        const services = rx.on('/hook').map((r) => (r.json as { groupLabels: { service: string } }).groupLabels.service).sort();
        expect(services).toEqual(['api', 'db', 'web']);
      } finally {
        restarted.close();
      }
    } finally {
      await rx.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
