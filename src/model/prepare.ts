import { DataError, DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import { CsrMatrix } from '../sparse/csr.js';
import { groupCodesOf } from './group-codes.js';
import { isHandedOver } from './owned-storage.js';
import type { VcMatrix } from './terms/vcspec.js';
import { VCSpec, convertVc, vcShape } from './terms/vcspec.js';

/** A group label. */
export type GroupLabel = number | string;

/**
 * statsmodels' default exog names: `const` for a constant column, `x1, x2, …` otherwise.
 *
 * @example
 * ```ts
 * makeExogNames([[1, 2], [1, 3]]); // ['const', 'x1']
 * ```
 */
export function makeExogNames(rows: number[][]): string[] {
  const p = rows[0]?.length ?? 0;
  let constIdx = -1;
  let minVar = Infinity;
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (const r of rows) m += r[j]!;
    m /= rows.length;
    let v = 0;
    for (const r of rows) v += (r[j]! - m) ** 2;
    if (v === 0 && v < minVar) {
      minVar = v;
      constIdx = j;
      break;
    }
  }
  if (constIdx < 0) return Array.from({ length: p }, (_, j) => `x${j + 1}`);
  const names = Array.from({ length: p - 1 }, (_, j) => `x${j + 1}`);
  names.splice(constIdx, 0, 'const');
  return names;
}

/** A missing group label: null, undefined or NaN. */
function isMissingLabel(g: unknown): boolean {
  return g === null || g === undefined || (typeof g === 'number' && Number.isNaN(g));
}

/** The type of the present labels among groups[0..n): 'number', 'string' or null (none present); throws on another type or a mix. */
function labelKind(groups: ArrayLike<unknown>, n: number): string | null {
  let kind: string | null = null;
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (isMissingLabel(g)) continue;
    const t = typeof g;
    if (t !== 'number' && t !== 'string') throw new DataError(`groups[${i}] is not a number or string`, { column: 'groups', row: i });
    if (kind === null) kind = t;
    else if (kind !== t) throw new DataError('groups mixes numbers and strings', { column: 'groups', row: i });
  }
  return kind;
}

/**
 * Compare group labels: numbers numerically, strings by code point.
 *
 * @example
 * ```ts
 * [10, 2, 1].sort(compareLabels); // [1, 2, 10]
 * compareLabels('10', '9'); // < 0 (strings by code point)
 * ```
 */
export function compareLabels(a: GroupLabel, b: GroupLabel): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Rows `keep` (local indices) of a VC matrix. */
function subsetVc(m: VcMatrix, keep: number[]): VcMatrix {
  if (m instanceof CsrMatrix) {
    const rp = new Int32Array(keep.length + 1);
    let nnz = 0;
    for (let i = 0; i < keep.length; i++) {
      nnz += m.rowPtr[keep[i]! + 1]! - m.rowPtr[keep[i]!]!;
      rp[i + 1] = nnz;
    }
    const ci = new Int32Array(nnz);
    const vv = new Float64Array(nnz);
    let o = 0;
    for (const r of keep)
      for (let p = m.rowPtr[r]!; p < m.rowPtr[r + 1]!; p++) {
        ci[o] = m.colIdx[p]!;
        vv[o++] = m.values[p]!;
      }
    return new CsrMatrix(keep.length, m.ncol, rp, ci, vv);
  }
  return keep.map((r) => m[r]!.slice());
}

/**
 * Validate that the exog columns are linearly independent: Cholesky of the
 * scaled XᵀX; a pivot below 1e-10 marks a column as a combination of earlier ones.
 *
 * @example
 * ```ts
 * checkRank([[1, 2], [1, 2]], ['const', 'x1']); // throws DataError: 'x1' is collinear with 'const'
 * ```
 */
export function checkRank(X: number[][], names: string[]): void {
  const p = names.length;
  if (p === 0) return;
  const g = new Float64Array(p * p);
  for (const r of X) for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) g[s * p + t]! += r[s]! * r[t]!;
  gramRankCheck(g, p, names);
}

/**
 * Validated model data in typed storage (no per-row or per-group objects).
 *
 * @example
 * ```ts
 * const { y, X, p, rowPtr, rowIdx } = model.data; // rows of group g: rowIdx[rowPtr[g] .. rowPtr[g+1])
 * ```
 */
