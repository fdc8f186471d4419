/**
 * Format-agnostic kernels on compressed storage. A compressed matrix is
 * described by its "major" dimension (columns for CSC, rows for CSR), its
 * "minor" dimension, `ptr` (length nMajor + 1), `idx` (minor indices) and
 * `val`. CSC of A and CSR of Aᵀ share the same arrays, so one kernel serves
 * both classes. Internal module: the classes are the public face.
 *
 * @example
 * ```ts
 * // CSC arrays of a 2×2 matrix → CSR arrays of the same matrix
 * const t = swapMajor(2, 2, colPtr, rowIdx, values);
 * ```
 */
import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';

/** Compressed arrays of one matrix. @example `const c: Compressed = { ptr, idx, val };` */
export interface Compressed {
  ptr: Int32Array;
  idx: Int32Array;
  val: Float64Array;
}

/** Anything indexable by number: `number[]` or a typed array. @example `const v: NumArray = [1, 2];` */
export type NumArray = ArrayLike<number>;

/**
 * Check a dimension is a non-negative integer below 2³¹.
 *
 * @example
 * ```ts
 * checkDim('nrow', 3); // ok
 * ```
 */
export function checkDim(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
    throw new InvalidArgumentError(name, `must be a non-negative integer, got ${n}`);
  }
}

/**
 * Compress triplets (major[k], minor[k], val[k]) into canonical storage:
 * minor indices strictly increasing within each major slot, duplicates summed
 * (a sum that cancels is kept as an explicit zero, so the pattern is the
 * union of the inputs). Two stable counting sorts (by minor, then by major)
 * then one compaction pass: O(nnz + nMajor + nMinor).
 *
 * `majorName`/`minorName` name the index arrays in error messages.
 *
 * @example
 * ```ts
 * compressTriplets(2, 2, [0, 0, 1], [1, 1, 0], [1, 2, 3], 'cols', 'rows');
 * // ptr [0,1,2], idx [1,0], val [3,3]
 * ```
 */
export function compressTriplets(
  nMajor: number,
  nMinor: number,
  major: NumArray,
  minor: NumArray,
  val: NumArray,
  majorName: string,
  minorName: string,
): Compressed {
  const nz = major.length;
  if (minor.length !== nz) {
    throw new DimensionMismatchError(`fromTriplets: ${minorName}.length`, `${nz} (= ${majorName}.length)`, `${minor.length}`);
  }
  if (val.length !== nz) {
    throw new DimensionMismatchError('fromTriplets: values.length', `${nz} (= ${majorName}.length)`, `${val.length}`);
  }
  // validate and count per minor index
  const cntMinor = new Int32Array(nMinor + 1);
  const cntMajor = new Int32Array(nMajor + 1);
  for (let k = 0; k < nz; k++) {
    const a = major[k]!;
    const b = minor[k]!;
    if (!Number.isInteger(a) || a < 0 || a >= nMajor) {
      throw new InvalidArgumentError(`${majorName}[${k}]`, `index ${a} out of range [0, ${nMajor})`);
    }
    if (!Number.isInteger(b) || b < 0 || b >= nMinor) {
      throw new InvalidArgumentError(`${minorName}[${k}]`, `index ${b} out of range [0, ${nMinor})`);
    }
    cntMinor[b + 1]!++;
    cntMajor[a + 1]!++;
  }
  for (let i = 0; i < nMinor; i++) cntMinor[i + 1]! += cntMinor[i]!;
  for (let j = 0; j < nMajor; j++) cntMajor[j + 1]! += cntMajor[j]!;
  // perm1: triplet order sorted by minor (stable)
  const perm1 = new Int32Array(nz);
  for (let k = 0; k < nz; k++) perm1[cntMinor[minor[k]!]!++] = k;
  // distribute by major, stable → sorted by (major, minor)
  const next = cntMajor.slice(0, nMajor);
  const sIdx = new Int32Array(nz);
  const sVal = new Float64Array(nz);
  for (let t = 0; t < nz; t++) {
    const k = perm1[t]!;
    const q = next[major[k]!]!++;
    sIdx[q] = minor[k]!;
    sVal[q] = val[k]!;
  }
  // compact duplicates in place
  const ptr = new Int32Array(nMajor + 1);
  let w = 0;
  for (let j = 0; j < nMajor; j++) {
    const start = w;
    const end = cntMajor[j + 1]!;
    for (let p = cntMajor[j]!; p < end; p++) {
      const i = sIdx[p]!;
      if (w > start && sIdx[w - 1] === i) {
        sVal[w - 1]! += sVal[p]!;
      } else {
        sIdx[w] = i;
        sVal[w] = sVal[p]!;
        w++;
      }
    }
    ptr[j + 1] = w;
  }
  return {
    ptr,
    idx: w === nz ? sIdx : sIdx.slice(0, w),
    val: w === nz ? sVal : sVal.slice(0, w),
  };
}

