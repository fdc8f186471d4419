/**
 * The analytic pieces behind Satterthwaite and Kenward–Roger against finite
 * differences of the likelihood and against a dense n × n oracle of pbkrtest's
 * formulas (Halekoh & Højsgaard 2014, eqs. for P_i, Q_ij, the expected REML
 * information and Φ_A), on small models where n × n is cheap.
 */
import { describe, expect, it } from 'vitest';
import { Matrix, inverse } from 'ml-matrix';
import { MixedLM, type MixedLMResults } from '../../../src/model/index.js';
import { choleskyLower } from '../../../src/model/dense.js';
import { covarianceDerivatives } from '../../../src/model/inference/parts.js';
import { varParCovariance } from '../../../src/model/inference/satterthwaite.js';
import { kenwardRogerAdjust } from '../../../src/model/inference/kenward-roger.js';
import { trilIndices, vcFactor } from '../../../src/model/terms/params.js';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from '../../paths.js';
import { join } from 'node:path';
import { mulberry32, relErr } from '../helpers.js';
import { readCsv } from '../fit-helpers.js';

function sleepFit(reml = true): MixedLMResults {
  const d = readCsv('sleepstudy.csv');
  return MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', { Reaction: d.Reaction!.map(Number), Days: d.Days!.map(Number), Subject: d.Subject! }).fit({ reml });
}

function penicillinData(): { diameter: number[]; x: number[]; plate: string[]; sample: string[] } {
  const d = readCsv('Penicillin.csv');
  const rng = mulberry32(7);
  return { diameter: d.diameter!.map(Number), x: d.diameter!.map(() => Math.round(rng() * 100) / 10), plate: d.plate!, sample: d.sample! };
}

