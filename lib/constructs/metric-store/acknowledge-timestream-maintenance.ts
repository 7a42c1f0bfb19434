import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges CloudFormation's W3697 (Timestream for LiveAnalytics is in maintenance mode)
 * on one Timestream resource, with the reason the platform still offers it.
 */
export function acknowledgeTimestreamMaintenance(resource: IConstruct): void {
  Validations.of(resource).acknowledge({
    id: 'CloudFormation-Validate::W3697',
    reason: 'Timestream for LiveAnalytics is in maintenance mode (closed to new customers since 2025-06-20); it stays the metric store for accounts that have it, behind the MetricStore port; other accounts choose metricStore=prometheus (Amazon Managed Service for Prometheus).',
  });
}
