import * as fs from 'fs';
import * as path from 'path';
import { Aws, Stack, Validations } from 'aws-cdk-lib';
import { CfnDashboard } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { PlatformFunction } from '../platform-function/platform-function';
import { ConsoleDashboardsProps } from './console-dashboards-props';
import { DashboardTemplate } from './dashboard-template';
import { modelDashboardBody } from './model-dashboard-body';

const DEFAULT_DIRECTORY = path.resolve(__dirname, '..', '..', '..', 'dashboards');
const MODEL_SUFFIX = '.dashboard.json';

/**
 * One CloudWatch dashboard per file of `dashboards/`: a file that is a CloudWatch body (has
 * `widgets`) is used as written, with placeholders replaced by real names; a file in the
 * platform's dashboard model (`*.dashboard.json`) is rendered to a body, PromQL panels as
 * `LAMBDA("<metrics-datasource>", "<promql>")` expressions. When both exist for one name, the
 * hand-written body is the console view and the model is served by the API only.
 */
export class ConsoleDashboards extends Construct {
  /** The dashboards, keyed by file name without `.json` (`.dashboard.json` for the model). */
  readonly dashboards: Record<string, CfnDashboard> = {};

  constructor(scope: Construct, id: string, props: ConsoleDashboardsProps) {
    super(scope, id);
    const directory = props.directory ?? DEFAULT_DIRECTORY;
    const tokens = { region: Aws.REGION, ...props.tokens };
    const files = fs.existsSync(directory) ? fs.readdirSync(directory).filter((f) => f.endsWith('.json')).sort() : [];
    const parsed = new Map<string, unknown>();
    for (const file of files) {
      const source = path.join(directory, file);
      try {
        parsed.set(file, JSON.parse(fs.readFileSync(source, 'utf8')));
      } catch (error) {
        throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
      }
    }
    const datasourceFunction = props.datasourceFunction ?? props.tokens['fn:metrics-datasource'] ?? `${props.prefix}-metrics-datasource`;
    if (props.publisher) this.allowPublishing(props.publisher, props.prefix, datasourceFunction);
    const bodies = new Map<string, { body: { widgets: unknown[] }; source: string }>();
    for (const [file, value] of parsed) {
      const source = path.join(directory, file);
      if (DashboardTemplate.isCloudWatchBody(value)) bodies.set(path.basename(file, '.json'), { body: value, source });
    }
    for (const [file, value] of parsed) {
      if (!file.endsWith(MODEL_SUFFIX)) continue;
      const name = file.slice(0, -MODEL_SUFFIX.length);
      if (bodies.has(name)) continue;
      const source = path.join(directory, file);
      const body = modelDashboardBody(value, source, {
        datasourceFunction,
        region: '${region}',
        logGroupPrefix: props.logGroupPrefix ?? `/${props.prefix}/services/`,
      });
      bodies.set(name, { body, source });
    }
    for (const name of [...bodies.keys()].sort()) {
      const { body, source } = bodies.get(name)!;
      this.dashboards[name] = new CfnDashboard(this, name, {
        dashboardName: `${props.prefix}-${name}`,
        dashboardBody: Stack.of(this).toJsonString(DashboardTemplate.render(body, tokens, source)),
      });
    }
  }

  // The API renders dashboards written through it to `<prefix>-<id>` with the same datasource.
  private allowPublishing(fn: PlatformFunction, prefix: string, datasourceFunction: string): void {
    fn.fn.addEnvironment('DASHBOARD_DATASOURCE_FUNCTION', datasourceFunction);
    fn.fn.addEnvironment('DASHBOARD_NAME_PREFIX', prefix);
    const stack = Stack.of(this);
    fn.allow(['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards'], [`arn:${stack.partition}:cloudwatch::${stack.account}:dashboard/${prefix}-*`]);
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudwatch::<AWS::AccountId>:dashboard/${prefix}-*]`,
      reason: `Dashboards named ${prefix}-* only: the API publishes the console view of each dashboard written through it.`,
    });
  }
}
