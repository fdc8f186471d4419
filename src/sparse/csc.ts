/**
 * Compressed sparse column storage. Canonical form: row indices strictly
 * increasing within each column, no duplicates, `colPtr.length === ncol + 1`.
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

  /** Number of stored entries. */
  get nnz(): number {
    return this.colPtr[this.ncol] ?? 0;
  }
}
