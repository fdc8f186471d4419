import { describe, expect, it } from 'vitest';
import { CholeskyDecomposition, inverse, Matrix } from 'ml-matrix';
import { analyzeSparseSchur } from '../../src/sparse/sparse-schur-cholesky.js';
import { analyzeSchur } from '../../src/sparse/schur-cholesky.js';
import { factorizationCosts } from '../../src/sparse/factorization-cost.js';
import { cscFromDenseRows, mulberry32, randomVector, relResidual } from './helpers.js';
import { crossedDesign, expectPivotRefusals } from './cholesky-fixtures.js';

function denseLogDet(A: number[][]): number {
  const L = new CholeskyDecomposition(new Matrix(A)).lowerTriangularMatrix;
  let s = 0;
  for (let i = 0; i < A.length; i++) s += 2 * Math.log(L.get(i, i));
  return s;
}

/**
 * A nested inner matrix I + ΛZᵀZΛ: `nl` lead levels (students), each seen by 1–3
 * teachers mostly of its home school; teachers nested in schools (sparse Schur complement).
 */
function nested(seed: number, nl: number, nt: number, ns: number, lam: number[]): number[][] {
  const rng = mulberry32(seed);
  const school = Array.from({ length: nt }, (_, t) => (t < ns ? t : Math.floor(rng() * ns)));
  const q = nl + nt + ns;
  const A = Array.from({ length: q }, (_, i) => Array.from({ length: q }, (_, j) => (i === j ? 1 : 0)));
  const add = (cols: number[], l: number[]): void => {
    for (let a = 0; a < cols.length; a++) for (let b = 0; b < cols.length; b++) A[cols[a]!]![cols[b]!]! += l[a]! * l[b]!;
  };
  for (let s = 0; s < nl; s++) {
    const home = Math.floor(rng() * ns);
    const mine = school.map((h, t) => (h === home ? t : -1)).filter((t) => t >= 0);
    const k = 1 + Math.floor(rng() * 3);
    for (let r = 0; r < k; r++) {
      const t = rng() < 0.85 && mine.length > 0 ? mine[Math.floor(rng() * mine.length)]! : Math.floor(rng() * nt);
      add([s, nl + t, nl + nt + school[t]!], lam);
    }
  }
  return A;
}

const CASES: Array<{ name: string; make: () => number[][]; leadStart: number; leadSize: number }> = [
  { name: 'crossed, large first factor', make: () => crossedDesign(mulberry32(131), 700, [120, 30, 7], [0.8, 1.3, 0.5]), leadStart: 0, leadSize: 120 },
  { name: 'crossed, lead block in the middle', make: () => crossedDesign(mulberry32(135), 700, [25, 110, 6], [1.1, 0.6, 2]), leadStart: 25, leadSize: 110 },
  { name: 'nested (teachers within schools)', make: () => nested(7, 150, 40, 6, [0.9, 0.6, 0.4]), leadStart: 0, leadSize: 150 },
  { name: 'nested, larger (sparse G = PᵀP: the sparse-times-dense block norms)', make: () => nested(8, 500, 150, 40, [0.9, 0.6, 0.4]), leadStart: 0, leadSize: 500 },
  { name: 'tiny variances', make: () => crossedDesign(mulberry32(101), 700, [90, 40], [1e-4, 3]), leadStart: 0, leadSize: 90 },
];

