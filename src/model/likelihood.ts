import type { GroupedDesign } from './design.js';
import type { InnerSolver } from './inner/solver.js';
import { backSolve, cholInPlace, forwardSolve, matMul } from './dense.js';
import { trilIndices } from './terms/params.js';
import { momentSolve, momentSums, oneWaySurrogate } from './inner/moments.js';

/**
 * State of one evaluation of the profile likelihood at (L, λ): the GLS
 * cross products and, when requested, β̂.
 */
export interface EvalState {
  ok: boolean;
  logdetM: number;
  /** H = X'ᵀV⁻¹X' (p×p row-major), X' = XT the core's columns (see `location.ts`; user scale: `feInformation`) */
  H: Float64Array;
  /** X'ᵀV⁻¹y₀, with y₀ = y − Xb₀ the response the core stores */
  gv: Float64Array;
  /** y₀ᵀV⁻¹y₀ */
  yy: number;
  /** β used (GLS when profiled) */
  beta: Float64Array;
  /** δ = T⁻¹(β − b₀): the coefficients of y₀ on X', what the inner solver's sums take */
  delta: Float64Array;
  /** rᵀV⁻¹r */
  qf: number;
  /** lower Cholesky factor of H (null if H not PD) */
  hChol: Float64Array | null;
}

/**
 * The score's sums per covariance parameter j (filled by `scoreFull` when asked):
 * trW = tr(E_j W), quad = uᵀE_j u, rem = tr(H⁻¹GᵀE_jG) (REML only, else 0).
 *
 * @example
 * ```ts
 * const s = {} as ScoreSums; core.scoreFull(st, true, false, s); s.trW[0];
 * ```
 */
export interface ScoreSums {
  trW: Float64Array;
  quad: Float64Array;
  rem: Float64Array;
}

/**
 * The Hessian's sums per covariance parameter (filled by `hessian` when asked),
 * all Σ over groups: Bv_j = uᵀE_j u, xtax_j = GᵀE_jG = −∂H/∂ψ_j, F[j1·m+j2] =
 * GᵀE_{j2}WE_{j1}G (j2 ≤ j1, REML only), rt[j1·m+j2] = ½ tr(E_{j1}WE_{j2}W) (j2 ≤ j1).
 *
 * @example
 * ```ts
 * const h = {} as HessianParts; core.hessian(st, true, h); h.xtax[0];
 * ```
 */
export interface HessianParts {
  Bv: Float64Array;
  xtax: Float64Array[];
  F: Float64Array[];
  rt: Float64Array;
}

/**
 * One likelihood for both storage paths: loglike, score (with respect to the
 * covariance entries, "full", or the Cholesky/sqrt parameters) and Hessian in
 * terms of the inner solver's per-group quantities. Derivatives w.r.t. the
 * profile covariance ψ use dV/dψ_j = Z E_j Zᵀ, so tr(V⁻¹dV) = tr(E_j W),
 * rᵀV⁻¹dV V⁻¹r = uᵀE_j u, XᵀV⁻¹dV V⁻¹X = GᵀE_j G.
 *
 * @example
 * ```ts
 * const core = new LikelihoodCore(design, inner);
 * const st = core.evaluate(L, lam, null);
 * ```
 */
export class LikelihoodCore {
  readonly n: number;
  readonly p: number;
  readonly kRe: number;
  readonly kVc: number;
  readonly kRe2: number;
  /** columns per level of each variance component */
  readonly vcDims: number[];
  /** covariance parameters of the variance components: Σ d(d+1)/2 */
  readonly kVcPar: number;
  private readonly Q0: Float64Array;
  private readonly tril: Array<[number, number]>;
  private last: { L: Float64Array; lam: Float64Array; Q: Float64Array; logdetM: number } | null = null;
  /** the sums of the last `hessian` call and its point (the fit's final Hessian, reused by inference) */
  private lastHess: { L: Float64Array; lam: Float64Array; beta: Float64Array; reml: boolean; parts: HessianParts; hess: number[][] } | null = null;

  /** b₀: the location taken out of y (the design holds y₀ = y − Xb₀) */
  readonly b0: Float64Array;
  /** T (p × p): the design holds X' = XT (unit-RMS columns, centred when far from zero), β = b₀ + Tδ; and T⁻¹ */
  readonly T: Float64Array;
  readonly Tinv: Float64Array;
  /** log|det T| (REML's log|XᵀV⁻¹X| = log|X'ᵀV⁻¹X'| − 2 log|det T|) */
  readonly logDetT: number;

