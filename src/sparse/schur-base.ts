/**
 * What the two Schur-complement factors share: A = [D C; Cᵀ A₂₂] (D diagonal,
 * lead block first in the analysed order), S = A₂₂ − CᵀD⁻¹C. The lead part —
 * gathering D and C, the eliminated solve x₂ = S⁻¹(b₂ − CᵀD⁻¹b₁),
 * x₁ = D⁻¹(b₁ − Cx₂), diag(A⁻¹) and the lead blocks' norms from
 * c_iᵀS⁻¹c_i — is written once here; the factor of S and its inverse are the
 * subclass's (dense: {@link SchurCholesky}, sparse: `SparseSchurCholesky`).
 */
import type { SchurSymbolic } from './schur-symbolic.js';
import { LinearSolver } from './solver.js';
import { DimensionMismatchError, InvalidArgumentError, NotPositiveDefiniteError } from '../errors.js';

/**
 * The lead-eliminated part of a Schur-complement Cholesky, bound to a
 * {@link SchurSymbolic}. Indices are in A's original ordering unless stated
 * ("trailing position" a is column `trailing[a]`).
 *
 * @example
 * ```ts
 * const F: SchurFactorBase = analyzeSchur(A, 500);
 * F.refactorValues(A.values);
 * F.solve(b); F.logDet(); F.diagInverse(new Float64Array(F.n));
 * ```
 */
export abstract class SchurFactorBase extends LinearSolver {
  /** dimension */
  readonly n: number;
  /** first column of the diagonal block */
  readonly leadStart: number;
  /** size of the diagonal block (q1) */
  readonly leadSize: number;
  /** size of the trailing block (m2) */
  readonly trailingSize: number;
  /** trailing position → original column */
  readonly trailing: Int32Array;
  /** the symbolic analysis */
  readonly symbolic: SchurSymbolic;
  /** D (lead diagonal) */
  protected readonly d: Float64Array;
  /** C values, aligned with symbolic.cA */
  protected readonly cV: Float64Array;
  /** c_iᵀS⁻¹c_i per lead column */
  protected readonly quad: Float64Array;
  /** scratch of length m2 */
  protected readonly w: Float64Array;
  protected factored = false;
  protected quadValid = false;
  /** S⁻¹ (dense m2 × m2) of the current factorization when siValid */
  protected siBuf: Float64Array | null = null;
  protected siValid = false;
  protected logdet = NaN;

  constructor(S: SchurSymbolic) {
    super();
    this.symbolic = S;
    this.n = S.n;
    this.leadStart = S.s0;
    this.leadSize = S.q1;
    this.trailingSize = S.m2;
    this.trailing = S.tcol;
    this.d = new Float64Array(S.q1);
    this.cV = new Float64Array(S.cA.length);
    this.quad = new Float64Array(S.q1);
    this.w = new Float64Array(S.m2);
  }

  /**
   * Refactor from a values array aligned with the analysed pattern
   * (`values[t]` is A's t-th stored entry). Throws `NotPositiveDefiniteError`
   * naming the column (original ordering) and its pivot.
   *
   * @example
   * ```ts
   * F.refactorValues(A.values);
   * ```
   */
  abstract refactorValues(values: Float64Array): void;

  /** D and C from A's values (D > 0 checked); the factor is stale until the subclass finishes. */
  protected gatherLead(values: Float64Array): void {
    const { q1, s0, dPos, cM, nnz } = this.symbolic;
    if (values.length < nnz) throw new DimensionMismatchError('refactorValues', `${nnz} values`, `${values.length}`);
    this.factored = this.quadValid = this.siValid = false;
    const { d, cV } = this;
    for (let i = 0; i < q1; i++) {
      const v = dPos[i]! >= 0 ? values[dPos[i]!]! : 0;
      if (!(v > 0) || !Number.isFinite(v)) throw new NotPositiveDefiniteError(s0 + i, v);
      d[i] = v;
    }
    for (let t = 0; t < cV.length; t++) cV[t] = values[cM[t]!]!;
  }

  /** Σ log d_i added to `logdet` (log|A| = log|D| + log|S|). */
  protected leadLogDet(logdet: number): number {
    const d = this.d;
    for (let i = 0; i < d.length; i++) logdet += Math.log(d[i]!);
    return logdet;
  }

  protected ensureFactored(): void {
    if (!this.factored) throw new InvalidArgumentError('factor', 'no valid numeric factorization (refactor first)');
  }

  /**
   * log |A| = Σ log d_i + log |S|.
   *
   * @example
   * ```ts
   * F.refactorValues(A.values); F.logDet();
   * ```
   */
  logDet(): number {
    this.ensureFactored();
    return this.logdet;
  }

  /** w = S⁻¹w (trailing positions). */
  protected abstract solveTrailing(w: Float64Array): void;

