import { alertingPaths } from './paths-alerting';
import { dashboardPaths } from './paths-dashboards';
import type { PathItem } from './openapi-types';

/** Dashboards and alerting paths. */
export function statePaths(): Record<string, PathItem> {
  return {
    ...dashboardPaths(),
    ...alertingPaths(),
  };
}
