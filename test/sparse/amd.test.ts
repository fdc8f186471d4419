import { describe, expect, it } from 'vitest';
import { CscMatrix } from '../../src/sparse/csc.js';
import { amd } from '../../src/sparse/amd.js';
import { symbolicCholesky } from '../../src/sparse/symbolic.js';
import { etree, postorder, columnCounts } from '../../src/sparse/etree.js';
import { DimensionMismatchError } from '../../src/errors.js';
import { cscFromDenseRows, mulberry32, randomSpd } from './helpers.js';
import { crossedDesign, laplacian2d } from './cholesky-fixtures.js';

function isPermutation(p: Int32Array, n: number): boolean {
  if (p.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const i of p) {
    if (i < 0 || i >= n || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

/** nnz(L) by dense symbolic elimination (oracle), for P·A·Pᵀ. */
function denseFill(A: CscMatrix, perm: Int32Array): number {
  const n = A.ncol;
  const pinv = new Int32Array(n);
  perm.forEach((i, k) => (pinv[i] = k));
  const G = Array.from({ length: n }, () => new Uint8Array(n));
  for (let j = 0; j < n; j++) for (let p = A.colPtr[j]!; p < A.colPtr[j + 1]!; p++) {
    const a = pinv[A.rowIdx[p]!]!, b = pinv[j]!;
    G[a]![b] = 1;
    G[b]![a] = 1;
  }
  let nnz = 0;
  for (let k = 0; k < n; k++) {
    const nb: number[] = [];
    for (let i = k + 1; i < n; i++) if (G[i]![k]) nb.push(i);
    nnz += nb.length + 1;
    for (const a of nb) for (const b of nb) G[a]![b] = 1;
  }
  return nnz;
}

describe('amd', () => {
  it('returns a valid permutation on random and structured patterns', () => {
    for (const [n, d] of [[0, 0], [1, 1], [10, 0.3], [80, 0.05], [200, 0.02]] as Array<[number, number]>) {
      const A = n === 0 ? new CscMatrix(0, 0, new Int32Array(1), new Int32Array(0), new Float64Array(0)) : randomSpd(mulberry32(n), n, d);
      expect(isPermutation(amd(A), n)).toBe(true);
    }
    const C = cscFromDenseRows(crossedDesign(mulberry32(4), 800, [100, 40, 6], [1, 1, 1]));
    expect(isPermutation(amd(C), C.ncol)).toBe(true);
  });

  it('rejects non-square input', () => {
    const A = new CscMatrix(2, 1, new Int32Array([0, 1]), new Int32Array([0]), new Float64Array([1]));
    expect(() => amd(A)).toThrow(DimensionMismatchError);
  });

  it('fill no worse than natural on 2-D Laplacians, and far better at size', () => {
    for (const k of [8, 15, 30]) {
      const A = laplacian2d(k);
      const a = symbolicCholesky(A, { ordering: 'amd' }).nnzL;
      const nat = symbolicCholesky(A, { ordering: 'natural' }).nnzL;
      expect(a).toBeLessThanOrEqual(nat);
    }
    const A = laplacian2d(60);
    const a = symbolicCholesky(A).nnzL;
    const nat = symbolicCholesky(A, { ordering: 'natural' }).nnzL;
    expect(a).toBeLessThan(0.5 * nat);
  });

  it('orders an arrow matrix without fill', () => {
    const n = 12;
    const rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 4 : i === 0 || j === 0 ? 1 : 0)));
    const perm = amd(cscFromDenseRows(rows));
    expect(perm.indexOf(0)).toBeGreaterThanOrEqual(n - 2); // hub last (or tied with the last leaf)
    expect(symbolicCholesky(cscFromDenseRows(rows)).nnzL).toBe(2 * n - 1);
  });
});

describe('elimination tree and column counts', () => {
  it('match dense symbolic elimination', () => {
    for (const seed of [1, 2, 3]) {
      const A = randomSpd(mulberry32(seed), 40, 0.08);
      const n = 40;
      const perm = amd(A);
      const S = symbolicCholesky(A, { ordering: perm });
      expect(S.nnzL).toBe(denseFill(A, S.perm));
      // postorder of a postordered tree is the identity
      const post = postorder(S.parent);
      expect(Array.from(post)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('small examples', () => {
    const cp = new Int32Array([0, 0, 0, 2]), ri = new Int32Array([0, 1]);
    const parent = etree(3, cp, ri);
    expect(Array.from(parent)).toEqual([2, 2, -1]);
    expect(Array.from(columnCounts(3, cp, ri, parent))).toEqual([2, 2, 1]);
  });
});
