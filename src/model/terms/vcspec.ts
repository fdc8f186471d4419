import { DimensionMismatchError, InvalidArgumentError } from '../../errors.js';
import { CsrMatrix } from '../../sparse/csr.js';

/** A design matrix of one variance component in one group: dense rows or CSR. */
export type VcMatrix = number[][] | CsrMatrix;

/**
 * Variance-component structure, as statsmodels' `VCSpec`: `mats[k][i]` is the
 * design matrix of component `k` in group `i` (groups in sorted order),
 * `colnames[k][i]` its column names.
 *
 * The general (lme4) class adds `dims[k]` (default 1): component k then has
 * `dims[k]` columns per level, level-major (level j's columns `j·d … j·d+d−1`
 * adjacent), and an unstructured d × d covariance repeated over its levels;
 * `colnames[k][i]` then names the levels (one name per d columns). statsmodels'
 * components are the case d = 1 (covariance `vcomp[k]·I`).
 *
 * @example
 * ```ts
 * const vc = new VCSpec(['cask'], [[['a', 'b']]], [[[[1, 0], [0, 1]]]]);
 * // a correlated (1 + x | g) term with two levels: columns [1_a, x_a, 1_b, x_b]
 * const corr = new VCSpec(['g'], [[['a', 'b']]], [[[[1, 0.5, 0, 0], [0, 0, 1, 2]]]], [2]);
 * ```
 */
export class VCSpec {
  readonly dims: number[];
  /** names of each component's d columns (default '0', '1', …; unused when d = 1) */
  readonly columns: string[][];
  constructor(
    readonly names: string[],
    readonly colnames: string[][][],
    readonly mats: VcMatrix[][],
    dims?: ArrayLike<number>,
    columns?: string[][],
  ) {
    this.dims = dims ? Array.from(dims) : names.map(() => 1);
    this.columns = columns ? columns.map((c) => c.slice()) : this.dims.map((d) => Array.from({ length: d }, (_, j) => String(j)));
    this.columns.forEach((c, k) => {
      if (c.length !== this.dims[k]) throw new DimensionMismatchError(`VCSpec columns[${k}]`, `${this.dims[k]} names`, `${c.length}`);
    });
    if (this.dims.length !== names.length) throw new DimensionMismatchError('VCSpec dims', `${names.length} dimensions`, `${this.dims.length}`);
    this.dims.forEach((d, k) => {
      if (!Number.isInteger(d) || d < 1) throw new InvalidArgumentError(`dims[${k}]`, `expected a positive integer, got ${String(d)}`);
    });
  }
}

/**
 * Number of covariance parameters of components with the given dimensions:
 * Σ d(d+1)/2 (the packed lower triangles).
 *
 * @example
 * ```ts
 * vcParamCount([1, 2, 1]); // 5
 * ```
 */
export function vcParamCount(dims: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < dims.length; k++) s += (dims[k]! * (dims[k]! + 1)) / 2;
  return s;
}

/**
 * Rows and columns of a VC matrix.
 *
 * @example
 * ```ts
 * vcShape([[1, 0], [0, 1], [1, 1]]); // [3, 2]
 * ```
 */
export function vcShape(m: VcMatrix): [number, number] {
  if (m instanceof CsrMatrix) return [m.nrow, m.ncol];
  return [m.length, m[0]?.length ?? 0];
}

/**
 * Visit the nonzeros of row `r` of a VC matrix.
 *
 * @example
 * ```ts
 * vcRowEach([[1, 0]], 0, (j, v) => console.log(j, v));
 * ```
 */
export function vcRowEach(m: VcMatrix, r: number, f: (j: number, v: number) => void): void {
  if (m instanceof CsrMatrix) {
    for (let p = m.rowPtr[r]!; p < m.rowPtr[r + 1]!; p++) f(m.colIdx[p]!, m.values[p]!);
  } else {
    const row = m[r]!;
    for (let j = 0; j < row.length; j++) if (row[j] !== 0) f(j, row[j]!);
  }
}

/**
 * Convert statsmodels' deprecated dict-of-dicts form `{vcName: {groupLabel: matrix}}`
 * into a `VCSpec` (as `_convert_vc`: groups sorted, component names sorted).
 *
 * @example
 * ```ts
 * convertVc({ cask: { A: [[1, 0], [0, 1]] } });
 * ```
 */
export function convertVc(exogVc: Record<string, Record<string, VcMatrix>>, sortGroups?: (a: string, b: string) => number): VCSpec {
  const gs = new Set<string>();
  for (const v of Object.values(exogVc)) for (const g of Object.keys(v)) gs.add(g);
  const groups = [...gs].sort(sortGroups);
  const names = Object.keys(exogVc).sort();
  const colnames: string[][][] = [];
  const mats: VcMatrix[][] = [];
  for (const k of names) {
    const v = exogVc[k]!;
    const cn: string[][] = [];
    const ms: VcMatrix[] = [];
    for (const g of groups) {
      const m = v[g] ?? [];
      ms.push(m);
      cn.push(Array.from({ length: vcShape(m)[1] }, (_, j) => String(j)));
    }
    colnames.push(cn);
    mats.push(ms);
  }
  return new VCSpec(names, colnames, mats);
}

/**
 * Keys of the random effects of component k in group g, in column order:
 * `name[level]` (d = 1, statsmodels' form) or `name[level][column]` (d > 1).
 *
 * @example
 * ```ts
 * vcColumnKeys(new VCSpec(['g'], [[['a', 'b']]], [[[[1, 0.5, 0, 0]]]], [2], [['(Intercept)', 'x']]), 0, 0);
 * // ['g[a][(Intercept)]', 'g[a][x]', 'g[b][(Intercept)]', 'g[b][x]']
 * ```
 */
export function vcColumnKeys(vc: VCSpec, k: number, g: number): string[] {
  const name = vc.names[k]!;
  const d = vc.dims[k]!;
  const cn = vc.colnames[k]?.[g] ?? [];
  const ncol = vcShape(vc.mats[k]![g]!)[1];
  const out: string[] = [];
  if (d === 1) {
    for (let i = 0; i < ncol; i++) out.push(`${name}[${cn[i] ?? String(i)}]`);
    return out;
  }
  const cols = vc.columns[k]!;
  for (let l = 0; l < ncol / d; l++) for (let a = 0; a < d; a++) out.push(`${name}[${cn[l] ?? String(l)}][${cols[a]}]`);
  return out;
}
