import { TraceBatchProcessor } from '../../../../../lambdas/core/traces/processing/trace-batch-processor';
import { parseTraceProcessorConfig } from '../../../../../lambdas/core/traces/processing/trace-processor-config';
import { span } from '../support/span-builder';
import { generateWorkload } from '../support/workload';

const T = (n: number) => n.toString(16).padStart(32, '0');

describe('TraceBatchProcessor', () => {
  it('keeps buffered spans out of its state: chunks are referenced, loaded on decision and released', () => {
    const p = new TraceBatchProcessor({ tail: { baseProbability: 1, decisionWaitMs: 1000 } });
    const a = span({ traceId: T(1), id: 'a', service: 'web', start: 0, end: 10 });
    const b = span({ traceId: T(1), id: 'b', parent: 'a', service: 'web', start: 1, end: 5, status: 'error' });
    const first = p.process([{ id: 'e1', spans: [a] }], 0);
    expect(first.kept).toEqual([]);
    expect(first.newChunk).toEqual({ [T(1)]: [a] });
    const second = p.process([{ id: 'e2', spans: [b] }], 500);
    expect(second.newChunk).toEqual({ [T(1)]: [b] });
    expect([first.chunkId, second.chunkId]).toEqual(['1', '2']);
    const state = p.toJSON();
    // One compact entry per waiting trace: longest span and error flag are all a decision reads.
    expect(state.waiting).toEqual([[T(1), 0, 10, 1, ['1', '2']]]);
    expect(state.nextChunk).toBe(3);
    // Restored from plain data, as the handler does between invocations.
    const restored = new TraceBatchProcessor({ tail: { baseProbability: 0, decisionWaitMs: 1000 } }, JSON.parse(JSON.stringify(state)));
    const decided = restored.process([], 1000);
    expect(decided.decisions).toEqual([{ traceId: T(1), keep: true, reason: 'error', spanCount: 1 }]);
    expect([...decided.loadChunks]).toEqual([
      ['1', [T(1)]],
      ['2', [T(1)]],
    ]);
    expect(decided.deleteChunks.sort()).toEqual(['1', '2']);
    expect(decided.newChunk).toBeUndefined();
    expect(restored.toJSON().chunkRefs).toEqual({});
    expect(restored.toJSON().waiting).toEqual([]);
  });

  it('decides with no wait inside the batch, without writing a chunk', () => {
    const p = new TraceBatchProcessor({ tail: { baseProbability: 1, decisionWaitMs: 0 } });
    const spans = generateWorkload(5);
    const out = p.process([{ id: 'e', spans }], 10);
    expect(out.kept).toHaveLength(spans.length);
    expect(out.newChunk).toBeUndefined();
    expect(out.decisions).toHaveLength(5);
  });

  it('drops a redelivered envelope and flushes metrics no more often than configured', () => {
    const p = new TraceBatchProcessor({ tail: { decisionWaitMs: 0 }, metricsFlushMs: 10_000 });
    const spans = generateWorkload(2);
    const first = p.process([{ id: 'e', spans }], 10_000);
    expect(first.series.length).toBeGreaterThan(0);
    const again = p.process([{ id: 'e', spans }], 12_000);
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
