import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidArgumentError } from '../../src/errors.js';
import { CscMatrix } from '../../src/sparse/csc.js';
import { CsrMatrix } from '../../src/sparse/csr.js';
import { DenseMatrix } from '../../src/sparse/dense-matrix.js';
import { hstack, vstack } from '../../src/sparse/stack.js';
import {
  csrFromDenseRows,
  denseMatVec,
  denseTranspose,
  maxRelDiff,
  maxRelDiffVec,
  mulberry32,
  randInt,
  randomDenseRows,
  randomSparse,
  randomSpd,
  randomVector,
  toDenseRows,
} from './helpers.js';

const TOL = 1e-12; // relative, vs dense oracle
const SHAPES: [number, number][] = [
  [0, 0],
  [1, 1],
  [0, 3],
  [3, 0],
  [1, 5],
  [5, 1],
  [7, 4],
  [20, 13],
  [40, 40],
];
const DENSITIES = [0, 0.1, 0.5, 1];

function zerosRows(m: number, n: number): number[][] {
  return Array.from({ length: m }, () => new Array<number>(n).fill(0));
}

function cases(seed: number): { A: CscMatrix; dense: number[][]; m: number; n: number; tag: string }[] {
  const rng = mulberry32(seed);
  const out = [];
  for (const [m, n] of SHAPES) {
    for (const d of DENSITIES) {
      const A = randomSparse(rng, m, n, d);
      out.push({ A, dense: toDenseRows(A), m, n, tag: `${m}x${n}@${d}` });
    }
  }
  return out;
}

describe('fromTriplets', () => {
  it('matches a dense accumulation, duplicates summed, both storages canonical', () => {
    const rng = mulberry32(11);
    for (const [m, n] of SHAPES) {
      for (const nz of [0, 1, 5, 3 * m * n + 2]) {
        if ((m === 0 || n === 0) && nz > 0) continue;
        const rows: number[] = [];
        const cols: number[] = [];
        const vals: number[] = [];
        const dense = zerosRows(m, n);
        for (let k = 0; k < nz; k++) {
          const i = randInt(rng, m);
          const j = randInt(rng, n);
          const v = 2 * rng() - 1;
          rows.push(i);
          cols.push(j);
          vals.push(v);
          dense[i]![j]! += v;
        }
        const copy = [rows.slice(), cols.slice(), vals.slice()];
        const A = CscMatrix.fromTriplets(m, n, rows, cols, vals);
        const B = CsrMatrix.fromTriplets(m, n, Int32Array.from(rows), Float64Array.from(cols), Float64Array.from(vals));
        A.validate();
        B.validate();
        expect([A.nrow, A.ncol, B.nrow, B.ncol]).toEqual([m, n, m, n]);
        expect(maxRelDiff(A.toDense(), dense)).toBeLessThanOrEqual(TOL);
        expect(maxRelDiff(B.toDense(), dense)).toBeLessThanOrEqual(TOL);
        expect(A.nnz).toBe(B.nnz);
        expect([rows, cols, vals]).toEqual(copy); // inputs untouched
      }
    }
  });

  it('keeps a cancelled duplicate as an explicit zero (pattern is the union)', () => {
    const A = CscMatrix.fromTriplets(2, 2, [0, 0, 1], [1, 1, 0], [1, -1, 2]);
    expect(A.nnz).toBe(2);
    expect(A.get(0, 1)).toBe(0);
    expect(Array.from(A.colPtr)).toEqual([0, 1, 2]);
  });

  it('names the bad entry', () => {
    expect(() => CscMatrix.fromTriplets(2, 2, [0, 2], [0, 0], [1, 1])).toThrow(InvalidArgumentError);
    expect(() => CscMatrix.fromTriplets(2, 2, [0, 2], [0, 0], [1, 1])).toThrow(/rows\[1\]/);
    expect(() => CsrMatrix.fromTriplets(2, 2, [0, 1], [0, -1], [1, 1])).toThrow(/cols\[1\]/);
    expect(() => CsrMatrix.fromTriplets(2, 2, [0.5], [0], [1])).toThrow(/rows\[0\]/);
    expect(() => CscMatrix.fromTriplets(2, 2, [0, 1], [0], [1, 1])).toThrow(DimensionMismatchError);
    expect(() => CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1])).toThrow(/values.length/);
    expect(() => CscMatrix.fromTriplets(-1, 2, [], [], [])).toThrow(InvalidArgumentError);
    expect(() => CsrMatrix.fromTriplets(2, 1.5, [], [], [])).toThrow(/ncol/);
  });
});