export interface TypedData {
  n: number;
  p: number;
  /** exog_re width; 0 when exog_re was not given */
  kRe: number;
  /** endog (n) */
  y: Float64Array;
  /** exog (n × p, row-major) */
  X: Float64Array;
  /** exog_re (n × kRe, row-major) or null */
  Zre: Float64Array | null;
  /** group index (into `groupLabels`) of each row */
  groupOf: Int32Array;
  /** sorted distinct labels */
  groupLabels: GroupLabel[];
  /** rows of group g: rowIdx[rowPtr[g] .. rowPtr[g+1]) in data order */
  rowPtr: Int32Array;
  rowIdx: Int32Array;
  exogVc: VCSpec;
  nDropped: number;
}

const isView = (x: unknown): x is ArrayLike<number> => ArrayBuffer.isView(x) && !(x instanceof DataView);

/**
 * A 2-D numeric input as row-major storage. Accepts a 1-D array (one column),
 * a row-major typed array of length n·p, an array of n rows, or an array of p
 * columns (each of length n ≠ p).
 *
 * @example
 * ```ts
 * toMatrix([Float64Array.of(1, 1), Float64Array.of(2, 3)], 2, 'exog'); // columns → {data: [1,2,1,3], width: 2}
 * ```
 */
export function toMatrix(x: ArrayLike<number> | ArrayLike<ArrayLike<number>>, n: number, what: string): { data: Float64Array; width: number } {
  if (isView(x)) {
    // storage built for this model alone is kept; anything else is copied (natively: `from` iterates)
    const data = isHandedOver(x) ? x : new Float64Array(x as unknown as ArrayLike<number>);
    if (x.length === n) return { data, width: 1 };
    if (n > 0 && x.length % n === 0) return { data, width: x.length / n };
    throw new DimensionMismatchError(what, `${n} rows (or n·p values)`, `${x.length} values`);
  }
  const first = (x as ArrayLike<unknown>)[0];
  const isSeq = (r: unknown): r is ArrayLike<number> => r !== null && typeof r === 'object' && typeof (r as ArrayLike<number>).length === 'number';
  if (x.length !== n && x.length > 0 && isSeq(first) && first.length === n) {
    // columns
    const p = x.length;
    const data = new Float64Array(n * p);
    for (let j = 0; j < p; j++) {
      const col = (x as ArrayLike<unknown>)[j];
      if (!isSeq(col) || col.length !== n) throw new DimensionMismatchError(`${what} column ${j}`, `${n} rows`, `${isSeq(col) ? col.length : 0} rows`);
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (typeof v !== 'number') throw new DataError(`${what}[${i},${j}] is not a number`, { column: what, row: i });
        data[i * p + j] = v;
      }
    }
    return { data, width: p };
  }
  if (x.length !== n) throw new DimensionMismatchError(what, `${n} rows`, `${x.length} rows`);
  if (n > 0 && typeof first === 'number') {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = (x as ArrayLike<unknown>)[i];
      if (typeof v !== 'number') throw new DataError(`${what}: row ${i} is not a number or an array of numbers`, { column: what, row: i });
      data[i] = v;
    }
    return { data, width: 1 };
  }
  // rows
  const width = isSeq(first) ? first.length : 0;
  const data = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    const r = (x as ArrayLike<unknown>)[i];
    if (typeof r === 'number') {
      if (width !== 1) throw new DimensionMismatchError(`${what} row ${i}`, `${width} columns`, '1 columns');
      data[i] = r;
      continue;
    }
    if (!isSeq(r)) throw new DataError(`${what}: row ${i} is not a number or an array of numbers`, { column: what, row: i });
    if (r.length !== width) throw new DimensionMismatchError(`${what} row ${i}`, `${width} columns`, `${r.length} columns`);
    for (let j = 0; j < width; j++) {
      const v = r[j];
      if (typeof v !== 'number') throw new DataError(`${what}[${i},${j}] is not a number`, { column: what, row: i });
      data[i * width + j] = v;
    }
  }
  return { data, width };
}

/**
 * statsmodels' default exog names from row-major storage (see `makeExogNames`).
 *
 * @example
 * ```ts
 * makeExogNamesTyped(Float64Array.of(1, 2, 1, 3), 2, 2); // ['const', 'x1']
 * ```
 */
