import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidArgumentError } from '../../src/errors.js';
import { CscMatrix } from '../../src/sparse/csc.js';
import { CsrMatrix } from '../../src/sparse/csr.js';
import { DenseMatrix } from '../../src/sparse/dense-matrix.js';
import { dotSum } from '../../src/sparse/dot-sum.js';
import { crossprod, crossprodVec, gram } from '../../src/sparse/gram.js';
import type { MatrixOperand, Operand } from '../../src/sparse/operands.js';
import { dot, multiDotOrder, multiDotThree, type DotResult } from '../../src/sparse/products.js';
import {
  denseMatMul,
  denseMatVec,
  denseTranspose,
  maxRelDiff,
  maxRelDiffVec,
  mulberry32,
  randInt,
  randomDenseRows,
  randomSparse,
  randomVector,
  toDenseRows,
} from './helpers.js';

const TOL = 1e-12; // relative to max |oracle entry| (≥ 1), per entry
type Kind = 'csc' | 'csr' | 'dense' | 'rows';
const KINDS: Kind[] = ['csc', 'csr', 'dense', 'rows'];

/** A random m×n matrix in the requested storage plus its dense rows. */
function make(rng: () => number, kind: Kind, m: number, n: number, density: number): { op: MatrixOperand; rows: number[][] } {
  const S = randomSparse(rng, m, n, density);
  const rows = toDenseRows(S);
  if (kind === 'csc') return { op: S, rows };
  if (kind === 'csr') return { op: S.toCsr(), rows };
  if (kind === 'dense') return { op: m > 0 ? DenseMatrix.fromRows(rows) : DenseMatrix.zeros(0, n), rows };
  return { op: rows, rows };
}

/** Dense rows of any product result (vector results as a single row). */
function resultRows(r: DotResult): number[][] {
  if (typeof r === 'number') return [[r]];
  if (r instanceof Float64Array) return [Array.from(r)];
  if (r instanceof DenseMatrix) return r.toRows();
  r.validate();
  return toDenseRows(r);
}

// (m, k, n) triples, including empty dimensions
const DIMS: [number, number, number][] = [
  [0, 0, 0],
  [1, 1, 1],
  [0, 3, 2],
  [3, 0, 2],
  [2, 3, 0],
  [1, 6, 1],
  [5, 4, 3],
  [17, 9, 12],
  [30, 40, 25],
];

