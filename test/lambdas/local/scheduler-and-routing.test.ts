import { functionForPath } from '../../../lambdas/local/function-for-path';
import { LocalScheduler, type ScheduledEvent } from '../../../lambdas/local/local-scheduler';

describe('function choice by path (the API Gateway routes)', () => {
  it('sends the six ingest paths to ingest and everything else to api', () => {
    for (const path of ['/v1/metrics', '/v1/logs', '/v1/traces', '/api/v1/write', '/api/v2/spans', '/loki/api/v1/push']) {
      expect(functionForPath('POST', path)).toBe('ingest');
    }
    for (const path of ['/api/v1/query', '/api/traces', '/monitoring/logs', '/health', '/unknown']) {
      expect(functionForPath('GET', path)).toBe('api');
    }
    // A method the ingest resource lacks still reaches ingest, which answers 405 (API Gateway never falls back to the proxy).
    expect(functionForPath('GET', '/api/v1/write')).toBe('ingest');
  });
});

describe('LocalScheduler', () => {
  it('fires jobs with a scheduler-like event and skips a tick while the previous run is going', async () => {
    const events: ScheduledEvent[] = [];
    let release!: () => void;
    const spec = {
      name: 'alert-evaluator',
      everyMs: 60_000,
      handler: async (event: ScheduledEvent) => {
        events.push(event);
        await new Promise<void>((r) => (release = r));
      },
    };
    const scheduler = new LocalScheduler([spec]);
    const first = scheduler.fire(spec);
    const second = scheduler.fire(spec);
    expect(second).toBe(first);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      resources: ['arn:aws:scheduler:local:000000000000:schedule/default/alert-evaluator'],
      detail: {},
    });
    expect(events[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('runs each schedule on its timer', async () => {
    let runs = 0;
    const scheduler = new LocalScheduler([{ name: 'sla-report', everyMs: 15, handler: async () => void runs++ }]);
    scheduler.start();
    await new Promise((r) => setTimeout(r, 100));
    await scheduler.stop();
    const after = runs;
    expect(after).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 40));
    expect(runs).toBe(after);
  });
});

describe('the local path rules agree with the deployed API Gateway routes', () => {
  it('every document path reaches the same function through PLATFORM_ROUTES', () => {
    // Imported lazily so this file's other tests do not depend on lib/.
    const { PLATFORM_ROUTES } = require('../../../lib/constructs/monitoring-api/platform-routes') as typeof import('../../../lib/constructs/monitoring-api/platform-routes');
    const { openApiDocument } = require('../../../lambdas/api/openapi/openapi-document') as typeof import('../../../lambdas/api/openapi/openapi-document');
    const deployedTarget = (method: string, path: string): string | undefined => {
      // API Gateway prefers an exact resource over a greedy {proxy+} one.
      const exact = PLATFORM_ROUTES.find((r) => r.path === path && (r.method === method || r.method === 'ANY'));
      if (exact) return exact.target;
      const greedy = PLATFORM_ROUTES.filter((r) => r.path.endsWith('/{proxy+}') && path.startsWith(r.path.slice(0, -'{proxy+}'.length)))
        .sort((a, b) => b.path.length - a.path.length)[0];
      return greedy?.target;
    };
    for (const [path, item] of Object.entries(openApiDocument().paths)) {
      for (const method of Object.keys(item)) {
        const concrete = path.replace(/\{[^}]+\}/g, 'x');
        expect({ method, path, target: deployedTarget(method.toUpperCase(), concrete) }).toEqual({ method, path, target: functionForPath(method.toUpperCase(), concrete) });
      }
    }
  });
});
