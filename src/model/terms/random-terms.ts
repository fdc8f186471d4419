/**
 * The general (lme4) class at the array level: a list of random-effects terms,
 * each a grouping factor (one code or label per row) and its k columns of Z
 * (dense or CSR). Every term becomes a variance component of dimension k with
 * an unstructured k × k covariance (θ = its relative Cholesky factor), in one
 * group: Z = [Z₁ … Z_m], Λ(θ) = blockdiag(I_lᵢ ⊗ Tᵢ), M = I + ΛᵀZᵀZΛ.
 */
import { DataError, DimensionMismatchError, InvalidArgumentError } from '../../errors.js';
import { CsrMatrix } from '../../sparse/csr.js';
import { compareLabels, type GroupLabel } from '../prepare.js';
import { VCSpec } from './vcspec.js';

/**
 * One random-effects term `(z₁ + … + z_k | factor)`.
 *
 * @example
 * ```ts
 * const subj: RandomTermSpec = { name: 'subj', factor: subjLabels, z: rows.map((r) => [1, r.cond]), columnNames: ['(Intercept)', 'cond'] };
 * ```
 */
export interface RandomTermSpec {
  /** Name of the term (the grouping factor as lme4 prints it). */
  name: string;
  /** Grouping factor: one label (string or number) per row, or 0-based integer codes in an Int32Array. */
  factor: ArrayLike<GroupLabel> | Int32Array;
  /** Level names when `factor` is an Int32Array of codes (default '0', '1', …). */
  levels?: string[];
  /**
   * The term's columns: n rows of k values, a row-major Float64Array of length n·k (with `columnNames`
   * giving k), or an n × k `CsrMatrix`. Default: a random intercept (k = 1, all ones).
   */
  z?: ArrayLike<ArrayLike<number>> | Float64Array | CsrMatrix;
  /** Names of the k columns (default `(Intercept)` for the intercept-only default, else 'z1', 'z2', …). */
  columnNames?: string[];
}

/**
 * The variance-component form of a list of terms: one component per term,
 * dimension k, level-major columns (level j's k columns adjacent), levels
 * sorted as the model sorts group labels.
 *
 * @example
 * ```ts
 * const vc = termsToVcSpec([{ name: 'g', factor: ['a', 'b', 'a'] }], 3);
 * vc.dims; // [1]
 * ```
 */
export function termsToVcSpec(terms: readonly RandomTermSpec[], n: number): VCSpec {
  if (!Array.isArray(terms) || terms.length === 0) throw new InvalidArgumentError('terms', 'expected a non-empty list of random-effects terms');
  const names: string[] = [];
  const colnames: string[][][] = [];
  const mats: CsrMatrix[][] = [];
  const dims: number[] = [];
  const columns: string[][] = [];
  const used = new Set<string>();
  terms.forEach((t, ti) => {
    if (typeof t?.name !== 'string' || t.name === '') throw new InvalidArgumentError(`terms[${ti}].name`, 'expected a non-empty string');
    let name = t.name;
    for (let k = 1; used.has(name); k++) name = `${t.name}.${k}`;
    used.add(name);
    const { codes, levels } = factorCodes(t, ti, n);
    const { k, rowPtr, colIdx, values } = termColumns(t, ti, n);
    const cn = t.columnNames ?? (t.z === undefined ? ['(Intercept)'] : Array.from({ length: k }, (_, j) => `z${j + 1}`));
    if (cn.length !== k) throw new DimensionMismatchError(`terms[${ti}].columnNames`, `${k} names`, `${cn.length}`);
    // Z_t: row i's k columns at level codes[i]
    const rp = new Int32Array(n + 1);
    const ci = new Int32Array(rowPtr[n]!);
    const vv = new Float64Array(rowPtr[n]!);
    let nz = 0;
    for (let i = 0; i < n; i++) {
      const base = codes[i]! * k;
      for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) {
        const v = values[e]!;
        if (!Number.isFinite(v)) throw new DataError(`terms[${ti}] (${t.name}): non-finite value in column '${cn[colIdx[e]!]}' at row ${i}`, { column: t.name, row: i });
        if (v === 0) continue;
        ci[nz] = base + colIdx[e]!;
        vv[nz++] = v;
      }
      rp[i + 1] = nz;
    }
    names.push(name);
    colnames.push([levels]);
    mats.push([new CsrMatrix(n, levels.length * k, rp, ci.slice(0, nz), vv.slice(0, nz))]);
    dims.push(k);
    columns.push(cn.slice());
  });
  return new VCSpec(names, colnames, mats, dims, columns);
}

