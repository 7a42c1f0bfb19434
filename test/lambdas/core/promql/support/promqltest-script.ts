import type { Labels } from '../../../../../lambdas/core/domain/series';
import { parseDuration } from '../../../../../lambdas/core/promql/literals';
import { unquoteString } from '../../../../../lambdas/core/promql/literals';

/** One value of a series description: a number, `_` (omitted), `stale`, or a native histogram (unsupported). */
export type SeqValue = { kind: 'float'; value: number } | { kind: 'omitted' } | { kind: 'stale' } | { kind: 'histogram' };

/** A series line: labels and expanded values. */
export interface SeriesDesc {
  readonly labels: Labels;
  readonly values: SeqValue[];
}

/** An `expect` line. */
export interface Expectation {
  readonly type: 'fail' | 'warn' | 'info' | 'no_warn' | 'no_info' | 'ordered';
  readonly msg?: string;
  readonly regex?: RegExp;
}

/** A command of a promqltest script. */
export type Command =
  | { readonly kind: 'load'; readonly interval: number; readonly series: SeriesDesc[]; readonly withNhcb: boolean; readonly line: number }
  | { readonly kind: 'clear'; readonly line: number }
  | {
      readonly kind: 'eval';
      readonly line: number;
      readonly expr: string;
      readonly instant: boolean;
      readonly start: number;
      readonly end: number;
      readonly step: number;
      readonly expects: Expectation[];
      readonly series: SeriesDesc[];
      readonly scalar?: number;
      readonly string?: string;
      readonly rangeVector?: { start: number; end: number; step: number };
      /** Whether the test text itself mentions native histograms (`{{`). */
      readonly native: boolean;
    };

const NUM = '[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|0x[0-9a-fA-F]+|[Ii]nf|NaN)';
const EXPAND = new RegExp(`^(${NUM})([+-])(${NUM})x(\\d+)$`);
const REPEAT = new RegExp(`^(${NUM})x(\\d+)$`);

function num(s: string): number {
  const l = s.toLowerCase().replace(/^\+/, '');
  if (l === 'inf') return Infinity;
  if (l === '-inf') return -Infinity;
  if (l === 'nan') return NaN;
  return Number(s);
}

function duration(s: string): number {
  const d = parseDuration(s) ?? (s === '0' ? 0 : undefined);
  if (d === undefined) throw new Error(`bad duration ${s}`);
  return d;
}

/** Splits `metric{a="b"} 1 2 3` into the metric part and the rest. */
function splitMetric(line: string): [string, string] {
  const brace = line.indexOf('{');
  const space = line.search(/\s/);
  if (brace === -1 || (space !== -1 && space < brace)) return space === -1 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)];
  let inQuote = '';
  for (let i = brace; i < line.length; i++) {
    const c = line[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === inQuote) inQuote = '';
    } else if (c === '"' || c === "'" || c === '`') inQuote = c;
    else if (c === '}') return [line.slice(0, i + 1), line.slice(i + 1)];
  }
  throw new Error(`unterminated labels in ${line}`);
}

/** Parses `name{a="b", "c"="d"}` into labels. */
export function parseMetric(text: string): Labels {
  const out: Record<string, string> = {};
  const brace = text.indexOf('{');
  const name = brace === -1 ? text : text.slice(0, brace);
  if (name) out.__name__ = name;
  if (brace === -1) return out;
  const body = text.slice(brace + 1, -1);
  const re = /\s*(?:([a-zA-Z_:][a-zA-Z0-9_:.]*)|("(?:[^"\\]|\\.)*"))\s*(?:(=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`))?\s*,?/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < body.length && (m = re.exec(body)) !== null) {
    if (m[0] === '') break;
    const key = m[1] ?? unquoteString(m[2]);
    if (m[3]) out[key] = unquoteString(m[4]);
    else out.__name__ = key;
  }
  for (const k of Object.keys(out)) if (out[k] === '') delete out[k];
  return out;
}

