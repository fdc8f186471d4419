/** Issue 11: bootstrap refits of a boundary fit can leave the boundary (a Dyestuff2-like simulated data set). */
import { describe, expect, it } from 'vitest';
import { MixedLM } from '../../src/model/mixedlm.js';
import { replicateSeed } from '../../src/model/inference/bootstrap.js';
import { normalRng } from '../../src/model/inference/simulate.js';

/**
 * lme4's Dyestuff2 is a separate data set (Box & Tiao's simulated yields: 6 batches × 5, no batch effect).
 * We build one like it: 30 draws of 5.6656 + 3.7·z from the project's seeded generator (seed 1), for
 * which the REML batch-variance estimate is exactly on the boundary (asserted below).
 */
function dyestuff2(): { Yield: number[]; Batch: string[] } {
  const z = normalRng(1);
  const Batch: string[] = [];
  const Yield: number[] = [];
  for (let b = 0; b < 6; b++)
    for (let k = 0; k < 5; k++) {
      Batch.push('ABCDEF'[b]!);
      Yield.push(5.6656 + 3.7 * z());
    }
  return { Yield, Batch };
}

describe('parametric bootstrap of a boundary fit', () => {
  const model = MixedLM.fromFormula('Yield ~ 1 + (1 | Batch)', dyestuff2());
  const fit = model.fit();
  const boot = fit.bootstrap(100, { seed: 1 });

  it('the premise: the batch variance MLE is 0', () => {
    expect(fit.covRe[0]![0]!).toBeLessThan(1e-10 * fit.scale);
  });

  it('the upper limit of the batch variance is far from 0 (warm starts at 0 gave ~1e-20)', () => {
    const row = boot.intervals.find((r) => r.name === 'Batch Var')!;
    expect(row.lower).toBeLessThan(1e-6);
    // replicates drawn with batch variance 0: about half have an interior maximum; the
    // 97.5% point is a sizeable fraction of the residual variance (≈ 13.7)
    expect(row.upper).toBeGreaterThan(1);
    expect(row.upper).toBeLessThan(fit.scale);
  });

  it('every replicate reaches the maximum a fresh fit of the same data finds (first 15 checked, llf to 1e-6)', () => {
    const dist = model.getDistribution(fit.params, fit.scale);
    for (let b = 0; b < 15; b++) {
      const y = dist.rvs(replicateSeed(1, b));
      const fresh = MixedLM.fromFormula('Yield ~ 1 + (1 | Batch)', { Yield: y, Batch: dyestuff2().Batch }).fit();
      const est = boot.replicates[b]!;
      // Batch Var on the data scale: 1e-4 relative to the scale (optimizer tolerance)
      expect(Math.abs(est[1]! - fresh.covRe[0]![0]!)).toBeLessThan(1e-4 * fresh.scale);
    }
  });

  it('reports how many replicates failed, did not converge or ended on the boundary', () => {
    expect(boot.nFailed).toBe(0);
    expect(boot.failures).toEqual([]);
    expect(boot.nAtBoundary).toBeGreaterThan(10);
    expect(boot.nAtBoundary).toBeLessThan(90);
    const w = boot.warnings.find((x) => x.code === 'bootstrap-boundary')!;
    expect(w.atBoundary).toBe(boot.nAtBoundary);
    expect(w.message).toMatch(new RegExp(`^${boot.nAtBoundary} of 100 bootstrap refits are singular`));
  });

  it('an interior fit keeps its warm start and has no boundary replicates (sleepstudy-like random intercept)', () => {
    const z = normalRng(5);
    const g: string[] = [];
    const y: number[] = [];
    for (let s = 0; s < 10; s++) {
      const u = 3 * z();
      for (let k = 0; k < 6; k++) {
        g.push(`s${s}`);
        y.push(10 + u + z());
      }
    }
    const b = MixedLM.fromFormula('y ~ 1 + (1 | g)', { y, g }).fit().bootstrap(20, { seed: 2 });
    expect(b.nAtBoundary).toBe(0);
    expect(b.warnings).toEqual([]);
  });
});
