import { InvalidArgumentError, MixedLMError, showValue } from '../../errors.js';
import { choleskyLower } from '../dense.js';
import { intervalEstimates } from './estimates.js';
import { MixedLMParams } from '../terms/params.js';
import type { MixedLMWarning } from '../warnings.js';
import type { IntervalRow } from './intervals.js';
import type { MixedLM } from '../mixedlm.js';
import type { MixedLMResults } from '../results.js';

/** Options of `parametricBootstrap` / `results.bootstrap`. */
export interface BootstrapOptions {
  /** Base seed (default 0); replicate b uses a seed derived from (seed, b). */
  seed?: number;
  /** Coverage of the percentile intervals (default 0.95). */
  level?: number;
}

/** Result of a parametric bootstrap. */
export interface BootstrapResult {
  /** Row names: fixed effects, variance parameters (data scale), "Scale". */
  names: string[];
  /** Percentile intervals per parameter. */
  intervals: IntervalRow[];
  /** Replicate estimates, one row per replicate, columns as `names`. */
  replicates: number[][];
  /** Replicates whose optimizer reported non-convergence (kept). */
  nNotConverged: number;
  /** Replicates whose refit threw (left out of the intervals); `failures` has their messages (first 5). */
  nFailed: number;
  failures: string[];
  /** Replicates whose estimate is singular (a relative standard deviation θ < 1e-4, lme4's isSingular rule; kept). */
  nAtBoundary: number;
  /** `bootstrap-failures` / `bootstrap-boundary` warnings when those counts are not zero. */
  warnings: MixedLMWarning[];
  /** Mean wall time per replicate (simulate + rebuild + refit), seconds. */
  secondsPerReplicate: number;
  seed: number;
  level: number;
}

/**
 * Seed of replicate b: a 32-bit mix of (seed, b) (murmur3 finalizer).
 *
 * @example
 * ```ts
 * const yb = model.getDistribution(fit.params, fit.scale).rvs(replicateSeed(1, b)); // replicate b of bootstrap(n, { seed: 1 })
 * ```
 */
