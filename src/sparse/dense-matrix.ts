import { DimensionMismatchError } from '../errors.js';
import { checkDim, checkIndex, rowsToData } from './compressed.js';

/**
 * Dense matrix in ROW-major order: entry (i, j) is `data[i * ncol + j]`.
 * A thin container for small and medium dense blocks next to the sparse code.
 *
 * @example
 * ```ts
 * const B = DenseMatrix.fromRows([[1, 2], [3, 4]]);
 * B.get(1, 0); // 3
 * ```
 */
export class DenseMatrix {
  /**
   * Wraps `data` (not copied); allocates zeros when omitted.
   *
   * @example
   * ```ts
   * new DenseMatrix(2, 3); // 2×3 zeros
   * ```
   */
  constructor(
    readonly nrow: number,
    readonly ncol: number,
    readonly data: Float64Array = new Float64Array(nrow * ncol),
  ) {
    checkDim('nrow', nrow);
    checkDim('ncol', ncol);
    if (data.length !== nrow * ncol) {
      throw new DimensionMismatchError('DenseMatrix: data.length', `${nrow * ncol} (= ${nrow}×${ncol})`, `${data.length}`);
    }
  }

  /**
   * From an array of equal-length rows (copied). `[]` gives 0×0.
   *
   * @example
   * ```ts
   * DenseMatrix.fromRows([[1, 0], [0, 1]]);
   * ```
   */
  static fromRows(rows: readonly (readonly number[])[]): DenseMatrix {
    const { nrow, ncol, data } = rowsToData(rows, 'DenseMatrix.fromRows');
    return new DenseMatrix(nrow, ncol, data);
  }

  /**
   * nrow × ncol zeros.
   *
   * @example
   * ```ts
   * DenseMatrix.zeros(3, 2);
   * ```
   */
  static zeros(nrow: number, ncol: number): DenseMatrix {
    return new DenseMatrix(nrow, ncol);
  }

  /**
   * n × n identity.
   *
   * @example
   * ```ts
   * DenseMatrix.identity(3).get(2, 2); // 1
   * ```
   */
  static identity(n: number): DenseMatrix {
    const I = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
    return I;
  }

  /**
   * Entry (i, j); throws `InvalidArgumentError` outside the matrix.
   *
   * @example
   * ```ts
   * DenseMatrix.identity(2).get(0, 1); // 0
   * ```
   */
  get(i: number, j: number): number {
    checkIndex('DenseMatrix.get', i, j, this.nrow, this.ncol);
    return this.data[i * this.ncol + j]!;
  }

  /**
   * Rows as `number[][]` (a copy).
   *
   * @example
   * ```ts
   * DenseMatrix.identity(2).toRows(); // [[1, 0], [0, 1]]
   * ```
   */
  toRows(): number[][] {
    const { nrow, ncol, data } = this;
    const out: number[][] = new Array<number[]>(nrow);
    for (let i = 0; i < nrow; i++) out[i] = Array.from(data.subarray(i * ncol, (i + 1) * ncol));
    return out;
  }

  /**
   * Transpose (new matrix).
   *
   * @example
   * ```ts
   * DenseMatrix.fromRows([[1, 2]]).transpose().toRows(); // [[1], [2]]
   * ```
   */
  transpose(): DenseMatrix {
    const { nrow, ncol, data } = this;
    const T = new DenseMatrix(ncol, nrow);
    const t = T.data;
    for (let i = 0; i < nrow; i++) {
      const base = i * ncol;
      for (let j = 0; j < ncol; j++) t[j * nrow + i] = data[base + j]!;
    }
    return T;
  }

  /**
   * Deep copy.
   *
   * @example
   * ```ts
   * const C = DenseMatrix.identity(2).clone();
   * ```
   */
  clone(): DenseMatrix {
    return new DenseMatrix(this.nrow, this.ncol, this.data.slice());
  }
}
