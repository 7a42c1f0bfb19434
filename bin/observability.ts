#!/usr/bin/env node
/** CDK app: reads the platform settings from context and creates the two stacks. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { platformConfigFromContext } from '../lib/config';
import { StatefulStack } from '../lib/stacks/stateful-stack';
import { StatelessStack } from '../lib/stacks/stateless-stack';

const app = new App();
const config = platformConfigFromContext((key) => app.node.tryGetContext(key));
const stateful = new StatefulStack(app, `${config.prefix}-stateful`, {
  config,
  description: 'Observability platform: streams, metric store, state table, archive, alert topics, keys',
});
new StatelessStack(app, `${config.prefix}-stateless`, {
  config,
  data: stateful.data,
  description: 'Observability platform: functions, API, schedules, dashboards, self-monitoring',
});
// Every synth is checked against the AWS Solutions rules; findings land in validation-report.json.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
