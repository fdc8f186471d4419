import type { GroupedDesign } from '../design.js';
import { groupLayout } from '../design.js';
import type { GroupData, GroupSums, HessianSets, HessianSums, InnerSolver } from './solver.js';
import { CscMatrix } from '../../sparse/csc.js';
import { CsrMatrix } from '../../sparse/csr.js';
import { supernodalDiagonal, symbolicCholesky } from '../../sparse/symbolic.js';
import { CholeskyFactor } from '../../sparse/cholesky.js';
import { SelectedInverseWorkspace, selectedInverseAt, selectedInverseSupernodal } from '../../sparse/selected-inverse.js';
import { analyzeSchur } from '../../sparse/schur-cholesky.js';
import { leadDegreeOrder } from '../../sparse/schur-symbolic.js';
import { analyzeSparseSchur, type SchurFactor } from '../../sparse/sparse-schur-cholesky.js';
import { factorizationCosts, type FactorizationPath } from '../../sparse/factorization-cost.js';
import { choleskyCounts } from '../../sparse/symbolic.js';
import { choosePath, forcedFactorizationPath, type FactorizationInfo } from './factorization-choice.js';
import { DimensionMismatchError, NotPositiveDefiniteError } from '../../errors.js';

/** λ² below this: W columns of the component are formed explicitly (W = Λ⁻ᵀ(I − M⁻¹)Λ⁻¹ loses digits). */
const TINY = 1e-6;

/**
 * Whether the single-block sparse engine applies: one group (any sparse Z:
 * variance components and/or exog_re columns).
 *
 * @example
 * ```ts
 * if (crossedApplicable(design)) inner = new CrossedInner(design);
 * ```
 */
export function crossedApplicable(d: GroupedDesign): boolean {
  return d.rows.length === 1 && d.kRe + d.kVc > 0;
}

/**
 * How the inner matrix is factored: 'auto' (default: the cheapest predicted path, see
 * `factorization-choice.ts`), a path by name, or the older names 'blocks' (dense Schur
 * when there is a diagonal lead block, else the blocks by decreasing size) and 'amd'
 * (supernodal under AMD).
 */
export type CrossedOrdering = 'auto' | 'amd' | 'blocks' | FactorizationPath;

/**
 * Single-group inner solver on the shared sparse engine. M = I + ΛᵀAΛ with
 * A = ZᵀZ (q × q, sparse, fixed pattern): the pattern of M is analysed once
 * (`symbolicCholesky`, or `analyzeSchur` when the largest component's block is
 * diagonal), its values are refilled and refactored per evaluation
 * (`refactorValues`), and the score's trace terms use diag(M⁻¹) from the
 * selected inverse (or `diagInverse` on the Schur path): for a variance component column i, W_ii = (1 − M⁻¹_ii)/λ_i²
 * since ΛᵀWΛ = I − M⁻¹ (W = ZᵀV⁻¹Z). Never forms V⁻¹Z.
 *
 * @example
 * ```ts
 * const inner = new CrossedInner(design); // design: one group
 * inner.factor(new Float64Array(0), Float64Array.of(1, 1), Q);
 * ```
 */
export class CrossedInner implements InnerSolver {
  readonly nGroups = 1;
  readonly kRe: number;
  readonly kVc: number;
  readonly p: number;
  private readonly qTot: number;
  private readonly starts: number[];
  private readonly sizes: number[];
  /** column → vc index (−1 for exog_re columns) */
  private readonly comp: Int32Array;
  /** A = ZᵀZ (both triangles, public order) */
  private readonly A: CscMatrix;
  private readonly B: Float64Array; // ZᵀX (q × p, row-major)
  private readonly c: Float64Array; // Zᵀy
  /** pattern of M (both triangles) */
  private readonly mColPtr: Int32Array;
  private readonly mRowIdx: Int32Array;
  private readonly mVal: Float64Array;
  /** sparse factor (AMD / block order); null on the Schur path */
  private readonly F: CholeskyFactor | null;
  /** Schur paths (diagonal lead block; dense or sparse trailing Schur complement); null on the supernodal path */
  private readonly sch: SchurFactor | null;
  /** The factorization this model uses, its predicted cost and the alternatives (diagnostics). */
  readonly factorization: FactorizationInfo;
  private sinvWs: SelectedInverseWorkspace | null = null;
  /** supernodal path: a sparse-Schur factor built for the Hessian's block norms (on first use) */
  private hessSchur: SchurFactor | null = null;
  // numeric state
  private readonly lc: Float64Array; // λ per column (scalar vc), 0 otherwise
  /** columns per level of each component */
  private readonly dims: number[];
  /** offset of component k's packed factor in λ */
  private readonly parOff: number[];
  /** first column and size of the block (exog_re block, or a component's level) that holds column i */
  private readonly bStart: Int32Array;
  private readonly bSize: Int32Array;
  /** Λ as CSC on its fixed pattern (column j: Λe_j); values set by `factor` */
  private readonly lamPtr: Int32Array;
  private readonly lamRow: Int32Array;
  private readonly lamVal: Float64Array;
  /** whether any component has d > 1 */
  private readonly hasBlocks: boolean;
  /** Schur path with a block-diagonal lead (d > 1): the transformed pattern and the level factors R_l */
  private blk: BlockLead | null = null;
  /**
   * Block lead: per lead column k (column s0 + k), the positions [lo, hi) of its
   * level's rows in M's pattern (m) and in A's column (a), both contiguous (rows sorted)
   */
  private leadRanges: { m: Int32Array; a: Int32Array } | null = null;
  private minvDiag: Float64Array | null = null;
  /** Schur path: M⁻¹Λᵀ[B c] (q × (p+1), column after column) of the current factorization, else null */
  private rSolve: Float64Array | null = null;
  /** per component with d > 1: diagonal d × d blocks of M⁻¹ per level (cached per factorization) */
  private minvBlk: (Float64Array | null)[] | null = null;
  private lamPacked: Float64Array = new Float64Array(0);
  /** the lead component when it is diagonal in A and ordered first (Schur path), else −1 */
  private readonly lead: number;
  private readonly work: Float64Array;

