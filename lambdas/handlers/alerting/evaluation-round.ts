import { parseDuration } from '../../core/alerting/duration';
import { pipelineConfig, type AlertingConfig } from '../../core/alerting/delivery/alerting-config';
import type { OutputSample, QueryFunction } from '../../core/alerting/evaluation/query-function';
import { evaluateRuleGroup, type RuleGroupState } from '../../core/alerting/evaluation/rule-group-evaluator';
import { staleAlertSamples } from '../../core/alerting/evaluation/stale-alert-samples';
import { NotificationPipeline } from '../../core/alerting/notification/notification-pipeline';
import type { Silence } from '../../core/alerting/notification/silences';
import { ALERTING_KINDS, EMPTY_ENGINE_STATE, SINGLETON_ID, listAll, loadAlertingConfig, type EngineState, type OutboxEntry, type StoredGroupState } from '../../core/alerting/platform/alerting-store';
import type { IncidentDocument } from '../../core/alerting/platform/incident-record';
import { trackIncidents } from '../../core/alerting/platform/incident-tracker';
import { ruleGroupsFrom, type RuleDocument, type RuleGroupDocument } from '../../core/alerting/rules/rule-document';
import type { RuleGroup } from '../../core/alerting/rules/rule';
import { ConflictError } from '../../core/domain/errors';
import type { Series } from '../../core/domain/series';
import type { Ports } from '../../core/ports';
import { groupTransitions, type StoredTransition } from '../../core/alerting/platform/alert-transitions';
import type { IntegrationEvent } from '../../core/integrations/integration-event';
import { publishEvent } from '../../adapters/http/publish-event';

/** Where a test may make a round die, to prove nothing is lost. */
export type FaultPoint = 'after-state-write' | 'after-delivery';

/** What one round needs besides the ports. */
export interface RoundContext {
  readonly ports: Ports;
  readonly query: QueryFunction;
  /** Throws at the named point when set (tests). */
  readonly fault?: (point: FaultPoint) => void;
}

/** The result of one round. */
export interface RoundResult {
  readonly evaluatedGroups: number;
  readonly evaluatedRules: number;
  readonly alertsSent: number;
  readonly outbox: OutboxEntry[];
  readonly conflict: boolean;
  readonly config: AlertingConfig;
  /** Unix ms at which the next group evaluation or pipeline flush is due. */
  readonly nextDueAt: number;
  readonly errors: number;
}

const TOLERANCE_MS = 1000;
// How far back resolved incidents inform correlation (see IncidentTracking.history).
const HISTORY_MS = 24 * 3_600_000;
let pipelineCache: { key: string; pipeline: NotificationPipeline } | undefined;

function pipelineFor(config: AlertingConfig): NotificationPipeline {
  const key = JSON.stringify(config);
  if (pipelineCache?.key !== key) pipelineCache = { key, pipeline: new NotificationPipeline(pipelineConfig(config)) };
  return pipelineCache.pipeline;
}

/** The rule groups stored now (imported groups and single rules). */
export async function loadRuleGroups(ports: Ports): Promise<{ key: string; group: RuleGroup }[]> {
  const [groupDocs, ruleDocs] = await Promise.all([
    listAll<RuleGroupDocument>(ports.state, ALERTING_KINDS.ruleGroup),
    listAll<RuleDocument>(ports.state, ALERTING_KINDS.rule),
  ]);
  return ruleGroupsFrom(groupDocs, ruleDocs);
}

function toSeries(samples: readonly OutputSample[]): Series[] {
  return samples.map((s) => ({ labels: s.labels, samples: [{ timestamp: s.timestamp, value: s.value }] }));
}

/**
 * One evaluation round at `now`: evaluates the due groups (writing ALERTS, ALERTS_FOR_STATE and
 * recorded series to the MetricStore as each rule finishes), feeds the alerts to the
 * notification pipeline, and writes the pipeline state together with the outbox of
 * notifications to send in ONE versioned write; only then the groups' states, transitions and
 * incidents. A concurrent round that wrote first makes this one stop (`conflict`) without
 * effects beyond idempotent metric writes; a crash after the write leaves the outbox for the
 * next round to deliver.
 */
