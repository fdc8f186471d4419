/**
 * Shared test helpers for `src/sparse`: a seeded PRNG, random sparse / dense /
 * SPD generators, and dense oracles. Generators build canonical CSC arrays
 * directly (no dependency on `fromTriplets`) so they can test it.
 *
 * Exports are stable; other sparse test files import them.
 *
 * @example
 * ```ts
 * const rng = mulberry32(42);
 * const A = randomSparse(rng, 10, 5, 0.3);
 * const Ad = toDenseRows(A);
 * ```
 */
import { CscMatrix } from '../../src/sparse/csc.js';
import { CsrMatrix } from '../../src/sparse/csr.js';

/** The library's seeded PRNG (mulberry32), shared by every test suite. */
export { mulberry32 } from '../../src/model/inference/simulate.js';

/**
 * Standard normal draw (Box–Muller) from a uniform generator.
 *
 * @example
 * ```ts
 * const z = randn(mulberry32(3));
 * ```
 */
export function randn(rng: () => number): number {
  let u = rng();
  while (u <= 1e-300) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Random integer in [0, n).
 *
 * @example
 * ```ts
 * randInt(mulberry32(1), 10); // 0..9
 * ```
 */
export function randInt(rng: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}

/**
 * Random canonical CSC matrix: each entry is stored with probability `density`
 * (values uniform in [-1, 1), never exactly 0).
 *
 * @example
 * ```ts
 * const A = randomSparse(mulberry32(7), 20, 10, 0.2);
 * ```
 */
export function randomSparse(rng: () => number, nrow: number, ncol: number, density: number): CscMatrix {
  const colPtr = new Int32Array(ncol + 1);
  const ri: number[] = [];
  const vs: number[] = [];
  for (let j = 0; j < ncol; j++) {
    for (let i = 0; i < nrow; i++) {
      if (rng() < density) {
        ri.push(i);
        let v = 2 * rng() - 1;
        if (v === 0) v = 0.5;
        vs.push(v);
      }
    }
    colPtr[j + 1] = ri.length;
  }
  return new CscMatrix(nrow, ncol, colPtr, Int32Array.from(ri), Float64Array.from(vs));
}

/**
 * Random symmetric positive definite CSC matrix, both triangles stored,
 * strictly diagonally dominant (diagonal = 1 + Σ|offdiag| of its row).
 * Off-diagonal pairs (i, j), i < j, are present with probability `density`.
 *
 * @example
 * ```ts
 * const S = randomSpd(mulberry32(9), 30, 0.1);
 * ```
 */
export function randomSpd(rng: () => number, n: number, density: number): CscMatrix {
  const dense: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng() < density) {
        const v = 2 * rng() - 1 || 0.5;
        dense[i]![j] = v;
        dense[j]![i] = v;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const row = dense[i]!;
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += Math.abs(row[j]!);
    row[i] = 1 + s + rng();
  }
  return cscFromDenseRows(dense);
}

/**
 * Random dense matrix as rows, entries standard normal.
 *
 * @example
 * ```ts
 * const B = randomDenseRows(mulberry32(2), 3, 4);
 * ```
 */
export function randomDenseRows(rng: () => number, nrow: number, ncol: number): number[][] {
  return Array.from({ length: nrow }, () => Array.from({ length: ncol }, () => randn(rng)));
}

/**
 * Random vector, entries standard normal.
 *
 * @example
 * ```ts
 * const x = randomVector(mulberry32(2), 5);
 * ```
 */
export function randomVector(rng: () => number, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = randn(rng);
  return x;
}

/**
 * Canonical CSC from dense rows (exact zeros dropped); independent of the
 * library's `fromDense`, for use as an oracle.
 *
 * @example
 * ```ts
 * const A = cscFromDenseRows([[1, 0], [0, 2]]);
 * ```
 */
export function cscFromDenseRows(rows: number[][]): CscMatrix {
  const nrow = rows.length;
  const ncol = nrow > 0 ? rows[0]!.length : 0;
  const colPtr = new Int32Array(ncol + 1);
  const ri: number[] = [];
  const vs: number[] = [];
  for (let j = 0; j < ncol; j++) {
    for (let i = 0; i < nrow; i++) {
      const v = rows[i]![j]!;
      if (v !== 0) {
        ri.push(i);
        vs.push(v);
      }
    }
    colPtr[j + 1] = ri.length;
  }
  return new CscMatrix(nrow, ncol, colPtr, Int32Array.from(ri), Float64Array.from(vs));
}

/**
 * Canonical CSR from dense rows (exact zeros dropped); oracle-side builder.
 *
 * @example
 * ```ts
 * const A = csrFromDenseRows([[1, 0], [0, 2]]);
 * ```
 */
export function csrFromDenseRows(rows: number[][]): CsrMatrix {
  const nrow = rows.length;
  const ncol = nrow > 0 ? rows[0]!.length : 0;
  const rowPtr = new Int32Array(nrow + 1);
  const ci: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < nrow; i++) {
    for (let j = 0; j < ncol; j++) {
      const v = rows[i]![j]!;
      if (v !== 0) {
        ci.push(j);
        vs.push(v);
      }
    }
    rowPtr[i + 1] = ci.length;
  }
  return new CsrMatrix(nrow, ncol, rowPtr, Int32Array.from(ci), Float64Array.from(vs));
}

