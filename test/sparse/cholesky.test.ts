import { describe, expect, it } from 'vitest';
import { CscMatrix } from '../../src/sparse/csc.js';
import { cholesky, CholeskyFactor, symbolicCholesky } from '../../src/sparse/cholesky.js';
import { NotPositiveDefiniteError, InvalidArgumentError } from '../../src/errors.js';
import { cscFromDenseRows, mulberry32, randomSpd, relResidual, toDenseRows } from './helpers.js';
import { crossedDesign, laplacian2d } from './cholesky-fixtures.js';

/** Plain dense Cholesky oracle: lower L with A = L·Lᵀ (throws if not SPD). */
function denseChol(A: number[][]): number[][] {
  const n = A.length;
  const L = A.map((r) => r.map(() => 0));
  for (let j = 0; j < n; j++) {
    let d = A[j]![j]!;
    for (let p = 0; p < j; p++) d -= L[j]![p]! ** 2;
    if (!(d > 0)) throw new Error('not SPD');
    L[j]![j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = A[i]![j]!;
      for (let p = 0; p < j; p++) s -= L[i]![p]! * L[j]![p]!;
      L[i]![j] = s / L[j]![j]!;
    }
  }
  return L;
}
function denseLogDet(A: number[][]): number {
  const L = denseChol(A);
  return 2 * L.reduce((s, r, i) => s + Math.log(r[i]!), 0);
}

function lowerOnly(A: CscMatrix): CscMatrix {
  const cp = new Int32Array(A.ncol + 1);
  const ri: number[] = [];
  const vs: number[] = [];
  for (let j = 0; j < A.ncol; j++) {
    for (let p = A.colPtr[j]!; p < A.colPtr[j + 1]!; p++) {
      if (A.rowIdx[p]! >= j) {
        ri.push(A.rowIdx[p]!);
        vs.push(A.values[p]!);
      }
    }
    cp[j + 1] = ri.length;
  }
  return new CscMatrix(A.nrow, A.ncol, cp, Int32Array.from(ri), Float64Array.from(vs));
}

function checkFactor(A: CscMatrix, F: CholeskyFactor, rng: () => number): void {
  const Ad = toDenseRows(A);
  const n = A.ncol;
  const b = Float64Array.from({ length: n }, () => 2 * rng() - 1);
  const x = F.solve(b);
  expect(relResidual(Ad, x, b)).toBeLessThan(1e-12); // tolerance: backward-stable Cholesky
  if (n > 0) {
    const ld = denseLogDet(Ad);
    expect(Math.abs(F.logDet() - ld)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(ld))); // tolerance 1e-10 relative
  }
  // perm is a permutation
  const seen = new Set(Array.from(F.perm));
  expect(seen.size).toBe(n);
}

describe('cholesky on random SPD matrices', () => {
  const cases: Array<[number, number]> = [
    [1, 0.5], [2, 1], [5, 0.3], [30, 0.05], [30, 0.3], [80, 0.02], [80, 0.1], [150, 0.03], [120, 0.6],
  ];
  for (const [n, dens] of cases) {
    for (const ordering of ['amd', 'natural'] as const) {
      it(`n=${n} density=${dens} ordering=${ordering}`, () => {
        const rng = mulberry32(n * 1000 + Math.round(dens * 100));
        const A = randomSpd(rng, n, dens);
        checkFactor(A, cholesky(A, { ordering }), rng);
      });
    }
  }

  it('explicit permutation ordering', () => {
    const rng = mulberry32(5);
    const A = randomSpd(rng, 40, 0.1);
    const p = Int32Array.from({ length: 40 }, (_, i) => 39 - i);
    checkFactor(A, cholesky(A, { ordering: p }), rng);
  });

  it('accepts the lower triangle only, with the same result', () => {
    const rng = mulberry32(6);
    const A = randomSpd(rng, 50, 0.1);
    const F1 = cholesky(A);
    const F2 = cholesky(lowerOnly(A));
    const b = Float64Array.from({ length: 50 }, () => rng());
    const x1 = F1.solve(b), x2 = F2.solve(b);
    for (let i = 0; i < 50; i++) expect(Math.abs(x1[i]! - x2[i]!)).toBeLessThan(1e-13); // same arithmetic
  });

  it('solveMany matches repeated solve', () => {
    const rng = mulberry32(7);
    const A = randomSpd(rng, 60, 0.08);
    const F = cholesky(A);
    const B = Float64Array.from({ length: 180 }, () => rng() - 0.5);
    const X = F.solveMany(B, 3);
    for (let c = 0; c < 3; c++) {
      const x = F.solve(B.subarray(c * 60, (c + 1) * 60));
      for (let i = 0; i < 60; i++) expect(Math.abs(X[c * 60 + i]! - x[i]!)).toBeLessThan(1e-14); // identical path
    }
  });

  it('solveL / solveLt solve the permuted system', () => {
    const rng = mulberry32(8);
    const A = randomSpd(rng, 25, 0.2);
    const F = cholesky(A);
    const b = Float64Array.from({ length: 25 }, () => rng());
    const y = Float64Array.from(F.perm, (i) => b[i]!);
    F.solveL(y);
    F.solveLt(y);
    const x = F.solve(b);
    for (let k = 0; k < 25; k++) expect(Math.abs(y[k]! - x[F.perm[k]!]!)).toBeLessThan(1e-14); // same arithmetic
  });
});

