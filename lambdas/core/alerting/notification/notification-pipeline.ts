import { PlatformError } from '../../domain/errors';
import type { Labels } from '../../domain/series';
import { parseDuration } from '../duration';
import { fingerprint, labelsFingerprint } from '../fingerprint';
import { seriesKey } from '../../domain/series';
import { buildInhibitor, compileInhibitRules, type InhibitRule, type InhibitRuleConfig } from './inhibition';
import type {
  GroupState, IncomingAlert, NotificationLogEntry, NotifiedAlert, PipelineNotification, PipelineState, StoredAlert,
} from './notification-types';
import { compileRoute, groupLabels, matchRoutes, type Route, type RouteConfig } from './route';
import { silencedBy } from './silences';
import { inNamedInterval, type NamedTimeInterval } from './time-intervals';

/** A receiver as the pipeline needs it: its name and whether it wants resolved notifications. */
export interface ReceiverConfig {
  readonly name: string;
  /** @default true */
  readonly send_resolved?: boolean;
}

/** The pipeline's configuration, in Alertmanager's shape. */
export interface PipelineConfig {
  readonly route: RouteConfig;
  readonly receivers?: readonly ReceiverConfig[];
  readonly inhibit_rules?: readonly InhibitRuleConfig[];
  readonly time_intervals?: readonly NamedTimeInterval[];
  /** @default '5m' */
  readonly resolve_timeout?: string;
  /** How long the notification log remembers a group. @default '120h' */
  readonly nflog_retention?: string;
}

/** The result of a tick: notifications to deliver now and the state to store. */
export interface TickResult {
  readonly state: PipelineState;
  readonly notifications: PipelineNotification[];
}

/**
 * Alertmanager's dispatch and notify pipeline as pure functions of (state, now): routing,
 * grouping with `group_wait` / `group_interval` / `repeat_interval`, inhibition, silences,
 * mute and active time intervals, and deduplication through a notification log keyed by
 * group key and receiver. Nothing is sent here: `tick` returns the notifications.
 */
export class NotificationPipeline {
  readonly route: Route;
  private readonly routes = new Map<string, Route>();
  private readonly receivers = new Map<string, ReceiverConfig>();
  private readonly inhibitRules: InhibitRule[];
  private readonly intervals: Map<string, NamedTimeInterval>;
  private readonly resolveTimeoutMs: number;
  private readonly nflogRetentionMs: number;

  constructor(config: PipelineConfig) {
    this.route = compileRoute(config.route);
    const walk = (r: Route) => {
      this.routes.set(r.id, r);
      r.routes.forEach(walk);
    };
    walk(this.route);
    for (const r of config.receivers ?? []) this.receivers.set(r.name, r);
    if (config.receivers) {
      for (const r of this.routes.values()) {
        if (!this.receivers.has(r.receiver)) throw new PlatformError('invalid_argument', `route ${r.id} names unknown receiver "${r.receiver}"`);
      }
    }
    this.inhibitRules = compileInhibitRules(config.inhibit_rules ?? []);
    this.intervals = new Map((config.time_intervals ?? []).map((t) => [t.name, t]));
    for (const r of this.routes.values()) {
      for (const n of [...r.muteTimeIntervals, ...r.activeTimeIntervals]) inNamedInterval(this.intervals, n, 0);
    }
    this.resolveTimeoutMs = parseDuration(config.resolve_timeout ?? '5m');
    this.nflogRetentionMs = parseDuration(config.nflog_retention ?? '120h');
  }

