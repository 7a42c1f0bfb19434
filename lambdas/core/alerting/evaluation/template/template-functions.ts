import { parseDuration } from '../../duration';
import { GoTime, goFormatG, goPrint, goSprintf } from './go-format';
import { TemplateError } from './template-parser';

/** A template function: evaluated arguments in, one value out (throw TemplateError to fail the template). */
export type TemplateFunction = (...args: unknown[]) => unknown;

/** A float64 view of a template value (numbers, Go ints, numeric strings), as Prometheus' `convertToFloat` does. */
export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const s = v.trim();
    const n = s === '+Inf' || s === 'Inf' ? Infinity : s === '-Inf' ? -Infinity : s === 'NaN' ? NaN : Number(s);
    if (s === '' || (Number.isNaN(n) && s !== 'NaN')) throw new TemplateError(`can't convert "${v}" to float`);
    return n;
  }
  if (v instanceof GoTime) return v.ms / 1000;
  throw new TemplateError(`can't convert ${goPrint(v)} to float`);
}

/** Go's notion of truth: false, 0, nil and empty strings, lists and maps are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0 || v === 0n) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && !(v instanceof GoTime)) return Object.keys(v).length > 0;
  return true;
}

function scaled(v: number, base: number, big: readonly string[], small: readonly string[]): string {
  if (v === 0 || !Number.isFinite(v)) return goFormatG(v, 4);
  if (Math.abs(v) >= 1) {
    let prefix = '';
    for (const p of big) {
      if (Math.abs(v) < base) break;
      prefix = p;
      v /= base;
    }
    return goFormatG(v, 4) + prefix;
  }
  let prefix = '';
  for (const p of small) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return goFormatG(v, 4) + prefix;
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return goFormatG(v, 4);
  if (v === 0) return '0s';
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const a = Math.abs(v);
    const whole = Math.trunc(a);
    const s = whole % 60;
    const m = Math.trunc(whole / 60) % 60;
    const h = Math.trunc(whole / 3600) % 24;
    const d = Math.trunc(whole / 86400);
    if (d !== 0) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return `${sign}${goFormatG(a, 4)}s`;
  }
  return `${scaled(v, 1000, [], ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'])}s`;
}

function compare(a: unknown, b: unknown): number {
  const na = typeof a === 'number' || typeof a === 'bigint';
  const nb = typeof b === 'number' || typeof b === 'bigint';
  if (na && nb) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError(`incompatible types for comparison: ${goPrint(a)} and ${goPrint(b)}`);
}

function equal(a: unknown, b: unknown): boolean {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return Number(a) === Number(b);
  return a === b;
}

const goRegex = (pattern: string): RegExp => {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'));
  } catch (e) {
    throw new TemplateError(`bad regexp "${pattern}": ${(e as Error).message}`);
  }
};

type Sample = { Labels?: Record<string, string>; Value?: number };

/** Prometheus' template functions plus Go's built-ins; `query` is not supported (it needs a query engine). */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  humanize: (v) => scaled(toFloat(v), 1000, ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'], ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']),
  humanize1024: (v) => {
    const f = toFloat(v);
    if (Math.abs(f) <= 1 || !Number.isFinite(f)) return goFormatG(f, 4);
    return scaled(f, 1024, ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'], []);
  },
  humanizeDuration: (v) => humanizeDuration(toFloat(v)),
  humanizePercentage: (v) => `${goFormatG(toFloat(v) * 100, 4)}%`,
  humanizeTimestamp: (v) => {
    const f = toFloat(v);
    return Number.isFinite(f) ? new GoTime(Math.round(f * 1000)).toString() : goFormatG(f, 4);
  },
  toTime: (v) => new GoTime(Math.round(toFloat(v) * 1000)),
  parseDuration: (v) => {
    try {
      return parseDuration(String(v)) / 1000;
    } catch {
      throw new TemplateError(`not a valid duration string: "${String(v)}"`);
    }
  },
  // Go's strings.Title: a letter after anything but a letter, digit or underscore starts a word.
  title: (s) => String(s).replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  toUpper: (s) => String(s).toUpperCase(),
  toLower: (s) => String(s).toLowerCase(),
  stripPort: (s) => {
    const h = String(s);
    const m = /^\[(.*)\]:\d*$/.exec(h) ?? /^([^:]*):\d*$/.exec(h);
    return m ? m[1] : h;
  },
  stripDomain: (s) => {
    const h = String(s);
    const m = /^(.*?)(:\d+)?$/.exec(h)!;
    if (/^\[|^\d+\.\d+\.\d+\.\d+$/.test(m[1])) return h;
    return m[1].split('.')[0] + (m[2] ?? '');
  },
  match: (pattern, text) => goRegex(String(pattern)).test(String(text)),
  reReplaceAll: (pattern, repl, text) => {
    const re = goRegex(String(pattern));
    return String(text).replace(new RegExp(re.source, 'g'), String(repl).replace(/\$\{(\w+)\}/g, '$$<$1>').replace(/\$<(\d+)>/g, '$$$1'));
  },
  label: (name, sample) => (sample as Sample | undefined)?.Labels?.[String(name)] ?? '',
  value: (sample) => (sample as Sample | undefined)?.Value ?? NaN,
  first: (list) => {
    if (!Array.isArray(list) || list.length === 0) throw new TemplateError('first() called on vector with no elements');
    return list[0];
  },
  sortByLabel: (name, list) =>
    [...(list as Sample[])].sort((a, b) => compare(a.Labels?.[String(name)] ?? '', b.Labels?.[String(name)] ?? '')),
  args: (...a) => Object.fromEntries(a.map((v, i) => [`arg${i}`, v])),
  strvalue: (sample) => (sample as Sample | undefined)?.Labels?.__value__ ?? '',
  safeHtml: (s) => String(s),
  graphLink: () => '',
  tableLink: () => '',
  pathPrefix: () => '',
  query: () => {
    throw new TemplateError('the query function is not supported in rule templates here');
  },
  printf: (format, ...a) => goSprintf(String(format), a),
  print: (...a) => a.map((v, i) => (i > 0 && typeof v !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + goPrint(v)).join(''),
  println: (...a) => `${a.map(goPrint).join(' ')}\n`,
  len: (v) => BigInt(typeof v === 'string' || Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  index: (v, ...keys) => {
    let cur: unknown = v;
    for (const k of keys) {
      if (Array.isArray(cur)) cur = cur[Number(k)];
      else if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[String(k)] ?? '';
      else throw new TemplateError(`can't index ${goPrint(cur)}`);
    }
    return cur;
  },
  eq: (a, ...rest) => rest.some((b) => equal(a, b)),
  ne: (a, b) => !equal(a, b),
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  and: (...a) => a.find((v) => !truthy(v)) ?? a[a.length - 1],
  or: (...a) => a.find((v) => truthy(v)) ?? a[a.length - 1],
  not: (v) => !truthy(v),
  html: (s) => goPrint(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
  js: (s) => goPrint(s).replace(/[\\'"<>&=]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`),
  urlquery: (...a) => encodeURIComponent(a.map(goPrint).join('')).replace(/%20/g, '+'),
};
