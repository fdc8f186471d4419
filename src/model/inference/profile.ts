import { InvalidArgumentError } from '../../errors.js';
import { minimize } from '../../optim/index.js';
import { choleskyLower, spdSolve } from '../dense.js';
import { residualForm, type EvalState } from '../likelihood.js';
import { trilIndices, vcFactor, vcVarianceMask } from '../terms/params.js';
import type { MixedLMResults } from '../results.js';

/** What a profile fixes: a fixed effect, a variance/covariance parameter (data scale) or the residual variance. */
export type ProfileTarget = { kind: 'fe'; index: number } | { kind: 'psi'; index: number } | { kind: 'scale' };

/** One point of a profile: the maximized criterion and the optimizer's solution (a warm start). */
export interface ProfilePoint {
  llf: number;
  x: Float64Array;
  converged: boolean;
}

/**
 * Profiled log-likelihoods of a fit (the fit's own criterion, REML or ML),
 * with one parameter held fixed and all others maximized:
 *
 * - fixed effect β_j = b: β₋ⱼ = H₋ⱼ₋ⱼ⁻¹(XᵀV⁻¹y − H₋ⱼⱼ b) (constrained GLS),
 *   scale profiled (σ² = qf/fac), ψ optimized;
 * - variance parameter ψ_k·σ² = v (data scale): optimize over (log σ², ψ₋ₖ)
 *   with ψ_k = v/σ²;
 * - residual variance σ² = v: ψ optimized, β GLS.
 *
 * With σ² explicit, ℓ = −½[fac·log(2πσ²) + log|M| (+ log|XᵀV⁻¹X| for REML) + qf/σ²],
 * fac = n (ML) or n − p (REML); at σ² = qf/fac it is the profile criterion.
 * ψ (tril(cov_re)/σ², vcomp/σ²) is optimized directly by bounded L-BFGS
 * (variances ≥ 0, covariance factorizable); gradients come from the model's
 * analytic score (envelope theorem for the profiled β and σ²). Penalties of
 * the fit (covPen, fePen) are ignored; parameters held fixed by the fit's
 * `free` pattern stay fixed.
 *
 * @example
 * ```ts
 * const pr = new ProfileEngine(result);
 * pr.at({ kind: 'fe', index: 1 }, 12.0).llf;
 * ```
 */
export class ProfileEngine {
  readonly nPsi: number;
  /** ψ̂ (profile scale), the estimate. */
  readonly psiHat: Float64Array;
  private readonly freePsi: boolean[];
  private readonly tril: Array<[number, number]>;
  private readonly n: number;
  private readonly vcVariance: boolean[];

  constructor(readonly result: MixedLMResults) {
    this.vcVariance = vcVarianceMask(result.model.vcDims);
    const r = result;
    this.tril = trilIndices(r.kRe);
    this.nPsi = r.kRe2 + r.kVc;
    const psi = new Float64Array(this.nPsi);
    let j = 0;
    for (const [a, b] of this.tril) psi[j++] = r.paramsObject.covRe[a]![b]!;
    for (let t = 0; t < r.kVc; t++) psi[j++] = r.paramsObject.vcomp[t]!;
    this.psiHat = psi;
    const fp = r.freepat;
    this.freePsi = [...this.tril.map(([a, b]) => (fp ? fp.covRe[a]![b]! !== 0 : true)), ...Array.from({ length: r.kVc }, (_, t) => (fp ? fp.vcomp[t]! !== 0 : true))];
    this.n = r.nobs;
  }

  /** Whether ψ_k is a variance (diagonal of cov_re or a variance component). */
  isVariance(k: number): boolean {
    if (k >= this.tril.length) return this.vcVariance[k - this.tril.length]!;
    const [a, b] = this.tril[k]!;
    return a === b;
  }

  /** Whether ψ_k is estimated (not held fixed by the fit's free pattern). */
  isFree(k: number): boolean {
    return this.freePsi[k]!;
  }

