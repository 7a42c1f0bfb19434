import { rmSync } from 'node:fs';
import { groupingAccuracy } from '../../../lambdas/core/logs/patterns/grouping-accuracy';
import type { LocalPlatform } from '../../../lambdas/local/local-platform';
import { describeWithConformance } from '../../support/conformance';
import { loadLoghub, LOGHUB_PAPER_ACCURACY } from '../../lambdas/core/logs/patterns/loghub-data';
import { eventually, lokiPush, searchAll, startLogPlatform } from './log-platform-helpers';

jest.setTimeout(60_000);

const T0 = Date.UTC(2026, 0, 1);
const SYSTEMS = Object.keys(LOGHUB_PAPER_ACCURACY);

// Every system twice (Content column, raw lines) through POST /loki/api/v1/push, one request
// each, then read back from GET /monitoring/logs with an explicit range; line i has time T0 + i ms.
describeWithConformance('Loghub-2k through the real ingest path (Loki push → logs stream → log-processor → search API)', ['loghub'], (dir) => {
  let platform: LocalPlatform;
  let tmp: string;
  const rows: string[] = [];
  const accuracy: Record<string, { content: number; raw: number }> = {};

  beforeAll(async () => {
    ({ platform, dir: tmp } = await startLogPlatform('loghub-e2e-'));
    const data = SYSTEMS.map((s) => loadLoghub(dir, s));
    await Promise.all(
      data.flatMap((d) =>
        (['content', 'raw'] as const).map(async (kind) => {
          const res = await fetch(`${platform.url}/loki/api/v1/push`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: lokiPush({ service_name: `${d.system}-${kind}`, dataset: 'loghub' }, d[kind], T0),
          });
          expect(res.status).toBe(204);
        }),
      ),
    );
    const range = { from: new Date(T0).toISOString(), to: new Date(T0 + 10_000).toISOString(), order: 'asc' };
    for (const d of data) {
      for (const kind of ['content', 'raw'] as const) {
        const service = `${d.system}-${kind}`;
        const records = await eventually(async () => {
          const got = await searchAll(platform.url, { ...range, q: `service:${service}` });
          return got.length >= d.content.length ? got : undefined;
        }, 45_000, 100);
        const ids = new Array<string>(d.eventIds.length).fill('');
        for (const r of records) ids[Date.parse(r.timestamp) - T0] = r.patternId ?? '';
        expect(ids.every((id) => id !== '')).toBe(true);
        (accuracy[d.system] ??= { content: 0, raw: 0 })[kind] = groupingAccuracy(ids, d.eventIds);
      }
    }
  });

  afterAll(async () => {
    await platform?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    console.log(['| system    | paper | content | raw lines |', '|-----------|-------|---------|-----------|', ...rows].join('\n'));
  });

  it.each(SYSTEMS)('%s: grouping accuracy on the Content column reaches the Drain paper; raw lines reported', (system) => {
    const a = accuracy[system];
    const paper = LOGHUB_PAPER_ACCURACY[system];
    rows.push(`| ${system.padEnd(9)} | ${paper.toFixed(3)} | ${a.content.toFixed(4)}  | ${a.raw.toFixed(4)}    |`);
    expect(a.content).toBeGreaterThanOrEqual(paper);
    expect(a.raw).toBeGreaterThanOrEqual(paper);
  });
});
