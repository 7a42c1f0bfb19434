import type { CloudWatchDashboardBody } from './cloudwatch-body';

const TYPES = new Set(['metric', 'text', 'log', 'alarm', 'explorer']);
const VIEWS = new Set(['timeSeries', 'singleValue', 'gauge', 'bar', 'pie', 'table']);

/**
 * Checks a body against CloudWatch's documented dashboard body structure: at most 500
 * widgets; each with a known type, integer x 0-23, width 1-24 with x + width <= 24,
 * y >= 0, height 1-1000 and properties; metric widgets with `metrics` (or an alarm
 * annotation), a `region` and a known `view`, gauges with a y-axis range; expressions on
 * one line; text widgets with `markdown`; log widgets with `query` and `region`.
 */
export function cloudWatchBodyProblems(body: CloudWatchDashboardBody): string[] {
  const problems: string[] = [];
  if (!Array.isArray(body.widgets)) return ['widgets must be an array'];
  if (body.widgets.length > 500) problems.push(`${body.widgets.length} widgets; at most 500`);
  body.widgets.forEach((w, i) => {
    const at = `widgets[${i}]`;
    if (!TYPES.has(w.type)) problems.push(`${at}: unknown type ${w.type}`);
    if (!Number.isInteger(w.x) || w.x < 0 || w.x > 23) problems.push(`${at}: x ${w.x} not in 0..23`);
    if (!Number.isInteger(w.width) || w.width < 1 || w.width > 24) problems.push(`${at}: width ${w.width} not in 1..24`);
    if (w.x + w.width > 24) problems.push(`${at}: x + width = ${w.x + w.width} > 24`);
    if (!Number.isInteger(w.y) || w.y < 0) problems.push(`${at}: y ${w.y} must be a non-negative integer`);
    if (!Number.isInteger(w.height) || w.height < 1 || w.height > 1000) problems.push(`${at}: height ${w.height} not in 1..1000`);
    const p = w.properties as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!p || typeof p !== 'object') {
      problems.push(`${at}: properties missing`);
      return;
    }
    if (w.type === 'metric') {
      if (!Array.isArray(p.metrics) || p.metrics.length === 0) problems.push(`${at}: metric widget without metrics`);
      if (typeof p.region !== 'string' || !p.region) problems.push(`${at}: metric widget without region`);
      if (p.view !== undefined && !VIEWS.has(p.view)) problems.push(`${at}: unknown view ${p.view}`);
      if (p.view === 'gauge' && (typeof p.yAxis?.left?.min !== 'number' || typeof p.yAxis?.left?.max !== 'number')) problems.push(`${at}: gauge needs yAxis.left min and max`);
      for (const m of p.metrics ?? []) {
        if (!Array.isArray(m)) problems.push(`${at}: each metric must be an array`);
        const opts = Array.isArray(m) ? m[m.length - 1] : undefined;
        if (opts && typeof opts === 'object' && typeof opts.expression === 'string') {
          if (/[\r\n]/.test(opts.expression)) problems.push(`${at}: expression spans lines`);
          if (typeof opts.id === 'string' && !/^[a-z][a-zA-Z0-9_]*$/.test(opts.id)) problems.push(`${at}: id ${opts.id} must start with a lowercase letter`);
        }
      }
    }
    if (w.type === 'text' && typeof p.markdown !== 'string') problems.push(`${at}: text widget without markdown`);
    if (w.type === 'log' && (typeof p.query !== 'string' || typeof p.region !== 'string')) problems.push(`${at}: log widget needs query and region`);
  });
  return problems;
}
