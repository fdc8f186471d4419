import type { GroupedDesign } from '../design.js';
import { groupLayout, zRowEach } from '../design.js';
import type { DenseBlocks, GroupData, GroupSums, HessianTerms, InnerSolver, ScoreTerms } from './solver.js';
import { backSolve, cholInPlace, forwardSolve } from '../dense.js';
import { DimensionMismatchError } from '../../errors.js';
import { levelCrossFromRows, type GroupPartition, type LevelCrossProducts } from './level-cross.js';
import { momentStartGrouped } from './moment-start.js';


/**
 * Dense per-group inner solver: every group's small q×q matrices are packed
 * in a few big Float64Arrays; no per-group objects are allocated per
 * evaluation.
 *
 * @example
 * ```ts
 * const inner = new DenseInner(design);
 * const logdet = inner.factor(L, lam, Q);
 * ```
 */
export class DenseInner implements InnerSolver {
  readonly nGroups: number;
  readonly kRe: number;
  readonly kVc: number;
  readonly p: number;
  private readonly qs: Int32Array;
  private readonly oA: Int32Array; // offsets of q² blocks (A, R)
  private readonly oB: Int32Array; // offsets of q·p blocks
  private readonly oC: Int32Array; // offsets of q vectors
  private readonly starts: Int32Array; // nGroups × kVc
  private readonly sizes: Int32Array;
  private readonly comp: Int32Array; // per packed column: vc index, -1 for exog_re
  private readonly A: Float64Array;
  private readonly B: Float64Array;
  private readonly c: Float64Array;
  private readonly R: Float64Array;
  private L: Float64Array = new Float64Array(0);
  private lam: Float64Array = new Float64Array(0);
  // scratch
  private readonly sT: Float64Array;
  private readonly sK: Float64Array;
  private readonly sRhs: Float64Array;
  private readonly gd: GroupData;
  /** kVc = 0: every group has q = kRe and the score sums come with the factorization */
  private readonly uniform: boolean;
  private readonly terms: ScoreTerms;
  private readonly sBC: Float64Array;
  /** per-level cross products and the Gram (kVc = 0 only) */
  private levels: LevelCrossProducts | null = null;

  /**
   * The layout and the sums A, B, c, for the ψ-direct solver (inner/psi.ts).
   *
   * @example
   * ```ts
   * const psi = psiInner(inner.groupSums());
   * ```
   */
  groupSums(): GroupSums<DenseBlocks> {
    const { kRe, kVc, p, qs, oB, oC, starts, sizes, comp, B, c } = this;
    return { kRe, kVc, p, qs, oB, oC, starts, sizes, comp, B, c, A: { dense: this.A, oA: this.oA } };
  }

