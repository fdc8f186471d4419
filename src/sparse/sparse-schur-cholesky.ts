/**
 * Cholesky of a symmetric positive definite A whose leading block is diagonal,
 * by block elimination with a SPARSE Schur complement (path `sparse-schur` of
 * `factorizationCosts`): A = [D C; Cᵀ A₂₂] (D diagonal), S = A₂₂ − CᵀD⁻¹C
 * assembled on its fixed pattern pattern(A₂₂) ∪ ⋃ᵢ clique(N(i)) (N(i): the
 * trailing neighbours of lead column i) and factored by the supernodal
 * Cholesky in a fill-reducing trailing order (AMD). For nested designs
 * (teachers within schools) S is far from dense, so the work follows the fill
 * instead of m₂³/3.
 *
 * The score's quantities come from the selected inverse of S (Takahashi):
 * diag(S⁻¹), c_iᵀS⁻¹c_i (every pair of N(i) is an edge of S) and the lead
 * blocks. What needs all of S⁻¹ (the Hessian's block norms, a dense A⁻¹) goes
 * through a dense twin ({@link SchurCholesky}) refactored on demand from the
 * same values, once per call site.
 */
import { CscMatrix } from './csc.js';
import { amdOrder } from './amd.js';
import { schurSymbolic, type SchurSymbolic } from './schur-symbolic.js';
import { SchurFactorBase } from './schur-base.js';
import { SchurCholesky } from './schur-cholesky.js';
import { supernodalDiagonal, symbolicCholesky } from './symbolic.js';
import { CholeskyFactor } from './cholesky.js';
import { SelectedInverseWorkspace, selectedInverseAt, selectedInverseSupernodal } from './selected-inverse.js';
import { gemm, lauum, trtri } from './dense/index.js';
import { DimensionMismatchError, InvalidArgumentError, NotPositiveDefiniteError } from '../errors.js';

/** Fill of G = PᵀP (fraction of m2², both triangles) above which K = S⁻¹G runs as a dense product. */
const DENSE_G = 0.1;

/** Either Schur-complement factor (dense or sparse trailing block): the interface the inner solver uses. */
export type SchurFactor = SchurCholesky | SparseSchurCholesky;

/** Options of {@link analyzeSparseSchur}. */
export interface SparseSchurOptions {
  /** first column of the diagonal block (default 0) */
  leadStart?: number;
  /**
   * order of the trailing columns (every non-lead column once, original
   * indices), used as the fill-reducing order of S; default: AMD on A with
   * the lead columns constrained first (the `sparse-schur` ordering of `factorizationCosts`)
   */
  trailingOrder?: Int32Array;
}

/**
 * Numeric block Cholesky with a sparse trailing factor, bound to the pattern
 * analysed by {@link analyzeSparseSchur}. Same interface as
 * {@link SchurCholesky} (original ordering unless stated; trailing position a
 * is column `trailing[a]`).
 *
 * @example
 * ```ts
 * const F = analyzeSparseSchur(A, 500); // columns 0..499: diagonal block
 * F.refactorValues(A.values);
 * const x = F.solve(b);
 * F.logDet();
 * F.diagInverse(new Float64Array(A.ncol)); // from the selected inverse of S
 * ```
 */
export class SparseSchurCholesky extends SchurFactorBase {
  /** supernodal factor of S (trailing positions) */
  readonly trailingFactor: CholeskyFactor;
  /** S's pattern (lower: row ≥ column, trailing positions) and values */
  private readonly sPtr: Int32Array;
  private readonly sRow: Int32Array;
  private readonly sVal: Float64Array;
  /** per S entry: index of the A₂₂ entry in A's values, or −1 */
  private readonly sSrc: Int32Array;
  /** Cᵀ by trailing column: entries ctPtr[a] … of column a are C entries t (index into cA/cV) */
  private readonly ctPtr: Int32Array;
  private readonly ctT: Int32Array;
  private readonly ctLead: Int32Array;
  private sinv: SelectedInverseWorkspace | null = null;
  private lastValues: Float64Array | null = null;
  private twin: SchurCholesky | null = null;
  private sinvValid = false;
  private twinValid = false;

