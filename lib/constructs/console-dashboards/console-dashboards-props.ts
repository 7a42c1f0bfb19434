import { PlatformFunction } from '../platform-function/platform-function';
import { DashboardTokens } from './dashboard-template';

/** Properties of {@link ConsoleDashboards}. */
export interface ConsoleDashboardsProps {
  /** Prefix of the dashboard names (`<prefix>-<file name>`). */
  readonly prefix: string;
  /** Real names for the placeholders (`fn:api` → function name, ...); `region` is added here. */
  readonly tokens: DashboardTokens;
  /**
   * Folder of dashboard JSON files.
   * @default - the repository's `dashboards/`
   */
  readonly directory?: string;
  /**
   * Name of the function behind `LAMBDA()` expressions in dashboards of the platform model.
   * @default - the `fn:metrics-datasource` token, else `<prefix>-metrics-datasource`
   */
  readonly datasourceFunction?: string;
  /**
   * Prefix of the service log groups, for log panels.
   * @default `/<prefix>/services/`
   */
  readonly logGroupPrefix?: string;
  /**
   * The function that publishes dashboards created or changed through the API (`api`): it gets
   * `DASHBOARD_DATASOURCE_FUNCTION` and `DASHBOARD_NAME_PREFIX`, and may put and delete the
   * dashboards named `<prefix>-*` only.
   * @default - dashboards written through the API get no console view
   */
  readonly publisher?: PlatformFunction;
}