describe('SparseSchurCholesky against a dense oracle', () => {
  for (const c of CASES) {
    it(`solve, quadForm, logDet, diagInverse, lead blocks, trailing inverse, block norms: ${c.name}`, () => {
      const Ad = c.make();
      const A = cscFromDenseRows(Ad);
      const n = A.ncol;
      const vals = A.values.slice();
      const F = analyzeSparseSchur(A, c.leadSize, { leadStart: c.leadStart });
      F.refactorValues(A.values);
      expect(A.values).toEqual(vals); // input not mutated
      // which branch the block norms take: S's pattern under 10 % of m2² only for the larger nested case
      expect(2 * F.schurNnz < 0.1 * F.trailingSize ** 2).toBe(c.name.startsWith('nested, larger'));
      const rng = mulberry32(5);
      const b = randomVector(rng, n);
      const b0 = b.slice();
      const x = F.solve(b);
      expect(b).toEqual(b0);
      expect(relResidual(Ad, x, b)).toBeLessThan(1e-12); // tolerance: backward-stable block elimination
      const k = 3;
      const B = new Float64Array(n * k);
      for (let t = 0; t < B.length; t++) B[t] = 2 * rng() - 1;
      const X = B.slice();
      F.solveManyInPlace(X, k);
      for (let s = 0; s < k; s++) expect(relResidual(Ad, X.subarray(s * n, (s + 1) * n), B.subarray(s * n, (s + 1) * n))).toBeLessThan(1e-12); // as above
      const ld = denseLogDet(Ad);
      expect(Math.abs(F.logDet() - ld)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(ld))); // tolerance 1e-10 relative
      const Ainv = inverse(new Matrix(Ad));
      const dg = F.diagInverse(new Float64Array(n));
      for (let i = 0; i < n; i++) expect(Math.abs(dg[i]! - Ainv.get(i, i))).toBeLessThanOrEqual(1e-10 * Math.max(1, Ainv.get(i, i))); // tolerance 1e-10
      const tr = F.trailing;
      const m2 = F.trailingSize;
      const tdg = F.trailingInverseDiagonal();
      for (let a = 0; a < m2; a++) expect(Math.abs(tdg[a]! - Ainv.get(tr[a]!, tr[a]!))).toBeLessThanOrEqual(1e-10); // 1e-10 absolute (entries ≤ 1)
      // every entry of S's pattern from the selected inverse
      for (let a = 0; a < m2; a++)
        for (let bb = a; bb < m2; bb++) {
          if (Ad[tr[a]!]![tr[bb]!] === 0) continue;
          expect(Math.abs(F.trailingInverseAt(bb, a) - Ainv.get(tr[a]!, tr[bb]!))).toBeLessThanOrEqual(1e-10); // 1e-10 absolute
        }
      // lead 1 × 1 blocks (k = 1) equal the diagonal
      const lb = F.leadBlocksInverse(1);
      for (let i = 0; i < c.leadSize; i++) expect(Math.abs(lb[i]! - Ainv.get(c.leadStart + i, c.leadStart + i))).toBeLessThanOrEqual(1e-10 * Math.max(1, Ainv.get(c.leadStart + i, c.leadStart + i))); // 1e-10
      const Si = F.trailingInverse();
      let maxErr = 0;
      for (let a = 0; a < m2; a++) for (let bb = 0; bb < m2; bb++) maxErr = Math.max(maxErr, Math.abs(Si[bb * m2 + a]! - Ainv.get(tr[a]!, tr[bb]!)));
      expect(maxErr).toBeLessThanOrEqual(1e-10); // tolerance 1e-10 absolute
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
      const Di = F.denseInverse();
      let dErr = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dErr = Math.max(dErr, Math.abs(Di[i * n + j]! - Ainv.get(i, j)));
      expect(dErr).toBeLessThanOrEqual(1e-10); // tolerance 1e-10 absolute
      const Q = F.quadForm(B, k);
      const Bm = new Matrix(n, k);
      for (let s = 0; s < k; s++) for (let i = 0; i < n; i++) Bm.set(i, s, B[s * n + i]!);
      const Qd = Bm.transpose().mmul(Ainv).mmul(Bm);
      for (let s = 0; s < k; s++)
        for (let t = 0; t < k; t++) expect(Math.abs(Q[s * k + t]! - Qd.get(s, t))).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(Qd.get(s, t)))); // tolerance 1e-10
    });
  }

  it('lead blocks of a block-closed pattern (levels of 2 columns sharing their neighbours)', () => {
    // lead levels l own columns 2l, 2l+1, each coupled to the same trailing columns; the lead block is diagonal
    const rng = mulberry32(17);
    const nl = 30;
    const m2 = 12;
    const q = 2 * nl + m2;
    const Ad: number[][] = Array.from({ length: q }, (_, i) => Array.from({ length: q }, (_, j): number => (i === j ? 3 : 0)));
    for (let l = 0; l < nl; l++) {
      const nb = [2 * nl + Math.floor(rng() * m2), 2 * nl + Math.floor(rng() * m2)];
      for (const t of nb)
        for (const c of [2 * l, 2 * l + 1]) {
          const v = 0.3 * (rng() - 0.5);
          Ad[c]![t] = Ad[t]![c] = Ad[c]![t]! + v;
        }
      if (nb[0] !== nb[1]) Ad[nb[0]!]![nb[1]!] = Ad[nb[1]!]![nb[0]!] = 0.05;
    }
    for (let i = 0; i < q; i++) Ad[i]![i] = 3 + i / q;
    const A = cscFromDenseRows(Ad);
    const F = analyzeSparseSchur(A, 2 * nl);
    F.refactorValues(A.values);
    const Ainv = inverse(new Matrix(Ad));
    const blk = F.leadBlocksInverse(2);
    for (let l = 0; l < nl; l++)
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 2; b++) expect(Math.abs(blk[l * 4 + a * 2 + b]! - Ainv.get(2 * l + a, 2 * l + b))).toBeLessThanOrEqual(1e-12); // tolerance 1e-12 absolute
  });

  it('agrees with the dense Schur factor and refactors to the same numbers as a fresh analysis', () => {
    const A1 = cscFromDenseRows(nested(3, 200, 50, 8, [0.5, 0.9, 1.4]));
    const A2 = cscFromDenseRows(nested(3, 200, 50, 8, [1.7, 0.2, 0.6]));
    expect(Array.from(A2.rowIdx)).toEqual(Array.from(A1.rowIdx));
    const F = analyzeSparseSchur(A1, 200);
    F.refactorValues(A1.values);
    F.diagInverse(new Float64Array(A1.ncol));
    F.leadBlockNorms();
    F.refactorValues(A2.values);
    const G = analyzeSparseSchur(A2, 200);
    G.refactorValues(A2.values);
    const b = randomVector(mulberry32(4), A1.ncol);
    expect(F.solve(b)).toEqual(G.solve(b)); // same arithmetic: bit-identical
    expect(F.logDet()).toBe(G.logDet());
    expect(F.diagInverse(new Float64Array(A1.ncol))).toEqual(G.diagInverse(new Float64Array(A1.ncol)));
    expect(F.leadBlockNorms()).toEqual(G.leadBlockNorms()); // caches refreshed by the refactorization
    const D = analyzeSchur(A2, 200);
    D.refactorValues(A2.values);
    expect(Math.abs(D.logDet() - G.logDet())).toBeLessThanOrEqual(1e-12 * Math.abs(D.logDet())); // tolerance 1e-12 relative
    const dd = D.diagInverse(new Float64Array(A2.ncol));
    const gd = G.diagInverse(new Float64Array(A2.ncol));
    dd.forEach((v, i) => expect(Math.abs(gd[i]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, v))); // 1e-12
  });

  it('the default trailing order is the sparse-schur ordering of factorizationCosts, and its fill matches the count', () => {
    const A = cscFromDenseRows(nested(9, 300, 60, 9, [1, 0.7, 0.5]));
    const costs = factorizationCosts(A, { leadSize: 300 });
    const c = costs.find((x) => x.path === 'sparse-schur')!;
    const F = analyzeSparseSchur(A, 300, { trailingOrder: c.perm!.subarray(300) });
    const G = analyzeSparseSchur(A, 300);
    expect(Array.from(G.trailing)).toEqual(Array.from(F.trailing));
    // nnz(L) = Σ_i (1 + |N(i)|) over the lead + nnz(L_S)
    let lead = 0;
    for (let j = 0; j < 300; j++) lead += A.colPtr[j + 1]! - A.colPtr[j]!;
    expect(lead + F.trailingFactor.nnzL).toBe(c.nnzL); // exact count
    const dense = costs.find((x) => x.path === 'dense-schur')!;
    expect(c.flops).toBeLessThan(dense.flops / 2); // nested: the sparse trailing factor does far less work
  });

  it('edge cases: all lead (diagonal), no lead, 1 × 1; not positive definite names the column', () => {
    const D = cscFromDenseRows([
      [2, 0, 0],
      [0, 3, 0],
      [0, 0, 5],
    ]);
    const FD = analyzeSparseSchur(D, 3);
    FD.refactorValues(D.values);
    expect(Array.from(FD.solve([2, 3, 5]))).toEqual([1, 1, 1]); // exact division
    expect(Array.from(FD.diagInverse(new Float64Array(3)))).toEqual([1 / 2, 1 / 3, 1 / 5]); // exact
    const Ad = crossedDesign(mulberry32(8), 60, [12, 5], [1, 0.7]);
    const A = cscFromDenseRows(Ad);
    const F0 = analyzeSparseSchur(A, 0);
    F0.refactorValues(A.values);
    const b = randomVector(mulberry32(2), A.ncol);
    expect(relResidual(Ad, F0.solve(b), b)).toBeLessThan(1e-12); // tolerance: sparse Cholesky
    const one = cscFromDenseRows([[4]]);
    const F1 = analyzeSparseSchur(one, 0);
    F1.refactorValues(one.values);
    expect(F1.solve([8])[0]).toBe(2); // exact
    const Bd = crossedDesign(mulberry32(31), 300, [70, 20], [1, 1]);
    const B = cscFromDenseRows(Bd);
    const F = analyzeSparseSchur(B, 70);
    expectPivotRefusals(F, Bd, B);
    Bd[3]![10] = Bd[10]![3] = 0.25;
    expect(() => analyzeSparseSchur(cscFromDenseRows(Bd), 70)).toThrow(/not diagonal/);
  });
});
