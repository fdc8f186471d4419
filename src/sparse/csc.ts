import {
  checkDim,
  checkIndex,
  checkLength,
  checkStorage,
  compressDense,
  compressTriplets,
  findEntry,
  gatherMatvec,
  prepareMatvec,
  rowsToData,
  scaleByMajor,
  scaleByMinor,
  scatterMatvec,
  swapMajor,
  type NumArray,
} from './compressed.js';
import { CsrMatrix } from './csr.js';
import { DenseMatrix } from './dense-matrix.js';

/**
 * Compressed sparse column storage. Canonical form: row indices strictly
 * increasing within each column, no duplicates, `colPtr.length === ncol + 1`.
 * The constructor trusts its arguments (no copy, no check); use
 * {@link CscMatrix.validate} when in doubt. Methods never mutate `this`.
 *
 * @example
 * ```ts
 * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [4, 1, 3]);
 * A.nnz; // 3
 * ```
 */
export class CscMatrix {
  constructor(
    readonly nrow: number,
    readonly ncol: number,
    readonly colPtr: Int32Array,
    readonly rowIdx: Int32Array,
    readonly values: Float64Array,
  ) {}

  /** Number of stored entries. @example `CscMatrix.identity(3).nnz // 3` */
  get nnz(): number {
    return this.colPtr[this.ncol] ?? 0;
  }

  /**
   * From triplets (rows[k], cols[k], values[k]); duplicates are summed.
   * Bad indices throw `InvalidArgumentError` naming the entry (e.g. `rows[4]`);
   * unequal array lengths throw `DimensionMismatchError`. Inputs are not mutated.
   *
   * @example
   * ```ts
   * CscMatrix.fromTriplets(2, 2, [0, 0], [1, 1], [1, 2]).get(0, 1); // 3
   * ```
   */
  static fromTriplets(nrow: number, ncol: number, rows: NumArray, cols: NumArray, values: NumArray): CscMatrix {
    checkDim('nrow', nrow);
    checkDim('ncol', ncol);
    const c = compressTriplets(ncol, nrow, cols, rows, values, 'cols', 'rows');
    return new CscMatrix(nrow, ncol, c.ptr, c.idx, c.val);
  }

  /**
   * From dense rows or a {@link DenseMatrix}; exact zeros are not stored.
   *
   * @example
   * ```ts
   * CscMatrix.fromDense([[1, 0], [0, 2]]).nnz; // 2
   * ```
   */
  static fromDense(rows: readonly (readonly number[])[] | DenseMatrix): CscMatrix {
    const d = rows instanceof DenseMatrix ? rows : rowsToData(rows, 'CscMatrix.fromDense');
    const c = compressDense(d.nrow, d.ncol, d.data, true);
    return new CscMatrix(d.nrow, d.ncol, c.ptr, c.idx, c.val);
  }