  constructor(S: SchurSymbolic, A: CscMatrix) {
    super(S);
    const { q1, m2, cPtr, cA } = S;
    // Cᵀ by trailing column
    const ctPtr = new Int32Array(m2 + 1);
    for (let t = 0; t < cA.length; t++) ctPtr[cA[t]! + 1]!++;
    for (let a = 0; a < m2; a++) ctPtr[a + 1]! += ctPtr[a]!;
    const ctT = new Int32Array(cA.length);
    const ctLead = new Int32Array(cA.length);
    const nx = ctPtr.slice(0, m2);
    for (let i = 0; i < q1; i++)
      for (let t = cPtr[i]!; t < cPtr[i + 1]!; t++) {
        const o = nx[cA[t]!]!++;
        ctT[o] = t;
        ctLead[o] = i;
      }
    this.ctPtr = ctPtr;
    this.ctT = ctT;
    this.ctLead = ctLead;
    // S's lower pattern: A₂₂'s entries plus the clique of each lead column's trailing neighbours
    const { sPtr, sRow, sSrc } = schurPattern(S, A, ctPtr, ctT, ctLead);
    this.sPtr = sPtr;
    this.sRow = sRow;
    this.sSrc = sSrc;
    this.sVal = new Float64Array(sRow.length);
    const Spat = new CscMatrix(m2, m2, sPtr, sRow, this.sVal);
    this.trailingFactor = CholeskyFactor.fromSymbolic(symbolicCholesky(Spat, { ordering: 'natural' }));
  }

  /** Nonzeros of S's lower triangle (its assembled pattern). */
  get schurNnz(): number {
    return this.sRow.length;
  }

  /**
   * Refactor from a values array aligned with the analysed pattern. Throws
   * `NotPositiveDefiniteError` naming the column (original ordering).
   *
   * @example
   * ```ts
   * F.refactorValues(A.values);
   * ```
   */
  refactorValues(values: Float64Array): void {
    this.gatherLead(values);
    const { tcol, nnz } = this.symbolic;
    this.sinvValid = this.twinValid = false;
    const sVal = this.sVal;
    // S(:, a) = A₂₂(:, a) − Σ_{i ∋ a} c_i (c_ia/d_i), rows ≥ a
    this.cliqueColumns(values, this.d, -1, sVal);
    try {
      this.trailingFactor.refactorValues(sVal);
    } catch (err) {
      if (err instanceof NotPositiveDefiniteError) throw new NotPositiveDefiniteError(tcol[err.column]!, err.pivot);
      throw err;
    }
    this.logdet = this.leadLogDet(this.trailingFactor.logDet());
    // a copy, for the dense twin made later on demand (the caller may reuse its array)
    (this.lastValues ??= new Float64Array(nnz)).set(values.subarray(0, nnz));
    this.factored = true;
  }

  /**
   * out[e] = A₂₂'s entry e (values null: 0) + sgn Σ_{i ∋ a} c_i c_ia/div_i on
   * S's lower pattern, column a by column through the dense accumulator w.
   */
  private cliqueColumns(values: Float64Array | null, div: Float64Array, sgn: number, out: Float64Array): void {
    const { m2, cPtr, cA } = this.symbolic;
    const { cV, w, sPtr, sRow, sSrc, ctPtr, ctT, ctLead } = this;
    for (let a = 0; a < m2; a++) {
      for (let e = sPtr[a]!; e < sPtr[a + 1]!; e++) w[sRow[e]!] = values && sSrc[e]! >= 0 ? values[sSrc[e]!]! : 0;
      for (let o = ctPtr[a]!; o < ctPtr[a + 1]!; o++) {
        const t = ctT[o]!;
        const i = ctLead[o]!;
        const f = (sgn * cV[t]!) / div[i]!;
        for (let u = t; u < cPtr[i + 1]!; u++) w[cA[u]!]! += f * cV[u]!;
      }
      for (let e = sPtr[a]!; e < sPtr[a + 1]!; e++) out[e] = w[sRow[e]!]!;
    }
  }

  /** w (trailing positions) = S⁻¹w through the supernodal factor. */
  protected solveTrailing(w: Float64Array): void {
    this.trailingFactor.solveInPlace(w);
  }

  /**
   * BᵀA⁻¹B (k × k, row-major) for a column-major n × k block B:
   * Σ_i b₁b₁ᵀ/d_i + YᵀY with Y = L_S⁻¹P(B₂ − CᵀD⁻¹B₁), and with `solution`
   * also A⁻¹B. B is not modified.
   *
   * @example
   * ```ts
   * const G = F.quadForm(R, 2);
   * const X = new Float64Array(R.length); F.quadForm(R, 2, X); // and X = A⁻¹R
   * ```
   */
  quadForm(B: Float64Array, k: number, solution?: Float64Array): Float64Array {
    this.ensureFactored();
    const n = this.n;
    if (B.length < n * k) throw new DimensionMismatchError('quadForm', `${n * k} values`, `${B.length}`);
    if (solution) {
      // the same interface as SchurCholesky.quadForm: X = A⁻¹B as well
      if (solution.length < n * k) throw new DimensionMismatchError('quadForm solution', `${n * k} values`, `${solution.length}`);
      solution.set(B.subarray(0, n * k));
      this.solveManyInPlace(solution, k);
    }
    const m2 = this.trailingSize;
    const w = this.w;
    const F = this.trailingFactor;
    const perm = F.perm;
    const Y = new Float64Array(m2 * k);
    for (let s = 0; s < k; s++) {
      this.reduceLead(B, s * n, w, 1, 0);
      const ys = Y.subarray(s * m2, (s + 1) * m2);
      for (let kk = 0; kk < m2; kk++) ys[kk] = w[perm[kk]!]!;
      F.solveL(ys);
    }
    return this.leadGram(B, k, Y, 1, m2);
  }

