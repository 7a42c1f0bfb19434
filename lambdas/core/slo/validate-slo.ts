import type { FieldError } from '../alerting/rules/rule';
import type { Slo } from './slo-model';

const ID_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Validates an SLO definition (as a user sends it) field by field; returns the SLO when
 * valid. Objectives are shares (0.999), not percentages; rolling windows are 1 to 90 days.
 */
export function validateSlo(input: unknown): { slo?: Slo; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const o = (input && typeof input === 'object' ? input : {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const str = (field: string, required = true) => {
    const v = o[field];
    if (v === undefined && !required) return;
    if (typeof v !== 'string' || v.trim() === '') errors.push({ field, message: 'must be a non-empty string' });
  };
  if (!ID_RE.test(String(o.id ?? ''))) errors.push({ field: 'id', message: 'must be 1-63 lowercase letters, digits or dashes' });
  str('name');
  str('service');
  str('description', false);
  str('owner', false);
  if (!(typeof o.objective === 'number' && o.objective > 0 && o.objective < 1)) {
    errors.push({ field: 'objective', message: 'must be a share between 0 and 1, e.g. 0.999 for 99.9%' });
  }
  const w = o.window;
  if (!w || typeof w !== 'object') errors.push({ field: 'window', message: 'must be { type: "rolling", days } or { type: "calendar", unit }' });
  else if (w.type === 'rolling') {
    if (!(Number.isInteger(w.days) && w.days >= 1 && w.days <= 90)) errors.push({ field: 'window.days', message: 'must be a whole number of days from 1 to 90' });
  } else if (w.type === 'calendar') {
    if (!['week', 'month', 'quarter'].includes(w.unit)) errors.push({ field: 'window.unit', message: 'must be week, month or quarter' });
  } else errors.push({ field: 'window.type', message: 'must be rolling or calendar' });
  const s = o.sli;
  if (!s || typeof s !== 'object') errors.push({ field: 'sli', message: 'is required' });
  else if (s.type === 'ratio') {
    for (const f of ['good', 'total']) if (typeof s[f] !== 'string' || !s[f].trim()) errors.push({ field: `sli.${f}`, message: 'must be a PromQL selector or an expression using $window' });
  } else if (s.type === 'latency') {
    if (typeof s.histogram !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(s.histogram)) errors.push({ field: 'sli.histogram', message: 'must be a histogram metric name' });
    if (!(typeof s.threshold === 'number' && s.threshold > 0)) errors.push({ field: 'sli.threshold', message: 'must be a positive bucket bound' });
    if (s.selector !== undefined && (typeof s.selector !== 'string' || /[{}]/.test(s.selector))) errors.push({ field: 'sli.selector', message: 'must be label matchers without braces' });
  } else if (s.type === 'availability') {
    if (typeof s.checkId !== 'string' || !s.checkId) errors.push({ field: 'sli.checkId', message: 'must name a synthetic check' });
  } else errors.push({ field: 'sli.type', message: 'must be ratio, latency or availability' });
  if (o.labels !== undefined && (typeof o.labels !== 'object' || Object.values(o.labels).some((v) => typeof v !== 'string'))) {
    errors.push({ field: 'labels', message: 'must map names to strings' });
  }
  return errors.length ? { errors } : { slo: o as Slo, errors };
}
