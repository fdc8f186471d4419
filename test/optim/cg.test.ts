import { describe, expect, it } from 'vitest';
import { minimize } from '../../src/optim/index.js';
import { maxAbsDiff, mulberry32, normal, quadratic, rosenbrock, rosenbrockStart, spdMatrix } from './helpers.js';

describe('Polak–Ribière+ CG', () => {
  it('solves 2-D and 10-D Rosenbrock', () => {
    const r2 = minimize(rosenbrock, [-1.2, 1], { method: 'cg' });
    expect(r2.converged).toBe(true);
    expect(maxAbsDiff(r2.x, [1, 1])).toBeLessThan(1e-5); // tol 1e-5
    expect(r2.fev).toBeLessThan(200); // sanity (measured 84)
    const r10 = minimize(rosenbrock, rosenbrockStart(10), { method: 'cg' });
    expect(r10.converged).toBe(true);
    expect(maxAbsDiff(r10.x, new Array(10).fill(1))).toBeLessThan(1e-5); // tol 1e-5
    expect(r10.fev).toBeLessThan(600); // sanity (measured 284)
  });

  it('minimizes seeded quadratics (κ = 1e2 and 1e4)', () => {
    const rng = mulberry32(17);
    for (const cond of [1e2, 1e4]) {
      const n = 30;
      const A = spdMatrix(n, cond, rng);
      const c = Float64Array.from({ length: n }, () => normal(rng));
      const r = minimize(quadratic(A, c), new Array(n).fill(0), { method: 'cg', gtol: 1e-8 });
      expect(r.converged).toBe(true);
      expect(maxAbsDiff(r.x, c)).toBeLessThan(n * 1e-8); // tol n·gtol/λmin
    }
  });
});
