import type { Dashboard } from '../../core/dashboards/dashboard-model';
import aiOperations from '../../../dashboards/ai-operations.dashboard.json';
import businessKpis from '../../../dashboards/business-kpis.dashboard.json';
import infrastructure from '../../../dashboards/infrastructure.dashboard.json';
import platformHealth from '../../../dashboards/platform-health.dashboard.json';
import serviceOverview from '../../../dashboards/service-overview.dashboard.json';
import sloOverview from '../../../dashboards/slo-overview.dashboard.json';

/**
 * The checked-in dashboards (`dashboards/*.dashboard.json`) by id, imported so the bundler puts
 * them into the `api` function. A test checks that each one passes the schema.
 */
export const BUILTIN_DASHBOARDS: Readonly<Record<string, Dashboard>> = {
  'platform-health': platformHealth as unknown as Dashboard,
  'service-overview': serviceOverview as unknown as Dashboard,
  infrastructure: infrastructure as unknown as Dashboard,
  'slo-overview': sloOverview as unknown as Dashboard,
  'ai-operations': aiOperations as unknown as Dashboard,
  'business-kpis': businessKpis as unknown as Dashboard,
};
