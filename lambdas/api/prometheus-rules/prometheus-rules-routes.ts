import { ruleKey } from '../../core/alerting/evaluation/rule-group-evaluator';
import { ruleAlertState, EMPTY_ALERTING_RULE_STATE } from '../../core/alerting/evaluation/alerting-rule-evaluator';
import { ALERTING_KINDS, listAll, type StoredGroupState } from '../../core/alerting/platform/alerting-store';
import type { Ports } from '../../core/ports';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { loadRuleGroups } from '../../handlers/alerting/evaluation-round';
import { currentAlerts } from '../routes/alert-views';

const rfc = (ms: number | undefined) => new Date(ms ?? 0).toISOString();
// Prometheus renders alert values as Go's strconv.FormatFloat(v, 'e', -1, 64), e.g. "1e+00".
function goExp(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const [m, e] = v.toExponential().split('e');
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

async function rulesData(ports: Ports, type: string | undefined) {
  const [groups, states] = await Promise.all([loadRuleGroups(ports), listAll<StoredGroupState>(ports.state, ALERTING_KINDS.groupState)]);
  const stateOf = new Map(states.map((s) => [s.id, s.value]));
  return {
    groups: groups.map(({ key, group }) => {
      const st = stateOf.get(key);
      const rules = group.rules.map((rule, i) => {
        const rs = st?.state.rules[ruleKey(group, i)];
        const error = st?.errors[ruleKey(group, i)];
        const common = { health: error ? 'err' : st ? 'ok' : 'unknown', lastError: error ?? '', evaluationTime: 0, lastEvaluation: rfc(st?.state.lastEvaluation), query: rule.expr, labels: rule.labels };
        if (rule.kind === 'recording') return { type: 'recording', name: rule.record, ...common };
        const state = rs ?? EMPTY_ALERTING_RULE_STATE;
        const alerts = Object.values(state.alerts).filter((a) => a.state !== 'inactive').map((a) => ({ labels: a.labels, annotations: a.annotations, state: a.state, activeAt: rfc(a.activeAt), value: goExp(a.value), ...(a.keepFiringSince !== undefined ? { keepFiringSince: rfc(a.keepFiringSince) } : {}) }));
        return { type: 'alerting', name: rule.name, state: ruleAlertState(state), duration: rule.forMs / 1000, keepFiringFor: rule.keepFiringForMs / 1000, annotations: rule.annotations, alerts, ...common };
      }).filter((r) => !type || (type === 'alert' ? r.type === 'alerting' : r.type === 'recording'));
      return { name: group.name, file: key.startsWith('group:') ? 'imported' : 'api', interval: group.intervalMs / 1000, limit: 0, rules, evaluationTime: (st?.evaluationMs ?? 0) / 1000, lastEvaluation: rfc(st?.state.lastEvaluation) };
    }),
  };
}

/** Prometheus' `/api/v1/rules` and `/api/v1/alerts` in its response format, so Grafana reads the platform's rules and alerts. */
export const prometheusRulesRoutes: Readonly<Record<string, RouteHandler>> = {
  async prometheusRules({ ports, request }) {
    return jsonResponse(200, { status: 'success', data: await rulesData(ports, request.query.type?.[0]) });
  },
  async prometheusAlerts({ ports }) {
    const alerts = (await currentAlerts(ports)).filter((a) => a.state !== 'resolved').map((a) => ({ labels: a.labels, annotations: a.annotations, state: a.state, activeAt: rfc(a.activeAt), value: goExp(a.value) }));
    return jsonResponse(200, { status: 'success', data: { alerts } });
  },
};
