import type { RouteHandler } from '../http/api-types';
import { stateCrud } from './state-crud';

const crud = stateCrud('alert-rule', '/monitoring/alerts/rules', 'alert rule');

/** Alert rule operations: documents with required `name` and `expr`, stored as kind `alert-rule`. */
export const alertRuleRoutes: Readonly<Record<string, RouteHandler>> = {
  listAlertRules: crud.list,
  createAlertRule: crud.create,
  getAlertRule: crud.get,
  updateAlertRule: crud.update,
  deleteAlertRule: crud.remove,
};
