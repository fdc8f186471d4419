import { describe, expect, it } from 'vitest';
import { oneWaySurrogate } from '../../src/model/inner/moments.js';
import { mulberry32, relErr } from './helpers.js';

// One-way model with known mean 0 (ML, scale profiled): the surrogate is exact there.
function oneWay(seed: number, groups: number): { y: number[][]; N: number } {
  const rng = mulberry32(seed);
  const nrm = (): number => Math.sqrt(-2 * Math.log(rng() + 1e-300)) * Math.cos(2 * Math.PI * rng());
  const y: number[][] = [];
  let N = 0;
  for (let g = 0; g < groups; g++) {
    const b = 0.7 * nrm();
    const n = 2 + Math.floor(rng() * 8);
    N += n;
    y.push(Array.from({ length: n }, () => b + nrm()));
  }
  return { y, N };
}

/** W_j, u_j, qf, score and −loglike at ψ (V_j = I + ψ11ᵀ). */
function exact(y: number[][], N: number, psi: number) {
  const W = new Float64Array(y.length);
  const u = new Float64Array(y.length);
  let qf = 0;
  let ld = 0;
  y.forEach((g, j) => {
    const n = g.length;
    const s = g.reduce((a, b) => a + b, 0);
    const ss = g.reduce((a, b) => a + b * b, 0);
    W[j] = n / (1 + n * psi);
    u[j] = s / (1 + n * psi);
    qf += ss - (psi * s * s) / (1 + n * psi);
    ld += Math.log(1 + n * psi);
  });
  let w1 = 0;
  let u2 = 0;
  for (let j = 0; j < y.length; j++) {
    w1 += W[j]!;
    u2 += u[j]! * u[j]!;
  }
  return { W, u, qf, score: -0.5 * w1 + (0.5 * N * u2) / qf, nll: 0.5 * ld + 0.5 * N * Math.log(qf) };
}

describe('oneWaySurrogate', () => {
  const { y, N } = oneWay(11, 40);
  it('root of the exact one-way profile score (known mean, ML)', () => {
    const psi0 = 0.05;
    const e = exact(y, N, psi0);
    const r = oneWaySurrogate(e.W, e.u, psi0, e.score, N, e.qf)!;
    expect(r).not.toBeNull();
    const at = exact(y, N, r.psi);
    expect(Math.abs(at.score)).toBeLessThan(1e-6 * N); // tolerance: score ≈ 0 to 1e-6·N
  });
  it('curvature in λ = √ψ matches finite differences of −loglike', () => {
    const lam = Math.sqrt(0.3);
    const e = exact(y, N, lam * lam);
    const r = oneWaySurrogate(e.W, e.u, lam * lam, e.score, N, e.qf)!;
    const h = 1e-4;
    const f = (l: number): number => exact(y, N, l * l).nll;
    const fd = (f(lam + h) - 2 * f(lam) + f(lam - h)) / (h * h);
    expect(relErr(r.h, fd)).toBeLessThan(1e-5); // tolerance: 1e-5 relative (central differences)
  });
  it('null on non-finite input', () => {
    const e = exact(y, N, 0.1);
    expect(oneWaySurrogate(e.W, e.u, 0.1, NaN, N, e.qf)).toBeNull();
  });
});
