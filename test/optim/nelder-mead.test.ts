import { describe, expect, it } from 'vitest';
import { minimize, minimizeDerivativeFree } from '../../src/optim/index.js';
import { maxAbsDiff, rosenbrock, rosenbrockValue } from './helpers.js';

describe('Nelder–Mead', () => {
  it('solves 2-D Rosenbrock from (−1.2, 1)', () => {
    const x0 = [-1.2, 1];
    const r = minimizeDerivativeFree(rosenbrockValue, x0);
    expect(r.converged).toBe(true);
    expect(maxAbsDiff(r.x, [1, 1])).toBeLessThan(1e-5); // tol 1e-5 (xtol 1e-6 on the simplex)
    expect(r.f).toBeLessThan(1e-10); // tol 1e-10
    expect(r.fev).toBeLessThan(500); // sanity (measured 250)
    expect(r.gev).toBe(0);
    expect(x0).toEqual([-1.2, 1]);
  });

  it('is reachable through minimize({ method: "nm" })', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { method: 'nm' });
    expect(maxAbsDiff(r.x, [1, 1])).toBeLessThan(1e-5); // tol 1e-5
  });

  it('honours bounds (solution on the bound)', () => {
    const r = minimizeDerivativeFree(rosenbrockValue, [0.5, 0.5], { upper: [0.8, Infinity] });
    expect(r.x[0]).toBeLessThanOrEqual(0.8);
    // on x₁ = 0.8 the best x₂ is 0.64
    expect(r.x[0]).toBeCloseTo(0.8, 5); // tol 1e-5
    expect(r.x[1]).toBeCloseTo(0.64, 5); // tol 1e-5
  });

  it('handles n = 1 and an Infinity region', () => {
    // f = x − log x (min at 1), Infinity for x ≤ 0
    const f = (x: Float64Array) => (x[0]! > 0 ? x[0]! - Math.log(x[0]!) : Infinity);
    const r = minimizeDerivativeFree(f, [0.02], { initialStep: 5 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4); // tol 1e-4 (f flat: x error ~ sqrt(ftol))
  });

  it('stops at maxfev', () => {
    const r = minimizeDerivativeFree(rosenbrockValue, [-1.2, 1], { maxfev: 30 });
    expect(r.converged).toBe(false);
    expect(r.message).toBe('maximum function evaluations reached');
    expect(r.fev).toBeLessThanOrEqual(30 + 3); // one iteration may overrun by ≤ n + 1
  });
});
