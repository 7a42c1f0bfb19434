import type { Labels } from '../../domain/series';
import { UnionFind } from './union-find';

/** An alert as correlation sees it. */
export interface CorrelationAlert {
  readonly id: string;
  readonly labels: Labels;
  /** Unix ms. */
  readonly startsAt: number;
}

/** Service dependencies, e.g. from traces: `source` calls (depends on) `target`. */
export interface DependencyGraph {
  readonly edges: readonly { readonly source: string; readonly target: string }[];
}

/** Tuning of the correlation. */
export interface CorrelationOptions {
  /** Alerts further apart than this are never linked directly. @default 10 minutes */
  readonly windowMs?: number;
  /** Labels naming the service of an alert, first present wins. @default ['service', 'app', 'job'] */
  readonly serviceLabels?: readonly string[];
  /** Labels naming shared infrastructure. @default ['host', 'node', 'cluster', 'az', 'db_instance'] */
  readonly infraLabels?: readonly string[];
  /** Services at most this many hops apart in the graph (either direction) are linked; 1 keeps unrelated neighbours-of-neighbours apart. @default 1 */
  readonly maxHops?: number;
  /**
   * An infrastructure value seen on alerts of more services than this says nothing about a
   * shared cause (a whole cluster or zone) and links nothing. @default 4
   */
  readonly maxServicesPerInfraValue?: number;
}

/** A group of alerts believed to share one cause. */
export interface Incident {
  /** The id of the incident's earliest alert: stable while the incident grows. */
  readonly id: string;
  readonly alertIds: readonly string[];
  readonly services: readonly string[];
  /** The probable cause: a service, or `label=value` of shared infrastructure. */
  readonly rootCause?: string;
  readonly rootCauseReason: 'dependency' | 'shared-infrastructure' | 'single-service' | 'unknown';
  /** Infrastructure label values every alert with that label in the incident shares (and more than one alert has). */
  readonly sharedInfrastructure: Labels;
  readonly startsAt: number;
  readonly lastAlertAt: number;
}

/**
 * Groups alerts that share a cause into incidents, with no label naming the cause: alerts
 * within `windowMs` of each other are linked when they come from the same service, from
 * services near each other in the dependency graph, or share an infrastructure value (host,
 * node, db instance...). Incidents are the connected components. The probable root cause is
 * the service the others depend on (the most upstream in call direction), or the shared
 * infrastructure when no dependency explains the group. Single-linkage over time, in O(n log n)
 * plus the graph's service pairs.
 */
export function correlateAlerts(alerts: readonly CorrelationAlert[], graph: DependencyGraph, options: CorrelationOptions = {}): Incident[] {
  const windowMs = options.windowMs ?? 10 * 60_000;
  const serviceLabels = options.serviceLabels ?? ['service', 'app', 'job'];
  const infraLabels = options.infraLabels ?? ['host', 'node', 'cluster', 'az', 'db_instance'];
  const maxHops = options.maxHops ?? 1;
  const maxServices = options.maxServicesPerInfraValue ?? 4;
  const order = alerts.map((_, i) => i).sort((a, b) => alerts[a].startsAt - alerts[b].startsAt || (alerts[a].id < alerts[b].id ? -1 : 1));
  const service = alerts.map((a) => serviceOf(a.labels, serviceLabels));
  const uf = new UnionFind(alerts.length);

  const byService = bucket(order, (i) => service[i]);
  const byInfra = new Map<string, number[]>();
  for (const label of infraLabels) {
    for (const [value, idx] of bucket(order, (i) => alerts[i].labels[label])) {
      const services = new Set(idx.map((i) => service[i] ?? ''));
      if (services.size <= maxServices) byInfra.set(`${label}=${value}`, idx);
    }
  }
  for (const idx of [...byService.values(), ...byInfra.values()]) chain(idx, alerts, windowMs, uf);
  for (const [s, t] of servicePairs(graph, [...byService.keys()], maxHops)) linkAcross(byService.get(s)!, byService.get(t)!, alerts, windowMs, uf);

  const components = new Map<number, number[]>();
  for (const i of order) {
    const root = uf.find(i);
    const c = components.get(root);
    if (c) c.push(i);
    else components.set(root, [i]);
  }
  return [...components.values()].map((idx) => describe(idx, alerts, service, graph, infraLabels, byInfra)).sort((a, b) => a.startsAt - b.startsAt);
}

function serviceOf(labels: Labels, names: readonly string[]): string | undefined {
  for (const n of names) if (labels[n]) return labels[n];
  return undefined;
}

