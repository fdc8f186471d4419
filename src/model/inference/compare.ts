import { InvalidArgumentError } from '../../errors.js';
import { chi2Sf } from './distributions.js';
import type { MixedLM } from '../mixedlm.js';
import type { MixedLMResults } from '../results.js';

/** One row of the model-comparison table (lme4's `anova` columns). */
export interface CompareRow {
  /** Model label ('A', 'B' unless given). */
  name: string;
  /** Number of parameters: fixed effects + free variance parameters + scale. */
  nPar: number;
  aic: number;
  bic: number;
  logLik: number;
  /** −2·logLik */
  deviance: number;
  /** Whether this fit was refitted by ML before comparing. */
  refitted: boolean;
}

/** Result of `compareModels`: a likelihood-ratio test and an information-criteria table. */
export interface CompareResult {
  /** 2(ℓ_larger − ℓ_smaller), floored at 0 (as lme4). */
  statistic: number;
  /** Difference in the number of parameters. */
  df: number;
  /** P(χ²_df ≥ statistic); NaN when df = 0. */
  pValue: number;
  /** Labels of the fits that were refitted by ML (REML fits). */
  refitted: string[];
  /** Rows ordered by number of parameters (ties keep input order). */
  table: CompareRow[];
  /** The ML fits actually compared (refits or the inputs), in `table` order. */
  fits: MixedLMResults[];
}

/** Options of `compareModels`. */
export interface CompareOptions {
  /** Labels of the two fits (default ['A', 'B']). */
  names?: [string, string];
}

/**
 * Number of estimated parameters of a fit (fixed + free variance parameters + scale).
 *
 * @example
 * ```ts
 * const fit = new MixedLM(y, x.map((v) => [1, v]), groups).fit(); // random intercept
 * countParams(fit); // 4: intercept, slope, group variance, scale
 * ```
 */
export function countParams(r: MixedLMResults): number {
  if (r.freepat) return r.freepat.getPacked(false, true).reduce((a, b) => a + b, 0) + 1;
  return r.params.length + 1;
}

/**
 * Refit a REML fit by ML from its estimate (same model object), leaving the
 * model's mutable fit state (reml, free pattern, penalties) as it was.
 *
 * @example
 * ```ts
 * const ml = refitML(remlFit);
 * ```
 */
export function refitML(r: MixedLMResults): MixedLMResults {
  const m: MixedLM = r.model;
  const saved = { reml: m.reml, freepat: m.freepat, covPen: m.covPen, fePen: m.fePen };
  try {
    return m.fit({ reml: false, startParams: r.paramsObject, ...(r.freepat ? { free: r.freepat } : {}), ...(m.covPen ? { covPen: m.covPen } : {}) });
  } finally {
    m.reml = saved.reml;
    m.freepat = saved.freepat;
    m.covPen = saved.covPen;
    m.fePen = saved.fePen;
  }
}

function sameData(a: MixedLM, b: MixedLM): boolean {
  if (a.nobs !== b.nobs) return false;
  for (let i = 0; i < a.nobs; i++) if (a.endog[i] !== b.endog[i]) return false;
  return true;
}

/**
 * Likelihood-ratio test of two nested mixed models fitted to the same data,
 * as lme4's `anova(fitA, fitB)`: REML fits are first refitted by ML; the
 * statistic is 2(ℓ₁ − ℓ₀) between the model with more parameters and the one
 * with fewer, referred to χ² with the difference in parameter counts
 * (fixed effects + variance parameters + scale). Nesting is not checked.
 *
 * @throws InvalidArgumentError when the fits used different data (nobs or endog differ).
 * @example
 * ```ts
 * const cmp = compareModels(slopesFit, interceptFit);
 * cmp.statistic; cmp.df; cmp.pValue; cmp.table; // rows by nPar
 * ```
 */
export function compareModels(fitA: MixedLMResults, fitB: MixedLMResults, options: CompareOptions = {}): CompareResult {
  const names = options.names ?? ['A', 'B'];
  if (!sameData(fitA.model, fitB.model))
    throw new InvalidArgumentError('fitB', `models were fitted to different data (nobs ${fitA.model.nobs} vs ${fitB.model.nobs}, or different responses)`);
  const refitted: string[] = [];
  const ml = [fitA, fitB].map((r, i) => {
    if (!r.reml) return r;
    refitted.push(names[i]!);
    return refitML(r);
  });
  const rows = ml.map((r, i) => {
    const k = countParams(r);
    const ll = r.llf;
    return {
      row: { name: names[i]!, nPar: k, aic: -2 * ll + 2 * k, bic: -2 * ll + Math.log(r.nobs) * k, logLik: ll, deviance: -2 * ll, refitted: [fitA, fitB][i]!.reml },
      fit: r,
    };
  });
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.row.nPar - rows[b]!.row.nPar || a - b);
  const small = rows[order[0]!]!.row;
  const big = rows[order[1]!]!.row;
  const df = big.nPar - small.nPar;
  const statistic = Math.max(0, 2 * (big.logLik - small.logLik));
  const pValue = df > 0 ? chi2Sf(statistic, df) : NaN;
  return { statistic, df, pValue, refitted, table: order.map((i) => rows[i]!.row), fits: order.map((i) => rows[i]!.fit) };
}