describe('cholesky on structured matrices', () => {
  it('crossed designs I + ΛZᵀZΛ', () => {
    for (const [seed, nobs, levels] of [
      [1, 400, [60, 25, 4]],
      [2, 1500, [150, 40, 6]],
      [3, 300, [10, 10]],
    ] as Array<[number, number, number[]]>) {
      const rng = mulberry32(seed);
      const A = cscFromDenseRows(crossedDesign(rng, nobs, levels, [0.3, 0.4, 0.1]));
      checkFactor(A, cholesky(A), rng);
    }
  });

  it('2-D Laplacian: AMD fill no worse than natural, correct solve', () => {
    const A = laplacian2d(20, 0.01);
    const Fa = cholesky(A);
    const Fn = cholesky(A, { ordering: 'natural' });
    expect(Fa.nnzL).toBeLessThanOrEqual(Fn.nnzL);
    checkFactor(A, Fa, mulberry32(11));
    checkFactor(A, Fn, mulberry32(12));
  });
});

describe('cholesky edge cases', () => {
  it('0×0', () => {
    const A = new CscMatrix(0, 0, new Int32Array(1), new Int32Array(0), new Float64Array(0));
    const F = cholesky(A);
    expect(F.n).toBe(0);
    expect(F.solve([]).length).toBe(0);
    expect(F.logDet()).toBe(0);
    expect(F.selectedInverse().nnz).toBe(0);
  });

  it('1×1', () => {
    const A = new CscMatrix(1, 1, new Int32Array([0, 1]), new Int32Array([0]), new Float64Array([4]));
    const F = cholesky(A);
    expect(F.solve([8])[0]).toBeCloseTo(2, 15); // exact arithmetic
    expect(F.logDet()).toBeCloseTo(Math.log(4), 15);
    expect(F.selectedInverse().values[0]).toBeCloseTo(0.25, 15);
  });

  it('empty off-diagonal columns (diagonal blocks mixed with coupled ones)', () => {
    const rows = [
      [2, 0, 0, 1, 0],
      [0, 3, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [1, 0, 0, 4, 0],
      [0, 0, 0, 0, 5],
    ];
    const A = cscFromDenseRows(rows);
    checkFactor(A, cholesky(A), mulberry32(3));
    // a column with no entries at all is structurally singular: reported as not PD
    const B = new CscMatrix(2, 2, new Int32Array([0, 1, 1]), new Int32Array([0]), new Float64Array([1]));
    expect(() => cholesky(B)).toThrow(NotPositiveDefiniteError);
  });

  it('not positive definite: error names the column in the original ordering', () => {
    const n = 30;
    const rng = mulberry32(21);
    const A = randomSpd(rng, n, 0.1);
    // make original column 17 hopeless: huge negative diagonal
    const vals = A.values.slice();
    for (let p = A.colPtr[17]!; p < A.colPtr[18]!; p++) if (A.rowIdx[p] === 17) vals[p] = -100;
    const Abad = new CscMatrix(n, n, A.colPtr, A.rowIdx, vals);
    for (const ordering of ['amd', 'natural'] as const) {
      try {
        cholesky(Abad, { ordering });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(NotPositiveDefiniteError);
        expect((e as NotPositiveDefiniteError).column).toBe(17);
        expect((e as NotPositiveDefiniteError).pivot).toBeLessThan(0);
      }
    }
    // indefinite 2×2 coupling: the failing column is one of the pair
    const C = cscFromDenseRows([[1, 0, 2], [0, 1, 0], [2, 0, 1]]);
    try {
      cholesky(C);
      expect.unreachable();
    } catch (e) {
      expect([0, 2]).toContain((e as NotPositiveDefiniteError).column);
    }
  });

  it('refactor with new values equals a fresh factorization', () => {
    const rng = mulberry32(31);
    const A = cscFromDenseRows(crossedDesign(rng, 500, [50, 20, 3], [0.3, 0.4, 0.1]));
    const F = cholesky(A);
    const A2 = cscFromDenseRows(crossedDesign(mulberry32(31), 500, [50, 20, 3], [0.7, 0.2, 0.5]));
    expect(Array.from(A2.rowIdx)).toEqual(Array.from(A.rowIdx));
    F.refactor(A2);
    const G = cholesky(A2, { ordering: F.perm });
    const b = Float64Array.from({ length: A.ncol }, () => rng());
    const x1 = F.solve(b), x2 = G.solve(b);
    for (let i = 0; i < x1.length; i++) expect(Math.abs(x1[i]! - x2[i]!)).toBeLessThan(1e-13); // same ordering
    expect(Math.abs(F.logDet() - G.logDet())).toBeLessThan(1e-10);
    checkFactor(A2, F, rng);
    // refactorValues path, then a failing refactor leaves no usable factor
    F.refactorValues(A.values);
    checkFactor(A, F, rng);
    expect(() => F.refactorValues(A.values.map((v) => -v))).toThrow(NotPositiveDefiniteError);
    expect(() => F.solve(b)).toThrow(InvalidArgumentError);
    // a different pattern is rejected
    expect(() => F.refactor(randomSpd(rng, A.ncol, 0.01))).toThrow(InvalidArgumentError);
  });

  it('symbolic once, numeric many via fromSymbolic', () => {
    const rng = mulberry32(41);
    const A = randomSpd(rng, 70, 0.05);
    const S = symbolicCholesky(A);
    const F = CholeskyFactor.fromSymbolic(S);
    F.refactor(A);
    checkFactor(A, F, rng);
    expect(F.nnzL).toBe(S.nnzL);
  });
});