export function makeExogNamesTyped(X: Float64Array, n: number, p: number): string[] {
  let constIdx = -1;
  for (let j = 0; j < p && constIdx < 0; j++) {
    const v0 = X[j]!;
    let same = n > 0;
    for (let i = 1; i < n && same; i++) if (X[i * p + j] !== v0) same = false;
    if (same) constIdx = j;
  }
  if (constIdx < 0) return Array.from({ length: p }, (_, j) => `x${j + 1}`);
  const names = Array.from({ length: p - 1 }, (_, j) => `x${j + 1}`);
  names.splice(constIdx, 0, 'const');
  return names;
}

/**
 * XᵀX (p × p row-major, both triangles) of row-major X (n × p), and Xᵀy when y is given.
 *
 * @example
 * ```ts
 * crossprodRows(Float64Array.of(1, 2, 1, 3), 2, 2).g; // [2, 5, 5, 13]
 * ```
 */
export function crossprodRows(X: Float64Array, n: number, p: number, y?: Float64Array): { g: Float64Array; b: Float64Array } {
  const g = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let s = 0; s < p; s++) {
      const xs = X[o + s]!;
      if (xs === 0) continue;
      if (y) b[s]! += xs * y[i]!;
      for (let t = s; t < p; t++) g[s * p + t]! += xs * X[o + t]!;
    }
  }
  for (let s = 0; s < p; s++) for (let t = 0; t < s; t++) g[s * p + t] = g[t * p + s]!;
  return { g, b };
}

/**
 * The rank check on a Gram matrix XᵀX (p × p row-major, overwritten): a
 * DataError naming the first collinear or all-zero column.
 *
 * @example
 * ```ts
 * checkRankGram(Float64Array.from(XtX), 2, ['Intercept', 'x']);
 * ```
 */
export function checkRankGram(g: Float64Array, p: number, names: string[]): void {
  gramRankCheck(g, p, names);
}

/** The pivot test of `checkRank` on a Gram matrix g = XᵀX (p×p row-major, upper triangle read). */
function gramRankCheck(g: Float64Array, p: number, names: string[]): void {
  const { keep } = pivotedCholesky(g, p);
  const j = keep.findIndex((c, k) => c !== k);
  const bad = j < 0 ? keep.length : j; // the first column not kept
  if (bad >= p) return;
  const others = keep.slice(0, bad).map((k) => `'${names[k]}'`).join(', ');
  throw new DataError(
    g[bad * p + bad] === 0
      ? `exog is rank deficient: column '${names[bad]}' is all zeros`
      : `exog is rank deficient: column '${names[bad]}' is collinear with columns ${others}`,
    { column: names[bad]!, row: -1 },
  );
}

/**
 * Cholesky of the scaled Gram matrix D⁻¹gD⁻¹ (d = √diag, 1 for a zero column;
 * g's upper triangle read) that skips each column whose pivot falls below
 * 1e-10 (a combination of the kept columns before it): L (p×p, rows and
 * columns of the kept columns filled), d and the kept columns in order.
 */
function pivotedCholesky(g: Float64Array, p: number): { L: Float64Array; d: Float64Array; keep: number[] } {
  const d = new Float64Array(p);
  for (let s = 0; s < p; s++) d[s] = Math.sqrt(g[s * p + s]!) || 1;
  const L = new Float64Array(p * p);
  const keep: number[] = [];
  for (let j = 0; j < p; j++) {
    let v = g[j * p + j]! / (d[j]! * d[j]!);
    for (const k of keep) v -= L[j * p + k]! ** 2;
    if (!(v > 1e-10)) continue;
    const dj = Math.sqrt(v);
    L[j * p + j] = dj;
    for (let i = j + 1; i < p; i++) {
      let s = g[j * p + i]! / (d[i]! * d[j]!);
      for (const k of keep) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / dj;
    }
    keep.push(j);
  }
  return { L, d, keep };
}

/** Stable counting sort of rows by group: returns rowPtr (G+1) and rowIdx (n). */
function partition(groupOf: Int32Array, G: number): { rowPtr: Int32Array; rowIdx: Int32Array } {
  const n = groupOf.length;
  const rowPtr = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) rowPtr[groupOf[i]! + 1]!++;
  for (let g = 0; g < G; g++) rowPtr[g + 1]! += rowPtr[g]!;
  const next = rowPtr.slice(0, G);
  const rowIdx = new Int32Array(n);
  for (let i = 0; i < n; i++) rowIdx[next[groupOf[i]!]!++] = i;
  return { rowPtr, rowIdx };
}