function factorCodes(t: RandomTermSpec, ti: number, n: number): { codes: Int32Array; levels: string[] } {
  const f = t.factor;
  if (f === undefined || f === null || typeof (f as ArrayLike<unknown>).length !== 'number') throw new InvalidArgumentError(`terms[${ti}].factor`, 'expected one label or code per row');
  if (f.length !== n) throw new DimensionMismatchError(`terms[${ti}].factor (${t.name})`, `${n} rows`, `${f.length} rows`);
  if (f instanceof Int32Array) {
    let l = 0;
    for (let i = 0; i < n; i++) {
      if (f[i]! < 0) throw new DataError(`terms[${ti}] (${t.name}): negative factor code at row ${i}`, { column: t.name, row: i });
      l = Math.max(l, f[i]! + 1);
    }
    const levels = t.levels ? t.levels.slice() : Array.from({ length: l }, (_, j) => String(j));
    if (levels.length < l) throw new DimensionMismatchError(`terms[${ti}].levels (${t.name})`, `at least ${l} level names`, `${levels.length}`);
    return { codes: f, levels };
  }
  const labels: GroupLabel[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = f[i] as GroupLabel;
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) throw new DataError(`terms[${ti}] (${t.name}): missing factor level at row ${i}`, { column: t.name, row: i });
    labels[i] = v;
  }
  const sorted = [...new Set(labels)].sort(compareLabels);
  const pos = new Map<GroupLabel, number>(sorted.map((g, j) => [g, j]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = pos.get(labels[i]!)!;
  return { codes, levels: sorted.map(String) };
}

function termColumns(t: RandomTermSpec, ti: number, n: number): { k: number; rowPtr: Int32Array; colIdx: Int32Array; values: Float64Array } {
  const z = t.z;
  if (z === undefined) {
    const rowPtr = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) rowPtr[i + 1] = i + 1;
    return { k: 1, rowPtr, colIdx: new Int32Array(n), values: new Float64Array(n).fill(1) };
  }
  if (z instanceof CsrMatrix) {
    if (z.nrow !== n) throw new DimensionMismatchError(`terms[${ti}].z (${t.name})`, `${n} rows`, `${z.nrow} rows`);
    return { k: z.ncol, rowPtr: z.rowPtr, colIdx: z.colIdx, values: z.values };
  }
  if (z instanceof Float64Array) {
    const k = t.columnNames?.length ?? (n > 0 ? z.length / n : 0);
    if (!Number.isInteger(k) || k < 1 || z.length !== n * k) throw new DimensionMismatchError(`terms[${ti}].z (${t.name})`, `n·k = ${n}·k values (k from columnNames)`, `${z.length}`);
    const rowPtr = new Int32Array(n + 1);
    const colIdx = new Int32Array(n * k);
    for (let i = 0; i < n; i++) {
      rowPtr[i + 1] = (i + 1) * k;
      for (let a = 0; a < k; a++) colIdx[i * k + a] = a;
    }
    return { k, rowPtr, colIdx, values: z };
  }
  if (z.length !== n) throw new DimensionMismatchError(`terms[${ti}].z (${t.name})`, `${n} rows`, `${z.length} rows`);
  const k = n > 0 ? (z[0]?.length ?? 0) : (t.columnNames?.length ?? 1);
  if (k < 1) throw new InvalidArgumentError(`terms[${ti}].z`, 'expected at least one column');
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(n * k);
  const values = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = z[i];
    if (!row || row.length !== k) throw new DimensionMismatchError(`terms[${ti}].z (${t.name}) row ${i}`, `${k} columns`, `${row?.length ?? 0}`);
    rowPtr[i + 1] = (i + 1) * k;
    for (let a = 0; a < k; a++) {
      colIdx[i * k + a] = a;
      const v = row[a];
      if (typeof v !== 'number') throw new DataError(`terms[${ti}] (${t.name}): non-numeric value at row ${i}, column ${a}`, { column: t.name, row: i });
      values[i * k + a] = v;
    }
  }
  return { k, rowPtr, colIdx, values };
}
