import { DataError, DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import { CsrMatrix } from '../sparse/csr.js';
import type { VcMatrix } from './vcspec.js';
import { VCSpec, convertVc, vcShape } from './vcspec.js';

/** A group label. */
export type GroupLabel = number | string;

/** Convert a 1-D or row-major 2-D input to rows; `what` names it in errors. */
export function toRows(x: ArrayLike<number> | ArrayLike<ArrayLike<number>>, n: number, what: string): number[][] {
  if (x.length !== n) throw new DimensionMismatchError(what, `${n} rows`, `${x.length} rows`);
  const out: number[][] = [];
  let width = -1;
  for (let i = 0; i < n; i++) {
    const r = (x as ArrayLike<unknown>)[i];
    let row: number[];
    if (typeof r === 'number') row = [r];
    else if (r !== null && typeof r === 'object' && typeof (r as ArrayLike<number>).length === 'number') row = Array.from(r as ArrayLike<number>);
    else throw new DataError(`${what}: row ${i} is not a number or an array of numbers`, { column: what, row: i });
    if (width < 0) width = row.length;
    else if (row.length !== width) throw new DimensionMismatchError(`${what} row ${i}`, `${width} columns`, `${row.length} columns`);
    for (let j = 0; j < row.length; j++)
      if (typeof row[j] !== 'number') throw new DataError(`${what}[${i},${j}] is not a number`, { column: what, row: i });
    out.push(row);
  }
  return out;
}

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

/** Compare group labels: numbers numerically, strings by code point. */
export function compareLabels(a: GroupLabel, b: GroupLabel): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Rows `keep` (local indices) of a VC matrix. */
export function subsetVc(m: VcMatrix, keep: number[]): VcMatrix {
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
 */
export function checkRank(X: number[][], names: string[]): void {
  const p = names.length;
  if (p === 0) return;
  const g = new Float64Array(p * p);
  for (const r of X) for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) g[s * p + t]! += r[s]! * r[t]!;
  const d = new Float64Array(p);
  for (let s = 0; s < p; s++) d[s] = Math.sqrt(g[s * p + s]!) || 1;
  for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) g[s * p + t] = g[s * p + t]! / (d[s]! * d[t]!);
  // Cholesky with skip of dependent columns
  const ok: number[] = [];
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let v = g[j * p + j]!;
    for (const k of ok) v -= L[j * p + k]! ** 2;
    if (!(v > 1e-10)) {
      const zeroCol = g[j * p + j] === 0 || d[j] === 1 && g[j * p + j]! < 1e-300;
      const others = ok.map((k) => `'${names[k]}'`).join(', ');
      throw new DataError(
        zeroCol
          ? `exog is rank deficient: column '${names[j]}' is all zeros`
          : `exog is rank deficient: column '${names[j]}' is collinear with columns ${others}`,
        { column: names[j]!, row: -1 },
      );
    }
    const dj = Math.sqrt(v);
    L[j * p + j] = dj;
    for (let i = j + 1; i < p; i++) {
      let s = g[i * p + j]!;
      for (const k of ok) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / dj;
    }
    ok.push(j);
  }
}

/** The result of validating and grouping the constructor inputs. */
export interface PreparedData {
  endog: number[];
  exog: number[][];
  exogRe: number[][] | null;
  groups: GroupLabel[];
  exogVc: VCSpec;
  groupLabels: GroupLabel[];
  rowIndices: number[][];
  nDropped: number;
}

/**
 * Validate lengths and finiteness, apply `missing`, sort the group labels and
 * split the rows.
 */
