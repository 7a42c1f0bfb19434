import type { QueryCommandInput, QueryCommandOutput } from '@aws-sdk/client-timestream-query';
import { RejectedRecordsException, type WriteRecordsCommandInput, type _Record } from '@aws-sdk/client-timestream-write';

type Cell = string | undefined;
type Row = Record<string, Cell>;
type Truth = boolean | null;

/**
 * A small stateful Timestream for tests, behind aws-sdk-client-mock: WriteRecords stores records
 * (CommonAttributes merged, versions honoured as documented: a higher version replaces, an equal
 * version with another value is rejected), and Query answers DESCRIBE and the SELECT subset the
 * metric store generates, in the documented response shape, `pageSize` rows per page with NextToken.
 */
export class FakeTimestream {
  readonly queries: string[] = [];
  private readonly records = new Map<string, { row: Row; version: number }>();
  private readonly dimensions = new Set<string>();
  private readonly pending = new Map<string, Row[]>();
  private columns: string[] = [];
  private tokens = 0;

  constructor(private readonly pageSize = 7) {}

  writeRecords(input: WriteRecordsCommandInput): object {
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
        this.dimensions.add(d.Name!);
      }
      const key = JSON.stringify([rec.MeasureName, rec.Time, [...(rec.Dimensions ?? [])].map((d) => `${d.Name}=${d.Value}`).sort()]);
      const version = Number(rec.Version ?? 1);
      const existing = this.records.get(key);
      if (existing && existing.version >= version && existing.row['measure_value::double'] !== rec.MeasureValue) {
        rejected.push({ RecordIndex: i, Reason: 'A record with the same time and dimensions exists with a higher version.', ExistingVersion: existing.version });
        return;
      }
      if (!existing || version >= existing.version) this.records.set(key, { row, version });
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
      const rows = [...this.dimensions].map((d) => ({ Column: d, Type: 'varchar', 'Timestream attribute type': 'DIMENSION' }));
      rows.push({ Column: 'measure_name', Type: 'varchar', 'Timestream attribute type': 'MEASURE_NAME' });
      rows.push({ Column: 'time', Type: 'timestamp', 'Timestream attribute type': 'TIMESTAMP' });
      return this.start(['Column', 'Type', 'Timestream attribute type'], rows);
    }
    const m = /^SELECT (DISTINCT )?(.+?) FROM "[^"]+"\."[^"]+" WHERE (.+?)( ORDER BY v)?$/s.exec(sql);
    if (!m) throw new Error(`ValidationException: fake cannot run ${sql}`);
    const projection = splitTop(m[2]).map((c) => {
      const [expr, alias] = c.split(/ AS /);
      return { name: unquote(expr), as: alias ?? unquote(expr) };
    });
    const where = new Parser(m[3]);
    const predicate = where.parse();
    let rows = [...this.records.values()]
      .map((r) => r.row)
      .filter((row) => predicate(row) === true)
      .map((row) => Object.fromEntries(projection.map((p) => [p.as, row[p.name]])));
    if (m[1]) rows = [...new Map(rows.map((r) => [JSON.stringify(projection.map((p) => r[p.as] ?? null)), r])).values()];
    if (m[4]) rows.sort((a, b) => String(a.v).localeCompare(String(b.v)));
    return this.start(projection.map((p) => p.as), rows);
  }

  private start(columns: string[], rows: Row[]): QueryCommandOutput {
    const token = `t${++this.tokens}`;
    this.columns = columns;
    // The first page is empty on purpose: Timestream may answer an empty page with a NextToken.
    this.pending.set(token, rows);
    return { QueryId: 'q', ColumnInfo: this.columnInfo(), Rows: [], NextToken: token, $metadata: {} };
  }

  private page(token: string): QueryCommandOutput {
    const rows = this.pending.get(token);
    if (!rows) throw new Error('ValidationException: invalid pagination token');
    this.pending.delete(token);
    const chunk = rows.slice(0, this.pageSize);
    const rest = rows.slice(this.pageSize);
    const next = rest.length > 0 ? `t${++this.tokens}` : undefined;
    if (next) this.pending.set(next, rest);
    return {
      QueryId: 'q',
      ColumnInfo: this.columnInfo(),
      Rows: chunk.map((r) => ({ Data: this.columns.map((c) => (r[c] === undefined ? { NullValue: true } : { ScalarValue: r[c] })) })),
      ...(next && { NextToken: next }),
      $metadata: {},
    };
  }

  private columnInfo() {
    return this.columns.map((Name) => ({ Name, Type: { ScalarType: Name === 'time' ? ('TIMESTAMP' as const) : ('VARCHAR' as const) } }));
  }
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
    if (op === 'BETWEEN') {
      const a = this.millis();
      this.take('AND');
      const b = this.millis();
      return (row) => {
        const ms = Date.parse(`${row.time!.slice(0, 23).replace(' ', 'T')}Z`);
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
