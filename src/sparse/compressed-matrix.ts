/**
 * What {@link CscMatrix} and {@link CsrMatrix} share: every method that reads
 * only the "major" view (columns of CSC, rows of CSR; see compressed.ts), so
 * it is written once and each class says which dimension is its major one.
 */
import {
  checkIndex,
  checkLength,
  checkStorage,
  findEntry,
  gatherMatvec,
  prepareMatvec,
  scaleByMajor,
  scaleByMinor,
  scatterMatvec,
  swapMajor,
  type Compressed,
  type NumArray,
} from './compressed.js';
import { DenseMatrix } from './dense-matrix.js';

/**
 * A sparse matrix in compressed storage (by columns or by rows); `M` is the
 * concrete class the methods return. Methods never mutate `this`.
 *
 * @example
 * ```ts
 * const A: CompressedMatrix<CscMatrix> = CscMatrix.identity(2);
 * A.matvec([1, 2]); // Float64Array [1, 2]
 * ```
 */
export abstract class CompressedMatrix<M extends CompressedMatrix<M>> {
  abstract readonly nrow: number;
  abstract readonly ncol: number;
  abstract readonly values: Float64Array;
  /**
   * The major view: `byColumn` (CSC: the major dimension is the column), the
   * pointers (length nMajor + 1) and the minor indices.
   */
  protected abstract readonly major: { byColumn: boolean; ptr: Int32Array; idx: Int32Array };

  private get byColumn(): boolean {
    return this.major.byColumn;
  }

  private get ptr(): Int32Array {
    return this.major.ptr;
  }

  private get idx(): Int32Array {
    return this.major.idx;
  }

  /** the class's name, for error messages */
  private get kind(): string {
    return this.byColumn ? 'CscMatrix' : 'CsrMatrix';
  }

  /** A matrix of the same class from its compressed arrays (both constructors take nrow, ncol, ptr, idx, values). */
  private make(nrow: number, ncol: number, c: Compressed): M {
    const Ctor = this.constructor as new (nrow: number, ncol: number, ptr: Int32Array, idx: Int32Array, values: Float64Array) => M;
    return new Ctor(nrow, ncol, c.ptr, c.idx, c.val);
  }

  private get nMajor(): number {
    return this.byColumn ? this.ncol : this.nrow;
  }

  private get nMinor(): number {
    return this.byColumn ? this.nrow : this.ncol;
  }

  /** Number of stored entries. @example `CscMatrix.identity(3).nnz // 3` */
  get nnz(): number {
    return this.ptr[this.nMajor] ?? 0;
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
    const [p, i] = this.byColumn ? ['colPtr', 'rowIdx'] : ['rowPtr', 'colIdx'];
    checkStorage(this.kind, this.nMajor, this.nMinor, this.ptr, this.idx, this.values, p, i);
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
    const { nrow, ncol, ptr, idx, values, byColumn } = this;
    const D = new DenseMatrix(nrow, ncol);
    const d = D.data;
    // entry (i, j) at i·ncol + j: major j, minor i (CSC) or major i, minor j (CSR)
    const sMajor = byColumn ? 1 : ncol;
    const sMinor = byColumn ? ncol : 1;
    for (let j = 0; j < this.nMajor; j++) {
      const base = j * sMajor;
      const end = ptr[j + 1]!;
      for (let p = ptr[j]!; p < end; p++) d[base + idx[p]! * sMinor]! += values[p]!;
    }
    return D;
  }

  /** The other storage's arrays of the same matrix (CSC ↔ CSR; O(nnz) counting sort). */
  protected swapped(): Compressed {
    return swapMajor(this.nMajor, this.nMinor, this.ptr, this.idx, this.values);
  }

  /**
   * Aᵀ, in the same storage (O(nnz) counting sort).
   *
   * @example
   * ```ts
   * CscMatrix.fromDense([[1, 2]]).transpose().toDense(); // [[1], [2]]
   * ```
   */
  transpose(): M {
    return this.make(this.ncol, this.nrow, this.swapped());
  }

  /**
   * A · diag(d) (new matrix, same pattern).
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).scaleColumns([2, 3]).get(1, 1); // 3
   * ```
   */
  scaleColumns(d: NumArray): M {
    checkLength(`${this.kind}.scaleColumns: d.length`, d, this.ncol);
    return this.withValues(this.byColumn ? scaleByMajor(this.ncol, this.ptr, this.values, d) : scaleByMinor(this.idx, this.values, d));
  }

  /**
   * diag(d) · A (new matrix, same pattern).
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).scaleRows([2, 3]).get(0, 0); // 2
   * ```
   */
  scaleRows(d: NumArray): M {
    checkLength(`${this.kind}.scaleRows: d.length`, d, this.nrow);
    return this.withValues(this.byColumn ? scaleByMinor(this.idx, this.values, d) : scaleByMajor(this.nrow, this.ptr, this.values, d));
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
    const y = prepareMatvec(`${this.kind}.matvec`, x, this.ncol, this.nrow, out);
    (this.byColumn ? scatterMatvec : gatherMatvec)(this.nMajor, this.ptr, this.idx, this.values, x, y);
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
    const y = prepareMatvec(`${this.kind}.matvecT`, x, this.nrow, this.ncol, out);
    (this.byColumn ? gatherMatvec : scatterMatvec)(this.nMajor, this.ptr, this.idx, this.values, x, y);
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
      const p = findEntry(this.ptr, this.idx, j, j);
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
  clone(): M {
    return this.withValues(this.values.slice());
  }

  /**
   * Entry (i, j) by binary search (O(log nnz) in its column or row); for
   * tests and edges, not hot loops.
   *
   * @example
   * ```ts
   * CscMatrix.identity(2).get(0, 1); // 0
   * ```
   */
  get(i: number, j: number): number {
    checkIndex(`${this.kind}.get`, i, j, this.nrow, this.ncol);
    const p = this.byColumn ? findEntry(this.ptr, this.idx, j, i) : findEntry(this.ptr, this.idx, i, j);
    return p < 0 ? 0 : this.values[p]!;
  }

  /** Same pattern (index arrays copied), new values. */
  private withValues(val: Float64Array): M {
    return this.make(this.nrow, this.ncol, { ptr: this.ptr.slice(), idx: this.idx.slice(), val });
  }
}