describe('dot', () => {
  it('matrix × matrix for every storage pair, result types as statsmodels _dot', () => {
    const rng = mulberry32(21);
    for (const [m, k, n] of DIMS) {
      for (const density of [0, 0.15, 0.6]) {
        for (const ka of KINDS) {
          for (const kb of KINDS) {
            if ((ka === 'rows' && m === 0) || (kb === 'rows' && k === 0)) continue; // [] is a vector
            const A = make(rng, ka, m, k, density);
            const B = make(rng, kb, k, n, density);
            const want = denseMatMul(A.rows, B.rows, n);
            const r = dot(A.op, B.op);
            const sparseBoth = (ka === 'csc' || ka === 'csr') && (kb === 'csc' || kb === 'csr');
            expect(r).toBeInstanceOf(sparseBoth ? CsrMatrix : DenseMatrix);
            const got = resultRows(r);
            expect(got.length).toBe(m);
            if (m > 0) expect(maxRelDiff(got, want), `${ka}·${kb} ${m}x${k}x${n}@${density}`).toBeLessThanOrEqual(TOL);
          }
        }
      }
    }
  });

  it('vector operands: column on the right, row on the left, scalar for two vectors', () => {
    const rng = mulberry32(22);
    for (const [m, k] of [
      [0, 0],
      [1, 1],
      [4, 0],
      [0, 4],
      [6, 5],
      [25, 30],
    ] as [number, number][]) {
      for (const kind of KINDS) {
        if (kind === 'rows' && m === 0) continue;
        const A = make(rng, kind, m, k, 0.3);
        const x = randomVector(rng, k);
        const y = Array.from(randomVector(rng, m));
        const Ax = dot(A.op, x);
        const yA = dot(y, A.op);
        expect(Ax).toBeInstanceOf(Float64Array);
        expect(yA).toBeInstanceOf(Float64Array);
        expect(maxRelDiffVec(Ax, denseMatVec(A.rows, x))).toBeLessThanOrEqual(TOL);
        expect(maxRelDiffVec(yA, denseMatVec(denseTranspose(A.rows, k), y))).toBeLessThanOrEqual(TOL);
      }
      const u = randomVector(rng, k);
      const v = Array.from(randomVector(rng, k));
      const s = dot(u, v);
      let want = 0;
      for (let i = 0; i < k; i++) want += u[i]! * v[i]!;
      expect(Math.abs(s - want)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(want)));
    }
  });

  it('propagates Inf·0 = NaN in dense kernels', () => {
    expect(dot([[0]], [[Infinity]]).data[0]).toBeNaN();
    expect(dot([0], [[Infinity]])[0]).toBeNaN();
    expect(dot([[0]], CscMatrix.fromDense([[Infinity]])).data[0]).toBeNaN();
    expect(dot(CsrMatrix.fromDense([[Infinity]]), [[0]]).data[0]).toBeNaN();
  });

  it('does not mutate inputs and rejects mismatched shapes', () => {
    const rng = mulberry32(23);
    const A = randomSparse(rng, 5, 4, 0.5);
    const B = randomSparse(rng, 4, 3, 0.5).toCsr();
    const a0 = A.values.slice();
    const b0 = B.values.slice();
    dot(A, B);
    dot(B.transpose(), A.transpose());
    expect(A.values).toEqual(a0);
    expect(B.values).toEqual(b0);
    expect(() => dot(A, A)).toThrow(DimensionMismatchError);
    expect(() => dot(A, [1, 2, 3])).toThrow(/dot\(a: 5×4, b: vector\(3\)\)/);
    expect(() => dot([[1, 2]], DenseMatrix.zeros(3, 1))).toThrow(DimensionMismatchError);
    expect(() => dot([1, 2], [1])).toThrow(DimensionMismatchError);
    expect(() => dot('x' as unknown as Operand, [1])).toThrow(InvalidArgumentError);
    try {
      dot(A, A);
    } catch (e) {
      expect((e as DimensionMismatchError).what).toMatch(/^dot/);
    }
  });
});