  /** The selected inverse of S (on the supernodal pattern of its factor), cached per factorization. */
  private selected(): SelectedInverseWorkspace {
    this.ensureFactored();
    const F = this.trailingFactor;
    const ws = (this.sinv ??= new SelectedInverseWorkspace(F.symbolic));
    if (!this.sinvValid) {
      selectedInverseSupernodal(F.symbolic, F.Lx, ws);
      this.sinvValid = true;
    }
    return ws;
  }

  /**
   * (S⁻¹)_ab = (A⁻¹)(trailing[a], trailing[b]) for trailing positions a, b
   * whose entry lies on the pattern of S's factor (S's own pattern included:
   * A₂₂'s entries and each lead column's neighbour clique); throws otherwise.
   *
   * @example
   * ```ts
   * F.trailingInverseAt(0, 0); // (S⁻¹)₀₀
   * ```
   */
  trailingInverseAt(a: number, b: number): number {
    const v = selectedInverseAt(this.trailingFactor.symbolic, this.selected().Zx, a, b);
    if (Number.isNaN(v)) throw new InvalidArgumentError('trailingInverseAt', `(${a}, ${b}) is not on the pattern of the factor of S`);
    return v;
  }

  /**
   * diag(S⁻¹) (length m2, trailing positions) from the selected inverse.
   *
   * @example
   * ```ts
   * const dg = F.trailingInverseDiagonal(); // dg[a] = (A⁻¹)(trailing[a], trailing[a])
   * ```
   */
  trailingInverseDiagonal(): Float64Array {
    const S = this.trailingFactor.symbolic;
    const dz = supernodalDiagonal(S, this.selected().Zx);
    const out = new Float64Array(this.trailingSize);
    for (let k = 0; k < dz.length; k++) out[S.perm[k]!] = dz[k]!;
    return out;
  }

  /**
   * quad_i = c_iᵀS⁻¹c_i per lead column from the selected inverse: column a of
   * S⁻¹ (rows ≥ a in the factor's order) is scattered into w, then every lead
   * column i with a ∈ N(i) takes its pairs (a, b), b after a. Cached per factorization.
   */
  protected leadQuad(): Float64Array {
    const quad = this.quad;
    if (this.quadValid) return quad;
    const ws = this.selected();
    const S = this.trailingFactor.symbolic;
    const { cPtr, cA } = this.symbolic;
    const { cV, w, ctPtr, ctT, ctLead } = this;
    const { perm, pinv, nsuper, superStart, superRowPtr, superRows, superValPtr } = S;
    const Zx = ws.Zx;
    quad.fill(0);
    for (let s = 0; s < nsuper; s++) {
      const f = superStart[s]!;
      const ns = superStart[s + 1]! - f;
      const r0 = superRowPtr[s]!;
      const m = superRowPtr[s + 1]! - r0;
      const base = superValPtr[s]!;
      for (let j = 0; j < ns; j++) {
        const k = f + j;
        const a = perm[k]!;
        if (ctPtr[a] === ctPtr[a + 1]) continue;
        for (let t = j; t < m; t++) w[perm[superRows[r0 + t]!]!] = Zx[base + j * m + t]!;
        for (let o = ctPtr[a]!; o < ctPtr[a + 1]!; o++) {
          const i = ctLead[o]!;
          const ta = ctT[o]!;
          const va = cV[ta]!;
          let r = 0.5 * va * w[a]!;
          for (let u = cPtr[i]!; u < cPtr[i + 1]!; u++) {
            const b = cA[u]!;
            if (pinv[b]! > k) r += cV[u]! * w[b]!;
          }
          quad[i]! += 2 * va * r;
        }
      }
    }
    this.quadValid = true;
    return quad;
  }

