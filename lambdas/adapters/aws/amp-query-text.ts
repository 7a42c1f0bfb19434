import type { LabelMatcher } from '../../core/domain/series';

/** Label names Prometheus accepts unquoted (and AMP accepts on ingest). */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A selector `{a="x",b=~"y"}` for the matchers, or `undefined` when no series can match
 * (a matcher on a label name no stored series can have that refuses the empty value).
 * Prometheus refuses selectors whose every matcher matches the empty string, so such a
 * selection gets `__name__=~".+"`, which every stored series satisfies.
 */
export function selectorFor(matchers: readonly LabelMatcher[]): string | undefined {
  const parts: string[] = [];
  let nonEmpty = false;
  for (const m of matchers) {
    if (!LABEL_NAME.test(m.name)) {
      // Such a label never reaches the workspace, so on every series it reads as ''.
      if (!matchesEmpty(m)) return undefined;
      continue;
    }
    parts.push(`${m.name}${m.op}${JSON.stringify(m.value)}`);
    if (!matchesEmpty(m)) nonEmpty = true;
  }
  if (!nonEmpty) parts.unshift('__name__=~".+"');
  return `{${parts.join(',')}}`;
}

function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return anchored(m.value).test('');
    case '!~':
      return !anchored(m.value).test('');
  }
}

function anchored(re: string): RegExp {
  try {
    return new RegExp(`^(?:${re})$`, 'su');
  } catch {
    // An RE2 construct JavaScript lacks: assume it can match '' so the workspace decides.
    return /^/;
  }
}

/** Unix seconds with millisecond precision, as the Prometheus API takes times. */
export function promTime(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** A Prometheus API timestamp (float seconds) in ms. */
export function fromPromTime(seconds: number | string): number {
  return Math.round(Number(seconds) * 1000);
}

/** A Prometheus API sample value: Go float formatting, with `+Inf`, `-Inf` and `NaN`. */
export function fromPromValue(value: string): number {
  if (value === '+Inf' || value === 'Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  if (value === 'NaN') return Number.NaN;
  return Number(value);
}

/** An `application/x-www-form-urlencoded` body; repeated keys for arrays (`match[]`). */
export function formBody(fields: Readonly<Record<string, string | readonly string[] | undefined>>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const one of typeof v === 'string' ? [v] : v) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(one)}`);
  }
  return parts.join('&');
}
