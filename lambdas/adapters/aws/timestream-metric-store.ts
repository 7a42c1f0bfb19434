import { QueryCommand, type TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import {
  DescribeTableCommand,
  RejectedRecordsException,
  WriteRecordsCommand,
  type Dimension,
  type TimestreamWriteClient,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import { seriesKey, type Labels, type Series } from '../../core/domain/series';
import { systemClock, type Clock } from '../../core/ports/clock';
import type { MetricSelection, MetricStore, MetricWriteResult } from '../../core/ports/metric-store';
import { backoff, sleep } from './backoff';
import { MAX_DIMENSION_NAME_BYTES, timestreamSql, type QueryRow } from './timestream-sql';

/** Settings of {@link TimestreamMetricStore}. */
export interface TimestreamMetricStoreOptions {
  readonly writeClient: TimestreamWriteClient;
  readonly queryClient: TimestreamQueryClient;
  readonly database: string;
  readonly table: string;
  /** Retries of a throttled WriteRecords call. @default 5 */
  readonly maxRetries?: number;
  /** Base of the jittered exponential backoff. @default 100 */
  readonly baseDelayMs?: number;
  /** Source of record versions (last write wins). @default systemClock */
  readonly clock?: Clock;
  /** How long the table's dimension columns are cached. @default 60000 */
  readonly schemaTtlMs?: number;
}

/** WriteRecords takes at most 100 records. */
export const RECORDS_PER_WRITE = 100;
const VALUE_COLUMN = 'measure_value::double';
const RETRYABLE = new Set(['ThrottlingException', 'InternalServerException', 'ServiceUnavailable']);

interface Outgoing {
  readonly record: _Record;
  readonly series: Series;
}

/**
 * Metrics in Amazon Timestream for LiveAnalytics: one single-measure DOUBLE record per sample,
 * MeasureName = metric name, dimensions = the other labels (mapping in `timestream-sql.ts`).
 * Each record carries Version = write time so a rewrite of (series, time) replaces the value.
 * Timestream stores no NaN or ±Inf: stale markers are skipped, other non-finite values are
 * rejected with a reason. Reads build Timestream SQL and follow NextToken pagination; the
 * table's dimension columns come from DESCRIBE (cached) because naming an unknown column fails.
 */
export class TimestreamMetricStore implements MetricStore {
  private readonly o: TimestreamMetricStoreOptions;
  private readonly clock: Clock;
  private schema?: { columns: Set<string>; at: number };
  private lastVersion = 0;

  constructor(options: TimestreamMetricStoreOptions) {
    this.o = options;
    this.clock = options.clock ?? systemClock;
  }

  async write(series: readonly Series[]): Promise<MetricWriteResult> {
    const rejected = new Map<Series, string>();
    const outgoing: Outgoing[] = [];
    // Strictly increasing per instance, so two writes within one millisecond still replace in order.
    const version = (this.lastVersion = Math.max(this.clock.now(), this.lastVersion + 1));
    for (const s of series) {
      const reason = unstorable(s);
      if (reason) {
        rejected.set(s, reason);
        continue;
      }
      const dims = dimensions(s.labels);
      for (const sample of s.samples) {
        if (isStaleNaN(sample.value)) continue;
        if (!Number.isFinite(sample.value)) {
          rejected.set(s, `Timestream cannot store the value ${sample.value}`);
          continue;
        }
        outgoing.push({
          series: s,
          record: { Dimensions: dims, MeasureName: s.labels.__name__, MeasureValue: String(sample.value), Time: String(sample.timestamp) },
        });
      }
    }
    let accepted = 0;
    for (let i = 0; i < outgoing.length; i += RECORDS_PER_WRITE) {
      const batch = outgoing.slice(i, i + RECORDS_PER_WRITE);
      const refused = await this.writeBatch(batch, version);
      for (const [index, reason] of refused) if (!rejected.has(batch[index].series)) rejected.set(batch[index].series, reason);
      accepted += batch.length - refused.size;
    }
    return { accepted, rejected: [...rejected].map(([s, reason]) => ({ labels: s.labels, reason })) };
  }

  async select(selection: MetricSelection): Promise<Series[]> {
    const dims = await this.dimensionColumns();
    const columns = [...dims].map(timestreamSql.identifier).concat(['measure_name', 'time', VALUE_COLUMN]);
    const rows = await this.query(`SELECT ${columns.join(', ')} FROM ${this.from()} WHERE ${this.where(selection, dims)}`);
    const bySeries = new Map<string, { labels: Labels; samples: { timestamp: number; value: number }[] }>();
    for (const row of rows) {
      const labels = labelsOf(row, dims);
      const key = seriesKey(labels);
      let s = bySeries.get(key);
      if (!s) bySeries.set(key, (s = { labels, samples: [] }));
      s.samples.push({ timestamp: timestreamSql.parseTime(row.time ?? ''), value: Number(row[VALUE_COLUMN]) });
    }
    const out = [...bySeries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
    for (const s of out) s.samples.sort((a, b) => a.timestamp - b.timestamp);
    return selection.limit !== undefined ? out.slice(0, selection.limit) : out;
  }

  async findSeries(selection: MetricSelection): Promise<Labels[]> {
    const dims = await this.dimensionColumns();
    const columns = [...dims].map(timestreamSql.identifier).concat(['measure_name']);
    const rows = await this.query(`SELECT DISTINCT ${columns.join(', ')} FROM ${this.from()} WHERE ${this.where(selection, dims)}`);
    const out = rows.map((r) => labelsOf(r, dims)).sort((a, b) => (seriesKey(a) < seriesKey(b) ? -1 : 1));
    return selection.limit !== undefined ? out.slice(0, selection.limit) : out;
  }

  async labelNames(selection: MetricSelection): Promise<string[]> {
    const names = new Set<string>();
    for (const labels of await this.findSeries({ ...selection, limit: undefined })) for (const n of Object.keys(labels)) names.add(n);
    return [...names].sort();
  }

  async labelValues(name: string, selection: MetricSelection): Promise<string[]> {
    const dims = await this.dimensionColumns();
    const column = name === '__name__' ? 'measure_name' : timestreamSql.dimensionName(name);
    if (column !== 'measure_name' && !dims.has(column)) return [];
    const col = column === 'measure_name' ? column : timestreamSql.identifier(column);
    const rows = await this.query(
      `SELECT DISTINCT ${col} AS v FROM ${this.from()} WHERE ${this.where(selection, dims)} AND ${col} IS NOT NULL ORDER BY v`,
    );
    return rows.map((r) => r.v ?? '').sort();
  }

  async ping(): Promise<void> {
    await this.o.writeClient.send(new DescribeTableCommand({ DatabaseName: this.o.database, TableName: this.o.table }));
  }

  /** Sends one batch; answers the refused record indexes with their reasons. */
  private async writeBatch(batch: Outgoing[], version: number): Promise<Map<number, string>> {
    const input = {
      DatabaseName: this.o.database,
      TableName: this.o.table,
      ...hoist(batch.map((b) => b.record), version),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.o.writeClient.send(new WriteRecordsCommand(input));
        return new Map();
      } catch (e) {
        if (e instanceof RejectedRecordsException || (e as { name?: string }).name === 'RejectedRecordsException') {
          const refused = new Map<number, string>();
          for (const r of (e as RejectedRecordsException).RejectedRecords ?? []) {
            refused.set(r.RecordIndex ?? -1, r.Reason ?? 'rejected by Timestream');
          }
          refused.delete(-1);
          return refused;
        }
        if (!RETRYABLE.has((e as { name?: string }).name ?? '') || attempt > (this.o.maxRetries ?? 5)) throw e;
        await sleep(backoff(attempt, this.o.baseDelayMs ?? 100));
      }
    }
  }

  private from(): string {
    return timestreamSql.table(this.o.database, this.o.table);
  }

  private where(selection: MetricSelection, dims: ReadonlySet<string>): string {
    return [timestreamSql.timeRange(selection.range), ...selection.matchers.map((m) => timestreamSql.matcher(m, dims))].join(' AND ');
  }

  private async query(sql: string): Promise<QueryRow[]> {
    const rows: QueryRow[] = [];
    let token: string | undefined;
    do {
      const page = await this.o.queryClient.send(new QueryCommand({ QueryString: sql, ...(token && { NextToken: token }) }));
      rows.push(...timestreamSql.rows(page));
      token = page.NextToken;
    } while (token);
    return rows;
  }

  /** The table's dimension columns, from DESCRIBE: rows name a column first and its Timestream attribute type among the rest. */
  private async dimensionColumns(): Promise<Set<string>> {
    const now = this.clock.now();
    if (this.schema && now - this.schema.at < (this.o.schemaTtlMs ?? 60_000)) return this.schema.columns;
    const rows = await this.query(`DESCRIBE ${this.from()}`);
    const columns = new Set<string>();
    for (const row of rows) {
      const values = Object.values(row);
      if (values[0] && values.slice(1).some((v) => v?.toLowerCase() === 'dimension')) columns.add(values[0]);
    }
    this.schema = { columns, at: now };
    return columns;
  }
}

function dimensions(labels: Labels): Dimension[] {
  return Object.keys(labels)
    .filter((k) => k !== '__name__' && labels[k] !== '')
    .sort()
    .map((k) => ({ Name: timestreamSql.dimensionName(k), Value: labels[k], DimensionValueType: 'VARCHAR' }));
}

function labelsOf(row: QueryRow, dims: ReadonlySet<string>): Labels {
  const labels: Record<string, string> = { __name__: row.measure_name ?? '' };
  for (const d of dims) {
    const v = row[d];
    if (v !== undefined && v !== '') labels[timestreamSql.labelName(d)] = v;
  }
  return labels;
}

function unstorable(s: Series): string | undefined {
  if (!s.labels.__name__) return 'series has no metric name (__name__), which Timestream needs as MeasureName';
  const dims = dimensions(s.labels);
  if (dims.length === 0) return 'Timestream needs at least one dimension besides the metric name';
  if (dims.length > 128) return `${dims.length} dimensions; Timestream takes at most 128`;
  const colon = dims.find((d) => d.Name?.includes(':'));
  if (colon) return `label ${JSON.stringify(colon.Name)} contains ':', which Timestream dimension names cannot`;
  const long = dims.find((d) => Buffer.byteLength(d.Name ?? '') > MAX_DIMENSION_NAME_BYTES);
  if (long) return `label ${JSON.stringify(long.Name)} is longer than ${MAX_DIMENSION_NAME_BYTES} bytes as a Timestream dimension`;
  return undefined;
}

/** Moves what every record shares into CommonAttributes (smaller requests, same meaning). */
function hoist(records: _Record[], version: number): { CommonAttributes: _Record; Records: _Record[] } {
  const common: _Record = { MeasureValueType: 'DOUBLE', TimeUnit: 'MILLISECONDS', Version: version };
  const first = records[0];
  const sameName = records.every((r) => r.MeasureName === first.MeasureName);
  const key = (d: Dimension) => `${d.Name}\u0000${d.Value}`;
  const shared = (first.Dimensions ?? []).filter((d) => records.every((r) => r.Dimensions?.some((x) => key(x) === key(d))));
  if (sameName) common.MeasureName = first.MeasureName;
  if (shared.length > 0) common.Dimensions = shared;
  const sharedKeys = new Set(shared.map(key));
  return {
    CommonAttributes: common,
    Records: records.map((r) => {
      const dims = (r.Dimensions ?? []).filter((d) => !sharedKeys.has(key(d)));
      return {
        ...(dims.length > 0 && { Dimensions: dims }),
        ...(!sameName && { MeasureName: r.MeasureName }),
        MeasureValue: r.MeasureValue,
        Time: r.Time,
      };
    }),
  };
}

/** Prometheus' stale marker: the NaN with bit pattern 0x7ff0000000000002. */
function isStaleNaN(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getUint32(0) === 0x7ff00000 && view.getUint32(4) === 2;
}