describe('multiDotThree', () => {
  it('matches (AB)C for all storages, including vectors at the ends', () => {
    const rng = mulberry32(31);
    const shapes: [number, number, number, number][] = [
      [1, 1, 1, 1],
      [3, 0, 2, 4],
      [6, 4, 5, 2],
      [2, 20, 30, 3],
      [15, 3, 4, 18],
    ];
    for (const [m, k, l, n] of shapes) {
      for (const ka of KINDS) {
        for (const kb of KINDS) {
          for (const kc of KINDS) {
            if (kb === 'rows' && k === 0) continue;
            const A = make(rng, ka, m, k, 0.4);
            const B = make(rng, kb, k, l, 0.4);
            const C = make(rng, kc, l, n, 0.4);
            const want = denseMatMul(denseMatMul(A.rows, B.rows, l), C.rows, n);
            const got = resultRows(multiDotThree(A.op, B.op, C.op));
            expect(maxRelDiff(got, want), `${ka}${kb}${kc} ${m},${k},${l},${n}`).toBeLessThanOrEqual(TOL);
          }
        }
      }
      // row vector · M · column vector → scalar
      const x = randomVector(rng, k);
      const B = make(rng, 'csr', k, l, 0.5);
      const y = randomVector(rng, l);
      const s = multiDotThree(x, B.op as CsrMatrix, y);
      const want = denseMatVec([Array.from(x)], denseMatVec(B.rows, y))[0]!;
      expect(typeof s).toBe('number');
      expect(Math.abs((s as number) - want)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(want)));
      // row vector · M · matrix → vector
      const C = make(rng, 'dense', l, n, 1);
      const v = multiDotThree(x, B.op as CsrMatrix, C.op);
      expect(v).toBeInstanceOf(Float64Array);
      expect(maxRelDiff(resultRows(v), denseMatMul(denseMatMul([Array.from(x)], B.rows, l), C.rows, n))).toBeLessThanOrEqual(TOL);
    }
  });

  it('chooses the association as statsmodels for dense operands, and uses nnz for sparse ones', () => {
    const Z = (m: number, n: number) => DenseMatrix.zeros(m, n);
    // cost1 = 10·100·5 + 10·5·100 = 10000; cost2 = 100·5·100 + 10·100·100 = 150000
    const o = multiDotOrder(Z(10, 100), Z(100, 5), Z(5, 100));
    expect(o).toEqual({ order: 'left', costLeft: 10000, costRight: 150000 });
    expect(multiDotOrder(Z(100, 5), Z(5, 100), Z(100, 10)).order).toBe('right');
    // equal costs → right, like statsmodels' `cost1 < cost2`
    expect(multiDotOrder(Z(2, 2), Z(2, 2), Z(2, 2)).order).toBe('right');
    // vector on the left counts as 1 × n
    expect(multiDotOrder(new Float64Array(50), Z(50, 50), Z(50, 50)).order).toBe('left');
    // a very sparse middle factor: nnz, not the shape, drives the estimate
    const S = CscMatrix.identity(1000);
    const dense = multiDotOrder(Z(1000, 1000), Z(1000, 1000), Z(1000, 1));
    const sparse = multiDotOrder(Z(1000, 1000), S, Z(1000, 1));
    expect(dense.order).toBe('right');
    expect(sparse.costRight).toBeLessThan(dense.costRight);
    expect(sparse.costLeft).toBe(1000 * 1000 + 1000 * 1000);
  });

  it('rejects a vector in the middle and mismatched shapes', () => {
    const v = [1, 2] as unknown as DenseMatrix;
    expect(() => multiDotThree([1, 2], v, [1, 2])).toThrow(InvalidArgumentError);
    expect(() => multiDotThree(DenseMatrix.zeros(2, 3), DenseMatrix.zeros(2, 2), DenseMatrix.zeros(2, 2))).toThrow(
      DimensionMismatchError,
    );
    expect(() => multiDotThree(DenseMatrix.zeros(2, 2), DenseMatrix.zeros(2, 2), [1, 2, 3])).toThrow(/c with 2 entries/);
  });
});

describe('dotSum', () => {
  it('Σ a∘b for every storage pair and for vectors', () => {
    const rng = mulberry32(41);
    for (const [m, n] of [
      [1, 1],
      [0, 3],
      [3, 0],
      [7, 5],
      [30, 22],
    ] as [number, number][]) {
      for (const density of [0, 0.2, 1]) {
        for (const ka of KINDS) {
          for (const kb of KINDS) {
            if ((ka === 'rows' || kb === 'rows') && m === 0) continue;
            const A = make(rng, ka, m, n, density);
            const B = make(rng, kb, m, n, density);
            let want = 0;
            let scale = 1;
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                want += A.rows[i]![j]! * B.rows[i]![j]!;
                scale += Math.abs(A.rows[i]![j]! * B.rows[i]![j]!);
              }
            }
            const got = dotSum(A.op, B.op);
            expect(Math.abs(got - want), `${ka}·${kb} ${m}x${n}@${density}`).toBeLessThanOrEqual(TOL * scale);
          }
        }
      }
    }
    const x = randomVector(rng, 9);
    const y = Array.from(randomVector(rng, 9));
    let want = 0;
    for (let i = 0; i < 9; i++) want += x[i]! * y[i]!;
    expect(Math.abs(dotSum(x, y) - want)).toBeLessThanOrEqual(TOL * 10);
  });

  it('rejects shape mismatches', () => {
    expect(() => dotSum(CscMatrix.identity(2), CscMatrix.identity(3))).toThrow(DimensionMismatchError);
    expect(() => dotSum([1, 2], DenseMatrix.zeros(2, 1))).toThrow(/dotSum/);
    expect(() => dotSum([[1, 2]], [[1], [2]])).toThrow(DimensionMismatchError);
  });
});