export function replicateSeed(seed: number, b: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A model with the same design (X, groups, random-effects design, variance
 * components, names, solver choice) and a new response. Rebuilds the model
 * from its prepared inputs (no missing-value handling: rows already match).
 *
 * @example
 * ```ts
 * const m2 = withEndog(model, ySim);
 * ```
 */
export function withEndog(model: MixedLM, endog: ArrayLike<number>): MixedLM {
  if (endog.length !== model.nobs) throw new InvalidArgumentError('endog', `expected ${model.nobs} values, got ${endog.length}`);
  const o = model.initOptions;
  const Ctor = model.constructor as new (...a: ConstructorParameters<typeof MixedLM>) => MixedLM;
  return new Ctor(Array.from(endog), model.exog, model.groups, {
    ...o,
    missing: 'none',
    exogNames: model.exogNames,
    exogReNames: model.exogReNames,
    endogName: model.endogName,
    ...(o.exogRe !== undefined && model.exogRe ? { exogRe: model.exogRe } : {}),
    exogVc: model.exogVc,
  });
}

/** Smallest relative variance (variance / scale) a replicate starts from. */
const START_FLOOR = 0.1;

/**
 * The start of every replicate: the estimate pushed into the interior of the
 * parameter space. A zero variance is a stationary point of the square-root
 * parameterization (the gradient in λ vanishes at λ = 0), so a refit warm-started
 * there never leaves it, even when the replicate's own maximum is far inside;
 * variances below START_FLOOR (relative to the scale) start at the floor, and
 * a singular covariance block gets START_FLOOR·I added.
 *
 * @example
 * ```ts
 * interiorStart(fit.paramsObject).vcomp; // [0.1] for a batch variance estimated at 0
 * ```
 */
export function interiorStart(po: MixedLMParams): MixedLMParams {
  const out = po.copy();
  out.vcomp = po.vcomp.map((v) => (v >= START_FLOOR ? v : START_FLOOR));
  const k = po.covRe.length;
  if (k > 0) {
    const c = po.covRe.map((row) => row.slice());
    const l = choleskyLower(c);
    const singular = !l || l.some((row, i) => !(row[i]! ** 2 >= START_FLOOR));
    if (singular) for (let i = 0; i < k; i++) c[i]![i]! += START_FLOOR;
    out.covRe = c;
  }
  return out;
}

/**
 * lme4's `isSingular` on a fit: a relative standard deviation (the diagonal
 * of the relative covariance factor, or √(vcomp/scale)) below 1e-4.
 *
 * @example
 * ```ts
 * isSingularFit(fit); // true for Dyestuff2
 * ```
 */
export function isSingularFit(r: MixedLMResults): boolean {
  const tol = 1e-4;
  const po = r.paramsObject;
  if (po.vcomp.some((v) => !(Math.sqrt(Math.max(v, 0)) >= tol))) return true;
  if (po.covRe.length === 0) return false;
  const l = choleskyLower(po.covRe);
  return !l || l.some((row, i) => !(row[i]! >= tol));
}

/** Type-7 quantile of sorted finite values. */
function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Seeded parametric bootstrap (lme4's `bootMer` with `type = "parametric"`):
 * simulate nBoot responses from the fitted model (`getDistribution(params,
 * scale).rvs(seed_b)`), refit each with the same design and criterion (REML/ML,
 * `free` pattern) from the estimate pushed into the interior (`interiorStart`:
 * a replicate of a boundary fit can leave the boundary), and report percentile
 * intervals of every parameter, with the counts of replicates that failed
 * (left out), did not converge or ended singular. The same seed gives
 * identical results.
 *
 * @example
 * ```ts
 * const b = parametricBootstrap(result, 200, { seed: 1 });
 * b.intervals; b.secondsPerReplicate;
 * ```
 */
export function parametricBootstrap(r: MixedLMResults, nBoot: number, options: BootstrapOptions = {}): BootstrapResult {
  if (!(Number.isInteger(nBoot) && nBoot > 0)) throw new InvalidArgumentError('n', `expected a positive integer, got ${showValue(nBoot)}`);
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new InvalidArgumentError('seed', `expected an integer, got ${JSON.stringify(seed) ?? String(seed)}`);
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new InvalidArgumentError('level', `expected a number in (0, 1), got ${showValue(level)}`);
  const model = r.model;
  const est = intervalEstimates(r);
  const names = est.map((e) => e.name);
  const dist = model.getDistribution(r.params, r.scale);
  const replicates: number[][] = [];
  let nNotConverged = 0;
  let nFailed = 0;
  let nAtBoundary = 0;
  const failures: string[] = [];
  const start = interiorStart(r.paramsObject);
  const t0 = now();
  for (let b = 0; b < nBoot; b++) {
    const y = dist.rvs(replicateSeed(seed, b));
    let fb: MixedLMResults;
    try {
      const mb = withEndog(model, y);
      fb = mb.fit({ reml: r.reml, startParams: start, ...(r.freepat ? { free: r.freepat } : {}) });
    } catch (e) {
      if (!(e instanceof MixedLMError)) throw e;
      nFailed++;
      if (failures.length < 5) failures.push(`replicate ${b}: ${e.message}`);
      continue;
    }
    const est = intervalEstimates(fb).map((e) => e.estimate);
    if (!est.every(Number.isFinite)) {
      nFailed++;
      if (failures.length < 5) failures.push(`replicate ${b}: non-finite estimates`);
      continue;
    }
    if (!fb.converged) nNotConverged++;
    if (isSingularFit(fb)) nAtBoundary++;
    replicates.push(est);
  }
  const secondsPerReplicate = (now() - t0) / 1000 / nBoot;
  const a = (1 - level) / 2;
  const intervals = est.map((e, j) => {
    const col = replicates.map((row) => row[j]!).filter(Number.isFinite).sort((x, y) => x - y);
    return { name: e.name, estimate: e.estimate, lower: quantile(col, a), upper: quantile(col, 1 - a) };
  });
  const warnings: MixedLMWarning[] = [];
  if (nFailed > 0 || nNotConverged > 0) {
    warnings.push({ code: 'bootstrap-failures', message: `${nFailed} of ${nBoot} bootstrap refits failed (left out) and ${nNotConverged} did not converge (kept)`, failed: nFailed, notConverged: nNotConverged });
  }
  if (nAtBoundary > 0) warnings.push({ code: 'bootstrap-boundary', message: `${nAtBoundary} of ${nBoot - nFailed} bootstrap refits are singular (a variance at zero)`, atBoundary: nAtBoundary });
  return { names, intervals, replicates, nNotConverged, nFailed, failures, nAtBoundary, warnings, secondsPerReplicate, seed, level };
}
