/**
 * The general (lme4) random-effects class against lme4 1.1-31 fits of the same
 * data (test/reference/general: refs.R made general.json and the CSVs).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MixedLM, MixedLMResults, compareModels } from '../../src/model/index.js';
import { readTableSync } from '../../src/data/read.js';
import { FormulaError } from '../../src/errors.js';
import { REFERENCE_DIR, REPO_ROOT } from '../paths.js';

const DIR = resolve(REPO_ROOT, 'test', 'reference', 'general');
interface RanefRef {
  levels: string[];
  terms: string[] | string;
  mean: number[][];
  condvar: number[][] | number[];
}
interface Ref {
  formula: string;
  reml: boolean;
  fixef: Record<string, number>;
  vcov_fixef: number[][];
  varcorr: { grp: string; var1: string | null; var2: string | null; vcov: number; sdcor: number }[];
  sigma2: number;
  loglik: number;
  singular: boolean;
  ranef: Record<string, RanefRef>;
}
const refs = JSON.parse(readFileSync(resolve(DIR, 'general.json'), 'utf8')) as Record<string, Ref>;
const dataOf: Record<string, string> = {
  maximal_reml: 'maximal60x40.csv',
  maximal_ml: 'maximal60x40.csv',
  corr_scalar_reml: 'maximal60x40.csv',
  three_reml: 'three.csv',
  three_ml: 'three.csv',
  nested_slopes_reml: 'nested.csv',
  factor_slope_reml: 'factorslope.csv',
  singular_reml: 'singular30x8.csv',
  same_factor_twice_reml: resolve(REPO_ROOT, 'data', 'sleepstudy.csv'),
};
const tableOf = (id: string) => readTableSync(resolve(DIR, dataOf[id]!));

const close = (a: number, b: number, rtol: number, atol = 0, what = ''): void => {
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(rtol * Math.abs(b) + atol);
};

describe('general class against lme4', () => {
  for (const [id, ref] of Object.entries(refs)) {
    it(`${id}: ${ref.formula}`, () => {
      const fit = MixedLM.fromFormula(ref.formula, tableOf(id)).fit({ reml: ref.reml });
      expect(fit.converged).toBe(true);
      // log-likelihood: at least lme4's (optimizer tolerance 0.01) and within 0.01
      expect(fit.llf).toBeGreaterThanOrEqual(ref.loglik - 0.01);
      close(fit.llf, ref.loglik, 0, 0.01, 'llf');
      // fixed effects: 1e-3 relative (absolute floor 1e-6)
      Object.values(ref.fixef).forEach((v, i) => close(fit.feParams[i]!, v, 1e-3, 1e-6, `fe ${i}`));
      // varCorr rows: lme4's order and names; variances and covariances 1e-3 relative
      // (absolute floor 1e-3·σ² where lme4's optimum is flat: singular fits)
      const vc = fit.varCorr();
      expect(vc.map((r) => [r.grp, r.var1, r.var2])).toEqual(ref.varcorr.map((r) => [r.grp, r.var1, r.var2]));
      const floor = ref.singular ? 2e-2 * ref.sigma2 : 1e-6;
      ref.varcorr.forEach((r, i) => close(vc[i]!.vcov, r.vcov, ref.singular ? 5e-2 : 1e-3, floor, `vcov ${r.grp} ${r.var1} ${r.var2}`));
      close(fit.scale, ref.sigma2, 1e-3, 0, 'sigma2');
      expect(fit.warnings.some((w) => w.code === 'boundary')).toBe(ref.singular);
      if (ref.singular) return;
      // conditional modes and variances per term: 1e-3 relative, absolute floor 1e-3 of the term's sd
      const mine = fit.ranef({ condVar: true });
      for (const [grp, rr] of Object.entries(ref.ranef)) {
        const byGrp = mine.filter((t) => t.grp === grp);
        expect(byGrp.length, grp).toBeGreaterThan(0);
        const terms = Array.isArray(rr.terms) ? rr.terms : [rr.terms];
        // R's sapply over a scalar term gives one row of all levels: transpose it
        const cv0 = rr.condvar.map((r) => (Array.isArray(r) ? r : [r]));
        const cvs = cv0.length === rr.levels.length ? cv0 : cv0[0]!.map((v) => [v]);
        terms.forEach((name, a) => {
          const t = byGrp.find((x) => x.names.includes(name))!;
          const j = t.names.indexOf(name);
          const sd = Math.sqrt(Math.max(...rr.mean.map((m) => m[a]! * m[a]!)));
          rr.levels.forEach((lev, l) => {
            const ours = t.levels.indexOf(lev.split(':').reverse().join(':')) >= 0 ? t.levels.indexOf(lev.split(':').reverse().join(':')) : t.levels.indexOf(lev);
            expect(ours, `${grp} level ${lev}`).toBeGreaterThanOrEqual(0);
            close(t.values[ours]![j]!, rr.mean[l]![a]!, 1e-3, 1e-3 * sd, `mode ${grp} ${lev} ${name}`);
            close(t.condvar![ours]![j]!, cvs[l]![a]!, 1e-3, 1e-6, `condvar ${grp} ${lev} ${name}`);
          });
        });
      }
    });
  }
});

describe('general class: behaviour', () => {
  it('the maximal model builds one group with 2 × 2 correlated components named as lme4 and statsmodels would', () => {
    const m = MixedLM.fromFormula('rt ~ cond + (1 + cond | subj) + (1 + cond | item)', tableOf('maximal_reml'));
    expect(m.nGroups).toBe(1);
    expect(m.vcDims).toEqual([2, 2]);
    expect(m.paramNames).toEqual(['Intercept', 'cond', 'subj (Intercept) Var', 'subj (Intercept) x cond Cov', 'subj cond Var', 'item (Intercept) Var', 'item (Intercept) x cond Cov', 'item cond Var']);
  });

  it('units of y: the singular verdict is relative to σ (y × 1e-4 and y × 1e4 agree)', () => {
    const t = tableOf('maximal_reml');
    const scaled = (f: number) => {
      const rows = Array.from({ length: t.nrow }, (_, i) => ({ ...t.row(i), rt: (t.row(i).rt as number) * f }));
      return MixedLM.fromFormula('rt ~ cond + (1 + cond | subj) + (1 | item)', rows).fit();
    };
    const a = scaled(1e-4);
    const b = scaled(1e4);
    expect(a.warnings.some((w) => w.code === 'boundary')).toBe(false);
    expect(b.warnings.some((w) => w.code === 'boundary')).toBe(false);
    close(a.vcomp[0]! * 1e16, b.vcomp[0]!, 1e-4, 0, 'variance scales with the units'); // 1e-4 relative
  });

  it('a slope constant within every level gets a named warning', () => {
    const t = tableOf('maximal_reml');
    const rows = Array.from({ length: t.nrow }, (_, i) => {
      const r = t.row(i);
      return { ...r, z: Number(String(r.subj).slice(1)) % 3 };
    });
    const m = MixedLM.fromFormula('rt ~ cond + (1 + z | subj) + (1 | item)', rows);
    const w = m.warnings.find((x) => x.code === 'term-not-identifiable');
    expect(w?.message).toContain("'z' is constant within every level of subj");
  });

  it('as many levels, or random effects, as observations is refused as lme4 does', () => {
    const t = readTableSync(dataOf.same_factor_twice_reml!);
    expect(() => MixedLM.fromFormula('Reaction ~ Days + (1 | Subject) + (1 | Subject:Days)', t)).toThrow(/number of levels of each grouping factor must be < number of observations/);
    // 18 subjects × 10 columns (a factor-valued slope on Days) = 180 random effects for 180 rows
    expect(() => MixedLM.fromFormula('Reaction ~ Days + (0 + C(Days) | Subject) + (1 | Days)', t)).toThrow(/number of observations \(=180\) <= number of random effects \(=180\)/);
  });
});

describe('general class: profile-likelihood intervals against lme4', () => {
  it("rt ~ cond + (1 + cond | subj) + (1 | item): fixed effects, standard deviations and σ match lme4's confint(profile) to 1e-4", () => {
    const ci = JSON.parse(readFileSync(resolve(DIR, 'profile-ci.json'), 'utf8')) as { formula: string; rows: string[]; lower: number[]; upper: number[] };
    const fit = MixedLM.fromFormula(ci.formula, tableOf('maximal_reml')).fit();
    const rows = fit.confInt({ method: 'profile' }) as { name: string; lower: number; upper: number }[];
    const ours = new Map(rows.map((r) => [r.name, r]));
    // lme4 profiles sd (our rows are variances: take √) and σ (our 'Scale' is σ²); correlations are not our parameters
    const map: Record<string, [string, boolean]> = {
      'sd_(Intercept)|subj': ['subj (Intercept) Var', true],
      'sd_cond|subj': ['subj cond Var', true],
      'sd_(Intercept)|item': ['item Var', true],
      sigma: ['Scale', true],
      '(Intercept)': ['Intercept', false],
      cond: ['cond', false],
    };
    ci.rows.forEach((name, i) => {
      const m = map[name];
      if (!m) return;
      const r = ours.get(m[0])!;
      const f = (v: number): number => (m[1] ? Math.sqrt(v) : v);
      close(f(r.lower), ci.lower[i]!, 1e-4, 0, `${name} lower`); // 1e-4 relative (lme4 interpolates its profile by splines)
      close(f(r.upper), ci.upper[i]!, 1e-4, 0, `${name} upper`);
    });
  });
});

describe('general class: prediction, saved fits, simulation, comparison', () => {
  const t = tableOf('singular_reml');
  const fit = MixedLM.fromFormula('rt ~ cond + (1 + cond | subj) + (1 | item)', t).fit();
  const row = (i: number) => t.row(i) as Record<string, number | string>;

  it('predict on the fit rows adds every term: Xβ + b_subj(Intercept) + b_subj(cond)·cond + b_item', () => {
    const [subj, item] = fit.ranef();
    const pred = fit.predict(t);
    for (const i of [0, 17, 101]) {
      const r = row(i);
      const s = subj!.values[subj!.levels.indexOf(String(r.subj))]!;
      const it = item!.values[item!.levels.indexOf(String(r.item))]!;
      const c = r.cond as number;
      const want = fit.feParams[0]! + fit.feParams[1]! * c + s[0]! + s[1]! * c + it[0]!;
      close(pred[i]!, want, 1e-12, 1e-12, `row ${i}`);
    }
  });

  it('new levels: an error naming the level, or the population value', () => {
    const nr = [{ cond: 0.5, subj: 'zz', item: 'i01' }];
    expect(() => fit.predict(nr)).toThrow(/level 'zz'/);
    const [, item] = fit.ranef();
    const p = fit.predict(nr, { newLevels: 'population' })[0]!;
    close(p, fit.feParams[0]! + 0.5 * fit.feParams[1]! + item!.values[item!.levels.indexOf('i01')]![0]!, 1e-12, 1e-12);
  });

  it('toJSON / fromJSON: the reloaded fit predicts the same numbers', () => {
    const back = MixedLMResults.fromJSON(JSON.parse(JSON.stringify(fit.toJSON())));
    const a = fit.predict(t);
    const b = back.predict(t);
    a.forEach((v, i) => expect(b[i]).toBe(v));
  });

  it('simulate is reproducible and draws correlated effects; the bootstrap refits it', () => {
    const a = fit.simulate({ seed: 3 });
    expect(fit.simulate({ seed: 3 })).toEqual(a);
    expect(a.every(Number.isFinite)).toBe(true);
    const boot = fit.bootstrap(4, { seed: 2 });
    expect(boot.replicates.length).toBe(4);
  });

  it('compareModels: the maximal model against intercepts only (REML fits refitted by ML)', () => {
    const small = MixedLM.fromFormula('rt ~ cond + (1 | subj) + (1 | item)', t).fit();
    const c = compareModels(small, fit);
    expect(c.df).toBe(2);
    expect(c.refitted).toEqual(['A', 'B']);
    expect(c.statistic).toBeGreaterThan(0);
  });
});

describe('mixed dialects', () => {
  it('lme4 bars in reFormula or vcFormula: a FormulaError with a caret under the bar', () => {
    const t = readTableSync(dataOf.same_factor_twice_reml!);
    for (const o of [{ groups: 'Subject', reFormula: '(Days|Subject)' }, { groups: 'Subject', vcFormula: { a: '0 + (1|Days)' } }]) {
      let err: unknown = null;
      try {
        MixedLM.fromFormula('Reaction ~ Days', t, o);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FormulaError);
      expect((err as FormulaError).message).toMatch(/go in the main formula/);
      expect((err as FormulaError).message).toContain('^');
    }
  });
});

describe('an unidentified covariance parameter', () => {
  it("(Days | Subject) + (1 | Subject): fixed-effect standard errors as lme4's σ²(XᵀV⁻¹X)⁻¹; the warning names the parameter", () => {
    const lme4 = JSON.parse(readFileSync(resolve(REFERENCE_DIR, 'lme4.json'), 'utf8')) as Record<string, { fixef_se: Record<string, number> }>;
    const r = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject) + (1 | Subject)', readTableSync(dataOf.same_factor_twice_reml!)).fit();
    // the two intercept variances are one parameter for the data: the fit is (Days | Subject)'s
    Object.values(lme4.sleepstudy_slopes_reml!.fixef_se).forEach((v, i) => close(r.bseFe[i]!, v, 1e-4, 0, `se ${i}`)); // 1e-4 relative
    const w = r.warnings.find((x) => x.code === 'hessian-singular');
    expect(w?.message).toMatch(/not identified: Subject Var/);
    expect(r.bse.slice(2).every(Number.isNaN)).toBe(true);
  });
});
