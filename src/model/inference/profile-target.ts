import type { ProfileEngine, ProfileTarget } from './profile.js';
import type { MixedLMResults } from '../results.js';

/**
 * How to profile row `i` of `intervalEstimates(r)`: the target held fixed, a
 * Wald-type step to bracket with (se of a fixed effect, scale·se of a
 * variance parameter, σ²·√(2/fac) for the residual variance; half the
 * estimate's size when that is not usable), and whether the parameter is a
 * variance (bounded below by 0) or the residual variance (positive).
 *
 * @example
 * ```ts
 * const t = profileRowTarget(fit, new ProfileEngine(fit), 0, fit.feParams[0]!);
 * t?.target; // { kind: 'fe', index: 0 }
 * ```
 */
export function profileRowTarget(
  r: MixedLMResults,
  eng: ProfileEngine,
  i: number,
  estimate: number,
): { target: ProfileTarget; step: number; variance: boolean; positive: boolean } | null {
  const bse = r.bse;
  let target: ProfileTarget;
  let step: number;
  let variance = false;
  let positive = false;
  if (i < r.kFe) {
    target = { kind: 'fe', index: i };
    step = bse[i]!;
  } else if (i < r.params.length) {
    const k = i - r.kFe;
    if (!eng.isFree(k)) return null;
    target = { kind: 'psi', index: k };
    step = r.scale * bse[i]!;
    variance = eng.isVariance(k);
  } else {
    const fac = r.reml ? r.nobs - r.kFe : r.nobs;
    target = { kind: 'scale' };
    step = estimate * Math.sqrt(2 / fac);
    positive = true;
  }
  if (!(step > 0 && Number.isFinite(step))) step = Math.max(Math.abs(estimate), 1e-3 * r.scale) * 0.5;
  return { target, step, variance, positive };
}