describe('gram / crossprod', () => {
  it('gram(A) = AᵀA, symmetric (exactly), canonical, for both storages', () => {
    const rng = mulberry32(51);
    for (const [n, q] of [
      [0, 0],
      [0, 3],
      [3, 0],
      [1, 1],
      [8, 5],
      [60, 20],
      [200, 40],
    ] as [number, number][]) {
      for (const density of [0, 0.05, 0.3, 1]) {
        const A = randomSparse(rng, n, q, density);
        const rows = toDenseRows(A);
        const want = denseMatMul(denseTranspose(rows, q), rows, q);
        for (const op of [A, A.toCsr()]) {
          const G = gram(op);
          G.validate();
          expect([G.nrow, G.ncol]).toEqual([q, q]);
          const g = toDenseRows(G);
          expect(g).toEqual(denseTranspose(g, q));
          if (q > 0) expect(maxRelDiff(g, want)).toBeLessThanOrEqual(TOL);
        }
      }
    }
  });

  it('gram of a tall crossed-indicator Z (3 nonzeros per row) has the expected counts', () => {
    const rng = mulberry32(52);
    const n = 5000;
    const levels = [300, 120, 7];
    const q = levels[0]! + levels[1]! + levels[2]!;
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    const count = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      let off = 0;
      const js: number[] = [];
      for (const L of levels) {
        js.push(off + randInt(rng, L));
        off += L;
      }
      for (const j of js) {
        rows.push(i);
        cols.push(j);
        vals.push(1);
      }
      for (const a of js) for (const b of js) count.set(`${a},${b}`, (count.get(`${a},${b}`) ?? 0) + 1);
    }
    const Z = CsrMatrix.fromTriplets(n, q, rows, cols, vals);
    const G = gram(Z);
    G.validate();
    expect(G.nnz).toBe(count.size);
    for (let j = 0; j < q; j++) {
      for (let p = G.colPtr[j]!; p < G.colPtr[j + 1]!; p++) {
        expect(G.values[p]).toBe(count.get(`${G.rowIdx[p]},${j}`)); // exact integer counts
      }
    }
  });

  it('crossprod(A, B) = AᵀB for dense, sparse and vector B; crossprodVec', () => {
    const rng = mulberry32(53);
    for (const [n, q, p] of [
      [0, 2, 3],
      [1, 1, 1],
      [4, 0, 2],
      [9, 6, 4],
      [50, 20, 7],
    ] as [number, number, number][]) {
      const A = randomSparse(rng, n, q, 0.3);
      const At = denseTranspose(toDenseRows(A), q);
      for (const op of [A, A.toCsr()]) {
        const Brows = randomDenseRows(rng, n, p);
        const want = denseMatMul(At, Brows, p);
        const D = crossprod(op, n > 0 ? Brows : DenseMatrix.zeros(0, p));
        expect(D).toBeInstanceOf(DenseMatrix);
        expect([D.nrow, D.ncol]).toEqual([q, p]);
        if (q > 0) expect(maxRelDiff(D.toRows(), want)).toBeLessThanOrEqual(TOL);
        const S = randomSparse(rng, n, p, 0.4);
        const SS = crossprod(op, S);
        SS.validate();
        if (q > 0) expect(maxRelDiff(toDenseRows(SS), denseMatMul(At, toDenseRows(S), p))).toBeLessThanOrEqual(TOL);
        const y = randomVector(rng, n);
        const wantY = denseMatVec(At, y);
        expect(maxRelDiffVec(crossprodVec(op, y), wantY)).toBeLessThanOrEqual(TOL);
        expect(maxRelDiffVec(crossprod(op, y), wantY)).toBeLessThanOrEqual(TOL);
      }
    }
    expect(() => crossprod(CscMatrix.identity(3), DenseMatrix.zeros(2, 2))).toThrow(DimensionMismatchError);
    expect(() => crossprodVec(CscMatrix.identity(3), [1, 2])).toThrow(/crossprodVec/);
  });
});
