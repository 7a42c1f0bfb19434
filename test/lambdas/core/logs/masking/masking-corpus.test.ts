import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithConformance } from '../../../../support/conformance';
import { parseLogLine } from '../../../../../lambdas/core/logs/parsing/log-line-parser';
import { LogMasker } from '../../../../../lambdas/core/logs/masking/log-masker';
import type { MaskedSpan } from '../../../../../lambdas/core/logs/masking/mask-rule';
import { CorpusGenerator, LabelledLine } from './corpus-generator';
import { TRICKY_CASE_COUNT, trickyCases } from './tricky-cases';

interface Score {
  secrets: number;
  found: number;
  masked: number;
  truePositive: number;
  missedByKind: Record<string, number>;
  falsePositives: string[];
  misses: string[];
}

function score(lines: readonly LabelledLine[], masker: LogMasker): Score {
  const s: Score = { secrets: 0, found: 0, masked: 0, truePositive: 0, missedByKind: {}, falsePositives: [], misses: [] };
  for (const line of lines) {
    const spans: readonly MaskedSpan[] = masker.mask(line.text).spans;
    for (const secret of line.secrets) {
      s.secrets++;
      if (spans.some((m) => m.start <= secret.start && m.end >= secret.end)) s.found++;
      else {
        s.missedByKind[secret.kind] = (s.missedByKind[secret.kind] ?? 0) + 1;
        s.misses.push(`${secret.kind}: ${line.text.slice(secret.start, secret.end)} in ${line.text}`);
      }
    }
    for (const m of spans) {
      s.masked++;
      if (line.secrets.some((x) => m.start < x.end && x.start < m.end)) s.truePositive++;
      else s.falsePositives.push(`${m.rule}: ${line.text.slice(m.start, m.end)} in ${line.text}`);
    }
  }
  return s;
}

describe('masking on a labelled corpus', () => {
  const generated = new CorpusGenerator(20240611).lines(2500);
  const tricky = trickyCases();
  const masker = new LogMasker();

  it('has at least 2,000 generated lines with every kind of secret and 60 hand-written cases', () => {
    expect(generated.length).toBeGreaterThanOrEqual(2000);
    expect(TRICKY_CASE_COUNT).toBeGreaterThanOrEqual(60);
    const kinds = new Set(generated.flatMap((l) => l.secrets.map((s) => s.kind)));
    expect([...kinds].sort()).toEqual(['aws-access-key', 'aws-secret-key', 'bearer', 'card', 'email', 'iban', 'jwt', 'national-id', 'phone', 'secret', 'ssn']);
    expect(generated.filter((l) => l.secrets.length === 0).length).toBeGreaterThan(200);
  });

  it('is deterministic for a seed', () => {
    expect(new CorpusGenerator(7).lines(5)).toEqual(new CorpusGenerator(7).lines(5));
  });

  it('reaches recall >= 99% and precision >= 95% on generated plus hand-written lines', () => {
    const all = score([...generated, ...tricky], masker);
    const gen = score(generated, masker);
    const hand = score(tricky, masker);
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(2)}%`;
    console.log(
      [
        `masking corpus: ${generated.length} generated + ${tricky.length} hand-written lines, ${all.secrets} secrets, ${all.masked} masked spans`,
        `  recall    ${pct(all.found, all.secrets)} (generated ${pct(gen.found, gen.secrets)}, hand-written ${pct(hand.found, hand.secrets)})`,
        `  precision ${pct(all.truePositive, all.masked)} (generated ${pct(gen.truePositive, gen.masked)}, hand-written ${pct(hand.truePositive, hand.masked)})`,
        `  missed by kind ${JSON.stringify(all.missedByKind)}`,
        ...all.misses.slice(0, 10).map((m) => `  MISS ${m}`),
        ...all.falsePositives.slice(0, 10).map((m) => `  FALSE ${m}`),
      ].join('\n'),
    );
    expect(all.found / all.secrets).toBeGreaterThanOrEqual(0.99);
    expect(all.truePositive / all.masked).toBeGreaterThanOrEqual(0.95);
  });
});

describeWithConformance('masking on real Loghub lines (no secrets in them)', ['loghub'], (dir) => {
  it('masks nothing in the messages of the seven Loghub-2k systems with the default rules', () => {
    const masker = new LogMasker();
    const hits: string[] = [];
    let lines = 0;
    for (const system of ['HDFS', 'Hadoop', 'Spark', 'Zookeeper', 'BGL', 'Apache', 'OpenSSH']) {
      for (const line of readFileSync(join(dir, system, `${system}_2k.log`), 'utf8').split(/\r?\n/).filter((l) => l !== '')) {
        lines++;
        const message = parseLogLine(line).message;
        for (const s of masker.mask(message).spans) hits.push(`${s.rule}: ${message.slice(s.start, s.end)}`);
      }
    }
    console.log(`Loghub real lines: ${lines} messages, ${hits.length} masked spans (all would be false positives)`);
    expect(lines).toBe(14_000);
    expect(hits).toEqual([]);
  });
});