  constructor(private readonly design: GroupedDesign, readonly inner: InnerSolver, frame?: { b0: Float64Array; T: Float64Array; Tinv: Float64Array; logDetT: number }) {
    const d = design;
    this.b0 = frame ? Float64Array.from(frame.b0) : new Float64Array(d.p);
    this.T = frame ? Float64Array.from(frame.T) : identity(d.p);
    this.Tinv = frame ? Float64Array.from(frame.Tinv) : identity(d.p);
    this.logDetT = frame ? frame.logDetT : 0;
    this.n = d.n;
    this.p = d.p;
    this.kRe = d.kRe;
    this.kVc = d.kVc;
    this.kRe2 = (d.kRe * (d.kRe + 1)) / 2;
    this.vcDims = d.vcDims ? d.vcDims.slice() : new Array<number>(d.kVc).fill(1);
    this.kVcPar = this.vcDims.reduce((a, k) => a + (k * (k + 1)) / 2, 0);
    this.tril = trilIndices(d.kRe);
    const p1 = d.p + 1;
    // Q0 = [X y]ᵀ[X y] (given by a model built from cross products)
    const Q0 = d.cross ? Float64Array.from(d.cross.Q0) : new Float64Array(p1 * p1);
    const p = d.p;
    const X = d.X;
    const y = d.y;
    const n = d.n;
    for (let r = 0; r < (d.cross ? 0 : n); r++) {
      const xo = r * p;
      const yr = y[r]!;
      for (let s = 0; s < p; s++) {
        const xs = X[xo + s]!;
        if (xs === 0) continue;
        for (let t = 0; t < p; t++) Q0[s * p1 + t]! += xs * X[xo + t]!;
        Q0[s * p1 + p]! += xs * yr;
      }
      Q0[p * p1 + p]! += yr * yr;
    }
    for (let s = 0; s < p; s++) Q0[p * p1 + s] = Q0[s * p1 + p]!;
    this.Q0 = Q0;
  }

  /**
   * Method-of-moments start for vcomp/scale (variance components only) at the
   * OLS fit (β = (XᵀX)⁻¹Xᵀy from Q0); the same numbers on both storage paths.
   */
  momentStart(): Float64Array | null {
    if (this.kRe > 0 || this.kVc === 0 || this.kVcPar !== this.kVc) return null;
    const p = this.p;
    const p1 = p + 1;
    const hc = new Float64Array(p * p);
    const b = new Float64Array(p);
    for (let s = 0; s < p; s++) {
      for (let t = 0; t < p; t++) hc[s * p + t] = this.Q0[s * p1 + t]!;
      b[s] = this.Q0[s * p1 + p]!;
    }
    if (cholInPlace(hc, 0, p) >= 0) return null;
    forwardSolve(hc, 0, p, b, 0, 1);
    backSolve(hc, 0, p, b, 0, 1);
    let rss = this.Q0[p * p1 + p]!;
    for (let s = 0; s < p; s++) rss -= b[s]! * this.Q0[s * p1 + p]!;
    const sums = this.inner.momentSums?.(b) ?? momentSums(this.design, b);
    return momentSolve(sums.N, sums.T, sums.S, rss, this.n, p);
  }

