/**
 * The general class: analytic score and Hessian against finite differences,
 * and the block-component (sparse) path against the grouped dense path on the
 * same model.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fd, mulberry32 } from './helpers.js';
import { MixedLM, MixedLMParams } from '../../src/model/index.js';
import { readTableSync } from '../../src/data/read.js';
import { REPO_ROOT } from '../paths.js';
import type { GroupedDesign } from '../../src/model/design.js';
import { LikelihoodCore } from '../../src/model/likelihood.js';
import { CrossedInner } from '../../src/model/inner/single-block.js';

const DIR = resolve(REPO_ROOT, 'test', 'reference', 'general');
const singular = readTableSync(resolve(DIR, 'singular30x8.csv'));
const three = readTableSync(resolve(DIR, 'three.csv'));
const sleep = readTableSync(resolve(REPO_ROOT, 'data', 'sleepstudy.csv'));

const cases: Array<[string, () => MixedLM, number[]]> = [
  // name, model, a point in the packed sqrt (θ) parameterization
  ['maximal 30 x 8', () => MixedLM.fromFormula('rt ~ cond + (1 + cond | subj) + (1 + cond | item)', singular), [0.9, 0.3, 0.6, 0.7, -0.2, 0.4]],
  ['three columns + scalar', () => MixedLM.fromFormula('y ~ x1 + x2 + (1 + x1 + x2 | g) + (1 | h)', three), [1.1, 0.4, 0.8, -0.2, 0.1, 0.5, 0.9]],
];

describe('general class: score and Hessian against finite differences', () => {
  for (const [name, mk, th] of cases)
    for (const reml of [true, false]) {
      it(`${name} reml=${reml}: θ-score vs central differences of the profiled loglike`, () => {
        const m = mk();
        m.reml = reml;
        const sc = m.score(th, true);
        const num = fd((x) => m.loglike(x, true), th, 1e-5);
        const smax = Math.max(...num.map(Math.abs));
        sc.forEach((v, i) => expect(Math.abs(v - num[i]!), `θ${i}`).toBeLessThan(1e-6 * smax + 1e-6)); // FD error ~h²
      });
      it(`${name} reml=${reml}: Hessian in (β, ψ) vs central differences of the ψ-score`, () => {
        const m = mk();
        m.reml = reml;
        const po = MixedLMParams.fromPacked(th, m.kFe, m.kRe, true, false, m.vcDims);
        const gls = m.getFeParams(po.covRe, po.vcomp);
        const x0 = [...gls, ...po.getPacked(false, false)];
        const at = (x: number[]) => MixedLMParams.fromPacked(x, m.kFe, m.kRe, false, true, m.vcDims);
        const h = m.hessian(at(x0));
        const g = (x: number[]): number[] => {
          const r = m.scoreFull(at(x), true);
          return [...r.fe, ...r.re, ...r.vc];
        };
        const hmax = Math.max(...h.flat().map(Math.abs));
        for (let j = 0; j < x0.length; j++) {
          const a = x0.slice();
          const b = x0.slice();
          const hj = 1e-5 * Math.max(1, Math.abs(x0[j]!));
          a[j] = x0[j]! + hj;
          b[j] = x0[j]! - hj;
          const ga = g(a);
          const gb = g(b);
          for (let i = 0; i < x0.length; i++) expect(Math.abs(h[i]![j]! - (ga[i]! - gb[i]!) / (2 * hj)), `H[${i}][${j}]`).toBeLessThan(1e-6 * hmax); // 1e-6 of max |H|
        }
      });
    }
});

describe('general class: the block path and the grouped dense path agree on the same model', () => {
  const n = sleep.nrow;
  const days = Float64Array.from({ length: n }, (_, i) => sleep.row(i).Days as number);
  const y = Float64Array.from({ length: n }, (_, i) => sleep.row(i).Reaction as number);
  const subj = Array.from({ length: n }, (_, i) => String(sleep.row(i).Subject));
  const X = Array.from({ length: n }, (_, i) => [1, days[i]!]);
  const grouped = () => new MixedLM(y, X, subj, { exogRe: X, exogNames: ['Intercept', 'Days'], exogReNames: ['Subject', 'Days'] });
  const general = () => MixedLM.fromTerms(y, X, [{ name: 'Subject', factor: subj, z: X, columnNames: ['(Intercept)', 'Days'] }], { exogNames: ['Intercept', 'Days'] });
  const rel = (x: number, y0: number): number => Math.abs(x - y0) / Math.max(Math.abs(y0), 1e-12);

  it('loglike, score and Hessian at a point: 1e-8 relative', () => {
    const a = grouped();
    const b = general();
    expect(b.nGroups).toBe(1);
    expect(b.vcDims).toEqual([2]);
    const th = [0.9, 0.1, 0.3];
    expect(rel(b.loglike(th), a.loglike(th))).toBeLessThan(1e-8);
    a.score(th).forEach((v, i) => expect(Math.abs(b.score(th)[i]! - v)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v))));
    const poA = MixedLMParams.fromPacked([250, 10, ...th], 2, 2, true, true);
    const poB = MixedLMParams.fromPacked([250, 10, ...th], 2, 0, true, true, [2]);
    const ha = a.hessian(poA);
    const hb = b.hessian(poB);
    ha.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(hb[i]![j]! - v)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))));
  });

  for (const reml of [true, false])
    it(`fits reml=${reml}: parameters, llf and standard errors`, () => {
      const a = grouped().fit({ reml });
      const b = general().fit({ reml });
      a.params.forEach((v, i) => expect(rel(b.params[i]!, v), `param ${i}`).toBeLessThan(1e-5)); // two optimizations from different starts (gtol 1e-8): 1e-5 relative
      expect(Math.abs(a.llf - b.llf)).toBeLessThan(1e-8);
      a.bse.forEach((v, i) => expect(rel(b.bse[i]!, v), `bse ${i}`).toBeLessThan(1e-5));
      const ra = a.randomEffects.get('308')!;
      const rb = b.randomEffects.get(0)!;
      expect(Math.abs(rb['Subject[308][(Intercept)]']! - ra['Subject']!)).toBeLessThan(1e-5);
      expect(Math.abs(rb['Subject[308][Days]']! - ra['Days']!)).toBeLessThan(1e-5);
    });
});

describe('general class: the block-lead Schur path and the supernodal (AMD) path agree', () => {
  const maximal = readTableSync(resolve(DIR, 'maximal60x40.csv'));
  const m = MixedLM.fromFormula('rt ~ cond + (1 + cond | subj) + (1 + cond | item)', maximal);
  const des = (m as unknown as { design: GroupedDesign }).design;
  const schur = new LikelihoodCore(des, new CrossedInner(des, 'blocks'));
  const amd = new LikelihoodCore(des, new CrossedInner(des, 'amd'));
  it('the 60 × 40 design takes the block-lead Schur path (subj: 60 levels × 2 columns)', () => {
    expect((schur.inner as unknown as { blk: unknown }).blk).not.toBeNull();
    expect((amd.inner as unknown as { sch: unknown }).sch).toBeNull();
  });
  // the second point has a near-singular T for item (explicit W columns)
  for (const lam of [Float64Array.of(0.7, 0.2, 0.4, 0.8, -0.3, 0.3), Float64Array.of(0.7, 0.2, 0.4, 0.8, 0.5, 1e-5)])
    for (const reml of [true, false])
      it(`loglike, ψ-score and Hessian at θ = [${Array.from(lam)}], reml=${reml}: 1e-8`, () => {
        const L = new Float64Array(0);
        const sa = schur.evaluate(L, lam, null);
        const sb = amd.evaluate(L, lam, null);
        expect(Math.abs(schur.loglikeOf(sa, reml) - amd.loglikeOf(sb, reml))).toBeLessThan(1e-8); // 1e-8 absolute
        const ga = schur.scoreFull(sa, reml, false).vc;
        const gb = amd.scoreFull(sb, reml, false).vc;
        gb.forEach((v, i) => expect(Math.abs(ga[i]! - v)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))); // 1e-8 relative
        const ha = schur.hessian(sa, reml);
        const hb = amd.hessian(sb, reml);
        hb.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(ha[i]![j]! - v)).toBeLessThan(1e-8 * Math.max(1, Math.abs(v))))); // 1e-8 relative
      });
});

describe('general class: one block term on independent groups (the Schur lead is everything)', () => {
  // 40 groups of 6, y = 1 + 0.5x + b₀ + b₁x + ε: q = 80, so the lead-block path takes the whole of M
  const rng = mulberry32(11);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rng() || 1e-12)) * Math.cos(2 * Math.PI * rng());
  const n = 240;
  const g = Array.from({ length: n }, (_, i) => `g${Math.floor(i / 6)}`);
  const x = Array.from({ length: n }, () => gauss());
  const b = Array.from({ length: 40 }, () => [gauss(), 0.5 * gauss()]);
  const y = x.map((xi, i) => 1 + 0.5 * xi + b[Math.floor(i / 6)]![0]! + b[Math.floor(i / 6)]![1]! * xi + 0.7 * gauss());
  const X = x.map((xi) => [1, xi]);
  it('Hessian and fit equal the grouped dense path (1e-8)', () => {
    const a = new MixedLM(y, X, g, { exogRe: X, exogNames: ['Intercept', 'x'], exogReNames: ['g', 'x'] });
    const m = MixedLM.fromTerms(y, X, [{ name: 'g', factor: g, z: X, columnNames: ['(Intercept)', 'x'] }], { exogNames: ['Intercept', 'x'] });
    expect((m.likelihood.inner as unknown as { lead: number }).lead).toBe(0);
    // nothing to choose when the lead is all of M: block elimination, Σ_l (1² + 2²) flops, 3 entries per level
    expect(m.factorization).toEqual({ path: 'dense-schur', predictedFlops: 40 * 5, fillNnz: 40 * 3, candidates: [], chosenBy: 'only' });
    const th = [0.9, 0.2, 0.5];
    const ha = a.hessian(MixedLMParams.fromPacked([1, 0.5, ...th], 2, 2, true, true));
    const hb = m.hessian(MixedLMParams.fromPacked([1, 0.5, ...th], 2, 0, true, true, [2]));
    ha.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(hb[i]![j]! - v), `H[${i}][${j}]`).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)))));
    const fa = a.fit();
    const fb = m.fit();
    expect(Math.abs(fa.llf - fb.llf)).toBeLessThan(1e-8);
    fa.bse.forEach((v, i) => expect(Math.abs(fb.bse[i]! - v) / v, `bse ${i}`).toBeLessThan(1e-5));
  });
});
