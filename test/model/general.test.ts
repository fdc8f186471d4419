/**
 * The general (lme4) random-effects class against lme4 1.1-31 fits of the same
 * data (test/reference/general: refs.R made general.json and the CSVs).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MixedLM } from '../../src/model/index.js';
import { readTableSync } from '../../src/data/read.js';
import { REPO_ROOT } from '../paths.js';

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
      expect(fit.warnings.some((w) => w.kind === 'boundary')).toBe(ref.singular);
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
    expect(a.warnings.some((w) => w.kind === 'boundary')).toBe(false);
    expect(b.warnings.some((w) => w.kind === 'boundary')).toBe(false);
    close(a.vcomp[0]! * 1e16, b.vcomp[0]!, 1e-4, 0, 'variance scales with the units'); // 1e-4 relative
  });

  it('a slope constant within every level gets a named warning', () => {
    const t = tableOf('maximal_reml');
    const rows = Array.from({ length: t.nrow }, (_, i) => {
      const r = t.row(i);
      return { ...r, z: Number(String(r.subj).slice(1)) % 3 };
    });
    const m = MixedLM.fromFormula('rt ~ cond + (1 + z | subj) + (1 | item)', rows);
    const w = m.warnings.find((x) => x.kind === 'term-not-identifiable');
    expect(w?.message).toContain("'z' is constant within every level of subj");
  });

  it('as many random effects as observations gets a named warning', () => {
    const m = MixedLM.fromFormula('Reaction ~ Days + (1 | Subject) + (1 | Subject:Days)', readTableSync(dataOf.same_factor_twice_reml!));
    expect(m.warnings.some((x) => x.kind === 'term-not-identifiable' && String(x.message).includes('number of observations (=180)'))).toBe(true);
  });
});
