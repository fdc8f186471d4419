import type { GroupedDesign } from './design.js';
import { groupLayout, zRowEach } from './design.js';
import type { GroupData, InnerSolver } from './inner.js';
import { backSolve, cholInPlace, forwardSolve } from './dense.js';

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

  constructor(d: GroupedDesign) {
    this.nGroups = d.rows.length;
    this.kRe = d.kRe;
    this.kVc = d.kVc;
    this.p = d.p;
    const G = this.nGroups;
    const p = d.p;
    this.qs = new Int32Array(G);
    this.oA = new Int32Array(G + 1);
    this.oB = new Int32Array(G + 1);
    this.oC = new Int32Array(G + 1);
    this.starts = new Int32Array(G * d.kVc);
    this.sizes = new Int32Array(G * d.kVc);
    let qmax = 0;
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
    this.A = new Float64Array(this.oA[G]!);
    this.R = new Float64Array(this.oA[G]!);
    this.B = new Float64Array(this.oB[G]!);
    this.c = new Float64Array(this.oC[G]!);
    this.comp = new Int32Array(this.oC[G]!);
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
    this.sT = new Float64Array(qmax * qmax);
    this.sK = new Float64Array(Math.max(qmax * qmax, qmax * (p + 1)));
    this.sRhs = new Float64Array(qmax * (p + 1));
    this.gd = {
      u: new Float64Array(qmax),
      v: new Float64Array(qmax),
      G: new Float64Array(qmax * p),
      W: new Float64Array(qmax * qmax),
      wDiag: new Float64Array(qmax),
      wRe: new Float64Array(d.kRe * d.kRe),
    };
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

  groupData(g: number, beta: Float64Array, full: boolean): GroupData {
    void full;
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
    for (let i = 0; i < q; i++)
      for (let j = 0; j <= i; j++) {
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