  /**
   * One-way surrogate step for variance-components models (no exog_re) at λ
   * (see `oneWaySurrogate`): evaluates at λ (β̂ profiled) and returns the
   * loglike there, the surrogate's root λ* per component and its curvature
   * of −loglike in λ (a diagonal Hessian estimate). Null when not applicable.
   */
  surrogateStep(lam: Float64Array, reml: boolean): { ll: number; lam: Float64Array; curv: Float64Array } | null {
    const kv = this.kVc;
    if (this.kRe > 0 || kv === 0 || this.kVcPar !== kv) return null;
    const st = this.evaluate(new Float64Array(0), lam, null);
    const ll = this.loglikeOf(st, reml);
    if (!Number.isFinite(ll)) return null;
    const sc = this.scoreFull(st, reml, false).vc;
    const inner = this.inner;
    // per component: (W_jj, u_j) over all its levels in all groups
    const Ws = Array.from({ length: kv }, () => new Float64Array(0));
    const Us = Array.from({ length: kv }, () => new Float64Array(0));
    const cnt = new Int32Array(kv);
    for (let g = 0; g < inner.nGroups; g++) for (let k = 0; k < kv; k++) cnt[k]! += inner.vcSize(g, k);
    for (let k = 0; k < kv; k++) {
      Ws[k] = new Float64Array(cnt[k]!);
      Us[k] = new Float64Array(cnt[k]!);
    }
    cnt.fill(0);
    for (let g = 0; g < inner.nGroups; g++) {
      const gd = inner.groupData(g, st.delta, false);
      for (let k = 0; k < kv; k++) {
        const s0 = inner.vcStart(g, k);
        const sz = inner.vcSize(g, k);
        Ws[k]!.set(gd.wDiag.subarray(s0, s0 + sz), cnt[k]!);
        Us[k]!.set(gd.u.subarray(s0, s0 + sz), cnt[k]!);
        cnt[k]! += sz;
      }
    }
    const out = new Float64Array(kv);
    const curv = new Float64Array(kv);
    for (let k = 0; k < kv; k++) {
      const r = oneWaySurrogate(Ws[k]!, Us[k]!, lam[k]! * lam[k]!, sc[k]!, this.fac(reml), st.qf);
      if (!r) return null;
      out[k] = Math.sqrt(r.psi);
      curv[k] = r.h;
    }
    return { ll, lam: out, curv };
  }

  /** n − p under REML, n under ML. */
  fac(reml: boolean): number {
    return reml ? this.n - this.p : this.n;
  }

  /**
   * Factor at (L, λ); with `beta` null, β̂ = H⁻¹XᵀV⁻¹y (GLS).
   */
  evaluate(L: Float64Array, lam: Float64Array, beta: Float64Array | null): EvalState {
    const p = this.p;
    const p1 = p + 1;
    // the inner solver keeps the factorization of the last (L, λ): reuse it when asked again at the same point
    let Q: Float64Array;
    let logdetM: number;
    const c = this.last;
    if (c && sameValues(c.L, L) && sameValues(c.lam, lam)) {
      Q = Float64Array.from(c.Q);
      logdetM = c.logdetM;
    } else {
      Q = Float64Array.from(this.Q0);
      logdetM = this.inner.factor(L, lam, Q);
      this.last = { L: Float64Array.from(L), lam: Float64Array.from(lam), Q: Float64Array.from(Q), logdetM };
    }
    const H = new Float64Array(p * p);
    const gv = new Float64Array(p);
    for (let s = 0; s < p; s++) {
      for (let t = 0; t < p; t++) H[s * p + t] = Q[s * p1 + t]!;
      gv[s] = Q[s * p1 + p]!;
    }
    const yy = Q[p * p1 + p]!;
    const hc = Float64Array.from(H);
    const hOk = cholInPlace(hc, 0, p) < 0;
    const st: EvalState = { ok: Number.isFinite(logdetM), logdetM, H, gv, yy, beta: new Float64Array(p), delta: new Float64Array(p), qf: NaN, hChol: hOk ? hc : null };
    if (!st.ok) return st;
    if (beta === null) {
      if (!hOk) {
        st.ok = false;
        return st;
      }
      const b = Float64Array.from(gv);
      forwardSolve(hc, 0, p, b, 0, 1);
      backSolve(hc, 0, p, b, 0, 1);
      st.delta = b;
      let qf = yy;
      for (let s = 0; s < p; s++) qf -= gv[s]! * b[s]!;
      st.qf = qf;
    } else {
      st.delta = this.toDelta(beta);
      st.qf = residualForm(H, gv, yy, st.delta, p);
    }
    st.beta = this.toBeta(st.delta);
    if (!(st.qf > 0)) st.ok = false;
    return st;
  }

  /** The profile log-likelihood (scale profiled out) at an evaluated state. */
  loglikeOf(st: EvalState, reml: boolean): number {
    if (!st.ok) return NaN;
    const fac = this.fac(reml);
    let ll = -st.logdetM / 2 - (fac * Math.log(st.qf)) / 2;
    if (reml) {
      if (!st.hChol) return NaN;
      ll -= this.logDetH(st) / 2;
    }
    ll += (-fac * Math.log(2 * Math.PI) + fac * Math.log(fac) - fac) / 2;
    return ll;
  }

