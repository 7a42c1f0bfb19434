import type { QueryCommandInput, QueryCommandOutput } from '@aws-sdk/client-timestream-query';
import { RejectedRecordsException, type WriteRecordsCommandInput, type _Record } from '@aws-sdk/client-timestream-write';
import { ROLLUP_SCHEDULE, SERIES_ID_DIMENSION } from '../../../lambdas/adapters/aws/timestream-rollup-sql';

type Cell = string | undefined;
type Row = Record<string, Cell>;
type Truth = boolean | null;

type Table = Map<string, { row: Row; version: number }>;

/**
 * A small stateful Timestream for tests, behind aws-sdk-client-mock: WriteRecords stores records
 * per table (CommonAttributes merged, versions honoured as documented: a higher version replaces,
 * an equal version with another value is rejected), and Query answers DESCRIBE and the SELECT
 * subset the metric store generates, in the documented response shape, `pageSize` rows per page
 * with NextToken. `runRollupQuery` does what the rollup scheduled query's SQL says
 * (timestream-rollup-sql.ts) and `expire` what a table's retention does.
 */
export class FakeTimestream {
  readonly queries: string[] = [];
  private readonly tables = new Map<string, Table>();
  private readonly dimensions = new Map<string, Set<string>>();
  // Per pagination token: the query's columns and the rows still to send (queries may interleave).
  private readonly pending = new Map<string, { columns: string[]; rows: Row[] }>();
  private tokens = 0;

  constructor(private readonly pageSize = 7) {}

  writeRecords(input: WriteRecordsCommandInput): object {
    const table = this.table(input.TableName ?? '');
    const dimensions = this.dimensionsOf(input.TableName ?? '');
    const common = input.CommonAttributes ?? {};
    if ((input.Records ?? []).length > 100) throw new Error('ValidationException: at most 100 records');
    const rejected: { RecordIndex: number; Reason: string; ExistingVersion?: number }[] = [];
    (input.Records ?? []).forEach((r, i) => {
      const rec: _Record = { ...common, ...r, Dimensions: [...(common.Dimensions ?? []), ...(r.Dimensions ?? [])] };
      if (rec.MeasureValueType !== 'DOUBLE' || rec.TimeUnit !== 'MILLISECONDS' || !Number.isFinite(Number(rec.MeasureValue))) {
        rejected.push({ RecordIndex: i, Reason: 'invalid record' });
        return;
      }
      const row: Row = { measure_name: rec.MeasureName, time: formatTime(Number(rec.Time)), 'measure_value::double': rec.MeasureValue };
      for (const d of rec.Dimensions ?? []) {
        row[d.Name!] = d.Value;
        dimensions.add(d.Name!);
      }
      const key = JSON.stringify([rec.MeasureName, rec.Time, [...(rec.Dimensions ?? [])].map((d) => `${d.Name}=${d.Value}`).sort()]);
      const version = Number(rec.Version ?? 1);
      const existing = table.get(key);
      if (existing && existing.version >= version && existing.row['measure_value::double'] !== rec.MeasureValue) {
        rejected.push({ RecordIndex: i, Reason: 'A record with the same time and dimensions exists with a higher version.', ExistingVersion: existing.version });
        return;
      }
      if (!existing || version >= existing.version) table.set(key, { row, version });
    });
    if (rejected.length > 0) {
      throw new RejectedRecordsException({ message: 'One or more records have been rejected.', $metadata: {}, RejectedRecords: rejected });
    }
    return { RecordsIngested: { Total: input.Records?.length ?? 0 } };
  }