export function prepareData(
  endog: ArrayLike<number>,
  exogIn: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  groupsIn: ArrayLike<GroupLabel>,
  exogReIn: ArrayLike<number> | ArrayLike<ArrayLike<number>> | undefined,
  exogVcIn: VCSpec | Record<string, Record<string, VcMatrix>> | undefined,
  missing: string,
  exogNames: string[] | undefined,
): PreparedData {
  if (!['none', 'drop', 'raise'].includes(missing)) throw new InvalidArgumentError('missing', `unknown value '${missing}' (expected 'none', 'drop' or 'raise')`);
  if (!endog || endog.length === 0) throw new DataError('endog is empty', { column: 'endog', row: -1 });
  const n0 = endog.length;
  const y0: number[] = [];
  for (let i = 0; i < n0; i++) {
    const v = endog[i];
    if (typeof v !== 'number') throw new DataError(`endog[${i}] is not a number`, { column: 'endog', row: i });
    y0.push(v);
  }
  const X0 = toRows(exogIn, n0, 'exog');
  if (!groupsIn || groupsIn.length !== n0) throw new DimensionMismatchError('groups', `${n0} labels`, `${groupsIn?.length ?? 0} labels`);
  const g0 = Array.from(groupsIn);
  const Z0 = exogReIn === undefined || exogReIn === null ? null : toRows(exogReIn, n0, 'exogRe');
  let kind: string | null = null;
  for (let i = 0; i < n0; i++) {
    const g = g0[i];
    const bad = g === null || g === undefined || (typeof g === 'number' && Number.isNaN(g));
    if (!bad) {
      const t = typeof g;
      if (t !== 'number' && t !== 'string') throw new DataError(`groups[${i}] is not a number or string`, { column: 'groups', row: i });
      if (kind === null) kind = t;
      else if (kind !== t) throw new DataError('groups mixes numbers and strings', { column: 'groups', row: i });
    }
  }
  // bad rows
  const badRow = (i: number): { column: string } | null => {
    if (!Number.isFinite(y0[i]!)) return { column: 'endog' };
    const xr = X0[i]!;
    for (let j = 0; j < xr.length; j++) if (!Number.isFinite(xr[j]!)) return { column: exogNames?.[j] ?? `exog[,${j}]` };
    if (Z0) {
      const zr = Z0[i]!;
      for (let j = 0; j < zr.length; j++) if (!Number.isFinite(zr[j]!)) return { column: `exogRe[,${j}]` };
    }
    const g = g0[i];
    if (g === null || g === undefined || (typeof g === 'number' && Number.isNaN(g))) return { column: 'groups' };
    return null;
  };
  const keep: boolean[] = new Array<boolean>(n0).fill(true);
  let nDropped = 0;
  for (let i = 0; i < n0; i++) {
    const b = badRow(i);
    if (!b) continue;
    if (missing === 'drop') {
      keep[i] = false;
      nDropped++;
    } else throw new DataError(`${b.column} has a missing or non-finite value at row ${i}`, { column: b.column, row: i });
  }
  if (nDropped === n0) throw new DataError('no complete rows left after dropping missing values', { column: 'endog', row: -1 });
  // group labels over all rows (for vc matrix row mapping), then kept ones
  const labelsAll = [...new Set(g0.filter((g) => g !== null && g !== undefined && !(typeof g === 'number' && Number.isNaN(g))))].sort(compareLabels);
  const ixAll = new Map<GroupLabel, number>();
  labelsAll.forEach((l, k) => ixAll.set(l, k));
  const localRowsKeep: number[][] = labelsAll.map(() => []);
  const localCount = labelsAll.map(() => 0);
  const endogK: number[] = [];
  const exogK: number[][] = [];
  const exogReK: number[][] | null = Z0 ? [] : null;
  const groupsK: GroupLabel[] = [];
  for (let i = 0; i < n0; i++) {
    const g = g0[i]!;
    const k = ixAll.get(g);
    const local = k === undefined ? -1 : localCount[k]!++;
    if (!keep[i]) continue;
    localRowsKeep[k!]!.push(local);
    endogK.push(y0[i]!);
    exogK.push(X0[i]!.slice());
    if (exogReK) exogReK.push(Z0![i]!.slice());
    groupsK.push(g);
  }
  const groupLabels = [...new Set(groupsK)].sort(compareLabels);
  const gix = new Map<GroupLabel, number>();
  groupLabels.forEach((l, k) => gix.set(l, k));
  const rowIndices: number[][] = groupLabels.map(() => []);
  for (let i = 0; i < groupsK.length; i++) rowIndices[gix.get(groupsK[i]!)!]!.push(i);
  // variance components
  let vc: VCSpec;
  if (!exogVcIn) vc = new VCSpec([], [], []);
  else if (exogVcIn instanceof VCSpec) vc = exogVcIn;
  else vc = convertVc(exogVcIn, (a, b) => compareLabels(a, b));
  const mats: VcMatrix[][] = [];
  const colnames: string[][][] = [];
  for (let k = 0; k < vc.names.length; k++) {
    const mk = vc.mats[k];
    if (!mk || mk.length !== labelsAll.length)
      throw new DimensionMismatchError(`exogVc.mats[${k}] (${vc.names[k]})`, `${labelsAll.length} groups`, `${mk?.length ?? 0} groups`);
    const outM: VcMatrix[] = [];
    const outC: string[][] = [];
    for (let gAll = 0; gAll < labelsAll.length; gAll++) {
      const m = mk[gAll]!;
      const [nr, nc] = vcShape(m);
      if (nr !== localCount[gAll]) throw new DimensionMismatchError(`exogVc.mats[${k}][${gAll}] (${vc.names[k]}, group ${String(labelsAll[gAll])})`, `${localCount[gAll]} rows`, `${nr} rows`);
      if (!gix.has(labelsAll[gAll]!)) continue;
      if (!(m instanceof CsrMatrix))
        for (let r = 0; r < m.length; r++)
          for (let j = 0; j < nc; j++) {
            const v = m[r]![j];
            if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(`exogVc ${vc.names[k]}: non-finite value in group ${String(labelsAll[gAll])} row ${r}`, { column: vc.names[k]!, row: r });
          }
      outM.push(nDropped > 0 ? subsetVc(m, localRowsKeep[gAll]!) : m);
      outC.push((vc.colnames[k]?.[gAll] ?? Array.from({ length: nc }, (_, j) => String(j))).map(String));
    }
    mats.push(outM);
    colnames.push(outC);
  }
  return {
    endog: endogK,
    exog: exogK,
    exogRe: exogReK,
    groups: groupsK,
    exogVc: new VCSpec(vc.names.slice(), colnames, mats),
    groupLabels,
    rowIndices,
    nDropped,
  };
}
