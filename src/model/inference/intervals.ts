import { InvalidArgumentError, showValue } from '../../errors.js';
import { parametricBootstrap } from './bootstrap.js';
import { normalQuantile } from './distributions.js';
import { refitML } from './compare.js';
import { intervalEstimates } from './estimates.js';
import { ProfileEngine } from './profile.js';
import { profileRowTarget } from './profile-target.js';
import type { MixedLMResults } from '../results.js';
import { brentRoot } from './roots.js';

/** One confidence-interval row: fixed effects, variance parameters (data scale) and "Scale". */
export interface IntervalRow {
  name: string;
  estimate: number;
  lower: number;
  upper: number;
}

/** Options of `confidenceIntervals` / `results.confInt({...})`. */
export interface ConfIntOptions {
  /** 'wald' (default), 'profile' (likelihood ratio) or 'bootstrap' (parametric, percentile). */
  method?: 'wald' | 'profile' | 'bootstrap';
  /** Coverage, default 0.95. */
  level?: number;
  /** Bootstrap replicates (default 200). */
  nBoot?: number;
  /** Bootstrap seed (default 0). */
  seed?: number;
  /** Only these rows (names as in the output); default all. */
  parm?: string[];
  /**
   * Profile criterion: 'ml' (default, as lme4's `profile`: REML fits are
   * refitted by ML and the ML likelihood is profiled) or 'fit' (the fit's own
   * criterion; for REML, β enters the REML criterion as in statsmodels' loglike).
   */
  criterion?: 'ml' | 'fit';
}

function checkLevel(level: number): void {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new InvalidArgumentError('level', `expected a number in (0, 1), got ${showValue(level)}`);
}

/**
 * Wald intervals: estimate ± z·se. Fixed effects and variance parameters use
 * `covParams()` exactly as `confInt(alpha)` does, variance parameters mapped
 * to the data scale by multiplying the profile-scale interval by `scale`
 * (se = scale·bse; the scale's own uncertainty is not propagated). "Scale"
 * is profiled out of the likelihood and has no Wald standard error: its
 * bounds are NaN.
 *
 * @example
 * ```ts
 * waldIntervals(result, 0.95)[0]; // { name: 'Intercept', estimate, lower, upper }
 * ```
 */
export function waldIntervals(r: MixedLMResults, level = 0.95): IntervalRow[] {
  checkLevel(level);
  const ci = r.confInt(1 - level);
  return intervalEstimates(r).map((e, i) => {
    if (i === r.params.length) return { ...e, lower: NaN, upper: NaN };
    const f = i < r.kFe ? 1 : r.scale;
    return { ...e, lower: ci[i]![0] * f, upper: ci[i]![1] * f };
  });
}

/**
 * Profile-likelihood (likelihood-ratio) intervals {θ : 2(ℓ̂ − ℓ_p(θ)) ≤ χ²₁(level)}
 * on the ML likelihood (`criterion` 'ml', default: REML fits are refitted by
 * ML first, as lme4's `profile`/`confint`) or the fit's own criterion ('fit'),
 * for every fixed effect, variance
 * and covariance parameter (data scale) and the residual variance. Each bound
 * is bracketed by stepping out from the estimate in multiples of a Wald-type
 * step, then located by Brent's method; a variance whose profile does not
 * cross the threshold before 0 gets lower bound 0. Parameters held fixed by
 * the fit's `free` pattern get NaN bounds.
 *
 * @example
 * ```ts
 * profileIntervals(result, 0.95).find((row) => row.name === 'Subject Var');
 * ```
 */
export function profileIntervals(fit: MixedLMResults, level = 0.95, parm?: string[], criterion: 'ml' | 'fit' = 'ml'): IntervalRow[] {
  checkLevel(level);
  const r = criterion === 'ml' && fit.reml ? refitML(fit) : fit;
  const estimates = intervalEstimates(fit);
  const eng = new ProfileEngine(r);
  const z = normalQuantile(0.5 + level / 2);
  const crit = z * z;
  const llMax = r.llf;
  const rows = intervalEstimates(r);
  return rows.map((row, i) => {
    if (parm && !parm.includes(row.name)) return { ...row, lower: NaN, upper: NaN };
    const spec = profileRowTarget(r, eng, i, row.estimate);
    if (!spec) return { ...row, lower: NaN, upper: NaN };
    const { target, step, variance, positive } = spec;
    const est = row.estimate;
    const side = (dir: 1 | -1): number => {
      let warm = eng.start(target);
      const g = (t: number): number => {
        const pt = eng.at(target, t, warm);
        warm = pt.x;
        return 2 * (llMax - pt.llf) - crit;
      };
      let inside = est;
      let gIn = -crit;
      let h = step;
      for (let it = 0; it < 40; it++) {
        let t = est + dir * h;
        if (dir < 0 && (variance || positive) && t <= 0) {
          if (variance) {
            const g0 = g(0);
            if (g0 <= 0) return 0;
            return brentRoot(g, 0, inside, { fa: g0, fb: gIn, xtol: 1e-6 * step });
          }
          t = inside / 2; // σ² > 0: halve towards 0
        }
        const gt = g(t);
        if (gt > 0) return brentRoot(g, inside, t, { fa: gIn, fb: gt, xtol: 1e-6 * step });
        inside = t;
        gIn = gt;
        h *= 2;
      }
      return dir > 0 ? Infinity : variance ? 0 : -Infinity;
    };
    return { ...row, estimate: estimates[i]!.estimate, lower: side(-1), upper: side(1) };
  });
}

/**
 * Confidence intervals by the chosen method: rows {name, estimate, lower, upper}
 * for each fixed effect, each variance/covariance parameter on the data scale
 * (named as `paramNames`) and "Scale".
 *
 * @example
 * ```ts
 * confidenceIntervals(result, { method: 'profile', level: 0.9 });
 * ```
 */
export function confidenceIntervals(r: MixedLMResults, options: ConfIntOptions = {}): IntervalRow[] {
  const method = options.method ?? 'wald';
  const level = options.level ?? 0.95;
  checkLevel(level);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new InvalidArgumentError('options', 'expected an options object');
  const crit = options.criterion;
  if (crit !== undefined && crit !== 'ml' && crit !== 'fit') throw new InvalidArgumentError('criterion', `expected 'ml' or 'fit', got ${JSON.stringify(crit)}`);
  if (options.parm !== undefined) {
    if (!Array.isArray(options.parm) || !options.parm.every((p) => typeof p === 'string')) throw new InvalidArgumentError('parm', 'expected an array of parameter names');
    const names = intervalEstimates(r).map((e) => e.name);
    const unknown = options.parm.find((p) => !names.includes(p));
    if (unknown !== undefined) throw new InvalidArgumentError('parm', `unknown parameter '${unknown}' (expected some of ${names.join(', ')})`);
  }
  let rows: IntervalRow[];
  if (method === 'wald') rows = waldIntervals(r, level);
  else if (method === 'profile') rows = profileIntervals(r, level, options.parm, options.criterion ?? 'ml');
  else if (method === 'bootstrap') rows = parametricBootstrap(r, options.nBoot ?? 200, { seed: options.seed ?? 0, level }).intervals;
  else throw new InvalidArgumentError('method', `expected 'wald', 'profile' or 'bootstrap', got ${showValue(method)}`);
  return options.parm ? rows.filter((row) => options.parm!.includes(row.name)) : rows;
}
