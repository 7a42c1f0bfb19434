import { PlatformError } from '../domain/errors';
import type { RawLogEntry } from '../domain/raw-log-entry';

/** The (gunzipped) CloudWatch Logs subscription payload. */
export interface CloudWatchLogsPayload {
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  readonly messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  readonly logEvents: readonly { readonly id: string; readonly timestamp: number; readonly message: string }[];
}

/**
 * Entries of a CloudWatch Logs subscription payload. CONTROL_MESSAGE payloads (CloudWatch's
 * reachability checks) carry no logs and give none. The service is the last path segment of
 * the log group (`/aws/lambda/checkout` → `checkout`) unless `serviceOf` says otherwise.
 */
export function decodeCloudWatchSubscription(payload: unknown, serviceOf: (logGroup: string) => string = defaultService): RawLogEntry[] {
  const p = payload as Partial<CloudWatchLogsPayload> | null;
  if (!p || typeof p !== 'object') throw new PlatformError('invalid_argument', 'subscription payload is not a JSON object');
  if (p.messageType === 'CONTROL_MESSAGE') return [];
  if (p.messageType !== 'DATA_MESSAGE') throw new PlatformError('invalid_argument', `unknown messageType ${JSON.stringify(p.messageType)}`);
  if (typeof p.logGroup !== 'string' || typeof p.logStream !== 'string' || !Array.isArray(p.logEvents)) {
    throw new PlatformError('invalid_argument', 'subscription payload needs logGroup, logStream and logEvents');
  }
  const service = serviceOf(p.logGroup);
  return p.logEvents.map((e, i) => {
    if (!e || typeof e.id !== 'string' || typeof e.timestamp !== 'number' || typeof e.message !== 'string') {
      throw new PlatformError('invalid_argument', `logEvents[${i}] needs id, timestamp and message`);
    }
    return {
      id: `cwl-${e.id}`,
      timestamp: e.timestamp,
      body: e.message,
      service,
      source: `${p.logGroup}:${p.logStream}`,
      attributes: { 'aws.log.group.names': p.logGroup, 'aws.log.stream.names': p.logStream, 'cloud.account.id': p.owner ?? '' },
    };
  });
}

/** The last non-empty segment of a log group name. */
export function defaultService(logGroup: string): string {
  const parts = logGroup.split('/').filter((x) => x !== '');
  return parts[parts.length - 1] ?? logGroup;
}