  query(input: QueryCommandInput): QueryCommandOutput {
    if (input.NextToken) return this.page(input.NextToken);
    const sql = input.QueryString ?? '';
    this.queries.push(sql);
    if (sql.startsWith('DESCRIBE ')) {
      const rows = [...this.dimensionsOf(tableName(sql))].map((d) => ({ Column: d, Type: 'varchar', 'Timestream attribute type': 'DIMENSION' }));
      rows.push({ Column: 'measure_name', Type: 'varchar', 'Timestream attribute type': 'MEASURE_NAME' });
      rows.push({ Column: 'time', Type: 'timestamp', 'Timestream attribute type': 'TIMESTAMP' });
      return this.start(['Column', 'Type', 'Timestream attribute type'], rows);
    }
    const m = /^SELECT (DISTINCT )?(.+?) FROM "[^"]+"\."([^"]+)" WHERE (.+?)( ORDER BY v)?$/s.exec(sql);
    if (!m) throw new Error(`ValidationException: fake cannot run ${sql}`);
    const projection = splitTop(m[2]).map((c) => {
      const [expr, alias] = c.split(/ AS /);
      return { name: unquote(expr), as: alias ?? unquote(expr) };
    });
    const where = new Parser(m[4]);
    const predicate = where.parse();
    let rows = [...this.table(m[3]).values()]
      .map((r) => r.row)
      .filter((row) => predicate(row) === true)
      .map((row) => Object.fromEntries(projection.map((p) => [p.as, row[p.name]])));
    if (m[1]) rows = [...new Map(rows.map((r) => [JSON.stringify(projection.map((p) => r[p.as] ?? null)), r])).values()];
    if (m[5]) rows.sort((a, b) => String(a.v).localeCompare(String(b.v)));
    return this.start(projection.map((p) => p.as), rows);
  }

  /**
   * One run of the rollup scheduled query at `invocationTime`: per series id, metric and 5-minute
   * bucket of `[runtime - lag - span, runtime - lag)`, the min, max, sum, count and last value,
   * written to `rollupTable` as one multi-measure row at the bucket start.
   */
  runRollupQuery(invocationTime: number, rawTable: string, rollupTable: string): number {
    const from = invocationTime - ROLLUP_SCHEDULE.lagMs - ROLLUP_SCHEDULE.spanMs;
    const to = invocationTime - ROLLUP_SCHEDULE.lagMs;
    const groups = new Map<string, { id: string; name: string; bucket: number; points: [number, number][] }>();
    for (const { row } of this.table(rawTable).values()) {
      const t = parseTime(row.time!);
      const id = row[SERIES_ID_DIMENSION];
      if (t < from || t >= to || id === undefined) continue;
      const bucket = Math.floor(t / 300_000) * 300_000;
      const key = JSON.stringify([id, row.measure_name, bucket]);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { id, name: row.measure_name!, bucket, points: [] }));
      g.points.push([t, Number(row['measure_value::double'])]);
    }
    const out = this.table(rollupTable);
    this.dimensionsOf(rollupTable).add(SERIES_ID_DIMENSION);
    for (const [key, g] of groups) {
      const values = g.points.map(([, v]) => v);
      const last = g.points.reduce((a, b) => (b[0] > a[0] ? b : a));
      const row: Row = {
        [SERIES_ID_DIMENSION]: g.id,
        measure_name: g.name,
        time: formatTime(g.bucket),
        min_value: String(Math.min(...values)),
        max_value: String(Math.max(...values)),
        sum_value: String(values.reduce((a, b) => a + b, 0)),
        sample_count: String(values.length),
        last_value: String(last[1]),
      };
      out.set(key, { row, version: invocationTime });
    }
    return groups.size;
  }

  /** Deletes a table's rows older than `beforeMs`, as its retention does; answers how many. */
  expire(table: string, beforeMs: number): number {
    let n = 0;
    for (const [key, { row }] of this.table(table)) {
      if (parseTime(row.time!) < beforeMs) {
        this.table(table).delete(key);
        n++;
      }
    }
    return n;
  }

  /** Rows of a table, for assertions. */
  rows(table: string): Row[] {
    return [...this.table(table).values()].map((r) => r.row);
  }

  private table(name: string): Table {
    let t = this.tables.get(name);
    if (!t) this.tables.set(name, (t = new Map()));
    return t;
  }

  private dimensionsOf(name: string): Set<string> {
    let d = this.dimensions.get(name);
    if (!d) this.dimensions.set(name, (d = new Set()));
    return d;
  }

  private start(columns: string[], rows: Row[]): QueryCommandOutput {
    const token = `t${++this.tokens}`;
    // The first page is empty on purpose: Timestream may answer an empty page with a NextToken.
    this.pending.set(token, { columns, rows });
    return { QueryId: 'q', ColumnInfo: columnInfo(columns), Rows: [], NextToken: token, $metadata: {} };
  }

  private page(token: string): QueryCommandOutput {
    const pending = this.pending.get(token);
    if (!pending) throw new Error('ValidationException: invalid pagination token');
    this.pending.delete(token);
    const { columns, rows } = pending;
    const chunk = rows.slice(0, this.pageSize);
    const rest = rows.slice(this.pageSize);
    const next = rest.length > 0 ? `t${++this.tokens}` : undefined;
    if (next) this.pending.set(next, { columns, rows: rest });
    return {
      QueryId: 'q',
      ColumnInfo: columnInfo(columns),
      Rows: chunk.map((r) => ({ Data: columns.map((c) => (r[c] === undefined ? { NullValue: true } : { ScalarValue: r[c] })) })),
      ...(next && { NextToken: next }),
      $metadata: {},
    };
  }
}

