import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CscMatrix } from '../../src/sparse/csc.js';
import { amd, amdOrder } from '../../src/sparse/amd.js';
import { symbolicCholesky, choleskyCounts } from '../../src/sparse/symbolic.js';
import { etree, postorder, columnCounts, columnCountsPostordered } from '../../src/sparse/etree.js';
import { DimensionMismatchError, InvalidArgumentError } from '../../src/errors.js';
import { cscFromDenseRows, mulberry32, randomSpd } from './helpers.js';
import { crossedDesign, laplacian2d } from './cholesky-fixtures.js';
import { denseFill as denseFillOracle, designPattern, nestedDesign } from './fill-oracle.js';

/** CHOLMOD's AMD fill on k × k grids, made by bench/cholmod/amd_fill.c (see the file's header). */
const cholmodGrids = JSON.parse(readFileSync(new URL('./fixtures/amd-grid-fill.json', import.meta.url), 'utf8')) as {
  grids: Array<{ k: number; n: number; lnz: number; flops: number }>;
};

/** The lower triangle of A only (values dropped). */
function lowerOnly(A: CscMatrix): CscMatrix {
  const cp = new Int32Array(A.ncol + 1);
  const ri: number[] = [];
  for (let j = 0; j < A.ncol; j++) {
    for (let p = A.colPtr[j]!; p < A.colPtr[j + 1]!; p++) if (A.rowIdx[p]! >= j) ri.push(A.rowIdx[p]!);
    cp[j + 1] = ri.length;
  }
  return new CscMatrix(A.nrow, A.ncol, cp, Int32Array.from(ri), new Float64Array(ri.length));
}

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

  it("matches CHOLMOD's AMD fill on 2-D grid Laplacians (fixture)", () => {
    expect(cholmodGrids.grids.length).toBeGreaterThanOrEqual(5);
    for (const g of cholmodGrids.grids) {
      const A = laplacian2d(g.k);
      const c = choleskyCounts(A, { ordering: amd(A) });
      // tolerance: within 5% of CHOLMOD's AMD nnz(L) and flops (today they agree exactly)
      expect(Math.abs(c.nnzL - g.lnz)).toBeLessThanOrEqual(0.05 * g.lnz);
      expect(Math.abs(c.flops - g.flops)).toBeLessThanOrEqual(0.05 * g.flops);
    }
  });

  it('natural ordering of a grid fills its envelope exactly; AMD is far below it', () => {
    for (const k of [5, 12, 40]) {
      const A = laplacian2d(k);
      const n = k * k;
      // row-major k×k grid: row i of L spans its envelope, 1 + 2(k−1) + (n−k)(k+1) entries in all
      const nat = choleskyCounts(A, { ordering: 'natural' }).nnzL;
      expect(nat).toBe(1 + 2 * (k - 1) + (n - k) * (k + 1));
      expect(choleskyCounts(A).nnzL).toBeLessThan(k >= 12 ? 0.6 * nat : nat);
    }
  });

  it('fill on seeded random patterns: exact counts, well below natural', () => {
    for (const [n, d] of [[60, 0.05], [200, 0.02], [300, 0.01], [400, 0.03]] as Array<[number, number]>) {
      for (const seed of [1, 2, 3]) {
        const A = randomSpd(mulberry32(100 * seed + n), n, d);
        const perm = amd(A);
        const c = choleskyCounts(A, { ordering: perm });
        const nat = choleskyCounts(A, { ordering: 'natural' });
        if (n <= 200) expect(c.nnzL).toBe(denseFillOracle(A, c.perm).nnzL); // exact, against dense elimination
        // measured ratios 0.3–0.55 on these seeds: bound 0.6
        expect(c.nnzL).toBeLessThan(0.6 * nat.nnzL);
        expect(c.flops).toBeLessThan(nat.flops);
      }
    }
  });

  it('lower-triangle input (little elbow room: the workspace is compacted) gives the same fill', () => {
    for (const A of [laplacian2d(30), randomSpd(mulberry32(7), 500, 0.01)]) {
      const full = choleskyCounts(A, { ordering: amd(A) }).nnzL;
      const low = lowerOnly(A);
      const p = amd(low);
      expect(isPermutation(p, A.ncol)).toBe(true);
      expect(choleskyCounts(A, { ordering: p }).nnzL).toBe(full);
    }
  });

  it('ignores duplicates and the diagonal; options keep it a valid, fill-reducing permutation', () => {
    // path 0-1-2-3 given with duplicate entries and upper triangle only
    const p = amdOrder(4, new Int32Array([0, 1, 3, 5, 7]), new Int32Array([0, 0, 0, 1, 1, 2, 2]));
    expect(isPermutation(p, 4)).toBe(true);
    const A = laplacian2d(20);
    const base = choleskyCounts(A).nnzL;
    const nat = choleskyCounts(A, { ordering: 'natural' }).nnzL;
    for (const opts of [{ aggressive: false }, { dense: -1 }, { dense: 0 }]) {
      const q = amd(A, opts);
      expect(isPermutation(q, A.ncol)).toBe(true);
      const f = choleskyCounts(A, { ordering: q }).nnzL;
      expect(f).toBeLessThan(nat);
      expect(f).toBeLessThan(1.2 * base); // tolerance: within 20% of the default settings
    }
    expect(() => amdOrder(4, new Int32Array(2), new Int32Array(0))).toThrow(DimensionMismatchError);
    expect(() => amd(A, { first: { start: 390, size: 20 } })).toThrow(InvalidArgumentError);
    expect(() => amd(A, { first: { start: -1, size: 2 } })).toThrow(InvalidArgumentError);
  });

  it('constrained: the given columns come first and the rest is the AMD order of the Schur complement', () => {
    const { codes, levels } = nestedDesign(mulberry32(11), { students: 300, teachers: 40, schools: 5, pHome: 0.9 });
    const M = designPattern(codes, levels);
    const q1 = levels[0]!;
    const p = amd(M, { first: { start: 0, size: q1 } });
    expect(isPermutation(p, M.ncol)).toBe(true);
    expect(Array.from(p.subarray(0, q1)).every((i) => i < q1)).toBe(true);
    // the same constraint in the middle of the matrix: teachers first
    const t = amd(M, { first: { start: q1, size: levels[1]! } });
    expect(Array.from(t.subarray(0, levels[1]!)).every((i) => i >= q1 && i < q1 + levels[1]!)).toBe(true);
    // fill of the constrained order, exact against dense elimination
    const c = choleskyCounts(M, { ordering: p });
    expect(c.nnzL).toBe(denseFillOracle(M, p).nnzL);
    // the unconstrained ordering is never worse than natural
    expect(choleskyCounts(M).nnzL).toBeLessThan(choleskyCounts(M, { ordering: 'natural' }).nnzL);
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

  it('Gilbert–Ng–Peyton counts equal the row-subtree counts and dense elimination', () => {
    for (const A of [laplacian2d(20), randomSpd(mulberry32(3), 300, 0.02), randomSpd(mulberry32(4), 100, 0.1)]) {
      const n = A.ncol;
      const S = symbolicCholesky(A); // postordered
      // lower and strict upper patterns of P·A·Pᵀ
      const low: number[][] = Array.from({ length: n }, () => []);
      const up: number[][] = Array.from({ length: n }, () => []);
      for (let j = 0; j < n; j++) {
        for (let p = A.colPtr[j]!; p < A.colPtr[j + 1]!; p++) {
          const a = S.pinv[A.rowIdx[p]!]!, b = S.pinv[j]!;
          if (a > b) {
            low[b]!.push(a);
            up[a]!.push(b);
          }
        }
      }
      const csc = (cols: number[][]): [Int32Array, Int32Array] => {
        const cp = new Int32Array(n + 1);
        const ri: number[] = [];
        cols.forEach((c, j) => {
          ri.push(...c);
          cp[j + 1] = ri.length;
        });
        return [cp, Int32Array.from(ri)];
      };
      const [lp, li] = csc(low);
      const [upp, upi] = csc(up);
      const gnp = Array.from(columnCountsPostordered(n, lp, li, S.parent));
      expect(gnp).toEqual(Array.from(columnCounts(n, upp, upi, S.parent)));
      expect(gnp.reduce((x, y) => x + y, 0)).toBe(denseFillOracle(A, S.perm).nnzL);
    }
    expect(Array.from(columnCountsPostordered(3, new Int32Array([0, 1, 2, 2]), new Int32Array([2, 2]), new Int32Array([2, 2, -1])))).toEqual([2, 2, 1]);
  });

  it('small examples', () => {
    const cp = new Int32Array([0, 0, 0, 2]), ri = new Int32Array([0, 1]);
    const parent = etree(3, cp, ri);
    expect(Array.from(parent)).toEqual([2, 2, -1]);
    expect(Array.from(columnCounts(3, cp, ri, parent))).toEqual([2, 2, 1]);
  });
});
