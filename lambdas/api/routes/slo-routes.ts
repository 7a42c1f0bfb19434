import { randomUUID } from 'node:crypto';
import { ALERTING_KINDS } from '../../core/alerting/platform/alerting-store';
import { ruleToPrometheus, type RuleGroupDocument } from '../../core/alerting/rules/rule-document';
import { formatDuration } from '../../core/alerting/duration';
import { PlatformError } from '../../core/domain/errors';
import type { Ports } from '../../core/ports';
import type { StateItem } from '../../core/ports/state-store';
import { burnRateRuleGroup } from '../../core/slo/burn-rate-rules';
import { importOpenSlo } from '../../core/slo/openslo-import';
import { SLO_KIND, type Slo } from '../../core/slo/slo-model';
import { validateSlo } from '../../core/slo/validate-slo';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';

const present = (item: StateItem<Slo>) => ({ ...item.value, version: item.version, updatedAt: formatMillis(item.updatedAt) });

/**
 * SLO operations. Every write validates the definition (400 naming each bad field) and
 * regenerates the SLO's multiwindow burn-rate rule group in the alerting rules (group
 * `slo-<id>`), so alerts always follow the current objective; a delete removes the group.
 */
export const sloRoutes: Readonly<Record<string, RouteHandler>> = {
  async listSlos({ ports, params }) {
    const page = await ports.state.list<Slo>(SLO_KIND, { limit: params.limit as number | undefined, cursor: params.cursor as string | undefined });
    return jsonResponse(200, { items: page.items.map(present), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async createSlo({ ports, body }) {
    const slo = valid({ id: randomUUID().slice(0, 8), ...(body as object) });
    const item = await ports.state.put(SLO_KIND, slo.id, slo, { expectedVersion: 0 });
    await syncRules(ports, slo);
    return jsonResponse(201, present(item), { location: `/monitoring/slos/${slo.id}` });
  },
  async getSlo({ ports, params }) {
    const item = await ports.state.get<Slo>(SLO_KIND, params.id as string);
    if (!item) throw new PlatformError('not_found', `SLO ${params.id} does not exist`, [{ id: params.id }]);
    return jsonResponse(200, present(item));
  },
  async updateSlo({ ports, params, body }) {
    const { version, ...rest } = (body ?? {}) as Record<string, unknown>;
    const slo = valid({ ...rest, id: params.id });
    const item = await ports.state.put(SLO_KIND, slo.id, slo, typeof version === 'number' ? { expectedVersion: version } : {});
    await syncRules(ports, slo);
    return jsonResponse(200, present(item));
  },
  async deleteSlo({ ports, params }) {
    const id = params.id as string;
    if (!(await ports.state.delete(SLO_KIND, id))) throw new PlatformError('not_found', `SLO ${id} does not exist`, [{ id }]);
    await ports.state.delete(ALERTING_KINDS.ruleGroup, `slo-${id}`);
    return { statusCode: 204 };
  },
  async importOpenSlo({ ports, body }) {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
    const { slos, errors } = importOpenSlo(text);
    const imported = [];
    for (const slo of slos) {
      const checked = validateSlo(slo);
      if (!checked.slo) {
        errors.push(...checked.errors.map((e) => ({ field: `${slo.id}.${e.field}`, message: e.message })));
        continue;
      }
      await ports.state.put(SLO_KIND, slo.id, checked.slo);
      await syncRules(ports, checked.slo);
      imported.push(slo.id);
    }
    return jsonResponse(imported.length || !errors.length ? 200 : 422, { imported, errors });
  },
};

function valid(input: unknown): Slo {
  const { slo, errors } = validateSlo(input);
  if (!slo) throw new PlatformError('invalid_argument', 'the SLO is not valid', errors);
  return slo;
}

/** Stores the SLO's burn-rate rules as an alerting rule group document. */
async function syncRules(ports: Ports, slo: Slo): Promise<void> {
  const group = burnRateRuleGroup(slo);
  const doc: RuleGroupDocument = { name: group.name, interval: formatDuration(group.intervalMs), rules: group.rules.map(ruleToPrometheus) };
  await ports.state.put(ALERTING_KINDS.ruleGroup, group.name, doc);
}