/**
 * Validate and group the constructor inputs into typed storage: numeric
 * labels are sorted numerically without per-row objects; the variance
 * component matrices are checked against the groups of all input rows and
 * cut to the kept rows (`checkVc`).
 *
 * @example
 * ```ts
 * const t = prepareTyped(Float64Array.of(1, 2, 3), [Float64Array.of(1, 1, 1)], Int32Array.of(0, 0, 1), undefined, undefined, 'none', undefined);
 * t.rowPtr; // [0, 2, 3]
 * ```
 */
export function prepareTyped(
  endog: ArrayLike<number>,
  exogIn: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  groupsIn: ArrayLike<GroupLabel>,
  exogReIn: ArrayLike<number> | ArrayLike<ArrayLike<number>> | undefined,
  exogVcIn: VCSpec | Record<string, Record<string, VcMatrix>> | undefined,
  missing: string,
  exogNames: string[] | undefined,
  endogName?: string,
): TypedData {
  if (exogVcIn) {
    const t = prepareTyped(endog, exogIn, groupsIn, exogReIn, undefined, missing, exogNames, endogName);
    t.exogVc = checkVc(exogVcIn, t, groupsIn);
    return t;
  }
  if (!['none', 'drop', 'raise'].includes(missing)) throw new InvalidArgumentError('missing', `unknown value '${missing}' (expected 'none', 'drop' or 'raise')`);
  if (!endog || endog.length === 0) throw new DataError('endog is empty', { column: 'endog', row: -1 });
  const n0 = endog.length;
  let y0: Float64Array;
  if (isHandedOver(endog)) y0 = endog; // built for this model alone (fromFormula's response)
  else if (isView(endog)) y0 = new Float64Array(endog as unknown as ArrayLike<number>);
  else {
    y0 = new Float64Array(n0);
    for (let i = 0; i < n0; i++) {
      const v = endog[i];
      if (typeof v !== 'number') throw new DataError(`endog[${i}] is not a number`, { column: 'endog', row: i });
      y0[i] = v;
    }
  }
  const { data: X0, width: p } = toMatrix(exogIn, n0, 'exog');
  if (!groupsIn || groupsIn.length !== n0) throw new DimensionMismatchError('groups', `${n0} labels`, `${groupsIn?.length ?? 0} labels`);
  const zr = exogReIn === undefined || exogReIn === null ? null : toMatrix(exogReIn, n0, 'exogRe');
  const Z0 = zr ? zr.data : null;
  const kRe = zr ? zr.width : 0;
  const numeric = isView(groupsIn);
  const coded = numeric ? undefined : groupCodesOf(groupsIn);
  const kind = numeric ? 'number' : coded ? 'string' : labelKind(groupsIn, n0);
  // bad rows: NaN is missing (dropped with missing: 'drop'); ±Infinity and |x| > 1e150 are always errors
  const yName = endogName ?? 'endog';
  let keep: Uint8Array | null = null;
  let nDropped = 0;
  for (let i = 0; i < n0; i++) {
    let col: string | null = null;
    if (!Number.isFinite(y0[i]!)) col = checkValue(y0[i]!, yName, i);
    if (col === null)
      for (let j = 0; j < p; j++)
        if (!(Math.abs(X0[i * p + j]!) <= MAX_ABS_VALUE)) {
          col = checkValue(X0[i * p + j]!, exogNames?.[j] ?? `exog[,${j}]`, i);
          break;
        }
    if (col === null && Z0)
      for (let j = 0; j < kRe; j++)
        if (!(Math.abs(Z0[i * kRe + j]!) <= MAX_ABS_VALUE)) {
          col = checkValue(Z0[i * kRe + j]!, `exogRe[,${j}]`, i);
          break;
        }
    if (col === null && Math.abs(y0[i]!) > MAX_ABS_VALUE) checkValue(y0[i]!, yName, i);
    if (col === null && coded) {
      if (coded.codes[i]! < 0) col = 'groups';
    } else if (col === null && !(groupsIn instanceof Int32Array)) {
      const g = groupsIn[i];
      if (isMissingLabel(g)) col = 'groups';
    }
    if (col === null) continue;
    if (missing !== 'drop') throw new DataError(`${col} has a missing or non-finite value at row ${i}`, { column: col, row: i });
    if (!keep) keep = new Uint8Array(n0).fill(1);
    keep[i] = 0;
    nDropped++;
  }
  if (nDropped === n0) throw new DataError(`all ${n0} rows were dropped because of missing values: no complete rows left`, { column: 'endog', row: -1 });
  const n = n0 - nDropped;
  let y = y0;
  let X = X0;
  let Zre = Z0;
  // kept row → input row (identity when nothing is dropped)
  const src = keep ? new Int32Array(n) : null;
  if (keep) for (let i = 0, k = 0; i < n0; i++) if (keep[i]) src![k++] = i;
  if (keep) {
    y = new Float64Array(n);
    X = new Float64Array(n * p);
    Zre = Z0 ? new Float64Array(n * kRe) : null;
    for (let k = 0; k < n; k++) {
      const i = src![k]!;
      y[k] = y0[i]!;
      X.set(X0.subarray(i * p, i * p + p), k * p);
      if (Zre) Zre.set(Z0!.subarray(i * kRe, i * kRe + kRe), k * kRe);
    }
  }
  // labels and group index
  const groupOf = new Int32Array(n);
  let groupLabels: GroupLabel[];
  if (kind === 'number' || kind === null) {
    const gv = src ? Float64Array.from(src, (i) => groupsIn[i] as number) : Float64Array.from(groupsIn as ArrayLike<number>);
    let sorted = true;
    for (let k = 1; k < n && sorted; k++) if (gv[k]! < gv[k - 1]!) sorted = false;
    const s = sorted ? gv : gv.slice().sort();
    let G = 0;
    for (let k = 0; k < n; k++) if (k === 0 || s[k] !== s[k - 1]) G++;
    const lab = new Float64Array(G);
    for (let k = 0, j = 0; k < n; k++) if (k === 0 || s[k] !== s[k - 1]) lab[j++] = s[k]!;
    if (sorted) for (let k = 0, j = 0; k < n; k++) {
      if (k > 0 && gv[k] !== gv[k - 1]) j++;
      groupOf[k] = j;
    }
    else
      for (let k = 0; k < n; k++) {
        const v = gv[k]!;
        let lo = 0;
        let hi = G - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (lab[mid]! < v) lo = mid + 1;
          else hi = mid;
        }
        groupOf[k] = lo;
      }
    groupLabels = Array.from(lab);
  } else if (coded) {
    // labels with level codes: sort the levels used, not one string per row
    const lv = coded.levels;
    const used = new Uint8Array(lv.length);
    for (let k = 0; k < n; k++) used[coded.codes[src ? src[k]! : k]!] = 1;
    const present: number[] = [];
    for (let c = 0; c < lv.length; c++) if (used[c]) present.push(c);
    let inOrder = true; // levels often come sorted already (string labels from a grouping factor)
    for (let j = 1; j < present.length && inOrder; j++) if (compareLabels(lv[present[j - 1]!]!, lv[present[j]!]!) >= 0) inOrder = false;
    if (!inOrder) present.sort((a, b) => compareLabels(lv[a]!, lv[b]!));
    const rank = new Int32Array(lv.length);
    present.forEach((c, j) => (rank[c] = j));
    for (let k = 0; k < n; k++) groupOf[k] = rank[coded.codes[src ? src[k]! : k]!]!;
    groupLabels = present.map((c) => lv[c]!);
  } else {
    const kept: GroupLabel[] = new Array<GroupLabel>(n);
    for (let k = 0; k < n; k++) kept[k] = groupsIn[src ? src[k]! : k]!;
    groupLabels = [...new Set(kept)].sort(compareLabels);
    const gix = new Map<GroupLabel, number>();
    groupLabels.forEach((l, k) => gix.set(l, k));
    for (let k = 0; k < n; k++) groupOf[k] = gix.get(kept[k]!)!;
  }
  checkNotConstant(y, yName);
  checkNotExact(y, X, n, p, yName);
  const out: TypedData = { n, p, kRe, y, X, Zre, groupOf, groupLabels, ...partition(groupOf, groupLabels.length), exogVc: new VCSpec([], [], []), nDropped };
  if (src) keptRows.set(out, src);
  return out;
}

