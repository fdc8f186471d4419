import { InvalidArgumentError } from '../../errors.js';
import { intervalEstimates } from './estimates.js';
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
  /** Mean wall time per replicate (simulate + rebuild + refit), seconds. */
  secondsPerReplicate: number;
  seed: number;
  level: number;
}

/** Seed of replicate b: a 32-bit mix of (seed, b) (murmur3 finalizer). */
function replicateSeed(seed: number, b: number): number {
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
 * `free` pattern) from the estimate as warm start, and report percentile
 * intervals of every parameter. The same seed gives identical results.
 *
 * @example
 * ```ts
 * const b = parametricBootstrap(result, 200, { seed: 1 });
 * b.intervals; b.secondsPerReplicate;
 * ```
 */
export function parametricBootstrap(r: MixedLMResults, nBoot: number, options: BootstrapOptions = {}): BootstrapResult {
  if (!(Number.isInteger(nBoot) && nBoot > 0)) throw new InvalidArgumentError('n', `expected a positive integer, got ${nBoot}`);
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError('level', `expected a number in (0, 1), got ${level}`);
  const model = r.model;
  const est = intervalEstimates(r);
  const names = est.map((e) => e.name);
  const dist = model.getDistribution(r.params, r.scale);
  const replicates: number[][] = [];
  let nNotConverged = 0;
  const t0 = now();
  for (let b = 0; b < nBoot; b++) {
    const y = dist.rvs(replicateSeed(seed, b));
    const mb = withEndog(model, y);
    const fb = mb.fit({ reml: r.reml, startParams: r.paramsObject, ...(r.freepat ? { free: r.freepat } : {}) });
    if (!fb.converged) nNotConverged++;
    replicates.push(intervalEstimates(fb).map((e) => e.estimate));
  }
  const secondsPerReplicate = (now() - t0) / 1000 / nBoot;
  const a = (1 - level) / 2;
  const intervals = est.map((e, j) => {
    const col = replicates.map((row) => row[j]!).filter(Number.isFinite).sort((x, y) => x - y);
    return { name: e.name, estimate: e.estimate, lower: quantile(col, a), upper: quantile(col, 1 - a) };
  });
  return { names, intervals, replicates, nNotConverged, secondsPerReplicate, seed, level };
}