/**
 * Dense rows of a CSC or CSR matrix, read straight from the arrays (duplicates,
 * if any, are summed).
 *
 * @example
 * ```ts
 * toDenseRows(randomSparse(mulberry32(1), 2, 2, 1)); // 2×2 number[][]
 * ```
 */
export function toDenseRows(A: CscMatrix | CsrMatrix): number[][] {
  const out: number[][] = Array.from({ length: A.nrow }, () => new Array<number>(A.ncol).fill(0));
  if (A instanceof CscMatrix) {
    for (let j = 0; j < A.ncol; j++) {
      for (let p = A.colPtr[j]!; p < A.colPtr[j + 1]!; p++) out[A.rowIdx[p]!]![j]! += A.values[p]!;
    }
  } else {
    for (let i = 0; i < A.nrow; i++) {
      for (let p = A.rowPtr[i]!; p < A.rowPtr[i + 1]!; p++) out[i]![A.colIdx[p]!]! += A.values[p]!;
    }
  }
  return out;
}

/**
 * y = A x with A as dense rows.
 *
 * @example
 * ```ts
 * denseMatVec([[1, 2], [3, 4]], [1, 1]); // [3, 7]
 * ```
 */
export function denseMatVec(A: number[][], x: ArrayLike<number>): number[] {
  return A.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j]! * x[j]!;
    return s;
  });
}

/**
 * C = A B with A (m×k), B (k×n) as dense rows. `k` is taken from B's length
 * so 0-column A works (pass `ncol` to disambiguate an empty B).
 *
 * @example
 * ```ts
 * denseMatMul([[1, 2]], [[3], [4]]); // [[11]]
 * ```
 */
export function denseMatMul(A: number[][], B: number[][], ncol?: number): number[][] {
  const n = ncol ?? (B.length > 0 ? B[0]!.length : 0);
  return A.map((arow) => {
    const out = new Array<number>(n).fill(0);
    for (let k = 0; k < arow.length; k++) {
      const a = arow[k]!;
      const brow = B[k]!;
      for (let j = 0; j < n; j++) out[j] = out[j]! + a * brow[j]!;
    }
    return out;
  });
}

/**
 * Transpose of dense rows (`ncol` needed when A has no rows).
 *
 * @example
 * ```ts
 * denseTranspose([[1, 2]]); // [[1], [2]]
 * ```
 */
export function denseTranspose(A: number[][], ncol?: number): number[][] {
  const m = A.length;
  const n = ncol ?? (m > 0 ? A[0]!.length : 0);
  return Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => A[i]![j]!));
}

/** ∞-norm (max abs row sum) of dense rows. @example `normInf([[1,-2]]) // 3` */
export function normInf(A: number[][]): number {
  let m = 0;
  for (const row of A) {
    let s = 0;
    for (const v of row) s += Math.abs(v);
    if (s > m) m = s;
  }
  return m;
}

/** Max |x_i|. @example `vecNormInf([1,-3]) // 3` */
export function vecNormInf(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/**
 * Normwise relative backward error with ∞-norms:
 * ‖Ax − b‖∞ / (‖A‖∞ ‖x‖∞ + ‖b‖∞), 0 when the denominator is 0.
 * About 1e-16 · (small factor) for a backward-stable solve.
 *
 * @example
 * ```ts
 * relResidual([[2]], [1], [2]); // 0
 * ```
 */
export function relResidual(Adense: number[][], x: ArrayLike<number>, b: ArrayLike<number>): number {
  const Ax = denseMatVec(Adense, x);
  let r = 0;
  for (let i = 0; i < Ax.length; i++) r = Math.max(r, Math.abs(Ax[i]! - b[i]!));
  const den = normInf(Adense) * vecNormInf(x) + vecNormInf(b);
  return den === 0 ? r : r / den;
}

/**
 * Max |a − b| over all entries divided by max(1, max |b|): a relative-to-scale
 * error for comparing matrices to an oracle. Throws on shape mismatch.
 *
 * @example
 * ```ts
 * maxRelDiff([[1, 2]], [[1, 2]]); // 0
 * ```
 */
export function maxRelDiff(a: number[][], b: number[][]): number {
  if (a.length !== b.length) throw new Error(`row count ${a.length} vs ${b.length}`);
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const ar = a[i]!;
    const br = b[i]!;
    if (ar.length !== br.length) throw new Error(`row ${i} length ${ar.length} vs ${br.length}`);
    for (let j = 0; j < ar.length; j++) {
      d = Math.max(d, Math.abs(ar[j]! - br[j]!));
      s = Math.max(s, Math.abs(br[j]!));
    }
  }
  return d / Math.max(1, s);
}

/**
 * Vector version of {@link maxRelDiff}.
 *
 * @example
 * ```ts
 * maxRelDiffVec([1, 2], [1, 2]); // 0
 * ```
 */
export function maxRelDiffVec(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return d / Math.max(1, s);
}