  /** log|XᵀV⁻¹X| in the user's columns (NaN without a factor). */
  logDetH(st: EvalState): number {
    if (!st.hChol) return NaN;
    let ld = 0;
    for (let s = 0; s < this.p; s++) ld += 2 * Math.log(st.hChol[s * this.p + s]!);
    return ld - 2 * this.logDetT;
  }

  /** δ = T⁻¹(β − b₀). */
  toDelta(beta: ArrayLike<number>): Float64Array {
    const p = this.p;
    const out = new Float64Array(p);
    for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) out[s]! += this.Tinv[s * p + t]! * (beta[t]! - this.b0[t]!);
    return out;
  }

  /** β = b₀ + Tδ. */
  toBeta(delta: ArrayLike<number>): Float64Array {
    const p = this.p;
    const out = Float64Array.from(this.b0);
    for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) out[s]! += this.T[s * p + t]! * delta[t]!;
    return out;
  }

  /** BᵀAB (p × p, row-major) as two p³ products: information-like sums to the user's columns with B = T⁻¹, covariances with B = Tᵀ. */
  private sandwich(A: Float64Array, B: Float64Array): Float64Array {
    const p = this.p;
    const Bt = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) Bt[i * p + j] = B[j * p + i]!;
    return matMul(Bt, matMul(A, B, p), p);
  }

  /** T⁻ᵀg: a gradient over the core's columns over the user's. */
  private vecToUser(g: ArrayLike<number>): Float64Array {
    const p = this.p;
    const out = new Float64Array(p);
    for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) out[i]! += this.Tinv[k * p + i]! * g[k]!;
    return out;
  }

  /** XᵀV⁻¹X in the user's columns: T⁻ᵀHT⁻¹. */
  feInformation(st: EvalState): Float64Array {
    return this.sandwich(st.H, this.Tinv);
  }

  /** XᵀV⁻¹(y − Xβ) in the user's columns at the state's β: T⁻ᵀ(gv − Hδ). */
  feGradient(st: EvalState): Float64Array {
    const p = this.p;
    const w = new Float64Array(p);
    for (let s = 0; s < p; s++) {
      let v = st.gv[s]!;
      for (let t = 0; t < p; t++) v -= st.H[s * p + t]! * st.delta[t]!;
      w[s] = v;
    }
    return this.vecToUser(w);
  }

  /** (XᵀV⁻¹X)⁻¹ (p×p) in the user's columns: T H⁻¹ Tᵀ. */
  hInv(st: EvalState): Float64Array {
    const p = this.p;
    const Tt = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) Tt[i * p + j] = this.T[j * p + i]!;
    return this.sandwich(this.hInvWork(st), Tt);
  }

  /** H⁻¹ (p×p) of the core's columns, from the state's Cholesky factor. */
  private hInvWork(st: EvalState): Float64Array {
    const p = this.p;
    const out = new Float64Array(p * p);
    for (let i = 0; i < p; i++) out[i * p + i] = 1;
    if (!st.hChol) return out.fill(NaN);
    forwardSolve(st.hChol, 0, p, out, 0, p);
    backSolve(st.hChol, 0, p, out, 0, p);
    return out;
  }

  /**
   * Score with respect to the fixed effects (zeros unless `calcFe`), the lower
   * triangle of cov_re/scale and vcomp/scale (statsmodels' `score_full`,
   * without penalties), at an evaluated state.
   */
  scoreFull(st: EvalState, reml: boolean, calcFe: boolean, sink?: ScoreSums): { fe: Float64Array; re: Float64Array; vc: Float64Array } {
    const p = this.p;
    const kRe = this.kRe;
    const inner = this.inner;
    const nPar = this.kRe2 + this.kVcPar;
    const trW = new Float64Array(nPar);
    const quad = new Float64Array(nPar);
    const rem = new Float64Array(nPar);
    const Hi = reml ? this.hInvWork(st) : null;
    const gh = new Float64Array(p);
    const terms = inner.scoreTerms?.() ?? null;
    if (terms) {
      // sums from the factorization: u_a u_b = eᵀP_ab e (e = [−β; 1]), G_a H⁻¹ G_bᵀ = Σ H⁻¹_st P_ab[s,t]
      const p1 = p + 1;
      const e = new Float64Array(p1);
      for (let t = 0; t < p; t++) e[t] = -st.delta[t]!;
      e[p] = 1;
      let j = 0;
      for (const [a, b] of this.tril) {
        const f = a === b ? 1 : 2;
        const po = (a * kRe + b) * p1 * p1;
        let qq = 0;
        let rr = 0;
        for (let s = 0; s < p1; s++)
          for (let t = 0; t < p1; t++) {
            const v = terms.P[po + s * p1 + t]!;
            qq += e[s]! * v * e[t]!;
            if (reml && s < p && t < p) rr += Hi![s * p + t]! * v;
          }
        trW[j] = f * terms.tw[a * kRe + b]!;
        quad[j] = f * qq;
        rem[j] = f * rr;
        j++;
      }
    }
    for (let g = 0; g < (terms ? 0 : inner.nGroups); g++) {
      const gd = inner.groupData(g, st.delta, false);
      const { u, G, wDiag, wRe } = gd;
      let j = 0;
      for (const [a, b] of this.tril) {
        const f = a === b ? 1 : 2;
        trW[j]! += f * wRe[a * kRe + b]!;
        quad[j]! += f * u[a]! * u[b]!;
        if (reml) rem[j]! += f * rowQuadForm(G, a, b, Hi!, p);
        j++;
      }
      for (let k = 0; k < this.kVc; k++) {
        const s0 = inner.vcStart(g, k);
        const s1 = s0 + inner.vcSize(g, k);
        const dk = this.vcDims[k]!;
        if (dk > 1) {
          // block component: ψ_ab entries, E = Σ_l (e_la e_lbᵀ + e_lb e_laᵀ)
          const wb = gd.wVcBlocks?.[k];
          if (!wb) throw new Error(`inner solver gave no W blocks for component ${k}`);
          const nl = (s1 - s0) / dk;
          for (const [a, b] of trilIndices(dk)) {
            const f = a === b ? 1 : 2;
            let tw = 0;
            let qq = 0;
            let rr = 0;
            for (let l = 0; l < nl; l++) {
              const i1 = s0 + l * dk + a;
              const i2 = s0 + l * dk + b;
              tw += wb[l * dk * dk + a * dk + b]!;
              qq += u[i1]! * u[i2]!;
              if (reml) rr += rowQuadForm(G, i1, i2, Hi!, p);
            }
            trW[j]! += f * tw;
            quad[j]! += f * qq;
            rem[j]! += f * rr;
            j++;
          }
          continue;
        }
        let tw = 0;
        let qq = 0;
        let rr = 0;
        for (let i = s0; i < s1; i++) {
          tw += wDiag[i]!;
          qq += u[i]! * u[i]!;
        }
        if (reml) {
          for (let i = s0; i < s1; i++) {
            for (let t = 0; t < p; t++) {
              let w = 0;
              for (let r = 0; r < p; r++) w += G[i * p + r]! * Hi![r * p + t]!;
              gh[t] = w;
            }
            for (let t = 0; t < p; t++) rr += gh[t]! * G[i * p + t]!;
          }
        }
        trW[j]! += tw;
        quad[j]! += qq;
        rem[j]! += rr;
        j++;
      }
    }
    if (sink) Object.assign(sink, { trW, quad, rem });
    const fac = this.fac(reml);
    const sc = new Float64Array(nPar);
    for (let j = 0; j < nPar; j++) sc[j] = -0.5 * trW[j]! + (0.5 * fac * quad[j]!) / st.qf + (reml ? 0.5 * rem[j]! : 0);
    const fe = new Float64Array(p);
    if (calcFe) {
      // fac · XᵀV⁻¹r / qf, XᵀV⁻¹r = T⁻ᵀ(gv − Hδ) in the user's columns
      const xr = this.feGradient(st);
      for (let s = 0; s < p; s++) fe[s] = (fac * xr[s]!) / st.qf;
    }
    return { fe, re: sc.slice(0, this.kRe2), vc: sc.slice(this.kRe2) };
  }

  /**
   * Chain rule from the ψ-score to the packed sqrt parameters (L entries, and
   * per variance component the packed lower triangle of its factor T, λ when
   * d = 1): ψ = TTᵀ, ∂ψ_ij/∂T_ab = δ_ia T_jb + δ_ja T_ib (∂(λ²)/∂λ = 2λ).
   */
  chainSqrt(re: Float64Array, vc: Float64Array, L: Float64Array, lam: Float64Array): { re: Float64Array; vc: Float64Array } {
    const k = this.kRe;
    const Lp = new Float64Array(this.kRe2);
    let j = 0;
    for (const [a, b] of this.tril) Lp[j++] = L[a * k + b]!;
    const out = chainBlock(re, Lp, k);
    const ovc = new Float64Array(this.kVcPar);
    let o = 0;
    for (const d of this.vcDims) {
      const nd = (d * (d + 1)) / 2;
      if (d === 1) ovc[o] = 2 * lam[o]! * vc[o]!;
      else ovc.set(chainBlock(vc.subarray(o, o + nd), lam.subarray(o, o + nd), d), o);
      o += nd;
    }
    return { re: out, vc: ovc };
  }

  /**
   * The Hessian and its {@link HessianParts} from the last `hessian` call when
   * it was at (L, λ, β) with the same REML flag (e.g. the fit's final Hessian), else null.
   *
   * @example
   * ```ts
   * core.hessianPartsAt(L, lam, beta, true)?.parts.xtax[0];
   * ```
   */
  hessianPartsAt(L: Float64Array, lam: Float64Array, beta: Float64Array, reml: boolean): { parts: HessianParts; hess: number[][] } | null {
    const h = this.lastHess;
    if (!h || h.reml !== reml || !sameValues(h.L, L) || !sameValues(h.lam, lam) || !sameValues(h.beta, beta)) return null;
    return { parts: h.parts, hess: h.hess.map((r) => r.slice()) };
  }

  /**
   * Hessian (statsmodels' `hessian`) with respect to (fe_params, tril(cov_re/scale),
   * vcomp/scale) at a state evaluated with the given β.
   */
  hessian(st: EvalState, reml: boolean, sink?: HessianParts): number[][] {
    return this.hessianFrames(st, reml, sink).user;
  }

  /**
   * The Hessian in the user's coordinates and in the core's (fixed effects δ of
   * the centred, scaled columns X' = XT: β = b₀ + Tδ). Inverting the core's is
   * well conditioned even when the user's columns are far from zero; the
   * covariance of β is then T·(…)·Tᵀ.
   */
  hessianFrames(st: EvalState, reml: boolean, sink?: HessianParts): { user: number[][]; core: number[][] } {
    const p = this.p;
    const kRe = this.kRe;
    const inner = this.inner;
    const m = this.kRe2 + this.kVcPar;
    const fac = this.fac(reml);
    const hessFere = new Float64Array(m * p);
    const Bv = new Float64Array(m);
    const D = new Float64Array(m * m);
    const rt = new Float64Array(m * m);
    const xtax = Array.from({ length: m }, () => new Float64Array(p * p));
    const F = Array.from({ length: m * m }, () => new Float64Array(p * p));
    const reP: Int32Array[] = [];
    const reQ: Int32Array[] = [];
    for (const [a, b] of this.tril) {
      reP.push(a === b ? Int32Array.of(a) : Int32Array.of(a, b));
      reQ.push(a === b ? Int32Array.of(a) : Int32Array.of(b, a));
    }
    const agg = inner.hessianTerms?.(st.delta, reml) ?? null;
    if (agg) {
      // all groups in one pass by the inner solver (same sums as the loop below)
      Bv.set(agg.Bv);
      hessFere.set(agg.fere);
      for (let j = 0; j < m; j++) xtax[j]!.set(agg.xtax.subarray(j * p * p, (j + 1) * p * p));
      for (let j = 0; j < m * m; j++) {
        D[j] = 2 * agg.D[j]!;
        rt[j] = 0.5 * agg.rt[j]!;
        F[j]!.set(agg.F.subarray(j * p * p, (j + 1) * p * p));
      }
    }
    for (let g = 0; g < (agg ? 0 : inner.nGroups); g++) {
      const sparseSums = inner.hessianSums !== undefined && !(inner.preferDenseW?.() ?? false);
      const gd = inner.groupData(g, st.delta, !sparseSums);
      const q = inner.q(g);
      const { u, G } = gd;
      const W = gd.W ?? new Float64Array(0);
      // pair lists S_j = {(p,q)}: the exog_re ones are the same in every group
      const P: Int32Array[] = this.kVc === 0 ? reP : reP.slice();
      const Qi: Int32Array[] = this.kVc === 0 ? reQ : reQ.slice();
      const vcOf: number[] = P.map(() => -1);
      for (let k = 0; k < this.kVc; k++) {
        const s0 = inner.vcStart(g, k);
        const sz = inner.vcSize(g, k);
        const dk = this.vcDims[k]!;
        if (dk === 1) {
          const ix = new Int32Array(sz);
          for (let i = 0; i < sz; i++) ix[i] = s0 + i;
          P.push(ix);
          Qi.push(ix);
          vcOf.push(k);
          continue;
        }
        // block component: E_ab = Σ_l (e_la e_lbᵀ + e_lb e_laᵀ) (one term when a = b)
        const nl = sz / dk;
        for (const [a, b] of trilIndices(dk)) {
          const ne = a === b ? nl : 2 * nl;
          const pp = new Int32Array(ne);
          const qq = new Int32Array(ne);
          for (let l = 0; l < nl; l++) {
            pp[l] = s0 + l * dk + a;
            qq[l] = s0 + l * dk + b;
            if (a !== b) {
              pp[nl + l] = s0 + l * dk + b;
              qq[nl + l] = s0 + l * dk + a;
            }
          }
          P.push(pp);
          Qi.push(qq);
          vcOf.push(-1);
        }
      }
      void kRe;
      const hs = sparseSums ? inner.hessianSums!(g, { P, Q: Qi, vc: vcOf }, u, G, reml) : null;
      for (let j1 = 0; j1 < m; j1++) {
        const P1 = P[j1]!;
        const Q1 = Qi[j1]!;
        const xt = xtax[j1]!;
        for (let e = 0; e < P1.length; e++) {
          const a = P1[e]!;
          const b = Q1[e]!;
          Bv[j1]! += u[a]! * u[b]!;
          for (let t = 0; t < p; t++) {
            hessFere[j1 * p + t]! += G[a * p + t]! * u[b]!;
            for (let s = 0; s < p; s++) xt[t * p + s]! += G[a * p + t]! * G[b * p + s]!;
          }
        }
        for (let j2 = 0; j2 <= j1; j2++) {
          if (hs) {
            D[j1 * m + j2]! += 2 * hs.D[j1 * m + j2]!;
            rt[j1 * m + j2]! += hs.rt[j1 * m + j2]!;
            const Fm = F[j1 * m + j2]!;
            const Fs = hs.F[j1 * m + j2]!;
            for (let t = 0; t < p * p; t++) Fm[t]! += Fs[t]!;
            continue;
          }
          const P2 = P[j2]!;
          const Q2 = Qi[j2]!;
          let dsum = 0;
          let rsum = 0;
          const Fm = F[j1 * m + j2]!;
          for (let e2 = 0; e2 < P2.length; e2++) {
            const pp = P2[e2]!;
            const qq = Q2[e2]!;
            for (let e1 = 0; e1 < P1.length; e1++) {
              const r = P1[e1]!;
              const s = Q1[e1]!;
              const wqr = W[qq * q + r]!;
              if (wqr === 0) continue;
              dsum += u[pp]! * wqr * u[s]!;
              rsum += wqr * W[s * q + pp]!;
              if (reml)
                for (let t = 0; t < p; t++) {
                  const gpt = G[pp * p + t]! * wqr;
                  for (let t2 = 0; t2 < p; t2++) Fm[t * p + t2]! += gpt * G[s * p + t2]!;
                }
            }
          }
          D[j1 * m + j2]! += 2 * dsum;
          rt[j1 * m + j2]! += 0.5 * rsum;
        }
      }
    }
    const qf = st.qf;
    const k = p + m;
    const hess: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) hess[s]![t] = (-fac * st.H[s * p + t]!) / qf;
    for (let j = 0; j < m; j++)
      for (let t = 0; t < p; t++) {
        const v = (-fac * hessFere[j * p + t]!) / qf;
        hess[p + j]![t] = v;
        hess[t]![p + j] = v;
      }
    const Hi = reml ? this.hInvWork(st) : null;
    const QL = reml ? xtax.map((x) => matMul(Hi!, x, p)) : [];
    for (let j1 = 0; j1 < m; j1++)
      for (let j2 = 0; j2 <= j1; j2++) {
        let h = rt[j1 * m + j2]! - 0.5 * fac * (D[j1 * m + j2]! / qf - (Bv[j1]! * Bv[j2]!) / (qf * qf));
        if (reml) {
          const Fm = F[j1 * m + j2]!;
          // F + Fᵀ
          const Fs = new Float64Array(p * p);
          for (let t = 0; t < p; t++) for (let s = 0; s < p; s++) Fs[t * p + s] = Fm[t * p + s]! + Fm[s * p + t]!;
          let a = 0;
          const A1 = QL[j1]!;
          const A2 = QL[j2]!;
          for (let t = 0; t < p; t++) for (let s = 0; s < p; s++) a += A1[t * p + s]! * A2[s * p + t]!;
          const HF = matMul(Hi!, Fs, p);
          for (let t = 0; t < p; t++) a -= HF[t * p + t]!;
          h += 0.5 * a;
        }
        hess[p + j1]![p + j2] = h;
        hess[p + j2]![p + j1] = h;
      }
    const core = hess.map((r) => r.slice());
    // fixed-effect rows in the user's columns: H_ββ = T⁻ᵀH_δδT⁻¹, H_βψ = T⁻ᵀH_δψ; the sinks' p × p sums likewise
    const Hu = this.sandwich(Float64Array.from(hess.slice(0, p).flatMap((r) => r.slice(0, p))), this.Tinv);
    for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) hess[s]![t] = Hu[s * p + t]!;
    for (let j = 0; j < m; j++) {
      const col = this.vecToUser(Float64Array.from({ length: p }, (_, t) => hess[t]![p + j]!));
      for (let t = 0; t < p; t++) {
        hess[t]![p + j] = col[t]!;
        hess[p + j]![t] = col[t]!;
      }
    }
    const parts = { Bv, xtax: xtax.map((x) => this.sandwich(x, this.Tinv)), F: F.map((x) => this.sandwich(x, this.Tinv)), rt };
    if (sink) Object.assign(sink, parts);
    if (this.last) this.lastHess = { L: this.last.L, lam: this.last.lam, beta: Float64Array.from(st.beta), reml, parts, hess: hess.map((r) => r.slice()) };
    return { user: hess, core };
  }
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  // equal to a few ulps (λ = √(λ²) round trips through MixedLMParams): the factorization is the same to rounding
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Object.is(x, y) && !(Math.abs(x - y) <= 4 * Number.EPSILON * Math.abs(x))) return false;
  }
  return true;
}

