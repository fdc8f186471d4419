import { InvalidArgumentError } from '../errors.js';
import type { GroupLabel } from './prepare.js';
import type { MixedLMResults } from './results.js';

/** Names of the random-effect columns of group g (exog_re names, then `vc[col]`, or `vc[i]` without column names). */
function reColumnNames(r: MixedLMResults, g: number): string[] {
  const m = r.model;
  const inner = m.likelihood.inner;
  const names = m.exogReNames.slice();
  const vc = m.exogVc;
  for (let k = 0; k < vc.names.length; k++) {
    const cn = vc.colnames[k]?.[g] ?? [];
    const size = inner.vcSize(g, k);
    for (let i = 0; i < size; i++) names.push(`${vc.names[k]}[${cn[i] ?? String(i)}]`);
  }
  return names;
}

/**
 * Conditional variances of the random effects (lme4's `condVar` diagonal):
 * per group, the diagonal of scale·ΛM⁻¹Λᵀ, keyed like `randomEffects`.
 *
 * With variance components only (Λ diagonal, e.g. crossed single-group
 * models) no q × q inverse is formed: the inner solver already returns
 * diag(W), W = ZᵀV⁻¹Z = Λ⁻¹(I − M⁻¹)Λ⁻¹, so
 * (ΛM⁻¹Λ)_ii = λ_i² − λ_i⁴ W_ii (exact also when λ_i = 0).
 * With exog_re random effects the per-group dense conditional covariance is
 * small and its diagonal is taken.
 *
 * @example
 * ```ts
 * const cv = randomEffectsCondVar(result); // Map: group → { 'plate[a]': 0.0736, ... }
 * ```
 */
export function randomEffectsCondVar(r: MixedLMResults): Map<GroupLabel, Record<string, number>> {
  const m = r.model;
  const out = new Map<GroupLabel, Record<string, number>>();
  if (m.kRe > 0) {
    const cov = r.randomEffectsCov;
    for (let g = 0; g < m.nGroups; g++) {
      const label = m.groupLabels[g]!;
      const c = cov.get(label)!;
      const names = reColumnNames(r, g);
      const rec: Record<string, number> = {};
      names.forEach((nm, i) => (rec[nm] = c[i]![i]!));
      out.set(label, rec);
    }
    return out;
  }
  const core = m.likelihood;
  const inner = core.inner;
  const po = r.paramsObject;
  const lam = Float64Array.from(po.vcomp, (v) => Math.sqrt(Math.max(v, 0)));
  const st = core.evaluate(new Float64Array(0), lam, Float64Array.from(r.feParams));
  if (!st.ok) throw new InvalidArgumentError('params', 'the fitted parameters could not be evaluated');
  for (let g = 0; g < m.nGroups; g++) {
    const wd = inner.groupData(g, st.beta, false).wDiag;
    const names = reColumnNames(r, g);
    const rec: Record<string, number> = {};
    for (let k = 0; k < m.kVc; k++) {
      const l2 = lam[k]! * lam[k]!;
      const s0 = inner.vcStart(g, k);
      const s1 = s0 + inner.vcSize(g, k);
      // cv_i = scale·(λ² − λ⁴ W_ii)
      for (let i = s0; i < s1; i++) rec[names[i]!] = r.scale * Math.max(0, l2 - l2 * l2 * wd[i]!);
    }
    out.set(m.groupLabels[g]!, rec);
  }
  return out;
}
