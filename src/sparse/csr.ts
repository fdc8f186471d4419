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
import { CscMatrix } from './csc.js';
import { DenseMatrix } from './dense-matrix.js';

/**
 * Compressed sparse row storage. Canonical form: column indices strictly
 * increasing within each row, no duplicates, `rowPtr.length === nrow + 1`.
 * The constructor trusts its arguments (no copy, no check); use
 * {@link CsrMatrix.validate} when in doubt. Methods never mutate `this`.
 *
 * @example
 * ```ts
 * const A = CsrMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [4, 1, 3]);
 * A.nnz; // 3
 * ```
 */
export class CsrMatrix {
  constructor(
    readonly nrow: number,
    readonly ncol: number,
    readonly rowPtr: Int32Array,
    readonly colIdx: Int32Array,
    readonly values: Float64Array,
  ) {}

  /** Number of stored entries. @example `CsrMatrix.identity(3).nnz // 3` */
  get nnz(): number {
    return this.rowPtr[this.nrow] ?? 0;
  }

  /**
   * From triplets (rows[k], cols[k], values[k]); duplicates are summed.
   * Bad indices throw `InvalidArgumentError` naming the entry (e.g. `cols[4]`);
   * unequal array lengths throw `DimensionMismatchError`. Inputs are not mutated.
   *
   * @example
   * ```ts
   * CsrMatrix.fromTriplets(2, 2, [0, 0], [1, 1], [1, 2]).get(0, 1); // 3
   * ```
   */
  static fromTriplets(nrow: number, ncol: number, rows: NumArray, cols: NumArray, values: NumArray): CsrMatrix {
    checkDim('nrow', nrow);
    checkDim('ncol', ncol);
    const c = compressTriplets(nrow, ncol, rows, cols, values, 'rows', 'cols');
    return new CsrMatrix(nrow, ncol, c.ptr, c.idx, c.val);
  }

  /**
   * From dense rows or a {@link DenseMatrix}; exact zeros are not stored.
   *
   * @example
   * ```ts
   * CsrMatrix.fromDense([[1, 0], [0, 2]]).nnz; // 2
   * ```
   */
  static fromDense(rows: readonly (readonly number[])[] | DenseMatrix): CsrMatrix {
    const d = rows instanceof DenseMatrix ? rows : rowsToData(rows, 'CsrMatrix.fromDense');
    const c = compressDense(d.nrow, d.ncol, d.data, false);
    return new CsrMatrix(d.nrow, d.ncol, c.ptr, c.idx, c.val);
  }

  /**
   * n × n identity.
   *
   * @example
   * ```ts
   * CsrMatrix.identity(2).get(1, 1); // 1
   * ```
   */
  static identity(n: number): CsrMatrix {
    const I = CscMatrix.identity(n);
    return new CsrMatrix(n, n, I.colPtr, I.rowIdx, I.values);
  }

  /**
   * nrow × ncol with no stored entries.
   *
   * @example
   * ```ts
   * CsrMatrix.zeros(3, 2).nnz; // 0
   * ```
   */
  static zeros(nrow: number, ncol: number): CsrMatrix {
    checkDim('nrow', nrow);
    checkDim('ncol', ncol);
    return new CsrMatrix(nrow, ncol, new Int32Array(nrow + 1), new Int32Array(0), new Float64Array(0));
  }

  /**
   * Throw `InvalidArgumentError` unless the arrays are canonical.
   *
   * @example
   * ```ts
   * new CsrMatrix(1, 1, Int32Array.of(0, 1), Int32Array.of(0), Float64Array.of(2)).validate();
   * ```
   */
  validate(): void {
    checkStorage('CsrMatrix', this.nrow, this.ncol, this.rowPtr, this.colIdx, this.values, 'rowPtr', 'colIdx');
  }

  /**
   * Dense rows (`number[][]`).
   *
   * @example
   * ```ts
   * CsrMatrix.identity(2).toDense(); // [[1, 0], [0, 1]]
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
   * CsrMatrix.identity(2).toDenseMatrix().data; // Float64Array [1, 0, 0, 1]
   * ```
   */
  toDenseMatrix(): DenseMatrix {
    const { nrow, ncol, rowPtr, colIdx, values } = this;
    const D = new DenseMatrix(nrow, ncol);
    const d = D.data;
    for (let i = 0; i < nrow; i++) {
      const base = i * ncol;
      const end = rowPtr[i + 1]!;
      for (let p = rowPtr[i]!; p < end; p++) d[base + colIdx[p]!]! += values[p]!;
    }
    return D;
  }

