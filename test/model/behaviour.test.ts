import { describe, expect, it } from 'vitest';
import { DataError, DimensionMismatchError, InvalidArgumentError } from '../../src/errors.js';
import { MixedLM, MixedLMParams } from '../../src/model/index.js';
import { mulberry32 } from './helpers.js';
import { dyestuff, pastes, sleepstudy } from './fit-helpers.js';

function gauss(r: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(r() || 1e-300)) * Math.cos(2 * Math.PI * r());
}

describe('boundary fits', () => {
  it('between-group variance estimate 0: reaches 0 with the linear-model llf and a boundary warning', () => {
    // groups with identical means by construction: residuals centred within each group
    const rnd = gauss(mulberry32(7));
    const G = 8;
    const per = 6;
    const y: number[] = [];
    const g: number[] = [];
    const x: number[] = [];
    for (let k = 0; k < G; k++) {
      const e = Array.from({ length: per }, () => rnd());
      const mu = e.reduce((a, b) => a + b, 0) / per;
      e.forEach((v, i) => {
        y.push(3 + v - mu);
        g.push(k);
        x.push(i);
      });
    }
    for (const reml of [true, false]) {
      const m = new MixedLM(y, y.map(() => 1), g);
      const r = m.fit({ reml });
      expect(r.covRe[0]![0]!).toBeLessThan(1e-6); // at the boundary
      expect(r.warnings.some((w) => w.code === 'boundary')).toBe(true);
      // plain linear model y ~ 1: ML llf = −n/2(log(2π RSS/n) + 1); REML adds ½log(n)… use formula
      const n = y.length;
      const mean = y.reduce((a, b) => a + b, 0) / n;
      const rss = y.reduce((a, b) => a + (b - mean) ** 2, 0);
      const p = 1;
      const llf = reml
        ? -((n - p) / 2) * (Math.log((2 * Math.PI * rss) / (n - p)) + 1) - 0.5 * Math.log(n) // log|XᵀX| = log n
        : -(n / 2) * (Math.log((2 * Math.PI * rss) / n) + 1);
      expect(Math.abs(r.llf - llf)).toBeLessThan(1e-6); // 1e-6 absolute
      expect(Number.isFinite(r.feParams[0]!)).toBe(true);
      expect(r.randomEffects.size).toBe(G);
    }
  });
});

describe('free, regularization, profile, simulation', () => {
  it('free pattern keeps the covariance at its start value (independent effects)', () => {
    const m = sleepstudy();
    const free = MixedLMParams.fromComponents({ feParams: [1, 1], covRe: [[1, 0], [0, 1]] });
    const r = m.fit({ free });
    expect(r.covRe[0]![1]).toBe(0);
    expect(r.covParams()[3]![3]).toBe(0);
  });

  it('fitRegularized: coefficients shrink to exactly 0 as alpha grows', () => {
    const m = sleepstudy();
    const small = m.fitRegularized({ alpha: 0 });
    const big = m.fitRegularized({ alpha: 1e6 });
    expect(Math.abs(small.feParams[1]! - 10.467)).toBeLessThan(1e-2);
    expect(big.feParams[1]).toBe(0);
    expect(big.feParams[0]).toBe(0);
  });

  it('profileRe peaks at the estimate', () => {
    const r = dyestuff().fit();
    const prof = r.profileRe(0, 're', { numLow: 2, distLow: 500, numHigh: 2, distHigh: 500 });
    const best = prof.reduce((a, b) => (b[1]! > a[1]! ? b : a));
    expect(Math.abs(best[0]! - r.covRe[0]![0]!)).toBeLessThan(1e-3 * r.covRe[0]![0]!); // the MLE row
    const profVc = pastes().fit().profileRe('cask', 'vc', { numLow: 1, distLow: 2, numHigh: 1, distHigh: 2 });
    expect(profVc[1]![1]!).toBeGreaterThanOrEqual(Math.max(profVc[0]![1]!, profVc[2]![1]!));
  });

  it('getDistribution().rvs is reproducible from the seed', () => {
    const r = dyestuff().fit();
    const d = r.model.getDistribution(r.params, r.scale);
    expect(d.rvs(3)).toEqual(d.rvs(3));
    expect(d.rvs(3)).not.toEqual(d.rvs(4));
  });

  it('summary assembles statsmodels-style rows', () => {
    const txt = pastes().fit().summary();
    expect(txt).toContain('Mixed Linear Model Regression Results');
    expect(txt).toContain('cask Var');
  });

  it('missing="drop" drops incomplete rows and records them', () => {
    const y = [1, 2, NaN, 4, 5, 6, 7, 8];
    const g = [1, 1, 1, 2, 2, 2, 3, 3];
    const m = new MixedLM(y, y.map((_, i) => [1, i % 3]), g, { missing: 'drop' });
    expect(m.nDropped).toBe(1);
    expect(m.nobs).toBe(7);
    expect(m.warnings[0]!.code).toBe('missing-dropped');
  });
});

describe('bad input → typed errors', () => {
  // not an exact linear function of X's columns (an exact fit is itself refused: zero residual variance)
  const y = [1, 2.5, 3, 4.2, 5, 6.1];
  const X = y.map((_, i) => [1, i]);
  const g = [1, 1, 2, 2, 3, 3];
  it('lengths', () => {
    expect(() => new MixedLM(y, X.slice(1), g)).toThrow(DimensionMismatchError);
    expect(() => new MixedLM(y, X, g.slice(1))).toThrow(DimensionMismatchError);
    expect(() => new MixedLM(y, X, g, { exogRe: [1, 2] })).toThrow(DimensionMismatchError);
  });
  it('non-finite values name row and column', () => {
    try {
      new MixedLM(y, X.map((r, i) => (i === 4 ? [1, Infinity] : r)), g, { exogNames: ['a', 'b'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).row).toBe(4);
      expect((e as DataError).column).toBe('b');
    }
    expect(() => new MixedLM([NaN, ...y.slice(1)], X, g)).toThrow(DataError);
  });
  it('options', () => {
    expect(() => new MixedLM(y, X, g, { missing: 'x' as 'none' })).toThrow(InvalidArgumentError);
    const m = new MixedLM(y, X, g);
    expect(() => m.fit({ method: 'newton' })).toThrow(InvalidArgumentError);
    expect(() => m.fit({ method: 'foo' })).toThrow(InvalidArgumentError);
    expect(() => m.fit({ startParams: [1, 2, 3, 4, 5] })).toThrow(InvalidArgumentError);
    expect(() => m.fit({ free: MixedLMParams.fromComponents({ feParams: [1], covRe: [[1]] }) })).toThrow(InvalidArgumentError);
    expect(() => m.fit({ free: MixedLMParams.fromComponents({ feParams: [1, 2], covRe: [[1]] }) })).toThrow(InvalidArgumentError);
  });
  it('rank deficiency and empty data', () => {
    expect(() => new MixedLM(y, y.map((v) => [1, v, 2 * v]), g)).toThrow(DataError);
    expect(() => new MixedLM([], [], [])).toThrow(DataError);
  });
  it('inputs are not mutated', () => {
    const yy = [1.3, 2.1, 2.7, 4.4, 4.9, 6.3];
    const X2 = X.map((r) => r.slice());
    const y2 = yy.slice();
    new MixedLM(y2, X2, g).fit();
    expect(X2).toEqual(X);
    expect(y2).toEqual(yy);
  });
});