describe('fromDense / toDense', () => {
  it('round-trips rows and DenseMatrix, dropping zeros', () => {
    for (const { A, dense, m, n, tag } of cases(1)) {
      const C = CscMatrix.fromDense(dense);
      const R = CsrMatrix.fromDense(DenseMatrix.fromRows(dense));
      C.validate();
      R.validate();
      if (m > 0) {
        expect(C.toDense(), tag).toEqual(dense);
        expect(R.toDense(), tag).toEqual(dense);
      }
      expect(C.nnz, tag).toBe(A.nnz);
      if (m > 0) expect(Array.from(C.colPtr)).toEqual(Array.from(A.colPtr));
      expect(CscMatrix.fromDense(DenseMatrix.zeros(m, n)).colPtr.length).toBe(n + 1); // 0-row shapes via DenseMatrix
      expect(R.toDenseMatrix().nrow).toBe(m);
      expect(A.toDenseMatrix().ncol).toBe(n);
    }
  });

  it('rejects ragged rows', () => {
    expect(() => CscMatrix.fromDense([[1, 2], [3]])).toThrow(DimensionMismatchError);
    expect(() => CsrMatrix.fromDense([[1], [2, 3]])).toThrow(/row 1/);
  });
});

describe('conversions and transpose', () => {
  it('toCsr/toCsc/transpose agree with the dense oracle and stay canonical', () => {
    for (const { A, dense, m, n, tag } of cases(2)) {
      const R = A.toCsr();
      R.validate();
      expect(maxRelDiff(toDenseRows(R), dense), tag).toBe(0); // exact copy
      const C = R.toCsc();
      C.validate();
      expect(Array.from(C.colPtr)).toEqual(Array.from(A.colPtr));
      expect(Array.from(C.rowIdx)).toEqual(Array.from(A.rowIdx));
      expect(Array.from(C.values)).toEqual(Array.from(A.values));
      const T = A.transpose();
      const RT = R.transpose();
      T.validate();
      RT.validate();
      expect([T.nrow, T.ncol]).toEqual([n, m]);
      expect(toDenseRows(T), tag).toEqual(denseTranspose(dense, n));
      expect(toDenseRows(RT), tag).toEqual(denseTranspose(dense, n));
    }
  });
});

