import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchRow } from './bench-row';
import { ingestToSearchable, processorThroughput, searchOverStore } from './log-platform-bench';
import { LogMasker } from '../lambdas/core/logs/masking/log-masker';
import { DrainMiner } from '../lambdas/core/logs/patterns/drain-miner';
import { parseLogLine } from '../lambdas/core/logs/parsing/log-line-parser';
import { LogLineProcessor } from '../lambdas/core/logs/log-line-processor';

const LOGHUB = resolve(__dirname, '..', '..', 'shared', 'conformance', 'loghub');
const SYSTEMS = ['HDFS', 'Hadoop', 'Spark', 'Zookeeper', 'BGL', 'Apache', 'OpenSSH'];
const TARGET_BYTES = 10 * 1024 * 1024;

// Loghub lines when the conformance data is present, else generated lines of similar shape.
function sourceLines(): { lines: string[]; origin: string } {
  const lines: string[] = [];
  for (const s of SYSTEMS) {
    const f = join(LOGHUB, s, `${s}_2k.log`);
    if (existsSync(f)) lines.push(...readFileSync(f, 'utf8').split(/\r?\n/).filter((l) => l !== ''));
  }
  if (lines.length > 0) return { lines, origin: 'loghub' };
  for (let i = 0; i < 10_000; i++) {
    lines.push(
      [
        `2024-01-01 00:00:${String(i % 60).padStart(2, '0')},123 INFO [main] com.acme.Service: request ${i} for user u${i % 97} took ${i % 500} ms`,
        `{"level":"warn","msg":"slow query on table t${i % 13}","duration_ms":${i % 900},"user":"a${i}@example.com"}`,
        `10.0.${i % 255}.${i % 200} - - [10/Oct/2000:13:55:36 -0700] "GET /api/items/${i} HTTP/1.1" ${i % 10 === 0 ? 500 : 200} ${i * 7}`,
        `Dec 10 06:55:46 host sshd[${i}]: Failed password for root from 192.0.2.${i % 250} port ${40000 + i} ssh2`,
      ][i % 4],
    );
  }
  return { lines, origin: 'generated' };
}

function repeated(lines: readonly string[]): { lines: string[]; bytes: number } {
  const out: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const l = lines[i % lines.length];
    out.push(l);
    bytes += Buffer.byteLength(l) + 1;
  }
  return { lines: out, bytes };
}

// CPU seconds rather than wall time: the figure is per core, and the machine may be shared.
function time(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

/** Throughput of the pure log pipeline on one core (CPU time): parse + mask + mine, and each stage. */
export default async function logsBench(): Promise<BenchRow[]> {
  const { lines: base, origin } = sourceLines();
  const { lines, bytes } = repeated(base);
  const mb = bytes / (1024 * 1024);
  const processor = new LogLineProcessor();
  const pipeline = time(() => {
    for (const l of lines) processor.process(l);
  });
  // Stages on a fifth of the input, to stay within the time budget.
  const part = lines.slice(0, Math.floor(lines.length / 5));
  const partMb = mb / 5;
  let messages: string[] = [];
  const parse = time(() => {
    messages = part.map((l) => parseLogLine(l).message);
  });
  const masker = new LogMasker();
  const mask = time(() => {
    for (const m of messages) masker.mask(m);
  });
  const miner = new DrainMiner();
  const mine = time(() => {
    for (const m of messages) miner.add(m);
  });
  const area = 'logs';
  return [
    { area, name: `parse+mask+mine throughput (${origin} lines x${Math.round(lines.length / base.length)}, ${mb.toFixed(0)} MB)`, value: mb / pipeline, unit: 'MB/s' },
    { area, name: 'parse+mask+mine lines/s', value: lines.length / pipeline, unit: 'lines/s' },
    { area, name: 'parse only', value: partMb / parse, unit: 'MB/s' },
    { area, name: 'mask only (messages)', value: partMb / mask, unit: 'MB/s' },
    { area, name: 'pattern mining (lines mined per second)', value: part.length / mine, unit: 'lines/s' },
    { area, name: 'patterns found', value: processor.miner.size, unit: 'patterns' },
    ...(await processorThroughput(base)),
    ...(await ingestToSearchable()),
    ...(await searchOverStore(base)),
  ];
}