  /** Indices of the ψ entries optimized for a target. */
  private varIndex(target: ProfileTarget): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.nPsi; k++) if (this.freePsi[k] && !(target.kind === 'psi' && target.index === k)) out.push(k);
    return out;
  }

  /** Starting point at the estimate for a target. */
  start(target: ProfileTarget): Float64Array {
    const ix = this.varIndex(target);
    const lead = target.kind === 'psi' ? 1 : 0;
    const x = new Float64Array(lead + ix.length);
    if (lead) x[0] = Math.log(this.result.scale);
    ix.forEach((k, i) => (x[lead + i] = this.psiHat[k]!));
    return x;
  }

  /**
   * −ℓ/n and its gradient at optimizer variables x for the target fixed at value.
   * Returns Infinity at unrepresentable points (rejected by the line search).
   */
  private objective(target: ProfileTarget, value: number, ix: number[]): (x: Float64Array, g: Float64Array) => number {
    const r = this.result;
    const core = r.model.likelihood;
    const reml = r.reml;
    const kRe = r.kRe;
    const kVc = r.kVc;
    const p = r.kFe;
    const fac = core.fac(reml);
    const n = this.n;
    const lead = target.kind === 'psi' ? 1 : 0;
    const psi = Float64Array.from(this.psiHat);
    const L = new Float64Array(kRe * kRe);
    const lam = new Float64Array(kVc);
    const zeros = new Float64Array(p);
    return (x, g) => {
      g.fill(0);
      let s2 = NaN; // σ² when explicit
      if (target.kind === 'psi') {
        s2 = Math.exp(x[0]!);
        psi[target.index] = value / s2;
      } else if (target.kind === 'scale') s2 = value;
      ix.forEach((k, i) => (psi[k] = x[lead + i]!));
      // Λ from ψ
      const cov: number[][] = Array.from({ length: kRe }, () => new Array<number>(kRe).fill(0));
      let j = 0;
      for (const [a, b] of this.tril) {
        cov[a]![b] = psi[j]!;
        cov[b]![a] = psi[j]!;
        j++;
      }
      if (kRe > 0) {
        const l = choleskyLower(cov);
        if (!l) return Infinity;
        for (let a = 0; a < kRe; a++) for (let b = 0; b <= a; b++) L[a * kRe + b] = l[a]![b]!;
      }
      const f = vcFactor(psi.subarray(this.tril.length), r.model.vcDims);
      if (!f) return Infinity;
      lam.set(f);
      let st: EvalState;
      if (target.kind === 'fe') {
        st = core.evaluate(L, lam, zeros);
        if (!st.ok && !Number.isFinite(st.logdetM)) return Infinity;
        // in the core's coordinates δ = β − b₀ (likelihood.ts)
        // β_j = b₀_j + (Tδ)_j: a linear constraint aᵀδ = value − b₀_j, a = row j of T
        const delta = constrainedGls(st.H, st.gv, p, core.T.subarray(target.index * p, target.index * p + p), value - core.b0[target.index]!);
        if (!delta) return Infinity;
        const qf = residualForm(st.H, st.gv, st.yy, delta, p);
        st.delta = delta;
        st.beta = Float64Array.from(delta, (v, s) => v + core.b0[s]!);
        st.qf = qf;
        st.ok = qf > 0;
      } else st = core.evaluate(L, lam, null);
      if (!st.ok) return Infinity;
      let ll: number;
      let sc: { re: Float64Array; vc: Float64Array };
      if (Number.isNaN(s2)) {
        ll = core.loglikeOf(st, reml);
        sc = core.scoreFull(st, reml, false);
      } else {
        let ldH = 0;
        if (reml) {
          if (!st.hChol) return Infinity;
          ldH = core.logDetH(st);
        }
        ll = -0.5 * (fac * Math.log(2 * Math.PI * s2) + st.logdetM + ldH + st.qf / s2);
        // ∂ℓ/∂ψ at fixed σ²: the score's fac·quad/qf term becomes quad/σ²
        sc = core.scoreFull({ ...st, qf: fac * s2 }, reml, false);
      }
      if (!Number.isFinite(ll)) return Infinity;
      const dpsi = (k: number): number => (k < this.tril.length ? sc.re[k]! : sc.vc[k - this.tril.length]!);
      ix.forEach((k, i) => (g[lead + i] = -dpsi(k) / n));
      if (target.kind === 'psi') {
        // d/d log σ² = σ²∂ℓ/∂σ² − ψ_k ∂ℓ/∂ψ_k
        const dS2 = -0.5 * fac / s2 + (0.5 * st.qf) / (s2 * s2);
        g[0] = -(s2 * dS2 - psi[target.index]! * dpsi(target.index)) / n;
      }
      return -ll / n;
    };
  }

  /**
   * Maximize the criterion with the target fixed at `value`, from `warm`
   * (default: the estimate).
   */
  at(target: ProfileTarget, value: number, warm?: Float64Array): ProfilePoint {
    const r = this.result;
    if (target.kind === 'fe' && !(target.index >= 0 && target.index < r.kFe)) throw new InvalidArgumentError('target', `fixed-effect index out of range [0, ${r.kFe})`);
    if (target.kind === 'psi' && !(target.index >= 0 && target.index < this.nPsi)) throw new InvalidArgumentError('target', `variance-parameter index out of range [0, ${this.nPsi})`);
    const ix = this.varIndex(target);
    const lead = target.kind === 'psi' ? 1 : 0;
    const x0 = warm ? Float64Array.from(warm) : this.start(target);
    const lower = new Float64Array(x0.length).fill(-Infinity);
    ix.forEach((k, i) => {
      if (this.isVariance(k)) lower[lead + i] = 0;
    });
    for (let i = 0; i < x0.length; i++) if (x0[i]! < lower[i]!) x0[i] = lower[i]!;
    const fg = this.objective(target, value, ix);
    if (x0.length === 0) {
      const f = fg(x0, new Float64Array(0));
      return { llf: -f * this.n, x: x0, converged: true };
    }
    const g0 = new Float64Array(x0.length);
    if (!Number.isFinite(fg(x0, g0)) && warm) x0.set(this.start(target));
    // infeasible start (e.g. a fixed covariance beyond √(ψ_aa ψ_bb)): inflate the variances
    for (let it = 0; it < 80 && !Number.isFinite(fg(x0, g0)); it++)
      ix.forEach((k, i) => {
        if (this.isVariance(k)) x0[lead + i] = Math.max(x0[lead + i]! * 1.5, 1e-8);
      });
    const res = minimize(fg, x0, { method: 'lbfgs', lower, gtol: 1e-9, ftol: 1e-15, maxiter: 1000 });
    return { llf: -res.f * this.n, x: Float64Array.from(res.x), converged: res.converged };
  }
}

/**
 * argmin δᵀHδ − 2gvᵀδ subject to aᵀδ = v (the GLS coefficients with one
 * linear combination fixed): δ = H⁻¹gv + H⁻¹a·(v − aᵀH⁻¹gv)/(aᵀH⁻¹a); null if singular.
 */
function constrainedGls(H: Float64Array, gv: Float64Array, p: number, a: ArrayLike<number>, v: number): Float64Array | null {
  const A = Array.from({ length: p }, (_, s) => Array.from(H.subarray(s * p, s * p + p)));
  const hg = spdSolve(A, Array.from(gv));
  const ha = spdSolve(A, Array.from(a));
  if (!hg || !ha) return null;
  let aHg = 0;
  let aHa = 0;
  for (let s = 0; s < p; s++) {
    aHg += a[s]! * hg[s]!;
    aHa += a[s]! * ha[s]!;
  }
  if (!(aHa > 0)) return null;
  const lam = (v - aHg) / aHa;
  return Float64Array.from(hg, (x, s) => x + ha[s]! * lam);
}
