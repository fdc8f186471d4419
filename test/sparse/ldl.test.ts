import { describe, expect, it } from 'vitest';
import { CscMatrix } from '../../src/sparse/csc.js';
import { ldl, ldlAnalyze, LdlFactor } from '../../src/sparse/ldl.js';
import { cholesky } from '../../src/sparse/cholesky.js';
import { slogdet } from '../../src/model/dense.js';
import { symEigen } from '../../src/model/inference/linalg.js';
import { DimensionMismatchError, SingularMatrixError } from '../../src/errors.js';
import { cscFromDenseRows, mulberry32, normInf, randomSpd, randomVector, relResidual, toDenseRows } from './helpers.js';

type Kind = 'dominant' | 'general' | 'quasidefinite';

/**
 * Random sparse symmetric indefinite matrix as dense rows.
 * dominant: diagonal ±(1 + Σ|off-diagonal| + u), random signs;
 * general: diagonal ±(0.2 + u), no dominance;
 * quasidefinite: [[H, Bᵀ], [B, −G]] with H, G diagonally dominant positive definite (exactly `neg` = size of G negative eigenvalues).
 */
function randomSymmetric(rng: () => number, n: number, density: number, kind: Kind): number[][] {
  const a: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const m = Math.floor(n / 2); // quasidefinite: the −G block is rows m … n−1
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (rng() < density) {
        const v = 2 * rng() - 1 || 0.5;
        a[i]![j] = v;
        a[j]![i] = v;
      }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += Math.abs(a[i]![j]!);
    if (kind === 'general') a[i]![i] = (rng() < 0.5 ? -1 : 1) * (0.2 + rng());
    else if (kind === 'dominant') a[i]![i] = (rng() < 0.5 ? -1 : 1) * (1 + s + rng());
    else {
      // diagonal dominance within each diagonal block keeps H and G positive definite
      let sb = 0;
      for (let j = 0; j < n; j++) if (j !== i && j < m === i < m) sb += Math.abs(a[i]![j]!);
      a[i]![i] = (i < m ? 1 : -1) * (1 + sb + rng());
    }
  }
  return a;
}

/** ‖ |L| |D| |L|ᵀ ‖∞ / ‖A‖∞: the growth that bounds the backward error of a solve without pivoting. */
function growth(F: LdlFactor, A: number[][]): number {
  const n = F.n;
  const { lp } = F.symbolic;
  const L: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let j = 0; j < n; j++) for (let p = lp[j]!; p < lp[j + 1]!; p++) L[F.li[p]!]![j] = Math.abs(F.lx[p]!);
  const M = L.map((r) => r.map((_, j) => r.reduce((s, lik, k) => s + lik * Math.abs(F.d[k]!) * L[j]![k]!, 0)));
  return normInf(M) / normInf(A);
}

/** Negative eigenvalues and the smallest |λ| of a dense symmetric matrix (Jacobi). */
function inertia(A: number[][]): { neg: number; minAbs: number } {
  const n = A.length;
  const { values } = symEigen(Float64Array.from(A.flat()), n);
  let neg = 0;
  let minAbs = Infinity;
  for (const v of values) {
    if (v < 0) neg++;
    minAbs = Math.min(minAbs, Math.abs(v));
  }
  return { neg, minAbs };
}

const EPS = 2 ** -52;

