import { describe, expect, it } from 'vitest';
import { CholeskyDecomposition, inverse, Matrix } from 'ml-matrix';
import { CscMatrix } from '../../src/sparse/csc.js';
import { analyzeSchur } from '../../src/sparse/schur-cholesky.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { cscFromDenseRows, mulberry32, randomVector, relResidual } from './helpers.js';
import { crossedDesign, expectPivotRefusals } from './cholesky-fixtures.js';

/** A = I + ΛZᵀZΛ for random indicator factors (dense rows), seeded. */
function crossed(seed: number, levels: number[], lambdas: number[], nobs = 700): number[][] {
  return crossedDesign(mulberry32(seed), nobs, levels, lambdas);
}

function denseLogDet(A: number[][]): number {
  const L = new CholeskyDecomposition(new Matrix(A)).lowerTriangularMatrix;
  let s = 0;
  for (let i = 0; i < A.length; i++) s += 2 * Math.log(L.get(i, i));
  return s;
}

const CASES: Array<{ name: string; levels: number[]; lambdas: number[]; leadStart: number; leadSize: number }> = [
  { name: 'large first factor', levels: [120, 30, 7], lambdas: [0.8, 1.3, 0.5], leadStart: 0, leadSize: 120 },
  { name: 'lead block in the middle', levels: [25, 110, 6], lambdas: [1.1, 0.6, 2], leadStart: 25, leadSize: 110 },
  { name: 'tiny variances', levels: [90, 40], lambdas: [1e-4, 3], leadStart: 0, leadSize: 90 },
];

