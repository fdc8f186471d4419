/**
 * Location and scale invariance (issue 11): y × 10^k (k = −9…9) and y + 10^k
 * (k ≤ 8) give the same fit as y, on the user's scale, for grouped, crossed,
 * nested, correlated-crossed (general class) and sparse-path models, REML and
 * ML: estimates, standard errors, the log-likelihood up to its exact Jacobian
 * term, convergence and warnings.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MixedLM } from '../../src/model/index.js';
import type { MixedLMResults } from '../../src/model/index.js';
import { readTableSync } from '../../src/data/read.js';
import type { Table } from '../../src/data/table.js';
import { REFERENCE_DIR, REPO_ROOT } from '../paths.js';

const DATA = resolve(REFERENCE_DIR, '..', 'data');
const instEval = (): Table => {
  const t = readTableSync(resolve(DATA, 'InstEval.csv'));
  return t.take(Int32Array.from({ length: 3000 }, (_, i) => i));
};
interface Case {
  name: string;
  formula: string;
  y: string;
  table: () => Table;
  scaleKs: number[];
  shiftKs: number[];
}
const all = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i).filter((k) => k !== 0);
const cases: Case[] = [
  { name: 'sleepstudy (Days|Subject), grouped with slopes', formula: 'Reaction ~ Days + (Days|Subject)', y: 'Reaction', table: () => readTableSync(resolve(DATA, 'sleepstudy.csv')), scaleKs: all(-9, 9), shiftKs: all(1, 8) },
  { name: 'Penicillin (1|plate) + (1|sample), crossed', formula: 'diameter ~ 1 + (1|plate) + (1|sample)', y: 'diameter', table: () => readTableSync(resolve(DATA, 'Penicillin.csv')), scaleKs: all(-9, 9), shiftKs: all(1, 8) },
  { name: 'Pastes (1|batch/cask), nested', formula: 'strength ~ 1 + (1|batch/cask)', y: 'strength', table: () => readTableSync(resolve(DATA, 'Pastes.csv')), scaleKs: all(-9, 9), shiftKs: all(1, 8) },
  {
    name: 'maximal 60 × 40, correlated slopes on crossed factors (general class)',
    formula: 'rt ~ cond + (1 + cond | subj) + (1 + cond | item)',
    y: 'rt',
    table: () => readTableSync(resolve(REPO_ROOT, 'test', 'reference', 'general', 'maximal60x40.csv')),
    scaleKs: [-9, -4, 4, 9],
    shiftKs: [3, 8],
  },
  { name: 'InstEval 3,000 rows (1|s) + (1|d), sparse path', formula: 'y ~ service + (1|s) + (1|d)', y: 'y', table: instEval, scaleKs: [-9, -4, 4, 9], shiftKs: [3, 8] },
];

/** |a − b| ≤ tol · max(|b|, floor) elementwise, with the worst ratio in the message. */
function near(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, floor: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  expect(worst, `${what}: worst relative difference ${worst.toExponential(2)}`).toBeLessThanOrEqual(tol);
}

function fitWith(c: Case, t: Table, reml: boolean, f: (v: number) => number): { r: MixedLMResults; m: MixedLM } {
  const y = t.numeric(c.y);
  const m = MixedLM.fromFormula(c.formula, t.withColumn(c.y, Float64Array.from(y, f)));
  return { r: m.fit({ reml }), m };
}

const codes = (r: MixedLMResults): string[] => r.warnings.map((w) => w.code).sort();

