/**
 * Cross-products with a sparse left factor: AᵀA (`gram`), AᵀB (`crossprod`)
 * and Aᵀy (`crossprodVec`) — ZᵀZ, ZᵀX and Zᵀy for the model.
 *
 * @example
 * ```ts
 * const ZtZ = gram(Z);           // symmetric CscMatrix, both triangles
 * const ZtX = crossprod(Z, X);   // DenseMatrix
 * const Zty = crossprodVec(Z, y);
 * ```
 */
import { DimensionMismatchError } from '../errors.js';
import { swapMajor, type NumArray } from './compressed.js';
import { CscMatrix } from './csc.js';
import { CsrMatrix } from './csr.js';
import { DenseMatrix } from './dense-matrix.js';
import { classify, shapeOf, type DenseLike, type SparseMatrix, type Vector } from './operands.js';
import { spgemmCsr } from './spgemm.js';

/**
 * G = AᵀA for a sparse A (n × q) as a symmetric q × q CscMatrix with both
 * triangles stored (canonical). Column j of G is Σ_{i : a_ij ≠ 0} a_ij A[i, :]
 * — the row-by-row outer products a_i a_iᵀ regrouped by column — computed by
 * Gustavson's algorithm on (Aᵀ in CSR = A in CSC) × (A in CSR) with a
 * marker-indexed dense accumulator: a symbolic pass sizes the pattern, a
 * numeric pass fills it. One transpose of A's storage is the only extra copy.
 * G is exactly symmetric (G[j,k] and G[k,j] sum the same products in the
 * same order). Flops: Σ_i nnz(row i)².
 *
 * @example
 * ```ts
 * const Z = CsrMatrix.fromTriplets(3, 2, [0, 1, 2], [0, 1, 1], [1, 1, 1]);
 * gram(Z).toDense(); // [[1, 0], [0, 2]]
 * ```
 */
export function gram(A: SparseMatrix): CscMatrix {
  const q = A.ncol;
  let csc: { ptr: Int32Array; idx: Int32Array; val: Float64Array };
  let csr: { ptr: Int32Array; idx: Int32Array; val: Float64Array };
  if (A instanceof CsrMatrix) {
    csr = { ptr: A.rowPtr, idx: A.colIdx, val: A.values };
    csc = swapMajor(A.nrow, A.ncol, A.rowPtr, A.colIdx, A.values);
  } else {
    csc = { ptr: A.colPtr, idx: A.rowIdx, val: A.values };
    csr = swapMajor(A.ncol, A.nrow, A.colPtr, A.rowIdx, A.values);
  }
  // G = (Aᵀ)(A): rows of Aᵀ are columns of A; CSR of symmetric G is its CSC
  const g = spgemmCsr(q, q, csc.ptr, csc.idx, csc.val, csr.ptr, csr.idx, csr.val);
  return new CscMatrix(q, q, g.ptr, g.idx, g.val);
}

/**
 * C = AᵀB for sparse A (n × q) and dense B (n × p): a q × p DenseMatrix
 * (row axpys C[j, :] += a_ij B[i, :]). With a sparse B the result is a
 * CsrMatrix (Gustavson); with a vector B, a Float64Array (= Aᵀb).
 *
 * @example
 * ```ts
 * crossprod(CscMatrix.identity(2), [[1, 2], [3, 4]]).toRows(); // [[1, 2], [3, 4]]
 * ```
 */
export function crossprod(A: SparseMatrix, B: DenseLike): DenseMatrix;
export function crossprod(A: SparseMatrix, B: SparseMatrix): CsrMatrix;
export function crossprod(A: SparseMatrix, B: Vector): Float64Array;
export function crossprod(A: SparseMatrix, B: DenseLike | SparseMatrix | Vector): DenseMatrix | CsrMatrix | Float64Array;
export function crossprod(A: SparseMatrix, B: DenseLike | SparseMatrix | Vector): DenseMatrix | CsrMatrix | Float64Array {
  const Bc = classify(B, 'crossprod: B');
  const nB = Bc.kind === 'vec' ? Bc.v.length : Bc.m.nrow;
  if (nB !== A.nrow) {
    throw new DimensionMismatchError(`crossprod(A: ${A.nrow}×${A.ncol}, B: ${shapeOf(Bc)})`, `B with ${A.nrow} rows`, `${nB}`);
  }
  if (Bc.kind === 'vec') return A.matvecT(Bc.v);
  if (Bc.kind === 'sparse') {
    // Aᵀ in CSR = A in CSC
    const a = A instanceof CscMatrix ? A : A.toCsc();
    const b = Bc.m instanceof CsrMatrix ? Bc.m : Bc.m.toCsr();
    const c = spgemmCsr(a.ncol, b.ncol, a.colPtr, a.rowIdx, a.values, b.rowPtr, b.colIdx, b.values);
    return new CsrMatrix(a.ncol, b.ncol, c.ptr, c.idx, c.val);
  }
  const D = Bc.m;
  const p = D.ncol;
  const C = new DenseMatrix(A.ncol, p);
  const c = C.data;
  const d = D.data;
  if (A instanceof CsrMatrix) {
    const { rowPtr, colIdx, values } = A;
    for (let i = 0; i < A.nrow; i++) {
      const di = i * p;
      const end = rowPtr[i + 1]!;
      for (let k = rowPtr[i]!; k < end; k++) {
        const a = values[k]!;
        const cj = colIdx[k]! * p;
        for (let l = 0; l < p; l++) c[cj + l]! += a * d[di + l]!;
      }
    }
  } else {
    const { colPtr, rowIdx, values } = A;
    for (let j = 0; j < A.ncol; j++) {
      const cj = j * p;
      const end = colPtr[j + 1]!;
      for (let k = colPtr[j]!; k < end; k++) {
        const a = values[k]!;
        const di = rowIdx[k]! * p;
        for (let l = 0; l < p; l++) c[cj + l]! += a * d[di + l]!;
      }
    }
  }
  return C;
}

/**
 * Aᵀy for sparse A (n × q): a length-q Float64Array. `out`, if given, is
 * overwritten and returned.
 *
 * @example
 * ```ts
 * crossprodVec(CsrMatrix.fromDense([[1, 2]]), [3]); // Float64Array [3, 6]
 * ```
 */
export function crossprodVec(A: SparseMatrix, y: NumArray, out?: Float64Array): Float64Array {
  if (y.length !== A.nrow) throw new DimensionMismatchError(`crossprodVec(A: ${A.nrow}×${A.ncol}, y)`, `y with ${A.nrow} entries`, `${y.length}`);
  return A.matvecT(y, out);
}
