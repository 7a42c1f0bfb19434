import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parsePlatformConfig, PlatformConfig } from '../../lib/config';
import { StatefulStack } from '../../lib/stacks/stateful-stack';
import { FunctionName, StatelessStack } from '../../lib/stacks/stateless-stack';
import { roleActions } from '../support/port-iam-actions';

/** The feature flags of cdk.json, so tests synthesize what `cdk synth` does. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;

/** A synthesized platform: both stacks and their templates. */
export interface PlatformFixture {
  readonly app: App;
  readonly config: PlatformConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/**
 * Builds both stacks from raw settings (as `-c key=value` would give them) without running
 * esbuild (`aws:cdk:bundling-stacks: []`); CloudFormation Validate is off unless asked for,
 * because it takes seconds per synth.
 */
export function synthPlatform(settings: Record<string, unknown> = {}, options: { validate?: boolean } = {}): PlatformFixture {
  const app = new App({
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: options.validate ?? false,
  });
  const config = parsePlatformConfig(settings);
  const stateful = new StatefulStack(app, 'Stateful', { config });
  const stateless = new StatelessStack(app, 'Stateless', { config, data: stateful.data });
  return {
    app,
    config,
    stateful,
    stateless,
    statefulTemplate: Template.fromStack(stateful),
    statelessTemplate: Template.fromStack(stateless),
  };
}

/** Every resource of `type` in a template, keyed by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties?: Record<string, unknown>; [key: string]: unknown }> {
  return template.findResources(type) as Record<string, { Properties?: Record<string, unknown> }>;
}

/** Every action granted to the role of the stateless stack's function `shortName`, with its resources. */
export function functionActions(f: PlatformFixture, shortName: string): Map<string, unknown[]> {
  return roleActions(f.statelessTemplate, f.stateless.functions[shortName as FunctionName].functionName);
}