  constructor(des: GroupedDesign, ordering: CrossedOrdering = 'auto') {
    this.kRe = des.kRe;
    this.kVc = des.kVc;
    this.p = des.p;
    const p = des.p;
    const kRe = des.kRe;
    const lay = groupLayout(des, 0);
    this.starts = lay.starts;
    this.sizes = lay.sizes;
    const q = lay.q;
    this.qTot = q;
    this.comp = new Int32Array(q).fill(-1);
    for (let k = 0; k < des.kVc; k++) for (let j = 0; j < lay.sizes[k]!; j++) this.comp[lay.starts[k]! + j] = k;
    this.dims = des.vcDims ? des.vcDims.slice() : new Array<number>(des.kVc).fill(1);
    this.hasBlocks = this.dims.some((d) => d > 1);
    this.parOff = [];
    let po = 0;
    for (const d of this.dims) {
      this.parOff.push(po);
      po += (d * (d + 1)) / 2;
    }
    // blocks of Λ: the exog_re block (L), then one d × d block (T_k) per level of each component
    this.bStart = new Int32Array(q);
    this.bSize = new Int32Array(q);
    for (let j = 0; j < kRe; j++) {
      this.bStart[j] = 0;
      this.bSize[j] = kRe;
    }
    for (let k = 0; k < des.kVc; k++) {
      const d = this.dims[k]!;
      for (let j = 0; j < lay.sizes[k]!; j++) {
        const c = lay.starts[k]! + j;
        this.bStart[c] = c - (j % d);
        this.bSize[c] = d;
      }
    }
    // Λ's pattern: column j holds rows bStart(j) + a, a ≥ j − bStart(j) (lower-triangular blocks)
    this.lamPtr = new Int32Array(q + 1);
    for (let j = 0; j < q; j++) this.lamPtr[j + 1] = this.lamPtr[j]! + (this.bStart[j]! + this.bSize[j]! - j);
    this.lamRow = new Int32Array(this.lamPtr[q]!);
    for (let j = 0; j < q; j++) for (let t = this.lamPtr[j]!, r = j; t < this.lamPtr[j + 1]!; t++, r++) this.lamRow[t] = r;
    this.lamVal = new Float64Array(this.lamRow.length);
    // A = ZᵀZ, B = ZᵀX, c = Zᵀy: from the rows, or given (a model built from cross products)
    const cross = des.cross ?? crossFromRows(des, lay, q);
    if (cross.A.nrow !== q || cross.A.ncol !== q || cross.B.length !== q * p || cross.c.length !== q)
      throw new DimensionMismatchError('cross products', `ZᵀZ ${q}×${q}, ZᵀX ${q}×${p}, Zᵀy ${q}`, `${cross.A.nrow}×${cross.A.ncol}, ${cross.B.length / Math.max(p, 1)}×${p}, ${cross.c.length}`);
    this.A = cross.A;
    this.B = cross.B;
    this.c = cross.c;
    const aPtr = this.A.colPtr;
    const aIdx = this.A.rowIdx;
    const nz = this.A.colPtr[q]!;
    const lbuf = new Int32Array(q + 1);
    // pattern of M = I + ΛᵀAΛ: the block closure of A's pattern plus the diagonal
    // (A(r, c) ≠ 0 puts the whole block(r) × block(c) into M; the blocks of a column share one list)
    const mPtr = new Int32Array(q + 1);
    let mi = new Int32Array(nz + q + 16);
    let mn = 0;
    const bmark = new Int32Array(q).fill(-1);
    let list = new Int32Array(0);
    for (let j = 0; j < q; j++) {
      const b0 = this.bStart[j]!;
      if (j === b0) {
        let nl = 0;
        for (let c = b0; c < b0 + this.bSize[j]!; c++) {
          for (let t = aPtr[c]!; t < aPtr[c + 1]!; t++) {
            const r0 = this.bStart[aIdx[t]!]!;
            if (bmark[r0] === j) continue;
            bmark[r0] = j;
            for (let r = r0; r < r0 + this.bSize[r0]!; r++) lbuf[nl++] = r;
          }
          if (bmark[b0] !== j) {
            bmark[b0] = j;
            for (let r = b0; r < b0 + this.bSize[b0]!; r++) lbuf[nl++] = r;
          }
        }
        list = lbuf.slice(0, nl).sort();
      }
      if (mn + list.length > mi.length) {
        const na = new Int32Array(2 * (mn + list.length));
        na.set(mi);
        mi = na;
      }
      mi.set(list, mn);
      mn += list.length;
      mPtr[j + 1] = mn;
    }
    this.mColPtr = mPtr;
    this.mRowIdx = mi.slice(0, mn);
    this.mVal = new Float64Array(mn);
    const Mpat = new CscMatrix(q, q, this.mColPtr, this.mRowIdx, this.mVal.fill(1));
    // the structure decides the factorization (factorization-choice.ts): with a (block-)diagonal lead
    // component, cost the dense-Schur, supernodal (AMD) and sparse-Schur paths on M's pattern
    const leadC = ordering === 'amd' ? -1 : this.leadComponent();
    const forced = ordering === 'auto' ? forcedFactorizationPath() : ordering === 'blocks' ? 'dense-schur' : ordering === 'amd' ? 'supernodal' : ordering;
    let path: FactorizationPath = 'supernodal';
    let perm: Int32Array | null = null;
    if (leadC >= 0 && lay.sizes[leadC] === q) {
      // the lead is all of M (one term on independent levels): block elimination, nothing to choose
      const k = this.dims[leadC]!;
      const nl = q / k;
      path = 'dense-schur';
      this.factorization = { path, predictedFlops: (nl * k * (k + 1) * (2 * k + 1)) / 6, fillNnz: (nl * k * (k + 1)) / 2, candidates: [], chosenBy: 'only' };
    } else if (leadC >= 0) {
      const costs = factorizationCosts(Mpat, { leadStart: lay.starts[leadC]!, leadSize: lay.sizes[leadC]!, blockSize: this.dims[leadC]! });
      const best = forced ? costs.find((c) => c.path === forced)! : choosePath(costs);
      path = best.path;
      perm = best.perm ?? null;
      const candidates = costs.map((c) => ({ path: c.path, predictedFlops: c.flops, fillNnz: c.nnzL }));
      this.factorization = { path, predictedFlops: best.flops, fillNnz: best.nnzL, candidates, chosenBy: forced ? 'forced' : 'cost', ...(path === 'supernodal' ? { ordering: 'amd' as const } : {}) };
    } else {
      // no diagonal lead block: supernodal, AMD or the components by decreasing size (the cheaper; AMD when asked)
      const ks = Array.from({ length: des.kVc }, (_, k) => k).sort((a, b) => lay.sizes[b]! - lay.sizes[a]! || a - b);
      const bp = new Int32Array(q);
      let o = 0;
      for (const k of ks) for (let j = 0; j < lay.sizes[k]!; j++) bp[o++] = lay.starts[k]! + j;
      for (let j = 0; j < kRe; j++) bp[o++] = j;
      const cb = choleskyCounts(Mpat, { ordering: bp });
      const pa = ordering === 'blocks' ? null : choleskyCounts(Mpat, { ordering: 'amd' });
      const useAmd = pa !== null && (ordering === 'amd' || pa.flops < cb.flops);
      const c = useAmd ? pa! : cb;
      perm = useAmd ? pa!.perm : bp;
      this.factorization = { path, predictedFlops: c.flops, fillNnz: c.nnzL, ordering: useAmd ? 'amd' : 'blocks', candidates: [], chosenBy: 'only' };
    }
    const lead = path === 'supernodal' ? -1 : leadC;
    this.lead = lead;
    if (lead >= 0) {
      // own block elimination: lead block first (in closed form), then the trailing block dense or sparse
      this.F = null;
      const s0 = lay.starts[lead]!;
      const q1 = lay.sizes[lead]!;
      const dl = this.dims[lead]!;
      // block lead: M = P M̃ Pᵀ with P = blockdiag(R_l, I), R_l = chol(M_ll), so M̃'s lead block is I (diagonal)
      if (dl > 1) {
        this.blk = blockLeadPattern(this.mColPtr, this.mRowIdx, s0, q1, dl);
        this.leadRanges = { m: levelRanges(this.mColPtr, this.mRowIdx, s0, q1, dl), a: levelRanges(aPtr, aIdx, s0, q1, dl) };
      }
      const pat = this.blk ? this.blk.pattern : Mpat;
      if (path === 'sparse-schur') this.sch = analyzeSparseSchur(pat, q1, { leadStart: s0, trailingOrder: perm!.subarray(q1) });
      else this.sch = analyzeSchur(pat, q1, { leadStart: s0, trailingOrder: leadDegreeOrder(this.A, s0, q1) });
    } else {
      this.F = CholeskyFactor.fromSymbolic(symbolicCholesky(Mpat, { ordering: perm! }));
      this.sch = null;
    }
    this.lc = new Float64Array(q);
    this.work = new Float64Array(q);
  }

