import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { chi2Sf } from '../../src/model/inference/distributions.js';
import { compareModels } from '../../src/model/index.js';
import { dyestuff, loadJson, sleepstudy } from './fit-helpers.js';

const lme4 = loadJson('lme4.json');
const intercept = (o: object = {}) => sleepstudy({ exogRe: Array.from({ length: 180 }, () => [1]), exogReNames: ['Subject'], ...o });

describe('compareModels (likelihood-ratio test, lme4 anova)', () => {
  const slopes = sleepstudy().fit(); // REML
  const icpt = intercept().fit(); // REML
  const cmp = compareModels(slopes, icpt, { names: ['slopes', 'intercept'] });
  const ref = lme4.sleepstudy_slopes_ml;

  it('refits REML fits by ML and says so', () => {
    expect(cmp.refitted).toEqual(['slopes', 'intercept']);
    expect(cmp.table.map((r) => r.refitted)).toEqual([true, true]);
    expect(cmp.fits.every((f) => !f.reml)).toBe(true);
    // inputs untouched
    expect(slopes.reml).toBe(true);
    expect(slopes.model.reml).toBe(true);
  });

  it('statistic = 2(ℓ₁ − ℓ₀) with ℓ₁ the lme4 ML log-likelihood, df = 2', () => {
    expect(cmp.table.map((r) => r.name)).toEqual(['intercept', 'slopes']); // ordered by nPar
    expect(cmp.table.map((r) => r.nPar)).toEqual([4, 6]);
    expect(cmp.df).toBe(2);
    const l0 = intercept().fit({ reml: false }).llf;
    expect(Math.abs(cmp.statistic - 2 * (ref.loglik - l0))).toBeLessThan(1e-2); // 1e-2 absolute
    expect(Math.abs(cmp.table[1]!.logLik - ref.loglik)).toBeLessThan(1e-2); // 1e-2 absolute
    expect(Math.abs(cmp.table[1]!.aic - ref.aic)).toBeLessThan(2e-2); // 2e-2 absolute (2 × logLik tol)
    expect(Math.abs(cmp.table[1]!.bic - ref.bic)).toBeLessThan(2e-2);
    expect(Math.abs(cmp.table[1]!.deviance - ref.deviance)).toBeLessThan(2e-2);
    expect(cmp.pValue).toBeCloseTo(chi2Sf(cmp.statistic, 2), 14); // 1e-14
    expect(cmp.pValue).toBeLessThan(1e-4);
  });

  it('order of arguments does not change the test', () => {
    const c2 = compareModels(icpt, slopes);
    expect(c2.statistic).toBeCloseTo(cmp.statistic, 6); // 1e-6: same ML refits from different warm starts
    expect(c2.table.map((r) => r.name)).toEqual(['A', 'B']); // A = intercept-only has fewer parameters
  });

  it('ML fits are compared as they are', () => {
    const a = sleepstudy().fit({ reml: false });
    const b = intercept().fit({ reml: false });
    const c = compareModels(a, b);
    expect(c.refitted).toEqual([]);
    expect(c.statistic).toBeCloseTo(2 * (a.llf - b.llf), 10); // 1e-10
  });

  it('rejects fits to different data', () => {
    const other = dyestuff().fit();
    expect(() => compareModels(slopes, other)).toThrow(InvalidArgumentError);
    const d = slopes.model.endog.slice();
    d[0]! += 1;
    const shifted = sleepstudy().fit();
    const m2 = new (shifted.model.constructor as any)(d, shifted.model.exog, shifted.model.groups, shifted.model.initOptions);
    expect(() => compareModels(slopes, m2.fit())).toThrow(InvalidArgumentError);
  });
});
