import { PlatformError } from '../../core/domain/errors';
import type { LabelMatcher, MatchOperator } from '../../core/domain/series';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OPS: readonly MatchOperator[] = ['=~', '!~', '!=', '='];

/**
 * Parses a plain metric selector, `name`, `name{label="v",other=~"a|b"}` or `{__name__="x"}`,
 * into matchers: what the datasource and raw-series endpoints accept until PromQL lands.
 */
export function parseMetricSelector(text: string): LabelMatcher[] {
  let rest = text.trim();
  const matchers: LabelMatcher[] = [];
  const name = NAME.exec(rest);
  if (name) {
    matchers.push({ name: '__name__', op: '=', value: name[0] });
    rest = rest.slice(name[0].length).trimStart();
  }
  if (rest.startsWith('{')) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith('}')) {
      const { matcher, rest: after } = readMatcher(rest, text);
      matchers.push(matcher);
      rest = after.trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith('}')) throw bad(text, 'expected , or }');
    }
    rest = rest.slice(1).trim();
  }
  if (rest !== '') throw bad(text, `unexpected ${JSON.stringify(rest.slice(0, 20))}`);
  if (matchers.length === 0) throw bad(text, 'a selector needs a metric name or a label matcher');
  return matchers;
}

/** Parses one `label<op>value` filter as the raw-series endpoint takes it (quotes around the value optional). */
export function parseLabelFilter(text: string): LabelMatcher {
  const { matcher, rest } = readMatcher(text, text, true);
  if (rest.trim() !== '') throw bad(text, 'unexpected text after the value');
  return matcher;
}

function readMatcher(input: string, whole: string, bareValue = false): { matcher: LabelMatcher; rest: string } {
  const label = LABEL.exec(input);
  if (!label) throw bad(whole, 'expected a label name');
  let rest = input.slice(label[0].length).trimStart();
  const op = OPS.find((o) => rest.startsWith(o));
  if (!op) throw bad(whole, 'expected one of = != =~ !~');
  rest = rest.slice(op.length).trimStart();
  if (rest.startsWith('"') || rest.startsWith("'")) {
    const quote = rest[0];
    let value = '';
    let i = 1;
    for (; i < rest.length && rest[i] !== quote; i++) {
      if (rest[i] === '\\' && i + 1 < rest.length) {
        const next = rest[++i];
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else value += rest[i];
    }
    if (i >= rest.length) throw bad(whole, 'unterminated string');
    return { matcher: { name: label[0], op, value }, rest: rest.slice(i + 1) };
  }
  if (!bareValue) throw bad(whole, 'expected a quoted value');
  return { matcher: { name: label[0], op, value: rest }, rest: '' };
}

function bad(text: string, why: string): PlatformError {
  return new PlatformError('invalid_argument', `invalid selector ${JSON.stringify(text)}: ${why}`, [{ selector: text }]);
}