  /** Takes in alerts at `now`: stores (merging resends), routes, and puts each into its groups. */
  receive(state: PipelineState, incoming: readonly IncomingAlert[], now: number): PipelineState {
    const alerts: Record<string, StoredAlert> = { ...state.alerts };
    const groups: Record<string, GroupState> = { ...state.groups };
    // Groups touched in this call get one private copy of their member list, then grow in place.
    const touched = new Map<string, { fps: string[]; members: Set<string> }>();
    for (const a of incoming) {
      const fp = labelsFingerprint(a.labels);
      const old = alerts[fp];
      const endsAt = a.endsAt ?? now + this.resolveTimeoutMs;
      // A resend of a still-active alert keeps its original start; a new one after resolution starts afresh.
      const startsAt = old && old.endsAt >= a.startsAt ? Math.min(old.startsAt, a.startsAt) : a.startsAt;
      const stored: StoredAlert = { fingerprint: fp, labels: a.labels, annotations: a.annotations ?? {}, startsAt, endsAt, generatorURL: a.generatorURL, updatedAt: now };
      alerts[fp] = stored;
      for (const route of matchRoutes(this.route, a.labels)) {
        const gl = groupLabels(route, a.labels);
        const key = `${route.id}:${seriesKey(gl)}`;
        const g = groups[key];
        const overdue = stored.startsAt + route.groupWaitMs < now;
        if (!g) {
          groups[key] = { key, routeId: route.id, receiver: route.receiver, labels: gl, fingerprints: [fp], nextFlushAt: overdue ? now : now + route.groupWaitMs, hasFlushed: false };
          continue;
        }
        let t = touched.get(key);
        if (!t) {
          t = { fps: [...g.fingerprints], members: new Set(g.fingerprints) };
          touched.set(key, t);
          groups[key] = { ...g, fingerprints: t.fps };
        }
        if (!t.members.has(fp)) {
          t.members.add(fp);
          t.fps.push(fp);
        }
        if (!g.hasFlushed && overdue && groups[key].nextFlushAt > now) groups[key] = { ...groups[key], nextFlushAt: now };
      }
    }
    return { ...state, alerts, groups };
  }

  /** Flushes every group whose timer is due at `now` and returns what to send. */
  tick(state: PipelineState, now: number): TickResult {
    const groups: Record<string, GroupState> = { ...state.groups };
    const nflog: Record<string, NotificationLogEntry> = { ...state.nflog };
    const notifications: PipelineNotification[] = [];
    const due = Object.values(groups).filter((g) => g.nextFlushAt <= now).sort((a, b) => (a.key < b.key ? -1 : 1));
    let inhibited: ((t: { fingerprint: string; labels: Labels }) => boolean) | undefined;
    for (const g of due) {
      const route = this.routes.get(g.routeId);
      const members = g.fingerprints.map((fp) => state.alerts[fp]).filter((a): a is StoredAlert => a !== undefined);
      if (route && !this.timeMuted(route, now)) {
        inhibited ??= this.inhibitor(state, now);
        const visible = members.filter((a) => silencedBy(a.labels, state.silences, now).length === 0 && !inhibited!(a));
        const n = this.flush(g, route, visible, nflog, now);
        if (n) notifications.push(n);
      }
      const remaining = members.filter((a) => a.endsAt > now).map((a) => a.fingerprint);
      if (remaining.length === 0) delete groups[g.key];
      else groups[g.key] = { ...g, fingerprints: remaining, hasFlushed: true, nextFlushAt: now + (route?.groupIntervalMs ?? 300_000) };
    }
    return { state: { ...state, groups, nflog: this.gcLog(nflog, now), alerts: this.gcAlerts(state.alerts, groups, now) }, notifications };
  }

