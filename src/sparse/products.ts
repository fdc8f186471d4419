/**
 * Matrix products over mixed storage, mirroring statsmodels' `_dot` and
 * `_multi_dot_three` (numpy conventions: a vector is a column on the right,
 * a row on the left; vector · vector is a scalar).
 *
 * | a \ b   | vector        | sparse        | dense         |
 * | ------- | ------------- | ------------- | ------------- |
 * | vector  | number        | Float64Array  | Float64Array  |
 * | sparse  | Float64Array  | CsrMatrix     | DenseMatrix   |
 * | dense   | Float64Array  | DenseMatrix   | DenseMatrix   |
 *
 * @example
 * ```ts
 * const y = dot(Z, beta);           // Float64Array
 * const ZtZ = dot(Z.transpose(), Z); // CsrMatrix
 * ```
 */
import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import { CsrMatrix } from './csr.js';
import { DenseMatrix } from './dense-matrix.js';
import {
  classify,
  shapeOf,
  type Classified,
  type DenseLike,
  type MatrixOperand,
  type Operand,
  type SparseMatrix,
  type Vector,
} from './operands.js';
import { spgemmCsr } from './spgemm.js';

/** What {@link dot} can return. @example `const r: DotResult = dot([1], [2]); // 2` */
export type DotResult = number | Float64Array | DenseMatrix | CsrMatrix;

/**
 * Product a · b for any mix of sparse (CSC/CSR), dense (`DenseMatrix`,
 * `number[][]`) and vector (`Float64Array`, `number[]`) operands; see the
 * module table for result types. Sparse × sparse uses Gustavson's algorithm
 * (symbolic then numeric pass). Shape errors throw `DimensionMismatchError`.
 * Inputs are never mutated.
 *
 * @example
 * ```ts
 * dot(CscMatrix.identity(2), [3, 4]);            // Float64Array [3, 4]
 * dot([[1, 2]], DenseMatrix.identity(2)).toRows(); // [[1, 2]]
 * ```
 */
export function dot(a: Vector, b: Vector): number;
export function dot(a: SparseMatrix, b: SparseMatrix): CsrMatrix;
export function dot(a: MatrixOperand, b: Vector): Float64Array;
export function dot(a: Vector, b: MatrixOperand): Float64Array;
export function dot(a: DenseLike, b: MatrixOperand): DenseMatrix;
export function dot(a: MatrixOperand, b: DenseLike): DenseMatrix;
export function dot(a: Operand, b: Operand): DotResult;
export function dot(a: Operand, b: Operand): DotResult {
  return dotClassified(classify(a, 'dot: a'), classify(b, 'dot: b'));
}

/** dot on classified operands (shared with multiDotThree). */
function dotClassified(A: Classified, B: Classified): DotResult {
  const inA = A.kind === 'vec' ? A.v.length : A.m.ncol;
  const inB = B.kind === 'vec' ? B.v.length : B.m.nrow;
  if (inA !== inB) {
    throw new DimensionMismatchError(
      `dot(a: ${shapeOf(A)}, b: ${shapeOf(B)})`,
      `b with ${inA} ${B.kind === 'vec' ? 'entries' : 'rows'}`,
      `${inB}`,
    );
  }
  if (A.kind === 'vec') {
    if (B.kind === 'vec') return vecDot(A.v, B.v);
    if (B.kind === 'sparse') return B.m.matvecT(A.v); // xᵀB = (Bᵀx)ᵀ
    return denseVecMat(A.v, B.m);
  }
  if (B.kind === 'vec') {
    if (A.kind === 'sparse') return A.m.matvec(B.v);
    return denseMatVec(A.m, B.v);
  }
  if (A.kind === 'sparse') {
    if (B.kind === 'sparse') return sparseSparse(A.m, B.m);
    return sparseDense(A.m, B.m);
  }
  if (B.kind === 'sparse') return denseSparse(A.m, B.m);
  return denseDense(A.m, B.m);
}