  /**
   * The layout and the sums A, B, c (one group, A sparse with both
   * triangles), for the ψ-direct solver (inner/psi.ts).
   *
   * @example
   * ```ts
   * const psi = psiInner(inner.groupSums());
   * ```
   */
  groupSums(): GroupSums<CscMatrix> {
    const q = this.qTot;
    return { kRe: this.kRe, kVc: this.kVc, p: this.p, qs: Int32Array.of(q), oB: Int32Array.of(0, q * this.p), oC: Int32Array.of(0, q), starts: Int32Array.from(this.starts), sizes: Int32Array.from(this.sizes), comp: this.comp, B: this.B, c: this.c, A: this.A };
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

  /** y = Λx (Λ block diagonal: L on the exog_re block, T_k per level, λ for scalar components). */
  private lamMul(x: Float64Array, y: Float64Array): void {
    if (!this.hasBlocks && this.kRe === 0) {
      for (let i = 0; i < this.qTot; i++) y[i] = this.lc[i]! * x[i]!;
      return;
    }
    const { lamPtr, lamRow, lamVal } = this;
    y.fill(0);
    for (let j = 0; j < this.qTot; j++) {
      const xj = x[j]!;
      if (xj === 0) continue;
      for (let t = lamPtr[j]!; t < lamPtr[j + 1]!; t++) y[lamRow[t]!]! += lamVal[t]! * xj;
    }
  }

  /** y = Λᵀx. */
  private lamTMul(x: Float64Array, y: Float64Array): void {
    if (!this.hasBlocks && this.kRe === 0) {
      for (let i = 0; i < this.qTot; i++) y[i] = this.lc[i]! * x[i]!;
      return;
    }
    const { lamPtr, lamRow, lamVal } = this;
    for (let j = 0; j < this.qTot; j++) {
      let s = 0;
      for (let t = lamPtr[j]!; t < lamPtr[j + 1]!; t++) s += lamVal[t]! * x[lamRow[t]!]!;
      y[j] = s;
    }
  }

  /** Λ's values at (L, λ): L on the exog_re block, λ or the packed factor T_k (row-major tril) per component. */
  private setLambda(L: Float64Array, lam: Float64Array): void {
    const q = this.qTot;
    const kRe = this.kRe;
    const { lamPtr, lamRow, lamVal, lc } = this;
    for (let j = 0; j < q; j++) {
      const k = this.comp[j]!;
      if (k < 0) {
        for (let t = lamPtr[j]!; t < lamPtr[j + 1]!; t++) lamVal[t] = L[lamRow[t]! * kRe + j]!;
        lc[j] = 0;
        continue;
      }
      const d = this.dims[k]!;
      const o = this.parOff[k]!;
      if (d === 1) {
        lamVal[lamPtr[j]!] = lc[j] = lam[o]!;
        continue;
      }
      lc[j] = 0;
      const b0 = this.bStart[j]!;
      const a = j - b0;
      // Λ(B + c, B + a) = T[c, a], c ≥ a
      for (let t = lamPtr[j]!; t < lamPtr[j + 1]!; t++) {
        const c = lamRow[t]! - b0;
        lamVal[t] = lam[o + (c * (c + 1)) / 2 + a]!;
      }
    }
  }

  /** y = A x (public order). */
  private mulA(x: Float64Array, y: Float64Array): void {
    const { colPtr, rowIdx, values } = this.A;
    y.fill(0);
    for (let j = 0; j < this.qTot; j++) {
      const xj = x[j]!;
      if (xj === 0) continue;
      for (let t = colPtr[j]!; t < colPtr[j + 1]!; t++) y[rowIdx[t]!]! += values[t]! * xj;
    }
  }

  /** x = M⁻¹x in place (public order). */
  private solveM(x: Float64Array): void {
    if (this.sch) {
      // M⁻¹ = P⁻ᵀ M̃⁻¹ P⁻¹ (P = I without a block lead)
      if (this.blk) leadSolve(this.blk, x, false);
      this.sch.solveInPlace(x);
      if (this.blk) leadSolve(this.blk, x, true);
      return;
    }
    this.F!.solveInPlace(x);
  }

  /** out = W y = A y − AΛM⁻¹ΛᵀA y. */
  private wMul(y: Float64Array, out: Float64Array): void {
    const q = this.qTot;
    const t = new Float64Array(q);
    const z = new Float64Array(q);
    this.mulA(y, t);
    this.lamTMul(t, z);
    this.solveM(z);
    this.lamMul(z, out);
    this.mulA(out, z);
    for (let i = 0; i < q; i++) out[i] = t[i]! - z[i]!;
  }

  /** W·Y for k vectors stored one after another (one multi-vector solve). */
  private wMulMany(Y: Float64Array, k: number): Float64Array {
    const q = this.qTot;
    const T = new Float64Array(q * k);
    const Z = new Float64Array(q * k);
    const out = new Float64Array(q * k);
    for (let s = 0; s < k; s++) {
      this.mulA(Y.subarray(s * q, (s + 1) * q), T.subarray(s * q, (s + 1) * q));
      this.lamTMul(T.subarray(s * q, (s + 1) * q), Z.subarray(s * q, (s + 1) * q));
    }
    this.solveMMany(Z, k);
    const z = new Float64Array(q);
    for (let s = 0; s < k; s++) {
      const o = out.subarray(s * q, (s + 1) * q);
      this.lamMul(Z.subarray(s * q, (s + 1) * q), o);
      this.mulA(o, z);
      for (let i = 0; i < q; i++) o[i] = T[s * q + i]! - z[i]!;
    }
    return out;
  }

  factor(L: Float64Array, lam: Float64Array, Q: Float64Array): number {
    const q = this.qTot;
    this.lamPacked = Float64Array.from(lam);
    this.setLambda(L, lam);
    this.minvDiag = null;
    this.minvBlk = null;
    this.rSolve = null;
    // M(:, j) = e_j + ΛᵀAΛe_j on the fixed pattern: acc = AΛe_j = Σ_t Λ_tj A(:, t), M_ij = Λ(:, i)ᵀacc
    const { colPtr, rowIdx, values } = this.A;
    const { lamPtr, lamRow, lamVal } = this;
    const acc = this.work;
    const mv = this.mVal;
    const mp = this.mColPtr;
    const mr = this.mRowIdx;
    const lr = this.leadRanges;
    const ls0 = this.blk ? this.blk.s0 : 0;
    const ls1 = this.blk ? ls0 + this.blk.q1 : 0;
    for (let j = 0; j < q; j++) {
      if (lr && j >= ls0 && j < ls1) {
        // block lead: of a lead column only its level's block M_ll is read (the transform takes C from the trailing columns)
        const k = j - ls0;
        const m0 = lr.m[2 * k]!;
        const m1 = lr.m[2 * k + 1]!;
        for (let t = m0; t < m1; t++) acc[mr[t]!] = 0;
        for (let e = lamPtr[j]!; e < lamPtr[j + 1]!; e++) {
          const lj = lamVal[e]!;
          if (lj === 0) continue;
          const c = lamRow[e]! - ls0;
          for (let t = lr.a[2 * c]!; t < lr.a[2 * c + 1]!; t++) acc[rowIdx[t]!]! += values[t]! * lj;
        }
        for (let t = m0; t < m1; t++) {
          const i = mr[t]!;
          let v = 0;
          for (let e = lamPtr[i]!; e < lamPtr[i + 1]!; e++) v += lamVal[e]! * acc[lamRow[e]!]!;
          mv[t] = v + (i === j ? 1 : 0);
        }
        continue;
      }
      for (let t = mp[j]!; t < mp[j + 1]!; t++) acc[mr[t]!] = 0;
      for (let e = lamPtr[j]!; e < lamPtr[j + 1]!; e++) {
        const lj = lamVal[e]!;
        if (lj === 0) continue;
        const c = lamRow[e]!;
        for (let t = colPtr[c]!; t < colPtr[c + 1]!; t++) acc[rowIdx[t]!]! += values[t]! * lj;
      }
      for (let t = mp[j]!; t < mp[j + 1]!; t++) {
        const i = mr[t]!;
        let v = 0;
        for (let e = lamPtr[i]!; e < lamPtr[i + 1]!; e++) v += lamVal[e]! * acc[lamRow[e]!]!;
        mv[t] = v + (i === j ? 1 : 0);
      }
    }
    if (this.sch) return this.factorSchur(Q);
    const Fc = this.F!;
    try {
      Fc.refactorValues(mv);
    } catch (e) {
      if (e instanceof NotPositiveDefiniteError) return NaN;
      throw e;
    }
    const logdet = Fc.logDet();
    // Q −= RᵀM⁻¹R = ‖L⁻¹P R‖², R = Λᵀ[B c]
    const p = this.p;
    const p1 = p + 1;
    const perm = Fc.perm;
    const Y = new Float64Array(q * p1);
    const col = new Float64Array(q);
    const lcol = new Float64Array(q);
    for (let s = 0; s < p1; s++) {
      for (let i = 0; i < q; i++) col[i] = s < p ? this.B[i * p + s]! : this.c[i]!;
      this.lamTMul(col, lcol);
      const y = Y.subarray(s * q, (s + 1) * q);
      for (let k = 0; k < q; k++) y[k] = lcol[perm[k]!]!;
      Fc.solveL(y);
    }
    for (let s = 0; s < p1; s++)
      for (let t = 0; t <= s; t++) {
        let d = 0;
        const ys = s * q;
        const yt = t * q;
        for (let k = 0; k < q; k++) d += Y[ys + k]! * Y[yt + k]!;
        Q[s * p1 + t]! -= d;
        if (t !== s) Q[t * p1 + s]! -= d;
      }
    return logdet;
  }

  /** diag(M⁻¹) (public order) from the selected inverse, cached per factorization. */
  private minvDiagonal(): Float64Array {
    if (this.minvDiag) return this.minvDiag;
    if (this.sch && this.blk) {
      // trailing: diag(S⁻¹); lead columns: diagonals of R_l⁻ᵀ(M̃⁻¹)_ll R_l⁻¹ (no lead quadratic forms on M̃)
      const dg = new Float64Array(this.qTot);
      const tdg = this.sch.trailingInverseDiagonal();
      const m2 = this.sch.trailingSize;
      for (let a = 0; a < m2; a++) dg[this.sch.trailing[a]!] = tdg[a]!;
      const mb = this.minvBlocks()[this.lead]!;
      const { s0, q1, d } = this.blk;
      for (let i = 0; i < q1; i++) dg[s0 + i] = mb[Math.floor(i / d) * d * d + (i % d) * (d + 1)]!;
      return (this.minvDiag = dg);
    }
    if (this.sch) {
      const dg = this.sch.diagInverse(new Float64Array(this.qTot));
      if (this.blk) {
        // lead columns: diagonals of R_l⁻ᵀ(M̃⁻¹)_ll R_l⁻¹
        const mb = this.minvBlocks()[this.lead]!;
        const { s0, q1, d } = this.blk;
        for (let i = 0; i < q1; i++) dg[s0 + i] = mb[Math.floor(i / d) * d * d + (i % d) * (d + 1)]!;
      }
      return (this.minvDiag = dg);
    }
    const S = this.F!.symbolic;
    this.sinvWs ??= new SelectedInverseWorkspace(S);
    selectedInverseSupernodal(S, this.F!.Lx, this.sinvWs);
    const dz = supernodalDiagonal(S, this.sinvWs.Zx);
    const out = new Float64Array(this.qTot);
    for (let k = 0; k < dz.length; k++) out[S.perm[k]!] = dz[k]!;
    this.minvDiag = out;
    return out;
  }

  /** Whether column i's W entries must be formed explicitly (exog_re, block components, or tiny λ). */
  private explicitCol(i: number): boolean {
    return i < this.kRe || this.bSize[i]! > 1 || this.lc[i]! * this.lc[i]! < TINY;
  }

  /** Position of column i in the trailing block of the Schur path (−1 in the lead). */
  private trailingPos: Int32Array | null = null;

  /** M⁻¹_ij for i, j in the same level block of a component (from the selected inverse or S⁻¹). */
  private minvBlocks(): (Float64Array | null)[] {
    if (this.minvBlk) return this.minvBlk;
    const q = this.qTot;
    const out: (Float64Array | null)[] = this.dims.map(() => null);
    let read: (i: number, j: number) => number;
    if (this.sch) {
      const sch = this.sch;
      const m2 = sch.trailingSize;
      if (!this.trailingPos) {
        this.trailingPos = new Int32Array(q).fill(-1);
        for (let a = 0; a < m2; a++) this.trailingPos[sch.trailing[a]!] = a;
      }
      const tp = this.trailingPos;
      // entries of S⁻¹ from L₂₂⁻¹ (only the level blocks are needed: no dense S⁻¹)
      read = (i, j) => sch.trailingInverseAt(tp[i]!, tp[j]!);
    } else {
      this.minvDiagonal(); // runs the selected inverse
      const S = this.F!.symbolic;
      const Zx = this.sinvWs!.Zx;
      read = (i, j) => selectedInverseAt(S, Zx, i, j);
    }
    this.dims.forEach((d, k) => {
      if (d === 1) return;
      const s0 = this.starts[k]!;
      const nl = this.sizes[k]! / d;
      if (this.blk && k === this.lead) {
        out[k] = leadInverseBlocks(this.blk, this.sch!);
        return;
      }
      const blk = new Float64Array(nl * d * d);
      for (let l = 0; l < nl; l++)
        for (let a = 0; a < d; a++)
          for (let b = 0; b <= a; b++) {
            const v = read(s0 + l * d + a, s0 + l * d + b);
            blk[l * d * d + a * d + b] = v;
            blk[l * d * d + b * d + a] = v;
          }
      out[k] = blk;
    });
    return (this.minvBlk = out);
  }

  /**
   * W's diagonal d × d blocks of component k, per level: T⁻ᵀ(I − M⁻¹_ll)T⁻¹
   * (ΛᵀWΛ = I − M⁻¹), or explicit W columns when T is near singular.
   */
  private wBlocks(k: number, lam: Float64Array): Float64Array {
    const d = this.dims[k]!;
    const o = this.parOff[k]!;
    const s0 = this.starts[k]!;
    const nl = this.sizes[k]! / d;
    const out = new Float64Array(nl * d * d);
    const T = new Float64Array(d * d);
    let minPivot = Infinity;
    for (let a = 0; a < d; a++)
      for (let b = 0; b <= a; b++) {
        T[a * d + b] = lam[o + (a * (a + 1)) / 2 + b]!;
        if (a === b) minPivot = Math.min(minPivot, T[a * d + a]! * T[a * d + a]!);
      }
    if (!(minPivot >= TINY)) {
      // the component's W columns, 64 at a time in one multi-vector product (one pass over the factor each)
      const q = this.qTot;
      const cols = nl * d;
      for (let c0 = 0; c0 < cols; c0 += 64) {
        const k = Math.min(64, cols - c0);
        const E = new Float64Array(k * q);
        for (let t = 0; t < k; t++) E[t * q + s0 + c0 + t] = 1;
        const WE = this.wMulMany(E, k);
        for (let t = 0; t < k; t++) {
          const l = Math.floor((c0 + t) / d);
          const b = (c0 + t) % d;
          for (let a = 0; a < d; a++) out[l * d * d + a * d + b] = WE[t * q + s0 + l * d + a]!;
        }
      }
      return out;
    }
    const mb = this.minvBlocks()[k]!;
    // X = T⁻ᵀ (I − Mi) T⁻¹: solve Tᵀ Y = (I − Mi), then X = Y T⁻¹ (X symmetric: X = T⁻ᵀ Yᵀ)
    const Y = new Float64Array(d * d);
    for (let l = 0; l < nl; l++) {
      const base = l * d * d;
      for (let c = 0; c < d; c++) {
        // column c of (I − Mi), then back-substitution with Tᵀ (upper)
        for (let a = 0; a < d; a++) Y[a * d + c] = (a === c ? 1 : 0) - mb[base + a * d + c]!;
        for (let a = d - 1; a >= 0; a--) {
          let v = Y[a * d + c]!;
          for (let r = a + 1; r < d; r++) v -= T[r * d + a]! * Y[r * d + c]!;
          Y[a * d + c] = v / T[a * d + a]!;
        }
      }
      // X = Tᵀ⁻¹ Yᵀ column by column: X(:, c) solves Tᵀ x = Y(c, :)ᵀ
      for (let c = 0; c < d; c++) {
        for (let a = d - 1; a >= 0; a--) {
          let v = Y[c * d + a]!;
          for (let r = a + 1; r < d; r++) v -= T[r * d + a]! * out[base + r * d + c]!;
          out[base + a * d + c] = v / T[a * d + a]!;
        }
      }
    }
    return out;
  }

  groupData(_g: number, beta: Float64Array, full: boolean): GroupData {
    const q = this.qTot;
    const p = this.p;
    const kRe = this.kRe;
    const s = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      let v = this.c[i]!;
      for (let t = 0; t < p; t++) v -= this.B[i * p + t]! * beta[t]!;
      s[i] = v;
    }
    // [v, V_B] = M⁻¹Λᵀ[s, B] in one multi-vector solve (or, on the Schur path, from the factorization's
    // M⁻¹Λᵀ[B c]: v = M⁻¹Λᵀc − Σ β_t M⁻¹ΛᵀB_t); u = s − AΛv, G = B − AΛV_B
    const X = new Float64Array(q * (p + 1));
    const col = new Float64Array(q);
    const rs = this.rSolve;
    if (rs) {
      X.set(rs.subarray(p * q, (p + 1) * q), 0);
      for (let t = 0; t < p; t++) {
        const bt = beta[t]!;
        const src = rs.subarray(t * q, (t + 1) * q);
        X.set(src, (t + 1) * q);
        if (bt !== 0) for (let i = 0; i < q; i++) X[i]! -= bt * src[i]!;
      }
    } else {
      this.lamTMul(s, X.subarray(0, q));
      for (let t = 0; t < p; t++) {
        for (let i = 0; i < q; i++) col[i] = this.B[i * p + t]!;
        this.lamTMul(col, X.subarray((t + 1) * q, (t + 2) * q));
      }
      this.solveMMany(X, p + 1);
    }
    const v = X.slice(0, q);
    const tmp = new Float64Array(q);
    const av = new Float64Array(q);
    this.lamMul(v, tmp);
    this.mulA(tmp, av);
    const u = new Float64Array(q);
    for (let i = 0; i < q; i++) u[i] = s[i]! - av[i]!;
    const G = new Float64Array(q * p);
    for (let t = 0; t < p; t++) {
      this.lamMul(X.subarray((t + 1) * q, (t + 2) * q), col);
      this.mulA(col, av);
      for (let i = 0; i < q; i++) G[i * p + t] = this.B[i * p + t]! - av[i]!;
    }
    // diag(W): (1 − M⁻¹_ii)/λ_i², explicit columns where λ is tiny; W's level blocks for d > 1
    // diag(M⁻¹) only when a scalar component uses the identity W_ii = (1 − M⁻¹_ii)/λ²
    let scalarIdentity = false;
    for (let i = kRe; i < q && !scalarIdentity; i++) scalarIdentity = !this.explicitCol(i);
    const md = scalarIdentity ? this.minvDiagonal() : new Float64Array(0);
    const wd = new Float64Array(q);
    const wRe = new Float64Array(kRe * kRe);
    const e = new Float64Array(q);
    const w = new Float64Array(q);
    const wVcBlocks: (Float64Array | null)[] = this.dims.map((d, k) => {
      if (d === 1) return null;
      const wb = this.wBlocks(k, this.lamPacked);
      const s0 = this.starts[k]!;
      for (let l = 0; l < this.sizes[k]! / d; l++) for (let a = 0; a < d; a++) wd[s0 + l * d + a] = wb[l * d * d + a * d + a]!;
      return wb;
    });
    for (let i = 0; i < q; i++) {
      if (this.bSize[i]! > 1 && i >= kRe) continue;
      if (this.explicitCol(i)) {
        e.fill(0);
        e[i] = 1;
        this.wMul(e, w);
        wd[i] = w[i]!;
        if (i < kRe) for (let a = 0; a < kRe; a++) wRe[a * kRe + i] = w[a]!;
      } else wd[i] = (1 - md[i]!) / (this.lc[i]! * this.lc[i]!);
    }
    let W: Float64Array | null = null;
    if (full) W = this.denseW();
    return { u, v, G, W, wDiag: wd, wRe, wVcBlocks };
  }