/**
 * Swap major and minor: compressed-by-major → compressed-by-minor (CSC ↔ CSR
 * of the same matrix, or CSC of A → CSC of Aᵀ). A counting sort, so the output
 * is canonical (sorted) even when the input's minor indices are not.
 *
 * @example
 * ```ts
 * const csr = swapMajor(A.ncol, A.nrow, A.colPtr, A.rowIdx, A.values);
 * ```
 */
export function swapMajor(nMajor: number, nMinor: number, ptr: Int32Array, idx: Int32Array, val: Float64Array): Compressed {
  const nz = ptr[nMajor]!;
  const tPtr = new Int32Array(nMinor + 1);
  for (let p = 0; p < nz; p++) tPtr[idx[p]! + 1]!++;
  for (let i = 0; i < nMinor; i++) tPtr[i + 1]! += tPtr[i]!;
  const next = tPtr.slice(0, nMinor);
  const tIdx = new Int32Array(nz);
  const tVal = new Float64Array(nz);
  for (let j = 0; j < nMajor; j++) {
    const end = ptr[j + 1]!;
    for (let p = ptr[j]!; p < end; p++) {
      const q = next[idx[p]!]!++;
      tIdx[q] = j;
      tVal[q] = val[p]!;
    }
  }
  return { ptr: tPtr, idx: tIdx, val: tVal };
}

/**
 * Compress dense rows or row-major data, dropping exact zeros.
 * `byColumn` chooses CSC (true) or CSR (false) arrays.
 *
 * @example
 * ```ts
 * compressDense(2, 2, new Float64Array([1, 0, 0, 2]), true);
 * ```
 */
export function compressDense(nrow: number, ncol: number, data: Float64Array, byColumn: boolean): Compressed {
  let nz = 0;
  for (let k = 0; k < data.length; k++) if (data[k] !== 0) nz++;
  const idx = new Int32Array(nz);
  const val = new Float64Array(nz);
  if (byColumn) {
    const ptr = new Int32Array(ncol + 1);
    let w = 0;
    for (let j = 0; j < ncol; j++) {
      for (let i = 0; i < nrow; i++) {
        const v = data[i * ncol + j]!;
        if (v !== 0) {
          idx[w] = i;
          val[w++] = v;
        }
      }
      ptr[j + 1] = w;
    }
    return { ptr, idx, val };
  }
  const ptr = new Int32Array(nrow + 1);
  let w = 0;
  for (let i = 0; i < nrow; i++) {
    const base = i * ncol;
    for (let j = 0; j < ncol; j++) {
      const v = data[base + j]!;
      if (v !== 0) {
        idx[w] = j;
        val[w++] = v;
      }
    }
    ptr[i + 1] = w;
  }
  return { ptr, idx, val };
}