/** G_a H⁻¹ G_bᵀ for rows a, b of G (p columns, row-major) and H⁻¹ (p×p). */
function rowQuadForm(G: Float64Array, a: number, b: number, Hi: Float64Array, p: number): number {
  let s = 0;
  for (let t = 0; t < p; t++) {
    let w = 0;
    for (let r = 0; r < p; r++) w += G[a * p + r]! * Hi[r * p + t]!;
    s += w * G[b * p + t]!;
  }
  return s;
}

/**
 * ∂/∂T of a function of ψ = TTᵀ (d × d, both packed lower-triangle row-major):
 * g_ab = Σ_{c≤a} s_ac T_cb + Σ_{i≥a} s_ia T_ib, s the packed ψ-gradient.
 */
function chainBlock(s: ArrayLike<number>, T: ArrayLike<number>, d: number): Float64Array {
  const at = (i: number, c: number): number => (i * (i + 1)) / 2 + c;
  const out = new Float64Array((d * (d + 1)) / 2);
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      let v = 0;
      for (let c = b; c <= a; c++) v += s[at(a, c)]! * T[at(c, b)]!;
      for (let i = a; i < d; i++) v += s[at(i, a)]! * T[at(i, b)]!;
      out[at(a, b)] = v;
    }
  return out;
}

/**
 * (y₀ − Xδ)ᵀV⁻¹(y₀ − Xδ) = yy − 2δᵀgv + δᵀHδ from the state's sums.
 *
 * @example
 * ```ts
 * residualForm(st.H, st.gv, st.yy, st.delta, p); // st.qf
 * ```
 */
export function residualForm(H: Float64Array, gv: Float64Array, yy: number, delta: Float64Array, p: number): number {
  let qf = yy;
  for (let s = 0; s < p; s++) {
    qf -= 2 * delta[s]! * gv[s]!;
    for (let t = 0; t < p; t++) qf += delta[s]! * H[s * p + t]! * delta[t]!;
  }
  return qf;
}

function identity(p: number): Float64Array {
  const I = new Float64Array(p * p);
  for (let i = 0; i < p; i++) I[i * p + i] = 1;
  return I;
}
