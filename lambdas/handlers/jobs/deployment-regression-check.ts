import { publishEvent } from '../../adapters/http/publish-event';
import type { RetryOptions } from '../../adapters/http/http-poster';
import { benchmarksIn, deploymentsIn } from '../../core/profiling/deployment-benchmarks';
import { ConflictError } from '../../core/domain/errors';
import type { Ports } from '../../core/ports';
import { deploymentCheckRange, deploymentRegressionEvent, deploymentRegressionEventId, type DeploymentCheckWindows } from '../../core/profiling/deployment-regression-event';

/** StateStore kind of the `deployment.regressed` events already claimed (id = the event id). */
export const DEPLOYMENT_REGRESSION_KIND = 'deployment-regression';

/** Settings of {@link runDeploymentRegressionCheck}; durations in ms. */
export interface DeploymentRegressionCheckOptions extends Partial<DeploymentCheckWindows> {
  /** Deployments recorded this long before now are checked. @default 24 h */
  readonly lookbackMs?: number;
  /** How long a claim is kept; longer than the look-back, so a deployment is never announced twice. @default 7 days */
  readonly claimTtlSeconds?: number;
  /** Webhook delivery retries. */
  readonly retry?: RetryOptions;
}

/** What one run did, for the job's log line. */
export interface DeploymentRegressionSummary {
  readonly deployments: number;
  /** Deployments whose post-deployment window is not complete yet. */
  readonly pending: number;
  /** Deployments judged in this run. */
  readonly checked: number;
  readonly regressed: number;
  /** Events this run claimed and published. */
  readonly published: number;
  /** Regressions already claimed by an earlier or a concurrent run. */
  readonly alreadyPublished: number;
  readonly errors: number;
  readonly firstError?: string;
}

const HOUR = 3_600_000;

/**
 * Step of the hourly `sla-report` job: every deployment recorded in the look-back whose
 * post-deployment window is complete is judged with the benchmark code of
 * `GET /monitoring/benchmarks` ({@link benchmarksIn}); each regressed (deployment, service) is
 * claimed in the StateStore with a create-if-absent write and only then published as one
 * `deployment.regressed` event with a deterministic id, so neither a later nor a concurrent run
 * announces it again. A deployment that cannot be read is counted and left for the next run.
 */
export async function runDeploymentRegressionCheck(ports: Ports, options: DeploymentRegressionCheckOptions = {}): Promise<DeploymentRegressionSummary> {
  const now = ports.clock.now();
  const windows: DeploymentCheckWindows = { baselineMs: options.baselineMs ?? HOUR, windowMs: options.windowMs ?? HOUR, settleMs: options.settleMs ?? 5 * 60_000 };
  const deployments = await deploymentsIn(ports, { start: now - (options.lookbackMs ?? 24 * HOUR), end: now });
  const counts = { pending: 0, checked: 0, regressed: 0, published: 0, alreadyPublished: 0, errors: 0 };
  let firstError: string | undefined;
  for (const deployment of deployments) {
    const id = deployment.id ?? '';
    const range = deploymentCheckRange(deployment, deployments, now, windows);
    if (!range) {
      counts.pending++;
      continue;
    }
    const eventId = deploymentRegressionEventId(id, deployment.service);
    try {
      // Already announced: skip the trace reads.
      if (await ports.state.get(DEPLOYMENT_REGRESSION_KIND, eventId)) {
        counts.alreadyPublished++;
        continue;
      }
      counts.checked++;
      const { items } = await benchmarksIn(ports, range, [deployment], { service: deployment.service });
      const event = deploymentRegressionEvent({ ...deployment, id }, items, range, now);
      if (!event) continue;
      counts.regressed++;
      const claim = { eventId, deploymentId: id, service: deployment.service, version: deployment.version, claimedAt: now };
      const ttlSeconds = options.claimTtlSeconds ?? 7 * 86_400;
      try {
        await ports.state.put(DEPLOYMENT_REGRESSION_KIND, eventId, claim, { expectedVersion: 0, ttlSeconds });
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
        counts.alreadyPublished++;
        continue;
      }
      // Claimed before publishing: a failure from here on is at-most-once (the delivery log has the outcome).
      const deliveries = await publishEvent(ports, event, options.retry);
      await ports.state.put(DEPLOYMENT_REGRESSION_KIND, eventId, { ...claim, publishedAt: ports.clock.now(), deliveries: deliveries.length, delivered: deliveries.filter((d) => d.ok).length }, { ttlSeconds });
      counts.published++;
    } catch (e) {
      counts.errors++;
      firstError ??= `${id}: ${(e as Error).message}`;
    }
  }
  return { deployments: deployments.length, ...counts, ...(firstError !== undefined && { firstError }) };
}
