/** API behaviour of the ddf methods: defaults, statsmodels' z tests kept, typed errors on bad input, no mutation. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MixedLM, type MixedLMResults } from '../../../src/model/index.js';
import { DimensionMismatchError, InvalidArgumentError, RankDeficientError, UnsupportedDdfError } from '../../../src/errors.js';
import { fSf, incompleteBeta, tTwoSided } from '../../../src/model/inference/fdist.js';
import { REPO_ROOT } from '../../paths.js';
import { relErr } from '../helpers.js';
import { readCsv, sleepstudy } from '../fit-helpers.js';

const refs = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'ddf', 'ddf_refs.json'), 'utf8')) as Record<string, any>;

function sleepFormula(reml = true): MixedLMResults {
  const d = readCsv('sleepstudy.csv');
  return MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', { Reaction: d.Reaction!.map(Number), Days: d.Days!.map(Number), Subject: d.Subject! }).fit({ reml });
}

describe('t and F distributions', () => {
  it('match R (pt, pf, pbeta) to 1e-12', () => {
    // R 4: 2*pt(-2, 10); pf(3, 2, 20, lower=FALSE); pbeta(0.3, 2.5, 4); 2*pt(-3.5, 1.7); pf(0.5, 5, 3.3, lower=FALSE)
    expect(Math.abs(tTwoSided(2, 10) - 0.073388034770740393)).toBeLessThan(1e-12);
    expect(Math.abs(fSf(3, 2, 20) - 0.072538150286405631)).toBeLessThan(1e-12);
    expect(Math.abs(incompleteBeta(0.3, 2.5, 4) - 0.352197585906767141)).toBeLessThan(1e-12);
    expect(Math.abs(tTwoSided(3.5, 1.7) - 0.091497135372795968)).toBeLessThan(1e-12);
    expect(Math.abs(fSf(0.5, 5, 3.3) - 0.767175823457691197)).toBeLessThan(1e-12);
    expect(tTwoSided(1.959963984540054, Infinity)).toBeCloseTo(0.05, 12);
  });
});

describe('defaults and dialects', () => {
  it("lme4 formulas default to Satterthwaite; statsmodels' models keep the z test", () => {
    const f = sleepFormula();
    const def = f.coefTable();
    const sat = f.coefTable({ ddf: 'satterthwaite' });
    expect(def).toEqual(sat);
    const sm = sleepstudy().fit({ reml: true });
    const z = sm.coefTable();
    expect(z.every((r) => r.df === Infinity)).toBe(true);
    // 'none' = statsmodels' bse and normal p-values
    z.forEach((r, j) => {
      expect(relErr(r.se, sm.bseFe[j]!)).toBeLessThan(1e-12);
      expect(relErr(r.p, sm.pvalues[j]!)).toBeLessThan(1e-10);
    });
    // the same model by the constructor gives lmerTest's df too (df 1e-3 relative)
    const s2 = sm.coefTable({ ddf: 'satterthwaite' });
    s2.forEach((r, j) => expect(relErr(r.df, refs.sleepstudy.satterthwaite[j].df)).toBeLessThan(1e-3));
  });

  it('the statsmodels dialect (groups + exog_re + variance components per group) gives lmerTest/pbkrtest df', async () => {
    const { readTable } = await import('../../../src/data/read.js');
    const t = await readTable(join(REPO_ROOT, 'test', 'reference', 'ddf', 'nested_12x4x6.csv'));
    const r = MixedLM.fromFormula('y ~ trt + x', t, { groups: 'school', reFormula: '1', vcFormula: { class: '0 + C(class)' } }).fit({ reml: true });
    expect(r.coefTable()[0]!.df).toBe(Infinity); // statsmodels dialect: z tests by default
    r.coefTable({ ddf: 'satterthwaite' }).forEach((row, j) => expect(relErr(row.df, refs.nested.satterthwaite[j].df)).toBeLessThan(1e-3));
    r.coefTable({ ddf: 'kenward-roger' }).forEach((row, j) => expect(relErr(row.df, refs.nested.kenward_roger[j].df)).toBeLessThan(1e-2));
  });

  it("tTest without options keeps statsmodels' output; with options gives rows with df", () => {
    const r = sleepFormula();
    const old = r.tTest([[0, 1]]);
    expect(Object.keys(old).sort()).toEqual(['confInt', 'effect', 'pvalue', 'sd', 'tvalue']);
    const rows = r.tTest([[0, 1]], { ddf: 'residual' });
    expect(rows[0]!.df).toBe(r.nobs - r.kFe);
  });

  it('summary({ ddf }) appends the fixed-effects table with df and p-values; summary() is unchanged', () => {
    const r = sleepFormula();
    const s = r.summary({ ddf: 'satterthwaite' });
    expect(s.startsWith(r.summary())).toBe(true);
    expect(s).toMatch(/Fixed effects \(Satterthwaite's degrees of freedom\):\n\s+Estimate\s+Std. Error\s+df\s+t value\s+Pr\(>\|t\|\)/);
    expect(s).toMatch(/Days\s+10\.4673\s+1\.5458\s+17\.00\s+6\.771/);
  });

  it('residual ddf: n − p with lme4 vcov', () => {
    const r = sleepFormula();
    const rows = r.coefTable({ ddf: 'residual' });
    rows.forEach((row, j) => {
      expect(row.df).toBe(178);
      expect(relErr(row.se, refs.sleepstudy.satterthwaite[j].se)).toBeLessThan(1e-4); // same vcov as lme4
    });
  });
});

describe('bad input gets typed errors naming the problem', () => {
  const r = sleepFormula();
  it('wrong width', () => {
    expect(() => r.tTest([[0, 1, 0]], { ddf: 'satterthwaite' })).toThrow(DimensionMismatchError);
    expect(() => r.fTest([[1]], { ddf: 'satterthwaite' })).toThrow(/2 columns/);
  });
  it('rank-deficient L', () => {
    const L = [
      [0, 1],
      [0, 2],
    ];
    const copy = L.map((x) => x.slice());
    let err: unknown = null;
    try {
      r.fTest(L, { ddf: 'kenward-roger' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RankDeficientError);
    expect((err as RankDeficientError).rank).toBe(1);
    expect((err as RankDeficientError).rows).toBe(2);
    expect(L).toEqual(copy); // not mutated
    expect(() => r.tTest([[0, 0]], { ddf: 'satterthwaite' })).toThrow(RankDeficientError);
  });
  it('non-finite entries and unknown methods', () => {
    expect(() => r.fTest([[0, NaN]], { ddf: 'satterthwaite' })).toThrow(InvalidArgumentError);
    expect(() => r.coefTable({ ddf: 'bogus' as never })).toThrow(/ddf/);
    expect(() => r.anova({ type: 4 as never })).toThrow(/type/);
  });
  it("Kenward–Roger on an ML fit is refused (as lmerTest does), naming the method", () => {
    const ml = sleepFormula(false);
    expect(() => ml.coefTable({ ddf: 'kenward-roger' })).toThrow(UnsupportedDdfError);
    expect(() => ml.anova({ ddf: 'kenward-roger' })).toThrow(/REML/);
    // Satterthwaite on ML uses the ML likelihood (lmerTest: df 1e-3 relative)
    ml.coefTable({ ddf: 'satterthwaite' }).forEach((row, j) => expect(relErr(row.df, refs.sleepstudy_ml.satterthwaite[j].df)).toBeLessThan(1e-3));
  });
  it('anova needs a formula model', () => {
    expect(() => sleepstudy().fit().anova()).toThrow(/fromFormula/);
  });
});