/** Expands the value tokens of a series description. */
export function parseValues(text: string): SeqValue[] {
  const out: SeqValue[] = [];
  // Tokens split on whitespace outside `{{ ... }}` native-histogram literals.
  const tokens: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' && text[i + 1] === '{') {
      depth++;
      cur += '{{';
      i++;
    } else if (c === '}' && text[i + 1] === '}') {
      depth--;
      cur += '}}';
      i++;
    } else if (/\s/.test(c) && depth === 0) {
      if (cur) tokens.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) tokens.push(cur);
  for (const t of tokens) {
    if (t.includes('{{')) {
      const reps = t.match(/x(\d+)$/);
      for (let i = 0; i <= (reps ? Number(reps[1]) : 0); i++) out.push({ kind: 'histogram' });
      continue;
    }
    if (t === '_') out.push({ kind: 'omitted' });
    else if (t === 'stale') out.push({ kind: 'stale' });
    else if (/^_x\d+$/.test(t)) for (let i = 0; i < Number(t.slice(2)); i++) out.push({ kind: 'omitted' });
    else if (EXPAND.test(t)) {
      const [, a, sign, b, n] = EXPAND.exec(t) as RegExpExecArray;
      let k = num(a);
      const inc = sign === '-' ? -num(b) : num(b);
      for (let i = 0; i <= Number(n); i++) {
        out.push({ kind: 'float', value: k });
        k += inc;
      }
    } else if (REPEAT.test(t)) {
      const [, a, n] = REPEAT.exec(t) as RegExpExecArray;
      for (let i = 0; i <= Number(n); i++) out.push({ kind: 'float', value: num(a) });
    } else {
      const v = num(t);
      if (Number.isNaN(v) && t.toLowerCase() !== 'nan') throw new Error(`bad value ${t}`);
      out.push({ kind: 'float', value: v });
    }
  }
  return out;
}

function parseSeriesLine(line: string): SeriesDesc {
  const [metric, values] = splitMetric(line);
  return { labels: parseMetric(metric), values: parseValues(values) };
}

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const RANGE_VECTOR = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;

/** Parses a whole promqltest script into commands (throws on syntax it does not know). */
export function parseScript(text: string): Command[] {
  const lines = text.split('\n').map((l) => (l.trim().startsWith('#') ? '' : l.trim()));
  const cmds: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l) continue;
    const word = l.split(/\s+/)[0].toLowerCase();
    if (word === 'clear') {
      cmds.push({ kind: 'clear', line: i + 1 });
    } else if (word.startsWith('load')) {
      const interval = duration(l.split(/\s+/)[1]);
      const series: SeriesDesc[] = [];
      const start = i;
      while (i + 1 < lines.length && lines[i + 1]) {
        const line = lines[++i];
        // `metric@st ...` lines carry start timestamps, which this engine does not use.
        if (/^\S*(\{[^}]*\})?@st\s/.test(line)) continue;
        series.push(parseSeriesLine(line));
      }
      cmds.push({ kind: 'load', interval, series, withNhcb: word === 'load_with_nhcb', line: start + 1 });
    } else if (word.startsWith('eval')) {
      const start = i;
      const inst = EVAL_INSTANT.exec(l);
      const rng = EVAL_RANGE.exec(l);
      if (!inst && !rng) throw new Error(`line ${i + 1}: bad eval ${l}`);
      const mod = inst ? inst[1] : (rng as RegExpExecArray)[1];
      const expects: Expectation[] = [];
      if (mod === 'fail' || mod === 'warn' || mod === 'info' || mod === 'ordered') expects.push({ type: mod });
      const series: SeriesDesc[] = [];
      let scalar: number | undefined;
      let str: string | undefined;
      let rangeVector: { start: number; end: number; step: number } | undefined;
      let native = false;
      while (i + 1 < lines.length && lines[i + 1]) {
        const d = lines[++i];
        if (d.includes('{{')) native = true;
        if (d.startsWith('expected_fail_message') || d.startsWith('expected_fail_regexp')) continue;
        const rv = RANGE_VECTOR.exec(d);
        if (rv) {
          rangeVector = { start: duration(rv[1]), end: duration(rv[2]), step: duration(rv[3]) };
          continue;
        }
        if (d.startsWith('expect string')) {
          str = JSON.parse(d.slice('expect string'.length).trim().replace(/^`(.*)`$/, (_a, x: string) => JSON.stringify(x)));
          continue;
        }
        if (d.split(' ')[0] === 'expect') {
          const m = EXPECT.exec(d);
          if (!m) throw new Error(`line ${i + 1}: bad expect ${d}`);
          const type = m[1] as Expectation['type'];
          const msg = m[2] === 'msg' ? m[3].trim() : undefined;
          const regex = m[2] === 'regex' ? new RegExp(m[3].trim()) : undefined;
          expects.push({ type, msg, regex });
          continue;
        }
        if (new RegExp(`^${NUM}$`).test(d)) {
          scalar = num(d);
          continue;
        }
        series.push(parseSeriesLine(d));
      }
      const common = { kind: 'eval' as const, line: start + 1, expects, series, scalar, string: str, rangeVector, native };
      if (inst) {
        const at = duration(inst[2] ?? '0');
        cmds.push({ ...common, expr: inst[3], instant: true, start: at, end: at, step: 0 });
      } else {
        const r = rng as RegExpExecArray;
        cmds.push({ ...common, expr: r[5], instant: false, start: duration(r[2]), end: duration(r[3]), step: duration(r[4]) });
      }
    } else {
      throw new Error(`line ${i + 1}: unknown command ${l}`);
    }
  }
  return cmds;
}