  constructor(d: GroupedDesign, part?: GroupPartition) {
    this.nGroups = part ? part.rowPtr.length - 1 : d.rows.length;
    this.kRe = d.kRe;
    this.kVc = d.kVc;
    this.p = d.p;
    const G = this.nGroups;
    const p = d.p;
    const p1 = p + 1;
    this.uniform = d.kVc === 0;
    this.qs = new Int32Array(G);
    this.oA = new Int32Array(G + 1);
    this.oB = new Int32Array(G + 1);
    this.oC = new Int32Array(G + 1);
    this.starts = new Int32Array(G * d.kVc);
    this.sizes = new Int32Array(G * d.kVc);
    let qmax = 0;
    if (this.uniform) {
      const q = d.kRe;
      this.qs.fill(q);
      for (let g = 0; g <= G; g++) {
        this.oA[g] = g * q * q;
        this.oB[g] = g * q * p;
        this.oC[g] = g * q;
      }
      qmax = q;
    } else
      for (let g = 0; g < G; g++) {
        const lay = groupLayout(d, g);
        this.qs[g] = lay.q;
        for (let k = 0; k < d.kVc; k++) {
          this.starts[g * d.kVc + k] = lay.starts[k]!;
          this.sizes[g * d.kVc + k] = lay.sizes[k]!;
        }
        this.oA[g + 1] = this.oA[g]! + lay.q * lay.q;
        this.oB[g + 1] = this.oB[g]! + lay.q * p;
        this.oC[g + 1] = this.oC[g]! + lay.q;
        if (lay.q > qmax) qmax = lay.q;
      }
    this.R = new Float64Array(this.oA[G]!);
    this.comp = new Int32Array(this.oC[G]!);
    if (this.uniform) {
      // A, B, c per group: given (a model built from cross products) or from the rows
      const lc = d.cross?.levels ?? levelCrossFromRows(d, part);
      if (lc.nGroups !== G || lc.k !== d.kRe || lc.p !== p) throw new DimensionMismatchError('per-level cross products', `${G} levels × ${d.kRe} columns, p = ${p}`, `${lc.nGroups} × ${lc.k}, p = ${lc.p}`);
      this.levels = lc;
      this.A = lc.A;
      this.B = lc.B;
      this.c = lc.c;
      this.comp.fill(-1);
    } else {
      this.A = new Float64Array(this.oA[G]!);
      this.B = new Float64Array(this.oB[G]!);
      this.c = new Float64Array(this.oC[G]!);
      const zi = new Int32Array(qmax);
      const zv = new Float64Array(qmax);
      for (let g = 0; g < G; g++) {
        const q = this.qs[g]!;
        const oa = this.oA[g]!;
        const ob = this.oB[g]!;
        const oc = this.oC[g]!;
        for (let j = 0; j < q; j++) this.comp[oc + j] = -1;
        for (let k = 0; k < d.kVc; k++) {
          const s = this.starts[g * d.kVc + k]!;
          for (let j = 0; j < this.sizes[g * d.kVc + k]!; j++) this.comp[oc + s + j] = k;
        }
        const st = Array.from(this.starts.subarray(g * d.kVc, (g + 1) * d.kVc));
        const rows = d.rows[g]!;
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!;
          let nz = 0;
          zRowEach(d, g, i, st, (j, v) => {
            zi[nz] = j;
            zv[nz++] = v;
          });
          const yr = d.y[r]!;
          for (let a = 0; a < nz; a++) {
            const ja = zi[a]!;
            const va = zv[a]!;
            // A += z zᵀ, B += z xᵀ, c += z y
            for (let b = 0; b < nz; b++) this.A[oa + ja * q + zi[b]!]! += va * zv[b]!;
            for (let t = 0; t < p; t++) this.B[ob + ja * p + t]! += va * d.X[r * p + t]!;
            this.c[oc + ja]! += va * yr;
          }
        }
      }
    }
    this.sT = new Float64Array(qmax * qmax);
    this.sK = new Float64Array(Math.max(qmax * qmax, qmax * p1));
    this.sRhs = new Float64Array(Math.max(qmax, 4) * p1);
    this.sBC = new Float64Array(qmax * p1);
    const k = d.kRe;
    this.terms = { kRe: k, p1, tw: new Float64Array(k * k), P: new Float64Array(k * k * p1 * p1) };
    this.gd = {
      u: new Float64Array(qmax),
      v: new Float64Array(qmax),
      G: new Float64Array(qmax * p),
      W: new Float64Array(qmax * qmax),
      wDiag: new Float64Array(qmax),
      wRe: new Float64Array(d.kRe * d.kRe),
    };
  }

  /**
   * Score sums of the last factorization (see `ScoreTerms`); null when the
   * model has variance components (then use `groupData`).
   */
  scoreTerms(): ScoreTerms | null {
    return this.uniform ? this.terms : null;
  }

  q(g: number): number {
    return this.qs[g]!;
  }
  vcStart(g: number, k: number): number {
    return this.starts[g * this.kVc + k]!;
  }
  vcSize(g: number, k: number): number {
    return this.sizes[g * this.kVc + k]!;
  }

  /** T = A_g Λ (q×q) into this.sT. */
  private formT(g: number): void {
    const q = this.qs[g]!;
    const A = this.A;
    const oa = this.oA[g]!;
    const oc = this.oC[g]!;
    const T = this.sT;
    const kRe = this.kRe;
    const L = this.L;
    for (let i = 0; i < q; i++) {
      const ai = oa + i * q;
      const ti = i * q;
      for (let b = 0; b < kRe; b++) {
        let s = 0;
        for (let a = b; a < kRe; a++) s += A[ai + a]! * L[a * kRe + b]!;
        T[ti + b] = s;
      }
      for (let j = kRe; j < q; j++) T[ti + j] = A[ai + j]! * this.lam[this.comp[oc + j]!]!;
    }
  }

  /** Y = Λᵀ X for X (q × m) at x[xo..], into y[yo..]. */
  private applyLamT(g: number, x: Float64Array, xo: number, m: number, y: Float64Array, yo: number): void {
    const q = this.qs[g]!;
    const oc = this.oC[g]!;
    const kRe = this.kRe;
    const L = this.L;
    for (let b = 0; b < kRe; b++) {
      for (let t = 0; t < m; t++) {
        let s = 0;
        for (let a = b; a < kRe; a++) s += L[a * kRe + b]! * x[xo + a * m + t]!;
        y[yo + b * m + t] = s;
      }
    }
    for (let j = kRe; j < q; j++) {
      const l = this.lam[this.comp[oc + j]!]!;
      for (let t = 0; t < m; t++) y[yo + j * m + t] = l * x[xo + j * m + t]!;
    }
  }

  factor(L: Float64Array, lam: Float64Array, Q: Float64Array): number {
    this.L = L;
    this.lam = lam;
    if (this.uniform) return this.kRe === 2 ? this.factorUniform2(L, Q) : this.factorUniform(L, Q);
    const p = this.p;
    const p1 = p + 1;
    const kRe = this.kRe;
    const T = this.sT;
    const rhs = this.sRhs;
    let logdet = 0;
    for (let g = 0; g < this.nGroups; g++) {
      const q = this.qs[g]!;
      const oa = this.oA[g]!;
      const ob = this.oB[g]!;
      const oc = this.oC[g]!;
      this.formT(g);
      const R = this.R;
      // M = I + Λᵀ T
      for (let b = 0; b < q; b++) {
        const rb = oa + b * q;
        if (b < kRe) {
          for (let j = 0; j < q; j++) {
            let s = 0;
            for (let a = b; a < kRe; a++) s += L[a * kRe + b]! * T[a * q + j]!;
            R[rb + j] = s;
          }
        } else {
          const l = lam[this.comp[oc + b]!]!;
          for (let j = 0; j < q; j++) R[rb + j] = l * T[b * q + j]!;
        }
        R[rb + b]! += 1;
      }
      if (cholInPlace(R, oa, q) >= 0) return NaN;
      for (let i = 0; i < q; i++) logdet += 2 * Math.log(R[oa + i * q + i]!);
      // rhs = Λᵀ [B c]
      for (let i = 0; i < q; i++) {
        for (let t = 0; t < p; t++) this.sK[i * p1 + t] = this.B[ob + i * p + t]!;
        this.sK[i * p1 + p] = this.c[oc + i]!;
      }
      this.applyLamT(g, this.sK, 0, p1, rhs, 0);
      forwardSolve(R, oa, q, rhs, 0, p1);
      // Q -= rhsᵀ rhs
      for (let i = 0; i < q; i++) {
        const ri = i * p1;
        for (let s = 0; s < p1; s++) {
          const v = rhs[ri + s]!;
          if (v === 0) continue;
          for (let t = 0; t < p1; t++) Q[s * p1 + t]! -= v * rhs[ri + t]!;
        }
      }
    }
    return logdet;
  }

  /** kVc = 0, any q = kRe: factor, Q update and score sums in one pass. */
  private factorUniform(L: Float64Array, Q: Float64Array): number {
    const q = this.kRe;
    const q2 = q * q;
    const p = this.p;
    const p1 = p + 1;
    const pp = p1 * p1;
    const { A, R } = this;
    const T = this.sT;
    const K = this.sK;
    const w = this.sRhs;
    const BC = this.sBC;
    const tw = this.terms.tw.fill(0);
    const P = this.terms.P.fill(0);
    let logdet = 0;
    for (let g = 0; g < this.nGroups; g++) {
      const oa = g * q2;
      mulLower(A, oa, L, q, T); // T = A L
      // M = I + Lᵀ T
      for (let b = 0; b < q; b++)
        for (let j = 0; j < q; j++) {
          let s = b === j ? 1 : 0;
          for (let a = b; a < q; a++) s += L[a * q + b]! * T[a * q + j]!;
          R[oa + b * q + j] = s;
        }
      if (cholInPlace(R, oa, q) >= 0) return NaN;
      for (let i = 0; i < q; i++) logdet += 2 * Math.log(R[oa + i * q + i]!);
      this.reduceGroup(g, L, T, K, w, BC);
      // Q -= wᵀ w
      for (let i = 0; i < q; i++)
        for (let s = 0; s < p1; s++) {
          const v = w[i * p1 + s]!;
          if (v === 0) continue;
          for (let t = 0; t < p1; t++) Q[s * p1 + t]! -= v * w[i * p1 + t]!;
        }
      // tw += A − KᵀK, P_ab += Ĝ_aᵀ Ĝ_b
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          let s = A[oa + a * q + b]!;
          for (let k = 0; k < q; k++) s -= K[k * q + a]! * K[k * q + b]!;
          tw[a * q + b]! += s;
          const po = (a * q + b) * pp;
          for (let u = 0; u < p1; u++) {
            const ga = BC[a * p1 + u]!;
            for (let t = 0; t < p1; t++) P[po + u * p1 + t]! += ga * BC[b * p1 + t]!;
          }
        }
    }
    return logdet;
  }

  /**
   * kVc = 0, group g with R (R Rᵀ = M) factored and T = A L formed:
   * BC = [B c], w = R⁻¹ Lᵀ BC, K = R⁻¹ Tᵀ, then BC ← Ĝ = BC − Kᵀ w.
   */
  private reduceGroup(g: number, L: Float64Array, T: Float64Array, K: Float64Array, w: Float64Array, BC: Float64Array): void {
    const q = this.kRe;
    const p = this.p;
    const p1 = p + 1;
    const { B, c, R } = this;
    const oa = g * q * q;
    const ob = g * q * p;
    const oc = g * q;
    for (let a = 0; a < q; a++) {
      for (let t = 0; t < p; t++) BC[a * p1 + t] = B[ob + a * p + t]!;
      BC[a * p1 + p] = c[oc + a]!;
    }
    // w = R⁻¹ Lᵀ [B c]
    for (let b = 0; b < q; b++)
      for (let t = 0; t < p1; t++) {
        let s = 0;
        for (let a = b; a < q; a++) s += L[a * q + b]! * BC[a * p1 + t]!;
        w[b * p1 + t] = s;
      }
    forwardSolve(R, oa, q, w, 0, p1);
    // K = R⁻¹ Tᵀ
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) K[i * q + j] = T[j * q + i]!;
    forwardSolve(R, oa, q, K, 0, q);
    // Ĝ = [B c] − Kᵀ w
    for (let a = 0; a < q; a++)
      for (let t = 0; t < p1; t++) {
        let s = BC[a * p1 + t]!;
        for (let k = 0; k < q; k++) s -= K[k * q + a]! * w[k * p1 + t]!;
        BC[a * p1 + t] = s;
      }
  }

  /** kVc = 0, q = 2: the same pass with closed-form 2×2 algebra. */
  private factorUniform2(L: Float64Array, Q: Float64Array): number {
    const p = this.p;
    const p1 = p + 1;
    const pp = p1 * p1;
    const { A, B, c, R } = this;
    // scratch: w0 | w1 | g0 | g1, each p1 long
    const sc = this.sRhs.length >= 4 * p1 ? this.sRhs : new Float64Array(4 * p1);
    const tw = this.terms.tw.fill(0);
    const P = this.terms.P.fill(0);
    const l00 = L[0]!;
    const l10 = L[2]!;
    const l11 = L[3]!;
    let logdet = 0;
    let tw00 = 0;
    let tw01 = 0;
    let tw11 = 0;
    const o01 = pp;
    const o11 = 3 * pp;
    const W1 = p1;
    const G0 = 2 * p1;
    const G1 = 3 * p1;
    const nG = this.nGroups;
    for (let g = 0; g < nG; g++) {
      const oa = 4 * g;
      const ob = 2 * p * g;
      const oc = 2 * g;
      const a00 = A[oa]!;
      const a01 = A[oa + 1]!;
      const a11 = A[oa + 3]!;
      // T = A L, M = I + Lᵀ T, R = chol(M)
      const t00 = a00 * l00 + a01 * l10;
      const t01 = a01 * l11;
      const t10 = a01 * l00 + a11 * l10;
      const t11 = a11 * l11;
      const m00 = 1 + l00 * t00 + l10 * t10;
      const m01 = l00 * t01 + l10 * t11;
      const m11 = 1 + l11 * t11;
      const r00 = Math.sqrt(m00);
      const r10 = m01 / r00;
      const d = m11 - r10 * r10;
      if (!(d > 0) || !(m00 > 0)) return NaN;
      const r11 = Math.sqrt(d);
      R[oa] = r00;
      R[oa + 1] = 0;
      R[oa + 2] = r10;
      R[oa + 3] = r11;
      logdet += Math.log(m00 * d);
      // K = R⁻¹ Tᵀ, W = A − KᵀK
      const k00 = t00 / r00;
      const k10 = (t01 - r10 * k00) / r11;
      const k01 = t10 / r00;
      const k11 = (t11 - r10 * k01) / r11;
      tw00 += a00 - (k00 * k00 + k10 * k10);
      tw01 += a01 - (k00 * k01 + k10 * k11);
      tw11 += a11 - (k01 * k01 + k11 * k11);
      // w = R⁻¹ Lᵀ [B c], Ĝ = [B c] − Kᵀ w
      const i00 = 1 / r00;
      const i11 = 1 / r11;
      for (let t = 0; t <= p; t++) {
        const b0 = t < p ? B[ob + t]! : c[oc]!;
        const b1 = t < p ? B[ob + p + t]! : c[oc + 1]!;
        const x0 = (l00 * b0 + l10 * b1) * i00;
        const x1 = (l11 * b1 - r10 * x0) * i11;
        sc[t] = x0;
        sc[W1 + t] = x1;
        sc[G0 + t] = b0 - (k00 * x0 + k10 * x1);
        sc[G1 + t] = b1 - (k01 * x0 + k11 * x1);
      }
      // Q -= wᵀw, P_00 += Ĝ_0ᵀĜ_0, P_01 += Ĝ_0ᵀĜ_1, P_11 += Ĝ_1ᵀĜ_1 (upper triangles of Q, P_00, P_11)
      for (let s = 0; s < p1; s++) {
        const x0 = sc[s]!;
        const x1 = sc[W1 + s]!;
        const h0 = sc[G0 + s]!;
        const h1 = sc[G1 + s]!;
        const qs = s * p1;
        for (let t = s; t < p1; t++) {
          Q[qs + t]! -= x0 * sc[t]! + x1 * sc[W1 + t]!;
          P[qs + t]! += h0 * sc[G0 + t]!;
          P[o11 + qs + t]! += h1 * sc[G1 + t]!;
        }
        for (let t = 0; t < p1; t++) P[o01 + qs + t]! += h0 * sc[G1 + t]!;
      }
    }
    for (let s = 0; s < p1; s++)
      for (let t = 0; t < s; t++) {
        Q[s * p1 + t] = Q[t * p1 + s]!;
        P[s * p1 + t] = P[t * p1 + s]!;
        P[o11 + s * p1 + t] = P[o11 + t * p1 + s]!;
      }
    tw[0] = tw00;
    tw[1] = tw01;
    tw[2] = tw01;
    tw[3] = tw11;
    // P_10 = P_01ᵀ
    for (let s = 0; s < p1; s++) for (let t = 0; t < p1; t++) P[2 * pp + s * p1 + t] = P[o01 + t * p1 + s]!;
    return logdet;
  }

  /**
   * All Hessian sums over the groups in one pass (kVc = 0 only, else null), in
   * the layout of `LikelihoodCore.hessian` for the pairs j = tril(a, b) with
   * E_j = e_a e_bᵀ + e_b e_aᵀ (one term when a = b): Bv_j = Σ u_a u_b,
   * fere_j = Σ G_aᵀ u_b, xtax_j = Σ G_aᵀ G_b, D = Σ u_p W_qr u_s,
   * rt = ½ Σ W_qr W_sp, F = Σ G_pᵀ W_qr G_s (pairs (p,q) ∈ j2, (r,s) ∈ j1).
   */
  hessianTerms(beta: Float64Array, reml: boolean): HessianTerms | null {
    if (!this.uniform) return null;
    const q = this.kRe;
    const q2 = q * q;
    const p = this.p;
    const p1 = p + 1;
    const pp = p * p;
    const L = this.L;
    const { A } = this;
    // pairs: first/second index lists (length 1 or 2)
    const m = (q * (q + 1)) / 2;
    const pa = new Int32Array(2 * m);
    const pb = new Int32Array(2 * m);
    const pn = new Int32Array(m);
    for (let a = 0, j = 0; a < q; a++)
      for (let b = 0; b <= a; b++, j++) {
        pa[2 * j] = a;
        pb[2 * j] = b;
        pn[j] = a === b ? 1 : 2;
        pa[2 * j + 1] = b;
        pb[2 * j + 1] = a;
      }
    const Bv = new Float64Array(m);
    const fere = new Float64Array(m * p);
    const xtax = new Float64Array(m * pp);
    const D = new Float64Array(m * m);
    const rt = new Float64Array(m * m);
    const F = new Float64Array(m * m * pp);
    const T = new Float64Array(q2);
    const K = new Float64Array(q2);
    const w = new Float64Array(q * p1);
    const BC = new Float64Array(q * p1);
    const u = new Float64Array(q);
    const W = new Float64Array(q2);
    for (let g = 0; g < this.nGroups; g++) {
      const oa = g * q2;
      // T = A L, then w, K and Ĝ (reduceGroup); G = Ĝ[:, :p], u = Ĝ[:, p] − Gβ, W = A − KᵀK
      mulLower(A, oa, L, q, T);
      this.reduceGroup(g, L, T, K, w, BC);
      for (let a = 0; a < q; a++) {
        let ua = BC[a * p1 + p]!;
        for (let t = 0; t < p; t++) ua -= BC[a * p1 + t]! * beta[t]!;
        u[a] = ua;
        for (let b = 0; b < q; b++) {
          let x = A[oa + a * q + b]!;
          for (let k = 0; k < q; k++) x -= K[k * q + a]! * K[k * q + b]!;
          W[a * q + b] = x;
        }
      }
      for (let j1 = 0; j1 < m; j1++) {
        const n1 = pn[j1]!;
        for (let e = 0; e < n1; e++) {
          const a = pa[2 * j1 + e]!;
          const b = pb[2 * j1 + e]!;
          const ub = u[b]!;
          Bv[j1]! += u[a]! * ub;
          for (let t = 0; t < p; t++) {
            const gat = BC[a * p1 + t]!;
            fere[j1 * p + t]! += gat * ub;
            for (let s2 = 0; s2 < p; s2++) xtax[j1 * pp + t * p + s2]! += gat * BC[b * p1 + s2]!;
          }
        }
        for (let j2 = 0; j2 <= j1; j2++) {
          const n2 = pn[j2]!;
          let dsum = 0;
          let rsum = 0;
          const fo = (j1 * m + j2) * pp;
          for (let e2 = 0; e2 < n2; e2++) {
            const pq = pa[2 * j2 + e2]!;
            const qq = pb[2 * j2 + e2]!;
            for (let e1 = 0; e1 < n1; e1++) {
              const r = pa[2 * j1 + e1]!;
              const s2 = pb[2 * j1 + e1]!;
              const wqr = W[qq * q + r]!;
              dsum += u[pq]! * wqr * u[s2]!;
              rsum += wqr * W[s2 * q + pq]!;
              if (reml)
                for (let t = 0; t < p; t++) {
                  const gpt = BC[pq * p1 + t]! * wqr;
                  for (let t2 = 0; t2 < p; t2++) F[fo + t * p + t2]! += gpt * BC[s2 * p1 + t2]!;
                }
            }
          }
          D[j1 * m + j2]! += dsum;
          rt[j1 * m + j2]! += rsum;
        }
      }
    }
    return { Bv, fere, xtax, D, rt, F };
  }

  /**
   * Method-of-moments start for cov_re/scale (kVc = 0): with OLS residuals r,
   * σ̂² from the within-group residuals after projecting on Z_g, and Ψ̂ from
   * Σ_g A_g Ψ A_g = Σ_g (Z_gᵀr_g)(Z_gᵀr_g)ᵀ − σ̂² Σ_g A_g (A_g = Z_gᵀZ_g).
   * Returns Ψ̂/σ̂² (k × k rows), made positive definite, or null.
   *
   * @example
   * ```ts
   * const cov0 = inner.momentStartRe(); // e.g. [[0.9, 0.1], [0.1, 0.2]]
   * ```
   */
  momentStartRe(): number[][] | null {
    return this.levels ? momentStartGrouped(this.levels) : null;
  }

  groupData(g: number, beta: Float64Array, full: boolean): GroupData {
    const q = this.qs[g]!;
    const p = this.p;
    const oa = this.oA[g]!;
    const ob = this.oB[g]!;
    const oc = this.oC[g]!;
    const { u, v, G, W, wDiag, wRe } = this.gd;
    const Wm = W!;
    const T = this.sT;
    const K = this.sK;
    const R = this.R;
    this.formT(g);
    // s = c − Bβ (in u temporarily)
    for (let i = 0; i < q; i++) {
      let s = this.c[oc + i]!;
      for (let t = 0; t < p; t++) s -= this.B[ob + i * p + t]! * beta[t]!;
      u[i] = s;
    }
    // v = M⁻¹ Λᵀ s
    this.applyLamT(g, u, 0, 1, v, 0);
    forwardSolve(R, oa, q, v, 0, 1);
    backSolve(R, oa, q, v, 0, 1);
    // u = s − T v
    for (let i = 0; i < q; i++) {
      let s = 0;
      for (let j = 0; j < q; j++) s += T[i * q + j]! * v[j]!;
      u[i] = u[i]! - s;
    }
    // Gt = M⁻¹ ΛᵀB (in K), G = B − T Gt
    this.applyLamT(g, this.B, ob, p, K, 0);
    forwardSolve(R, oa, q, K, 0, p);
    backSolve(R, oa, q, K, 0, p);
    for (let i = 0; i < q; i++)
      for (let t = 0; t < p; t++) {
        let s = this.B[ob + i * p + t]!;
        for (let j = 0; j < q; j++) s -= T[i * q + j]! * K[j * p + t]!;
        G[i * p + t] = s;
      }
    // W = A − KᵀK with K = R⁻¹Tᵀ
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) K[i * q + j] = T[j * q + i]!;
    forwardSolve(R, oa, q, K, 0, q);
    // full W, or only its diagonal and leading kRe × kRe block (all the score needs)
    for (let i = 0; i < q; i++)
      for (let j = full || i < this.kRe ? 0 : i; j <= i; j++) {
        let s = this.A[oa + i * q + j]!;
        for (let k = 0; k < q; k++) s -= K[k * q + i]! * K[k * q + j]!;
        Wm[i * q + j] = s;
        Wm[j * q + i] = s;
      }
    for (let i = 0; i < q; i++) wDiag[i] = Wm[i * q + i]!;
    for (let a = 0; a < this.kRe; a++) for (let b = 0; b < this.kRe; b++) wRe[a * this.kRe + b] = Wm[a * q + b]!;
    return this.gd;
  }

  condCov(g: number): Float64Array {
    const q = this.qs[g]!;
    const oa = this.oA[g]!;
    const oc = this.oC[g]!;
    const kRe = this.kRe;
    // K = R⁻¹ Λᵀ, out = Kᵀ K
    const K = new Float64Array(q * q);
    for (let b = 0; b < kRe; b++) for (let a = b; a < kRe; a++) K[b * q + a] = this.L[a * kRe + b]!;
    for (let j = kRe; j < q; j++) K[j * q + j] = this.lam[this.comp[oc + j]!]!;
    forwardSolve(this.R, oa, q, K, 0, q);
    const out = new Float64Array(q * q);
    for (let i = 0; i < q; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k < q; k++) s += K[k * q + i]! * K[k * q + j]!;
        out[i * q + j] = s;
        out[j * q + i] = s;
      }
    return out;
  }
}

/** T = A L (q×q; A row-major at offset oa, L lower triangular). */
function mulLower(A: Float64Array, oa: number, L: Float64Array, q: number, T: Float64Array): void {
  for (let i = 0; i < q; i++)
    for (let b = 0; b < q; b++) {
      let s = 0;
      for (let a = b; a < q; a++) s += A[oa + i * q + a]! * L[a * q + b]!;
      T[i * q + b] = s;
    }
}