  /**
   * The k × k diagonal blocks of A⁻¹ over the lead columns taken k at a time
   * (row-major each, concatenated): (A⁻¹)_ab = δ_ab/d_a + c_aᵀS⁻¹c_b/(d_a d_b).
   * The lead columns of one block must share their trailing neighbours (as the
   * levels of a block-closed pattern do), so that every pair is on S's pattern.
   *
   * @example
   * ```ts
   * const B = F.leadBlocksInverse(2);
   * ```
   */
  leadBlocksInverse(k: number): Float64Array {
    const { cPtr, cA } = this.symbolic;
    const { cV, d } = this;
    return this.leadBlocks(k, (ia, ib) => {
      let s = 0;
      for (let t = cPtr[ia]!; t < cPtr[ia + 1]!; t++) {
        const vt = cV[t]!;
        if (vt === 0) continue;
        for (let u = cPtr[ib]!; u < cPtr[ib + 1]!; u++) s += vt * cV[u]! * this.trailingInverseAt(cA[t]!, cA[u]!);
      }
      return s / (d[ia]! * d[ib]!);
    });
  }

  /** The dense twin at the current values (one dense factorization of S, on demand). */
  private dense(): SchurCholesky {
    this.ensureFactored();
    const tw = (this.twin ??= new SchurCholesky(this.symbolic));
    if (!this.twinValid) {
      tw.refactorValues(this.lastValues!);
      this.twinValid = true;
    }
    return tw;
  }

  /**
   * out = S⁻¹ dense: the sparse factor L_S copied into a dense lower triangle,
   * then S⁻¹ = L_S⁻ᵀL_S⁻¹ on the dense kernels (trtri, lauum) — 2m2³/3 flops,
   * for the Hessian.
   */
  protected invertTrailing(out: Float64Array): void {
    const m2 = this.trailingSize;
    const F = this.trailingFactor;
    const S = F.symbolic;
    const { perm, nsuper, superStart, superRowPtr, superRows, superValPtr } = S;
    // L (factor order, column-major lower), then L⁻¹ and L⁻ᵀL⁻¹ (lower) on the dense kernels
    const L = new Float64Array(m2 * m2);
    for (let sn = 0; sn < nsuper; sn++) {
      const f = superStart[sn]!;
      const ns = superStart[sn + 1]! - f;
      const r0 = superRowPtr[sn]!;
      const m = superRowPtr[sn + 1]! - r0;
      const base = superValPtr[sn]!;
      for (let j = 0; j < ns; j++) for (let t = j; t < m; t++) L[(f + j) * m2 + superRows[r0 + t]!] = F.Lx[base + j * m + t]!;
    }
    const Li = new Float64Array(m2 * m2);
    trtri(m2, L, 0, m2, Li, 0, m2);
    lauum(m2, Li, 0, m2, L, 0, m2);
    // back to trailing positions, both triangles
    for (let kb = 0; kb < m2; kb++) {
      const b = perm[kb]!;
      for (let ka = kb; ka < m2; ka++) {
        const v = L[kb * m2 + ka]!;
        const a = perm[ka]!;
        out[b * m2 + a] = v;
        out[a * m2 + b] = v;
      }
    }
  }

  /**
   * K = S⁻¹G with G = PᵀP (P = D⁻¹C), which lives on S's pattern (the lead
   * cliques): a sparse-times-dense product (m2·nnz(G) flops instead of m2³).
   */
  protected inverseTimesG(Si: Float64Array): Float64Array {
    const { q1, m2 } = this.symbolic;
    const { d, sPtr, sRow } = this;
    const dd = new Float64Array(q1);
    for (let i = 0; i < q1; i++) dd[i] = d[i]! * d[i]!;
    // G (lower, on S's pattern) = Σ_i c_i c_iᵀ/d_i²
    const g = new Float64Array(sRow.length);
    this.cliqueColumns(null, dd, 1, g);
    const K = new Float64Array(m2 * m2);
    if (2 * sRow.length > DENSE_G * m2 * m2) {
      // G nearly dense (crossed designs): K = S⁻¹G as one product on the dense kernels
      const Gd = new Float64Array(m2 * m2);
      for (let a = 0; a < m2; a++)
        for (let e = sPtr[a]!; e < sPtr[a + 1]!; e++) {
          Gd[a * m2 + sRow[e]!] = g[e]!;
          Gd[sRow[e]! * m2 + a] = g[e]!;
        }
      gemm(false, false, m2, m2, m2, 1, Si, 0, m2, Gd, 0, m2, 0, K, 0, m2);
    } else {
      // K = S⁻¹G (column-major): K(:, a) += G_ba S⁻¹(:, b) and K(:, b) += G_ba S⁻¹(:, a) for b > a
      for (let a = 0; a < m2; a++)
        for (let e = sPtr[a]!; e < sPtr[a + 1]!; e++) {
          const b = sRow[e]!;
          const v = g[e]!;
          if (v === 0) continue;
          const ka = a * m2;
          const kb = b * m2;
          for (let r = 0; r < m2; r++) K[ka + r]! += v * Si[kb + r]!;
          if (b !== a) for (let r = 0; r < m2; r++) K[kb + r]! += v * Si[ka + r]!;
        }
    }
    return K;
  }