  /**
   * W[a·k + s] = (b₂ − CᵀD⁻¹b₁)_a (trailing position a) for the vector
   * b = B[o … o+n): column s of a row-major m2 × k block.
   */
  protected reduceLead(B: Float64Array, o: number, W: Float64Array, k: number, s: number): void {
    const { q1, m2, s0, tcol, cPtr, cA } = this.symbolic;
    const { d, cV } = this;
    for (let a = 0; a < m2; a++) W[a * k + s] = B[o + tcol[a]!]!;
    for (let i = 0; i < q1; i++) {
      const b = B[o + s0 + i]!;
      if (b === 0) continue;
      const f = b / d[i]!;
      for (let t = cPtr[i]!; t < cPtr[i + 1]!; t++) W[cA[t]! * k + s]! -= cV[t]! * f;
    }
  }

  /**
   * The rest of the solve from x₂ = W[a·k + s]: X[o + trailing[a]] = x₂ and
   * X[o + s0 + i] = (b₁ − Cx₂)_i/d_i with b₁ read from B[o + s0 …] (B may be X).
   */
  protected backLead(W: Float64Array, k: number, s: number, B: Float64Array, o: number, X: Float64Array): void {
    const { q1, m2, s0, tcol, cPtr, cA } = this.symbolic;
    const { d, cV } = this;
    for (let a = 0; a < m2; a++) X[o + tcol[a]!] = W[a * k + s]!;
    for (let i = 0; i < q1; i++) {
      let v = B[o + s0 + i]!;
      for (let t = cPtr[i]!; t < cPtr[i + 1]!; t++) v -= cV[t]! * W[cA[t]! * k + s]!;
      X[o + s0 + i] = v / d[i]!;
    }
  }

  /**
   * x = A⁻¹x in place (length ≥ n): x₂ = S⁻¹(b₂ − CᵀD⁻¹b₁), x₁ = D⁻¹(b₁ − Cx₂).
   *
   * @example
   * ```ts
   * const x = b.slice(); F.solveInPlace(x);
   * ```
   */
  solveInPlace(x: Float64Array): void {
    this.ensureFactored();
    if (x.length < this.n) throw new DimensionMismatchError('solveInPlace', `${this.n}`, `${x.length}`);
    const w = this.w;
    this.reduceLead(x, 0, w, 1, 0);
    this.solveTrailing(w);
    this.backLead(w, 1, 0, x, 0, x);
  }

  /**
   * BᵀA⁻¹B = Σ_i b₁b₁ᵀ/d_i + YᵀY (k × k, row-major) for a column-major n × k
   * block B, given the reduced trailing parts Y (entry (a, s) at Y[a·as + s·ss]).
   */
  protected leadGram(B: Float64Array, k: number, Y: Float64Array, as: number, ss: number): Float64Array {
    const { n, symbolic: { q1, m2, s0 }, d } = this;
    const out = new Float64Array(k * k);
    for (let s = 0; s < k; s++)
      for (let t = 0; t <= s; t++) {
        let v = 0;
        for (let i = 0; i < q1; i++) v += (B[s * n + s0 + i]! * B[t * n + s0 + i]!) / d[i]!;
        for (let a = 0; a < m2; a++) v += Y[a * as + s * ss]! * Y[a * as + t * ss]!;
        out[s * k + t] = v;
        out[t * k + s] = v;
      }
    return out;
  }

  /**
   * The k × k diagonal blocks of A⁻¹ over the lead columns taken k at a time
   * (q1/k blocks, row-major each, concatenated).
   *
   * @example
   * ```ts
   * const B = F.leadBlocksInverse(2); // (A⁻¹) on lead columns (0,1), (2,3), …
   * ```
   */
  abstract leadBlocksInverse(k: number): Float64Array;

  /**
   * The storage of {@link leadBlocksInverse} (k checked), filled when `term` is
   * given: (A⁻¹)_ab = δ_ab/d_a + term(a, b), term = c_aᵀS⁻¹c_b/(d_a d_b) (lead indices, b ≤ a).
   */
  protected leadBlocks(k: number, term: ((ia: number, ib: number) => number) | null): Float64Array {
    this.ensureFactored();
    const q1 = this.leadSize;
    if (q1 % k !== 0) throw new InvalidArgumentError('k', `${k} does not divide the lead size ${q1}`);
    const d = this.d;
    const out = new Float64Array(q1 * k);
    if (term)
      for (let o = 0; o < q1 * k; o += k * k)
        for (let a = 0; a < k; a++)
          for (let b = 0; b <= a; b++) {
            const i0 = o / k;
            const v = (a === b ? 1 / d[i0 + a]! : 0) + term(i0 + a, i0 + b);
            out[o + a * k + b] = v;
            out[o + b * k + a] = v;
          }
    return out;
  }