describe('scaling, matvec, get, clone, diagonal', () => {
  it('scaleColumns / scaleRows return new matrices equal to the oracle', () => {
    const rng = mulberry32(3);
    for (const { A, dense, m, n, tag } of cases(3)) {
      const dc = randomVector(rng, n);
      const dr = Array.from(randomVector(rng, m));
      const before = A.values.slice();
      const want1 = dense.map((row) => row.map((v, j) => v * dc[j]!));
      const want2 = dense.map((row, i) => row.map((v) => v * dr[i]!));
      expect(maxRelDiff(A.scaleColumns(dc).toDense(), want1), tag).toBeLessThanOrEqual(TOL);
      expect(maxRelDiff(A.toCsr().scaleColumns(dc).toDense(), want1), tag).toBeLessThanOrEqual(TOL);
      expect(maxRelDiff(A.scaleRows(dr).toDense(), want2), tag).toBeLessThanOrEqual(TOL);
      expect(maxRelDiff(A.toCsr().scaleRows(dr).toDense(), want2), tag).toBeLessThanOrEqual(TOL);
      expect(A.values).toEqual(before);
    }
    const A = CscMatrix.identity(3);
    expect(() => A.scaleColumns([1, 2])).toThrow(DimensionMismatchError);
    expect(() => A.toCsr().scaleRows([1, 2, 3, 4])).toThrow(/scaleRows/);
  });

  it('matvec / matvecT match the oracle, with and without out', () => {
    const rng = mulberry32(4);
    for (const { A, dense, m, n, tag } of cases(4)) {
      const x = randomVector(rng, n);
      const y = Array.from(randomVector(rng, m));
      const Ax = denseMatVec(dense, x);
      const Aty = denseMatVec(denseTranspose(dense, n), y);
      const R = A.toCsr();
      expect(maxRelDiffVec(A.matvec(x), Ax), tag).toBeLessThanOrEqual(TOL);
      expect(maxRelDiffVec(R.matvec(Array.from(x)), Ax), tag).toBeLessThanOrEqual(TOL);
      expect(maxRelDiffVec(A.matvecT(y), Aty), tag).toBeLessThanOrEqual(TOL);
      expect(maxRelDiffVec(R.matvecT(y), Aty), tag).toBeLessThanOrEqual(TOL);
      const out = new Float64Array(m).fill(NaN);
      expect(A.matvec(x, out)).toBe(out);
      expect(maxRelDiffVec(out, Ax)).toBeLessThanOrEqual(TOL);
      const outT = new Float64Array(n).fill(NaN);
      expect(R.matvecT(y, outT)).toBe(outT);
      expect(maxRelDiffVec(outT, Aty)).toBeLessThanOrEqual(TOL);
    }
    const A = CsrMatrix.identity(2);
    expect(() => A.matvec([1, 2, 3])).toThrow(DimensionMismatchError);
    expect(() => A.matvec([1, 2], new Float64Array(3))).toThrow(/out.length/);
    expect(() => CscMatrix.identity(2).matvecT([1])).toThrow(/matvecT/);
  });

  it('propagates Inf/NaN as IEEE arithmetic does (no zero skipping)', () => {
    const A = CscMatrix.fromDense([[Infinity, 1]]);
    expect(A.matvec([0, 1])[0]).toBeNaN(); // Inf·0 = NaN
    expect(A.toCsr().matvecT([0])[0]).toBeNaN();
    expect(A.matvecT([NaN])[1]).toBeNaN();
  });

  it('get, diagonal, clone, identity, zeros', () => {
    for (const { A, dense, m, n } of cases(5)) {
      const R = A.toCsr();
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          expect(A.get(i, j)).toBe(dense[i]![j]);
          expect(R.get(i, j)).toBe(dense[i]![j]);
        }
      }
      const diag = Array.from({ length: Math.min(m, n) }, (_, i) => dense[i]![i]!);
      expect(Array.from(A.diagonal())).toEqual(diag);
      expect(Array.from(R.diagonal())).toEqual(diag);
      const C = A.clone();
      if (C.nnz > 0) {
        C.values[0] = 99;
        expect(A.values[0]).not.toBe(99);
      }
      const RC = R.clone();
      expect(RC.toDense()).toEqual(R.toDense());
    }
    expect(() => CscMatrix.identity(2).get(2, 0)).toThrow(InvalidArgumentError);
    expect(() => CsrMatrix.identity(2).get(0, -1)).toThrow(InvalidArgumentError);
    expect(CscMatrix.identity(3).toDense()).toEqual(DenseMatrix.identity(3).toRows());
    expect(CsrMatrix.identity(0).nnz).toBe(0);
    expect(CsrMatrix.zeros(2, 3).toDense()).toEqual(zerosRows(2, 3));
    expect(CscMatrix.zeros(0, 4).colPtr.length).toBe(5);
  });

  it('validate rejects non-canonical storage', () => {
    expect(() => new CscMatrix(2, 1, Int32Array.of(0, 2), Int32Array.of(1, 0), Float64Array.of(1, 2)).validate()).toThrow(
      /strictly increasing/,
    );
    expect(() => new CsrMatrix(1, 2, Int32Array.of(0, 1), Int32Array.of(2), Float64Array.of(1)).validate()).toThrow(/out of range/);
    expect(() => new CsrMatrix(2, 2, Int32Array.of(0, 1), Int32Array.of(0), Float64Array.of(1)).validate()).toThrow(
      DimensionMismatchError,
    );
  });
});

