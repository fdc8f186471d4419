import { checkDim, compressDense, compressTriplets, rowsToData, type NumArray } from './compressed.js';
import { CompressedMatrix } from './compressed-matrix.js';
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
export class CsrMatrix extends CompressedMatrix<CsrMatrix> {
  constructor(
    readonly nrow: number,
    readonly ncol: number,
    readonly rowPtr: Int32Array,
    readonly colIdx: Int32Array,
    readonly values: Float64Array,
  ) {
    super();
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
   * The same matrix in CSC (canonical).
   *
   * @example
   * ```ts
   * CsrMatrix.identity(2).toCsc().colPtr; // Int32Array [0, 1, 2]
   * ```
   */
  toCsc(): CscMatrix {
    const t = this.swapped();
    return new CscMatrix(this.nrow, this.ncol, t.ptr, t.idx, t.val);
  }

  protected get major(): { byColumn: boolean; ptr: Int32Array; idx: Int32Array } {
    return { byColumn: false, ptr: this.rowPtr, idx: this.colIdx };
  }
}
