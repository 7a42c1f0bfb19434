import type { Dashboard } from './dashboard-model';

/**
 * Where dashboards created or changed through the API are published as console views:
 * CloudWatch `PutDashboard` on AWS, nothing locally. Implementations render the model themselves
 * (they know the datasource function and the region).
 */
export interface DashboardPublisher {
  /** Publishes (creates or replaces) the console view of dashboard `id`. */
  publish(id: string, dashboard: Dashboard): Promise<void>;
  /** Removes the console view of dashboard `id`; absent is fine. */
  unpublish(id: string): Promise<void>;
}

/** CloudWatch dashboard names: 1-255 characters of `A-Za-z0-9-_`. Other characters become `-`. */
export function consoleDashboardName(prefix: string, id: string): string {
  return `${prefix}-${id}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
}
