/**
 * Compressed sparse row storage. Canonical form: column indices strictly
 * increasing within each row, no duplicates, `rowPtr.length === nrow + 1`.
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

  /** Number of stored entries. */
  get nnz(): number {
    return this.rowPtr[this.nrow] ?? 0;
  }
}
