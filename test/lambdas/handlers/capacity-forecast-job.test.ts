import type { Context } from 'aws-lambda';
import { CAPACITY_SNAPSHOT_KIND } from '../../../lambdas/api/routes/capacity-snapshot';
import { CAPACITY_CONFIG_KIND } from '../../../lambdas/core/capacity/capacity-config';
import type { CapacityReport } from '../../../lambdas/core/capacity/capacity-report';
import { handler } from '../../../lambdas/handlers/capacity-forecast';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { configureObservability } from '../../../lambdas/handlers/middleware/observability';
import { call, request, testPorts } from '../api/api-test-kit';

const NOW = Date.parse('2026-11-22T03:00:00Z');
const HOUR = 3_600_000;

describe('capacity-forecast job', () => {
  afterEach(() => usePorts(undefined));

  it('stores the daily snapshot that GET /monitoring/capacity then serves', async () => {
    const { ports } = testPorts(NOW);
    usePorts(ports);
    const previous = configureObservability({ sink: () => undefined });
    const samples = Array.from({ length: 14 * 24 }, (_, i) => ({ timestamp: NOW - (14 * 24 - i) * HOUR, value: 40 + i * 0.1 + 5 * Math.sin((2 * Math.PI * i) / 24) }));
    await ports.metrics.write([{ labels: { __name__: 'queue_depth' }, samples }]);
    await ports.state.put(CAPACITY_CONFIG_KIND, 'default', { promql: [{ name: 'queue', query: 'queue_depth', capacity: 100 }] });
    const summary = await handler({ time: new Date(NOW).toISOString() }, { functionName: 'capacity-forecast', awsRequestId: 'x' } as Context);
    configureObservability(previous);
    expect(summary).toMatchObject({ resources: 1 });
    const day = await ports.state.get<CapacityReport>(CAPACITY_SNAPSHOT_KIND, '2026-11-22');
    expect(day?.value.resources[0].id).toBe('promql:queue');
    expect(day?.expiresAt).toBeGreaterThan(NOW / 1000);
    const res = await call(ports, request('GET', '/monitoring/capacity'));
    expect(res.body).toMatchObject({ source: 'snapshot', generatedAt: new Date(NOW).toISOString(), items: [{ id: 'promql:queue', trend: 'rising' }] });
  });
});