/**
 * Flatten `number[][]` rows to row-major data, checking they are rectangular.
 *
 * @example
 * ```ts
 * rowsToData([[1, 2], [3, 4]], 'fromDense'); // { nrow: 2, ncol: 2, data }
 * ```
 */
export function rowsToData(rows: readonly (readonly number[])[], what: string): { nrow: number; ncol: number; data: Float64Array } {
  const nrow = rows.length;
  const ncol = nrow > 0 ? rows[0]!.length : 0;
  const data = new Float64Array(nrow * ncol);
  for (let i = 0; i < nrow; i++) {
    const r = rows[i]!;
    if (!r || r.length !== ncol) {
      throw new DimensionMismatchError(`${what}: length of row ${i}`, `${ncol}`, `${r ? r.length : 'undefined'}`);
    }
    const base = i * ncol;
    for (let j = 0; j < ncol; j++) data[base + j] = r[j]!;
  }
  return { nrow, ncol, data };
}

/**
 * y = M x where M is stored compressed by row (CSR of M, or CSC of Mᵀ):
 * y_i = Σ_p val[p] x[idx[p]] over slot i. Overwrites `y` (length nMajor).
 *
 * @example
 * ```ts
 * gatherMatvec(A.nrow, A.rowPtr, A.colIdx, A.values, x, y); // y = A x for CSR A
 * ```
 */
export function gatherMatvec(nMajor: number, ptr: Int32Array, idx: Int32Array, val: Float64Array, x: NumArray, y: Float64Array): void {
  for (let i = 0; i < nMajor; i++) {
    let s = 0;
    const end = ptr[i + 1]!;
    for (let p = ptr[i]!; p < end; p++) s += val[p]! * x[idx[p]!]!;
    y[i] = s;
  }
}

/**
 * y = M x where M is stored compressed by column (CSC of M, or CSR of Mᵀ):
 * y += x_j · M[:, j]. Zeroes `y` (length nMinor) first.
 *
 * @example
 * ```ts
 * scatterMatvec(A.ncol, A.colPtr, A.rowIdx, A.values, x, y); // y = A x for CSC A
 * ```
 */
export function scatterMatvec(nMajor: number, ptr: Int32Array, idx: Int32Array, val: Float64Array, x: NumArray, y: Float64Array): void {
  y.fill(0);
  for (let j = 0; j < nMajor; j++) {
    const xj = x[j]!;
    const end = ptr[j + 1]!;
    for (let p = ptr[j]!; p < end; p++) y[idx[p]!]! += val[p]! * xj;
  }
}

/**
 * Check a vector operand length and the optional output; returns the output.
 *
 * @example
 * ```ts
 * const y = prepareMatvec('CscMatrix.matvec', x, 3, 2, out);
 * ```
 */
export function prepareMatvec(what: string, x: NumArray, nIn: number, nOut: number, out: Float64Array | undefined): Float64Array {
  if (x.length !== nIn) throw new DimensionMismatchError(`${what}: x.length`, `${nIn}`, `${x.length}`);
  if (out === undefined) return new Float64Array(nOut);
  if (out.length !== nOut) throw new DimensionMismatchError(`${what}: out.length`, `${nOut}`, `${out.length}`);
  if (out === x) throw new InvalidArgumentError(`${what}: out`, 'must not alias x');
  return out;
}

/**
 * val'[p] = val[p] · d[idx[p]] (scale by the minor index), new array.
 *
 * @example
 * ```ts
 * scaleByMinor(A.colPtr, A.rowIdx, A.values, d); // diag(d)·A for CSC A
 * ```
 */
export function scaleByMinor(idx: Int32Array, val: Float64Array, d: NumArray): Float64Array {
  const out = new Float64Array(val.length);
  for (let p = 0; p < val.length; p++) out[p] = val[p]! * d[idx[p]!]!;
  return out;
}