/**
 * Largest magnitude accepted in the data: beyond it squares and cross
 * products overflow (1e150² · n reaches the double range), so the
 * likelihood could only come out as Infinity or NaN.
 *
 * @example
 * ```ts
 * Math.abs(1e200) > MAX_ABS_VALUE; // true: refused with a DataError
 * ```
 */
export const MAX_ABS_VALUE = 1e150;

/**
 * Classifies one value that failed the finiteness/magnitude test: NaN is a
 * missing value (returns the column, the caller drops or refuses the row);
 * ±Infinity and |x| > 1e150 throw a {@link DataError} naming column and row.
 */
function checkValue(v: number, column: string, row: number): string {
  if (Number.isNaN(v)) return column;
  if (!Number.isFinite(v)) throw new DataError(`${column} has a non-finite value (${v}) at row ${row}; only finite numbers can be fitted`, { column, row });
  if (Math.abs(v) > MAX_ABS_VALUE) throw new DataError(`${column} has the value ${v} at row ${row}, beyond ±1e150 (rescale the variable)`, { column, row });
  return column;
}

/**
 * A response reproduced exactly by the fixed effects (y in the column space of
 * X, e.g. the response used as a predictor) leaves no residual variance: the
 * likelihood has no maximum. Least squares on the columns that are not
 * combinations of earlier ones (a pivoted Cholesky of XᵀX, as the rank check);
 * an exact fit is ‖y − Xβ‖ ≤ 1e-9·‖y − ȳ‖.
 */
