import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { sendCloudFormationResponse } from '../adapters/http/cloudformation-response';
import { getPorts } from './composition/ports-provider';

/** The series the seed writes: when this stack last deployed, in Unix seconds. */
export const DEPLOYMENT_METRIC = 'platform_deployment_timestamp_seconds';
const PHYSICAL_ID = 'metric-store-seed';

/**
 * Custom resource run on every deployment before the rollup scheduled query is created or
 * changed. Timestream refuses to create a scheduled query whose SQL names a column its source
 * table does not have yet, and a new table has none; writing one real sample through the metric
 * store (`platform_deployment_timestamp_seconds{stack}`) creates the columns the query reads
 * (`__series_id`, `measure_value::double`) and catalogues that series like any other.
 * Deleting the resource leaves the data alone.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  const answer = { PhysicalResourceId: PHYSICAL_ID, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
  try {
    if (event.RequestType !== 'Delete') {
      const { metrics, clock } = getPorts();
      const now = clock.now();
      const stack = event.StackId.split('/')[1] || event.StackId;
      const result = await metrics.write([{ labels: { __name__: DEPLOYMENT_METRIC, stack }, samples: [{ timestamp: now, value: now / 1000 }] }]);
      if (result.accepted !== 1) throw new Error(`the metric store refused the seed sample: ${result.rejected.map((r) => r.reason).join('; ') || 'no reason given'}`);
    }
    await sendCloudFormationResponse(event.ResponseURL, { Status: 'SUCCESS', ...answer });
  } catch (e) {
    const reason = (e as Error).message;
    console.error(JSON.stringify({ level: 'error', msg: 'metric store seed failed', reason }));
    await sendCloudFormationResponse(event.ResponseURL, { Status: 'FAILED', Reason: reason.slice(0, 2000), ...answer });
  }
}
