import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { MixedLM, ProfileEngine, refitML } from '../../src/model/index.js';
import { normalQuantile } from '../../src/model/inference/distributions.js';
import { sleepstudy } from './fit-helpers.js';
import { mulberry32 } from './helpers.js';

describe('Wald intervals', () => {
  const r = sleepstudy().fit();
  it('equal confInt(alpha) (fixed effects as is, variance parameters × scale), Scale NaN', () => {
    for (const level of [0.95, 0.9]) {
      const rows = r.confInt({ method: 'wald', level });
      const ci = r.confInt(1 - level);
      expect(rows.map((x) => x.name)).toEqual([...r.paramNames, 'Scale']);
      for (let i = 0; i < r.params.length; i++) {
        const f = i < r.kFe ? 1 : r.scale;
        expect(rows[i]!.lower).toBe(ci[i]![0] * f); // exact
        expect(rows[i]!.upper).toBe(ci[i]![1] * f);
      }
      expect(rows[0]!.estimate).toBe(r.feParams[0]);
      expect(rows[2]!.estimate).toBeCloseTo(r.covRe[0]![0]!, 9); // 1e-9
      expect(Number.isNaN(rows[5]!.lower) && Number.isNaN(rows[5]!.upper)).toBe(true);
    }
    expect(r.confInt({})).toEqual(r.confInt({ method: 'wald' }));
  });
  it('the statsmodels form is unchanged', () => {
    const ci = r.confInt(0.05);
    const q = normalQuantile(0.975);
    expect(ci[1]![0]).toBeCloseTo(r.params[1]! - q * r.bse[1]!, 12); // 1e-12
    expect(ci.length).toBe(r.params.length);
  });
  it('rejects bad arguments', () => {
    expect(() => r.confInt({ level: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => r.confInt({ method: 'nope' as 'wald' })).toThrow(InvalidArgumentError);
  });
});

describe('profile-likelihood intervals (sleepstudy, REML fit → ML profile as lme4)', () => {
  const r = sleepstudy().fit();
  const prof = r.confInt({ method: 'profile' });
  const wald = r.confInt({ method: 'wald' });
  it('contain the estimate; variances asymmetric; fixed effects close to Wald', () => {
    prof.forEach((row) => {
      expect(row.lower).toBeLessThan(row.estimate);
      expect(row.upper).toBeGreaterThan(row.estimate);
    });
    for (const i of [2, 4, 5]) {
      const row = prof[i]!;
      expect((row.upper - row.estimate) / (row.estimate - row.lower)).toBeGreaterThan(1.2); // right-skewed
    }
    for (const i of [0, 1]) {
      const hw = (wald[i]!.upper - wald[i]!.lower) / 2;
      expect(Math.abs(prof[i]!.estimate - prof[i]!.lower - hw) / hw).toBeLessThan(0.05); // within 5% of Wald
      expect(Math.abs(prof[i]!.upper - prof[i]!.estimate - hw) / hw).toBeLessThan(0.05);
    }
  });
  it("match lme4's confint(fm1) for sleepstudy (documented output, sd scale)", () => {
    // lme4: .sig01 14.38 37.72, .sig02 (corr) -0.4815 0.6850, .sig03 3.801 8.753, .sigma 22.898 28.858,
    // (Intercept) 237.681 265.130, Days 7.3587 13.5759
    const sd = (v: number): number => Math.sqrt(v);
    const c = (a: number, b: number): void => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(2e-4); // 2e-4 relative (lme4 prints 4-7 digits)
    c(prof[0]!.lower, 237.6807);
    c(prof[0]!.upper, 265.1295);
    c(prof[1]!.lower, 7.358655);
    c(prof[1]!.upper, 13.57592);
    c(sd(prof[2]!.lower), 14.38149);
    c(sd(prof[2]!.upper), 37.71599);
    c(sd(prof[4]!.lower), 3.801164);
    c(sd(prof[4]!.upper), 8.753382);
    c(sd(prof[5]!.lower), 22.89827);
    c(sd(prof[5]!.upper), 28.858);
  });
  it('bounds sit on the χ²₁ threshold of the ML profile', () => {
    const ml = refitML(r);
    const eng = new ProfileEngine(ml);
    const crit = normalQuantile(0.975) ** 2;
    const d1 = 2 * (ml.llf - eng.at({ kind: 'fe', index: 1 }, prof[1]!.upper).llf);
    const d2 = 2 * (ml.llf - eng.at({ kind: 'psi', index: 0 }, prof[2]!.lower).llf);
    const d3 = 2 * (ml.llf - eng.at({ kind: 'scale' }, prof[5]!.upper).llf);
    for (const d of [d1, d2, d3]) expect(Math.abs(d - crit)).toBeLessThan(1e-5); // 1e-5 absolute on the deviance
  });
  it("criterion 'fit' profiles the REML criterion and still contains the estimate", () => {
    const pf = r.confInt({ method: 'profile', criterion: 'fit', parm: ['Days', 'Days Var'] });
    expect(pf.map((x) => x.name)).toEqual(['Days', 'Days Var']);
    pf.forEach((row) => expect(row.lower < row.estimate && row.estimate < row.upper).toBe(true));
    // REML variance intervals lie above the ML ones (REML estimates are larger)
    expect(pf[1]!.upper).toBeGreaterThan(prof[4]!.upper);
  });
});

describe('profile lower bound at 0', () => {
  it('a variance whose profile never crosses the threshold gets lower bound 0', () => {
    // 12 groups × 6, random-intercept sd 0.1, noise sd 1: the variance is barely identified
    const rnd = mulberry32(7);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const y: number[] = [];
    const X: number[][] = [];
    const g: number[] = [];
    for (let i = 0; i < 12; i++) {
      const u = 0.1 * gauss();
      for (let j = 0; j < 6; j++) {
        const x = rnd();
        X.push([1, x]);
        y.push(1 + 2 * x + u + gauss());
        g.push(i);
      }
    }
    const r = new MixedLM(y, X, g).fit({ reml: false });
    const rows = r.confInt({ method: 'profile' });
    const v = rows.find((x) => x.name === 'Group Var')!;
    expect(v.lower).toBe(0);
    expect(v.upper).toBeGreaterThan(v.estimate);
    expect(rows.find((x) => x.name === 'Scale')!.lower).toBeGreaterThan(0);
  });
});
