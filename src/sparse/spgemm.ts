/**
 * Sparse × sparse product C = A B on CSR arrays, Gustavson's row-by-row
 * algorithm (Gustavson 1978, "Two fast algorithms for sparse matrices"):
 * row i of C = Σ_k a_ik B[k, :], accumulated in a dense workspace indexed by
 * column with an integer marker (no hashing). Two passes: a symbolic pass
 * counts nnz per row of C (→ rowPtr, exact allocation); a numeric pass fills
 * pattern and values, then sorts each row's column indices (insertion sort
 * for short rows, a marker scan for rows that are dense relative to n,
 * a typed-array sort otherwise).
 *
 * @example
 * ```ts
 * const C = spgemmCsr(A.nrow, B.ncol, A.rowPtr, A.colIdx, A.values, B.rowPtr, B.colIdx, B.values);
 * ```
 */
import { InvalidArgumentError } from '../errors.js';
import type { Compressed } from './compressed.js';

/**
 * Symbolic pass: rowPtr of C = A B (A is m × k, B is k × n, both CSR arrays).
 * `mark` (length n) is a workspace; it is left holding row stamps.
 *
 * @example
 * ```ts
 * const ptr = spgemmSymbolic(m, n, aPtr, aIdx, bPtr, bIdx);
 * ```
 */
export function spgemmSymbolic(
  m: number,
  n: number,
  aPtr: Int32Array,
  aIdx: Int32Array,
  bPtr: Int32Array,
  bIdx: Int32Array,
  mark: Int32Array = new Int32Array(n),
): Int32Array {
  mark.fill(-1);
  const cPtr = new Int32Array(m + 1);
  let nz = 0;
  for (let i = 0; i < m; i++) {
    const aEnd = aPtr[i + 1]!;
    for (let p = aPtr[i]!; p < aEnd; p++) {
      const k = aIdx[p]!;
      const bEnd = bPtr[k + 1]!;
      for (let q = bPtr[k]!; q < bEnd; q++) {
        const j = bIdx[q]!;
        if (mark[j] !== i) {
          mark[j] = i;
          nz++;
        }
      }
    }
    if (nz > 0x7fffffff) throw new InvalidArgumentError('spgemm', 'product has more than 2^31 - 1 nonzeros');
    cPtr[i + 1] = nz;
  }
  return cPtr;
}

/**
 * Numeric pass: fill pattern (sorted) and values of C = A B given rowPtr from
 * {@link spgemmSymbolic}.
 *
 * @example
 * ```ts
 * const { idx, val } = spgemmNumeric(m, n, cPtr, aPtr, aIdx, aVal, bPtr, bIdx, bVal);
 * ```
 */
export function spgemmNumeric(
  m: number,
  n: number,
  cPtr: Int32Array,
  aPtr: Int32Array,
  aIdx: Int32Array,
  aVal: Float64Array,
  bPtr: Int32Array,
  bIdx: Int32Array,
  bVal: Float64Array,
  mark: Int32Array = new Int32Array(n),
  w: Float64Array = new Float64Array(n),
): { idx: Int32Array; val: Float64Array } {
  mark.fill(-1);
  const nz = cPtr[m]!;
  const cIdx = new Int32Array(nz);
  const cVal = new Float64Array(nz);
  for (let i = 0; i < m; i++) {
    const start = cPtr[i]!;
    let pos = start;
    const aEnd = aPtr[i + 1]!;
    // w = Σ_k a_ik B[k, :]
    for (let p = aPtr[i]!; p < aEnd; p++) {
      const k = aIdx[p]!;
      const a = aVal[p]!;
      const bEnd = bPtr[k + 1]!;
      for (let q = bPtr[k]!; q < bEnd; q++) {
        const j = bIdx[q]!;
        if (mark[j] !== i) {
          mark[j] = i;
          cIdx[pos++] = j;
          w[j] = a * bVal[q]!;
        } else {
          w[j]! += a * bVal[q]!;
        }
      }
    }
    sortRow(cIdx, start, pos, n, mark, i);
    for (let p = start; p < pos; p++) cVal[p] = w[cIdx[p]!]!;
  }
  return { idx: cIdx, val: cVal };
}

/**
 * Sort idx[start:end) ascending. Rows whose length exceeds n / 8 are rebuilt
 * by scanning the marker (O(n), no comparisons).
 */
function sortRow(idx: Int32Array, start: number, end: number, n: number, mark: Int32Array, stamp: number): void {
  const len = end - start;
  if (len < 2) return;
  if (len <= 24) {
    for (let a = start + 1; a < end; a++) {
      const v = idx[a]!;
      let b = a - 1;
      while (b >= start && idx[b]! > v) {
        idx[b + 1] = idx[b]!;
        b--;
      }
      idx[b + 1] = v;
    }
    return;
  }
  if (len * 8 >= n) {
    let w = start;
    for (let j = 0; j < n; j++) if (mark[j] === stamp) idx[w++] = j;
    return;
  }
  idx.subarray(start, end).sort();
}

/**
 * C = A B on CSR arrays (A: m × k, B: k × n); returns CSR arrays of C.
 *
 * @example
 * ```ts
 * const c = spgemmCsr(A.nrow, B.ncol, A.rowPtr, A.colIdx, A.values, B.rowPtr, B.colIdx, B.values);
 * new CsrMatrix(A.nrow, B.ncol, c.ptr, c.idx, c.val);
 * ```
 */
export function spgemmCsr(
  m: number,
  n: number,
  aPtr: Int32Array,
  aIdx: Int32Array,
  aVal: Float64Array,
  bPtr: Int32Array,
  bIdx: Int32Array,
  bVal: Float64Array,
): Compressed {
  const mark = new Int32Array(n);
  const ptr = spgemmSymbolic(m, n, aPtr, aIdx, bPtr, bIdx, mark);
  const { idx, val } = spgemmNumeric(m, n, ptr, aPtr, aIdx, aVal, bPtr, bIdx, bVal, mark, new Float64Array(n));
  return { ptr, idx, val };
}
