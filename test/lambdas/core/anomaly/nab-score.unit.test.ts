import { NAB_PROFILES, nabFileScore, nabScore, probationaryLength, scaledSigmoid, type NabFile } from '../../../../lambdas/core/anomaly/nab-score';

// 1000 rows one minute apart; one window over rows 400..499 (after the 150-row probation).
const ts = Array.from({ length: 1000 }, (_, i) => i * 60_000);
const window = { start: ts[400], end: ts[499] };
const file = (hits: number[]): NabFile => ({ timestamps: ts, detections: ts.map((_, i) => hits.includes(i)), windows: [window] });

describe('NAB scorer', () => {
  it('follows the scaled sigmoid of NAB', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.5)).toBe(-1);
    expect(probationaryLength(1000)).toBe(150);
    expect(probationaryLength(20000)).toBe(750);
  });

  it('gives a perfect detector 100 and the null detector 0', () => {
    for (const profile of Object.values(NAB_PROFILES)) {
      expect(nabScore([file([400])], profile).score).toBeCloseTo(100, 6);
      expect(nabScore([file([])], profile).score).toBe(0);
    }
  });

  it('rewards an earlier detection in the window more', () => {
    const early = nabFileScore(file([410]), NAB_PROFILES.standard).raw;
    const late = nabFileScore(file([490]), NAB_PROFILES.standard).raw;
    expect(early).toBeGreaterThan(late);
    expect(late).toBeGreaterThan(0);
    // Only the best detection in a window counts.
    expect(nabFileScore(file([410, 490]), NAB_PROFILES.standard).raw).toBeCloseTo(early, 12);
  });

  it('charges a false positive far from any window the profile weight', () => {
    for (const profile of Object.values(NAB_PROFILES)) {
      const base = nabFileScore(file([400]), profile);
      const withFp = nabFileScore(file([200, 400]), profile);
      expect(withFp.falsePositives).toBe(1);
      expect(base.raw - withFp.raw).toBeCloseTo(profile.fpWeight, 12);
    }
    // A false positive just after a window costs less than a far one.
    const near = nabFileScore(file([400, 505]), NAB_PROFILES.standard).raw;
    const far = nabFileScore(file([400, 900]), NAB_PROFILES.standard).raw;
    expect(near).toBeGreaterThan(far);
  });

  it('includes the last row of a window, with real epoch timestamps', () => {
    const t0 = Date.UTC(2015, 8, 1);
    const stamps = Array.from({ length: 1000 }, (_, i) => t0 + i * 300_000);
    const f = (hit: number): NabFile => ({ timestamps: stamps, detections: stamps.map((_, i) => i === hit), windows: [{ start: stamps[400], end: stamps[499] }] });
    const edge = nabFileScore(f(499), NAB_PROFILES.standard);
    expect(edge.truePositives).toBe(1);
    expect(edge.falsePositives).toBe(0);
    // Relative position -1/100: just above zero.
    expect(edge.raw).toBeCloseTo(scaledSigmoid(-1 / 100) / scaledSigmoid(-1), 12);
    const after = nabFileScore(f(500), NAB_PROFILES.standard);
    expect(after.falsePositives).toBe(1);
  });

  it('ignores detections in the probationary period and misses cost fnWeight', () => {
    expect(nabFileScore(file([10]), NAB_PROFILES.standard).falsePositives).toBe(0);
    expect(nabFileScore(file([]), NAB_PROFILES.reward_low_FN_rate).raw).toBe(-2);
    const s = nabScore([file([400]), file([])], NAB_PROFILES.standard);
    expect(s.score).toBeCloseTo(50, 6);
  });
});