function checkNotExact(y: Float64Array, X: Float64Array, n: number, p: number, column: string): void {
  if (p === 0) return;
  if (n <= p) {
    throw new DataError(`the fixed effects have ${p} columns for ${n} observations: they reproduce the response ${column} exactly and leave nothing to estimate the variances`, { column, row: -1 });
  }
  const { g, b } = crossprodRows(X, n, p, y);
  const { L, d, keep } = pivotedCholesky(g, p);
  // (D⁻¹XᵀXD⁻¹) c = D⁻¹Xᵀy on the kept columns; β = D⁻¹c
  const c = new Float64Array(p);
  for (const j of keep) {
    let s = b[j]! / d[j]!;
    for (const k of keep) if (k < j) s -= L[j * p + k]! * c[k]!;
    c[j] = s / L[j * p + j]!;
  }
  for (let a = keep.length - 1; a >= 0; a--) {
    const j = keep[a]!;
    let s = c[j]!;
    for (let q = a + 1; q < keep.length; q++) s -= L[keep[q]! * p + j]! * c[keep[q]!]!;
    c[j] = s / L[j * p + j]!;
  }
  const beta = new Float64Array(p);
  for (const j of keep) beta[j] = c[j]! / d[j]!;
  const { rss, tss } = residualSums(y, X, n, p, beta);
  if (Math.sqrt(rss) <= 1e-9 * Math.sqrt(tss)) {
    throw new DataError(`the response ${column} is reproduced exactly by the fixed effects (zero residual variance): is the response, or a function of it, among the predictors?`, { column, row: -1 });
  }
}

/** ‖y − Xβ‖² and ‖y − ȳ‖². */
function residualSums(y: Float64Array, X: Float64Array, n: number, p: number, beta: Float64Array): { rss: number; tss: number } {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let rss = 0;
  let tss = 0;
  for (let i = 0, o = 0; i < n; i++, o += p) {
    let f = 0;
    for (let j = 0; j < p; j++) f += X[o + j]! * beta[j]!;
    const yi = y[i]!;
    rss += (yi - f) * (yi - f);
    tss += (yi - mean) * (yi - mean);
  }
  return { rss, tss };
}

/** A response with a single value cannot be fitted (zero residual variance): DataError naming it. */
function checkNotConstant(y: Float64Array, column: string): void {
  const y0 = y[0]!;
  for (let i = 1; i < y.length; i++) if (y[i] !== y0) return;
  throw new DataError(`the response ${column} is constant (all ${y.length} values are ${y0}): there is no variation to model`, { column, row: -1 });
}

/** A component of dimension d has d columns per level. */
function checkVcWidth(vc: VCSpec, k: number, nc: number, group: string): void {
  const d = vc.dims[k]!;
  if (nc % d !== 0) throw new DimensionMismatchError(`exogVc.mats[${k}] (${vc.names[k]}, group ${group})`, `a multiple of ${d} columns (dims[${k}] = ${d})`, `${nc} columns`);
}