/** The general class: 20 subjects × 12 items of the 60 × 40 design, correlated 2 × 2 terms on both factors. */
function maximalSubsetData(): { rt: number[]; cond: string[]; subj: string[]; item: string[] } {
  const lines = readFileSync(join(REPO_ROOT, 'test', 'reference', 'ddf', 'maximal_60x40.csv'), 'utf8').trim().split('\n').slice(1);
  const cols = { rt: [] as number[], cond: [] as string[], subj: [] as string[], item: [] as string[] };
  for (const line of lines) {
    const [rt, cond, subj, item] = line.split(',').map((x) => x.replace(/"/g, ''));
    if (Number(subj!.slice(1)) > 20 || Number(item!.slice(1)) > 12) continue;
    cols.rt.push(Number(rt));
    cols.cond.push(cond!);
    cols.subj.push(subj!);
    cols.item.push(item!);
  }
  return cols;
}

function maximalSubsetFit(): MixedLMResults {
  return MixedLM.fromFormula('rt ~ cond + (1 + cond | subj) + (1 + cond | item)', maximalSubsetData()).fit({ reml: true });
}

function penFit(): MixedLMResults {
  return MixedLM.fromFormula('diameter ~ x + (1 | plate) + (1 | sample)', penicillinData()).fit({ reml: true });
}

/** (L, λ) of the likelihood core at profile-scale ψ (tril(cov_re) then vcomp). */
function thetaAt(r: MixedLMResults, psi: Float64Array): { L: Float64Array; lam: Float64Array } {
  const k = r.kRe;
  const cov = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let j = 0;
  for (const [a, b] of trilIndices(k)) {
    cov[a]![b] = psi[j]!;
    cov[b]![a] = psi[j++]!;
  }
  const L = new Float64Array(k * k);
  if (k > 0) {
    const l = choleskyLower(cov)!;
    for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) L[a * k + b] = l[a]![b]!;
  }
  const lam = vcFactor(psi.subarray(j), r.model.vcDims)!;
  return { L, lam };
}

/** Unprofiled restricted (or ML) log-likelihood ℓ(ψ, σ²), β profiled. */
function loglikFull(r: MixedLMResults, psi: Float64Array, s: number): number {
  const core = r.model.likelihood;
  const { L, lam } = thetaAt(r, psi);
  const st = core.evaluate(L, lam, null);
  const fac = core.fac(r.reml);
  const lp = core.loglikeOf(st, r.reml);
  return lp + (-fac * Math.log(s) - st.qf / s + fac * Math.log(st.qf / fac) + fac) / 2;
}

describe('analytic derivative pieces vs finite differences', () => {
  for (const [name, fit] of [
    ['sleepstudy (REML)', () => sleepFit(true)],
    ['sleepstudy (ML)', () => sleepFit(false)],
    ['Penicillin crossed with a covariate (REML)', penFit],
    ['maximal crossed subset, 2 × 2 blocks (REML)', maximalSubsetFit],
  ] as const) {
    it(`${name}: xtax_j = −∂H/∂ψ_j`, () => {
      const r = fit();
      const d = covarianceDerivatives(r);
      const core = r.model.likelihood;
      for (let j = 0; j < d.m; j++) {
        const h = 1e-5 * Math.max(Math.abs(d.psi[j]!), 1e-2);
        const Hs = [h, -h].map((e) => {
          const psi = Float64Array.from(d.psi);
          psi[j]! += e;
          const { L, lam } = thetaAt(r, psi);
          return core.feInformation(core.evaluate(L, lam, d.beta)); // XᵀV⁻¹X in the user's columns
        });
        let mx = 0;
        for (let t = 0; t < d.p * d.p; t++) mx = Math.max(mx, Math.abs(d.xtax[j]![t]!));
        for (let t = 0; t < d.p * d.p; t++) {
          const fd = -(Hs[0]![t]! - Hs[1]![t]!) / (2 * h);
          // central difference: error O(h²) relative to the largest entry
          expect(Math.abs(fd - d.xtax[j]![t]!) / mx).toBeLessThan(1e-6);
        }
      }
    });

    it(`${name}: A = (−∇²ℓ(ψ, σ²))⁻¹ matches a finite-difference Hessian`, () => {
      const r = fit();
      const d = covarianceDerivatives(r);
      const A = varParCovariance(d);
      const m1 = d.m + 1;
      const x0 = [...d.psi, d.scale];
      const f = (x: number[]): number => loglikFull(r, Float64Array.from(x.slice(0, d.m)), x[d.m]!);
      const hs = x0.map((v) => 2e-3 * Math.max(Math.abs(v), 1e-2));
      const Hfd = new Matrix(m1, m1);
      for (let i = 0; i < m1; i++)
        for (let j = 0; j < m1; j++) {
          const at = (a: number, b: number): number => {
            const x = x0.slice();
            x[i]! += a * hs[i]!;
            x[j]! += b * hs[j]!;
            return f(x);
          };
          Hfd.set(i, j, -(at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * hs[i]! * hs[j]!));
        }
      const Afd = inverse(Hfd);
      for (let i = 0; i < m1; i++)
        for (let j = 0; j < m1; j++) {
          const scaleIJ = Math.sqrt(Math.abs(Afd.get(i, i) * Afd.get(j, j)));
          // second differences are roundoff-limited (measured 1e-4–2.5e-4 at h = 1e-4, 1.6e-5–2.8e-5 at h = 2e-3): 1e-4 of the diagonal scale
          expect(Math.abs(A[i * m1 + j]! - Afd.get(i, j)) / scaleIJ).toBeLessThan(1e-4);
        }
    });
  }
});

/** pbkrtest's quantities with dense n × n matrices (the oracle). */
function denseKR(X: Matrix, Gs: Matrix[], tau: number[]): Matrix {
  const n = X.rows;
  let V = Matrix.zeros(n, n);
  Gs.forEach((G, i) => (V = V.add(G.clone().mul(tau[i]!))));
  const Vi = inverse(V);
  const Phi = inverse(X.transpose().mmul(Vi).mmul(X));
  const O = Gs.map((G) => G.mmul(Vi).mmul(X));
  const Hh = Gs.map((G) => G.mmul(Vi));
  const P = O.map((Oi) => Oi.transpose().mmul(Vi).mmul(X).mul(-1));
  const g = Gs.length;
  const Q = (i: number, j: number): Matrix => O[i]!.transpose().mmul(Vi).mmul(O[j]!);
  const IE = new Matrix(g, g);
  for (let i = 0; i < g; i++)
    for (let j = 0; j < g; j++) {
      const K = Hh[i]!.mmul(Hh[j]!).trace();
      IE.set(i, j, K - 2 * Phi.mmul(Q(i, j)).trace() + Phi.mmul(P[i]!).mmul(Phi).mmul(P[j]!).trace());
    }
  const W = inverse(IE).mul(2);
  let U = Matrix.zeros(X.columns, X.columns);
  for (let i = 0; i < g; i++) for (let j = 0; j < g; j++) U = U.add(Q(i, j).sub(P[i]!.mmul(Phi).mmul(P[j]!)).mul(W.get(i, j)));
  return Phi.add(Phi.mmul(U).mmul(Phi).mul(2));
}

describe('Kenward–Roger Φ_A from Z-side sums equals the dense n × n formulas', () => {
  it('sleepstudy, (Days | Subject): 3 covariance parameters + σ²', () => {
    const d = readCsv('sleepstudy.csv');
    const r = sleepFit(true);
    const n = d.Reaction!.length;
    const days = d.Days!.map(Number);
    const X = new Matrix(days.map((x) => [1, x]));
    const z = [days.map(() => 1), days];
    const same = (i: number, j: number): boolean => d.Subject![i] === d.Subject![j];
    const Gs: Matrix[] = [];
    for (const [a, b] of trilIndices(2)) {
      const G = new Matrix(n, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          if (same(i, j)) G.set(i, j, a === b ? z[a]![i]! * z[a]![j]! : z[a]![i]! * z[b]![j]! + z[b]![i]! * z[a]![j]!);
      Gs.push(G);
    }
    Gs.push(Matrix.eye(n));
    const tau = [r.covRe[0]![0]!, r.covRe[1]![0]!, r.covRe[1]![1]!, r.scale];
    const oracle = denseKR(X, Gs, tau);
    const kr = kenwardRogerAdjust(covarianceDerivatives(r));
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++) expect(relErr(kr.phiA[a * 2 + b]!, oracle.get(a, b))).toBeLessThan(1e-8); // same algebra, rounding only
  });

  it('Penicillin crossed, (1 | plate) + (1 | sample) with a covariate', () => {
    const data = penicillinData();
    const r = penFit();
    const n = data.diameter.length;
    const X = new Matrix(data.x.map((x) => [1, x]));
    const ind = (f: string[]): Matrix => {
      const G = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (f[i] === f[j]) G.set(i, j, 1);
      return G;
    };
    const names = r.model.exogVc.names;
    const Gs = names.map((nm) => ind(nm === 'plate' ? data.plate : data.sample));
    Gs.push(Matrix.eye(n));
    const tau = [...r.vcomp, r.scale];
    const oracle = denseKR(X, Gs, tau);
    const kr = kenwardRogerAdjust(covarianceDerivatives(r));
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) expect(relErr(kr.phiA[a * 2 + b]!, oracle.get(a, b))).toBeLessThan(1e-7); // rounding only
  });

  it('general class: (1 + cond | subj) + (1 + cond | item), two 2 × 2 blocks (6 parameters + σ²)', () => {
    const data = maximalSubsetData();
    const r = maximalSubsetFit();
    const d = covarianceDerivatives(r);
    const n = data.rt.length;
    const z = [data.rt.map(() => 1), data.cond.map((c) => (c === 'b' ? 1 : 0))];
    const X = new Matrix(z[1]!.map((x) => [1, x]));
    const factors = r.model.exogVc.names.map((nm) => (nm === 'subj' ? data.subj : data.item));
    const Gs = d.psiBlock.map(({ block, a, b }) => {
      const f = factors[block]!;
      const G = new Matrix(n, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          if (f[i] === f[j]) G.set(i, j, a === b ? z[a]![i]! * z[a]![j]! : z[a]![i]! * z[b]![j]! + z[b]![i]! * z[a]![j]!);
      return G;
    });
    Gs.push(Matrix.eye(n));
    const tau = [...Array.from(d.psi, (v) => v * d.scale), d.scale];
    const oracle = denseKR(X, Gs, tau);
    const kr = kenwardRogerAdjust(d);
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) expect(relErr(kr.phiA[a * 2 + b]!, oracle.get(a, b))).toBeLessThan(1e-7); // rounding only
  });
});