describe.each(cases)('$name', (c) => {
  const t = c.table();
  for (const reml of [true, false]) {
    const label = reml ? 'REML' : 'ML';
    const base = fitWith(c, t, reml, (v) => v);
    const b = base.r;
    const fac = reml ? base.m.nobs - base.m.kFe : base.m.nobs;
    const kFe = base.m.kFe;
    const bseFe = Array.from(b.bse).slice(0, kFe);
    const rel = (r: MixedLMResults): number[] => [...r.covRe.flat(), ...r.vcomp].map((v) => v / r.scale);

    it(`${label}: the base fit converges without a convergence warning`, () => {
      expect(b.converged).toBe(true);
      expect(codes(b).filter((w) => w === 'not-converged' || w === 'convergence-gradient')).toEqual([]);
    });

    it.each(c.scaleKs)(`${label}: y × 10^%i`, (k) => {
      const f = 10 ** k;
      const { r } = fitWith(c, t, reml, (v) => v * f);
      expect(r.converged).toBe(true);
      expect(codes(r)).toEqual(codes(b));
      // llf + fac·k·ln 10 is the Jacobian of y → 10^k y (REML: n − p, ML: n); 1e-7 absolute on llf of −100s
      expect(Math.abs(r.llf + fac * k * Math.LN10 - b.llf)).toBeLessThan(1e-7);
      near([r.scale / f ** 2], [b.scale], 1e-7, 0, 'scale / 10^2k');
      // relative covariance parameters (the optimizer's coordinates): 1e-6 of the largest
      const rb = rel(b);
      near(rel(r), rb, 1e-6, Math.max(...rb.map(Math.abs)), 'cov_re/σ², vcomp/σ²');
      // fixed effects and their standard errors in units of y: 1e-6 of the fixed effect's standard error
      near(r.feParams.map((v) => v / f), b.feParams, 1e-6, Math.min(...bseFe), 'fixed effects / 10^k');
      near(Array.from(r.bse).slice(0, kFe).map((v) => v / f), bseFe, 1e-6, 0, 'bse of the fixed effects / 10^k');
      // the covariance parameters' standard errors are of the relative parameters (statsmodels' bse): unchanged
      near(Array.from(r.bse).slice(kFe), Array.from(b.bse).slice(kFe), 1e-5, 1e-8, 'bse of the covariance parameters');
    });

    it.each(c.shiftKs)(`${label}: y + 10^%i`, (k) => {
      const a = 10 ** k;
      const { r } = fitWith(c, t, reml, (v) => v + a);
      // y + 10^k rounds every y to the ulp of 10^k (1.5e-8 at 10^8): compare with the fit of those same
      // rounded values unshifted, fl(y + 10^k) − 10^k (exact), so that only the algorithm's error is measured
      const b = fitWith(c, t, reml, (v) => v + a - a).r;
      const bseFe = Array.from(b.bse).slice(0, kFe);
      expect(r.converged).toBe(true);
      expect(codes(r)).toEqual(codes(b));
      expect(Math.abs(r.llf - b.llf)).toBeLessThan(1e-7);
      near([r.scale], [b.scale], 1e-7, 0, 'scale');
      const rb = rel(b);
      near(rel(r), rb, 1e-6, Math.max(...rb.map(Math.abs)), 'cov_re/σ², vcomp/σ²');
      // the intercept carries the shift: compare β₀ − 10^k (y + 10^8 holds ~8 fewer digits of y itself)
      const fe = r.feParams.slice();
      fe[0]! -= a;
      near(fe, b.feParams, 1e-6, Math.min(...bseFe), 'fixed effects (intercept − 10^k)');
      near(Array.from(r.bse), Array.from(b.bse), 1e-5, 1e-8, 'bse');
    });
  }
});

describe('a fixed-effect column in other units or far from zero: Reaction ~ x + (1|Subject), x = Days × 10^k or Days + 10^k', () => {
  const t = readTableSync(resolve(DATA, 'sleepstudy.csv'));
  const days = t.numeric('Days');
  const fitX = (f: (v: number) => number, reml: boolean): MixedLMResults =>
    MixedLM.fromFormula('Reaction ~ x + (1|Subject)', t.withColumn('x', Float64Array.from(days, f))).fit({ reml });
  for (const reml of [true, false]) {
    const label = reml ? 'REML' : 'ML';
    const b = fitX((v) => v, reml);
    const V = b.covParams();
    it.each([-9, -4, 4, 9])(`${label}: x × 10^%i`, (k) => {
      const a = 10 ** k;
      const r = fitX((v) => v * a, reml);
      expect(r.converged).toBe(true);
      expect(codes(r)).toEqual(codes(b));
      // REML's log|XᵀV⁻¹X| gains 2 log a: llf − log a; ML unchanged (1e-7 absolute)
      expect(Math.abs(r.llf + (reml ? k * Math.LN10 : 0) - b.llf)).toBeLessThan(1e-7);
      near([r.scale, ...r.vcomp, ...r.covRe.flat()], [b.scale, ...b.vcomp, ...b.covRe.flat()], 1e-7, 0, 'scale and variances');
      near([r.feParams[0]!, r.feParams[1]! * a], b.feParams, 1e-7, 1, 'intercept, slope × 10^k');
      near([r.bseFe[0]!, r.bseFe[1]! * a], b.bseFe, 1e-6, 0, 'bse: intercept, slope × 10^k');
    });
    it.each([2, 4, 6, 8])(`${label}: x + 10^%i`, (k) => {
      const c = 10 ** k;
      const r = fitX((v) => v + c, reml);
      expect(r.converged).toBe(true);
      expect(codes(r)).toEqual(codes(b));
      // a shift has Jacobian 1: the same llf (1e-7 absolute)
      expect(Math.abs(r.llf - b.llf)).toBeLessThan(1e-7);
      near([r.scale, ...r.vcomp, ...r.covRe.flat()], [b.scale, ...b.vcomp, ...b.covRe.flat()], 1e-7, 0, 'scale and variances');
      // β₀' = β₀ − c·β₁ (the intercept moves to x = −c): compare β₀' + c·β₁ (1e-7 of the intercept's bse)
      near([r.feParams[0]! + c * r.feParams[1]!, r.feParams[1]!], b.feParams, 1e-7, b.bseFe[0]!, 'intercept + 10^k·slope, slope');
      // Var(β₀') = V₀₀ − 2cV₀₁ + c²V₁₁, and the slope's standard error is unchanged
      const v00 = V[0]![0]! - 2 * c * V[0]![1]! + c * c * V[1]![1]!;
      near([r.bseFe[0]!, r.bseFe[1]!], [Math.sqrt(v00), b.bseFe[1]!], 1e-6, 0, 'bse: intercept at x = −10^k, slope');
    });
  }
});
