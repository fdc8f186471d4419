import { describe, expect, it } from 'vitest';
import { NotPositiveDefiniteError } from '../../src/errors.js';
import { Evaluator, StrongWolfe, cubicMin, quadMin } from '../../src/optim/index.js';
import { mulberry32, normal, rosenbrock } from './helpers.js';

const dotp = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('interpolation', () => {
  it('cubicMin is exact for a cubic', () => {
    // φ(α) = (α − 2)³/3 − (α − 2)·... use φ = α³ − 6α² + 9α (local min at α = 3)
    const phi = (a: number) => a ** 3 - 6 * a ** 2 + 9 * a;
    const dphi = (a: number) => 3 * a ** 2 - 12 * a + 9;
    expect(cubicMin(2, phi(2), dphi(2), 5, phi(5), dphi(5))).toBeCloseTo(3, 12); // tol 1e-12
    expect(cubicMin(5, phi(5), dphi(5), 2, phi(2), dphi(2))).toBeCloseTo(3, 12); // tol 1e-12, order-free
  });
  it('quadMin is exact for a quadratic and NaN when concave', () => {
    const phi = (a: number) => 2 * (a - 0.7) ** 2;
    expect(quadMin(0, phi(0), -2.8, 3, phi(3))).toBeCloseTo(0.7, 12); // tol 1e-12
    expect(quadMin(0, 0, -1, 1, -5)).toBeNaN();
  });
});

describe('StrongWolfe', () => {
  it('returns points satisfying both strong Wolfe conditions on Rosenbrock (seeded directions)', () => {
    const rng = mulberry32(7);
    const n = 4;
    for (let trial = 0; trial < 50; trial++) {
      const x = Float64Array.from({ length: n }, () => 2 * normal(rng));
      const g = new Float64Array(n);
      const f = rosenbrock(x, g);
      // random descent direction: p = −g + small noise, made descent
      const p = Float64Array.from(g, (v) => -v + 0.1 * normal(rng) * Math.abs(v));
      if (!(dotp(g, p) < 0)) continue;
      const ev = new Evaluator(rosenbrock, 1000);
      const ls = new StrongWolfe(n);
      const alpha0 = Math.min(1, 1 / Math.sqrt(dotp(p, p)));
      const r = ls.search(ev, x, f, g, p, alpha0, { c1: 1e-4, c2: 0.9 });
      expect(r.status).toBe('wolfe');
      const d0 = dotp(g, p);
      expect(r.f).toBeLessThanOrEqual(f + 1e-4 * r.alpha * d0); // sufficient decrease (exact inequality)
      expect(Math.abs(dotp(ls.g, p))).toBeLessThanOrEqual(0.9 * Math.abs(d0) * (1 + 1e-12)); // curvature, rel 1e-12
      // ls.x = x + α p and ls.g = ∇f(ls.x)
      const gx = new Float64Array(n);
      const fx = rosenbrock(ls.x, gx);
      expect(Math.abs(fx - r.f)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(fx))); // same point, rel 1e-12
      for (let i = 0; i < n; i++) expect(ls.x[i]).toBeCloseTo(x[i]! + r.alpha * p[i]!, 12); // tol 1e-12
      expect(r.fev).toBeLessThanOrEqual(20); // per-search budget
    }
  });

  it('finds the exact minimizer of a 1-D quadratic in one interpolation step', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * (x[0]! - 5);
      return (x[0]! - 5) ** 2;
    };
    const ev = new Evaluator(fg, 100);
    const ls = new StrongWolfe(1);
    const x = new Float64Array([0]);
    const g = new Float64Array([-10]);
    const r = ls.search(ev, x, 25, g, new Float64Array([1]), 20, { c2: 0.1 });
    expect(r.status).toBe('wolfe');
    expect(ls.x[0]).toBeCloseTo(5, 10); // tol 1e-10: cubic through a quadratic is exact
    expect(r.fev).toBe(2);
  });

  it('backtracks from points where f is NaN/Infinity or the objective throws NotPositiveDefiniteError', () => {
    // f = x − log x on x > 0 (min at 1); NaN/∞/throw for x ≤ 0
    for (const bad of ['nan', 'inf', 'throw'] as const) {
      const fg = (x: Float64Array, g: Float64Array) => {
        const v = x[0]!;
        if (v <= 0) {
          if (bad === 'throw') throw new NotPositiveDefiniteError(0, v);
          return bad === 'nan' ? NaN : Infinity;
        }
        g[0] = 1 - 1 / v;
        return v - Math.log(v);
      };
      const ev = new Evaluator(fg, 100);
      const ls = new StrongWolfe(1);
      const x = new Float64Array([0.1]);
      const g = new Float64Array(1);
      const f = fg(x, g);
      const r = ls.search(ev, x, f, g, new Float64Array([-g[0]!]), 1);
      expect(r.status === 'wolfe' || r.status === 'armijo').toBe(true);
      expect(ls.x[0]).toBeGreaterThan(0);
      expect(r.f).toBeLessThan(f);
    }
  });

  it('stops at alphaMax when f still decreases there', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      g[0] = -1;
      return -x[0]!;
    };
    const ev = new Evaluator(fg, 100);
    const ls = new StrongWolfe(1);
    const r = ls.search(ev, new Float64Array([0]), 0, new Float64Array([-1]), new Float64Array([1]), 1, { alphaMax: 10 });
    expect(r.status).toBe('alphaMax');
    expect(r.alpha).toBe(10);
    expect(ls.x[0]).toBe(10);
  });

  it('fails without evaluating for a non-descent direction', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * x[0]!;
      return x[0]! ** 2;
    };
    const ev = new Evaluator(fg, 100);
    const ls = new StrongWolfe(1);
    const r = ls.search(ev, new Float64Array([1]), 1, new Float64Array([2]), new Float64Array([1]), 1);
    expect(r.status).toBe('failed');
    expect(r.fev).toBe(0);
    expect(ls.x[0]).toBe(1);
  });
});
