import { describe, expect, it } from 'vitest';
import { Matrix, inverse } from 'ml-matrix';
import { minimize } from '../../src/optim/index.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { maxAbsDiff, mulberry32, quadratic, spdMatrix } from './helpers.js';

describe('bfgs initialInvHessian and stepTol', () => {
  const n = 4;
  const A = spdMatrix(n, 1e3, mulberry32(7));
  const c = Float64Array.of(1, -2, 0.5, 3);
  const Ai = Float64Array.from(inverse(new Matrix(Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n))))).to1DArray());

  it('the exact inverse Hessian of a quadratic: one Newton step (2 evaluations)', () => {
    const r = minimize(quadratic(A, c), [0, 0, 0, 0], { method: 'bfgs', gtol: 1e-8, initialInvHessian: Ai });
    expect(r.converged).toBe(true);
    expect(r.fev).toBe(2);
    expect(maxAbsDiff(r.x, c)).toBeLessThan(1e-9); // tolerance: 1e-9 absolute (cond 1e3)
  });

  it('a diagonal H₀ still converges to the minimizer', () => {
    const h = new Float64Array(n * n);
    for (let i = 0; i < n; i++) h[i * n + i] = 1 / A[i * n + i]!;
    const r = minimize(quadratic(A, c), [0, 0, 0, 0], { method: 'bfgs', gtol: 1e-9, initialInvHessian: h });
    expect(r.converged).toBe(true);
    expect(maxAbsDiff(r.x, c)).toBeLessThan(1e-6); // tolerance: 1e-6 absolute
  });

  it('stepTol stops on a small quasi-Newton step (gtol never met)', () => {
    const h = new Float64Array(n * n);
    for (let i = 0; i < n; i++) h[i * n + i] = 1 / A[i * n + i]!;
    const r = minimize(quadratic(A, c), [0, 0, 0, 0], { method: 'bfgs', gtol: 0, stepTol: 1e-7, initialInvHessian: h });
    expect(r.converged).toBe(true);
    expect(r.message).toBe('quasi-Newton step below stepTol');
    expect(maxAbsDiff(r.x, c)).toBeLessThan(1e-5); // tolerance: 1e-5 absolute (step test 1e-7·|x|, cond 1e3)
  });

  it('rejects a wrong size or a non-positive diagonal', () => {
    expect(() => minimize(quadratic(A, c), [0, 0, 0, 0], { initialInvHessian: [1, 0, 0, 1] })).toThrow(InvalidArgumentError);
    const h = new Float64Array(n * n);
    expect(() => minimize(quadratic(A, c), [0, 0, 0, 0], { initialInvHessian: h })).toThrow(InvalidArgumentError);
  });
});

describe('bfgs firstStepLength', () => {
  // a tiny-gradient objective (a quadratic divided by 1e6, minimizer at distance 5): the default first trial moves 5e-6
  const n = 3;
  const A = spdMatrix(n, 10, mulberry32(3));
  for (let i = 0; i < A.length; i++) A[i] = A[i]! / 1e6;
  const c = Float64Array.of(3, -4, 0);
  const logged = (xs: Float64Array[]) => {
    const f = quadratic(A, c);
    return (x: Float64Array, g: Float64Array): number => {
      xs.push(Float64Array.from(x));
      return f(x, g);
    };
  };

  it('the first trial point lies at exactly that distance along −∇f', () => {
    const xs: Float64Array[] = [];
    minimize(logged(xs), [0, 0, 0], { method: 'bfgs', gtol: 1e-14, firstStepLength: 2 });
    const d = Math.hypot(...Array.from(xs[1]!));
    expect(Math.abs(d - 2)).toBeLessThan(1e-12); // tolerance: rounding of α₀ = 2/‖g‖
  });

  it('reaches the minimizer in fewer evaluations than the default first step', () => {
    const a = minimize(quadratic(A, c), [0, 0, 0], { method: 'bfgs', gtol: 1e-12 });
    const b = minimize(quadratic(A, c), [0, 0, 0], { method: 'bfgs', gtol: 1e-12, firstStepLength: 1 });
    expect(b.converged).toBe(true);
    expect(maxAbsDiff(b.x, c)).toBeLessThan(1e-4); // tolerance: 1e-4 absolute (gtol 1e-12 on a 1e-6-scaled quadratic)
    expect(b.fev).toBeLessThan(a.fev);
  });

  it('rejects a non-positive or non-finite length', () => {
    expect(() => minimize(quadratic(A, c), [0, 0, 0], { firstStepLength: 0 })).toThrow(InvalidArgumentError);
    expect(() => minimize(quadratic(A, c), [0, 0, 0], { firstStepLength: Infinity })).toThrow(InvalidArgumentError);
  });
});
