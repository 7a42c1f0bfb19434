import type { RouteHandler } from '../http/api-types';
import { adminAuditRoutes } from './admin-audit-routes';
import { adminKeyRoutes } from './admin-key-routes';
import { adminWebhookRoutes } from './admin-webhook-routes';

/** Every `/monitoring/admin/*` operation by operationId. */
export const adminOperations: Readonly<Record<string, RouteHandler>> = {
  ...adminKeyRoutes,
  ...adminAuditRoutes,
  ...adminWebhookRoutes,
};
