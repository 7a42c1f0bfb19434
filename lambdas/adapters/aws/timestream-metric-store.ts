import { QueryCommand, type TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import {
  DescribeTableCommand,
  RejectedRecordsException,
  WriteRecordsCommand,
  type TimestreamWriteClient,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import { isStaleNaN, seriesKey, type Labels, type Sample, type Series } from '../../core/domain/series';
import { systemClock, type Clock } from '../../core/ports/clock';
import type { MetricSelection, MetricStore, MetricWriteResult } from '../../core/ports/metric-store';
import { backoff, sleep } from './backoff';
import { timestreamRecords } from './timestream-records';
import { TimestreamRollupReader, type TimestreamRollupTables } from './timestream-rollup-reader';
import { dayStartOf, SERIES_ID_DIMENSION, seriesId } from './timestream-rollup-sql';
import { timestreamSql, type QueryRow } from './timestream-sql';

/** Settings of {@link TimestreamMetricStore}. */
export interface TimestreamMetricStoreOptions {
  readonly writeClient: TimestreamWriteClient;
  readonly queryClient: TimestreamQueryClient;
  readonly database: string;
  readonly table: string;
  /**
   * The series and rollup tables of the 5-minute rollups a scheduled query computes. When set,
   * records carry a series-id dimension, each series is catalogued once per day, and ranges older
   * than the raw retention are read from the rollups. @default no rollups
   */
  readonly rollups?: TimestreamRollupTables;
  /** Retries of a throttled WriteRecords call. @default 5 */
  readonly maxRetries?: number;
  /** Base of the jittered exponential backoff. @default 100 */
  readonly baseDelayMs?: number;
  /** Source of record versions (last write wins) and of the rollup horizon. @default systemClock */
  readonly clock?: Clock;
  /** How long the tables' dimension columns are cached. @default 60000 */
  readonly schemaTtlMs?: number;
}

/** WriteRecords takes at most 100 records. */
export const RECORDS_PER_WRITE = 100;
const VALUE_COLUMN = 'measure_value::double';
const RETRYABLE = new Set(['ThrottlingException', 'InternalServerException', 'ServiceUnavailable']);
/** Catalogued (series, day) pairs remembered per instance before the memory is reset. */
const MAX_CATALOGUED = 500_000;

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
 * tables' dimension columns come from DESCRIBE (cached) because naming an unknown column fails.
 * With `rollups`, old ranges come from the scheduled query's rollups (timestream-rollup-reader.ts).
 */
export class TimestreamMetricStore implements MetricStore {
  private readonly o: TimestreamMetricStoreOptions;
  private readonly clock: Clock;
  private readonly schemas = new Map<string, { columns: Set<string>; at: number }>();
  private readonly catalogued = new Set<string>();
  private readonly rollups?: TimestreamRollupReader;
  private lastVersion = 0;

  constructor(options: TimestreamMetricStoreOptions) {
    this.o = options;
    this.clock = options.clock ?? systemClock;
    if (options.rollups) {
      const access = { database: options.database, query: (sql: string) => this.query(sql), dimensionColumns: (t: string) => this.dimensionColumns(t) };
      this.rollups = new TimestreamRollupReader(access, options.rollups);
    }
  }

  async write(series: readonly Series[]): Promise<MetricWriteResult> {
    const rejected = new Map<Series, string>();
    const outgoing: Outgoing[] = [];
    // Strictly increasing per instance, so two writes within one millisecond still replace in order.
    const version = (this.lastVersion = Math.max(this.clock.now(), this.lastVersion + 1));
    const withId = this.rollups !== undefined;
    const stored: { series: Series; dims: _Record['Dimensions'] }[] = [];
    for (const s of series) {
      const reason = timestreamRecords.unstorable(s, withId ? 1 : 0);
      if (reason) {
        rejected.set(s, reason);
        continue;
      }
      const dims = timestreamRecords.dimensions(s.labels, withId ? seriesId(s.labels) : undefined);
      stored.push({ series: s, dims });
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
    if (this.rollups) await this.catalogue(stored, version, rejected);
    let accepted = 0;
    for (let i = 0; i < outgoing.length; i += RECORDS_PER_WRITE) {
      const batch = outgoing.slice(i, i + RECORDS_PER_WRITE);
      const refused = await this.writeBatch(this.o.table, batch, version);
      for (const [index, reason] of refused) if (!rejected.has(batch[index].series)) rejected.set(batch[index].series, reason);
      accepted += batch.length - refused.size;
    }
    return { accepted, rejected: [...rejected].map(([s, reason]) => ({ labels: s.labels, reason })) };
  }

  async select(selection: MetricSelection): Promise<Series[]> {
    const { old, recent } = this.split(selection);
    const parts = await Promise.all([old ? this.rollups!.select(old) : [], recent ? this.selectRaw(recent) : []]);
    const bySeries = new Map<string, { labels: Labels; samples: Sample[] }>();
    // Rollup samples all lie before the horizon and raw ones at or after it, so appending keeps order.
    for (const part of parts) {
      for (const s of part) {
        const key = seriesKey(s.labels);
        const known = bySeries.get(key);
        if (known) known.samples.push(...s.samples);
        else bySeries.set(key, { labels: s.labels, samples: [...s.samples] });
      }
    }
    const out = [...bySeries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
    return selection.limit !== undefined ? out.slice(0, selection.limit) : out;
  }

  async findSeries(selection: MetricSelection): Promise<Labels[]> {
    const { old, recent } = this.split(selection);
    const parts = await Promise.all([old ? this.rollups!.findSeries(old) : [], recent ? this.findRawSeries(recent) : []]);
    const unique = new Map(parts.flat().map((l) => [seriesKey(l), l]));
    const out = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, l]) => l);
    return selection.limit !== undefined ? out.slice(0, selection.limit) : out;
  }

  async labelNames(selection: MetricSelection): Promise<string[]> {
    const names = new Set<string>();
    for (const labels of await this.findSeries({ ...selection, limit: undefined })) for (const n of Object.keys(labels)) names.add(n);
    return [...names].sort();
  }

  async labelValues(name: string, selection: MetricSelection): Promise<string[]> {
    const { old, recent } = this.split(selection);
    const parts = await Promise.all([old ? this.rollups!.labelValues(name, old) : [], recent ? this.rawLabelValues(name, recent) : []]);
    return [...new Set(parts.flat())].sort();
  }

  /** The part of a selection answered from rollups (before the horizon) and the part from raw samples. */
  private split(selection: MetricSelection): { old?: MetricSelection; recent?: MetricSelection } {
    const { start, end } = selection.range;
    const horizon = this.rollups?.horizon(this.clock.now()) ?? -Infinity;
    if (start >= horizon) return { recent: selection };
    const old = { ...selection, range: { start, end: Math.min(end, horizon - 1) }, limit: undefined };
    return end < horizon ? { old } : { old, recent: { ...selection, range: { start: horizon, end }, limit: undefined } };
  }

  private async selectRaw(selection: MetricSelection): Promise<Series[]> {
    const dims = await this.dimensionColumns(this.o.table);
    const columns = labelColumns(dims).concat(['measure_name', 'time', VALUE_COLUMN]);
    const rows = await this.query(`SELECT ${columns.join(', ')} FROM ${this.from()} WHERE ${this.where(selection, dims)}`);
    const bySeries = new Map<string, { labels: Labels; samples: { timestamp: number; value: number }[] }>();
    for (const row of rows) {
      const labels = timestreamRecords.labelsOf(row, dims);
      const key = seriesKey(labels);
      let s = bySeries.get(key);
      if (!s) bySeries.set(key, (s = { labels, samples: [] }));
      s.samples.push({ timestamp: timestreamSql.parseTime(row.time ?? ''), value: Number(row[VALUE_COLUMN]) });
    }
    const out = [...bySeries.values()];
    for (const s of out) s.samples.sort((a, b) => a.timestamp - b.timestamp);
    return out;
  }

  private async findRawSeries(selection: MetricSelection): Promise<Labels[]> {
    const dims = await this.dimensionColumns(this.o.table);
    const columns = labelColumns(dims).concat(['measure_name']);
    const rows = await this.query(`SELECT DISTINCT ${columns.join(', ')} FROM ${this.from()} WHERE ${this.where(selection, dims)}`);
    return rows.map((r) => timestreamRecords.labelsOf(r, dims));
  }

  private async rawLabelValues(name: string, selection: MetricSelection): Promise<string[]> {
    const dims = await this.dimensionColumns(this.o.table);
    const column = name === '__name__' ? 'measure_name' : timestreamSql.dimensionName(name);
    if (column !== 'measure_name' && !dims.has(column)) return [];
    const col = column === 'measure_name' ? column : timestreamSql.identifier(column);
    const rows = await this.query(
      `SELECT DISTINCT ${col} AS v FROM ${this.from()} WHERE ${this.where(selection, dims)} AND ${col} IS NOT NULL ORDER BY v`,
    );
    return rows.map((r) => r.v ?? '');
  }

  /**
   * Writes one series-table record per (series, UTC day with samples) not yet written by this
   * instance: what maps rollups back to labels once the raw samples have expired. A refused
   * record refuses its series, so the batch is retried and no rollup is left without labels.
   */
  private async catalogue(stored: { series: Series; dims: _Record['Dimensions'] }[], version: number, rejected: Map<Series, string>): Promise<void> {
    const pending: (Outgoing & { key: string })[] = [];
    const seen = new Set<string>();
    for (const { series, dims } of stored) {
      const id = dims![dims!.length - 1].Value;
      const samples = series.samples;
      if (samples.length === 0) continue;
      // Most writes fall within one UTC day: then one key, not one per sample.
      let [min, max] = [Infinity, -Infinity];
      for (const x of samples) [min, max] = [Math.min(min, x.timestamp), Math.max(max, x.timestamp)];
      const oneDay = dayStartOf(min) === dayStartOf(max);
      for (const sample of oneDay ? samples.slice(0, 1) : samples) {
        const day = dayStartOf(sample.timestamp);
        const key = `${id}@${day}`;
        if (this.catalogued.has(key) || seen.has(key)) continue;
        seen.add(key);
        pending.push({ key, series, record: { Dimensions: dims, MeasureName: series.labels.__name__, MeasureValue: '1', Time: String(day) } });
      }
    }
    if (this.catalogued.size + pending.length > MAX_CATALOGUED) this.catalogued.clear();
    for (let i = 0; i < pending.length; i += RECORDS_PER_WRITE) {
      const batch = pending.slice(i, i + RECORDS_PER_WRITE);
      const refused = await this.writeBatch(this.o.rollups!.seriesTable, batch, version);
      batch.forEach((b, index) => {
        const reason = refused.get(index);
        if (reason === undefined) this.catalogued.add(b.key);
        else if (!rejected.has(b.series)) rejected.set(b.series, `series table refused the series: ${reason}`);
      });
    }
  }

  async ping(): Promise<void> {
    await this.o.writeClient.send(new DescribeTableCommand({ DatabaseName: this.o.database, TableName: this.o.table }));
  }

  /** Sends one batch to a table; answers the refused record indexes with their reasons. */
  private async writeBatch(table: string, batch: readonly Outgoing[], version: number): Promise<Map<number, string>> {
    const input = {
      DatabaseName: this.o.database,
      TableName: table,
      ...timestreamRecords.hoist(batch.map((b) => b.record), version),
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

  /** A table's dimension columns, from DESCRIBE: rows name a column first and its Timestream attribute type among the rest. */
  private async dimensionColumns(table: string): Promise<Set<string>> {
    const now = this.clock.now();
    const cached = this.schemas.get(table);
    if (cached && now - cached.at < (this.o.schemaTtlMs ?? 60_000)) return cached.columns;
    const rows = await this.query(`DESCRIBE ${timestreamSql.table(this.o.database, table)}`);
    const columns = new Set<string>();
    for (const row of rows) {
      const values = Object.values(row);
      if (values[0] && values.slice(1).some((v) => v?.toLowerCase() === 'dimension')) columns.add(values[0]);
    }
    this.schemas.set(table, { columns, at: now });
    return columns;
  }
}

/** The quoted dimension columns that carry labels (not the series id). */
function labelColumns(dims: ReadonlySet<string>): string[] {
  return [...dims].filter((d) => d !== SERIES_ID_DIMENSION).map(timestreamSql.identifier);
}