  /**
   * Whether the Hessian should use a dense W (q × q) rather than {@link hessianSums}:
   * models with block components and a moderate q, where W comes from the dense M⁻¹
   * of the Schur factor (the block sums need W between every pair of levels).
   */
  preferDenseW(): boolean {
    return this.hasBlocks && this.qTot <= 4000;
  }

  /**
   * W = ZᵀV⁻¹Z dense (q × q, row-major) from the dense inverse X = M̃⁻¹ of the
   * factored matrix (M = P M̃ Pᵀ, P = blockdiag(R_l, I) with a block lead, else
   * P = I): ΛᵀWΛ = I − M⁻¹ gives W = Λ⁻ᵀΛ⁻¹ − KᵀXK with K = P⁻¹Λ⁻¹ block
   * diagonal (per block R_l⁻¹T⁻¹ on lead levels, T⁻¹ elsewhere),
   * applied as a pass over the rows, a transpose, and a second pass. Blocks of Λ
   * that are near singular get explicit columns W e_j (one multi-vector product).
   */
  private denseW(): Float64Array {
    const q = this.qTot;
    const X = this.denseFactorInverse();
    const singular = new Uint8Array(q);
    // per block: start, size, K_B (row-major lower) and D_B = T⁻ᵀT⁻¹ (row-major)
    const blocks: Array<{ b0: number; sz: number; K: Float64Array; D: Float64Array }> = [];
    const blk = this.blk;
    for (let b0 = 0; b0 < q; ) {
      const sz = this.bSize[b0]!;
      const T = new Float64Array(sz * sz);
      for (let a = 0; a < sz; a++)
        for (let t = this.lamPtr[b0 + a]!; t < this.lamPtr[b0 + a + 1]!; t++) T[(this.lamRow[t]! - b0) * sz + a] = this.lamVal[t]!;
      let bad = false;
      for (let a = 0; a < sz; a++) if (!(T[a * sz + a]! * T[a * sz + a]! >= TINY)) bad = true;
      if (bad) for (let a = 0; a < sz; a++) singular[b0 + a] = 1;
      else {
        const Ti = lowerInverse(T, sz);
        const D = new Float64Array(sz * sz);
        for (let a = 0; a < sz; a++)
          for (let c = 0; c < sz; c++) {
            let v = 0;
            for (let e = Math.max(a, c); e < sz; e++) v += Ti[e * sz + a]! * Ti[e * sz + c]!;
            D[a * sz + c] = v;
          }
        let K = Ti;
        if (blk && b0 >= blk.s0 && b0 < blk.s0 + blk.q1) {
          // K_B = R_l⁻¹T⁻¹ (both lower)
          const Rl = blk.R.subarray(((b0 - blk.s0) / sz) * sz * sz, ((b0 - blk.s0) / sz + 1) * sz * sz);
          const Ri = lowerInverse(Rl, sz);
          K = new Float64Array(sz * sz);
          for (let a = 0; a < sz; a++)
            for (let c = 0; c <= a; c++) {
              let v = 0;
              for (let e = c; e <= a; e++) v += Ri[a * sz + e]! * Ti[e * sz + c]!;
              K[a * sz + c] = v;
            }
        }
        blocks.push({ b0, sz, K, D });
      }
      b0 += sz;
    }
    // Y = X K (rows), Yᵀ = KᵀX, KᵀXK = Yᵀ K (rows again); singular blocks are left (replaced below)
    const nb = blocks.length;
    const bb0 = Int32Array.from(blocks, (b) => b.b0);
    const bsz = Int32Array.from(blocks, (b) => b.sz);
    const kOff = new Int32Array(nb + 1);
    for (let k = 0; k < nb; k++) kOff[k + 1] = kOff[k]! + bsz[k]! * bsz[k]!;
    const Kall = new Float64Array(kOff[nb]!);
    blocks.forEach((b, k) => Kall.set(b.K, kOff[k]!));
    const x = new Float64Array(Math.max(1, ...Array.from(bsz)));
    const rowPass = (): void => {
      for (let r = 0; r < q; r++) {
        const o = r * q;
        for (let k = 0; k < nb; k++) {
          const sz = bsz[k]!;
          const c0 = o + bb0[k]!;
          const ko = kOff[k]!;
          if (sz === 1) X[c0] = X[c0]! * Kall[ko]!;
          else if (sz === 2) {
            // [x0 x1]·[k00 0; k10 k11]
            const x0 = X[c0]!;
            const x1 = X[c0 + 1]!;
            X[c0] = x0 * Kall[ko]! + x1 * Kall[ko + 2]!;
            X[c0 + 1] = x1 * Kall[ko + 3]!;
          } else {
            for (let a = 0; a < sz; a++) x[a] = X[c0 + a]!;
            for (let c = 0; c < sz; c++) {
              let v = 0;
              for (let a = c; a < sz; a++) v += x[a]! * Kall[ko + a * sz + c]!;
              X[c0 + c] = v;
            }
          }
        }
      }
    };
    rowPass();
    transposeInPlace(X, q);
    rowPass();
    // W = blockdiag(T⁻ᵀT⁻¹) − KᵀXK
    for (let i = 0; i < q * q; i++) X[i] = -X[i]!;
    for (const { b0, sz, D } of blocks) for (let a = 0; a < sz; a++) for (let c = 0; c < sz; c++) X[(b0 + a) * q + b0 + c]! += D[a * sz + c]!;
    // rows and columns of near-singular blocks: explicit W columns
    const idx: number[] = [];
    for (let i = 0; i < q; i++) if (singular[i]) idx.push(i);
    const ns = idx.length;
    if (ns > 0) {
      const E = new Float64Array(ns * q);
      idx.forEach((i, k) => (E[k * q + i] = 1));
      const WE = this.wMulMany(E, ns);
      idx.forEach((i, k) => {
        for (let r = 0; r < q; r++) {
          X[r * q + i] = WE[k * q + r]!;
          X[i * q + r] = WE[k * q + r]!;
        }
      });
    }
    return X;
  }