describe('SchurCholesky against a dense oracle (crossed designs)', () => {
  for (const c of CASES) {
    it(`solve, solveMany, quadForm, logDet, diagInverse, inverse blocks: ${c.name}`, () => {
      const Ad = crossed(11 + c.leadSize, c.levels, c.lambdas);
      const A = cscFromDenseRows(Ad);
      const n = A.ncol;
      const vals = A.values.slice();
      const F = analyzeSchur(A, c.leadSize, { leadStart: c.leadStart });
      F.refactorValues(A.values);
      expect(A.values).toEqual(vals); // input not mutated
      const rng = mulberry32(5);
      const b = randomVector(rng, n);
      const b0 = b.slice();
      const x = F.solve(b);
      expect(b).toEqual(b0);
      expect(relResidual(Ad, x, b)).toBeLessThan(1e-12); // tolerance: backward-stable block elimination
      // many right-hand sides, column-major
      const k = 3;
      const B = new Float64Array(n * k);
      for (let t = 0; t < B.length; t++) B[t] = 2 * rng() - 1;
      const X = F.solveMany(B, k);
      for (let s = 0; s < k; s++) {
        const bs = B.subarray(s * n, (s + 1) * n);
        expect(relResidual(Ad, X.subarray(s * n, (s + 1) * n), bs)).toBeLessThan(1e-12); // tolerance: as above
      }
      // log-determinant
      const ld = denseLogDet(Ad);
      expect(Math.abs(F.logDet() - ld)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(ld))); // tolerance 1e-10 relative
      // inverse: diagonal, trailing block, lead block norms, quadratic form
      const Ainv = inverse(new Matrix(Ad));
      const dg = F.diagInverse(new Float64Array(n));
      for (let i = 0; i < n; i++) {
        expect(Math.abs(dg[i]! - Ainv.get(i, i))).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(Ainv.get(i, i)))); // tolerance 1e-10
      }
      const m2 = F.trailingSize;
      const tr = F.trailing;
      const Si = F.trailingInverse();
      let maxErr = 0;
      for (let a = 0; a < m2; a++)
        for (let bb = 0; bb < m2; bb++) maxErr = Math.max(maxErr, Math.abs(Si[bb * m2 + a]! - Ainv.get(tr[a]!, tr[bb]!)));
      expect(maxErr).toBeLessThanOrEqual(1e-10); // tolerance 1e-10 absolute (entries ≤ 1)
      const lead = Array.from({ length: c.leadSize }, (_, i) => c.leadStart + i);
      let ll = 0;
      for (const i of lead) for (const j of lead) ll += Ainv.get(i, j) ** 2;
      const { leadLead, leadTrailing } = F.leadBlockNorms();
      expect(Math.abs(leadLead - ll)).toBeLessThanOrEqual(1e-10 * Math.max(1, ll)); // tolerance 1e-10 relative
      for (let a = 0; a < m2; a++) {
        let s = 0;
        for (const i of lead) s += Ainv.get(i, tr[a]!) ** 2;
        expect(Math.abs(leadTrailing[a]! - s)).toBeLessThanOrEqual(1e-10 * Math.max(1, s)); // tolerance 1e-10 relative
      }
      // diagInverse after leadBlockNorms (which reuses a buffer) is unchanged
      expect(F.diagInverse(new Float64Array(n))).toEqual(dg);
      const Q = F.quadForm(B, k);
      // with a solution buffer: the same quadratic form and A⁻¹B (as solveMany)
      const XB = new Float64Array(n * k);
      expect(F.quadForm(B, k, XB)).toEqual(Q); // same arithmetic
      for (let t = 0; t < n * k; t++) expect(Math.abs(XB[t]! - X[t]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(X[t]!))); // tolerance: two stable solves
      const Bm = new Matrix(n, k);
      for (let s = 0; s < k; s++) for (let i = 0; i < n; i++) Bm.set(i, s, B[s * n + i]!);
      const Qd = Bm.transpose().mmul(Ainv).mmul(Bm);
      for (let s = 0; s < k; s++)
        for (let t = 0; t < k; t++) {
          expect(Math.abs(Q[s * k + t]! - Qd.get(s, t))).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(Qd.get(s, t)))); // tolerance 1e-10
        }
      // coupling and lead diagonal accessors describe A
      const d = F.leadDiagonal();
      for (let i = 0; i < c.leadSize; i++) expect(d[i]).toBe(Ad[c.leadStart + i]![c.leadStart + i]); // exact copy
      const { ptr, pos, values } = F.coupling();
      for (let i = 0; i < c.leadSize; i++)
        for (let t = ptr[i]!; t < ptr[i + 1]!; t++) expect(values[t]).toBe(Ad[c.leadStart + i]![tr[pos[t]!]!]); // exact copy
    });
  }

  // sparse coupling (per-level solves) and a nearly full one (the dense triangular product L₂₂⁻¹(CD^-½))
  for (const [name, nobs] of [
    ['sparse coupling', 400],
    ['dense coupling', 20000],
  ] as const) {
    it(`leadBlocksInverse and trailingInverseAt from L₂₂⁻¹ (no dense S⁻¹): ${name}`, () => {
      const levels = [100, 70, 4];
      const Ad = crossed(17, levels, [0.9, 1.2, 0.4], nobs);
      const A = cscFromDenseRows(Ad);
      const F = analyzeSchur(A, 100);
      F.refactorValues(A.values);
      const Ainv = inverse(new Matrix(Ad));
      const m2 = F.trailingSize;
      const tr = F.trailing;
      let err = 0;
      for (let a = 0; a < m2; a++) for (let b = 0; b < m2; b += 3) err = Math.max(err, Math.abs(F.trailingInverseAt(a, b) - Ainv.get(tr[a]!, tr[b]!)));
      expect(err).toBeLessThanOrEqual(1e-12); // tolerance 1e-12 absolute (entries ≤ 1, one triangular inverse)
      for (const k of [1, 2, 4]) {
        const B = F.leadBlocksInverse(k);
        let e2 = 0;
        for (let l = 0; l < 100 / k; l++)
          for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) e2 = Math.max(e2, Math.abs(B[l * k * k + a * k + b]! - Ainv.get(l * k + a, l * k + b)));
        expect(e2).toBeLessThanOrEqual(1e-12); // tolerance 1e-12 absolute (entries ≤ 1)
      }
      // the whole inverse (lead–trailing from L₂₂⁻ᵀY, lead–lead from YᵀY on the dense path)
      const n = A.ncol;
      const Di = F.denseInverse();
      let e3 = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) e3 = Math.max(e3, Math.abs(Di[i * n + j]! - Ainv.get(i, j)));
      expect(e3).toBeLessThanOrEqual(1e-12); // tolerance 1e-12 absolute (entries ≤ 1)
      // after the full S⁻¹ is formed, trailingInverseAt reads it: same numbers
      const Si = F.trailingInverse();
      expect(F.trailingInverseAt(5, 2)).toBe(Si[2 * m2 + 5]);
      expect(() => F.trailingInverseAt(m2, 0)).toThrow(InvalidArgumentError);
    });
  }

  it('the default trailing order and an explicit one give the same solution', () => {
    const Ad = crossed(3, [100, 20, 5], [1, 1, 1]);
    const A = cscFromDenseRows(Ad);
    const n = A.ncol;
    const F1 = analyzeSchur(A, 100);
    const rev = Int32Array.from({ length: n - 100 }, (_, i) => n - 1 - i);
    const F2 = analyzeSchur(A, 100, { trailingOrder: rev });
    expect(Array.from(F2.trailing)).toEqual(Array.from(rev));
    F1.refactorValues(A.values);
    F2.refactorValues(A.values);
    const b = randomVector(mulberry32(9), n);
    const x1 = F1.solve(b);
    const x2 = F2.solve(b);
    for (let i = 0; i < n; i++) expect(Math.abs(x1[i]! - x2[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x1[i]!))); // tolerance: two stable orders
    expect(Math.abs(F1.logDet() - F2.logDet())).toBeLessThanOrEqual(1e-12 * Math.abs(F1.logDet())); // tolerance 1e-12 relative
  });

  it('refactorValues with new values equals a fresh analysis', () => {
    const levels = [80, 25, 6];
    const A1 = cscFromDenseRows(crossed(21, levels, [0.5, 0.9, 1.4]));
    const A2 = cscFromDenseRows(crossed(21, levels, [1.7, 0.2, 0.6])); // same rows drawn: same pattern
    expect(Array.from(A2.rowIdx)).toEqual(Array.from(A1.rowIdx));
    const F = analyzeSchur(A1, 80);
    F.refactorValues(A1.values);
    F.diagInverse(new Float64Array(A1.ncol)); // populate the per-factorization caches
    F.refactorValues(A2.values);
    const G = analyzeSchur(A2, 80);
    G.refactorValues(A2.values);
    const b = randomVector(mulberry32(4), A1.ncol);
    expect(F.solve(b)).toEqual(G.solve(b)); // same arithmetic: bit-identical
    expect(F.logDet()).toBe(G.logDet());
    expect(F.diagInverse(new Float64Array(A1.ncol))).toEqual(G.diagInverse(new Float64Array(A1.ncol)));
    expect(F.leadBlockNorms()).toEqual(G.leadBlockNorms());
  });

  it('edge cases: no lead block (dense), all lead (diagonal matrix), 1 × 1', () => {
    const Ad = crossed(8, [12, 5], [1, 0.7], 60);
    const A = cscFromDenseRows(Ad);
    const F = analyzeSchur(A, 0);
    F.refactorValues(A.values);
    const b = randomVector(mulberry32(2), A.ncol);
    expect(relResidual(Ad, F.solve(b), b)).toBeLessThan(1e-12); // tolerance: dense Cholesky
    const D = cscFromDenseRows([
      [2, 0, 0],
      [0, 3, 0],
      [0, 0, 5],
    ]);
    const FD = analyzeSchur(D, 3);
    FD.refactorValues(D.values);
    expect(Array.from(FD.solve([2, 3, 5]))).toEqual([1, 1, 1]); // exact division
    expect(Math.abs(FD.logDet() - Math.log(30))).toBeLessThanOrEqual(1e-15 * Math.log(30)); // tolerance: rounding of 3 logs
    expect(Array.from(FD.diagInverse(new Float64Array(3)))).toEqual([1 / 2, 1 / 3, 1 / 5]); // exact
    const one = cscFromDenseRows([[4]]);
    const F1 = analyzeSchur(one, 1);
    F1.refactorValues(one.values);
    expect(F1.solve([8])[0]).toBe(2); // exact
  });

  it('not positive definite: throws with the column (lead and trailing)', () => {
    const Ad = crossed(31, [70, 20], [1, 1], 300);
    const A = cscFromDenseRows(Ad);
    const F = analyzeSchur(A, 70, { leadStart: 0 });
    expectPivotRefusals(F, Ad, A);
  });

  it('rejects a leading block that is not diagonal, and bad options', () => {
    const Ad = crossed(41, [60, 15], [1, 1], 200);
    Ad[3]![10] = Ad[10]![3] = 0.25; // coupling inside the lead block
    const A = cscFromDenseRows(Ad);
    expect(() => analyzeSchur(A, 60)).toThrow(InvalidArgumentError);
    expect(() => analyzeSchur(A, 60)).toThrow(/not diagonal: entry \((3|10), (3|10)\)/);
    expect(() => analyzeSchur(A, 10, { leadStart: 11 })).not.toThrow(); // columns 11..20 are diagonal
    const B = cscFromDenseRows(crossed(41, [60, 15], [1, 1], 200));
    expect(() => analyzeSchur(B, 76)).toThrow(InvalidArgumentError);
    expect(() => analyzeSchur(B, 60, { leadStart: 20 })).toThrow(InvalidArgumentError);
    expect(() => analyzeSchur(B, 60, { trailingOrder: Int32Array.from({ length: 15 }, () => 61) })).toThrow(InvalidArgumentError);
    // lower triangle only: pattern not symmetric
    const lower = new CscMatrix(2, 2, Int32Array.of(0, 2, 3), Int32Array.of(0, 1, 1), Float64Array.of(2, 1, 2));
    expect(() => analyzeSchur(lower, 1)).toThrow(/symmetric/);
  });
});
