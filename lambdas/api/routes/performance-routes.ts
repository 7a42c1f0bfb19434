import { randomUUID } from 'node:crypto';
import { PlatformError } from '../../core/domain/errors';
import { benchmarksIn, DEPLOYMENT_KIND, deploymentsIn } from '../../core/profiling/deployment-benchmarks';
import type { DeploymentEvent } from '../../core/profiling/performance-baselines';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { parsePrometheusDuration } from '../params/prometheus-duration';
import { parseTime, timeRangeOf } from '../params/time-range';

const presentDeployment = (d: DeploymentEvent) => ({ id: d.id, service: d.service, version: d.version, time: formatMillis(d.time) });

/**
 * Performance operations: deployment events (stored in the state store) and per (service,
 * operation) benchmarks of the root spans: a baseline window and the window after the
 * service's latest deployment (or the last `window` of the range), with a regression verdict.
 */
export const performanceRoutes: Readonly<Record<string, RouteHandler>> = {
  async createDeployment({ ports, body }) {
    const b = (body ?? {}) as Record<string, unknown>;
    const errors: { field: string; message: string }[] = [];
    if (typeof b.service !== 'string' || !b.service.trim()) errors.push({ field: 'service', message: 'required, a non-empty string' });
    if (typeof b.version !== 'string' || !b.version.trim()) errors.push({ field: 'version', message: 'required, a non-empty string' });
    let time = ports.clock.now();
    if (b.time !== undefined) {
      try {
        time = parseTime(String(b.time), 'time');
      } catch {
        errors.push({ field: 'time', message: 'an RFC 3339 time or Unix seconds' });
      }
    }
    if (errors.length) throw new PlatformError('invalid_argument', 'the deployment is not valid', errors);
    const id = `${formatMillis(time)}_${randomUUID().slice(0, 8)}`;
    const event: DeploymentEvent = { service: String(b.service).trim(), version: String(b.version).trim(), time };
    await ports.state.put(DEPLOYMENT_KIND, id, event, { expectedVersion: 0 });
    return jsonResponse(201, presentDeployment({ ...event, id }), { location: `/monitoring/deployments/${encodeURIComponent(id)}` });
  },
  async listDeployments({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const items = (await deploymentsIn(ports, range)).filter((d) => !params.service || d.service === params.service);
    return jsonResponse(200, { items: items.map(presentDeployment) });
  },
  async listBenchmarks({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const service = params.service as string | undefined;
    const windowMs = params.window !== undefined ? parsePrometheusDuration(String(params.window), 'window') : undefined;
    const deployments = await deploymentsIn(ports, range);
    const { items, truncated } = await benchmarksIn(ports, range, deployments, { service, windowMs });
    return jsonResponse(200, {
      from: formatMillis(range.start),
      to: formatMillis(range.end),
      items: items.map((b) => ({ ...b, ...(b.deployment && { deployment: presentDeployment(b.deployment) }) })),
      deployments: deployments.map(presentDeployment),
      ...(truncated && { truncated: true }),
    });
  },
};