  /** M̃⁻¹ dense (q × q, row-major; M̃ = M without a block lead) from the Schur factor, else by q solves with M. */
  private denseFactorInverse(): Float64Array {
    const q = this.qTot;
    if (this.sch) return this.sch.denseInverse();
    const E = new Float64Array(q * q);
    for (let i = 0; i < q; i++) E[i * q + i] = 1;
    this.solveMMany(E, q);
    return E;
  }

  /**
   * Moment sums from A (see `momentSums`): N_kl = ‖A_kl‖²_F, T_k = tr(A_kk),
   * S_k = Σ_{j∈k} s_j², s = Zᵀ(y − Xβ). Null with exog_re columns.
   */
  momentSums(beta: Float64Array): { N: Float64Array; T: Float64Array; S: Float64Array } | null {
    const kv = this.kVc;
    if (this.kRe > 0 || kv === 0 || this.hasBlocks) return null;
    const p = this.p;
    const N = new Float64Array(kv * kv);
    const T = new Float64Array(kv);
    const S = new Float64Array(kv);
    const { colPtr, rowIdx, values } = this.A;
    for (let j = 0; j < this.qTot; j++) {
      const l = this.comp[j]!;
      for (let t = colPtr[j]!; t < colPtr[j + 1]!; t++) {
        N[this.comp[rowIdx[t]!]! * kv + l]! += values[t]! * values[t]!;
        if (rowIdx[t] === j) T[l]! += values[t]!;
      }
      let sj = this.c[j]!;
      for (let a = 0; a < p; a++) sj -= this.B[j * p + a]! * beta[a]!;
      S[l]! += sj * sj;
    }
    return { N, T, S };
  }

