import { describe, expect, it } from 'vitest';
import { minimize } from '../../src/optim/index.js';
import {
  maxAbsDiff,
  mulberry32,
  normal,
  quadratic,
  rosenbrock,
  rosenbrockStart,
  spdMatrix,
  symEigenvalues,
} from './helpers.js';

describe('BFGS', () => {
  it('solves 2-D Rosenbrock from (−1.2, 1) in < 100 evaluations', () => {
    const r = minimize(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.message).toBe('gradient norm below gtol');
    expect(maxAbsDiff(r.x, [1, 1])).toBeLessThan(1e-5); // tol 1e-5 (gtol 1e-5, well-conditioned at optimum)
    expect(r.f).toBeLessThan(1e-10); // tol 1e-10
    expect(r.fev).toBeLessThan(100); // sanity bound (measured 44)
    expect(r.gev).toBe(r.fev);
    expect(Math.max(...r.grad.map(Math.abs))).toBeLessThanOrEqual(1e-5); // gtol
  });

  it('solves 10-D Rosenbrock from the standard start', () => {
    const r = minimize(rosenbrock, rosenbrockStart(10));
    expect(r.converged).toBe(true);
    expect(maxAbsDiff(r.x, new Array(10).fill(1))).toBeLessThan(1e-5); // tol 1e-5
    expect(r.fev).toBeLessThan(300); // sanity bound (measured 97)
  });

  it('minimizes seeded convex quadratics, including ill-conditioned ones (κ = 1e6)', () => {
    const rng = mulberry32(11);
    for (const [n, cond] of [
      [5, 10],
      [20, 1e3],
      [20, 1e6],
    ] as const) {
      const A = spdMatrix(n, cond, rng);
      const c = Float64Array.from({ length: n }, () => normal(rng));
      const x0 = Array.from({ length: n }, () => normal(rng));
      const r = minimize(quadratic(A, c, 3), x0, { gtol: 1e-9 });
      expect(r.converged).toBe(true);
      // ‖x − c‖ ≤ ‖A⁻¹‖‖g‖ ≤ n·gtol/λmin (λmin = 1)
      expect(maxAbsDiff(r.x, c)).toBeLessThan(n * 1e-9 * 10); // tol n·gtol·10
      expect(r.f - 3).toBeLessThan(1e-12 * cond); // tol: f − f* ≤ ½ gᵀA⁻¹g, tiny
      expect(r.iterations).toBeLessThan(10 * n); // sanity
    }
  });

  it('returns an inverse-Hessian approximation close to A⁻¹ on a quadratic', () => {
    const rng = mulberry32(5);
    const n = 6;
    const A = spdMatrix(n, 50, rng);
    const c = Float64Array.from({ length: n }, () => normal(rng));
    const r = minimize(quadratic(A, c), new Array(n).fill(0), { gtol: 1e-10 });
    expect(r.invHessian).toBeDefined();
    const H = r.invHessian!;
    // symmetric
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(H[i * n + j]).toBeCloseTo(H[j * n + i]!, 10); // tol 1e-10
    // positive definite
    expect(Math.min(...symEigenvalues(H, n))).toBeGreaterThan(0);
    // H A ≈ I in the directions explored: check H·(A e) against e for e = A⁻¹-weighted random vector, loosely
    const e = Float64Array.from({ length: n }, () => normal(rng));
    const Ae = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Ae[i] = Ae[i]! + A[i * n + j]! * e[j]!;
    const HAe = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) HAe[i] = HAe[i]! + H[i * n + j]! * Ae[j]!;
    const rel = Math.sqrt(HAe.reduce((s, v, i) => s + (v - e[i]!) ** 2, 0) / e.reduce((s, v) => s + v * v, 0));
    expect(rel).toBeLessThan(0.5); // loose: inexact line searches give only an approximation
  });

  it('scales H₀ after the first step (eq. 6.20): on f = ½·100·x², converges in ≤ 3 iterations', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      g[0] = 100 * x[0]!;
      return 50 * x[0]! ** 2;
    };
    const r = minimize(fg, [1], { gtol: 1e-8 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0]!)).toBeLessThan(1e-9); // tol 1e-9 (gtol / 100 · 10)
    expect(r.iterations).toBeLessThanOrEqual(3);
    expect(r.invHessian![0]).toBeCloseTo(0.01, 8); // tol 1e-8: exact 1/100 after scaling
  });

  it('handles a start that is already optimal, n = 1 and does not mutate x0', () => {
    const x0 = new Float64Array([1, 1]);
    const r = minimize(rosenbrock, x0);
    expect(r.iterations).toBe(0);
    expect(r.fev).toBe(1);
    expect(r.converged).toBe(true);
    expect(Array.from(r.invHessian!)).toEqual([1, 0, 0, 1]);

    const y0 = [3];
    const r1 = minimize(
      (x, g) => {
        g[0] = 4 * (x[0]! - 2) ** 3 + 2 * (x[0]! - 2);
        return (x[0]! - 2) ** 4 + (x[0]! - 2) ** 2;
      },
      y0,
    );
    expect(r1.converged).toBe(true);
    expect(r1.x[0]).toBeCloseTo(2, 5); // tol 1e-5
    expect(y0).toEqual([3]);
    const x1 = Float64Array.from([-1.2, 1]);
    minimize(rosenbrock, x1);
    expect(Array.from(x1)).toEqual([-1.2, 1]);
  });

  it('treats Infinity / NaN outside the domain as rejected trial points', () => {
    // f = Σ a_i x_i − log x_i, minimizer x_i = 1/a_i; Infinity for x_i ≤ 0
    const a = [1, 10, 100];
    const fg = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        if (!(x[i]! > 0)) return Infinity;
        f += a[i]! * x[i]! - Math.log(x[i]!);
        g[i] = a[i]! - 1 / x[i]!;
      }
      return f;
    };
    const r = minimize(fg, [2, 2, 2], { gtol: 1e-8 });
    expect(r.converged).toBe(true);
    expect(maxAbsDiff(r.x, [1, 0.1, 0.01])).toBeLessThan(1e-9); // tol 1e-9 (‖x − x*‖ ≲ gtol·x*²)
    expect(r.fev).toBeLessThan(200); // sanity
  });
});
