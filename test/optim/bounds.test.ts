import { describe, expect, it } from 'vitest';
import {
  Evaluator,
  ProjectedBacktracking,
  makeBox,
  minimize,
  project,
  projectedGradientNorm,
  withGradient,
} from '../../src/optim/index.js';

describe('box helpers', () => {
  it('projects and measures the projected gradient', () => {
    const box = makeBox(3, [0, -Infinity, -1], [1, 2, Infinity]);
    expect(box.active).toBe(true);
    const x = Float64Array.of(-3, 5, 0.5);
    project(x, box);
    expect(Array.from(x)).toEqual([0, 2, 0.5]);
    // at x = (0, 2, 0.5): g = (3, −1, 0.25) → P(x − g) − x = (0, 0, −0.25)
    expect(projectedGradientNorm(x, Float64Array.of(3, -1, 0.25), box)).toBe(0.25);
    expect(makeBox(2, undefined, [Infinity, Infinity]).active).toBe(false);
  });
});

describe('ProjectedBacktracking', () => {
  it('lands on the bound along the projected path and satisfies sufficient decrease', () => {
    // f = (x₀ + 1)² + (x₁ − 1)², box x ≥ 0, from (1, 0) along −∇f = (−4, 2)
    const fg = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * (x[0]! + 1);
      g[1] = 2 * (x[1]! - 1);
      return (x[0]! + 1) ** 2 + (x[1]! - 1) ** 2;
    };
    const ev = new Evaluator(fg, 100);
    const box = makeBox(2, [0, 0], undefined);
    const ls = new ProjectedBacktracking(2);
    const x0 = Float64Array.of(1, 0);
    const g0 = new Float64Array(2);
    const f0 = fg(x0, g0);
    const r = ls.search(ev, x0, f0, g0, Float64Array.of(-4, 2), 1, box);
    expect(r.status).toBe('armijo');
    expect(ls.x[0]).toBe(0); // clamped to the bound
    const pred = g0[0]! * (ls.x[0]! - 1) + g0[1]! * ls.x[1]!;
    expect(r.f).toBeLessThanOrEqual(f0 + 1e-4 * pred); // Armijo along the path (exact inequality)
  });
});

describe('withGradient', () => {
  it('combines f and ∇f', () => {
    const fg = withGradient(
      (x) => (x[0]! - 2) ** 2,
      (x, g) => {
        g[0] = 2 * (x[0]! - 2);
      },
    );
    expect(minimize(fg, [10]).x[0]).toBeCloseTo(2, 6); // tol 1e-6 (gtol 1e-5 / curvature 2)
  });
});
