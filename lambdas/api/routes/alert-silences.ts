import { randomUUID } from 'node:crypto';
import { parseDuration } from '../../core/alerting/duration';
import { parseMatchers } from '../../core/alerting/notification/matchers';
import { silenceState, validateSilence, type Silence } from '../../core/alerting/notification/silences';
import { ALERTING_KINDS, listAll } from '../../core/alerting/platform/alerting-store';
import { PlatformError } from '../../core/domain/errors';
import type { LabelMatcher } from '../../core/domain/series';
import type { RouteHandler } from '../http/api-types';
import { errorResponse, jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { parseTime } from '../params/time-range';

const KEEP_EXPIRED_SECONDS = 5 * 86_400;

function present(s: Silence, now: number) {
  return { ...s, startsAt: formatMillis(s.startsAt), endsAt: formatMillis(s.endsAt), status: { state: silenceState(s, now) } };
}

// Alertmanager's matcher objects ({ name, value, isRegex, isEqual }) are accepted besides strings and { name, op, value }.
function matchersOf(input: unknown): LabelMatcher[] {
  if (typeof input === 'string') return parseMatchers(input);
  if (!Array.isArray(input)) throw new PlatformError('unprocessable', 'matchers must be a list or a {a="b"} string', [{ field: 'matchers', message: 'must be a list' }]);
  return input.map((m: unknown) => {
    if (typeof m === 'string') return parseMatchers([m])[0];
    const o = m as { name?: unknown; value?: unknown; op?: unknown; isRegex?: unknown; isEqual?: unknown };
    if (typeof o?.name !== 'string' || typeof o.value !== 'string') throw new PlatformError('unprocessable', 'a matcher needs name and value', [{ field: 'matchers', message: 'a matcher needs name and value' }]);
    const op = typeof o.op === 'string' ? o.op : o.isEqual === false ? (o.isRegex ? '!~' : '!=') : o.isRegex ? '=~' : '=';
    return parseMatchers([{ name: o.name, op: op as LabelMatcher['op'], value: o.value }])[0];
  });
}

function timeOf(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'string') throw new PlatformError('unprocessable', `${field} must be a time`, [{ field, message: 'must be an RFC 3339 time or Unix seconds' }]);
  return parseTime(value, field);
}

/** Builds a silence from a request body: `matchers`, `startsAt` (default now), `endsAt` or `duration`, `createdBy`, `comment`. */
export function silenceFromBody(body: unknown, id: string, now: number): Silence {
  const b = (body ?? {}) as Record<string, unknown>;
  const startsAt = timeOf(b.startsAt, 'startsAt') ?? now;
  let endsAt = timeOf(b.endsAt, 'endsAt');
  if (endsAt === undefined && typeof b.duration === 'string') endsAt = startsAt + parseDuration(b.duration);
  const silence: Silence = { id, matchers: matchersOf(b.matchers), startsAt, endsAt: endsAt ?? NaN, createdBy: typeof b.createdBy === 'string' ? b.createdBy : '', comment: typeof b.comment === 'string' ? b.comment : '' };
  try {
    validateSilence(silence);
  } catch (e) {
    if (e instanceof PlatformError) throw new PlatformError('unprocessable', e.message, (e.details as string[]).map((message) => ({ field: 'silence', message })));
    throw e;
  }
  return silence;
}

/** Silences CRUD (kind `alert-silence`); delete expires, as Alertmanager does. The evaluator reads them every round. */
export const silenceRoutes: Readonly<Record<string, RouteHandler>> = {
  async listSilences({ ports, params }) {
    const now = ports.clock.now();
    const items = (await listAll<Silence>(ports.state, ALERTING_KINDS.silence)).map((i) => i.value).filter((s) => !params.state || silenceState(s, now) === params.state);
    return jsonResponse(200, { items: items.sort((a, b) => b.startsAt - a.startsAt).map((s) => present(s, now)) });
  },
  async createSilence({ ports, body }) {
    const now = ports.clock.now();
    const s = silenceFromBody(body, randomUUID(), now);
    await ports.state.put(ALERTING_KINDS.silence, s.id, s, { expectedVersion: 0 });
    return jsonResponse(201, present(s, now), { location: `/monitoring/alerts/silences/${s.id}` });
  },
  async getSilence({ ports, params }) {
    const item = await ports.state.get<Silence>(ALERTING_KINDS.silence, params.id as string);
    if (!item) return errorResponse('not_found', `silence ${String(params.id)} does not exist`, [{ id: params.id }]);
    return jsonResponse(200, present(item.value, ports.clock.now()));
  },
  async updateSilence({ ports, params, body }) {
    const id = params.id as string;
    const item = await ports.state.get<Silence>(ALERTING_KINDS.silence, id);
    if (!item) return errorResponse('not_found', `silence ${id} does not exist`, [{ id }]);
    const now = ports.clock.now();
    const s = silenceFromBody(body, id, now);
    await ports.state.put(ALERTING_KINDS.silence, id, s, { expectedVersion: item.version });
    return jsonResponse(200, present(s, now));
  },
  async expireSilence({ ports, params }) {
    const id = params.id as string;
    const item = await ports.state.get<Silence>(ALERTING_KINDS.silence, id);
    if (!item) return errorResponse('not_found', `silence ${id} does not exist`, [{ id }]);
    const now = ports.clock.now();
    const s = item.value;
    if (s.endsAt > now) await ports.state.put(ALERTING_KINDS.silence, id, { ...s, startsAt: Math.min(s.startsAt, now), endsAt: now }, { expectedVersion: item.version, ttlSeconds: KEEP_EXPIRED_SECONDS });
    return { statusCode: 204 };
  },
};
