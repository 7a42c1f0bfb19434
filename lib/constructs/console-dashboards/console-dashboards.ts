import * as fs from 'fs';
import * as path from 'path';
import { Aws, Stack } from 'aws-cdk-lib';
import { CfnDashboard } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ConsoleDashboardsProps } from './console-dashboards-props';
import { DashboardTemplate } from './dashboard-template';

const DEFAULT_DIRECTORY = path.resolve(__dirname, '..', '..', '..', 'dashboards');

/**
 * One CloudWatch dashboard per `dashboards/*.json` file that is a CloudWatch body (has
 * `widgets`), with placeholders replaced by real names. Files in the platform's own
 * dashboard model (no top-level `widgets`) are served by the API instead and skipped here.
 */
export class ConsoleDashboards extends Construct {
  /** The dashboards, keyed by file name without `.json`. */
  readonly dashboards: Record<string, CfnDashboard> = {};

  constructor(scope: Construct, id: string, props: ConsoleDashboardsProps) {
    super(scope, id);
    const directory = props.directory ?? DEFAULT_DIRECTORY;
    const tokens = { region: Aws.REGION, ...props.tokens };
    const files = fs.existsSync(directory) ? fs.readdirSync(directory).filter((f) => f.endsWith('.json')).sort() : [];
    for (const file of files) {
      const source = path.join(directory, file);
      let parsed: unknown;
      try {
        parsed = JSON.parse(fs.readFileSync(source, 'utf8'));
      } catch (error) {
        throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
      }
      if (!DashboardTemplate.isCloudWatchBody(parsed)) continue;
      const name = path.basename(file, '.json');
      const body = DashboardTemplate.render(parsed, tokens, source);
      this.dashboards[name] = new CfnDashboard(this, name, {
        dashboardName: `${props.prefix}-${name}`,
        dashboardBody: Stack.of(this).toJsonString(body),
      });
    }
  }
}