  private flush(g: GroupState, route: Route, visible: StoredAlert[], nflog: Record<string, NotificationLogEntry>, now: number): PipelineNotification | undefined {
    if (visible.length === 0) return undefined;
    const sendResolved = this.receivers.get(g.receiver)?.send_resolved ?? true;
    const firing = visible.filter((a) => a.endsAt > now).map((a) => a.fingerprint).sort();
    const resolved = visible.filter((a) => a.endsAt <= now).map((a) => a.fingerprint).sort();
    const logKey = `${g.key}|${g.receiver}`;
    const entry = nflog[logKey];
    if (!needsUpdate(entry, firing, resolved, route.repeatIntervalMs, sendResolved, now)) return undefined;
    const same = entry !== undefined && sameList(entry.firing, firing) && sameList(entry.resolved, resolved);
    const repeats = same ? entry.repeats + 1 : 0;
    nflog[logKey] = { firing, resolved, at: now, repeats };
    const payload = sendResolved ? visible : visible.filter((a) => a.endsAt > now);
    if (payload.length === 0) return undefined;
    const alerts: NotifiedAlert[] = payload
      .map((a) => ({ fingerprint: a.fingerprint, status: a.endsAt > now ? ('firing' as const) : ('resolved' as const), labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt: a.endsAt, ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}) }))
      .sort(alertOrder);
    return {
      receiver: g.receiver,
      groupKey: g.key,
      groupLabels: g.labels,
      commonLabels: common(payload.map((a) => a.labels)),
      commonAnnotations: common(payload.map((a) => a.annotations)),
      status: firing.length > 0 ? 'firing' : 'resolved',
      alerts,
      idempotencyKey: fingerprint(`${logKey}|${firing.join(',')}|${resolved.join(',')}|${repeats}`),
      dedupKey: fingerprint(logKey),
      at: now,
    };
  }

  private timeMuted(route: Route, now: number): boolean {
    if (route.muteTimeIntervals.some((n) => inNamedInterval(this.intervals, n, now))) return true;
    return route.activeTimeIntervals.length > 0 && !route.activeTimeIntervals.some((n) => inNamedInterval(this.intervals, n, now));
  }

  private inhibitor(state: PipelineState, now: number) {
    if (this.inhibitRules.length === 0) return () => false;
    const firing = Object.values(state.alerts).filter((a) => a.endsAt > now);
    return buildInhibitor(this.inhibitRules, firing);
  }

  private gcLog(nflog: Record<string, NotificationLogEntry>, now: number): Record<string, NotificationLogEntry> {
    for (const [k, e] of Object.entries(nflog)) if (now - e.at > this.nflogRetentionMs) delete nflog[k];
    return nflog;
  }

  // Alerts no group holds any more have been resolved and notified: forget them.
  private gcAlerts(alerts: Readonly<Record<string, StoredAlert>>, groups: Record<string, GroupState>, now: number): Record<string, StoredAlert> {
    const held = new Set<string>();
    for (const g of Object.values(groups)) for (const fp of g.fingerprints) held.add(fp);
    const out: Record<string, StoredAlert> = {};
    for (const [fp, a] of Object.entries(alerts)) if (held.has(fp) || a.endsAt > now) out[fp] = a;
    return out;
  }
}

/** Alertmanager's DedupStage decision. */
function needsUpdate(entry: NotificationLogEntry | undefined, firing: string[], resolved: string[], repeatMs: number, sendResolved: boolean, now: number): boolean {
  if (!entry) return firing.length > 0;
  const lastFiring = new Set(entry.firing);
  if (!firing.every((f) => lastFiring.has(f))) return true;
  // All resolved: notify (even without send_resolved, so the log forgets the firing alerts) only if the receiver knew of firing ones.
  if (firing.length === 0) return entry.firing.length > 0;
  const lastResolved = new Set(entry.resolved);
  if (sendResolved && !resolved.every((r) => lastResolved.has(r))) return true;
  return entry.at <= now - repeatMs;
}

// Alertmanager's order inside a notification: by job, then instance, then the whole label set.
function alertOrder(a: NotifiedAlert, b: NotifiedAlert): number {
  for (const k of ['job', 'instance']) {
    const x = a.labels[k] ?? '';
    const y = b.labels[k] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  const x = seriesKey(a.labels);
  const y = seriesKey(b.labels);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function common(sets: readonly Labels[]): Labels {
  if (sets.length === 0) return {};
  const out: Record<string, string> = { ...sets[0] };
  for (const s of sets.slice(1)) for (const k of Object.keys(out)) if (s[k] !== out[k]) delete out[k];
  return out;
}
