import { PlatformError } from '../../domain/errors';

/** A token of the log query language. */
export type LogQueryToken =
  | { readonly kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' | 'colon'; readonly pos: number }
  | { readonly kind: 'word'; readonly pos: number; readonly text: string; readonly wildcard: boolean }
  | { readonly kind: 'phrase'; readonly pos: number; readonly text: string };

/** Marks an unescaped wildcard inside a word's text (escaped `*`/`?` stay literal). */
export const WILD_STAR = '\u0000*';
export const WILD_ONE = '\u0000?';

const SPECIAL = new Set(['(', ')', '"', ':']);

/** A syntax error with the character position, answered as 400. */
export function syntaxError(message: string, pos: number, query: string): PlatformError {
  return new PlatformError('invalid_argument', `query syntax error at position ${pos + 1}: ${message}`, [{ in: 'query', position: pos + 1, query: query.slice(0, 200) }]);
}

/**
 * Splits a query into tokens: parentheses, quoted phrases (with `\"` escapes), `:` after a
 * field name, the operators `AND`/`OR`/`NOT` (and `&&`, `||`, `!`, a leading `-`) and words
 * (backslash escapes any character; unescaped `*` and `?` are wildcards).
 */
export function lexLogQuery(query: string): LogQueryToken[] {
  const out: LogQueryToken[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'lparen' : 'rparen', pos: i++ });
    } else if (c === ':') {
      out.push({ kind: 'colon', pos: i++ });
    } else if (c === '"') {
      const start = i++;
      let text = '';
      while (i < query.length && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < query.length) i++;
        text += query[i++];
      }
      if (i >= query.length) throw syntaxError('unterminated quoted phrase', start, query);
      i++;
      out.push({ kind: 'phrase', pos: start, text });
    } else if ((c === '&' && query[i + 1] === '&') || (c === '|' && query[i + 1] === '|')) {
      out.push({ kind: c === '&' ? 'and' : 'or', pos: i });
      i += 2;
    } else if (c === '!' && query[i + 1] !== '=') {
      out.push({ kind: 'not', pos: i++ });
    } else if (c === '-' && (out.length === 0 || /[\s(]/.test(query[i - 1] ?? ' ')) && i + 1 < query.length && !/\s/.test(query[i + 1])) {
      out.push({ kind: 'minus', pos: i++ });
    } else {
      const start = i;
      let text = '';
      let wildcard = false;
      while (i < query.length && !/\s/.test(query[i]) && !SPECIAL.has(query[i])) {
        if (query[i] === '\\' && i + 1 < query.length) {
          text += query[i + 1];
          i += 2;
        } else if (query[i] === '*' || query[i] === '?') {
          text += `\u0000${query[i++]}`;
          wildcard = true;
        } else text += query[i++];
      }
      const raw = query.slice(start, i);
      if (raw === 'AND' || raw === 'OR' || raw === 'NOT') out.push({ kind: raw.toLowerCase() as 'and' | 'or' | 'not', pos: start });
      else out.push({ kind: 'word', pos: start, text, wildcard });
    }
  }
  return out;
}