describe('sparse LDLᵀ against a dense oracle', () => {
  const rng = mulberry32(2049);
  const cases: Array<[Kind, number, number]> = [];
  for (const kind of ['dominant', 'general', 'quasidefinite'] as const)
    for (const [n, dens] of [[1, 1], [2, 1], [7, 0.4], [20, 0.15], [45, 0.08], [60, 0.3]] as const) cases.push([kind, n, dens]);
  for (const [kind, n, dens] of cases)
    it(`${kind} n=${n} density=${dens}`, () => {
      const Ad = randomSymmetric(rng, n, dens, kind);
      const A = cscFromDenseRows(Ad);
      const F = ldl(A);
      const g = growth(F, Ad);
      // solve: backward error ≤ γ_{3n}·growth (Higham, Thm 9.4, for LDLᵀ without pivoting); 10× margin
      const b = randomVector(rng, n);
      const x = F.solve(b);
      expect(relResidual(Ad, x, b)).toBeLessThanOrEqual(30 * n * EPS * g);
      // several right-hand sides at once, row-major: the same numbers as one at a time
      const ncol = 3;
      const B = randomVector(rng, n * ncol);
      const X = Float64Array.from(B);
      F.solveInPlace(X, ncol);
      for (let t = 0; t < ncol; t++) {
        const bt = Array.from({ length: n }, (_, i) => B[i * ncol + t]!);
        const xt = F.solve(bt);
        for (let i = 0; i < n; i++) expect(X[i * ncol + t]).toBe(xt[i]);
      }
      // determinant against dense LU with partial pivoting; |Δ log|det|| ≤ Σ_k |Δd_k/d_k|, small at moderate growth
      const ref = slogdet(Ad);
      expect(F.sign()).toBe(ref.sign);
      expect(Math.abs(F.logAbsDet() - ref.logabsdet)).toBeLessThanOrEqual(1e-12 * n * g * Math.max(1, Math.abs(ref.logabsdet))); // n·growth·1e-12
      // inertia against the eigenvalues (precondition: none so close to 0 that its sign is a rounding question)
      const ie = inertia(Ad);
      expect(ie.minAbs).toBeGreaterThan(1e-8 * normInf(Ad));
      expect(F.negativeCount()).toBe(ie.neg);
      if (kind === 'quasidefinite') expect(F.negativeCount()).toBe(n - Math.floor(n / 2));
    });

  it('the tests above see indefinite matrices and moderate growth (they would not pass vacuously)', () => {
    const r = mulberry32(5);
    const Ad = randomSymmetric(r, 60, 0.3, 'general');
    const F = ldl(cscFromDenseRows(Ad));
    expect(F.negativeCount()).toBeGreaterThan(5);
    expect(F.negativeCount()).toBeLessThan(55);
    expect(growth(F, Ad)).toBeLessThan(1e6);
  });

  it('positive definite: no negative pivot, log det equals the Cholesky one', () => {
    const r = mulberry32(77);
    for (const n of [1, 12, 80]) {
      const A = randomSpd(r, n, 0.1);
      const F = ldl(A);
      expect(F.negativeCount()).toBe(0);
      expect(F.sign()).toBe(1);
      const lc = cholesky(A).logDet();
      expect(Math.abs(F.logAbsDet() - lc)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(lc))); // both backward stable on an SPD matrix
      const b = randomVector(r, n);
      expect(relResidual(toDenseRows(A), F.solve(b), b)).toBeLessThan(1e-14); // diagonally dominant SPD: growth 1
    }
  });

  it('reads only the lower triangle; orderings: natural, AMD, explicit permutation', () => {
    const r = mulberry32(31);
    const Ad = randomSymmetric(r, 25, 0.2, 'dominant');
    const full = cscFromDenseRows(Ad);
    const lower = cscFromDenseRows(Ad.map((row, i) => row.map((v, j) => (i >= j ? v : 0))));
    const b = randomVector(r, 25);
    const x0 = ldl(full).solve(b);
    expect(Array.from(ldl(lower).solve(b))).toEqual(Array.from(x0)); // same ordering, same arithmetic
    const perm = Int32Array.from({ length: 25 }, (_, i) => 24 - i);
    for (const ordering of ['natural', 'amd', perm] as const) {
      const F = ldl(full, { ordering });
      expect(relResidual(Ad, F.solve(b), b)).toBeLessThan(1e-14); // diagonally dominant: growth ≤ 1
      expect(F.negativeCount()).toBe(ldl(full).negativeCount());
    }
  });

  it('AMD keeps the fill of an arrow matrix at n − 1 (hub eliminated last)', () => {
    const n = 30;
    const Ad: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? (i % 2 ? -4 : 4) : i === 0 || j === 0 ? 1 : 0)));
    Ad[0]![0] = 100;
    const A = cscFromDenseRows(Ad);
    expect(ldlAnalyze(A).lp[n]).toBe(n - 1);
    expect(ldlAnalyze(A, { ordering: 'natural' }).lp[n]).toBe((n * (n - 1)) / 2); // hub first: L is dense
    const F = ldl(A);
    const b = randomVector(mulberry32(1), n);
    expect(relResidual(Ad, F.solve(b), b)).toBeLessThan(1e-14); // growth ≈ 1
    expect(F.negativeCount()).toBe(inertia(Ad).neg);
  });

  it('0 × 0 and 1 × 1', () => {
    const E = ldl(new CscMatrix(0, 0, new Int32Array(1), new Int32Array(0), new Float64Array(0)));
    expect([E.logAbsDet(), E.sign(), E.negativeCount(), E.solve([]).length]).toEqual([0, 1, 0, 0]);
    const F = ldl(CscMatrix.fromTriplets(1, 1, [0], [0], [-4]));
    expect([F.logAbsDet(), F.sign(), F.negativeCount(), F.solve([2])[0]]).toEqual([Math.log(4), -1, 1, -0.5]);
  });
});

