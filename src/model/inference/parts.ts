/**
 * The pieces of a fit that Satterthwaite and Kenward–Roger need, taken from
 * the likelihood's own analytic score and Hessian sums at the fitted
 * parameters (no finite differences, no n × n matrices).
 *
 * Notation: V = σ²V₀, V₀ = I + ZΨZᵀ, Ψ = Σ_j ψ_j E_j (ψ = tril(cov_re)/σ², vcomp/σ²),
 * H = XᵀV₀⁻¹X, G = ZᵀV₀⁻¹X, W = ZᵀV₀⁻¹Z, u = ZᵀV₀⁻¹r, all summed over groups.
 */
import { InvalidArgumentError } from '../../errors.js';
import type { HessianParts, ScoreSums } from '../likelihood.js';
import { trilIndices } from '../terms/params.js';
import type { MixedLMResults } from '../results.js';

/**
 * Derivative pieces of a fit (p fixed effects, m covariance parameters ψ).
 *
 * @example
 * ```ts
 * const d = covarianceDerivatives(results);
 * d.xtax[0]; // −∂H/∂ψ_0 (p × p)
 * ```
 */
export interface CovarianceDerivatives {
  n: number;
  p: number;
  m: number;
  reml: boolean;
  /** σ² (the fit's scale) */
  scale: number;
  beta: Float64Array;
  /** H = XᵀV₀⁻¹X and H⁻¹ (p × p); Var(β̂) = σ²H⁻¹ */
  H: Float64Array;
  Hinv: Float64Array;
  /** ψ at the fit (profile scale) and their names */
  psi: Float64Array;
  psiNames: string[];
  /** where each ψ sits: block −1 = cov_re, k = variance component k; entry (a, b) of that block */
  psiBlock: Array<{ block: number; a: number; b: number }>;
  /** xtax_j = GᵀE_jG = −∂H/∂ψ_j (p × p each) */
  xtax: Float64Array[];
  /** Bv_j = uᵀE_ju = −∂(rᵀV₀⁻¹r)/∂ψ_j */
  Bv: Float64Array;
  /** rᵀV₀⁻¹r and n − p (REML) or n (ML) */
  qf: number;
  fac: number;
  /** t_j = tr(E_jW) */
  t: Float64Array;
  /** T_ij = tr(E_iWE_jW) (m × m) — REML only (else empty) */
  T: Float64Array;
  /** Qt[i·m+j] = GᵀE_iWE_jG (p × p) — REML only (else empty) */
  Qt: Float64Array[];
  /** Hessian of the scale-profiled log-likelihood in (β, ψ), (p + m)² row-major */
  hess: Float64Array;
}

/**
 * Evaluates the likelihood's score and Hessian sums at a fit's parameters and
 * returns the pieces of {@link CovarianceDerivatives}.
 *
 * @example
 * ```ts
 * const d = covarianceDerivatives(model.fit({ reml: true }));
 * ```
 */
export function covarianceDerivatives(r: MixedLMResults): CovarianceDerivatives {
  const model = r.model;
  const core = model.likelihood;
  const k = r.kRe;
  const po = r.paramsObject;
  const th = model.factorOf(po);
  if (!th) throw new InvalidArgumentError('covRe', 'degrees of freedom need positive semidefinite random-effects covariances; refit with useSqrt: true');
  const { L, lam } = th;
  const st = core.evaluate(L, lam, Float64Array.from(r.feParams));
  if (!st.ok || !st.hChol) throw new InvalidArgumentError('params', 'the likelihood cannot be evaluated at the fitted parameters');
  const reml = r.reml;
  const ss = {} as ScoreSums;
  core.scoreFull(st, reml, false, ss);
  const p = r.kFe;
  const m = r.kRe2 + r.kVc;
  // the fit's final Hessian sums when the core still holds them, else one Hessian evaluation
  const cached = core.hessianPartsAt(L, lam, st.beta, reml);
  const hp = cached?.parts ?? ({} as HessianParts);
  const h = cached?.hess ?? core.hessian(st, reml, hp);
  const hess = new Float64Array((p + m) * (p + m));
  h.forEach((row, i) => row.forEach((v, j) => (hess[i * (p + m) + j] = v)));
  const psi = new Float64Array(m);
  const psiBlock: Array<{ block: number; a: number; b: number }> = [];
  let j = 0;
  for (const [a, b] of trilIndices(k)) {
    psi[j++] = po.covRe[a]![b]!;
    psiBlock.push({ block: -1, a, b });
  }
  model.vcDims.forEach((dim, blk) => {
    for (const [a, b] of trilIndices(dim)) {
      psi[j] = po.vcomp[j - r.kRe2]!;
      psiBlock.push({ block: blk, a, b });
      j++;
    }
  });
  const psiNames = r.paramNames.slice(p, p + m);
  const Hinv = core.hInv(st);
  if (!Hinv.every(Number.isFinite)) throw new InvalidArgumentError('exog', 'XᵀV⁻¹X is not positive definite at the fit');
  let T = new Float64Array(0);
  const Qt: Float64Array[] = [];
  if (reml) {
    T = new Float64Array(m * m);
    for (let a = 0; a < m; a++)
      for (let b = 0; b <= a; b++) {
        const v = 2 * hp.rt[a * m + b]!;
        T[a * m + b] = v;
        T[b * m + a] = v;
      }
    for (let a = 0; a < m * m; a++) Qt.push(new Float64Array(p * p));
    // F[a·m+b] = GᵀE_bWE_aG (b ≤ a) = Qt[b, a]; Qt[a, b] is its transpose
    for (let a = 0; a < m; a++)
      for (let b = 0; b <= a; b++) {
        const F = hp.F[a * m + b]!;
        const qba = Qt[b * m + a]!;
        const qab = Qt[a * m + b]!;
        for (let s = 0; s < p; s++)
          for (let u = 0; u < p; u++) {
            qba[s * p + u] = F[s * p + u]!;
            qab[u * p + s] = F[s * p + u]!;
          }
      }
  }
  return {
    n: r.nobs,
    p,
    m,
    reml,
    scale: st.qf / core.fac(reml),
    beta: Float64Array.from(st.beta),
    H: core.feInformation(st),
    Hinv,
    psi,
    psiNames,
    psiBlock,
    xtax: hp.xtax.map((x) => Float64Array.from(x)),
    Bv: Float64Array.from(hp.Bv),
    qf: st.qf,
    fac: core.fac(reml),
    t: Float64Array.from(ss.trW),
    T,
    Qt,
    hess,
  };
}
