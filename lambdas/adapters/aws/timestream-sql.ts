import type { LabelMatcher, TimeRange } from '../../core/domain/series';

/** What a Timestream Query page looks like (the documented response shape, trimmed to what is read). */
export interface QueryPage {
  readonly ColumnInfo?: readonly { readonly Name?: string }[];
  readonly Rows?: readonly { readonly Data?: readonly { readonly ScalarValue?: string; readonly NullValue?: boolean }[] }[];
  readonly NextToken?: string;
}

/** One result row as column name to value; SQL NULL is undefined. */
export type QueryRow = Record<string, string | undefined>;

// `__series_id` is the rollup series-id dimension (timestream-rollup-sql.ts); a label of that name is escaped.
const RESERVED_NAMES = new Set(['time', 'measure_name', 'measure_value', '__series_id']);
const RESERVED_PREFIXES = ['ts_', 'measure_value', 'measure_name'];
const ESCAPE_PREFIX = 'lbl_';
/** Longest dimension name Timestream takes, in bytes. */
export const MAX_DIMENSION_NAME_BYTES = 60;

/**
 * SQL text and name mapping for the Timestream metric store.
 *
 * Label to dimension mapping: `__name__` is the record's MeasureName; every other label is a
 * dimension of the same name, except names Timestream reserves (`time`, `measure_name`,
 * `measure_value`, the series-id dimension `__series_id`, and names starting `ts_`, `measure_value` or `measure_name`) and names that
 * already start with `lbl_`: those get a `lbl_` prefix, so the mapping is reversible (strip one
 * `lbl_` on the way back). Names longer than 60 bytes after mapping cannot be stored.
 */
export const timestreamSql = {
  dimensionName(label: string): string {
    const reserved = RESERVED_NAMES.has(label) || RESERVED_PREFIXES.some((p) => label.startsWith(p)) || label.startsWith(ESCAPE_PREFIX);
    return reserved ? ESCAPE_PREFIX + label : label;
  },

  labelName(dimension: string): string {
    return dimension.startsWith(ESCAPE_PREFIX) ? dimension.slice(ESCAPE_PREFIX.length) : dimension;
  },

  /** A SQL string literal. */
  literal(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
  },

  /** A quoted SQL identifier. */
  identifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  },

  /** The fully qualified table. */
  table(database: string, table: string): string {
    return `${timestreamSql.identifier(database)}.${timestreamSql.identifier(table)}`;
  },

  timeRange(range: TimeRange): string {
    return `time BETWEEN from_milliseconds(${Math.floor(range.start)}) AND from_milliseconds(${Math.floor(range.end)})`;
  },

  /**
   * One matcher as a predicate. A missing dimension is NULL and matches as '' (PromQL), so
   * matchers that accept '' also accept NULL. Matchers on labels the table has no column for
   * are decided here: `known` says which dimension columns exist.
   */
  matcher(m: LabelMatcher, known: ReadonlySet<string>): string {
    const acceptsEmpty = matchesValue(m, '');
    if (m.name === '__name__') return valuePredicate('measure_name', m);
    const dim = timestreamSql.dimensionName(m.name);
    if (!known.has(dim)) return acceptsEmpty ? 'TRUE' : 'FALSE';
    const col = timestreamSql.identifier(dim);
    if (m.op === '=' && m.value === '') return `${col} IS NULL`;
    if (m.op === '!=' && m.value === '') return `${col} IS NOT NULL`;
    const test = valuePredicate(col, m);
    return acceptsEmpty ? `(${col} IS NULL OR ${test})` : `(${col} IS NOT NULL AND ${test})`;
  },

  /** Rows of one page as objects keyed by column name. */
  rows(page: QueryPage): QueryRow[] {
    const names = (page.ColumnInfo ?? []).map((c) => c.Name ?? '');
    return (page.Rows ?? []).map((row) => {
      const out: QueryRow = {};
      (row.Data ?? []).forEach((d, i) => {
        out[names[i]] = d.NullValue ? undefined : d.ScalarValue;
      });
      return out;
    });
  },

  /** A Timestream TIMESTAMP scalar ('2024-01-02 03:04:05.678000000', UTC) in Unix milliseconds. */
  parseTime(value: string): number {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(value);
    if (!m) throw new Error(`unexpected Timestream timestamp ${JSON.stringify(value)}`);
    const ms = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
    return Date.parse(`${m[1]}T${m[2]}.${ms}Z`);
  },
};

function valuePredicate(col: string, m: LabelMatcher): string {
  const v = timestreamSql.literal(m.value);
  switch (m.op) {
    case '=':
      return `${col} = ${v}`;
    case '!=':
      return `${col} <> ${v}`;
    case '=~':
      return `regexp_like(${col}, ${timestreamSql.literal(`^(?:${m.value})$`)})`;
    case '!~':
      return `NOT regexp_like(${col}, ${timestreamSql.literal(`^(?:${m.value})$`)})`;
  }
}

function matchesValue(m: LabelMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`, 's').test(value);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`, 's').test(value);
  }
}
