import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotPositiveDefiniteError } from '../../src/errors.js';
import { minimize } from '../../src/optim/index.js';
import type { MinimizeOptions } from '../../src/optim/index.js';
import { rosenbrock } from './helpers.js';

const methods = ['bfgs', 'lbfgs', 'cg', 'nm'] as const;

describe('minimize dispatch and edge cases', () => {
  it('rejects unknown methods and bounds for bfgs/cg', () => {
    expect(() => minimize(rosenbrock, [0, 0], { method: 'newton' as MinimizeOptions['method'] })).toThrow(InvalidArgumentError);
    try {
      minimize(rosenbrock, [0, 0], { method: 'foo' as MinimizeOptions['method'] });
    } catch (e) {
      expect((e as InvalidArgumentError).argument).toBe('method');
    }
    expect(() => minimize(rosenbrock, [0, 0], { lower: [0, 0] })).toThrow(InvalidArgumentError);
    expect(() => minimize(rosenbrock, [0, 0], { method: 'cg', upper: [1, 1] })).toThrow(InvalidArgumentError);
    // all-infinite bounds are harmless
    expect(minimize(rosenbrock, [0, 0], { lower: [-Infinity, -Infinity] }).converged).toBe(true);
  });

  it('returns immediately for n = 0', () => {
    for (const method of methods) {
      const r = minimize(() => 7, [], { method });
      expect(r.converged).toBe(true);
      expect(r.f).toBe(7);
      expect(r.x.length).toBe(0);
      expect(r.iterations).toBe(0);
    }
  });

  it('returns at once when x0 is already optimal', () => {
    for (const method of methods.slice(0, 3)) {
      const r = minimize(rosenbrock, [1, 1], { method });
      expect(r.iterations).toBe(0);
      expect(r.fev).toBe(1);
      expect(r.converged).toBe(true);
    }
  });

  it('throws for a non-finite start or an infeasible starting point', () => {
    expect(() => minimize(rosenbrock, [NaN, 0])).toThrow(InvalidArgumentError);
    expect(() => minimize(() => Infinity, [0])).toThrow(InvalidArgumentError);
    expect(() => minimize((x) => { throw new NotPositiveDefiniteError(0, -1); }, [0])).toThrow(InvalidArgumentError);
  });

  it('propagates errors other than NotPositiveDefinite/Singular', () => {
    expect(() => minimize(() => { throw new RangeError('boom'); }, [0])).toThrow(RangeError);
  });

  it('reports maxiter and maxfev stops', () => {
    for (const method of methods) {
      const r = minimize(rosenbrock, [-1.2, 1], { method, maxiter: 3 });
      expect(r.converged).toBe(false);
      expect(r.message).toBe('maximum iterations reached');
      expect(r.iterations).toBe(3);
      const r2 = minimize(rosenbrock, [-1.2, 1], { method, maxfev: 10 });
      expect(r2.converged).toBe(false);
      expect(r2.message).toBe('maximum function evaluations reached');
      expect(r2.fev).toBeLessThanOrEqual(10 + 3); // nm may overrun by ≤ n + 1
      expect(r2.f).toBeLessThan(rosenbrock(Float64Array.from([-1.2, 1]), new Float64Array(2))); // made progress
    }
  });

  it('keeps history and calls onIteration once per iteration', () => {
    for (const method of methods) {
      const seen: number[] = [];
      const r = minimize(rosenbrock, [-1.2, 1], {
        method,
        keepHistory: true,
        onIteration: (info) => {
          seen.push(info.iteration);
          expect(info.x.length).toBe(2);
          expect(info.fev).toBeGreaterThan(0);
        },
      });
      expect(seen.length).toBe(r.iterations);
      expect(seen[seen.length - 1]).toBe(r.iterations);
      expect(r.history!.length).toBe(r.iterations + 1);
      expect(r.history![0]!.x).toEqual([-1.2, 1]);
      expect(r.history![r.history!.length - 1]!.f).toBe(r.f);
    }
  });

  it('validates numeric options', () => {
    expect(() => minimize(rosenbrock, [0, 0], { gtol: -1 })).toThrow(InvalidArgumentError);
    expect(() => minimize(rosenbrock, [0, 0], { method: 'lbfgs', memory: 0 })).toThrow(InvalidArgumentError);
    expect(() => minimize(rosenbrock, [0, 0], { initialStep: 0 })).toThrow(InvalidArgumentError);
  });

  it('treats NotPositiveDefiniteError at trial points as rejected (all gradient methods)', () => {
    // f = Σ x_i² − log(x₀) with a "Cholesky" failure when x₀ ≤ 0; minimizer (1/√2, 0)
    const fg = (x: Float64Array, g: Float64Array) => {
      if (x[0]! <= 0) throw new NotPositiveDefiniteError(0, x[0]!);
      g[0] = 2 * x[0]! - 1 / x[0]!;
      g[1] = 2 * x[1]!;
      return x[0]! ** 2 + x[1]! ** 2 - Math.log(x[0]!);
    };
    for (const method of ['bfgs', 'lbfgs', 'cg'] as const) {
      const r = minimize(fg, [0.05, 3], { method, initialStep: 10 });
      expect(r.converged).toBe(true);
      expect(r.x[0]).toBeCloseTo(Math.SQRT1_2, 5); // tol 1e-5 (gtol)
      expect(Math.abs(r.x[1]!)).toBeLessThan(1e-5); // tol 1e-5
    }
  });
});
