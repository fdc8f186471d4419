import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import { CscMatrix } from './csc.js';
import { CsrMatrix } from './csr.js';

/** Output storage of {@link hstack} / {@link vstack}. @example `const o: StackOptions = { format: 'csc' };` */
export interface StackOptions {
  /** `'csr'` (default) or `'csc'`. */
  format?: 'csr' | 'csc';
}

type Sparse = CscMatrix | CsrMatrix;

/** Column-compressed view (ptr over columns, row indices) of a matrix. */
function cscArrays(A: Sparse): CscMatrix {
  return A instanceof CscMatrix ? A : A.toCsc();
}

/** Row-compressed view (ptr over rows, column indices) of a matrix. */
function csrArrays(A: Sparse): CsrMatrix {
  return A instanceof CsrMatrix ? A : A.toCsr();
}

function checkList(what: string, mats: readonly Sparse[]): void {
  if (mats.length === 0) throw new InvalidArgumentError(`${what}: mats`, 'needs at least one matrix');
  for (let k = 0; k < mats.length; k++) {
    const m = mats[k];
    if (!(m instanceof CscMatrix || m instanceof CsrMatrix)) {
      throw new InvalidArgumentError(`${what}: mats[${k}]`, 'must be a CscMatrix or CsrMatrix');
    }
  }
}

/**
 * Concatenate compressed blocks along the major dimension: block k's slots
 * follow block k-1's, indices unchanged. All blocks share the minor size.
 */
function concatMajor(blocks: { n: number; ptr: Int32Array; idx: Int32Array; val: Float64Array }[]): {
  ptr: Int32Array;
  idx: Int32Array;
  val: Float64Array;
} {
  let nMajor = 0;
  let nz = 0;
  for (const b of blocks) {
    nMajor += b.n;
    nz += b.ptr[b.n]!;
  }
  const ptr = new Int32Array(nMajor + 1);
  const idx = new Int32Array(nz);
  const val = new Float64Array(nz);
  let j0 = 0;
  let p0 = 0;
  for (const b of blocks) {
    const bnz = b.ptr[b.n]!;
    idx.set(b.idx.subarray(0, bnz), p0);
    val.set(b.val.subarray(0, bnz), p0);
    for (let j = 1; j <= b.n; j++) ptr[j0 + j] = p0 + b.ptr[j]!;
    j0 += b.n;
    p0 += bnz;
  }
  return { ptr, idx, val };
}

/**
 * Concatenate blocks along the minor dimension: slot j of the result is slot
 * j of block 0, then of block 1 (indices shifted by the preceding minor
 * sizes), … — so indices stay sorted.
 */
function concatMinor(
  nMajor: number,
  blocks: { m: number; ptr: Int32Array; idx: Int32Array; val: Float64Array }[],
): { ptr: Int32Array; idx: Int32Array; val: Float64Array } {
  let nz = 0;
  for (const b of blocks) nz += b.ptr[nMajor]!;
  const ptr = new Int32Array(nMajor + 1);
  const idx = new Int32Array(nz);
  const val = new Float64Array(nz);
  let w = 0;
  for (let j = 0; j < nMajor; j++) {
    let off = 0;
    for (const b of blocks) {
      const end = b.ptr[j + 1]!;
      for (let p = b.ptr[j]!; p < end; p++) {
        idx[w] = b.idx[p]! + off;
        val[w++] = b.val[p]!;
      }
      off += b.m;
    }
    ptr[j + 1] = w;
  }
  return { ptr, idx, val };
}

/**
 * Horizontal stack [A₀ A₁ …] (all with the same number of rows), as statsmodels
 * builds a crossed model's Z from indicator blocks. Returns CSR by default,
 * CSC with `{ format: 'csc' }` (cheaper when the inputs are CSC: a plain
 * concatenation of columns). Inputs are not mutated.
 *
 * @example
 * ```ts
 * const Z = hstack([CscMatrix.identity(2), CscMatrix.identity(2)]); // 2×4 CSR
 * ```
 */
export function hstack(mats: readonly Sparse[], options?: StackOptions & { format?: 'csr' }): CsrMatrix;
export function hstack(mats: readonly Sparse[], options: StackOptions & { format: 'csc' }): CscMatrix;
export function hstack(mats: readonly Sparse[], options?: StackOptions): CsrMatrix | CscMatrix;
export function hstack(mats: readonly Sparse[], options: StackOptions = {}): CsrMatrix | CscMatrix {
  checkList('hstack', mats);
  const nrow = mats[0]!.nrow;
  let ncol = 0;
  for (let k = 0; k < mats.length; k++) {
    const m = mats[k]!;
    if (m.nrow !== nrow) throw new DimensionMismatchError(`hstack: rows of mats[${k}]`, `${nrow}`, `${m.nrow}`);
    ncol += m.ncol;
  }
  if (options.format === 'csc') {
    const c = concatMajor(mats.map((m) => {
      const a = cscArrays(m);
      return { n: a.ncol, ptr: a.colPtr, idx: a.rowIdx, val: a.values };
    }));
    return new CscMatrix(nrow, ncol, c.ptr, c.idx, c.val);
  }
  const c = concatMinor(nrow, mats.map((m) => {
    const a = csrArrays(m);
    return { m: a.ncol, ptr: a.rowPtr, idx: a.colIdx, val: a.values };
  }));
  return new CsrMatrix(nrow, ncol, c.ptr, c.idx, c.val);
}

/**
 * Vertical stack [A₀; A₁; …] (all with the same number of columns). Returns
 * CSR by default (a plain concatenation of rows), CSC with `{ format: 'csc' }`.
 *
 * @example
 * ```ts
 * const B = vstack([CsrMatrix.identity(2), CsrMatrix.identity(2)]); // 4×2 CSR
 * ```
 */
export function vstack(mats: readonly Sparse[], options?: StackOptions & { format?: 'csr' }): CsrMatrix;
export function vstack(mats: readonly Sparse[], options: StackOptions & { format: 'csc' }): CscMatrix;
export function vstack(mats: readonly Sparse[], options?: StackOptions): CsrMatrix | CscMatrix;
export function vstack(mats: readonly Sparse[], options: StackOptions = {}): CsrMatrix | CscMatrix {
  checkList('vstack', mats);
  const ncol = mats[0]!.ncol;
  let nrow = 0;
  for (let k = 0; k < mats.length; k++) {
    const m = mats[k]!;
    if (m.ncol !== ncol) throw new DimensionMismatchError(`vstack: columns of mats[${k}]`, `${ncol}`, `${m.ncol}`);
    nrow += m.nrow;
  }
  if (options.format === 'csc') {
    const c = concatMinor(ncol, mats.map((m) => {
      const a = cscArrays(m);
      return { m: a.nrow, ptr: a.colPtr, idx: a.rowIdx, val: a.values };
    }));
    return new CscMatrix(nrow, ncol, c.ptr, c.idx, c.val);
  }
  const c = concatMajor(mats.map((m) => {
    const a = csrArrays(m);
    return { n: a.nrow, ptr: a.rowPtr, idx: a.colIdx, val: a.values };
  }));
  return new CsrMatrix(nrow, ncol, c.ptr, c.idx, c.val);
}
