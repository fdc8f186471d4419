import { CsrMatrix } from '../sparse/csr.js';

/** A design matrix of one variance component in one group: dense rows or CSR. */
export type VcMatrix = number[][] | CsrMatrix;

/**
 * Variance-component structure, as statsmodels' `VCSpec`: `mats[k][i]` is the
 * design matrix of component `k` in group `i` (groups in sorted order),
 * `colnames[k][i]` its column names.
 *
 * @example
 * ```ts
 * const vc = new VCSpec(['cask'], [[['a', 'b']]], [[[[1, 0], [0, 1]]]]);
 * ```
 */
export class VCSpec {
  constructor(
    readonly names: string[],
    readonly colnames: string[][][],
    readonly mats: VcMatrix[][],
  ) {}
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
