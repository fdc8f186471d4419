/**
 * checkConv-style diagnostics (issue 11): the deviance gradient and Hessian in
 * the optimizer's covariance parameters θ, against finite differences of the
 * model's own log-likelihood; the warnings they raise; their invariance to
 * the units of y.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MixedLM } from '../../src/model/index.js';
import { readTableSync } from '../../src/data/read.js';
import { symEigen } from '../../src/model/inference/linalg.js';
import { REFERENCE_DIR, REPO_ROOT } from '../paths.js';
import { fd } from './helpers.js';

const DATA = resolve(REFERENCE_DIR, '..', 'data');
const sleep = readTableSync(resolve(DATA, 'sleepstudy.csv'));
const penicillin = readTableSync(resolve(DATA, 'Penicillin.csv'));
const singular = readTableSync(resolve(REPO_ROOT, 'test', 'reference', 'general', 'singular30x8.csv'));

/** Deviance Hessian in θ by central differences of the (β-profiled) log-likelihood's θ-score. */
function fdDevianceHessian(m: MixedLM, theta: number[], h: number): Float64Array {
  const k = theta.length;
  const H = new Float64Array(k * k);
  // ∂/∂θ_j of the deviance gradient −2∂ℓ/∂θ, symmetrized
  for (let j = 0; j < k; j++) {
    const a = theta.slice();
    const b = theta.slice();
    const hj = h * (Math.abs(theta[j]!) || 1);
    a[j]! += hj;
    b[j]! -= hj;
    const ga = m.score(a);
    const gb = m.score(b);
    for (let i = 0; i < k; i++) H[i * k + j] = (-2 * (ga[i]! - gb[i]!)) / (2 * hj);
  }
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) {
      const v = (H[i * k + j]! + H[j * k + i]!) / 2;
      H[i * k + j] = v;
      H[j * k + i] = v;
    }
  return H;
}

describe('convergence diagnostics', () => {
  for (const [name, formula, table] of [
    ['sleepstudy (Days|Subject)', 'Reaction ~ Days + (Days|Subject)', sleep],
    ['Penicillin (1|plate) + (1|sample)', 'diameter ~ 1 + (1|plate) + (1|sample)', penicillin],
  ] as const) {
    for (const reml of [true, false]) {
      it(`${name}, ${reml ? 'REML' : 'ML'}: a clean optimum; eigenvalues equal those of a finite-difference deviance Hessian (1e-4 relative)`, () => {
        const m = MixedLM.fromFormula(formula, table);
        const r = m.fit({ reml });
        const c = r.convergence!;
        expect(c).not.toBeNull();
        expect(c.names).toEqual(r.paramNames.slice(r.kFe));
        expect(c.maxScaledGradient).toBeLessThan(c.tolerance);
        expect(r.warnings.map((w) => w.code)).not.toContain('convergence-gradient');
        expect(c.atBoundary).toEqual([]);
        // the θ-Hessian from the analytic ψ-Hessian (Schur complement over β, then JᵀSJ) against finite
        // differences of the analytic θ-score (step 1e-5 relative: truncation ~1e-10, rounding ~1e-9)
        const theta = r.paramsObject.getPacked(true, false);
        const H = fdDevianceHessian(m, theta, 1e-5);
        const ev = Array.from(symEigen(H, theta.length).values).sort((a, b) => a - b);
        expect(c.hessianEigenvalues.length).toBe(ev.length);
        c.hessianEigenvalues.forEach((v, i) => expect(Math.abs(v - ev[i]!) / Math.abs(ev[i]!)).toBeLessThan(1e-4));
        expect(ev[0]).toBeGreaterThan(0);
      });
    }
  }

  it('the gradient is −2 ∂ℓ/∂θ: equal to central differences of −2·loglike at a fit stopped early (2e-5 of the largest entry)', () => {
    const m = MixedLM.fromFormula('Reaction ~ Days + (Days|Subject)', sleep);
    const r = m.fit({ maxiter: 2 });
    const c = r.convergence!;
    const theta = r.paramsObject.getPacked(true, false);
    // step 1e-5 relative (θ₂ ≈ 0.015, so 1.5e-7 absolute): truncation and rounding both below 5e-6 of the largest entry
    const num = fd((x) => -2 * m.loglike(x), theta, 1e-5);
    const top = Math.max(...num.map(Math.abs));
    c.gradient.forEach((g, i) => expect(Math.abs(g - num[i]!) / top).toBeLessThan(2e-5));
    // stopped after two iterations: far from the optimum, and said so
    expect(c.maxScaledGradient).toBeGreaterThan(c.tolerance);
    const w = r.warnings.find((x) => x.code === 'convergence-gradient');
    expect(w?.maxScaledGradient).toBe(c.maxScaledGradient);
  });

  it('does not depend on the units of y (y × 1e6: eigenvalues to 1e-6 relative, verdicts equal)', () => {
    const a = MixedLM.fromFormula('Reaction ~ Days + (Days|Subject)', sleep).fit();
    const y = sleep.numeric('Reaction');
    const b = MixedLM.fromFormula('Reaction ~ Days + (Days|Subject)', sleep.withColumn('Reaction', Float64Array.from(y, (v) => v * 1e6))).fit();
    const ea = a.convergence!.hessianEigenvalues;
    const eb = b.convergence!.hessianEigenvalues;
    ea.forEach((v, i) => expect(Math.abs(eb[i]! - v) / v).toBeLessThan(1e-6));
    expect(b.convergence!.maxScaledGradient).toBeLessThan(b.convergence!.tolerance);
  });

  it('a singular fit names the parameter on the boundary and leaves it out of the checks', () => {
    const r = MixedLM.fromFormula('rt ~ cond + (1 + cond | subj) + (1 + cond | item)', singular).fit();
    const c = r.convergence!;
    expect(r.warnings.map((w) => w.code)).toContain('boundary');
    expect(c.atBoundary).toEqual(['item cond Var']);
    const i = c.names.indexOf('item cond Var');
    expect(Number.isNaN(c.scaledGradient[i]!)).toBe(true);
    expect(c.hessianEigenvalues.length).toBe(c.names.length - 1);
    expect(c.maxScaledGradient).toBeLessThan(c.tolerance);
  });

  it('is in the JSON form of a fit', () => {
    const r = MixedLM.fromFormula('Reaction ~ Days + (Days|Subject)', sleep).fit();
    const j = r.toJSON() as { convergence: { max_scaled_gradient: number; hessian_eigenvalues: number[] } };
    expect(j.convergence.max_scaled_gradient).toBe(r.convergence!.maxScaledGradient);
    expect(j.convergence.hessian_eigenvalues).toEqual(r.convergence!.hessianEigenvalues);
  });
});
