import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import { findEntry } from './compressed.js';
import { CscMatrix } from './csc.js';
import { CsrMatrix } from './csr.js';
import { DenseMatrix } from './dense-matrix.js';
import type { Operand, SparseMatrix } from './operands.js';

type Rows = readonly (readonly number[])[];

/** Dense operand without copying rows. */
type DenseView = { kind: 'data'; m: DenseMatrix } | { kind: 'rows'; rows: Rows; nrow: number; ncol: number };

type Side = { kind: 'vec'; v: ArrayLike<number> } | { kind: 'sparse'; m: SparseMatrix } | { kind: 'dense'; d: DenseView };

function view(x: Operand, name: string): Side {
  if (x instanceof CscMatrix || x instanceof CsrMatrix) return { kind: 'sparse', m: x };
  if (x instanceof DenseMatrix) return { kind: 'dense', d: { kind: 'data', m: x } };
  if (x instanceof Float64Array) return { kind: 'vec', v: x };
  if (Array.isArray(x)) {
    if (x.length > 0 && Array.isArray(x[0])) {
      const rows = x as Rows;
      const ncol = rows[0]!.length;
      for (let i = 0; i < rows.length; i++) {
        if (rows[i]!.length !== ncol) throw new DimensionMismatchError(`${name}: length of row ${i}`, `${ncol}`, `${rows[i]!.length}`);
      }
      return { kind: 'dense', d: { kind: 'rows', rows, nrow: rows.length, ncol } };
    }
    return { kind: 'vec', v: x as readonly number[] };
  }
  throw new InvalidArgumentError(name, 'must be a CscMatrix, CsrMatrix, DenseMatrix, number[][], Float64Array or number[]');
}

function dims(s: Side): [number, number] {
  if (s.kind === 'vec') return [s.v.length, -1];
  if (s.kind === 'sparse') return [s.m.nrow, s.m.ncol];
  return s.d.kind === 'data' ? [s.d.m.nrow, s.d.m.ncol] : [s.d.nrow, s.d.ncol];
}

function shapeStr(s: Side): string {
  const [r, c] = dims(s);
  return c < 0 ? `vector(${r})` : `${r}×${c}`;
}

/**
 * Σ_ij a_ij b_ij (the Frobenius inner product), as statsmodels' `_dotsum`,
 * without forming the elementwise product: sparse·sparse of one storage by a
 * merge of sorted indices, mixed CSC/CSR by binary search, sparse·dense by a
 * pass over the stored entries, dense·dense and vector·vector by a flat loop.
 * Operands must have the same shape (two vectors of equal length, or two
 * matrices); otherwise `DimensionMismatchError`.
 *
 * @example
 * ```ts
 * dotSum([[1, 2], [3, 4]], CscMatrix.identity(2)); // 5
 * ```
 */
export function dotSum(a: Operand, b: Operand): number {
  const A = view(a, 'dotSum: a');
  const B = view(b, 'dotSum: b');
  const [ar, ac] = dims(A);
  const [br, bc] = dims(B);
  if (ar !== br || ac !== bc) throw new DimensionMismatchError('dotSum: shape of b', shapeStr(A), shapeStr(B));
  if (A.kind === 'vec' || B.kind === 'vec') {
    const x = (A as { v: ArrayLike<number> }).v;
    const y = (B as { v: ArrayLike<number> }).v;
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
    return s;
  }
  if (A.kind === 'sparse') {
    if (B.kind === 'sparse') return sparseSparse(A.m, B.m);
    return sparseDense(A.m, B.d);
  }
  if (B.kind === 'sparse') return sparseDense(B.m, A.d);
  return denseDense(A.d, B.d);
}