function bucket(order: readonly number[], key: (i: number) => string | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const i of order) {
    const k = key(i);
    if (k === undefined || k === '') continue;
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

// Links consecutive alerts (in time) closer than the window: single linkage along one key.
function chain(idx: readonly number[], alerts: readonly CorrelationAlert[], windowMs: number, uf: UnionFind): void {
  for (let k = 1; k < idx.length; k++) if (alerts[idx[k]].startsAt - alerts[idx[k - 1]].startsAt <= windowMs) uf.union(idx[k], idx[k - 1]);
}

// Links each alert of one list to the nearest alert of the other on each side; with `chain` on both lists this connects every cross pair within the window.
function linkAcross(a: readonly number[], b: readonly number[], alerts: readonly CorrelationAlert[], windowMs: number, uf: UnionFind): void {
  const near = (xs: readonly number[], ys: readonly number[]) => {
    let j = 0;
    for (const x of xs) {
      const t = alerts[x].startsAt;
      while (j < ys.length && alerts[ys[j]].startsAt < t) j++;
      if (j > 0 && t - alerts[ys[j - 1]].startsAt <= windowMs) uf.union(x, ys[j - 1]);
      if (j < ys.length && alerts[ys[j]].startsAt - t <= windowMs) uf.union(x, ys[j]);
    }
  };
  near(a, b);
  near(b, a);
}

// Pairs of alerting services at most `maxHops` apart in the undirected dependency graph.
function servicePairs(graph: DependencyGraph, services: readonly string[], maxHops: number): [string, string][] {
  const adj = new Map<string, Set<string>>();
  const add = (x: string, y: string) => (adj.get(x) ?? adj.set(x, new Set()).get(x)!).add(y);
  for (const e of graph.edges) {
    add(e.source, e.target);
    add(e.target, e.source);
  }
  const alerting = new Set(services);
  const pairs: [string, string][] = [];
  for (const s of services) {
    const seen = new Set([s]);
    let frontier = [s];
    for (let hop = 0; hop < maxHops; hop++) {
      const next: string[] = [];
      for (const x of frontier) for (const y of adj.get(x) ?? []) if (!seen.has(y)) {
        seen.add(y);
        next.push(y);
        if (alerting.has(y) && s < y) pairs.push([s, y]);
      }
      frontier = next;
    }
  }
  return pairs;
}

function describe(idx: number[], alerts: readonly CorrelationAlert[], service: readonly (string | undefined)[], graph: DependencyGraph, infraLabels: readonly string[], byInfra: Map<string, number[]>): Incident {
  const first = new Map<string, number>();
  for (const i of idx) {
    const s = service[i];
    if (s !== undefined && !first.has(s)) first.set(s, alerts[i].startsAt);
  }
  const services = [...first.keys()].sort();
  const shared: Record<string, string> = {};
  for (const label of infraLabels) {
    const values = new Set(idx.map((i) => alerts[i].labels[label]).filter((v): v is string => !!v));
    const [value] = values;
    if (values.size === 1 && byInfra.has(`${label}=${value}`) && idx.filter((i) => alerts[i].labels[label] === value).length > 1) shared[label] = value;
  }
  let rootCause: string | undefined;
  let reason: Incident['rootCauseReason'] = 'unknown';
  const dependencyRoot = services.length > 1 ? mostUpstream(services, graph, first) : undefined;
  if (dependencyRoot) {
    rootCause = dependencyRoot;
    reason = 'dependency';
  } else if (Object.keys(shared).length > 0 && (services.length !== 1 || idx.some((i) => service[i] === undefined))) {
    const label = infraLabels.find((l) => shared[l] !== undefined)!;
    rootCause = `${label}=${shared[label]}`;
    reason = 'shared-infrastructure';
  } else if (services.length === 1) {
    rootCause = services[0];
    reason = 'single-service';
  }
  return {
    id: alerts[idx[0]].id,
    alertIds: idx.map((i) => alerts[i].id),
    services,
    rootCause,
    rootCauseReason: reason,
    sharedInfrastructure: shared,
    startsAt: alerts[idx[0]].startsAt,
    lastAlertAt: alerts[idx[idx.length - 1]].startsAt,
  };
}

// The service the most others (transitively) depend on, and which itself depends on the fewest; none when no dependency links them.
function mostUpstream(services: readonly string[], graph: DependencyGraph, first: ReadonlyMap<string, number>): string | undefined {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target);
  const inside = new Set(services);
  const reach = new Map<string, Set<string>>();
  for (const s of services) {
    const seen = new Set<string>();
    const stack = [s];
    while (stack.length) for (const y of out.get(stack.pop()!) ?? []) if (!seen.has(y)) {
      seen.add(y);
      stack.push(y);
    }
    reach.set(s, new Set([...seen].filter((x) => inside.has(x) && x !== s)));
  }
  let best: string | undefined;
  let bestScore = 0;
  for (const s of services) {
    const dependents = services.filter((t) => reach.get(t)!.has(s)).length;
    const score = dependents * services.length - reach.get(s)!.size;
    if (dependents === 0) continue;
    if (best === undefined || score > bestScore || (score === bestScore && first.get(s)! < first.get(best)!)) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}
