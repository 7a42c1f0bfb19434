import type { RouteHandler } from '../http/api-types';
import { prometheusRulesRoutes } from '../prometheus-rules/prometheus-rules-routes';
import { alertConfigRoutes } from './alert-config';
import { alertRoutes } from './alert-routes';
import { alertRuleRoutes } from './alert-rules';
import { incidentRoutes } from './alert-incidents';
import { silenceRoutes } from './alert-silences';

/** Every operation of the alerting capability, by operationId. */
export const alertingOperations: Readonly<Record<string, RouteHandler>> = {
  ...alertRuleRoutes,
  ...alertRoutes,
  ...silenceRoutes,
  ...incidentRoutes,
  ...alertConfigRoutes,
  ...prometheusRulesRoutes,
};