/** Input row of each kept row, for data that dropped rows (the variance-component matrices are cut to them). */
const keptRows = new WeakMap<TypedData, Int32Array>();

/**
 * Variance components checked against the groups: `mats[k][g]` has one row per
 * input row of group g (the groups of all input rows with a label, dropped rows
 * included); when rows were dropped, the kept rows are cut out and groups left
 * without rows are skipped.
 */
function checkVc(exogVcIn: VCSpec | Record<string, Record<string, VcMatrix>>, t: TypedData, groupsIn: ArrayLike<GroupLabel>): VCSpec {
  const vc = exogVcIn instanceof VCSpec ? exogVcIn : convertVc(exogVcIn, (a, b) => compareLabels(a, b));
  const src = keptRows.get(t);
  let labels = t.groupLabels;
  let sizes = Array.from(labels, (_, g) => t.rowPtr[g + 1]! - t.rowPtr[g]!);
  // per group of all rows: the local indices of its kept rows (null: none kept)
  let keep: Array<number[] | null> | null = null;
  if (src) {
    const all: GroupLabel[] = [];
    for (let i = 0; i < groupsIn.length; i++) if (!isMissingLabel(groupsIn[i])) all.push(groupsIn[i]!);
    labels = [...new Set(all)].sort(compareLabels);
    const ix = new Map<GroupLabel, number>();
    labels.forEach((l, k) => ix.set(l, k));
    sizes = labels.map(() => 0);
    const local = new Int32Array(groupsIn.length);
    for (let i = 0; i < groupsIn.length; i++) {
      const k = ix.get(groupsIn[i]!);
      if (k !== undefined) local[i] = sizes[k]!++;
    }
    keep = labels.map(() => null);
    for (const i of src) (keep[ix.get(groupsIn[i]!)!] ??= []).push(local[i]!);
  }
  const G = labels.length;
  const mats: VcMatrix[][] = [];
  const colnames: string[][][] = [];
  for (let k = 0; k < vc.names.length; k++) {
    const mk = vc.mats[k];
    if (!mk || mk.length !== G) throw new DimensionMismatchError(`exogVc.mats[${k}] (${vc.names[k]})`, `${G} groups`, `${mk?.length ?? 0} groups`);
    const outM: VcMatrix[] = [];
    const outC: string[][] = [];
    for (let g = 0; g < G; g++) {
      const m = mk[g]!;
      const [nr, nc] = vcShape(m);
      const label = String(labels[g]);
      if (nr !== sizes[g]) throw new DimensionMismatchError(`exogVc.mats[${k}][${g}] (${vc.names[k]}, group ${label})`, `${sizes[g]} rows`, `${nr} rows`);
      checkVcWidth(vc, k, nc, label);
      const rows = keep ? keep[g] : undefined;
      if (rows === null) continue;
      const bad = (v: unknown): boolean => typeof v !== 'number' || !(Math.abs(v) <= MAX_ABS_VALUE);
      const fail = (v: unknown, r: number): never => {
        throw new DataError(`exogVc ${vc.names[k]}: ${typeof v === 'number' && Number.isFinite(v) ? `value ${v} beyond ±1e150` : `non-finite value${typeof v === 'number' ? ` (${v})` : ''}`} in group ${label} row ${r}`, { column: vc.names[k]!, row: r });
      };
      if (!(m instanceof CsrMatrix)) {
        for (let r = 0; r < m.length; r++)
          for (let j = 0; j < nc; j++) if (bad(m[r]![j])) fail(m[r]![j], r);
      } else {
        for (let r = 0; r < m.nrow; r++)
          for (let p = m.rowPtr[r]!; p < m.rowPtr[r + 1]!; p++) if (bad(m.values[p])) fail(m.values[p], r);
      }
      outM.push(rows ? subsetVc(m, rows) : m);
      outC.push((vc.colnames[k]?.[g] ?? Array.from({ length: nc }, (_, j) => String(j))).map(String));
    }
    mats.push(outM);
    colnames.push(outC);
  }
  return new VCSpec(vc.names.slice(), colnames, keep ? mats : vc.mats.slice(), vc.dims, vc.columns);
}