  condCov(): Float64Array {
    const q = this.qTot;
    const out = new Float64Array(q * q);
    const x = new Float64Array(q);
    const y = new Float64Array(q);
    const e = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      e.fill(0);
      e[i] = 1;
      this.lamTMul(e, x);
      this.solveM(x);
      this.lamMul(x, y);
      for (let r = 0; r < q; r++) out[r * q + i] = y[r]!;
    }
    return out;
  }

  /**
   * The W-dependent Hessian sums without a dense W (see {@link HessianSums}):
   * bilinear terms from W-products of a few vectors; Frobenius terms of pairs
   * of variance components from block norms of M⁻¹ (W_kl = (δ_kl I − M⁻¹_kl)/(λ_k λ_l)),
   * computed by dense work on the Schur complement of a diagonal leading block
   * when there is one, else from columns of M⁻¹.
   */
  hessianSums(_g: number, sets: HessianSets, u: Float64Array, G: Float64Array, reml: boolean): HessianSums {
    const q = this.qTot;
    const p = this.p;
    const m = sets.P.length;
    const D = new Float64Array(m * m);
    const rt = new Float64Array(m * m);
    const F = Array.from({ length: m * m }, () => new Float64Array(p * p));
    const nv = reml ? 1 + p : 1;
    const vecOf = (k: number, i: number): number => (k === 0 ? u[i]! : G[i * p + k - 1]!);
    // Wy_j(v) for y_j(v) = Σ_e v[Q_e] e_{P_e}
    // all m·nv products in one multi-vector W product
    const Yall = new Float64Array(m * nv * q);
    for (let j = 0; j < m; j++) {
      const P = sets.P[j]!;
      const Qs = sets.Q[j]!;
      for (let k = 0; k < nv; k++) {
        const o = (j * nv + k) * q;
        for (let e = 0; e < P.length; e++) Yall[o + P[e]!]! += vecOf(k, Qs[e]!);
      }
    }
    const WYall = this.wMulMany(Yall, m * nv);
    const Wy: Float64Array[][] = [];
    for (let j = 0; j < m; j++) Wy.push(Array.from({ length: nv }, (_, k) => WYall.subarray((j * nv + k) * q, (j * nv + k + 1) * q)));
    // x_j(v)ᵀ W y_{j1}(v'), x_j(v) = Σ_e v[P_e] e_{Q_e}
    for (let j1 = 0; j1 < m; j1++)
      for (let j2 = 0; j2 <= j1; j2++) {
        const P2 = sets.P[j2]!;
        const Q2 = sets.Q[j2]!;
        const w0 = Wy[j1]![0]!;
        let d = 0;
        for (let e = 0; e < P2.length; e++) d += u[P2[e]!]! * w0[Q2[e]!]!;
        D[j1 * m + j2] = d;
        if (reml) {
          const Fm = F[j1 * m + j2]!;
          for (let t = 0; t < p; t++)
            for (let t2 = 0; t2 < p; t2++) {
              const wt = Wy[j1]![1 + t2]!;
              let s = 0;
              for (let e = 0; e < P2.length; e++) s += G[P2[e]! * p + t]! * wt[Q2[e]!]!;
              Fm[t * p + t2] = s;
            }
        }
      }
    // one block component whose levels do not interact (A block diagonal: independent groups, e.g. (x | g)):
    // W is block diagonal by level, so rt = ½ Σ_l Σ W_l[Q2,P1]·W_l[Q1,P2] over each parameter's in-level pairs
    if (this.kRe === 0 && this.kVc === 1 && this.dims[0]! > 1 && this.lead === 0) {
      const d = this.dims[0]!;
      const nl = q / d;
      const Wl = this.wBlocks(0, this.lamPacked);
      // the (row, column) offsets of each parameter's entries within a level (the same for every level)
      const local = sets.P.map((P, j) => {
        const Q = sets.Q[j]!;
        const out: Array<[number, number]> = [];
        for (let e = 0; e < P.length; e++) if (P[e]! < d && Q[e]! < d) out.push([P[e]!, Q[e]!]);
        return out;
      });
      for (let j1 = 0; j1 < m; j1++)
        for (let j2 = 0; j2 <= j1; j2++) {
          let sum = 0;
          for (let l = 0; l < nl; l++) {
            const o = l * d * d;
            for (const [pa, qa] of local[j1]!) for (const [pb, qb] of local[j2]!) sum += Wl[o + qb * d + pa]! * Wl[o + pb * d + qa]!;
          }
          rt[j1 * m + j2] = 0.5 * sum;
        }
      return { D, rt, F };
    }
    // rt = ½ Σ_{e1,e2} W[Q2,P1]·W[Q1,P2]
    const isVc = sets.P.map((P, j) => P.length > 0 && sets.vc[j]! >= 0 && !this.explicitCol(P[0]!));
    // the W columns the explicit sums need, in one multi-vector product (one pass over the factor)
    const need = new Int32Array(q).fill(-1);
    let nNeed = 0;
    sets.P.forEach((P, j) => {
      if (isVc[j]) return;
      for (const ix of [P, sets.Q[j]!]) for (let e = 0; e < ix.length; e++) if (need[ix[e]!] === -1) need[ix[e]!] = nNeed++;
    });
    const E = new Float64Array(nNeed * q);
    for (let i = 0; i < q; i++) if (need[i]! >= 0) E[need[i]! * q + i] = 1;
    const WE = nNeed > 0 ? this.wMulMany(E, nNeed) : E;
    const wcol = (i: number): Float64Array => WE.subarray(need[i]! * q, (need[i]! + 1) * q);
    let norms: Float64Array | null = null;
    const kv = this.kVc;
    for (let j1 = 0; j1 < m; j1++)
      for (let j2 = 0; j2 <= j1; j2++) {
        const P1 = sets.P[j1]!;
        const Q1 = sets.Q[j1]!;
        const P2 = sets.P[j2]!;
        const Q2 = sets.Q[j2]!;
        if (isVc[j1] && isVc[j2]) {
          norms ??= this.minvBlockNorms();
          const k1 = sets.vc[j1]!;
          const k2 = sets.vc[j2]!;
          const l1 = this.lamOf(k1);
          const l2 = this.lamOf(k2);
          // ‖δI − M⁻¹_kl‖² = δ(n_k − 2 tr M⁻¹_kk) + ‖M⁻¹_kl‖²
          let f = norms[k1 * kv + k2]!;
          if (k1 === k2) f += this.sizes[k1]! - 2 * this.blockTrace(k1);
          rt[j1 * m + j2] = (0.5 * f) / (l1 * l1 * l2 * l2);
          continue;
        }
        // explicit W columns on the smaller side
        const [Pa, Qa, Pb, Qb] = !isVc[j1] ? [P1, Q1, P2, Q2] : [P2, Q2, P1, Q1];
        let s = 0;
        for (let e1 = 0; e1 < Pa.length; e1++) {
          const cp = wcol(Pa[e1]!);
          const cq = wcol(Qa[e1]!);
          for (let e2 = 0; e2 < Pb.length; e2++) s += cp[Qb[e2]!]! * cq[Pb[e2]!]!;
        }
        rt[j1 * m + j2] = 0.5 * s;
      }
    return { D, rt, F };
  }

  private lamOf(k: number): number {
    return this.lc[this.starts[k]!]!;
  }

  private blockTrace(k: number): number {
    const md = this.minvDiagonal();
    let s = 0;
    for (let i = this.starts[k]!; i < this.starts[k]! + this.sizes[k]!; i++) s += md[i]!;
    return s;
  }

  /** ‖M⁻¹_kl‖²_F for all pairs of variance components (kVc × kVc). */
  private minvBlockNorms(): Float64Array {
    const kv = this.kVc;
    const q = this.qTot;
    const out = new Float64Array(kv * kv);
    if (this.sch) return this.schurBlockNorms(this.lead, this.sch);
    // supernodal path with a scalar lead component: the same norms from a sparse-Schur factor of M at this point
    const lc = this.leadComponent();
    if (lc >= 0 && this.dims[lc] === 1) {
      const ss = (this.hessSchur ??= analyzeSparseSchur(new CscMatrix(q, q, this.mColPtr, this.mRowIdx, this.mVal), this.sizes[lc]!, { leadStart: this.starts[lc]! }));
      ss.refactorValues(this.mVal);
      return this.schurBlockNorms(lc, ss);
    }
    // columns of M⁻¹, one component at a time
    const x = new Float64Array(q);
    for (let k2 = 0; k2 < kv; k2++)
      for (let j = this.starts[k2]!; j < this.starts[k2]! + this.sizes[k2]!; j++) {
        x.fill(0);
        x[j] = 1;
        this.solveM(x);
        for (let k1 = 0; k1 < kv; k1++) {
          let s = 0;
          for (let i = this.starts[k1]!; i < this.starts[k1]! + this.sizes[k1]!; i++) s += x[i]! * x[i]!;
          out[k1 * kv + k2]! += s;
        }
      }
    return out;
  }

  /**
   * Schur path factorization (see {@link SchurCholesky}): log|M|, and
   * Q −= RᵀM⁻¹R with R = Λᵀ[B c] (q × (p+1)).
   */
  private factorSchur(Q: Float64Array): number {
    const sch = this.sch!;
    let logdet = 0;
    let values = this.mVal;
    if (this.blk) {
      // log|M| = log|M̃| + 2 Σ_l log|R_l|
      const ld = blockLeadTransform(this.blk, this.mVal);
      if (!Number.isFinite(ld)) return NaN;
      logdet = ld;
      values = this.blk.values;
    }
    try {
      sch.refactorValues(values);
    } catch (e) {
      if (e instanceof NotPositiveDefiniteError) return NaN;
      throw e;
    }
    logdet += sch.logDet();
    const p = this.p;
    const p1 = p + 1;
    const q = this.qTot;
    const R = new Float64Array(q * p1);
    const col = new Float64Array(q);
    for (let s = 0; s < p1; s++) {
      for (let i = 0; i < q; i++) col[i] = s < p ? this.B[i * p + s]! : this.c[i]!;
      this.lamTMul(col, R.subarray(s * q, (s + 1) * q));
      if (this.blk) leadSolve(this.blk, R.subarray(s * q, (s + 1) * q), false);
    }
    // RᵀM⁻¹R, and M⁻¹Λᵀ[B c] for groupData (the solve finished from the same forward pass)
    const sol = new Float64Array(q * p1);
    const RtMR = sch.quadForm(R, p1, sol);
    if (this.blk) for (let s = 0; s < p1; s++) leadSolve(this.blk, sol.subarray(s * q, (s + 1) * q), true);
    this.rSolve = sol;
    for (let s = 0; s < p1; s++) for (let t = 0; t < p1; t++) Q[s * p1 + t]! -= RtMR[s * p1 + t]!;
    return logdet;
  }

  /** X = M⁻¹X for k vectors stored one after another (length q each); one pass over L₂₂ on the Schur path. */
  private solveMMany(X: Float64Array, k: number): void {
    if (this.sch) {
      const q = this.qTot;
      const blk = this.blk;
      if (blk) for (let s = 0; s < k; s++) leadSolve(blk, X.subarray(s * q, (s + 1) * q), false);
      this.sch.solveManyInPlace(X, k);
      if (blk) for (let s = 0; s < k; s++) leadSolve(blk, X.subarray(s * q, (s + 1) * q), true);
      return;
    }
    const q = this.qTot;
    for (let s = 0; s < k; s++) this.solveM(X.subarray(s * q, (s + 1) * q));
  }

  /**
   * The largest variance component if its block of A is block diagonal with its
   * d × d level blocks (diagonal for an indicator factor, d = 1) and large, else −1.
   */
  private leadComponent(): number {
    if (this.kVc === 0) return -1;
    let lead = 0;
    for (let k = 1; k < this.kVc; k++) if (this.sizes[k]! > this.sizes[lead]!) lead = k;
    const s0 = this.starts[lead]!;
    const s1 = s0 + this.sizes[lead]!;
    if (this.sizes[lead]! < 64) return -1;
    const { colPtr, rowIdx } = this.A;
    for (let j = s0; j < s1; j++)
      for (let t = colPtr[j]!; t < colPtr[j + 1]!; t++) {
        const i = rowIdx[t]!;
        if (i >= s0 && i < s1 && this.bStart[i] !== this.bStart[j]) return -1;
      }
    return lead;
  }

  /**
   * ‖M⁻¹_kl‖² for all pairs of variance components on the Schur path: the
   * trailing block of M⁻¹ is S⁻¹, the lead blocks come from
   * {@link SchurCholesky.leadBlockNorms}.
   */
  private schurBlockNorms(lead: number, sch: SchurFactor): Float64Array {
    const kv = this.kVc;
    const m2 = sch.trailingSize;
    const restCols = sch.trailing;
    const out = new Float64Array(kv * kv);
    const Si = sch.trailingInverse();
    const compR = new Int32Array(m2);
    for (let a = 0; a < m2; a++) compR[a] = this.comp[restCols[a]!]!;
    // rest × rest blocks
    for (let b = 0; b < m2; b++) {
      const kb = compR[b]!;
      if (kb < 0) continue;
      for (let a = 0; a < m2; a++) {
        const ka = compR[a]!;
        if (ka < 0) continue;
        const z = Si[b * m2 + a]!;
        out[ka * kv + kb]! += z * z;
      }
    }
    const { leadLead, leadTrailing } = sch.leadBlockNorms();
    for (let b = 0; b < m2; b++) {
      const kb = compR[b]!;
      if (kb < 0) continue;
      out[lead * kv + kb]! += leadTrailing[b]!;
      out[kb * kv + lead]! += leadTrailing[b]!;
    }
    out[lead * kv + lead] = leadLead;
    return out;
  }
}

