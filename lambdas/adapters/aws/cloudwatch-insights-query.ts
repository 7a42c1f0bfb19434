import type { LogQueryNode, LogQueryTerm } from '../../core/domain/log-query-ast';
import type { LogAggregation, LogSearch } from '../../core/ports/log-store';

/** Record fields as the stored JSON lines name them (see CloudWatchLogStore). */
const FIELDS: Readonly<Record<string, string>> = {
  service: 'service',
  level: 'level',
  source: 'source',
  traceId: 'traceId',
  spanId: 'spanId',
  patternId: 'patternId',
  id: 'id',
  message: 'message',
};

/** A Logs Insights string literal. */
function str(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A field name, backquoted when it holds characters outside Insights' plain names. */
function fieldName(field: string): string {
  const name = FIELDS[field] ?? field;
  return /^[A-Za-z_@][\w.]*$/.test(name) ? name : `\`${name.replace(/`/g, '')}\``;
}

/** A regex literal for Insights (`/.../`), with the AST's wildcards; anchored for whole values. */
function regex(value: string, anchored: boolean): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) out += escapeRegex(value[++i]);
    else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else out += escapeRegex(c);
  }
  return `/${anchored ? `^${out}$` : out}/`;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function term(t: LogQueryTerm): string {
  if (t.field === undefined || t.field === 'message') {
    const target = t.field === undefined ? '@message' : 'message';
    return t.wildcard ? `${target} like ${regex(t.value, false)}` : `${target} like ${str(t.value)}`;
  }
  const name = fieldName(t.field);
  if (t.wildcard && /^\*+$/.test(t.value)) return `ispresent(${name})`;
  if (t.wildcard) return `${name} like ${regex(t.value, true)}`;
  const value = t.field === 'level' || t.field === 'traceId' || t.field === 'spanId' ? t.value.toLowerCase() : t.value;
  return `${name} = ${str(value)}`;
}

/** The Insights filter expression of a query AST. */
export function insightsFilter(node: LogQueryNode): string {
  switch (node.type) {
    case 'term':
      return term(node);
    case 'not':
      return `not (${insightsFilter(node.child)})`;
    case 'and':
    case 'or':
      return node.children.map((c) => `(${insightsFilter(c)})`).join(` ${node.type} `);
  }
}

/** Where the next page starts: the last record's timestamp and id. */
export interface InsightsPosition {
  readonly ts: number;
  readonly id: string;
}

/**
 * The Logs Insights query of a search: the stored JSON line in `@message`, the plain filters
 * and the parsed query as `filter` commands, keyset paging on (timestamp, id), newest first
 * by default, one row more than the page to know whether another follows.
 */
export function insightsQueryString(search: LogSearch, limit: number, after?: InsightsPosition): string {
  const desc = (search.order ?? 'desc') === 'desc';
  const filters = insightsFilters(search);
  if (after) {
    const op = desc ? '<' : '>';
    filters.push(`timestamp ${op} ${after.ts} or (timestamp = ${after.ts} and id ${op} ${str(after.id)})`);
  }
  const dir = desc ? 'desc' : 'asc';
  return [
    'fields @timestamp, @message, timestamp, id',
    ...filters.map((f) => `filter ${f}`),
    `sort timestamp ${dir}, id ${dir}`,
    `limit ${limit + 1}`,
  ].join('\n| ');
}

/** The `stats` query of an aggregation: counts by a field, or per time bin (optionally by a field). */
export function insightsStatsString(search: LogSearch, aggregation: LogAggregation): string {
  const filters = insightsFilters(search).map((f) => `filter ${f}`);
  if (aggregation.type === 'terms') {
    const name = fieldName(aggregation.field);
    return [`fields ${name}`, ...filters, `stats count(*) as n by ${name}`, 'sort n desc', `limit ${aggregation.size ?? 10}`].join('\n| ');
  }
  const bin = `bin(${Math.max(1, Math.round(aggregation.intervalMs / 1000))}s)`;
  const by = aggregation.by !== undefined ? `, ${fieldName(aggregation.by)}` : '';
  return ['fields @timestamp', ...filters, `stats count(*) as n by ${bin}${by}`, `limit ${aggregation.size ?? 10_000}`].join('\n| ');
}

/** Insights' name for a field in `stats ... by` results. */
export function insightsFieldName(field: string): string {
  return (FIELDS[field] ?? field).replace(/`/g, '');
}

/** The plain filters and the parsed query as Insights filter expressions. */
function insightsFilters(search: LogSearch): string[] {
  const filters: string[] = [];
  if (search.level !== undefined) filters.push(`level = ${str(search.level)}`);
  if (search.traceId !== undefined) filters.push(`traceId = ${str(search.traceId.toLowerCase())}`);
  if (search.text !== undefined && search.text.trim() !== '') for (const w of search.text.split(/\s+/).filter((x) => x)) filters.push(`@message like ${str(w)}`);
  if (search.filter) filters.push(insightsFilter(search.filter));
  return filters;
}
