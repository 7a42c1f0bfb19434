import { describeWithConformance } from '../../../../support/conformance';
import { DrainMiner } from '../../../../../lambdas/core/logs/patterns/drain-miner';
import { groupingAccuracy } from '../../../../../lambdas/core/logs/patterns/grouping-accuracy';
import { parseLogLine } from '../../../../../lambdas/core/logs/parsing/log-line-parser';
import { loadLoghub, LOGHUB_PAPER_ACCURACY } from './loghub-data';

// The default configuration, one for every system; the raw case relies on the generic parser to strip headers.
function accuracy(lines: readonly string[], truth: readonly string[]): number {
  const miner = new DrainMiner();
  return groupingAccuracy(lines.map((l) => miner.add(l).patternId), truth);
}

describeWithConformance('Loghub-2k grouping accuracy of the default Drain miner', ['loghub'], (dir) => {
  const rows: string[] = [];
  const systems = Object.keys(LOGHUB_PAPER_ACCURACY);

  afterAll(() => {
    const head = '| system    | paper | content | raw lines |';
    console.log([head, '|-----------|-------|---------|-----------|', ...rows].join('\n'));
  });

  it.each(systems)('%s reaches at least the Drain paper on the Content column, and on raw lines', (system) => {
    const data = loadLoghub(dir, system);
    expect(data.content).toHaveLength(2000);
    expect(data.raw).toHaveLength(2000);
    const content = accuracy(data.content, data.eventIds);
    const raw = accuracy(data.raw.map((l) => parseLogLine(l).message), data.eventIds);
    const paper = LOGHUB_PAPER_ACCURACY[system];
    rows.push(`| ${system.padEnd(9)} | ${paper.toFixed(3)} | ${content.toFixed(4)}  | ${raw.toFixed(4)}    |`);
    expect(content).toBeGreaterThanOrEqual(paper);
    // Header stripping must not cost more than a line in a thousand against the clean Content column.
    expect(raw).toBeGreaterThanOrEqual(content - 0.001);
  });
});
