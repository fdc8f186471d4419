/**
 * The row-free form of a model built from cross products: validated inputs,
 * the typed-data stand-in (n rows, no row storage; one group; one component
 * per term, with empty Z matrices that fix the column layout) and the
 * design's cross products (A = ZᵀZ, B = ZᵀX, c = Zᵀy, Q0 = [X y]ᵀ[X y]).
 */
import { DataError, DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import { CscMatrix } from '../sparse/csc.js';
import { CsrMatrix } from '../sparse/csr.js';
import type { ModelCrossProducts } from './cross-products.js';
import type { GroupedDesign } from './design.js';
import type { TypedData } from './prepare.js';
import { VCSpec } from './terms/vcspec.js';
import { levelCrossFromBlocks } from './inner/level-cross.js';
import { crossLocation } from './location.js';

const isF64 = (x: unknown, n: number): boolean => x instanceof Float64Array && x.length === n;

/**
 * Checks the shapes and values of cross products (typed errors naming the field).
 *
 * @example
 * ```ts
 * checkCrossProducts(cp); // throws DimensionMismatchError on a wrong ZᵀX length
 * ```
 */
export function checkCrossProducts(cp: ModelCrossProducts): void {
  if (typeof cp !== 'object' || cp === null) throw new InvalidArgumentError('crossProducts', 'expected an object');
  if (!Number.isInteger(cp.n) || cp.n < 1) throw new InvalidArgumentError('crossProducts.n', `expected a positive number of rows, got ${String(cp.n)}`);
  if (!Array.isArray(cp.feNames) || !cp.feNames.every((s) => typeof s === 'string')) throw new InvalidArgumentError('crossProducts.feNames', 'expected the fixed-effects column names');
  const p = cp.feNames.length;
  if (!isF64(cp.XtX, p * p)) throw new DimensionMismatchError('crossProducts.XtX', `Float64Array of ${p * p}`, String((cp.XtX as { length?: number })?.length));
  if (!isF64(cp.Xty, p)) throw new DimensionMismatchError('crossProducts.Xty', `Float64Array of ${p}`, String((cp.Xty as { length?: number })?.length));
  if (!Number.isFinite(cp.yty)) throw new DataError('crossProducts.yty is not finite', { column: 'yty', row: -1 });
  if (!Array.isArray(cp.terms) || cp.terms.length === 0) throw new InvalidArgumentError('crossProducts.terms', 'expected at least one random-effects term');
  let q = 0;
  cp.terms.forEach((t, i) => {
    if (typeof t?.group !== 'string' || !Array.isArray(t.columns) || t.columns.length === 0 || !Array.isArray(t.levels) || t.levels.length === 0)
      throw new InvalidArgumentError(`crossProducts.terms[${i}]`, 'expected { group, columns (k ≥ 1 names), levels (≥ 1) }');
    q += t.columns.length * t.levels.length;
  });
  if (!(cp.ZtZ instanceof CscMatrix) || cp.ZtZ.nrow !== q || cp.ZtZ.ncol !== q) throw new DimensionMismatchError('crossProducts.ZtZ', `a ${q}×${q} CscMatrix`, cp.ZtZ instanceof CscMatrix ? `${cp.ZtZ.nrow}×${cp.ZtZ.ncol}` : typeof cp.ZtZ);
  if (!isF64(cp.ZtX, q * p)) throw new DimensionMismatchError('crossProducts.ZtX', `Float64Array of ${q * p}`, String((cp.ZtX as { length?: number })?.length));
  if (!isF64(cp.Zty, q)) throw new DimensionMismatchError('crossProducts.Zty', `Float64Array of ${q}`, String((cp.Zty as { length?: number })?.length));
  if (cp.yOffset !== undefined && (typeof cp.yOffset !== 'object' || cp.yOffset === null || !Number.isFinite(cp.yOffset.value) || !Number.isInteger(cp.yOffset.intercept) || cp.yOffset.intercept < 0 || cp.yOffset.intercept >= p))
    throw new InvalidArgumentError('crossProducts.yOffset', `expected { value: finite number, intercept: a column index below ${p} }`);
  for (const [name, a] of [['XtX', cp.XtX], ['Xty', cp.Xty], ['ZtZ', cp.ZtZ.values], ['ZtX', cp.ZtX], ['Zty', cp.Zty]] as const)
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new DataError(`crossProducts.${name} has a non-finite entry at ${i}`, { column: name, row: -1 });
}

/**
 * The typed-data stand-in of a cross-products model: n rows but no row
 * storage, one group, one component per term (empty Z of the right width).
 *
 * @example
 * ```ts
 * const td = typedFromCross(cp); td.n; // cp.n
 * ```
 */
export function typedFromCross(cp: ModelCrossProducts): TypedData {
  const sizes = groupedSizes(cp);
  if (sizes) return typedGrouped(cp, sizes);
  const names: string[] = [];
  const used = new Set<string>();
  for (const t of cp.terms) {
    let nm = t.group;
    for (let k = 1; used.has(nm); k++) nm = `${t.group}.${k}`;
    used.add(nm);
    names.push(nm);
  }
  const empty = (ncol: number): CsrMatrix => new CsrMatrix(0, ncol, new Int32Array(1), new Int32Array(0), new Float64Array(0));
  const vc = new VCSpec(
    names,
    cp.terms.map((t) => [t.levels.slice()]),
    cp.terms.map((t) => [empty(t.levels.length * t.columns.length)]),
    cp.terms.map((t) => t.columns.length),
    cp.terms.map((t) => t.columns.slice()),
  );
  return {
    n: cp.n,
    p: cp.feNames.length,
    kRe: 0,
    y: new Float64Array(0),
    X: new Float64Array(0),
    Zre: null,
    groupOf: new Int32Array(0),
    groupLabels: ['all'],
    rowPtr: Int32Array.of(0, cp.n),
    rowIdx: new Int32Array(0),
    exogVc: vc,
    nDropped: 0,
  };
}

/**
 * The design's cross products with the response's location taken out
 * (`crossLocation`): A = ZᵀZ and B = ZᵀX as given, c = Zᵀy₀, Q0 = [X y₀]ᵀ[X y₀]
 * with y₀ = y − Xb₀; the per-level sums of a grouped model; b₀ and the unit s.
 *
 * @example
 * ```ts
 * const { cross, b0 } = crossDesign(cp); const design = { ...rest, cross };
 * ```
 */
export function crossDesign(cp: ModelCrossProducts): { cross: NonNullable<GroupedDesign['cross']>; b0: Float64Array; s: number } {
  const p = cp.feNames.length;
  const p1 = p + 1;
  const Q = new Float64Array(p1 * p1);
  for (let s = 0; s < p; s++) {
    for (let t = 0; t < p; t++) Q[s * p1 + t] = cp.XtX[s * p + t]!;
    Q[s * p1 + p] = Q[p * p1 + s] = cp.Xty[s]!;
  }
  Q[p * p1 + p] = cp.yty;
  // the response's location (location.ts): sums of y₀ = y − Xb₀
  const { b0, c, Q0, s } = crossLocation(cp.ZtX, cp.Zty, Q, p, cp.n);
  // sums of y − value with an all-ones column: y₀ = (y − value) − Xb̃₀ = y − X(b̃₀ + value·e)
  if (cp.yOffset) b0[cp.yOffset.intercept]! += cp.yOffset.value;
  const levels = groupedSizes(cp) ? levelCrossFromBlocks(cp.ZtZ, cp.ZtX, c, cp.terms[0]!.columns.length, cp.n, Q0) : null;
  return { cross: { A: cp.ZtZ, B: cp.ZtX, c, Q0, ...(levels ? { levels } : {}) }, b0, s };
}

/**
 * Rows per level when the cross products describe statsmodels' grouped model
 * (one random term, so Z is block diagonal by level and the dense per-group
 * solver applies), else null. The term's `(Intercept)` column counts the rows:
 * its diagonal entries of ZᵀZ must be positive whole numbers summing to n; a
 * term without one stays on the single-group sparse route.
 *
 * @example
 * ```ts
 * groupedSizes(cp); // Int32Array of 18 tens for (Days | Subject) on sleepstudy
 * ```
 */
export function groupedSizes(cp: ModelCrossProducts): Int32Array | null {
  if (cp.terms.length !== 1) return null;
  const t = cp.terms[0]!;
  const k = t.columns.length;
  const c0 = t.columns.indexOf('(Intercept)');
  if (c0 < 0) return null;
  const l = t.levels.length;
  const out = new Int32Array(l);
  let total = 0;
  const { colPtr, rowIdx, values } = cp.ZtZ;
  for (let g = 0; g < l; g++) {
    const j = g * k + c0;
    let v = 0; // ZᵀZ[j, j]
    for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) if (rowIdx[e] === j) v += values[e]!;
    if (!(v >= 1 && Number.isInteger(v))) return null;
    out[g] = v;
    total += v;
  }
  return total === cp.n ? out : null;
}

