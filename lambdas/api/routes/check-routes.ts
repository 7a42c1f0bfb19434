import { probeHttp } from '../../adapters/probes/http-prober';
import { PlatformError } from '../../core/domain/errors';
import type { StateItem } from '../../core/ports/state-store';
import { CHECK_KINDS, validateCheck, type SyntheticCheck } from '../../core/probes/check-model';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';

const present = (item: StateItem<SyntheticCheck>) => ({ ...item.value, version: item.version, updatedAt: formatMillis(item.updatedAt) });

function valid(input: unknown): SyntheticCheck {
  const { check, errors } = validateCheck(input);
  if (!check) throw new PlatformError('invalid_argument', 'the check is not valid', errors);
  return check;
}

async function load(ports: Parameters<RouteHandler>[0]['ports'], id: string): Promise<StateItem<SyntheticCheck>> {
  const item = await ports.state.get<SyntheticCheck>(CHECK_KINDS.check, id);
  if (!item) throw new PlatformError('not_found', `check ${id} does not exist`, [{ id }]);
  return item;
}

/** Synthetic check operations: validated CRUD, and a probe on demand. The synthetic-checks job runs them on their intervals. */
export const checkRoutes: Readonly<Record<string, RouteHandler>> = {
  async listChecks({ ports, params }) {
    const page = await ports.state.list<SyntheticCheck>(CHECK_KINDS.check, { limit: params.limit as number | undefined, cursor: params.cursor as string | undefined });
    return jsonResponse(200, { items: page.items.map(present), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async createCheck({ ports, body }) {
    const check = valid(body);
    const item = await ports.state.put(CHECK_KINDS.check, check.id, check, { expectedVersion: 0 });
    return jsonResponse(201, present(item), { location: `/monitoring/checks/${check.id}` });
  },
  async getCheck({ ports, params }) {
    return jsonResponse(200, present(await load(ports, params.id as string)));
  },
  async updateCheck({ ports, params, body }) {
    const { version, ...rest } = (body ?? {}) as Record<string, unknown>;
    const check = valid({ ...rest, id: params.id });
    const item = await ports.state.put(CHECK_KINDS.check, check.id, check, typeof version === 'number' ? { expectedVersion: version } : {});
    return jsonResponse(200, present(item));
  },
  async deleteCheck({ ports, params }) {
    const id = params.id as string;
    if (!(await ports.state.delete(CHECK_KINDS.check, id))) throw new PlatformError('not_found', `check ${id} does not exist`, [{ id }]);
    await ports.state.delete(CHECK_KINDS.state, id);
    return { statusCode: 204 };
  },
  async runCheck({ ports, params }) {
    const item = await load(ports, params.id as string);
    const result = await probeHttp(item.value, { now: () => ports.clock.now() });
    return jsonResponse(200, { ...result, timestamp: formatMillis(result.timestamp), ...(result.certificateExpiresAt !== undefined && { certificateExpiresAt: formatMillis(result.certificateExpiresAt) }) });
  },
};
