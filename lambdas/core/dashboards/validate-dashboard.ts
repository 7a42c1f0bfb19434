import Ajv, { type ValidateFunction } from 'ajv';
import type { Dashboard } from './dashboard-model';
import { DASHBOARD_JSON_SCHEMA } from './dashboard-schema';

/** One problem found in a dashboard, with a JSON pointer to where it is. */
export interface DashboardProblem {
  readonly path: string;
  readonly message: string;
}

let compiled: ValidateFunction | undefined;

/**
 * Validates a dashboard against the JSON Schema (filling defaults for `tags`, `timeRange` and
 * `variables`) and then the rules a schema cannot say: panels inside the 24-column grid,
 * unique panel ids, unique variable names, queries with what their kind needs.
 * Returns the problems; an empty list means the (defaulted) input is a valid {@link Dashboard}.
 */
export function validateDashboard(input: unknown): { dashboard?: Dashboard; problems: DashboardProblem[] } {
  compiled ??= new Ajv({ allErrors: true, useDefaults: true, strict: false }).compile(DASHBOARD_JSON_SCHEMA);
  const copy = input && typeof input === 'object' ? structuredClone(input) : input;
  if (!compiled(copy)) {
    return {
      problems: (compiled.errors ?? []).slice(0, 50).map((e) => ({
        path: e.instancePath || '/',
        message: e.keyword === 'additionalProperties' ? `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"` : (e.message ?? 'invalid'),
      })),
    };
  }
  const dashboard = copy as Dashboard;
  const problems: DashboardProblem[] = [];
  const ids = new Set<number>();
  dashboard.panels.forEach((p, i) => {
    if (p.gridPos.x + p.gridPos.w > 24) problems.push({ path: `/panels/${i}/gridPos`, message: `x + w is ${p.gridPos.x + p.gridPos.w}, past the 24-column grid` });
    if (ids.has(p.id)) problems.push({ path: `/panels/${i}/id`, message: `panel id ${p.id} is used twice` });
    ids.add(p.id);
    const refIds = new Set<string>();
    p.queries.forEach((q, j) => {
      const at = `/panels/${i}/queries/${j}`;
      if (refIds.has(q.refId)) problems.push({ path: `${at}/refId`, message: `refId ${q.refId} is used twice in the panel` });
      refIds.add(q.refId);
      if (q.kind === 'cloudwatch' ? !q.cloudwatch : !q.expr) {
        problems.push({ path: at, message: q.kind === 'cloudwatch' ? 'a cloudwatch query needs "cloudwatch"' : `a ${q.kind} query needs "expr"` });
      }
    });
    if (p.type === 'text' && p.content === undefined) problems.push({ path: `/panels/${i}/content`, message: 'a text panel needs "content"' });
  });
  const names = new Set<string>();
  dashboard.variables.forEach((v, i) => {
    if (names.has(v.name)) problems.push({ path: `/variables/${i}/name`, message: `variable ${v.name} is defined twice` });
    names.add(v.name);
    if ((v.type === 'query' || v.type === 'constant') && !v.query) problems.push({ path: `/variables/${i}/query`, message: `a ${v.type} variable needs "query"` });
    if (v.type === 'custom' && !(v.options && v.options.length)) problems.push({ path: `/variables/${i}/options`, message: 'a custom variable needs "options"' });
  });
  return problems.length ? { problems } : { dashboard, problems };
}
