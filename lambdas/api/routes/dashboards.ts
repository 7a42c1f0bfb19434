import type { RouteHandler } from '../http/api-types';
import { stateCrud } from './state-crud';

const crud = stateCrud('dashboard', '/monitoring/dashboards', 'dashboard');

/** Dashboard operations: free-form JSON documents with a required `title`, stored as kind `dashboard`. */
export const dashboardRoutes: Readonly<Record<string, RouteHandler>> = {
  listDashboards: crud.list,
  createDashboard: crud.create,
  getDashboard: crud.get,
  updateDashboard: crud.update,
  deleteDashboard: crud.remove,
};
