import { PlatformError } from '../../domain/errors';
import { matchesAll, type Labels, type LabelMatcher } from '../../domain/series';
import { parseDuration } from '../duration';
import { formatMatchers, parseMatchers } from './matchers';

/** A route as configured, in Alertmanager's field names. */
export interface RouteConfig {
  readonly receiver?: string;
  readonly matchers?: readonly (string | LabelMatcher)[];
  /** Label names to group by; `['...']` groups by all labels (one group per alert). */
  readonly group_by?: readonly string[];
  readonly continue?: boolean;
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  /** Names of time intervals during which this route sends nothing (not inherited). */
  readonly mute_time_intervals?: readonly string[];
  /** Names of time intervals outside which this route sends nothing (not inherited). */
  readonly active_time_intervals?: readonly string[];
  readonly routes?: readonly RouteConfig[];
}

/** A compiled route: inherited options resolved, durations in milliseconds. */
export interface Route {
  /** Stable key of the route in the tree, part of every group key. */
  readonly id: string;
  readonly receiver: string;
  readonly matchers: readonly LabelMatcher[];
  /** `'all'` for `group_by: ['...']`. */
  readonly groupBy: readonly string[] | 'all';
  readonly continue: boolean;
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
  readonly routes: readonly Route[];
}

/** Alertmanager's defaults for the root route. */
export const ROUTE_DEFAULTS = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000 } as const;

/**
 * Compiles a routing tree. Children inherit receiver, group_by and the three timers from their
 * parent unless they set them; `continue`, matchers and time intervals are per route. The root
 * must name a receiver and matches everything.
 */
export function compileRoute(config: RouteConfig, parent?: Route, index = 0): Route {
  if (!parent && !config.receiver) throw new PlatformError('invalid_argument', 'the root route must have a receiver');
  if (!parent && config.matchers && config.matchers.length > 0) throw new PlatformError('invalid_argument', 'the root route must not have matchers');
  const matchers = parseMatchers(config.matchers);
  const ms = (v: string | undefined, inherited: number, name: string) => {
    if (v === undefined) return inherited;
    const d = parseDuration(v);
    if (d <= 0 && name !== 'group_wait') throw new PlatformError('invalid_argument', `${name} must be greater than zero`);
    return d;
  };
  const groupBy = config.group_by === undefined ? (parent?.groupBy ?? []) : config.group_by.includes('...') ? 'all' : [...config.group_by].sort();
  const id = parent ? `${parent.id}/${formatMatchers(matchers)}/${index}` : '{}';
  const self: Route = {
    id,
    receiver: config.receiver ?? parent!.receiver,
    matchers,
    groupBy,
    continue: config.continue ?? false,
    groupWaitMs: ms(config.group_wait, parent?.groupWaitMs ?? ROUTE_DEFAULTS.groupWaitMs, 'group_wait'),
    groupIntervalMs: ms(config.group_interval, parent?.groupIntervalMs ?? ROUTE_DEFAULTS.groupIntervalMs, 'group_interval'),
    repeatIntervalMs: ms(config.repeat_interval, parent?.repeatIntervalMs ?? ROUTE_DEFAULTS.repeatIntervalMs, 'repeat_interval'),
    muteTimeIntervals: config.mute_time_intervals ?? [],
    activeTimeIntervals: config.active_time_intervals ?? [],
    routes: [],
  };
  return { ...self, routes: (config.routes ?? []).map((c, i) => compileRoute(c, self, i)) };
}

/**
 * The routes an alert goes to, as Alertmanager picks them: depth first, the first matching
 * child wins unless it has `continue`, and a route none of whose children match takes the alert itself.
 */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesAll(labels, route.matchers)) return [];
  const all: Route[] = [];
  for (const child of route.routes) {
    const matched = matchRoutes(child, labels);
    all.push(...matched);
    if (matched.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [route];
}

/** The labels of an alert that make up its group on a route. */
export function groupLabels(route: Route, labels: Labels): Labels {
  if (route.groupBy === 'all') return labels;
  const out: Record<string, string> = {};
  for (const name of route.groupBy) if (labels[name] !== undefined && labels[name] !== '') out[name] = labels[name];
  return out;
}
