import type { Sli } from './slo-model';

/** PromQL for the good and total event rates of an SLI over a window (`5m`, `1h`, `30d`). */
export interface SliQueries {
  readonly good: string;
  readonly total: string;
  /** The error ratio over the window: 1 - good/total. */
  readonly errorRatio: string;
}

/** The SLI's queries over one window. */
export function sliQueries(sli: Sli, window: string): SliQueries {
  let good: string;
  let total: string;
  switch (sli.type) {
    case 'ratio':
      good = rateOf(sli.good, window);
      total = rateOf(sli.total, window);
      break;
    case 'latency': {
      const sel = sli.selector ? `${sli.selector},` : '';
      good = `sum(rate(${sli.histogram}_bucket{${sel}le="${formatLe(sli.threshold)}"}[${window}]))`;
      total = `sum(rate(${sli.histogram}_count${sli.selector ? `{${sli.selector}}` : ''}[${window}]))`;
      break;
    }
    case 'availability':
      good = `sum(sum_over_time(probe_success{check="${sli.checkId}"}[${window}]))`;
      total = `sum(count_over_time(probe_success{check="${sli.checkId}"}[${window}]))`;
      break;
  }
  return { good, total, errorRatio: `(1 - (${good}) / (${total}))` };
}

function rateOf(expr: string, window: string): string {
  return /\$\{?window\}?/.test(expr) ? expr.replace(/\$\{?window\}?/g, window) : `sum(rate(${expr}[${window}]))`;
}

function formatLe(v: number): string {
  return Number.isInteger(v) ? `${v}` : String(v);
}
