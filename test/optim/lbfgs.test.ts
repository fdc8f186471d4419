import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidArgumentError } from '../../src/errors.js';
import { LbfgsMemory, makeBox, minimize, projectedGradientNorm } from '../../src/optim/index.js';
import { denseSolve, maxAbsDiff, mulberry32, normal, quadratic, rosenbrock, rosenbrockStart, spdMatrix } from './helpers.js';

/** Oracle for min ½(x−c)ᵀA(x−c) s.t. x ≥ l: enumerate active sets, keep the KKT point. */
function boundQuadraticOracle(A: Float64Array, c: Float64Array, l: Float64Array): Float64Array {
  const n = c.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    const act = (i: number) => (mask >> i) & 1;
    const free = [...Array(n).keys()].filter((i) => !act(i));
    const x = Float64Array.from(l);
    // A_FF (x_F − c_F) = −A_FB (l_B − c_B)
    const m = free.length;
    const AF = new Float64Array(m * m);
    const rhs = new Float64Array(m);
    free.forEach((i, a) => {
      free.forEach((j, b) => (AF[a * m + b] = A[i * n + j]!));
      let t = 0;
      for (let j = 0; j < n; j++) if (act(j)) t -= A[i * n + j]! * (l[j]! - c[j]!);
      rhs[a] = t;
    });
    const z = m > 0 ? denseSolve(AF, rhs) : new Float64Array(0);
    free.forEach((i, a) => (x[i] = c[i]! + z[a]!));
    if (free.some((i) => x[i]! < l[i]! - 1e-12)) continue;
    const g = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i] = g[i]! + A[i * n + j]! * (x[j]! - c[j]!);
    if ([...Array(n).keys()].some((i) => act(i) && g[i]! < -1e-12)) continue;
    return x;
  }
  throw new Error('no KKT point');
}

describe('L-BFGS, unconstrained', () => {
  it('solves 2-D and 10-D Rosenbrock', () => {
    const r2 = minimize(rosenbrock, [-1.2, 1], { method: 'lbfgs' });
    expect(r2.converged).toBe(true);
    expect(maxAbsDiff(r2.x, [1, 1])).toBeLessThan(1e-4); // tol 1e-4 (ftol stop, as scipy)
    expect(r2.fev).toBeLessThan(100); // sanity (measured 45)
    const r10 = minimize(rosenbrock, rosenbrockStart(10), { method: 'lbfgs', ftol: 0, gtol: 1e-7 });
    expect(r10.converged).toBe(true);
    expect(r10.message).toBe('gradient norm below gtol');
    expect(maxAbsDiff(r10.x, new Array(10).fill(1))).toBeLessThan(1e-6); // tol 1e-6 (gtol 1e-7)
    expect(r10.fev).toBeLessThan(300); // sanity
  });

  it('minimizes ill-conditioned quadratics (κ = 1e4, n = 50, memory 5 and 20)', () => {
    const rng = mulberry32(3);
    const n = 50;
    const A = spdMatrix(n, 1e4, rng);
    const c = Float64Array.from({ length: n }, () => normal(rng));
    for (const memory of [5, 20]) {
      const r = minimize(quadratic(A, c), new Array(n).fill(0), { method: 'lbfgs', memory, gtol: 1e-8, ftol: 0 });
      expect(r.converged).toBe(true);
      expect(maxAbsDiff(r.x, c)).toBeLessThan(n * 1e-8); // tol: ‖A⁻¹‖∞‖g‖∞ ≤ n·gtol (λmin = 1)
      expect(r.iterations).toBeLessThan(2000); // sanity
    }
  });

  it('two-loop recursion equals −H g of the BFGS matrix built from the same pairs', () => {
    const rng = mulberry32(9);
    const n = 5;
    const A = spdMatrix(n, 20, rng);
    const mem = new LbfgsMemory(n, 10);
    const pairs: [Float64Array, Float64Array][] = [];
    for (let k = 0; k < 4; k++) {
      const s = Float64Array.from({ length: n }, () => normal(rng));
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] = y[i]! + A[i * n + j]! * s[j]!;
      mem.push(s, y);
      pairs.push([s, y]);
    }
    // dense: H₀ = γI (newest pair), then BFGS updates oldest → newest
    const [sN, yN] = pairs[pairs.length - 1]!;
    const dotv = (a: Float64Array, b: Float64Array) => a.reduce((t, v, i) => t + v * b[i]!, 0);
    const gamma = dotv(sN, yN) / dotv(yN, yN);
    let H = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? gamma : 0));
    for (const [s, y] of pairs) {
      const rho = 1 / dotv(s, y);
      const Hn = new Array(n * n).fill(0);
      // H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const V = (i: number, j: number) => (i === j ? 1 : 0) - rho * s[i]! * y[j]!;
      const T = new Array(n * n).fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) T[i * n + j] += V(i, k) * H[k * n + j]!;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          for (let k = 0; k < n; k++) Hn[i * n + j] += T[i * n + k] * V(j, k);
          Hn[i * n + j] += rho * s[i]! * s[j]!;
        }
      H = Hn;
    }
    const g = Float64Array.from({ length: n }, () => normal(rng));
    const d = new Float64Array(n);
    mem.direction(g, new Uint8Array(n).fill(1), d);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) t -= H[i * n + j]! * g[j]!;
      expect(d[i]).toBeCloseTo(t, 10); // tol 1e-10
    }
  });
});

