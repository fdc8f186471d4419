import { describe, expect, it } from 'vitest';
import { CscMatrix } from '../../src/sparse/csc.js';
import { cholesky } from '../../src/sparse/cholesky.js';
import { cscFromDenseRows, mulberry32, randomSpd, toDenseRows } from './helpers.js';
import { crossedDesign, laplacian2d } from './cholesky-fixtures.js';

/** Dense inverse by Gauss–Jordan with partial pivoting (oracle). */
function denseInverse(A: number[][]): number[][] {
  const n = A.length;
  const M = A.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const piv = M[c]![c]!;
    for (let j = 0; j < 2 * n; j++) M[c]![j]! /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((r) => r.slice(n));
}

function checkSelectedInverse(A: CscMatrix): void {
  const Ad = toDenseRows(A);
  const inv = denseInverse(Ad);
  const n = A.ncol;
  const Z = cholesky(A).selectedInverse();
  expect(Z.nrow).toBe(n);
  let scale = 0;
  for (const r of inv) for (const v of r) scale = Math.max(scale, Math.abs(v));
  // canonical, symmetric, and covers the pattern of A
  const has = new Set<number>();
  for (let j = 0; j < n; j++) {
    for (let p = Z.colPtr[j]!; p < Z.colPtr[j + 1]!; p++) {
      const i = Z.rowIdx[p]!;
      if (p > Z.colPtr[j]!) expect(i).toBeGreaterThan(Z.rowIdx[p - 1]!);
      has.add(i * n + j);
      // tolerance 1e-10 relative to the largest entry of A⁻¹
      expect(Math.abs(Z.values[p]! - inv[i]![j]!)).toBeLessThanOrEqual(1e-10 * scale);
    }
  }
  for (const key of has) expect(has.has((key % n) * n + Math.floor(key / n))).toBe(true);
  for (let j = 0; j < n; j++) {
    for (let p = A.colPtr[j]!; p < A.colPtr[j + 1]!; p++) expect(has.has(A.rowIdx[p]! * n + j)).toBe(true);
  }
}

describe('selected inverse', () => {
  for (const [n, dens] of [[1, 1], [6, 0.5], [40, 0.05], [90, 0.04], [100, 0.3], [60, 0.9]] as Array<[number, number]>) {
    it(`random SPD n=${n} density=${dens}`, () => {
      checkSelectedInverse(randomSpd(mulberry32(100 + n), n, dens));
    });
  }

  it('crossed designs I + ΛZᵀZΛ', () => {
    checkSelectedInverse(cscFromDenseRows(crossedDesign(mulberry32(1), 600, [80, 30, 5], [0.3, 0.4, 0.1])));
    checkSelectedInverse(cscFromDenseRows(crossedDesign(mulberry32(2), 200, [12, 9], [1.5, 0.8])));
  });

  it('2-D Laplacian (multi-column supernodes)', () => {
    checkSelectedInverse(laplacian2d(14, 0.1));
  });

  it('diagonal matrix and repeated calls after refactor', () => {
    const A = cscFromDenseRows([[2, 0, 0], [0, 4, 0], [0, 0, 8]]);
    const F = cholesky(A);
    const z1 = F.selectedInverse().values;
    [0.5, 0.25, 0.125].forEach((v, i) => expect(Math.abs(z1[i]! - v)).toBeLessThan(1e-15)); // sqrt rounding only
    F.refactorValues(new Float64Array([1, 2, 4]));
    const z2 = F.selectedInverse().values;
    [1, 0.5, 0.25].forEach((v, i) => expect(Math.abs(z2[i]! - v)).toBeLessThan(1e-15));
  });
});
