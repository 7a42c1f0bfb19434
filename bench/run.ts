import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark, BenchRow } from './bench-row';

// Runs every bench/*.bench.ts (or only those named on the command line) and prints one table.
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  const rows: BenchRow[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default: Benchmark };
    process.stderr.write(`running ${file}...\n`);
    rows.push(...(await mod.default()));
  }
  printTable(rows);
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}

function printTable(rows: readonly BenchRow[]): void {
  const cells = rows.map((r) => [
    r.area,
    r.name,
    formatValue(r.value),
    r.unit,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
  ]);
  const head = ['area', 'benchmark', 'value', 'unit', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => (i === 2 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(4)).toString();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
