import { parseAllDocuments } from 'yaml';
import type { FieldError } from '../alerting/rules/rule';
import type { Slo, SloWindow } from './slo-model';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Imports OpenSLO v1 documents (`kind: SLO` with an inline ratio indicator over Prometheus
 * queries, `timeWindow` rolling or calendar, one objective per SLO). Every SLO that cannot
 * be mapped is reported with the reason; `kind: SLI` documents are resolved by `indicatorRef`.
 */
export function importOpenSlo(yamlText: string): { slos: Slo[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const docs: Json[] = [];
  for (const [i, d] of parseAllDocuments(yamlText).entries()) {
    if (d.errors.length) errors.push({ field: `document[${i}]`, message: d.errors[0].message });
    else if (d.toJS()) docs.push(d.toJS());
  }
  const slis = new Map<string, Json>(docs.filter((d) => d.kind === 'SLI').map((d) => [d.metadata?.name, d.spec]));
  const slos: Slo[] = [];
  docs
    .filter((d) => d.kind === 'SLO')
    .forEach((d, i) => {
      const at = `slo[${i}](${d.metadata?.name ?? '?'})`;
      const fail = (message: string): undefined => {
        errors.push({ field: at, message });
        return undefined;
      };
      if (!String(d.apiVersion ?? '').startsWith('openslo/')) return fail(`unsupported apiVersion ${d.apiVersion}`);
      const spec = d.spec ?? {};
      const indicator = spec.indicator?.spec ?? slis.get(spec.indicatorRef);
      const ratio = indicator?.ratioMetric;
      if (!ratio) return fail('only ratioMetric indicators are supported');
      const good = promQuery(ratio.good);
      const total = promQuery(ratio.total);
      const bad = promQuery(ratio.bad);
      if (!total || !(good || bad)) return fail('ratioMetric needs Prometheus queries for total and good (or bad)');
      const objective = spec.objectives?.[0];
      const target = objective?.target ?? (objective?.targetPercent !== undefined ? objective.targetPercent / 100 : undefined);
      if (!(target > 0 && target < 1)) return fail('objectives[0].target must be between 0 and 1');
      const window = parseWindow(spec.timeWindow?.[0]);
      if (!window) return fail('timeWindow[0] must be a rolling duration in days or a calendar week, month or quarter');
      const name = String(d.metadata?.name ?? '');
      slos.push({
        id: name.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63),
        name: d.metadata?.displayName ?? name,
        service: String(spec.service ?? 'unknown'),
        ...(spec.description ? { description: spec.description } : {}),
        sli: { type: 'ratio', good: good ?? `(${total}) - (${bad})`, total },
        objective: target,
        window,
      });
      return undefined;
    });
  return { slos, errors };
}

function promQuery(m: Json | undefined): string | undefined {
  const src = m?.metricSource;
  if (!src || String(src.type).toLowerCase() !== 'prometheus') return undefined;
  const q = src.spec?.query ?? src.spec?.promql;
  return typeof q === 'string' ? q.trim() : undefined;
}

function parseWindow(w: Json | undefined): SloWindow | undefined {
  if (!w) return undefined;
  const m = /^(\d+)([dw])$/.exec(String(w.duration ?? ''));
  if (w.isRolling !== false && m) return { type: 'rolling', days: Number(m[1]) * (m[2] === 'w' ? 7 : 1) };
  const calendar: Record<string, 'week' | 'month' | 'quarter'> = { '1w': 'week', '1M': 'month', '1Q': 'quarter' };
  const unit = calendar[String(w.duration ?? '')];
  return unit ? { type: 'calendar', unit } : undefined;
}