function columnInfo(columns: string[]) {
  return columns.map((Name) => ({ Name, Type: { ScalarType: Name === 'time' ? ('TIMESTAMP' as const) : ('VARCHAR' as const) } }));
}

function tableName(sql: string): string {
  const m = /"[^"]+"\."([^"]+)"/.exec(sql);
  if (!m) throw new Error(`ValidationException: no table in ${sql}`);
  return m[1];
}

function parseTime(time: string): number {
  return Date.parse(`${time.slice(0, 23).replace(' ', 'T')}Z`);
}

function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000000`;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.startsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}

function splitTop(list: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of list) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Recursive descent over the WHERE subset, with SQL's three-valued logic. */
class Parser {
  private readonly tokens: string[];
  private i = 0;
  constructor(sql: string) {
    this.tokens = sql.match(/"(?:[^"]|"")*"|'(?:[^']|'')*'|<>|[(),=]|[A-Za-z_][A-Za-z0-9_:]*|\d+/g) ?? [];
  }
  parse(): (row: Row) => Truth {
    const e = this.or();
    if (this.i !== this.tokens.length) throw new Error(`fake SQL: unexpected ${this.tokens[this.i]}`);
    return e;
  }
  private peek(): string | undefined {
    return this.tokens[this.i];
  }
  private take(expected?: string): string {
    const t = this.tokens[this.i++];
    if (expected !== undefined && t?.toUpperCase() !== expected) throw new Error(`fake SQL: expected ${expected}, got ${t}`);
    return t;
  }
  private or(): (row: Row) => Truth {
    let left = this.and();
    while (this.peek()?.toUpperCase() === 'OR') {
      this.take();
      const l = left;
      const r = this.and();
      left = (row) => {
        const a = l(row);
        const b = r(row);
        return a === true || b === true ? true : a === null || b === null ? null : false;
      };
    }
    return left;
  }
  private and(): (row: Row) => Truth {
    let left = this.unary();
    while (this.peek()?.toUpperCase() === 'AND') {
      this.take();
      const l = left;
      const r = this.unary();
      left = (row) => {
        const a = l(row);
        const b = r(row);
        return a === false || b === false ? false : a === null || b === null ? null : true;
      };
    }
    return left;
  }
  private unary(): (row: Row) => Truth {
    if (this.peek()?.toUpperCase() === 'NOT') {
      this.take();
      const e = this.unary();
      return (row) => {
        const v = e(row);
        return v === null ? null : !v;
      };
    }
    return this.primary();
  }
  private primary(): (row: Row) => Truth {
    const t = this.take();
    if (t === '(') {
      const e = this.or();
      this.take(')');
      return e;
    }
    if (t === 'TRUE') return () => true;
    if (t === 'FALSE') return () => false;
    if (t === 'regexp_like') {
      this.take('(');
      const col = unquote(this.take());
      this.take(',');
      const re = new RegExp(literal(this.take()));
      this.take(')');
      return (row) => (row[col] === undefined ? null : re.test(row[col]!));
    }
    const col = unquote(t);
    const op = this.take().toUpperCase();
    if (op === 'IS') {
      const not = this.peek()?.toUpperCase() === 'NOT' ? (this.take(), true) : false;
      this.take('NULL');
      return (row) => (row[col] === undefined) !== not;
    }
    if (op === '=' || op === '<>') {
      const v = literal(this.take());
      return (row) => (row[col] === undefined ? null : (row[col] === v) === (op === '='));
    }
    if (op === 'IN') {
      this.take('(');
      const values = new Set<string>([literal(this.take())]);
      while (this.peek() === ',') {
        this.take();
        values.add(literal(this.take()));
      }
      this.take(')');
      return (row) => (row[col] === undefined ? null : values.has(row[col]!));
    }
    if (op === 'BETWEEN') {
      const a = this.millis();
      this.take('AND');
      const b = this.millis();
      return (row) => {
        const ms = parseTime(row.time!);
        return ms >= a && ms <= b;
      };
    }
    throw new Error(`fake SQL: unexpected ${t} ${op}`);
  }
  private millis(): number {
    this.take('FROM_MILLISECONDS');
    this.take('(');
    const n = Number(this.take());
    this.take(')');
    return n;
  }
}

function literal(token: string): string {
  if (!token.startsWith("'")) throw new Error(`fake SQL: expected a string literal, got ${token}`);
  return token.slice(1, -1).replace(/''/g, "'");
}
