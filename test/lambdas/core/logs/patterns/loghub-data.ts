import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Loghub-2k systems checked, with Drain's published grouping accuracy (He et al. 2017, Zhu et al. 2019). */
export const LOGHUB_PAPER_ACCURACY: Readonly<Record<string, number>> = {
  HDFS: 0.998,
  Hadoop: 0.948,
  Spark: 0.92,
  Zookeeper: 0.967,
  BGL: 0.963,
  Apache: 1.0,
  OpenSSH: 0.788,
};

/** One Loghub-2k system: raw lines, the Content column and the ground-truth EventId per line. */
export interface LoghubDataset {
  readonly system: string;
  readonly raw: string[];
  readonly content: string[];
  readonly eventIds: string[];
}

/** Reads `<dir>/<system>/<system>_2k.log` and its corrected structured CSV. */
export function loadLoghub(dir: string, system: string): LoghubDataset {
  const base = join(dir, system, `${system}_2k.log`);
  const raw = readFileSync(base, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const rows = parseCsv(readFileSync(`${base}_structured_corrected.csv`, 'utf8'));
  const head = rows[0];
  const ci = head.indexOf('Content');
  const ei = head.indexOf('EventId');
  const body = rows.slice(1).filter((r) => r.length === head.length);
  return { system, raw, content: body.map((r) => r[ci]), eventIds: body.map((r) => r[ei]) };
}

// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