export async function evaluationRound(ctx: RoundContext, now: number): Promise<RoundResult> {
  const { ports } = ctx;
  const [config, groups, engineItem, silenceItems] = await Promise.all([
    loadAlertingConfig(ports.state),
    loadRuleGroups(ports),
    ports.state.get<EngineState>(ALERTING_KINDS.engine, SINGLETON_ID),
    listAll<Silence>(ports.state, ALERTING_KINDS.silence),
  ]);
  const pipeline = pipelineFor(config);
  const engine = engineItem?.value ?? EMPTY_ENGINE_STATE;
  const stateItems = new Map((await listAll<StoredGroupState>(ports.state, ALERTING_KINDS.groupState)).map((i) => [i.id, i]));
  const groupWrites: { key: string; value: StoredGroupState; version: number; previous?: RuleGroupState }[] = [];
  const incoming = [];
  let evaluatedRules = 0;
  let errors = 0;
  let nextDueAt = Infinity;
  for (const { key, group } of groups) {
    const item = stateItems.get(key);
    const last = item?.value.state.lastEvaluation;
    if (last !== undefined && now - last < group.intervalMs - TOLERANCE_MS) {
      nextDueAt = Math.min(nextDueAt, last + group.intervalMs);
      continue;
    }
    const started = Date.now();
    const ev = await evaluateRuleGroup(group, item?.value.state ?? { rules: {} }, ctx.query, now, {
      externalURL: config.externalURL,
      onSamples: async (samples) => {
        await ports.metrics.write(toSeries(samples));
      },
    });
    const stale = staleAlertSamples(item?.value.state, ev.state, now);
    if (stale.length > 0) await ports.metrics.write(toSeries(stale));
    evaluatedRules += group.rules.length;
    errors += Object.keys(ev.errors).length;
    nextDueAt = Math.min(nextDueAt, now + group.intervalMs);
    incoming.push(...ev.alerts.map((a) => ({ ...a, generatorURL: a.generatorURL ?? (config.externalURL ? `${config.externalURL.replace(/\/+$/, '')}/monitoring/alerts?rule=${encodeURIComponent(a.labels.alertname ?? '')}` : undefined) })));
    groupWrites.push({ key, version: item?.version ?? 0, previous: item?.value.state, value: { name: group.name, intervalMs: group.intervalMs, state: ev.state, errors: ev.errors, evaluationMs: Date.now() - started } });
  }

  let pipe = pipeline.receive({ ...engine.pipeline, silences: silenceItems.map((s) => s.value) }, incoming, now);
  const tick = pipeline.tick(pipe, now);
  pipe = tick.state;
  const known = new Set(engine.outbox.map((e) => e.id));
  const outbox = [...engine.outbox, ...tick.notifications.filter((n) => !known.has(n.idempotencyKey)).map((n) => ({ id: n.idempotencyKey, notification: n, createdAt: now }))];
  for (const g of Object.values(pipe.groups)) nextDueAt = Math.min(nextDueAt, g.nextFlushAt);
  const base = { evaluatedGroups: groupWrites.length, evaluatedRules, alertsSent: incoming.length, config, nextDueAt, errors };
  try {
    // Silences live in their own items; the engine keeps only what the pipeline computed.
    await ports.state.put<EngineState>(ALERTING_KINDS.engine, SINGLETON_ID, { pipeline: { ...pipe, silences: [] }, outbox }, { expectedVersion: engineItem?.version ?? 0 });
  } catch (e) {
    if (e instanceof ConflictError) return { ...base, outbox: [], conflict: true };
    throw e;
  }
  ctx.fault?.('after-state-write');

  await Promise.all(groupWrites.map(async (w) => {
    try {
      await ports.state.put(ALERTING_KINDS.groupState, w.key, w.value, { expectedVersion: w.version });
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
    const transitions = groupTransitions(w.previous, w.value.state, now);
    await Promise.all(transitions.map((t) => ports.state.put(ALERTING_KINDS.transition, t.id, t, { ttlSeconds: 90 * 86_400 })));
    await publishAlertEvents(ports, transitions);
  }));
  const present = new Set(groups.map((g) => g.key));
  await Promise.all([...stateItems.keys()].filter((k) => !present.has(k)).map((k) => ports.state.delete(ALERTING_KINDS.groupState, k)));
  await updateIncidents(ports, config, pipe.alerts, now);
  return { ...base, outbox, conflict: false };
}

/**
 * Tells the integration webhooks about alerts that started firing or resolved. Delivery has
 * its own retries and log; a failure there never fails the evaluation round.
 */
async function publishAlertEvents(ports: Ports, transitions: readonly StoredTransition[]): Promise<void> {
  for (const t of transitions) {
    if (t.state === 'pending') continue;
    const event: IntegrationEvent = { type: t.state === 'firing' ? 'alert.fired' : 'alert.resolved', id: `alert-${t.id}`, occurredAt: t.at, data: { rule: t.rule, alert: t.key, state: t.state } };
    await publishEvent(ports, event).catch(() => undefined);
  }
}

async function updateIncidents(ports: Ports, config: AlertingConfig, alerts: EngineState['pipeline']['alerts'], now: number): Promise<void> {
  const everything = await listAll<IncidentDocument>(ports.state, ALERTING_KINDS.incident);
  const items = everything.filter((i) => i.value.status !== 'resolved');
  const history = everything.filter((i) => i.value.status === 'resolved' && now - (i.value.resolvedAt ?? 0) < HISTORY_MS).flatMap((i) => i.value.alerts.map((a) => ({ id: a.id, labels: a.labels, startsAt: a.startsAt })));
  const versions = new Map(items.map((i) => [i.id, i.version]));
  const changes = trackIncidents(items.map((i) => i.value), alerts, now, {
    windowMs: parseDuration(config.correlationWindow ?? '10m'),
    history,
    policyFor: (list) => list.map((a) => a.labels.escalation_policy).find(Boolean) ?? config.defaultEscalationPolicy,
  });
  const write = async (doc: IncidentDocument, version: number) => {
    try {
      // Resolved incidents stay 90 days for timelines and analytics, then expire.
      await ports.state.put(ALERTING_KINDS.incident, doc.id, doc, { expectedVersion: version, ...(doc.status === 'resolved' ? { ttlSeconds: 90 * 86_400 } : {}) });
    } catch (e) {
      // Someone acknowledged meanwhile: the next round recomputes from what they wrote.
      if (!(e instanceof ConflictError)) throw e;
    }
  };
  await Promise.all([...changes.updated.map((d) => write(d, versions.get(d.id) ?? 0)), ...changes.created.map((d) => write(d, 0))]);
}
