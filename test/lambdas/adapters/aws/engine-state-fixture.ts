import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type DeleteObjectCommandInput,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  type PutObjectCommandInput,
  type S3ClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { fingerprint, labelsFingerprint } from '../../../../lambdas/core/alerting/fingerprint';
import type { EngineState, OutboxEntry } from '../../../../lambdas/core/alerting/platform/alerting-store';
import type { GroupState, NotificationLogEntry, StoredAlert } from '../../../../lambdas/core/alerting/notification/notification-types';
import type { Labels } from '../../../../lambdas/core/domain/series';
import { seededRandom } from '../../../support/seeded-random';

const RULES = [
  'HighCPUUsage', 'HighMemoryUsage', 'PodCrashLooping', 'KubePodNotReady', 'HighErrorRate', 'HighLatencyP99',
  'DiskSpaceLow', 'TargetDown', 'NodeNotReady', 'ContainerOOMKilled', 'QueueBacklogGrowing', 'CertificateExpiringSoon',
  'ReplicaMismatch', 'HttpProbeFailed', 'DatabaseConnectionsHigh', 'Throttling', 'SLOBurnRateFast', 'SLOBurnRateSlow',
];
const NAMESPACES = ['payments', 'checkout', 'catalog', 'search', 'auth', 'ingest', 'billing', 'notifications', 'gateway', 'reports'];
const CLUSTERS = ['prod-eu-west-1', 'prod-us-east-1', 'prod-ap-southeast-2'];
const SEVERITIES = ['critical', 'warning', 'info'];

/**
 * An engine item as the evaluator writes it during a large incident: `alertCount` firing alerts
 * (about 8 labels each: rule, severity, cluster, namespace, service, pod, instance, job, plus
 * annotations and timestamps), grouped by rule and cluster, every group flushed once, and an
 * outbox holding the first notification of every group (so every alert appears twice).
 */
export function engineStateFixture(alertCount: number, seed = 42): EngineState {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
  const base = 1_763_800_000_000;
  const alerts: Record<string, StoredAlert> = {};
  const byGroup = new Map<string, { labels: Labels; fps: string[]; alerts: StoredAlert[] }>();
  for (let i = 0; i < alertCount; i++) {
    const alertname = pick(RULES);
    const namespace = pick(NAMESPACES);
    const service = `${namespace}-${pick(['api', 'worker', 'web', 'consumer', 'cron'])}`;
    const labels: Labels = {
      alertname,
      severity: pick(SEVERITIES),
      cluster: pick(CLUSTERS),
      namespace,
      service,
      pod: `${service}-${hex(9)}-${hex(5)}`,
      instance: `10.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}:9100`,
      job: `kubernetes-pods/${namespace}`,
    };
    const fp = labelsFingerprint(labels);
    const startsAt = base - Math.floor(rnd() * 3_600_000);
    const alert: StoredAlert = {
      fingerprint: fp,
      labels,
      annotations: {
        summary: `${alertname} on ${labels.pod}`,
        description: `${alertname} has been firing for ${service} in ${namespace} (${labels.cluster}); value ${(rnd() * 100).toFixed(2)}.`,
        runbook_url: `https://runbooks.example.com/alerts/${alertname.toLowerCase()}`,
      },
      startsAt,
      endsAt: base + 240_000,
      generatorURL: `https://observability.example.com/explore?expr=${encodeURIComponent(`${alertname}{namespace="${namespace}"}`)}`,
      updatedAt: base - Math.floor(rnd() * 60_000),
    };
    alerts[fp] = alert;
    const key = `route-${labels.cluster}:{alertname="${alertname}", cluster="${labels.cluster}"}`;
    let g = byGroup.get(key);
    if (!g) byGroup.set(key, (g = { labels: { alertname, cluster: labels.cluster }, fps: [], alerts: [] }));
    g.fps.push(fp);
    g.alerts.push(alert);
  }
  const groups: Record<string, GroupState> = {};
  const nflog: Record<string, NotificationLogEntry> = {};
  const outbox: OutboxEntry[] = [];
  for (const [key, g] of byGroup) {
    const receiver = g.labels.cluster.startsWith('prod-eu') ? 'pagerduty-eu' : 'slack-oncall';
    groups[key] = { key, routeId: `route-${g.labels.cluster}`, receiver, labels: g.labels, fingerprints: g.fps, nextFlushAt: base + 300_000, hasFlushed: true };
    const logKey = `${key}|${receiver}`;
    const firing = [...g.fps].sort();
    nflog[logKey] = { firing, resolved: [], at: base, repeats: 0 };
    const idempotencyKey = fingerprint(`${logKey}|${firing.join(',')}||0`);
    outbox.push({
      id: idempotencyKey,
      createdAt: base,
      notification: {
        receiver,
        groupKey: key,
        groupLabels: g.labels,
        commonLabels: g.labels,
        commonAnnotations: {},
        status: 'firing',
        alerts: g.alerts.map((a) => ({ fingerprint: a.fingerprint, status: 'firing' as const, labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt: a.endsAt, ...(a.generatorURL && { generatorURL: a.generatorURL }) })),
        idempotencyKey,
        dedupKey: fingerprint(logKey),
        at: base,
      },
    });
  }
  return { pipeline: { alerts, groups, nflog, silences: [] }, outbox };
}

/** An S3 client mocked by aws-sdk-client-mock over an in-memory map of `bucket/key` to bytes. */
export interface MemoryS3 {
  readonly client: S3Client;
  readonly mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, S3ClientResolvedConfig>;
  /** Stored objects by `bucket/key`. */
  readonly objects: Map<string, Uint8Array>;
  /** Called before a GetObject is answered (to let a test race a writer against a reader). */
  beforeGet?: (key: string) => Promise<void>;
  /** Most GetObject calls that were pending at once. */
  maxConcurrentGets: number;
  /** Answer a missing key with 403 AccessDenied, as S3 does to a role without s3:ListBucket. */
  missingAsAccessDenied?: boolean;
}

/** A fresh {@link MemoryS3}; GetObject of an absent key fails with NoSuchKey (404) as S3 does. */
export function memoryS3(getDelayMs = 0): MemoryS3 {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' } });
  const objects = new Map<string, Uint8Array>();
  let pending = 0;
  const s3: MemoryS3 = { client, mock: mockClient(client), objects, maxConcurrentGets: 0 };
  s3.mock.on(PutObjectCommand).callsFake(async (input: PutObjectCommandInput) => {
    objects.set(`${input.Bucket}/${input.Key}`, new Uint8Array(input.Body as Uint8Array));
    return {};
  });
  s3.mock.on(GetObjectCommand).callsFake(async (input: GetObjectCommandInput) => {
    pending++;
    s3.maxConcurrentGets = Math.max(s3.maxConcurrentGets, pending);
    try {
      if (getDelayMs) await new Promise((r) => setTimeout(r, getDelayMs));
      await s3.beforeGet?.(input.Key!);
      const bytes = objects.get(`${input.Bucket}/${input.Key}`);
      if (!bytes && s3.missingAsAccessDenied) throw new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: { httpStatusCode: 403 } });
      if (!bytes) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
      const body = { transformToByteArray: async () => new Uint8Array(bytes) };
      return { Body: body as unknown as GetObjectCommandOutput['Body'], ContentType: 'application/json', ContentEncoding: 'gzip' };
    } finally {
      pending--;
    }
  });
  s3.mock.on(DeleteObjectCommand).callsFake(async (input: DeleteObjectCommandInput) => {
    objects.delete(`${input.Bucket}/${input.Key}`);
    return {};
  });
  return s3;
}
