import { App } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthPlatform } from './platform-fixture';

const CONFIGURATIONS: [string, Record<string, unknown>][] = [
  ['defaults (apiKey, retained data)', {}],
  ['iam auth, on-demand streams, no API Gateway account role', { apiAuth: 'iam', kinesisMode: 'onDemand', apiCloudWatchRole: 'false' }],
  ['destroyable data with an alarm e-mail', { retainData: 'false', alarmEmail: 'oncall@example.com' }],
];

/**
 * cdk-nag 3 is a policy-validation plugin (no longer an Aspect): `validateScope` runs the
 * AWS Solutions rules over a construct tree and returns what is not acknowledged.
 */
function unacknowledged(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`));
}

/** Every acknowledgment recorded in the tree, with its reason. */
function acknowledgments(app: App): { id: string; reason: string; path: string }[] {
  const out: { id: string; reason: string; path: string }[] = [];
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ id: id.replace(/^annotation::/i, ''), reason, path: construct.node.path });
      }
    }
  }
  return out;
}

describe('AWS Solutions checks (cdk-nag)', () => {
  const apps = new Map<string, App>();

  beforeAll(() => {
    for (const [name, settings] of CONFIGURATIONS) apps.set(name, synthPlatform(settings).app);
  });

  it.each(CONFIGURATIONS.map(([name]) => name))('leaves no unacknowledged error or warning with %s', (name) => {
    expect(unacknowledged(apps.get(name)!)).toEqual([]);
  });

  it('acknowledges only specific findings on resources, each with a written reason', () => {
    const acks = acknowledgments(apps.get(CONFIGURATIONS[0][0])!);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect([ack.id, ack.reason.length > 40]).toEqual([ack.id, true]);
      // Resource-level: nothing is acknowledged on the app or a whole stack.
      expect(ack.path.split('/').length).toBeGreaterThan(2);
      // IAM5 is acknowledged per finding (one action or resource), never wholesale.
      if (ack.id.includes('IAM5')) expect(ack.id).toMatch(/^AwsSolutions-IAM5\[(Action|Resource)::.+\]$/);
    }
  });

  it('reports a finding once its acknowledgment is missing (the check is live)', () => {
    // Runs last: it adds a queue without SSL enforcement, which SQS4 must flag.
    const app = apps.get(CONFIGURATIONS[2][0])!;
    new Queue(app.node.findChild('Stateless'), 'Unprotected');
    expect(unacknowledged(app).join('\n')).toMatch(/AwsSolutions-SQS4 at Stateless\/Unprotected/);
  });
});