/**
 * The options `MixedLM.fromCrossProducts` builds its model with: statsmodels'
 * grouped form (groups = the levels, exog_re = the term's columns, named as
 * `fromFormula` names them) when {@link groupedSizes} applies, else the
 * single-group sparse form.
 *
 * @example
 * ```ts
 * crossModelOptions(cp); // { solver: 'auto', exogReNames: ['Subject', 'Days'] } for (Days | Subject)
 * ```
 */
export function crossModelOptions(cp: ModelCrossProducts): { solver: 'auto' | 'sparse'; exogReNames?: string[] } {
  if (!groupedSizes(cp)) return { solver: 'sparse' };
  const t = cp.terms[0]!;
  return { solver: 'auto', exogReNames: t.columns.map((c) => (c === '(Intercept)' ? t.group : c)) };
}

/** The grouped stand-in: one group per level (sizes from {@link groupedSizes}), exog_re of the term's k columns, no rows. */
function typedGrouped(cp: ModelCrossProducts, sizes: Int32Array): TypedData {
  const t = cp.terms[0]!;
  const rowPtr = new Int32Array(sizes.length + 1);
  for (let g = 0; g < sizes.length; g++) rowPtr[g + 1] = rowPtr[g]! + sizes[g]!;
  return {
    n: cp.n,
    p: cp.feNames.length,
    kRe: t.columns.length,
    y: new Float64Array(0),
    X: new Float64Array(0),
    Zre: new Float64Array(0),
    groupOf: new Int32Array(0),
    groupLabels: t.levels.slice(),
    rowPtr,
    rowIdx: new Int32Array(0),
    exogVc: new VCSpec([], [], []),
    nDropped: 0,
  };
}
