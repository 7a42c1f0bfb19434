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
}
