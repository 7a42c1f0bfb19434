import type { LogQueryNode, LogQueryTerm } from '../../core/domain/log-query-ast';

/** A SQL condition over `log_records r` with its parameters. */
export interface SqlCondition {
  readonly sql: string;
  readonly params: unknown[];
}

const COLUMNS: Readonly<Record<string, string>> = {
  service: 'r.service',
  level: 'r.level',
  source: 'r.source',
  traceId: 'r.trace_id',
  spanId: 'r.span_id',
  patternId: 'r.pattern_id',
  id: 'r.id',
};
// Ids are stored in lower case; level names too.
const LOWER = new Set(['level', 'traceId', 'spanId']);

/** The SQL expression of a field (a column, or the attribute's value as text). */
export function fieldExpression(field: string): { sql: string; params: unknown[] } {
  const column = COLUMNS[field];
  if (column) return { sql: column, params: [] };
  if (field === 'message') return { sql: 'r.message', params: [] };
  const key = field.startsWith('attributes.') ? field.slice('attributes.'.length) : field;
  return { sql: `CAST(json_extract(r.attributes, ?) AS TEXT)`, params: [`$."${key.replace(/"/g, '""')}"`] };
}

/**
 * Compiles a query AST to a SQL condition. Free text and `message:` terms without inner
 * wildcards go to the FTS5 index (siblings under one AND/OR share a single MATCH); other
 * wildcards become LIKE; fields become column or JSON comparisons.
 */
export function compileLogFilter(node: LogQueryNode): SqlCondition {
  switch (node.type) {
    case 'not': {
      const inner = compileLogFilter(node.child);
      return { sql: `NOT (${inner.sql})`, params: inner.params };
    }
    case 'and':
    case 'or': {
      const fts: string[] = [];
      const parts: SqlCondition[] = [];
      for (const child of node.children) {
        const text = child.type === 'term' ? ftsTerm(child) : undefined;
        if (text !== undefined) fts.push(text);
        else parts.push(compileLogFilter(child));
      }
      if (fts.length > 0) parts.unshift(matchCondition(fts.join(node.type === 'and' ? ' AND ' : ' OR ')));
      const joiner = node.type === 'and' ? ' AND ' : ' OR ';
      return { sql: parts.map((p) => `(${p.sql})`).join(joiner), params: parts.flatMap((p) => p.params) };
    }
    case 'term': {
      const text = ftsTerm(node);
      return text !== undefined ? matchCondition(text) : termCondition(node);
    }
  }
}

function matchCondition(expression: string): SqlCondition {
  return { sql: 'r.seq IN (SELECT rowid FROM log_fts WHERE log_fts MATCH ?)', params: [expression] };
}

/** The FTS5 expression of a text term, or undefined when FTS5 cannot express it. */
function ftsTerm(t: LogQueryTerm): string | undefined {
  if (t.field !== undefined && t.field !== 'message') return undefined;
  const column = t.field === 'message' ? 'message : ' : '';
  if (!t.wildcard) return /\w/.test(t.value) ? `${column}"${t.value.replace(/"/g, '""')}"` : undefined;
  // Only a trailing `*` is a prefix query in FTS5.
  const m = /^((?:[^*?\\]|\\.)+)\*$/.exec(t.value);
  if (!m) return undefined;
  const prefix = unescape(m[1]);
  return /^\w+$/.test(prefix) ? `${column}"${prefix}" *` : undefined;
}

function termCondition(t: LogQueryTerm): SqlCondition {
  const field = t.field ?? 'message';
  const expr = fieldExpression(field);
  const lower = LOWER.has(field);
  if (t.wildcard && /^\*+$/.test(t.value)) return { sql: `${expr.sql} IS NOT NULL AND ${expr.sql} != ''`, params: [...expr.params, ...expr.params] };
  if (t.wildcard || t.field === undefined || t.field === 'message') {
    // Free text and message terms match anywhere in the text; field wildcards match the whole value.
    const pattern = likePattern(t.wildcard ? t.value : escapeWild(t.value), lower);
    const anywhere = t.field === undefined || t.field === 'message' ? `%${pattern}%` : pattern;
    return { sql: `${expr.sql} LIKE ? ESCAPE '\\'`, params: [...expr.params, anywhere] };
  }
  const exact = { sql: `${expr.sql} = ?`, params: [...expr.params, lower ? t.value.toLowerCase() : t.value] };
  if (COLUMNS[field] || !/\w/.test(t.value)) return exact;
  // The FTS index also covers the attributes' JSON, so an attribute equal to the value has its
  // words there: a cheap necessary condition that spares a json_extract over every row.
  const words = matchCondition(`attributes : "${t.value.replace(/"/g, '""')}"`);
  return { sql: `${words.sql} AND ${exact.sql}`, params: [...words.params, ...exact.params] };
}

function escapeWild(value: string): string {
  return value.replace(/[*?\\]/g, (c) => `\\${c}`);
}

/** AST wildcard value → LIKE pattern (`*` → `%`, `?` → `_`, literal `%` `_` `\` escaped). */
function likePattern(value: string, lower: boolean): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i];
      out += /[%_\\]/.test(next) ? `\\${next}` : next;
    } else if (c === '*') out += '%';
    else if (c === '?') out += '_';
    else out += /[%_]/.test(c) ? `\\${c}` : c;
  }
  return lower ? out.toLowerCase() : out;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
