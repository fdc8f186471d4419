import { checkDim, compressDense, compressTriplets, rowsToData, type NumArray } from './compressed.js';
import { CompressedMatrix } from './compressed-matrix.js';
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
export class CscMatrix extends CompressedMatrix<CscMatrix> {
  constructor(
    readonly nrow: number,
    readonly ncol: number,
    readonly colPtr: Int32Array,
    readonly rowIdx: Int32Array,
    readonly values: Float64Array,
  ) {
    super();
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
   * The same matrix in CSR (canonical).
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).toCsr().rowPtr; // Int32Array [0, 1, 2]
   * ```
   */
  toCsr(): CsrMatrix {
    const t = this.swapped();
    return new CsrMatrix(this.nrow, this.ncol, t.ptr, t.idx, t.val);
  }

  protected get major(): { byColumn: boolean; ptr: Int32Array; idx: Int32Array } {
    return { byColumn: true, ptr: this.colPtr, idx: this.rowIdx };
  }
}