describe('hstack / vstack', () => {
  it('match dense concatenation for mixed storages and both outputs', () => {
    const rng = mulberry32(6);
    for (const m of [0, 1, 6, 25]) {
      const widths = [0, 3, 1, 7];
      const blocks = widths.map((w, k) => {
        const B = randomSparse(rng, m, w, 0.3);
        return k % 2 === 0 ? B : B.toCsr();
      });
      const want = Array.from({ length: m }, (_, i) => blocks.flatMap((b) => toDenseRows(b)[i]!));
      const H = hstack(blocks);
      const Hc = hstack(blocks, { format: 'csc' });
      H.validate();
      Hc.validate();
      expect(H).toBeInstanceOf(CsrMatrix);
      expect(Hc).toBeInstanceOf(CscMatrix);
      expect([H.nrow, H.ncol]).toEqual([m, 11]);
      expect(toDenseRows(H)).toEqual(want);
      expect(toDenseRows(Hc)).toEqual(want);
    }
    for (const n of [0, 1, 5]) {
      const heights = [2, 0, 4];
      const blocks = heights.map((h, k) => {
        const B = randomSparse(rng, h, n, 0.4);
        return k % 2 === 1 ? B : B.toCsr();
      });
      const want = blocks.flatMap((b) => toDenseRows(b));
      const V = vstack(blocks);
      const Vc = vstack(blocks, { format: 'csc' });
      V.validate();
      Vc.validate();
      expect([V.nrow, V.ncol]).toEqual([6, n]);
      expect(toDenseRows(V)).toEqual(want);
      expect(toDenseRows(Vc)).toEqual(want);
    }
  });

  it('builds a crossed-effects Z from indicator blocks', () => {
    const g1 = [0, 1, 1, 2];
    const g2 = [1, 0, 1, 1];
    const ones = [1, 1, 1, 1];
    const rows = [0, 1, 2, 3];
    const Z = hstack([CscMatrix.fromTriplets(4, 3, rows, g1, ones), CscMatrix.fromTriplets(4, 2, rows, g2, ones)]);
    expect(Z.toDense()).toEqual([
      [1, 0, 0, 0, 1],
      [0, 1, 0, 1, 0],
      [0, 1, 0, 0, 1],
      [0, 0, 1, 0, 1],
    ]);
  });

  it('checks shapes and emptiness', () => {
    expect(() => hstack([CscMatrix.identity(2), CscMatrix.identity(3)])).toThrow(DimensionMismatchError);
    expect(() => vstack([CsrMatrix.zeros(1, 2), CsrMatrix.zeros(1, 3)])).toThrow(/mats\[1\]/);
    expect(() => hstack([])).toThrow(InvalidArgumentError);
  });
});

describe('DenseMatrix', () => {
  it('fromRows / toRows / get / transpose / identity / zeros', () => {
    const rng = mulberry32(7);
    for (const [m, n] of SHAPES) {
      const rows = randomDenseRows(rng, m, n);
      const D = DenseMatrix.fromRows(rows);
      if (m > 0) expect(D.toRows()).toEqual(rows);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(D.get(i, j)).toBe(rows[i]![j]);
      if (m > 0) expect(D.transpose().toRows()).toEqual(denseTranspose(rows, n));
      expect(D.clone().data).toEqual(D.data);
    }
    expect(DenseMatrix.identity(2).toRows()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(DenseMatrix.zeros(2, 3).data.length).toBe(6);
    expect(DenseMatrix.fromRows([]).nrow).toBe(0);
    expect(() => new DenseMatrix(2, 2, new Float64Array(3))).toThrow(DimensionMismatchError);
    expect(() => DenseMatrix.fromRows([[1], [2, 3]])).toThrow(DimensionMismatchError);
    expect(() => DenseMatrix.identity(2).get(0, 2)).toThrow(InvalidArgumentError);
  });
});

describe('test helpers', () => {
  it('randomSpd is symmetric, canonical and diagonally dominant; csrFromDenseRows agrees', () => {
    const S = randomSpd(mulberry32(8), 30, 0.2);
    S.validate();
    const d = toDenseRows(S);
    expect(d).toEqual(denseTranspose(d));
    for (let i = 0; i < 30; i++) {
      let off = 0;
      for (let j = 0; j < 30; j++) if (j !== i) off += Math.abs(d[i]![j]!);
      expect(d[i]![i]!).toBeGreaterThan(off);
    }
    expect(toDenseRows(csrFromDenseRows(d))).toEqual(d);
  });
});