/**
 * The block-lead Schur path: the lead component has d × d level blocks
 * M_ll (d > 1). With R_l = chol(M_ll) and P = blockdiag(R_l, I), M = P M̃ Pᵀ
 * where M̃'s lead block is the identity and its lead–trailing entries are
 * R_l⁻¹M_l·; M̃'s pattern is M's without the within-level off-diagonals.
 */
interface BlockLead {
  s0: number;
  q1: number;
  d: number;
  /** pattern of M̃ (values: 1 on the pattern, for the analysis) */
  pattern: CscMatrix;
  /** M̃'s values, refilled per factorization */
  values: Float64Array;
  /**
   * per M̃ entry: 0 copy M, 1 lead diagonal, 2 lead row (first of its level's d rows in a trailing column),
   * 3 trailing row of a lead column (not filled: the Schur factor reads C from the trailing columns), 4 lead row (not first)
   */
  kind: Uint8Array;
  /** per M̃ entry: source index in M's values (kinds 0, 2, 4) */
  src: Int32Array;
  /** per level, index in M's values of entry (a, b) of M_ll (column-major: b·d + a) */
  mll: Int32Array;
  /** R_l (row-major lower d × d) per level */
  R: Float64Array;
}

function blockLeadPattern(colPtr: Int32Array, rowIdx: Int32Array, s0: number, q1: number, d: number): BlockLead {
  const q = colPtr.length - 1;
  const inLead = (i: number): boolean => i >= s0 && i < s0 + q1;
  const ptr = new Int32Array(q + 1);
  const rowBuf = new Int32Array(colPtr[q]!);
  const srcBuf = new Int32Array(colPtr[q]!);
  const mll = new Int32Array(q1 * d);
  let nnz = 0;
  for (let j = 0; j < q; j++) {
    for (let t = colPtr[j]!; t < colPtr[j + 1]!; t++) {
      const i = rowIdx[t]!;
      if (inLead(i) && inLead(j)) {
        const l = Math.floor((j - s0) / d);
        mll[l * d * d + ((j - s0) % d) * d + (i - s0 - l * d)] = t;
        if (i !== j) continue;
      }
      rowBuf[nnz] = i;
      srcBuf[nnz++] = t;
    }
    ptr[j + 1] = nnz;
  }
  const rowArr = rowBuf.slice(0, nnz);
  const kind = new Uint8Array(nnz);
  const srcArr = srcBuf.slice(0, nnz);
  for (let j = 0; j < q; j++)
    for (let t = ptr[j]!; t < ptr[j + 1]!; t++) {
      const i = rowArr[t]!;
      if (inLead(i) && inLead(j)) kind[t] = 1;
      else if (inLead(i)) kind[t] = (i - s0) % d === 0 ? 2 : 4;
      else if (inLead(j)) kind[t] = 3;
    }
  const pattern = new CscMatrix(q, q, ptr, rowArr, new Float64Array(nnz).fill(1));
  return { s0, q1, d, pattern, values: new Float64Array(nnz), kind, src: srcArr, mll, R: new Float64Array(q1 * d) };
}

/** Per lead column s0 + k: [lo, hi) of the rows of its level (s0 + ⌊k/d⌋d … + d − 1) in the column's sorted row list. */
function levelRanges(colPtr: Int32Array, rowIdx: Int32Array, s0: number, q1: number, d: number): Int32Array {
  const out = new Int32Array(2 * q1);
  for (let k = 0; k < q1; k++) {
    const r0 = s0 + k - (k % d);
    let lo = colPtr[s0 + k]!;
    const end = colPtr[s0 + k + 1]!;
    while (lo < end && rowIdx[lo]! < r0) lo++;
    let hi = lo;
    while (hi < end && rowIdx[hi]! < r0 + d) hi++;
    out[2 * k] = lo;
    out[2 * k + 1] = hi;
  }
  return out;
}

/** The inverse of a lower-triangular d × d matrix (row-major), lower triangular. */
function lowerInverse(T: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    // column c of T⁻¹: forward substitution on e_c
    out[c * d + c] = 1 / T[c * d + c]!;
    for (let a = c + 1; a < d; a++) {
      let v = 0;
      for (let e = c; e < a; e++) v -= T[a * d + e]! * out[e * d + c]!;
      out[a * d + c] = v / T[a * d + a]!;
    }
  }
  return out;
}

/** X = Xᵀ in place (n × n), by 32 × 32 tiles. */
function transposeInPlace(X: Float64Array, n: number): void {
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B)
    for (let j0 = i0; j0 < n; j0 += B)
      for (let i = i0; i < Math.min(i0 + B, n); i++)
        for (let j = Math.max(j0, i + 1); j < Math.min(j0 + B, n); j++) {
          const t = X[i * n + j]!;
          X[i * n + j] = X[j * n + i]!;
          X[j * n + i] = t;
        }
}

