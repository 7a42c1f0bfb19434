import type { LogQueryNode, LogQueryTerm } from '../../domain/log-query-ast';
import { lexLogQuery, syntaxError, type LogQueryToken } from './log-query-lexer';

/** Fields of a record the language names directly (case-insensitive; `_` and `.` forms accepted). */
const FIELDS: Readonly<Record<string, string>> = {
  service: 'service',
  level: 'level',
  severity: 'level',
  source: 'source',
  traceid: 'traceId',
  spanid: 'spanId',
  patternid: 'patternId',
  pattern: 'patternId',
  id: 'id',
  message: 'message',
  msg: 'message',
};

const FIELD_NAME = /^[A-Za-z_@][\w.@-]*$/;
const MAX_DEPTH = 64;

/** The canonical field a query names: a record field, or `attributes.<key>` for anything else. */
export function canonicalField(name: string): string {
  const key = name.toLowerCase().replace(/[_.]/g, '');
  if (FIELDS[key]) return FIELDS[key];
  return name.startsWith('attributes.') ? name : `attributes.${name}`;
}

/**
 * Parses a Lucene-style log query into an AST: `field:value`, `field:"a phrase"`,
 * `field:(a OR b)`, free words and quoted phrases, `AND`/`OR`/`NOT` (also `&&`, `||`, `!`,
 * `-`), parentheses and the wildcards `*` and `?`. Adjacent terms are joined with AND (every
 * word must match, as most log tools do); AND binds tighter than OR. Throws invalid_argument
 * (400) with the position on a syntax error.
 */
export function parseLogQuery(query: string): LogQueryNode {
  const tokens = lexLogQuery(query);
  if (tokens.length === 0) throw syntaxError('the query is empty', 0, query);
  let at = 0;
  const peek = (): LogQueryToken | undefined => tokens[at];
  const end = () => (tokens.length > 0 ? tokens[tokens.length - 1].pos + 1 : 0);

  const parseOr = (depth: number, field?: string): LogQueryNode => {
    const children = [parseAnd(depth, field)];
    while (peek()?.kind === 'or') {
      at++;
      children.push(parseAnd(depth, field));
    }
    return children.length === 1 ? children[0] : { type: 'or', children };
  };
  const parseAnd = (depth: number, field?: string): LogQueryNode => {
    const children = [parseUnary(depth, field)];
    for (;;) {
      const t = peek();
      if (!t || t.kind === 'or' || t.kind === 'rparen') break;
      if (t.kind === 'and') at++;
      children.push(parseUnary(depth, field));
    }
    return children.length === 1 ? children[0] : { type: 'and', children };
  };
  const parseUnary = (depth: number, field?: string): LogQueryNode => {
    const t = peek();
    if (t && (t.kind === 'not' || t.kind === 'minus')) {
      at++;
      return { type: 'not', child: parseUnary(depth, field) };
    }
    return parsePrimary(depth, field);
  };
  const parsePrimary = (depth: number, field?: string): LogQueryNode => {
    if (depth > MAX_DEPTH) throw syntaxError('the query nests too deeply', peek()?.pos ?? end(), query);
    const t = peek();
    if (!t) throw syntaxError('expected a term', end(), query);
    if (t.kind === 'lparen') {
      at++;
      const inner = parseOr(depth + 1, field);
      if (peek()?.kind !== 'rparen') throw syntaxError('expected ")"', peek()?.pos ?? end(), query);
      at++;
      return inner;
    }
    if (t.kind === 'phrase') {
      at++;
      return term(field, t.text, true, false);
    }
    if (t.kind === 'word') {
      at++;
      if (peek()?.kind === 'colon') {
        if (field !== undefined) throw syntaxError('a field cannot be named inside another field\'s group', t.pos, query);
        if (!FIELD_NAME.test(t.text)) throw syntaxError(`${JSON.stringify(t.text)} is not a field name`, t.pos, query);
        at++;
        const next = peek();
        if (!next || next.kind === 'rparen' || next.kind === 'and' || next.kind === 'or' || next.kind === 'colon') {
          throw syntaxError(`expected a value after "${t.text}:"`, next?.pos ?? end(), query);
        }
        return parsePrimary(depth + 1, canonicalField(t.text));
      }
      return term(field, t.wildcard ? wordValue(t.text) : t.text, false, t.wildcard);
    }
    throw syntaxError(`unexpected ${t.kind === 'colon' ? '":"' : t.kind === 'rparen' ? '")"' : t.kind.toUpperCase()}`, t.pos, query);
  };

  const node = parseOr(0);
  if (at < tokens.length) throw syntaxError(`unexpected ${tokens[at].kind === 'rparen' ? '")"' : 'token'}`, tokens[at].pos, query);
  return node;
}

function term(field: string | undefined, value: string, phrase: boolean, wildcard: boolean): LogQueryTerm {
  return { type: 'term', ...(field !== undefined && { field }), value, phrase, wildcard };
}

/** Lexer marks of a wildcard word become the AST's form: wildcards bare, literal `*`, `?` and `\` escaped. */
function wordValue(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\u0000') out += text[++i];
    else out += /[*?\\]/.test(text[i]) ? `\\${text[i]}` : text[i];
  }
  return out;
}
