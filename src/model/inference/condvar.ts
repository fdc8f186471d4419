import { vcColumnKeys } from '../terms/vcspec.js';
import { InvalidArgumentError } from '../../errors.js';
import type { GroupLabel } from '../prepare.js';
import type { MixedLMResults } from '../results.js';

/** Names of the random-effect columns of group g (exog_re names, then `vc[col]`, or `vc[i]` without column names). */
function reColumnNames(r: MixedLMResults, g: number): string[] {
  const m = r.model;
  const names = m.exogReNames.slice();
  for (let k = 0; k < m.exogVc.names.length; k++) names.push(...vcColumnKeys(m.exogVc, k, g));
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
  const th = m.factorOf(r.paramsObject);
  if (!th) throw new InvalidArgumentError('params', 'the fitted covariance is not positive semidefinite');
  const lam = th.lam;
  const st = core.evaluate(th.L, lam, Float64Array.from(r.feParams));
  if (!st.ok) throw new InvalidArgumentError('params', 'the fitted parameters could not be evaluated');
  for (let g = 0; g < m.nGroups; g++) {
    const gd = inner.groupData(g, st.delta, false);
    const wd = gd.wDiag;
    const names = reColumnNames(r, g);
    const rec: Record<string, number> = {};
    let o = 0;
    m.vcDims.forEach((d, k) => {
      const s0 = inner.vcStart(g, k);
      const s1 = s0 + inner.vcSize(g, k);
      if (d === 1) {
        const l2 = lam[o]! * lam[o]!;
        // cv_i = scale·(λ² − λ⁴ W_ii)
        for (let i = s0; i < s1; i++) rec[names[i]!] = r.scale * Math.max(0, l2 - l2 * l2 * wd[i]!);
      } else {
        // block: scale·diag(T (I − TᵀW_ll T) Tᵀ) = scale·diag(TTᵀ − (TTᵀ) W_ll (TTᵀ))
        const wb = gd.wVcBlocks?.[k];
        if (!wb) throw new InvalidArgumentError('model', `no conditional variances for component ${m.exogVc.names[k]}`);
        const S = r.paramsObject.vcBlock(k);
        for (let l = 0; l < (s1 - s0) / d; l++)
          for (let a = 0; a < d; a++) {
            let v = S[a]![a]!;
            for (let b = 0; b < d; b++) for (let c = 0; c < d; c++) v -= S[a]![b]! * wb[l * d * d + b * d + c]! * S[c]![a]!;
            rec[names[s0 + l * d + a]!] = r.scale * Math.max(0, v);
          }
      }
      o += (d * (d + 1)) / 2;
    });
    out.set(m.groupLabels[g]!, rec);
  }
  return out;
}
