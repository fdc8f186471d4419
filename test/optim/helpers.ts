/** Test helpers for the optimizers: seeded PRNG and standard test problems. */
import { Matrix, EigenvalueDecomposition, QrDecomposition } from 'ml-matrix';

/** The library's seeded PRNG (mulberry32), shared by every test suite. */
export { mulberry32 } from '../../src/model/inference/simulate.js';

/** Standard normal via Box–Muller. */
export function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Extended Rosenbrock Σ (1 − x_i)² + 100 (x_{i+1} − x_i²)², minimum 0 at 1. */
export function rosenbrock(x: Float64Array, g: Float64Array): number {
  const n = x.length;
  let f = 0;
  g.fill(0);
  for (let i = 0; i < n - 1; i++) {
    const a = 1 - x[i]!;
    const b = x[i + 1]! - x[i]! * x[i]!;
    f += a * a + 100 * b * b;
    g[i] = g[i]! - 2 * a - 400 * x[i]! * b;
    g[i + 1] = g[i + 1]! + 200 * b;
  }
  return f;
}

/** Rosenbrock value only. */
export function rosenbrockValue(x: Float64Array): number {
  return rosenbrock(x, new Float64Array(x.length));
}

/** Standard start (−1.2, 1, −1.2, 1, ...). */
export function rosenbrockStart(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
}

/** A dense SPD matrix Q diag(λ) Qᵀ with eigenvalues log-spaced in [1, cond], row-major. */
export function spdMatrix(n: number, cond: number, rng: () => number): Float64Array {
  const R = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) R.set(i, j, normal(rng));
  const Q = new QrDecomposition(R).orthogonalMatrix;
  const A = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lam = n === 1 ? cond : Math.pow(cond, k / (n - 1));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) A[i * n + j] = A[i * n + j]! + lam * Q.get(i, k) * Q.get(j, k);
    }
  }
  // symmetrize exactly
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[i * n + j] = A[j * n + i]!;
  return A;
}

/** f(x) = ½ (x − c)ᵀ A (x − c) + f0 with gradient A(x − c). */
export function quadratic(A: Float64Array, c: Float64Array, f0 = 0) {
  const n = c.length;
  const r = new Float64Array(n);
  return (x: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < n; i++) r[i] = x[i]! - c[i]!;
    let f = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) t += A[i * n + j]! * r[j]!;
      g[i] = t;
      f += 0.5 * r[i]! * t;
    }
    return f + f0;
  };
}

/** Max |a_i − b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Eigenvalues of a symmetric row-major matrix (oracle). */
export function symEigenvalues(A: Float64Array, n: number): number[] {
  const M = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, A[i * n + j]!);
  return new EigenvalueDecomposition(M, { assumeSymmetric: true }).realEigenvalues;
}

/** Solves A x = b (dense oracle, row-major A). */
export function denseSolve(A: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const M = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, A[i * n + j]!);
  const B = Matrix.columnVector(Array.from(b));
  const X = new QrDecomposition(M).solve(B);
  return Float64Array.from(X.getColumn(0));
}