/** M̃'s values from M's (see {@link BlockLead}); returns 2 Σ log|R_l|, or NaN when some M_ll is not positive definite. */
function blockLeadTransform(b: BlockLead, mv: Float64Array): number {
  const { d, q1, kind, src, mll, R, values } = b;
  const nl = q1 / d;
  let logdet = 0;
  for (let l = 0; l < nl; l++) {
    const o = l * d * d;
    // R_l = chol(M_ll), row-major lower
    for (let a = 0; a < d; a++)
      for (let c = 0; c <= a; c++) {
        let v = mv[mll[o + c * d + a]!]!;
        for (let e = 0; e < c; e++) v -= R[o + a * d + e]! * R[o + c * d + e]!;
        if (a === c) {
          if (!(v > 0)) return NaN;
          R[o + a * d + a] = Math.sqrt(v);
          logdet += Math.log(v);
        } else R[o + a * d + c] = v / R[o + c * d + c]!;
      }
  }
  for (let t = 0; t < values.length; t++) {
    const k = kind[t]!;
    if (k === 0) values[t] = mv[src[t]!]!;
    else if (k === 1) values[t] = 1;
    else if (k === 2) {
      // the level's d rows of this trailing column are t … t+d−1: forward solve with R_l
      const l = Math.floor((b.pattern.rowIdx[t]! - b.s0) / d);
      const o = l * d * d;
      for (let a = 0; a < d; a++) {
        let v = mv[src[t + a]!]!;
        for (let e = 0; e < a; e++) v -= R[o + a * d + e]! * values[t + e]!;
        values[t + a] = v / R[o + a * d + a]!;
      }
    }
  }
  // kind 3 (lead columns' trailing rows) is left unset: the Schur factor reads C from the trailing columns
  return logdet;
}

/** x_l ← R_l⁻¹x_l (forward) or R_l⁻ᵀx_l (transposed) on every lead level. */
function leadSolve(b: BlockLead, x: Float64Array, transposed: boolean): void {
  const { s0, q1, d, R } = b;
  for (let l = 0; l < q1 / d; l++) {
    const o = l * d * d;
    const x0 = s0 + l * d;
    if (!transposed)
      for (let a = 0; a < d; a++) {
        let v = x[x0 + a]!;
        for (let e = 0; e < a; e++) v -= R[o + a * d + e]! * x[x0 + e]!;
        x[x0 + a] = v / R[o + a * d + a]!;
      }
    else
      for (let a = d - 1; a >= 0; a--) {
        let v = x[x0 + a]!;
        for (let e = a + 1; e < d; e++) v -= R[o + e * d + a]! * x[x0 + e]!;
        x[x0 + a] = v / R[o + a * d + a]!;
      }
  }
}

/** (M⁻¹)_ll = R_l⁻ᵀ(M̃⁻¹)_ll R_l⁻¹ for every lead level (row-major d × d each). */
function leadInverseBlocks(b: BlockLead, sch: SchurFactor): Float64Array {
  const { q1, d, R } = b;
  const nl = q1 / d;
  const out = new Float64Array(nl * d * d);
  const B = new Float64Array(d * d);
  const col = new Float64Array(d);
  const all = sch.leadBlocksInverse(d);
  for (let l = 0; l < nl; l++) {
    B.set(all.subarray(l * d * d, (l + 1) * d * d));
    const o = l * d * d;
    // X = R⁻ᵀ B R⁻¹: columns of Y = R⁻ᵀB, then rows of X = (R⁻ᵀ Yᵀ)ᵀ (B, X symmetric)
    for (let pass = 0; pass < 2; pass++)
      for (let c = 0; c < d; c++) {
        for (let a = 0; a < d; a++) col[a] = pass === 0 ? B[a * d + c]! : B[c * d + a]!;
        for (let a = d - 1; a >= 0; a--) {
          let v = col[a]!;
          for (let e = a + 1; e < d; e++) v -= R[o + e * d + a]! * col[e]!;
          col[a] = v / R[o + a * d + a]!;
        }
        for (let a = 0; a < d; a++) {
          if (pass === 0) B[a * d + c] = col[a]!;
          else out[o + c * d + a] = col[a]!;
        }
      }
  }
  return out;
}

/**
 * A = ZᵀZ (both triangles), B = ZᵀX and c = Zᵀy of a single-group design from
 * its rows: Z as CSR and its transpose, A column by column.
 */
function crossFromRows(des: GroupedDesign, lay: { starts: number[]; sizes: number[] }, q: number): { A: CscMatrix; B: Float64Array; c: Float64Array } {
  const p = des.p;
  const kRe = des.kRe;
  const rows = des.rows[0]!;
  const nr = rows.length;
  // Z as CSR (rows of the group) and its transpose, B = ZᵀX, c = Zᵀy
  const zPtr = new Int32Array(nr + 1);
  let zIdx = new Int32Array(Math.max(16, nr * (kRe + des.kVc)));
  let zVal = new Float64Array(zIdx.length);
  const B = new Float64Array(q * p);
  const cc = new Float64Array(q);
  const X = des.X;
  const yv = des.y;
  const Zre = des.Zre;
  const mats = des.vcMats.map((m) => m[0]!);
  let zn = 0;
  const push = (j: number, v: number): void => {
    if (zn === zIdx.length) {
      const ni = new Int32Array(2 * zn);
      ni.set(zIdx);
      zIdx = ni;
      const nv = new Float64Array(2 * zn);
      nv.set(zVal);
      zVal = nv;
    }
    zIdx[zn] = j;
    zVal[zn++] = v;
  };
  for (let i = 0; i < nr; i++) {
    const r = rows[i]!;
    for (let a = 0; a < kRe; a++) {
      const v = Zre[r * kRe + a]!;
      if (v !== 0) push(a, v);
    }
    for (let k = 0; k < mats.length; k++) {
      const mk = mats[k]!;
      const s0 = lay.starts[k]!;
      if (mk instanceof CsrMatrix) {
        const rp = mk.rowPtr;
        const ci = mk.colIdx;
        const vv = mk.values;
        for (let t = rp[i]!; t < rp[i + 1]!; t++) if (vv[t] !== 0) push(s0 + ci[t]!, vv[t]!);
      } else {
        const row = mk[i]!;
        for (let j = 0; j < row.length; j++) if (row[j] !== 0) push(s0 + j, row[j]!);
      }
    }
    zPtr[i + 1] = zn;
    // B(j, :) += z_ij X(r, :), c_j += z_ij y_r
    const xo = r * p;
    const yr = yv[r]!;
    for (let t = zPtr[i]!; t < zn; t++) {
      const j = zIdx[t]!;
      const v = zVal[t]!;
      for (let s = 0; s < p; s++) B[j * p + s]! += v * X[xo + s]!;
      cc[j]! += v * yr;
    }
  }
  const tPtr = new Int32Array(q + 1);
  for (let t = 0; t < zn; t++) tPtr[zIdx[t]! + 1]!++;
  for (let j = 0; j < q; j++) tPtr[j + 1]! += tPtr[j]!;
  const tRow = new Int32Array(zn);
  const tVal = new Float64Array(zn);
  const nx = tPtr.slice(0, q);
  for (let i = 0; i < nr; i++)
    for (let t = zPtr[i]!; t < zPtr[i + 1]!; t++) {
      const d = nx[zIdx[t]!]!++;
      tRow[d] = i;
      tVal[d] = zVal[t]!;
    }
  // A = ZᵀZ column by column: A(:, j) = Σ_{i ∈ col j} z_ij Z(i, :)ᵀ
  const acc = new Float64Array(q);
  const mark = new Int32Array(q).fill(-1);
  const aPtr = new Int32Array(q + 1);
  let aIdx = new Int32Array(Math.max(16, 4 * zn));
  let aVal = new Float64Array(aIdx.length);
  const lbuf = new Int32Array(q + 1);
  let nz = 0;
  for (let j = 0; j < q; j++) {
    let nl = 0;
    for (let t = tPtr[j]!; t < tPtr[j + 1]!; t++) {
      const i = tRow[t]!;
      const v = tVal[t]!;
      for (let s = zPtr[i]!; s < zPtr[i + 1]!; s++) {
        const r = zIdx[s]!;
        if (mark[r] !== j) {
          mark[r] = j;
          acc[r] = 0;
          lbuf[nl++] = r;
        }
        acc[r]! += v * zVal[s]!;
      }
    }
    // rows in increasing order: a scan of the marks when the column is dense (crossed designs), else a sort
    let list: Int32Array;
    if (nl * 16 > q) {
      let w = 0;
      for (let r = 0; r < q; r++) if (mark[r] === j) lbuf[w++] = r;
      list = lbuf.subarray(0, nl);
    } else list = lbuf.subarray(0, nl).sort();
    if (nz + nl > aIdx.length) {
      const na = new Int32Array(2 * (nz + nl));
      na.set(aIdx);
      aIdx = na;
      const nv = new Float64Array(na.length);
      nv.set(aVal);
      aVal = nv;
    }
    for (let t = 0; t < nl; t++) {
      const r = list[t]!;
      aIdx[nz] = r;
      aVal[nz++] = acc[r]!;
    }
    aPtr[j + 1] = nz;
  }
  return { A: new CscMatrix(q, q, aPtr, aIdx.slice(0, nz), aVal.slice(0, nz)), B, c: cc };
}
