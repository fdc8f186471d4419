import type { GroupedDesign } from './design.js';
import { groupLayout } from './design.js';
import type { GroupData, InnerSolver } from './inner.js';
import { backSolve, cholInPlace, forwardSolve } from './dense.js';
import { vcRowEach } from './vcspec.js';

/**
 * Whether the single-block (crossed) engine applies: one group, no exog_re,
 * variance components only.
 *
 * @example
 * ```ts
 * if (crossedApplicable(design)) inner = new CrossedInner(design);
 * ```
 */
export function crossedApplicable(d: GroupedDesign): boolean {
  return d.rows.length === 1 && d.kRe === 0 && d.kVc > 0;
}

/**
 * Sparse single-block inner solver for crossed designs. The columns of Z are
 * reordered so the variance component with the most levels leads; when its
 * block of A = ZᵀZ is diagonal (an indicator factor) it is eliminated
 * explicitly, M = [D C; Cᵀ M₂₂], S = M₂₂ − CᵀD⁻¹C (dense Schur complement, the
 * "trailing block"), factored by a dense Cholesky. The pattern of C is fixed:
 * analysed once, values rescaled per evaluation.
 *
 * @example
 * ```ts
 * const inner = new CrossedInner(design); // design: one group, vc only
 * inner.factor(new Float64Array(0), Float64Array.of(1, 1), Q);
 * ```
 */
export class CrossedInner implements InnerSolver {
  readonly nGroups = 1;
  readonly kRe = 0;
  readonly kVc: number;
  readonly p: number;
  private readonly qTot: number;
  private readonly q1: number;
  private readonly m2: number;
  private readonly starts: number[];
  private readonly sizes: number[];
  /** internal column → public column */
  private readonly toOrig: Int32Array;
  /** internal column → vc index */
  private readonly comp: Int32Array;
  private readonly a1: Float64Array; // diag of A11
  private readonly cPtr: Int32Array; // A12 as CSR (q1 × m2)
  private readonly cIdx: Int32Array;
  private readonly a12: Float64Array;
  private readonly tPtr: Int32Array; // A12ᵀ as CSR (m2 × q1)
  private readonly tIdx: Int32Array;
  private readonly tVal: Float64Array;
  private readonly A22: Float64Array; // m2 × m2
  private readonly B: Float64Array; // q × p (internal order)
  private readonly c: Float64Array;
  // numeric state
  private readonly lc: Float64Array; // λ per internal column
  private readonly d: Float64Array;
  private readonly cv: Float64Array;
  private readonly S: Float64Array; // Cholesky factor of the Schur complement
  private sinv: Float64Array | null = null;
  private linv: Float64Array | null = null;