  /**
   * Aᵀ, in CSR (O(nnz) counting sort).
   *
   * @example
   * ```ts
   * CsrMatrix.fromDense([[1, 2]]).transpose().toDense(); // [[1], [2]]
   * ```
   */
  transpose(): CsrMatrix {
    const t = swapMajor(this.nrow, this.ncol, this.rowPtr, this.colIdx, this.values);
    return new CsrMatrix(this.ncol, this.nrow, t.ptr, t.idx, t.val);
  }

  /**
   * The same matrix in CSC (canonical).
   *
   * @example
   * ```ts
   * CsrMatrix.identity(2).toCsc().colPtr; // Int32Array [0, 1, 2]
   * ```
   */
  toCsc(): CscMatrix {
    const t = swapMajor(this.nrow, this.ncol, this.rowPtr, this.colIdx, this.values);
    return new CscMatrix(this.nrow, this.ncol, t.ptr, t.idx, t.val);
  }

  /**
   * A · diag(d) (new matrix, same pattern).
   *
   * @example
   * ```ts
   * CsrMatrix.identity(2).scaleColumns([2, 3]).get(1, 1); // 3
   * ```
   */
  scaleColumns(d: NumArray): CsrMatrix {
    checkLength('CsrMatrix.scaleColumns: d.length', d, this.ncol);
    return this.withValues(scaleByMinor(this.colIdx, this.values, d));
  }

  /**
   * diag(d) · A (new matrix, same pattern).
   *
   * @example
   * ```ts
   * CsrMatrix.identity(2).scaleRows([2, 3]).get(0, 0); // 2
   * ```
   */
  scaleRows(d: NumArray): CsrMatrix {
    checkLength('CsrMatrix.scaleRows: d.length', d, this.nrow);
    return this.withValues(scaleByMajor(this.nrow, this.rowPtr, this.values, d));
  }

  /**
   * y = A x. `out` (length nrow), if given, is overwritten and returned.
   *
   * @example
   * ```ts
   * CsrMatrix.fromDense([[1, 2]]).matvec([1, 1]); // Float64Array [3]
   * ```
   */
  matvec(x: NumArray, out?: Float64Array): Float64Array {
    const y = prepareMatvec('CsrMatrix.matvec', x, this.ncol, this.nrow, out);
    gatherMatvec(this.nrow, this.rowPtr, this.colIdx, this.values, x, y);
    return y;
  }

  /**
   * y = Aᵀ x. `out` (length ncol), if given, is overwritten and returned.
   *
   * @example
   * ```ts
   * CsrMatrix.fromDense([[1, 2]]).matvecT([2]); // Float64Array [2, 4]
   * ```
   */
  matvecT(x: NumArray, out?: Float64Array): Float64Array {
    const y = prepareMatvec('CsrMatrix.matvecT', x, this.nrow, this.ncol, out);
    scatterMatvec(this.nrow, this.rowPtr, this.colIdx, this.values, x, y);
    return y;
  }

  /**
   * Main diagonal (length min(nrow, ncol)); absent entries are 0.
   *
   * @example
   * ```ts
   * CsrMatrix.fromDense([[1, 2], [3, 4]]).diagonal(); // Float64Array [1, 4]
   * ```
   */
  diagonal(): Float64Array {
    const n = Math.min(this.nrow, this.ncol);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = findEntry(this.rowPtr, this.colIdx, i, i);
      if (p >= 0) d[i] = this.values[p]!;
    }
    return d;
  }

  /**
   * Deep copy.
   *
   * @example
   * ```ts
   * const B = CsrMatrix.identity(2).clone();
   * ```
   */
  clone(): CsrMatrix {
    return new CsrMatrix(this.nrow, this.ncol, this.rowPtr.slice(), this.colIdx.slice(), this.values.slice());
  }

  /**
   * Entry (i, j) by binary search; for tests and edges, not hot loops.
   *
   * @example
   * ```ts
   * CsrMatrix.identity(2).get(0, 1); // 0
   * ```
   */
  get(i: number, j: number): number {
    checkIndex('CsrMatrix.get', i, j, this.nrow, this.ncol);
    const p = findEntry(this.rowPtr, this.colIdx, i, j);
    return p < 0 ? 0 : this.values[p]!;
  }

  /** Same pattern (index arrays copied), new values. */
  private withValues(values: Float64Array): CsrMatrix {
    return new CsrMatrix(this.nrow, this.ncol, this.rowPtr.slice(), this.colIdx.slice(), values);
  }
}
