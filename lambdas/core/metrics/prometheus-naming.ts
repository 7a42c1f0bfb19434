/**
 * OTLP → Prometheus name translation, following the OpenTelemetry compatibility
 * specification as Prometheus' OTLP receiver applies it with its default strategy
 * (underscore escaping, with type and unit suffixes).
 */

/** The metric kinds naming depends on. */
export type NamingType = 'gauge' | 'counter' | 'non-monotonic-sum' | 'histogram' | 'summary';

const UNITS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

const PER_UNITS: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The Prometheus metric name for an OTLP metric name, unit and kind. */
export function prometheusMetricName(name: string, unit: string | undefined, type: NamingType): string {
  const tokens = name.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');
  const { main, per } = unitSuffixes(unit ?? '');
  if (main && !tokens.includes(main)) tokens.push(main);
  if (per && !tokens.includes(per)) tokens.push(per);
  let out = tokens;
  if (type === 'counter') out = [...out.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && type === 'gauge') out = [...out.filter((t) => t !== 'ratio'), 'ratio'];
  const joined = out.join('_');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** The unit as Prometheus names it (the suffix without type suffixes), e.g. `s` → `seconds`, `By/s` → `bytes_per_second`. */
export function prometheusUnit(unit: string | undefined): string {
  const { main, per } = unitSuffixes(unit ?? '');
  return [main, per].filter((x) => x).join('_');
}

/**
 * A valid Prometheus label name for an attribute key: invalid characters become `_`,
 * a leading digit or a single leading underscore gets a `key_`/`key` prefix.
 * Returns '' when nothing usable is left (the attribute is then dropped and reported).
 */
export function prometheusLabelName(key: string): string {
  if (key === '') return '';
  if (LABEL_RE.test(key) && !/^_[^_]/.test(key)) return key;
  let out = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  else if (/^_[^_]/.test(out)) out = `key${out}`;
  return /^_+$/.test(out) ? '' : out;
}

function unitSuffixes(unit: string): { main: string; per: string } {
  const [mainRaw, perRaw] = unit.split('/', 2).map((s) => s.trim());
  let main = '';
  let per = '';
  if (mainRaw && !/[{}]/.test(mainRaw)) main = clean(UNITS[mainRaw] ?? mainRaw);
  if (perRaw && !/[{}]/.test(perRaw)) {
    const p = clean(PER_UNITS[perRaw] ?? perRaw);
    if (p) per = `per_${p}`;
  }
  return { main, per };
}

function clean(s: string): string {
  return s
    .replace(/[^a-zA-Z0-9:]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
}
