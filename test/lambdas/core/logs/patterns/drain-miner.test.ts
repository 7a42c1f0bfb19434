import { DrainMiner } from '../../../../../lambdas/core/logs/patterns/drain-miner';
import { DEFAULT_DRAIN_CONFIG } from '../../../../../lambdas/core/logs/patterns/drain-config';
import { groupingAccuracy } from '../../../../../lambdas/core/logs/patterns/grouping-accuracy';

describe('DrainMiner', () => {
  it('groups lines that differ in variables and generalises the template with wildcards', () => {
    const m = new DrainMiner();
    const a = m.add('Connection from alice closed after 12 ms', 1000);
    const b = m.add('Connection from bob closed after 7 ms', 2000);
    expect(a.isNew).toBe(true);
    expect(b.isNew).toBe(false);
    expect(b.changed).toBe(true);
    expect(b.patternId).toBe(a.patternId);
    expect(b.template).toBe('Connection from <*> closed after <*> ms');
    const p = m.get(a.patternId);
    expect(p).toMatchObject({ count: 2, firstSeen: 1000, lastSeen: 2000, sample: 'Connection from alice closed after 12 ms' });
  });

  it('keeps the pattern id assigned at creation while the template generalises', () => {
    const m = new DrainMiner();
    const id = m.add('session opened for alice from web').patternId;
    expect(m.add('session opened for bob from web').patternId).toBe(id);
    expect(m.add('session opened for carol from mobile').patternId).toBe(id);
    expect(m.get(id)?.template).toBe('session opened for <*> from <*>');
    expect(m.size).toBe(1);
  });

  it('separates statements of different length or too little overlap', () => {
    const m = new DrainMiner();
    const x = m.add('disk full on volume data');
    const y = m.add('disk full on volume data now');
    const z = m.add('cache warmed in region west');
    expect(new Set([x.patternId, y.patternId, z.patternId]).size).toBe(3);
  });

  it('masks numbers, addresses, hex and paths before routing (adjacent values collapse)', () => {
    const m = new DrainMiner();
    m.add('fetch 10.0.0.1:8080 /var/data/a.bin 0xdeadbeef took 15 ms');
    const r = m.add('fetch 192.168.1.20:443 /srv/x/y/z.bin 0x1f took 3 ms');
    expect(r.isNew).toBe(false);
    expect(r.template).toBe('fetch <*> took <*> ms');
  });

  it('collapses lists of values of varying length into one wildcard', () => {
    const m = new DrainMiner();
    const a = m.add('delete blocks blk_1 blk_2 blk_3 on node');
    const b = m.add('delete blocks blk_9 on node');
    expect(b.patternId).toBe(a.patternId);
  });

  it('does not join a line whose variable slot holds a word (another statement)', () => {
    const m = new DrainMiner();
    const a = m.add('Client attempting to renew session 0x24ed93119420016 at /10.10.34.13:37115');
    const b = m.add('Client attempting to establish new session at /10.10.34.13:37115');
    expect(b.patternId).not.toBe(a.patternId);
    const off = new DrainMiner({ ...DEFAULT_DRAIN_CONFIG, slotConflictPenalty: 0, wordMismatchPenalty: 0 });
    off.add('Client attempting to renew session 0x24ed93119420016 at /10.10.34.13:37115');
    expect(off.add('Client attempting to establish new session at /10.10.34.13:37115').isNew).toBe(false);
  });

  it('does not join lines that differ in several plain words', () => {
    const m = new DrainMiner();
    const a = m.add('Received disconnect from 52.80.34.196: 11: Bye Bye [preauth]');
    expect(m.add('Received disconnect from 10.1.1.1: 11: Bye Bye [preauth]').patternId).toBe(a.patternId);
    expect(m.add('Received disconnect from 119.137.62.142: 11: disconnected by user').patternId).not.toBe(a.patternId);
    const off = new DrainMiner({ ...DEFAULT_DRAIN_CONFIG, wordMismatchPenalty: 0 });
    const b = off.add('Received disconnect from 52.80.34.196: 11: Bye Bye [preauth]');
    expect(off.add('Received disconnect from 119.137.62.142: 11: disconnected by user').patternId).toBe(b.patternId);
  });

  it('match() looks up without learning', () => {
    const m = new DrainMiner();
    m.add('job 1 finished in 3 s');
    expect(m.match('job 2 finished in 9 s')?.template).toBe('job <*> finished in <*> s');
    expect(m.match('totally different line here')).toBeUndefined();
    expect(m.size).toBe(1);
    expect(m.get(m.patterns()[0].id)?.count).toBe(1);
  });

  it('round-trips its state through JSON and continues identically', () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      [`worker ${i % 7} started task ${i}`, `request GET /api/v${i % 3}/items/${i} returned ${200 + (i % 2) * 300}`, `cache miss for key k${i} in shard ${i % 4}`][i % 3],
    );
    const a = new DrainMiner();
    lines.slice(0, 150).forEach((l) => a.add(l, 1));
    const b = DrainMiner.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    const ra = lines.slice(150).map((l) => a.add(l, 2).patternId);
    const rb = lines.slice(150).map((l) => b.add(l, 2).patternId);
    expect(rb).toEqual(ra);
    expect(b.patterns()).toEqual(a.patterns());
  });

  it('routes tokens past the child limit to the wildcard branch', () => {
    const m = new DrainMiner({ ...DEFAULT_DRAIN_CONFIG, maxChildren: 3 });
    for (const w of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) m.add(`${w} service is ready now`);
    // alpha and beta get their own branch; the rest share the wildcard branch and one template.
    expect(m.patterns().map((p) => p.template).sort()).toEqual(['<*> service is ready now', 'alpha service is ready now', 'beta service is ready now']);
  });

  it('keeps at most maxPatterns, dropping the least recently matched, also after a restore', () => {
    const m = new DrainMiner({ ...DEFAULT_DRAIN_CONFIG, maxPatterns: 2 });
    const a = m.add('alpha service started').patternId;
    const b = m.add('beta cache warmed up now').patternId;
    m.add('alpha service started');
    const c = m.add('gamma queue drained fully today ok').patternId;
    expect(m.patterns().map((p) => p.id).sort()).toEqual([a, c].sort());
    expect(m.get(b)).toBeUndefined();
    const r = DrainMiner.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    r.add('gamma queue drained fully today ok');
    const d = r.add('delta index rebuilt in full').patternId;
    expect(r.patterns().map((p) => p.id).sort()).toEqual([c, d].sort());
    expect(r.add('beta cache warmed up now').isNew).toBe(true);
  });

  it('rejects a depth below 3', () => {
    expect(() => new DrainMiner({ ...DEFAULT_DRAIN_CONFIG, depth: 2 })).toThrow(RangeError);
  });
});

describe('groupingAccuracy', () => {
  it('counts a line correct only when its predicted group equals its true group', () => {
    expect(groupingAccuracy(['a', 'a', 'b', 'c'], ['x', 'x', 'y', 'y'])).toBe(0.5);
    expect(groupingAccuracy(['a', 'a', 'a'], ['x', 'x', 'y'])).toBe(0);
    expect(groupingAccuracy(['a', 'b'], ['x', 'y'])).toBe(1);
    expect(() => groupingAccuracy(['a'], [])).toThrow(RangeError);
  });
});
