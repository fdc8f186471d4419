/**
 * A model's data as sufficient statistics: [Z X y]ᵀ[Z X y] and n. The
 * likelihood, score, Hessian, fixed effects and conditional modes need nothing
 * else, so an engine that holds the rows (in memory, DuckDB, ClickHouse) can
 * aggregate them where they live and `MixedLM.fromCrossProducts` fits from them.
 */
import type { CscMatrix } from '../sparse/csc.js';

/**
 * One random-effects term of a {@link ModelCrossProducts}: Z's columns of the
 * term are its levels × its k columns, level-major.
 *
 * @example
 * ```ts
 * const t: CrossProductsTerm = { group: 'Subject', columns: ['(Intercept)', 'Days'], levels: ['308', '309'] };
 * ```
 */
export interface CrossProductsTerm {
  /** grouping factor as lme4 prints it (the component's name) */
  group: string;
  /** the term's k column names */
  columns: string[];
  /** the factor's levels, in the order of Z's blocks */
  levels: string[];
}

/**
 * Cross products of a mixed model's data (the shape every engine produces).
 * Z = [Z₁ … Z_m] with term i on lᵢ·kᵢ columns, level-major.
 *
 * @example
 * ```ts
 * const m = MixedLM.fromCrossProducts({ n, feNames: ['Intercept'], XtX, Xty, yty, terms, ZtZ, ZtX, Zty });
 * ```
 */
export interface ModelCrossProducts {
  n: number;
  /** fixed-effects column names (p) */
  feNames: string[];
  /** p × p row-major */
  XtX: Float64Array;
  /** p */
  Xty: Float64Array;
  yty: number;
  terms: CrossProductsTerm[];
  /** q × q, symmetric, both triangles stored */
  ZtZ: CscMatrix;
  /** q × p row-major */
  ZtX: Float64Array;
  /** q */
  Zty: Float64Array;
  /** name of the response (default 'y') */
  response?: string;
  /**
   * The y-sums (Xᵀy, yᵀy, Zᵀy) are of y − value, and column `intercept` of X is all ones: the model adds
   * `value` back to that coefficient. Engines centre y this way so that no sum carries a large mean
   * (y ≈ 10⁸ would otherwise cancel to noise in yᵀy); see {@link responseOffset}.
   */
  yOffset?: { value: number; intercept: number };
}

/**
 * The constant an engine subtracts from y before summing: the mean of y to 3
 * significant digits (so engines that compute the mean differently still agree),
 * or 0 when the fixed design has no all-ones column to absorb it.
 *
 * @example
 * ```ts
 * responseOffset(1e8 + 23.4, 0); // { value: 100000000, intercept: 0 }
 * ```
 */
export function responseOffset(mean: number, intercept: number): { value: number; intercept: number } | undefined {
  if (intercept < 0 || !Number.isFinite(mean) || mean === 0) return undefined;
  return { value: Number(mean.toPrecision(3)), intercept };
}