/** Σ over the union of patterns; merge when both share a storage. */
function sparseSparse(A: SparseMatrix, B: SparseMatrix): number {
  if (A instanceof CscMatrix && B instanceof CscMatrix) return merge(A.ncol, A.colPtr, A.rowIdx, A.values, B.colPtr, B.rowIdx, B.values);
  if (A instanceof CsrMatrix && B instanceof CsrMatrix) return merge(A.nrow, A.rowPtr, A.colIdx, A.values, B.rowPtr, B.colIdx, B.values);
  // mixed: walk the one with fewer entries, search the other
  const [S, T] = A.nnz <= B.nnz ? [A, B] : [B, A];
  let s = 0;
  if (S instanceof CscMatrix) {
    const t = T as CsrMatrix;
    for (let j = 0; j < S.ncol; j++) {
      for (let p = S.colPtr[j]!; p < S.colPtr[j + 1]!; p++) {
        const q = findEntry(t.rowPtr, t.colIdx, S.rowIdx[p]!, j);
        if (q >= 0) s += S.values[p]! * t.values[q]!;
      }
    }
  } else {
    const t = T as CscMatrix;
    const r = S as CsrMatrix;
    for (let i = 0; i < r.nrow; i++) {
      for (let p = r.rowPtr[i]!; p < r.rowPtr[i + 1]!; p++) {
        const q = findEntry(t.colPtr, t.rowIdx, r.colIdx[p]!, i);
        if (q >= 0) s += r.values[p]! * t.values[q]!;
      }
    }
  }
  return s;
}

/** Σ_j Σ_{i in both slot j} a·b by merging sorted index lists. */
function merge(n: number, ap: Int32Array, ai: Int32Array, av: Float64Array, bp: Int32Array, bi: Int32Array, bv: Float64Array): number {
  let s = 0;
  for (let j = 0; j < n; j++) {
    let p = ap[j]!;
    let q = bp[j]!;
    const pe = ap[j + 1]!;
    const qe = bp[j + 1]!;
    while (p < pe && q < qe) {
      const x = ai[p]!;
      const y = bi[q]!;
      if (x === y) s += av[p++]! * bv[q++]!;
      else if (x < y) p++;
      else q++;
    }
  }
  return s;
}

/** Σ over stored entries of S of s_ij · D_ij. */
function sparseDense(S: SparseMatrix, D: DenseView): number {
  let s = 0;
  if (D.kind === 'data') {
    const d = D.m.data;
    const n = D.m.ncol;
    if (S instanceof CscMatrix) {
      for (let j = 0; j < S.ncol; j++) {
        for (let p = S.colPtr[j]!; p < S.colPtr[j + 1]!; p++) s += S.values[p]! * d[S.rowIdx[p]! * n + j]!;
      }
    } else {
      for (let i = 0; i < S.nrow; i++) {
        const base = i * n;
        for (let p = S.rowPtr[i]!; p < S.rowPtr[i + 1]!; p++) s += S.values[p]! * d[base + S.colIdx[p]!]!;
      }
    }
    return s;
  }
  const rows = D.rows;
  if (S instanceof CscMatrix) {
    for (let j = 0; j < S.ncol; j++) {
      for (let p = S.colPtr[j]!; p < S.colPtr[j + 1]!; p++) s += S.values[p]! * rows[S.rowIdx[p]!]![j]!;
    }
  } else {
    for (let i = 0; i < S.nrow; i++) {
      const row = rows[i]!;
      for (let p = S.rowPtr[i]!; p < S.rowPtr[i + 1]!; p++) s += S.values[p]! * row[S.colIdx[p]!]!;
    }
  }
  return s;
}

function denseDense(A: DenseView, B: DenseView): number {
  let s = 0;
  if (A.kind === 'data' && B.kind === 'data') {
    const a = A.m.data;
    const b = B.m.data;
    for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
    return s;
  }
  const [nrow, ncol] = A.kind === 'data' ? [A.m.nrow, A.m.ncol] : [A.nrow, A.ncol];
  for (let i = 0; i < nrow; i++) {
    for (let j = 0; j < ncol; j++) s += entry(A, i, j, ncol) * entry(B, i, j, ncol);
  }
  return s;
}

function entry(D: DenseView, i: number, j: number, ncol: number): number {
  return D.kind === 'data' ? D.m.data[i * ncol + j]! : D.rows[i]![j]!;
}