  /**
   * The whole of A⁻¹ (n × n, dense, row-major), through the dense twin.
   *
   * @example
   * ```ts
   * const Ai = F.denseInverse();
   * ```
   */
  denseInverse(): Float64Array {
    return this.dense().denseInverse();
  }
}

/**
 * Analyse the pattern of a symmetric A (both triangles stored) whose columns
 * leadStart … leadStart + leadSize − 1 form a diagonal block; returns a factor
 * with no values yet. Throws `InvalidArgumentError` when the block is not diagonal.
 *
 * @example
 * ```ts
 * const F = analyzeSparseSchur(M, 10732); // students first
 * F.refactorValues(M.values);
 * ```
 */
export function analyzeSparseSchur(A: CscMatrix, leadSize: number, options: SparseSchurOptions = {}): SparseSchurCholesky {
  const s0 = options.leadStart ?? 0;
  let order = options.trailingOrder;
  if (!order) {
    if (!Number.isInteger(s0) || s0 < 0 || !Number.isInteger(leadSize) || leadSize < 0 || s0 + leadSize > A.ncol) {
      throw new InvalidArgumentError('leadStart', `lead columns [${s0}, ${s0 + leadSize}) are not inside [0, ${A.ncol})`);
    }
    const p = amdOrder(A.ncol, A.colPtr, A.rowIdx, { first: { start: s0, size: leadSize } });
    order = p.subarray(leadSize);
  }
  return new SparseSchurCholesky(schurSymbolic(A, leadSize, { leadStart: s0, trailingOrder: order }), A);
}

/** Lower pattern of S (rows sorted), with the A₂₂ source of each entry. */
function schurPattern(S: SchurSymbolic, A: CscMatrix, ctPtr: Int32Array, ctT: Int32Array, ctLead: Int32Array): { sPtr: Int32Array; sRow: Int32Array; sSrc: Int32Array } {
  const { m2, cPtr, cA, tcol, tpos } = S;
  const mp = A.colPtr;
  const mr = A.rowIdx;
  const mark = new Int32Array(m2).fill(-1);
  const src = new Int32Array(m2).fill(-1);
  const sPtr = new Int32Array(m2 + 1);
  let sRow = new Int32Array(Math.max(16, mp[A.ncol]! + m2));
  let sSrc = new Int32Array(sRow.length);
  let nz = 0;
  const list = new Int32Array(m2);
  for (let a = 0; a < m2; a++) {
    let nl = 0;
    mark[a] = a;
    src[a] = -1;
    list[nl++] = a;
    // A₂₂(b, a), b ≥ a
    const j = tcol[a]!;
    for (let t = mp[j]!; t < mp[j + 1]!; t++) {
      const b = tpos[mr[t]!]!;
      if (b < a) continue;
      if (mark[b] !== a) {
        mark[b] = a;
        list[nl++] = b;
      }
      src[b] = t;
    }
    // the clique of every lead column with a among its neighbours (rows after a)
    for (let o = ctPtr[a]!; o < ctPtr[a + 1]!; o++) {
      const end = cPtr[ctLead[o]! + 1]!;
      for (let u = ctT[o]!; u < end; u++) {
        const b = cA[u]!;
        if (mark[b] !== a) {
          mark[b] = a;
          src[b] = -1;
          list[nl++] = b;
        }
      }
    }
    const rows = list.subarray(0, nl).sort();
    if (nz + nl > sRow.length) {
      const grow = Math.max(2 * sRow.length, nz + nl);
      const r2 = new Int32Array(grow);
      r2.set(sRow.subarray(0, nz));
      sRow = r2;
      const s2 = new Int32Array(grow);
      s2.set(sSrc.subarray(0, nz));
      sSrc = s2;
    }
    for (let t = 0; t < nl; t++) {
      sRow[nz] = rows[t]!;
      sSrc[nz++] = src[rows[t]!]!;
    }
    sPtr[a + 1] = nz;
  }
  return { sPtr, sRow: sRow.slice(0, nz), sSrc: sSrc.slice(0, nz) };
}