  /**
   * n × n identity.
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).get(1, 1); // 1
   * ```
   */
  static identity(n: number): CscMatrix {
    checkDim('n', n);
    const ptr = new Int32Array(n + 1);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      ptr[i + 1] = i + 1;
      idx[i] = i;
    }
    return new CscMatrix(n, n, ptr, idx, new Float64Array(n).fill(1));
  }

  /**
   * nrow × ncol with no stored entries.
   *
   * @example
   * ```ts
   * CscMatrix.zeros(3, 2).nnz; // 0
   * ```
   */
  static zeros(nrow: number, ncol: number): CscMatrix {
    checkDim('nrow', nrow);
    checkDim('ncol', ncol);
    return new CscMatrix(nrow, ncol, new Int32Array(ncol + 1), new Int32Array(0), new Float64Array(0));
  }

  /**
   * Throw `InvalidArgumentError` unless the arrays are canonical (pointer
   * lengths and monotonicity, indices in range and strictly increasing).
   *
   * @example
   * ```ts
   * new CscMatrix(1, 1, Int32Array.of(0, 1), Int32Array.of(0), Float64Array.of(2)).validate();
   * ```
   */
  validate(): void {
    checkStorage('CscMatrix', this.ncol, this.nrow, this.colPtr, this.rowIdx, this.values, 'colPtr', 'rowIdx');
  }

  /**
   * Dense rows (`number[][]`).
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).toDense(); // [[1, 0], [0, 1]]
   * ```
   */
  toDense(): number[][] {
    return this.toDenseMatrix().toRows();
  }

  /**
   * Dense copy as a row-major {@link DenseMatrix}.
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).toDenseMatrix().data; // Float64Array [1, 0, 0, 1]
   * ```
   */
  toDenseMatrix(): DenseMatrix {
    const { nrow, ncol, colPtr, rowIdx, values } = this;
    const D = new DenseMatrix(nrow, ncol);
    const d = D.data;
    for (let j = 0; j < ncol; j++) {
      const end = colPtr[j + 1]!;
      for (let p = colPtr[j]!; p < end; p++) d[rowIdx[p]! * ncol + j]! += values[p]!;
    }
    return D;
  }

  /**
   * Aᵀ, in CSC (O(nnz) counting sort).
   *
   * @example
   * ```ts
   * CscMatrix.fromDense([[1, 2]]).transpose().toDense(); // [[1], [2]]
   * ```
   */
  transpose(): CscMatrix {
    const t = swapMajor(this.ncol, this.nrow, this.colPtr, this.rowIdx, this.values);
    return new CscMatrix(this.ncol, this.nrow, t.ptr, t.idx, t.val);
  }

  /**
   * The same matrix in CSR (canonical).
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).toCsr().rowPtr; // Int32Array [0, 1, 2]
   * ```
   */
  toCsr(): CsrMatrix {
    const t = swapMajor(this.ncol, this.nrow, this.colPtr, this.rowIdx, this.values);
    return new CsrMatrix(this.nrow, this.ncol, t.ptr, t.idx, t.val);
  }

  /**
   * A · diag(d) (new matrix, same pattern).
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).scaleColumns([2, 3]).get(1, 1); // 3
   * ```
   */
  scaleColumns(d: NumArray): CscMatrix {
    checkLength('CscMatrix.scaleColumns: d.length', d, this.ncol);
    return this.withValues(scaleByMajor(this.ncol, this.colPtr, this.values, d));
  }

  /**
   * diag(d) · A (new matrix, same pattern).
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).scaleRows([2, 3]).get(0, 0); // 2
   * ```
   */
  scaleRows(d: NumArray): CscMatrix {
    checkLength('CscMatrix.scaleRows: d.length', d, this.nrow);
    return this.withValues(scaleByMinor(this.rowIdx, this.values, d));
  }

  /**
   * y = A x. `out` (length nrow), if given, is overwritten and returned.
   *
   * @example
   * ```ts
   * CscMatrix.fromDense([[1, 2]]).matvec([1, 1]); // Float64Array [3]
   * ```
   */
  matvec(x: NumArray, out?: Float64Array): Float64Array {
    const y = prepareMatvec('CscMatrix.matvec', x, this.ncol, this.nrow, out);
    scatterMatvec(this.ncol, this.colPtr, this.rowIdx, this.values, x, y);
    return y;
  }

  /**
   * y = Aᵀ x. `out` (length ncol), if given, is overwritten and returned.
   *
   * @example
   * ```ts
   * CscMatrix.fromDense([[1, 2]]).matvecT([2]); // Float64Array [2, 4]
   * ```
   */
  matvecT(x: NumArray, out?: Float64Array): Float64Array {
    const y = prepareMatvec('CscMatrix.matvecT', x, this.nrow, this.ncol, out);
    gatherMatvec(this.ncol, this.colPtr, this.rowIdx, this.values, x, y);
    return y;
  }

  /**
   * Main diagonal (length min(nrow, ncol)); absent entries are 0.
   *
   * @example
   * ```ts
   * CscMatrix.fromDense([[1, 2], [3, 4]]).diagonal(); // Float64Array [1, 4]
   * ```
   */
  diagonal(): Float64Array {
    const n = Math.min(this.nrow, this.ncol);
    const d = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const p = findEntry(this.colPtr, this.rowIdx, j, j);
      if (p >= 0) d[j] = this.values[p]!;
    }
    return d;
  }

  /**
   * Deep copy.
   *
   * @example
   * ```ts
   * const B = CscMatrix.identity(2).clone();
   * ```
   */
  clone(): CscMatrix {
    return new CscMatrix(this.nrow, this.ncol, this.colPtr.slice(), this.rowIdx.slice(), this.values.slice());
  }

  /**
   * Entry (i, j) by binary search (O(log nnz in column)); for tests and edges,
   * not hot loops.
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).get(0, 1); // 0
   * ```
   */
  get(i: number, j: number): number {
    checkIndex('CscMatrix.get', i, j, this.nrow, this.ncol);
    const p = findEntry(this.colPtr, this.rowIdx, j, i);
    return p < 0 ? 0 : this.values[p]!;
  }

  /** Same pattern (index arrays copied), new values. */
  private withValues(values: Float64Array): CscMatrix {
    return new CscMatrix(this.nrow, this.ncol, this.colPtr.slice(), this.rowIdx.slice(), values);
  }
}