describe('L-BFGS with bounds', () => {
  it('finds the bound-constrained minimizer of seeded quadratics (KKT oracle), projected gradient small', () => {
    const rng = mulberry32(21);
    const n = 6;
    for (let trial = 0; trial < 8; trial++) {
      const A = spdMatrix(n, 100, rng);
      const c = Float64Array.from({ length: n }, () => normal(rng));
      const l = new Float64Array(n).fill(0);
      const xs = boundQuadraticOracle(A, c, l);
      const r = minimize(quadratic(A, c), new Array(n).fill(1), { method: 'lbfgs', lower: l, gtol: 1e-9, ftol: 0 });
      expect(r.converged).toBe(true);
      expect(maxAbsDiff(r.x, xs)).toBeLessThan(1e-7); // tol 1e-7 (gtol 1e-9, λmin = 1)
      for (let i = 0; i < n; i++) expect(r.x[i]).toBeGreaterThanOrEqual(0); // feasible, exactly
      expect(projectedGradientNorm(r.x, r.grad, makeBox(n, l, undefined))).toBeLessThanOrEqual(1e-9); // gtol
      expect(r.fev).toBeLessThan(200); // sanity
    }
  });

  it('puts the solution exactly on the bound: 2-D Rosenbrock with x₂ ≥ 1.5', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { method: 'lbfgs', lower: [-Infinity, 1.5] });
    expect(r.converged).toBe(true);
    expect(r.message).toBe('projected gradient norm below gtol');
    expect(r.x[1]).toBe(1.5); // exactly on the bound
    expect(r.grad[1]).toBeGreaterThan(0); // gradient points out of the box
    expect(Math.abs(r.grad[0]!)).toBeLessThanOrEqual(1e-5); // gtol on the free coordinate
  });

  it('handles upper and lower bounds together and projects an infeasible x0', () => {
    // f = Σ (x_i − t_i)², targets outside and inside [−1, 1]
    const t = [3, -4, 0.5];
    const fg = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        g[i] = 2 * (x[i]! - t[i]!);
        f += (x[i]! - t[i]!) ** 2;
      }
      return f;
    };
    const x0 = [5, 5, 5];
    const r = minimize(fg, x0, { method: 'lbfgs', lower: [-1, -1, -1], upper: [1, 1, 1] });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBe(1);
    expect(r.x[1]).toBe(-1);
    expect(r.x[2]).toBeCloseTo(0.5, 6); // tol 1e-6 (gtol 1e-5 / 2)
    expect(x0).toEqual([5, 5, 5]);
  });

  it('variance-like parameter driven to 0: f(v) = (v + 1)² + v·w + w² with v ≥ 0', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      const [v, w] = [x[0]!, x[1]!];
      g[0] = 2 * (v + 1) + w;
      g[1] = v + 2 * w;
      return (v + 1) ** 2 + v * w + w * w;
    };
    const r = minimize(fg, [3, 1], { method: 'lbfgs', lower: [0, -Infinity] });
    expect(r.x[0]).toBe(0);
    expect(Math.abs(r.x[1]!)).toBeLessThan(1e-5); // tol 1e-5 (gtol)
    expect(r.fev).toBeLessThan(30); // sanity
  });

  it('validates bounds', () => {
    expect(() => minimize(rosenbrock, [0, 0], { method: 'lbfgs', lower: [0] })).toThrow(DimensionMismatchError);
    expect(() => minimize(rosenbrock, [0, 0], { method: 'lbfgs', lower: [1, 1], upper: [0, 2] })).toThrow(InvalidArgumentError);
    expect(() => minimize(rosenbrock, [0, 0], { method: 'lbfgs', lower: [NaN, 0] })).toThrow(InvalidArgumentError);
  });
});

describe('profile deviance of a balanced one-way random-effects model', () => {
  // G groups of size m, N = Gm; γ = σ_a²/σ². With within SS W and between SS B,
  // −2ℓ(γ) = N log(W + B/t) + G log t + const, t = 1 + mγ; stationary at
  // t* = B(N − G)/(G W), so γ* = max(0, (t* − 1)/m).
  const G = 6;
  const m = 5;
  const N = G * m;
  const deviance = (W: number, B: number) => (x: Float64Array, g: Float64Array) => {
    const t = 1 + m * x[0]!;
    if (!(t > 0)) return NaN;
    g[0] = (m * (G * (W * t + B) - N * B)) / (t * (W * t + B));
    return N * Math.log(W + B / t) + G * Math.log(t);
  };
  it('interior optimum matches the closed form', () => {
    const W = 24;
    const B = 30; // t* = 30·24/(6·24) = 5 → γ* = 0.8
    const r = minimize(deviance(W, B), [0.1], { method: 'lbfgs', lower: [0], gtol: 1e-8, ftol: 0 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(0.8, 6); // tol 1e-6 (gtol 1e-8, curvature ~ 1)
    expect(r.fev).toBeLessThan(30); // sanity
  });
  it('boundary optimum (γ* = 0) is hit exactly by bounded L-BFGS and approached by BFGS in θ = √γ', () => {
    const W = 24;
    const B = 2; // t* = 2·24/(6·24) = 1/3 < 1 → γ* = 0
    const fg = deviance(W, B);
    const r = minimize(fg, [1], { method: 'lbfgs', lower: [0] });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBe(0); // exactly on the bound
    expect(r.grad[0]).toBeGreaterThan(0);
    expect(r.fev).toBeLessThan(30); // sanity
    // γ = θ², unconstrained: ∂/∂θ = 2θ ∂/∂γ
    const gg = new Float64Array(1);
    const fth = (x: Float64Array, g: Float64Array) => {
      const f = fg(Float64Array.of(x[0]! ** 2), gg);
      g[0] = 2 * x[0]! * gg[0]!;
      return f;
    };
    const rb = minimize(fth, [1]);
    expect(rb.converged).toBe(true);
    expect(rb.x[0]! ** 2).toBeLessThan(1e-8); // tol: |θ| ≲ gtol/(2 f'(0)) → γ tiny
  });
});
