/**
 * Structured SPD test matrices for the Cholesky / AMD / selected-inverse tests.
 *
 * @example
 * ```ts
 * const A = laplacian2d(10);
 * ```
 */
import { expect } from 'vitest';
import { CscMatrix } from '../../src/sparse/csc.js';
import { findEntry } from '../../src/sparse/compressed.js';
import { InvalidArgumentError, NotPositiveDefiniteError } from '../../src/errors.js';
import { mulberry32, randomVector, relResidual } from './helpers.js';

/** 2-D 5-point Laplacian on a k×k grid (+ shift on the diagonal). */
export function laplacian2d(k: number, shift = 0): CscMatrix {
  const n = k * k;
  const cp = new Int32Array(n + 1);
  const ri: number[] = [];
  const vs: number[] = [];
  for (let x = 0; x < k; x++) {
    for (let y = 0; y < k; y++) {
      const j = x * k + y;
      const nb: Array<[number, number]> = [];
      if (x > 0) nb.push([j - k, -1]);
      if (y > 0) nb.push([j - 1, -1]);
      nb.push([j, 4 + shift]);
      if (y < k - 1) nb.push([j + 1, -1]);
      if (x < k - 1) nb.push([j + k, -1]);
      for (const [i, v] of nb) {
        ri.push(i);
        vs.push(v);
      }
      cp[j + 1] = ri.length;
    }
  }
  return new CscMatrix(n, n, cp, Int32Array.from(ri), Float64Array.from(vs));
}

/** M = I + Λ ZᵀZ Λ for random indicator factors (a crossed design), dense rows. */
export function crossedDesign(rng: () => number, nobs: number, levels: number[], lambdas: number[]): number[][] {
  const q = levels.reduce((a, b) => a + b, 0);
  const M = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  const offs: number[] = [];
  let o = 0;
  for (const l of levels) {
    offs.push(o);
    o += l;
  }
  for (let r = 0; r < nobs; r++) {
    const cols = levels.map((l, f) => offs[f]! + Math.min(l - 1, Math.floor(rng() * l)));
    const lam = levels.map((_, f) => lambdas[f]!);
    for (let a = 0; a < cols.length; a++) {
      for (let b = 0; b < cols.length; b++) M[cols[a]!]![cols[b]!]! += lam[a]! * lam[b]!;
    }
  }
  for (let i = 0; i < q; i++) M[i]![i]! += 1;
  return M;
}


/** What {@link expectPivotRefusals} needs of a Schur factor (both share src/sparse/schur-base.ts). */
export interface RefactorableSchur {
  readonly trailing: Int32Array;
  refactorValues(values: Float64Array): void;
  solve(b: ArrayLike<number>): Float64Array;
}

/**
 * The refusals the two Schur factors share, on A (dense rows `Ad`) with a lead block holding
 * column 5: a very negative diagonal at the 8th trailing column and a zero pivot at lead
 * column 5 each throw NotPositiveDefiniteError naming that column; `solve` refuses while no
 * factorization is valid; A's own values factor again.
 *
 * @example
 * ```ts
 * expectPivotRefusals(analyzeSchur(A, 70), Ad, A);
 * ```
 */
export function expectPivotRefusals(F: RefactorableSchur, Ad: number[][], A: CscMatrix): void {
  const withDiagonal = (j: number, x: number): Float64Array => {
    const v = A.values.slice();
    v[findEntry(A.colPtr, A.rowIdx, j, j)] = x;
    return v;
  };
  const j = F.trailing[7]!;
  expect(() => F.refactorValues(withDiagonal(j, -100))).toThrow(NotPositiveDefiniteError);
  expect(() => F.refactorValues(withDiagonal(j, -100))).toThrow(expect.objectContaining({ column: j }));
  expect(() => F.solve(new Float64Array(A.ncol))).toThrow(InvalidArgumentError); // no valid factorization
  expect(() => F.refactorValues(withDiagonal(5, 0))).toThrow(NotPositiveDefiniteError);
  expect(() => F.refactorValues(withDiagonal(5, 0))).toThrow(expect.objectContaining({ column: 5 }));
  F.refactorValues(A.values);
  const b = randomVector(mulberry32(1), A.ncol);
  expect(relResidual(Ad, F.solve(b), b)).toBeLessThan(1e-12); // recovers: a backward-stable solve on a well-conditioned A
}
