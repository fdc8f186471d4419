import { describe, expect, it } from 'vitest';
import { MixedLM } from '../../src/model/mixedlm.js';
import { normalRng } from '../../src/model/inference/simulate.js';

// Within-group errors centred on their group mean have intra-class correlation −1/(m−1):
// the unconstrained (useSqrt: false) optimum has a negative random-intercept variance.
function negativelyCorrelated(nGroups: number, m: number, seed: number) {
  const z = normalRng(seed);
  const y: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < nGroups; i++) {
    const e = Array.from({ length: m }, () => z());
    const mean = e.reduce((a, b) => a + b, 0) / m;
    for (const v of e) {
      y.push(1 + (v - mean) + 0.05 * z());
      g.push(i);
    }
  }
  return { y, X: y.map(() => [1]), g };
}

describe('fits outside the parameter space', () => {
  it('useSqrt: false may end at a negative variance and says so; useSqrt: true stays on the boundary', () => {
    const { y, X, g } = negativelyCorrelated(20, 5, 11);
    const free = new MixedLM(y, X, g, { useSqrt: false }).fit();
    expect(free.covRe[0]![0]!).toBeLessThan(0);
    expect(free.warnings.map((w) => w.code)).toContain('not-psd');
    const sqrt = new MixedLM(y, X, g).fit();
    expect(sqrt.covRe[0]![0]!).toBeGreaterThanOrEqual(0);
    expect(sqrt.warnings.map((w) => w.code)).not.toContain('not-psd');
    expect(sqrt.warnings.map((w) => w.code)).toContain('boundary');
    // the unconstrained optimum is at least as good as the constrained one (tolerance: optimizer noise)
    expect(free.llf).toBeGreaterThanOrEqual(sqrt.llf - 1e-6);
  });
});
