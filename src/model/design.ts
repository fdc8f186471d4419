import type { CscMatrix } from '../sparse/csc.js';
import type { VcMatrix } from './terms/vcspec.js';
import type { LevelCrossProducts } from './inner/level-cross.js';
import { vcRowEach, vcShape } from './terms/vcspec.js';

/**
 * The validated, grouped model data every inner solver is built from.
 *
 * @example
 * ```ts
 * const d: GroupedDesign = { n: 2, p: 1, kRe: 1, kVc: 0, y, X, Zre, vcMats: [], rows: [Int32Array.of(0, 1)] };
 * ```
 */
export interface GroupedDesign {
  n: number;
  p: number;
  kRe: number;
  kVc: number;
  /** endog (n) */
  y: Float64Array;
  /** exog (n × p, row-major) */
  X: Float64Array;
  /** exog_re (n × kRe, row-major) */
  Zre: Float64Array;
  /** vcMats[k][g]: rows follow rows[g] */
  vcMats: VcMatrix[][];
  /** columns per level of each component (absent: all 1); see `VCSpec.dims` */
  vcDims?: number[];
  /**
   * A model built from cross products (no rows: `y`, `X` empty): A = ZᵀZ (q × q,
   * both triangles), B = ZᵀX (q × p row-major), c = Zᵀy, Q0 = [X y]ᵀ[X y] ((p+1)², row-major).
   * `levels`: the same per level of a grouped model with one k-column block per group (kVc = 0).
   */
  cross?: { A: CscMatrix; B: Float64Array; c: Float64Array; Q0: Float64Array; levels?: LevelCrossProducts };
  /** row indices of each group (sorted labels, rows in data order) */
  rows: Int32Array[];
}

/**
 * Visit the nonzeros of row `i` (local index within group g) of Z_g in the
 * public column layout [exog_re | vc_0 | vc_1 | ...].
 *
 * @example
 * ```ts
 * zRowEach(d, 0, 0, starts, (j, v) => {});
 * ```
 */
export function zRowEach(d: GroupedDesign, g: number, i: number, starts: ArrayLike<number>, f: (j: number, v: number) => void): void {
  const r = d.rows[g]![i]!;
  for (let a = 0; a < d.kRe; a++) {
    const v = d.Zre[r * d.kRe + a]!;
    if (v !== 0) f(a, v);
  }
  for (let k = 0; k < d.kVc; k++) {
    const s = starts[k]!;
    vcRowEach(d.vcMats[k]![g]!, i, (j, v) => f(s + j, v));
  }
}

/**
 * Column starts of the vc blocks of group g and its total q.
 *
 * @example
 * ```ts
 * // kRe = 1, then vc blocks of 3 and 2 columns in group 0
 * groupLayout(d, 0); // { starts: [1, 4], sizes: [3, 2], q: 6 }
 * ```
 */
export function groupLayout(d: GroupedDesign, g: number): { starts: number[]; sizes: number[]; q: number } {
  const starts: number[] = [];
  const sizes: number[] = [];
  let q = d.kRe;
  for (let k = 0; k < d.kVc; k++) {
    starts.push(q);
    const s = vcShape(d.vcMats[k]![g]!)[1];
    sizes.push(s);
    q += s;
  }
  return { starts, sizes, q };
}
