import { TraceBatchProcessor } from '../../../../../lambdas/core/traces/processing/trace-batch-processor';
import { parseTraceProcessorConfig } from '../../../../../lambdas/core/traces/processing/trace-processor-config';
import { span } from '../support/span-builder';
import { generateWorkload } from '../support/workload';

const T = (n: number) => n.toString(16).padStart(32, '0');

describe('TraceBatchProcessor', () => {
  it('keeps buffered spans out of its state: chunks are referenced, loaded on decision and released', () => {
    const p = new TraceBatchProcessor({ tail: { baseProbability: 1, decisionWaitMs: 1000 } });
    const a = span({ traceId: T(1), id: 'a', service: 'web', start: 0, end: 10 });
    const b = span({ traceId: T(1), id: 'b', parent: 'a', service: 'web', start: 1, end: 5 });
    const first = p.process([{ id: 'e1', spans: [a] }], 0, 'c1');
    expect(first.kept).toEqual([]);
    expect(first.newChunk).toEqual({ [T(1)]: [a] });
    const second = p.process([{ id: 'e2', spans: [b] }], 500, 'c2');
    expect(second.newChunk).toEqual({ [T(1)]: [b] });
    const state = p.toJSON();
    expect(JSON.stringify(state.tail)).not.toContain('"attributes":{"');
    expect(state.traceChunks).toEqual({ [T(1)]: ['c1', 'c2'] });
    // Restored from plain data, as the handler does between invocations.
    const restored = new TraceBatchProcessor({ tail: { baseProbability: 1, decisionWaitMs: 1000 } }, JSON.parse(JSON.stringify(state)));
    const decided = restored.process([], 1000, 'c3');
    expect([...decided.loadChunks]).toEqual([
      ['c1', [T(1)]],
      ['c2', [T(1)]],
    ]);
    expect(decided.deleteChunks.sort()).toEqual(['c1', 'c2']);
    expect(restored.toJSON().chunkRefs).toEqual({});
  });

  it('decides with no wait inside the batch, without writing a chunk', () => {
    const p = new TraceBatchProcessor({ tail: { baseProbability: 1, decisionWaitMs: 0 } });
    const spans = generateWorkload(5);
    const out = p.process([{ id: 'e', spans }], 10, 'c');
    expect(out.kept).toHaveLength(spans.length);
    expect(out.newChunk).toBeUndefined();
    expect(out.decisions).toHaveLength(5);
  });

  it('drops a redelivered envelope and flushes metrics no more often than configured', () => {
    const p = new TraceBatchProcessor({ tail: { decisionWaitMs: 0 }, metricsFlushMs: 10_000 });
    const spans = generateWorkload(2);
    const first = p.process([{ id: 'e', spans }], 10_000, 'c1');
    expect(first.series.length).toBeGreaterThan(0);
    const again = p.process([{ id: 'e', spans }], 12_000, 'c2');
    expect(again.duplicates).toBe(1);
    expect(again.series).toEqual([]);
    expect(p.stats.spansIn).toBe(spans.length);
  });

  it('parses its config and refuses bad values', () => {
    expect(parseTraceProcessorConfig({ head: { defaultProbability: 0.5 }, metricsFlushMs: 0 })).toMatchObject({ head: { defaultProbability: 0.5 }, metricsFlushMs: 0 });
    expect(() => parseTraceProcessorConfig({ head: { services: { web: -1 } } })).toThrow(/head.services.web/);
    expect(() => parseTraceProcessorConfig('x')).toThrow();
  });
});
