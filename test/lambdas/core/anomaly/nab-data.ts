import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One NAB series with its label windows, timestamps in ms. */
export interface NabSeries {
  readonly name: string;
  readonly timestamps: number[];
  readonly values: number[];
  readonly windows: { start: number; end: number }[];
}

/** NAB writes naive UTC times such as `2014-04-10 07:15:00.000000`. */
export function parseNabTime(text: string): number {
  return Date.parse(`${text.trim().slice(0, 19).replace(' ', 'T')}Z`);
}

/** Reads every series under `<dir>/data` with its windows from `<dir>/labels/combined_windows.json`. */
export function loadNab(dir: string, categories?: readonly string[]): NabSeries[] {
  const windows = JSON.parse(readFileSync(join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
  const out: NabSeries[] = [];
  for (const cat of readdirSync(join(dir, 'data')).sort()) {
    if (cat.endsWith('.md') || (categories && !categories.includes(cat))) continue;
    for (const file of readdirSync(join(dir, 'data', cat)).sort()) {
      if (!file.endsWith('.csv')) continue;
      const lines = readFileSync(join(dir, 'data', cat, file), 'utf8').trim().split('\n').slice(1);
      const timestamps: number[] = [];
      const values: number[] = [];
      for (const line of lines) {
        const [t, v] = line.split(',');
        timestamps.push(parseNabTime(t));
        values.push(Number(v));
      }
      const name = `${cat}/${file}`;
      out.push({ name, timestamps, values, windows: (windows[name] ?? []).map(([s, e]) => ({ start: parseNabTime(s), end: parseNabTime(e) })) });
    }
  }
  return out;
}