describe('refactor on the analysed pattern', () => {
  it('new values, no new arrays, the same numbers as a fresh factorization; usable again after a failure', () => {
    const r = mulberry32(404);
    const Ad = randomSymmetric(r, 40, 0.12, 'quasidefinite');
    const A = cscFromDenseRows(Ad);
    const F = LdlFactor.fromSymbolic(ldlAnalyze(A));
    const arrays = [F.d, F.li, F.lx];
    expect(F.refactor(A.values)).toBe(-1);
    for (let round = 0; round < 3; round++) {
      // new values on the same pattern: each symmetric pair scaled, the sign of a diagonal entry flipped at random
      const Bd = Ad.map((row) => row.slice());
      for (let i = 0; i < 40; i++)
        for (let j = 0; j <= i; j++) {
          const f = (0.5 + r()) * (i === j && r() < 0.3 ? -1 : 1);
          Bd[i]![j] = Bd[j]![i] = Ad[i]![j]! * f;
        }
      const B = cscFromDenseRows(Bd);
      expect(Array.from(B.rowIdx)).toEqual(Array.from(A.rowIdx));
      const vals = B.values;
      expect(F.refactor(vals)).toBe(-1);
      const G = ldl(B);
      expect(Array.from(F.d)).toEqual(Array.from(G.d)); // the same ordering and arithmetic: bit for bit
      expect(Array.from(F.lx)).toEqual(Array.from(G.lx));
      expect([F.d, F.li, F.lx]).toEqual(arrays);
      expect(F.d).toBe(arrays[0]); // refactor writes in place
      const b = randomVector(r, 40);
      expect(relResidual(Bd, F.solve(b), b)).toBeLessThanOrEqual(30 * 40 * EPS * growth(F, Bd)); // as above
      expect(F.negativeCount()).toBe(inertia(Bd).neg);
      // a zero pivot in between (all values 0) leaves no trace in the next factorization
      expect(F.refactor(new Float64Array(vals.length))).toBeGreaterThanOrEqual(0);
    }
    expect(F.refactor(A.values)).toBe(-1);
    expect(Array.from(F.d)).toEqual(Array.from(ldl(A).d));
  });

  it('too few values: DimensionMismatchError', () => {
    const A = randomSpd(mulberry32(3), 5, 0.5);
    const F = LdlFactor.fromSymbolic(ldlAnalyze(A));
    expect(() => F.refactor(new Float64Array(A.nnz - 1))).toThrow(DimensionMismatchError);
    expect(() => ldlAnalyze(new CscMatrix(2, 3, new Int32Array(4), new Int32Array(0), new Float64Array(0)))).toThrow(DimensionMismatchError);
  });
});

describe('zero and non-finite pivots (no pivoting)', () => {
  it('a nonsingular indefinite matrix with a zero leading pivot: refactor returns the column, ldl throws SingularMatrixError', () => {
    const A = CscMatrix.fromTriplets(2, 2, [0, 1], [1, 0], [1, 1]); // [[0, 1], [1, 0]]
    const F = LdlFactor.fromSymbolic(ldlAnalyze(A, { ordering: 'natural' }));
    expect(F.refactor(A.values)).toBe(0);
    expect(() => ldl(A, { ordering: 'natural' })).toThrow(SingularMatrixError);
    expect(() => ldl(A, { ordering: 'natural' })).toThrow(expect.objectContaining({ column: 0 }));
  });

  it('a singular matrix: the column of the zero pivot, in the original ordering', () => {
    // [[1, 1, 0], [1, 1, 0], [0, 0, 2]]: d = (1, 0, …) in natural order; reversed order meets the zero at original column 0
    const A = cscFromDenseRows([[1, 1, 0], [1, 1, 0], [0, 0, 2]]);
    expect(LdlFactor.fromSymbolic(ldlAnalyze(A, { ordering: 'natural' })).refactor(A.values)).toBe(1);
    expect(LdlFactor.fromSymbolic(ldlAnalyze(A, { ordering: Int32Array.of(2, 1, 0) })).refactor(A.values)).toBe(0);
    // an empty column is a zero pivot too
    const E = new CscMatrix(2, 2, Int32Array.of(0, 1, 1), Int32Array.of(0), Float64Array.of(3));
    expect(() => ldl(E)).toThrow(SingularMatrixError);
  });

  it('NaN or ±Infinity in A: a non-finite pivot is reported, not a factor', () => {
    const A = randomSpd(mulberry32(8), 6, 0.5);
    const F = LdlFactor.fromSymbolic(ldlAnalyze(A));
    for (const bad of [NaN, Infinity, -Infinity]) {
      const vals = A.values.slice();
      vals[0] = bad;
      expect(F.refactor(vals)).toBeGreaterThanOrEqual(0);
    }
    expect(F.refactor(A.values)).toBe(-1);
  });
});
