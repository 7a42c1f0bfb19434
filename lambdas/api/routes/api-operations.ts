import { adminOperations } from '../admin/admin-operations';
import type { RouteHandler } from '../http/api-types';
import { prometheusRoutes } from '../prometheus/prometheus-routes';
import { alertingOperations } from './alerting-operations';
import { anomalyRoutes } from './anomaly-routes';
import { capacityRoutes } from './capacity-routes';
import { performanceRoutes } from './performance-routes';
import { profilingRoutes } from './profiling-routes';
import { dashboardRoutes } from './dashboards';
import { jaegerRoutes } from './jaeger-routes';
import { logRoutes } from './log-routes';
import { metricRoutes } from './metric-routes';
import { probeRoutes } from './probe-routes';
import { traceRoutes } from './trace-routes';
import { checkRoutes } from './check-routes';
import { slaRoutes } from './sla-routes';
import { sloRoutes } from './slo-routes';

/**
 * The implemented operations of the `api` function, by operationId. Operations of the
 * document that are absent here carry `x-capability` and answer 501 until it lands.
 */
export const apiOperations: Readonly<Record<string, RouteHandler>> = {
  ...probeRoutes,
  ...metricRoutes,
  ...prometheusRoutes,
  ...dashboardRoutes,
  ...alertingOperations,
  ...logRoutes,
  ...traceRoutes,
  ...sloRoutes,
  ...checkRoutes,
  ...slaRoutes,
  ...jaegerRoutes,
  ...adminOperations,
  ...capacityRoutes,
  ...anomalyRoutes,
  ...performanceRoutes,
  ...profilingRoutes,
};