/** Σ a_i b_i. */
function vecDot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** y = D x (D row-major). */
function denseMatVec(D: DenseMatrix, x: ArrayLike<number>): Float64Array {
  const { nrow, ncol, data } = D;
  const y = new Float64Array(nrow);
  for (let i = 0; i < nrow; i++) {
    const base = i * ncol;
    let s = 0;
    for (let j = 0; j < ncol; j++) s += data[base + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** yᵀ = xᵀ D, i.e. y = Dᵀ x: y += x_i D[i, :]. */
function denseVecMat(x: ArrayLike<number>, D: DenseMatrix): Float64Array {
  const { nrow, ncol, data } = D;
  const y = new Float64Array(ncol);
  for (let i = 0; i < nrow; i++) {
    const xi = x[i]!;
    const base = i * ncol;
    for (let j = 0; j < ncol; j++) y[j]! += xi * data[base + j]!;
  }
  return y;
}

/** C = A B, A sparse (m × k), B dense (k × n): row axpys C[i,:] += a_ik B[k,:]. */
function sparseDense(A: SparseMatrix, B: DenseMatrix): DenseMatrix {
  const m = A.nrow;
  const n = B.ncol;
  const C = new DenseMatrix(m, n);
  const c = C.data;
  const b = B.data;
  if (A instanceof CsrMatrix) {
    const { rowPtr, colIdx, values } = A;
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      const end = rowPtr[i + 1]!;
      for (let p = rowPtr[i]!; p < end; p++) {
        const a = values[p]!;
        const bk = colIdx[p]! * n;
        for (let j = 0; j < n; j++) c[ci + j]! += a * b[bk + j]!;
      }
    }
  } else {
    const { colPtr, rowIdx, values } = A;
    for (let k = 0; k < A.ncol; k++) {
      const bk = k * n;
      const end = colPtr[k + 1]!;
      for (let p = colPtr[k]!; p < end; p++) {
        const a = values[p]!;
        const ci = rowIdx[p]! * n;
        for (let j = 0; j < n; j++) c[ci + j]! += a * b[bk + j]!;
      }
    }
  }
  return C;
}

/** C = D S, D dense (m × k), S sparse (k × n). */
function denseSparse(D: DenseMatrix, S: SparseMatrix): DenseMatrix {
  const m = D.nrow;
  const k = D.ncol;
  const n = S.ncol;
  const C = new DenseMatrix(m, n);
  const c = C.data;
  const d = D.data;
  if (S instanceof CsrMatrix) {
    // C[r, :] += D[r, l] S[l, :]
    const { rowPtr, colIdx, values } = S;
    for (let r = 0; r < m; r++) {
      const dr = r * k;
      const cr = r * n;
      for (let l = 0; l < k; l++) {
        const dv = d[dr + l]!;
        const end = rowPtr[l + 1]!;
        for (let p = rowPtr[l]!; p < end; p++) c[cr + colIdx[p]!]! += dv * values[p]!;
      }
    }
  } else {
    // C[r, j] = D[r, :] · S[:, j]
    const { colPtr, rowIdx, values } = S;
    for (let r = 0; r < m; r++) {
      const dr = r * k;
      const cr = r * n;
      for (let j = 0; j < n; j++) {
        let s = 0;
        const end = colPtr[j + 1]!;
        for (let p = colPtr[j]!; p < end; p++) s += d[dr + rowIdx[p]!]! * values[p]!;
        c[cr + j] = s;
      }
    }
  }
  return C;
}

/** C = A B (Gustavson) with both operands as CSR arrays. */
function sparseSparse(A: SparseMatrix, B: SparseMatrix): CsrMatrix {
  const a = A instanceof CsrMatrix ? A : A.toCsr();
  const b = B instanceof CsrMatrix ? B : B.toCsr();
  const c = spgemmCsr(a.nrow, b.ncol, a.rowPtr, a.colIdx, a.values, b.rowPtr, b.colIdx, b.values);
  return new CsrMatrix(a.nrow, b.ncol, c.ptr, c.idx, c.val);
}

/** C = A B, both dense row-major: i-k-j loop (unit stride in B and C). */
function denseDense(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const m = A.nrow;
  const k = A.ncol;
  const n = B.ncol;
  const C = new DenseMatrix(m, n);
  const a = A.data;
  const b = B.data;
  const c = C.data;
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    for (let l = 0; l < k; l++) {
      const av = a[ai + l]!;
      const bl = l * n;
      for (let j = 0; j < n; j++) c[ci + j]! += av * b[bl + j]!;
    }
  }
  return C;
}

/** Shape and sparsity summary used for the cost model. */
interface Meta {
  rows: number;
  cols: number;
  /** stored entries; rows·cols when dense */
  nnz: number;
  sparse: boolean;
}

function metaOf(c: Classified, side: 'left' | 'right' | 'middle'): Meta {
  if (c.kind === 'vec') {
    const n = c.v.length;
    return side === 'left' ? { rows: 1, cols: n, nnz: n, sparse: false } : { rows: n, cols: 1, nnz: n, sparse: false };
  }
  if (c.kind === 'sparse') return { rows: c.m.nrow, cols: c.m.ncol, nnz: c.m.nnz, sparse: true };
  return { rows: c.m.nrow, cols: c.m.ncol, nnz: c.m.nrow * c.m.ncol, sparse: false };
}

/**
 * Estimated flops of X·Y and a summary of the product. Dense × dense is
 * m·k·n (statsmodels' count); a sparse factor contributes its nnz in place of
 * its full size; sparse × sparse uses the expected count nnz(X)·nnz(Y)/k for
 * uniformly spread entries, and its product is taken as sparse with
 * min(m·n, flops) entries.
 */
function productCost(X: Meta, Y: Meta): { flops: number; out: Meta } {
  const m = X.rows;
  const k = X.cols;
  const n = Y.cols;
  let flops: number;
  if (X.sparse && Y.sparse) flops = k === 0 ? 0 : (X.nnz * Y.nnz) / k;
  else if (X.sparse) flops = X.nnz * n;
  else if (Y.sparse) flops = m * Y.nnz;
  else flops = m * k * n;
  const sparse = X.sparse && Y.sparse;
  return { flops, out: { rows: m, cols: n, nnz: sparse ? Math.min(m * n, flops) : m * n, sparse } };
}

/**
 * Which association {@link multiDotThree} would use for a · b · c:
 * `'left'` = (ab)c, `'right'` = a(bc), with the estimated flop counts. Ties go
 * right, as in statsmodels.
 *
 * @example
 * ```ts
 * multiDotOrder(DenseMatrix.zeros(10, 100), DenseMatrix.zeros(100, 5), DenseMatrix.zeros(5, 100)).order; // 'left'
 * ```
 */
export function multiDotOrder(a: Operand, b: MatrixOperand, c: Operand): { order: 'left' | 'right'; costLeft: number; costRight: number } {
  const { A, B, C } = classifyThree(a, b, c);
  return orderOf(A, B, C);
}

function classifyThree(a: Operand, b: MatrixOperand, c: Operand): { A: Classified; B: Classified; C: Classified } {
  const A = classify(a, 'multiDotThree: a');
  const B = classify(b, 'multiDotThree: b');
  const C = classify(c, 'multiDotThree: c');
  if (B.kind === 'vec') throw new InvalidArgumentError('multiDotThree: b', 'the middle operand must be a matrix (numpy multi_dot rule)');
  const inA = A.kind === 'vec' ? A.v.length : A.m.ncol;
  if (inA !== B.m.nrow) {
    throw new DimensionMismatchError(`multiDotThree(a: ${shapeOf(A)}, b: ${shapeOf(B)}, …)`, `b with ${inA} rows`, `${B.m.nrow}`);
  }
  const inC = C.kind === 'vec' ? C.v.length : C.m.nrow;
  if (B.m.ncol !== inC) {
    throw new DimensionMismatchError(
      `multiDotThree(…, b: ${shapeOf(B)}, c: ${shapeOf(C)})`,
      `c with ${B.m.ncol} ${C.kind === 'vec' ? 'entries' : 'rows'}`,
      `${inC}`,
    );
  }
  return { A, B, C };
}

function orderOf(A: Classified, B: Classified, C: Classified): { order: 'left' | 'right'; costLeft: number; costRight: number } {
  const ma = metaOf(A, 'left');
  const mb = metaOf(B, 'middle');
  const mc = metaOf(C, 'right');
  const ab = productCost(ma, mb);
  const bc = productCost(mb, mc);
  const costLeft = ab.flops + productCost(ab.out, mc).flops;
  const costRight = bc.flops + productCost(ma, bc.out).flops;
  return { order: costLeft < costRight ? 'left' : 'right', costLeft, costRight };
}

/**
 * a · b · c with the cheaper association, as statsmodels' `_multi_dot_three`:
 * the flop estimate uses shapes and, for sparse operands, nnz. `a` and `c` may
 * be vectors (row on the left, column on the right); `b` must be a matrix.
 * Results follow {@link dot}.
 *
 * @example
 * ```ts
 * const q = multiDotThree(r, Z, Z.transpose()); // r may be a Float64Array
 * ```
 */
export function multiDotThree(a: Operand, b: MatrixOperand, c: Operand): DotResult {
  const { A, B, C } = classifyThree(a, b, c);
  if (orderOf(A, B, C).order === 'left') return dotClassified(reclassify(dotClassified(A, B)), C);
  return dotClassified(A, reclassify(dotClassified(B, C)));
}

function reclassify(r: DotResult): Classified {
  if (typeof r === 'number') throw new InvalidArgumentError('multiDotThree', 'internal: scalar intermediate');
  return classify(r, 'multiDotThree: intermediate');
}