  /**
   * S⁻¹ = (A⁻¹)₂₂, the trailing block of A⁻¹ (m2 × m2, full symmetric,
   * column-major, trailing positions), cached per factorization. The array is
   * owned by the factor: valid until the next refactorization.
   *
   * @example
   * ```ts
   * const Si = F.trailingInverse(); // Si[b·m2 + a] = (A⁻¹)(trailing[a], trailing[b])
   * ```
   */
  trailingInverse(): Float64Array {
    this.ensureFactored();
    const m2 = this.trailingSize;
    const Si = (this.siBuf ??= new Float64Array(m2 * m2));
    if (!this.siValid) {
      this.invertTrailing(Si);
      this.siValid = true;
    }
    return Si;
  }

  /** Si = S⁻¹ (m2 × m2, full symmetric, column-major, trailing positions). */
  protected abstract invertTrailing(Si: Float64Array): void;

  /**
   * diag(S⁻¹) (length m2, trailing positions).
   *
   * @example
   * ```ts
   * const dg = F.trailingInverseDiagonal(); // dg[a] = (A⁻¹)(trailing[a], trailing[a])
   * ```
   */
  abstract trailingInverseDiagonal(): Float64Array;

  /** quad_i = c_iᵀS⁻¹c_i per lead column, cached per factorization. */
  protected abstract leadQuad(): Float64Array;

  /** K = S⁻¹G (m2 × m2, column-major) with G = Σ_i c_i c_iᵀ/d_i² = PᵀP (P = D⁻¹C), given Si = S⁻¹. */
  protected abstract inverseTimesG(Si: Float64Array): Float64Array;

  /**
   * diag(A⁻¹) into `out` (length n, original ordering): trailing
   * (A⁻¹)_jj = (S⁻¹)_jj, lead (A⁻¹)_ii = (1 + c_iᵀS⁻¹c_i/d_i)/d_i.
   *
   * @example
   * ```ts
   * const dg = F.diagInverse(new Float64Array(F.n));
   * ```
   */
  diagInverse(out: Float64Array): Float64Array {
    this.ensureFactored();
    if (out.length < this.n) throw new DimensionMismatchError('diagInverse', `${this.n}`, `${out.length}`);
    const { q1, m2, s0, tcol } = this.symbolic;
    const quad = this.leadQuad();
    const dg = this.trailingInverseDiagonal();
    for (let a = 0; a < m2; a++) out[tcol[a]!] = dg[a]!;
    const d = this.d;
    for (let i = 0; i < q1; i++) {
      const di = d[i]!;
      out[s0 + i] = (1 + quad[i]! / di) / di;
    }
    return out;
  }

  /**
   * Squared Frobenius norms of the lead blocks of A⁻¹ = [D⁻¹ + YPᵀ, −Y; −Yᵀ, S⁻¹]
   * (P = D⁻¹C, Y = PS⁻¹): `leadLead` = ‖(A⁻¹)₁₁‖² = Σd⁻² + 2Σ d_i⁻¹(YPᵀ)_ii + ‖YPᵀ‖²,
   * and `leadTrailing[b]` = Σ_i (A⁻¹)²(lead i, trailing b) = (YᵀY)_bb. With
   * G = PᵀP and K = S⁻¹G (Y never formed): YᵀY = S⁻¹GS⁻¹, ‖YPᵀ‖² = tr(KK),
   * Σ d_i⁻¹(YPᵀ)_ii = Σ c_iᵀS⁻¹c_i/d_i³. The trailing block is {@link trailingInverse}.
   *
   * @example
   * ```ts
   * const { leadLead, leadTrailing } = F.leadBlockNorms();
   * ```
   */
  leadBlockNorms(): { leadLead: number; leadTrailing: Float64Array } {
    this.ensureFactored();
    const { q1, m2 } = this.symbolic;
    const d = this.d;
    const Si = this.trailingInverse();
    const quad = this.leadQuad();
    let sdd = 0; // Σ d⁻²
    let sdy = 0; // Σ d_i⁻¹(YPᵀ)_ii = Σ c_iᵀS⁻¹c_i/d_i³
    for (let i = 0; i < q1; i++) {
      const di = d[i]!;
      sdd += 1 / (di * di);
      sdy += quad[i]! / (di * di * di);
    }
    const K = this.inverseTimesG(Si);
    const colSq = new Float64Array(m2);
    let kk = 0;
    for (let b = 0; b < m2; b++) {
      const kb = b * m2;
      let cs = 0;
      for (let a = 0; a < m2; a++) {
        // K column-major: K_ab = K[b·m2 + a]
        kk += K[kb + a]! * K[a * m2 + b]!;
        cs += K[a * m2 + b]! * Si[kb + a]!;
      }
      colSq[b] = cs;
    }
    return { leadLead: sdd + 2 * sdy + kk, leadTrailing: colSq };
  }
}