  constructor(des: GroupedDesign) {
    this.kVc = des.kVc;
    this.p = des.p;
    const lay = groupLayout(des, 0);
    this.starts = lay.starts;
    this.sizes = lay.sizes;
    const q = lay.q;
    this.qTot = q;
    const n = des.n;
    const rows = des.rows[0]!;
    // order blocks by decreasing number of levels
    const order = Array.from({ length: des.kVc }, (_, k) => k).sort((a, b) => lay.sizes[b]! - lay.sizes[a]! || a - b);
    const lead = order[0]!;
    // is the leading block diagonal (at most one nonzero per row)?
    let diag = true;
    for (let i = 0; i < rows.length && diag; i++) {
      let cnt = 0;
      vcRowEach(des.vcMats[lead]![0]!, i, () => cnt++);
      if (cnt > 1) diag = false;
    }
    this.q1 = diag ? lay.sizes[lead]! : 0;
    this.m2 = q - this.q1;
    this.toOrig = new Int32Array(q);
    this.comp = new Int32Array(q);
    const toInt = new Int32Array(q);
    let o = 0;
    for (const k of order) {
      for (let j = 0; j < lay.sizes[k]!; j++) {
        this.toOrig[o] = lay.starts[k]! + j;
        toInt[lay.starts[k]! + j] = o;
        this.comp[o] = k;
        o++;
      }
    }
    const q1 = this.q1;
    const m2 = this.m2;
    const p = des.p;
    this.a1 = new Float64Array(q1);
    this.A22 = new Float64Array(m2 * m2);
    this.B = new Float64Array(q * p);
    this.c = new Float64Array(q);
    const c12 = new Map<number, number>();
    const zi = new Int32Array(q);
    const zv = new Float64Array(q);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      let nz = 0;
      for (let k = 0; k < des.kVc; k++) {
        const s = lay.starts[k]!;
        vcRowEach(des.vcMats[k]![0]!, i, (j, v) => {
          zi[nz] = toInt[s + j]!;
          zv[nz++] = v;
        });
      }
      const yr = des.y[r]!;
      for (let a = 0; a < nz; a++) {
        const ja = zi[a]!;
        const va = zv[a]!;
        for (let t = 0; t < p; t++) this.B[ja * p + t]! += va * des.X[r * p + t]!;
        this.c[ja]! += va * yr;
        for (let b = 0; b < nz; b++) {
          const jb = zi[b]!;
          const v = va * zv[b]!;
          if (ja < q1) {
            if (jb < q1) this.a1[ja]! += v; // diagonal by construction
            else {
              const key = ja * m2 + (jb - q1);
              c12.set(key, (c12.get(key) ?? 0) + v);
            }
          } else if (jb >= q1) this.A22[(ja - q1) * m2 + (jb - q1)]! += v;
        }
      }
    }
    void n;
    const keys = [...c12.keys()].sort((a, b) => a - b);
    this.cPtr = new Int32Array(q1 + 1);
    this.cIdx = new Int32Array(keys.length);
    this.a12 = new Float64Array(keys.length);
    keys.forEach((key, t) => {
      const i = Math.floor(key / m2);
      this.cPtr[i + 1]!++;
      this.cIdx[t] = key - i * m2;
      this.a12[t] = c12.get(key)!;
    });
    for (let i = 0; i < q1; i++) this.cPtr[i + 1]! += this.cPtr[i]!;
    // transpose
    this.tPtr = new Int32Array(m2 + 1);
    for (let t = 0; t < keys.length; t++) this.tPtr[this.cIdx[t]! + 1]!++;
    for (let j = 0; j < m2; j++) this.tPtr[j + 1]! += this.tPtr[j]!;
    this.tIdx = new Int32Array(keys.length);
    this.tVal = new Float64Array(keys.length);
    const next = this.tPtr.slice(0, m2);
    for (let i = 0; i < q1; i++)
      for (let t = this.cPtr[i]!; t < this.cPtr[i + 1]!; t++) {
        const j = this.cIdx[t]!;
        const dst = next[j]!++;
        this.tIdx[dst] = i;
        this.tVal[dst] = this.a12[t]!;
      }
    this.lc = new Float64Array(q);
    this.d = new Float64Array(q1);
    this.cv = new Float64Array(keys.length);
    this.S = new Float64Array(m2 * m2);
  }

  q(): number {
    return this.qTot;
  }
  vcStart(_g: number, k: number): number {
    return this.starts[k]!;
  }
  vcSize(_g: number, k: number): number {
    return this.sizes[k]!;
  }

  factor(_L: Float64Array, lam: Float64Array, Q: Float64Array): number {
    const q1 = this.q1;
    const m2 = this.m2;
    const lc = this.lc;
    for (let i = 0; i < this.qTot; i++) lc[i] = lam[this.comp[i]!]!;
    let logdet = 0;
    for (let i = 0; i < q1; i++) {
      const l = lc[i]!;
      this.d[i] = 1 + l * l * this.a1[i]!;
      logdet += Math.log(this.d[i]!);
    }
    // C = Λ₁ A₁₂ Λ₂
    for (let i = 0; i < q1; i++)
      for (let t = this.cPtr[i]!; t < this.cPtr[i + 1]!; t++) this.cv[t] = lc[i]! * this.a12[t]! * lc[q1 + this.cIdx[t]!]!;
    // S = I + Λ₂A₂₂Λ₂ − CᵀD⁻¹C (lower triangle used)
    const S = this.S;
    for (let a = 0; a < m2; a++) {
      const la = lc[q1 + a]!;
      for (let b = 0; b <= a; b++) S[a * m2 + b] = la * this.A22[a * m2 + b]! * lc[q1 + b]!;
      S[a * m2 + a]! += 1;
    }
    for (let i = 0; i < q1; i++) {
      const di = this.d[i]!;
      const p0 = this.cPtr[i]!;
      const p1 = this.cPtr[i + 1]!;
      for (let s = p0; s < p1; s++) {
        const a = this.cIdx[s]!;
        const f = this.cv[s]! / di;
        if (f === 0) continue;
        for (let t = p0; t <= s; t++) S[a * m2 + this.cIdx[t]!]! -= f * this.cv[t]!;
      }
    }
    for (let a = 0; a < m2; a++) for (let b = a + 1; b < m2; b++) S[a * m2 + b] = 0;
    if (cholInPlace(S, 0, m2) >= 0) return NaN;
    for (let a = 0; a < m2; a++) logdet += 2 * Math.log(S[a * m2 + a]!);
    this.sinv = null;
    this.linv = null;
    // Q −= rhsᵀM⁻¹rhs, rhs = Λᵀ[B c]: b₁ᵀD⁻¹b₁ + zᵀz, z = R⁻¹(b₂ − CᵀD⁻¹b₁)
    const p = this.p;
    const p1 = p + 1;
    const rhs = new Float64Array(this.qTot * p1);
    for (let i = 0; i < this.qTot; i++) {
      for (let t = 0; t < p; t++) rhs[i * p1 + t] = lc[i]! * this.B[i * p + t]!;
      rhs[i * p1 + p] = lc[i]! * this.c[i]!;
    }
    for (let i = 0; i < q1; i++) {
      const di = this.d[i]!;
      for (let s = 0; s < p1; s++) {
        const v = rhs[i * p1 + s]!;
        if (v === 0) continue;
        for (let t = 0; t < p1; t++) Q[s * p1 + t]! -= (v * rhs[i * p1 + t]!) / di;
      }
    }
    const y2 = rhs.subarray(q1 * p1);
    this.applyCtDinv(rhs, y2, p1);
    forwardSolve(S, 0, m2, y2, 0, p1);
    for (let a = 0; a < m2; a++)
      for (let s = 0; s < p1; s++) {
        const v = y2[a * p1 + s]!;
        if (v === 0) continue;
        for (let t = 0; t < p1; t++) Q[s * p1 + t]! -= v * y2[a * p1 + t]!;
      }
    return logdet;
  }

  /** y₂ −= CᵀD⁻¹x₁ (x: q × m, y₂: m2 × m). */
  private applyCtDinv(x: Float64Array, y2: Float64Array, m: number): void {
    for (let i = 0; i < this.q1; i++) {
      const di = this.d[i]!;
      for (let t = this.cPtr[i]!; t < this.cPtr[i + 1]!; t++) {
        const f = this.cv[t]! / di;
        if (f === 0) continue;
        const a = this.cIdx[t]!;
        for (let s = 0; s < m; s++) y2[a * m + s]! -= f * x[i * m + s]!;
      }
    }
  }

  /** x = M⁻¹x in place (q × m, internal order). */
  private solveM(x: Float64Array, m: number): void {
    const q1 = this.q1;
    const m2 = this.m2;
    const x2 = x.subarray(q1 * m);
    this.applyCtDinv(x, x2, m);
    forwardSolve(this.S, 0, m2, x2, 0, m);
    backSolve(this.S, 0, m2, x2, 0, m);
    // x₁ = D⁻¹(b₁ − C x₂)
    for (let i = 0; i < q1; i++) {
      const di = this.d[i]!;
      for (let t = this.cPtr[i]!; t < this.cPtr[i + 1]!; t++) {
        const cv = this.cv[t]!;
        if (cv === 0) continue;
        const a = this.cIdx[t]!;
        for (let s = 0; s < m; s++) x[i * m + s]! -= cv * x2[a * m + s]!;
      }
      for (let s = 0; s < m; s++) x[i * m + s] = x[i * m + s]! / di;
    }
  }

  /** y = A x (q × m, internal order). */
  private mulA(x: Float64Array, y: Float64Array, m: number): void {
    const q1 = this.q1;
    const m2 = this.m2;
    y.fill(0);
    for (let i = 0; i < q1; i++) {
      const a = this.a1[i]!;
      for (let s = 0; s < m; s++) y[i * m + s] = a * x[i * m + s]!;
      for (let t = this.cPtr[i]!; t < this.cPtr[i + 1]!; t++) {
        const v = this.a12[t]!;
        const j = q1 + this.cIdx[t]!;
        for (let s = 0; s < m; s++) {
          y[i * m + s]! += v * x[j * m + s]!;
          y[j * m + s]! += v * x[i * m + s]!;
        }
      }
    }
    for (let a = 0; a < m2; a++)
      for (let b = 0; b < m2; b++) {
        const v = this.A22[a * m2 + b]!;
        if (v === 0) continue;
        const ya = (q1 + a) * m;
        const xb = (q1 + b) * m;
        for (let s = 0; s < m; s++) y[ya + s]! += v * x[xb + s]!;
      }
  }

  /** Column i of A (internal order) into out (q). */
  private colA(i: number, out: Float64Array): void {
    const q1 = this.q1;
    const m2 = this.m2;
    out.fill(0);
    if (i < q1) {
      out[i] = this.a1[i]!;
      for (let t = this.cPtr[i]!; t < this.cPtr[i + 1]!; t++) out[q1 + this.cIdx[t]!] = this.a12[t]!;
    } else {
      const j = i - q1;
      for (let t = this.tPtr[j]!; t < this.tPtr[j + 1]!; t++) out[this.tIdx[t]!] = this.tVal[t]!;
      for (let a = 0; a < m2; a++) out[q1 + a] = this.A22[a * m2 + j]!;
    }
  }

  /** L⁻¹ of the Schur factor (lower, m2 × m2 row-major), cached per factorization; m³/6 flops. */
  private lInverse(): Float64Array {
    if (this.linv) return this.linv;
    const m = this.m2;
    const L = this.S;
    const X = new Float64Array(m * m);
    // column c of L⁻¹: x_i = (δ_ic − Σ_{k=c}^{i−1} L_ik x_k) / L_ii, i ≥ c
    const col = new Float64Array(m);
    for (let c = 0; c < m; c++) {
      col[c] = 1 / L[c * m + c]!;
      for (let i = c + 1; i < m; i++) {
        let s = 0;
        const ri = i * m;
        for (let k = c; k < i; k++) s += L[ri + k]! * col[k]!;
        col[i] = -s / L[ri + i]!;
      }
      for (let i = c; i < m; i++) X[i * m + c] = col[i]!;
    }
    this.linv = X;
    return X;
  }

  /** S⁻¹ = L⁻ᵀL⁻¹ (dense m2 × m2). */
  private sInverse(): Float64Array {
    if (this.sinv) return this.sinv;
    const m = this.m2;
    const Li = this.lInverse();
    const X = new Float64Array(m * m);
    for (let k = 0; k < m; k++) {
      const rk = k * m;
      for (let a = 0; a <= k; a++) {
        const v = Li[rk + a]!;
        if (v === 0) continue;
        for (let b = 0; b <= a; b++) X[a * m + b]! += v * Li[rk + b]!;
      }
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) X[b * m + a] = X[a * m + b]!;
    this.sinv = X;
    return X;
  }

  /** Dense M⁻¹ (q × q, internal order) from the block structure. */
  private mInverse(): Float64Array {
    const q = this.qTot;
    const q1 = this.q1;
    const m2 = this.m2;
    const Si = this.sInverse();
    const X = new Float64Array(q * q);
    for (let a = 0; a < m2; a++) for (let b = 0; b < m2; b++) X[(q1 + a) * q + q1 + b] = Si[a * m2 + b]!;
    // (M⁻¹)₁₂ row i = −Σ_t P_it S⁻¹[t,:], P = D⁻¹C
    for (let i = 0; i < q1; i++) {
      const di = this.d[i]!;
      const ri = i * q + q1;
      for (let t = this.cPtr[i]!; t < this.cPtr[i + 1]!; t++) {
        const f = this.cv[t]! / di;
        if (f === 0) continue;
        const st = this.cIdx[t]! * m2;
        for (let b = 0; b < m2; b++) X[ri + b]! -= f * Si[st + b]!;
      }
      for (let b = 0; b < m2; b++) X[(q1 + b) * q + i] = X[ri + b]!;
    }
    // (M⁻¹)₁₁ = D⁻¹ − (M⁻¹)₁₂ Pᵀ
    for (let i = 0; i < q1; i++) {
      for (let j = 0; j <= i; j++) {
        let s = i === j ? 1 / this.d[i]! : 0;
        const dj = this.d[j]!;
        for (let t = this.cPtr[j]!; t < this.cPtr[j + 1]!; t++) s -= X[i * q + q1 + this.cIdx[t]!]! * (this.cv[t]! / dj);
        X[i * q + j] = s;
        X[j * q + i] = s;
      }
    }
    return X;
  }

  /** W column i (internal): w = A e_i − AΛM⁻¹ΛA e_i. */
  private wColumn(i: number, w: Float64Array, t1: Float64Array, t2: Float64Array): void {
    const q = this.qTot;
    this.colA(i, w);
    for (let r = 0; r < q; r++) t1[r] = this.lc[r]! * w[r]!;
    this.solveM(t1, 1);
    for (let r = 0; r < q; r++) t1[r] = this.lc[r]! * t1[r]!;
    this.mulA(t1, t2, 1);
    for (let r = 0; r < q; r++) w[r] = w[r]! - t2[r]!;
  }

  groupData(_g: number, beta: Float64Array, full: boolean): GroupData {
    const q = this.qTot;
    const q1 = this.q1;
    const m2 = this.m2;
    const p = this.p;
    const lc = this.lc;
    const s = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      let v = this.c[i]!;
      for (let t = 0; t < p; t++) v -= this.B[i * p + t]! * beta[t]!;
      s[i] = v;
    }
    // v = M⁻¹Λᵀs, u = s − AΛv
    const v = new Float64Array(q);
    for (let i = 0; i < q; i++) v[i] = lc[i]! * s[i]!;
    this.solveM(v, 1);
    const tmp = new Float64Array(q);
    for (let i = 0; i < q; i++) tmp[i] = lc[i]! * v[i]!;
    const av = new Float64Array(q);
    this.mulA(tmp, av, 1);
    const u = new Float64Array(q);
    for (let i = 0; i < q; i++) u[i] = s[i]! - av[i]!;
    // Gt = M⁻¹ΛᵀB, G = B − AΛGt
    const Gt = new Float64Array(q * p);
    for (let i = 0; i < q; i++) for (let t = 0; t < p; t++) Gt[i * p + t] = lc[i]! * this.B[i * p + t]!;
    this.solveM(Gt, p);
    for (let i = 0; i < q; i++) for (let t = 0; t < p; t++) Gt[i * p + t] = lc[i]! * Gt[i * p + t]!;
    const AG = new Float64Array(q * p);
    this.mulA(Gt, AG, p);
    const G = new Float64Array(q * p);
    for (let i = 0; i < q * p; i++) G[i] = this.B[i]! - AG[i]!;
    // diag(W): (1 − M⁻¹_ii)/λ_i², or a direct column when λ_i is tiny
    const Li = this.lInverse();
    const wd = new Float64Array(q);
    const w = new Float64Array(q);
    const t1 = new Float64Array(q);
    const t2 = new Float64Array(q);
    const z = new Float64Array(m2);
    for (let i = 0; i < q; i++) {
      const l2 = lc[i]! * lc[i]!;
      if (l2 < 1e-6) {
        this.wColumn(i, w, t1, t2);
        wd[i] = w[i]!;
        continue;
      }
      let mii: number;
      if (i < q1) {
        // M⁻¹_ii = 1/d + ‖L⁻¹c_i‖²/d²
        const di = this.d[i]!;
        const p0 = this.cPtr[i]!;
        const p1 = this.cPtr[i + 1]!;
        if (p1 === p0) mii = 1 / di;
        else {
          let lo = m2;
          for (let a = p0; a < p1; a++) lo = Math.min(lo, this.cIdx[a]!);
          z.fill(0, lo);
          for (let a = p0; a < p1; a++) {
            const ja = this.cIdx[a]!;
            const ca = this.cv[a]!;
            for (let r = ja; r < m2; r++) z[r]! += Li[r * m2 + ja]! * ca;
          }
          let qf = 0;
          for (let r = lo; r < m2; r++) qf += z[r]! * z[r]!;
          mii = 1 / di + qf / (di * di);
        }
      } else {
        // (S⁻¹)_jj = Σ_r (L⁻¹)_rj²
        const j = i - q1;
        let sj = 0;
        for (let r = j; r < m2; r++) sj += Li[r * m2 + j]! ** 2;
        mii = sj;
      }
      wd[i] = (1 - mii) / l2;
    }
    let W: Float64Array | null = null;
    if (full) {
      // W = Λ⁻¹(I − M⁻¹)Λ⁻¹ where λ is not tiny; exact columns W e_i otherwise
      W = new Float64Array(q * q);
      const Mi = this.mInverse();
      const small: number[] = [];
      for (let i = 0; i < q; i++) if (lc[i]! * lc[i]! < 1e-6) small.push(i);
      for (let i = 0; i < q; i++) {
        const oi = this.toOrig[i]! * q;
        const li = lc[i]!;
        for (let j = 0; j < q; j++) W[oi + this.toOrig[j]!] = ((i === j ? 1 : 0) - Mi[i * q + j]!) / (li * lc[j]!);
      }
      for (const i of small) {
        this.wColumn(i, w, t1, t2);
        const oi = this.toOrig[i]!;
        for (let r = 0; r < q; r++) {
          W[this.toOrig[r]! * q + oi] = w[r]!;
          W[oi * q + this.toOrig[r]!] = w[r]!;
        }
      }
    }
    // back to the public column order
    const perm = (x: Float64Array, m: number): Float64Array => {
      const out = new Float64Array(x.length);
      for (let i = 0; i < q; i++) {
        const o = this.toOrig[i]!;
        for (let t = 0; t < m; t++) out[o * m + t] = x[i * m + t]!;
      }
      return out;
    };
    return { u: perm(u, 1), v: perm(v, 1), G: perm(G, p), W, wDiag: perm(wd, 1), wRe: new Float64Array(0) };
  }

  condCov(): Float64Array {
    const q = this.qTot;
    const out = new Float64Array(q * q);
    const x = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      x.fill(0);
      x[i] = this.lc[i]!;
      this.solveM(x, 1);
      const oi = this.toOrig[i]!;
      for (let r = 0; r < q; r++) out[this.toOrig[r]! * q + oi] = this.lc[r]! * x[r]!;
    }
    return out;
  }
}