/**
 * val'[p] = val[p] · d[j] for p in slot j (scale by the major index), new array.
 *
 * @example
 * ```ts
 * scaleByMajor(A.ncol, A.colPtr, A.values, d); // A·diag(d) for CSC A
 * ```
 */
export function scaleByMajor(nMajor: number, ptr: Int32Array, val: Float64Array, d: NumArray): Float64Array {
  const out = new Float64Array(val.length);
  for (let j = 0; j < nMajor; j++) {
    const dj = d[j]!;
    const end = ptr[j + 1]!;
    for (let p = ptr[j]!; p < end; p++) out[p] = val[p]! * dj;
  }
  return out;
}

/**
 * Position of minor index `i` in slot `j` (binary search), or -1.
 *
 * @example
 * ```ts
 * findEntry(A.colPtr, A.rowIdx, j, i); // p with A.rowIdx[p] === i, or -1
 * ```
 */
export function findEntry(ptr: Int32Array, idx: Int32Array, j: number, i: number): number {
  let lo = ptr[j]!;
  let hi = ptr[j + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = idx[mid]!;
    if (v === i) return mid;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Check (i, j) lies inside an nrow × ncol matrix.
 *
 * @example
 * ```ts
 * checkIndex('get', 0, 1, 2, 2);
 * ```
 */
export function checkIndex(what: string, i: number, j: number, nrow: number, ncol: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= nrow) throw new InvalidArgumentError(`${what}: i`, `row ${i} out of range [0, ${nrow})`);
  if (!Number.isInteger(j) || j < 0 || j >= ncol) throw new InvalidArgumentError(`${what}: j`, `column ${j} out of range [0, ${ncol})`);
}

/**
 * Check a scaling vector's length.
 *
 * @example
 * ```ts
 * checkLength('scaleRows: d', d, A.nrow);
 * ```
 */
export function checkLength(what: string, d: NumArray, n: number): void {
  if (d.length !== n) throw new DimensionMismatchError(what, `${n}`, `${d.length}`);
}

/**
 * Canonical-storage check shared by both classes.
 *
 * @example
 * ```ts
 * checkStorage('CscMatrix', A.ncol, A.nrow, A.colPtr, A.rowIdx, A.values, 'colPtr', 'rowIdx');
 * ```
 */
export function checkStorage(
  what: string,
  nMajor: number,
  nMinor: number,
  ptr: Int32Array,
  idx: Int32Array,
  val: Float64Array,
  ptrName: string,
  idxName: string,
): void {
  checkDim(`${what}: major dimension`, nMajor);
  checkDim(`${what}: minor dimension`, nMinor);
  if (ptr.length !== nMajor + 1) throw new DimensionMismatchError(`${what}: ${ptrName}.length`, `${nMajor + 1}`, `${ptr.length}`);
  if (ptr[0] !== 0) throw new InvalidArgumentError(`${what}: ${ptrName}[0]`, `must be 0, got ${ptr[0]}`);
  const nz = ptr[nMajor]!;
  if (idx.length < nz) throw new DimensionMismatchError(`${what}: ${idxName}.length`, `>= ${nz}`, `${idx.length}`);
  if (val.length < nz) throw new DimensionMismatchError(`${what}: values.length`, `>= ${nz}`, `${val.length}`);
  for (let j = 0; j < nMajor; j++) {
    const a = ptr[j]!;
    const b = ptr[j + 1]!;
    if (b < a) throw new InvalidArgumentError(`${what}: ${ptrName}[${j + 1}]`, `decreases (${a} → ${b})`);
    for (let p = a; p < b; p++) {
      const i = idx[p]!;
      if (i < 0 || i >= nMinor) throw new InvalidArgumentError(`${what}: ${idxName}[${p}]`, `index ${i} out of range [0, ${nMinor})`);
      if (p > a && i <= idx[p - 1]!) throw new InvalidArgumentError(`${what}: ${idxName}[${p}]`, `not strictly increasing within slot ${j}`);
    }
  }
}
