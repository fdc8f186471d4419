/**
 * Cholesky of a symmetric positive definite A whose leading block is
 * diagonal, by block elimination: A = [D C; Cᵀ A₂₂] (D diagonal, in the
 * order [lead, trailing]), S = A₂₂ − CᵀD⁻¹C = L₂₂L₂₂ᵀ dense, so
 * A = L Lᵀ with L = [D^½ 0; CᵀD^-½ L₂₂]. The Schur update runs in cache-sized
 * column blocks of S and S is factored by the blocked dense kernels (the
 * supernodal idea for crossed designs, where eliminating a large indicator
 * factor leaves a nearly dense trailing block). Pattern analysis once
 * ({@link analyzeSchur}), numeric refactorization per evaluation.
 */
import type { CscMatrix } from './csc.js';
import { gemm, gemmt, lauum, potrf, trsv, trtri } from './dense/index.js';
import { schurSymbolic, type SchurOptions, type SchurSymbolic } from './schur-symbolic.js';
import { SchurFactorBase } from './schur-base.js';
import { DimensionMismatchError, InvalidArgumentError, NotPositiveDefiniteError } from '../errors.js';

export type { SchurOptions, SchurSymbolic } from './schur-symbolic.js';

/** Width of the column blocks of the Schur update (m2 × 64 doubles stay in cache). */
const SCHUR_BLOCK = 64;
/** Fill of C above which the Schur update runs as one dense rank-q1 update (fully crossed designs). */
const DENSE_C = 0.25;

/**
 * Numeric block Cholesky bound to the pattern analysed by {@link analyzeSchur}.
 * Indices are in A's original ordering unless stated ("trailing position" a
 * is column `trailing[a]`).
 *
 * @example
 * ```ts
 * const F = analyzeSchur(A, 500);   // columns 0..499: diagonal block
 * F.refactorValues(A.values);       // numeric factorization
 * const x = F.solve(b);             // A x = b
 * F.logDet();                       // log |A|
 * const dg = F.diagInverse(new Float64Array(A.ncol)); // diag(A⁻¹)
 * ```
 */
export class SchurCholesky extends SchurFactorBase {
  /**
   * C's rows cut by column blocks of S (SCHUR_BLOCK columns): segment g holds
   * entries segFrom[g] … segTo[g]−1 of lead row segLead[g]; segments in block
   * order, rows increasing within a block, so an update walking them keeps the
   * block's columns in cache
   */
  private readonly segLead: Int32Array;
  private readonly segFrom: Int32Array;
  private readonly segTo: Int32Array;
  /** per lead column: −1/d_i (the Schur update's coefficient) */
  private readonly coef: Float64Array;
  /** L₂₂ (m2 × m2 column-major lower) */
  private readonly L: Float64Array;
  private liBuf: Float64Array | null = null;
  /** dense C D^-½ (m2 × q1, column-major) when C is dense enough, else null */
  private cd: Float64Array | null = null;
  private liValid = false;
  /** Y = L₂₂⁻¹(CD^-½) (m2 × q1, column-major) of the current factorization (dense C), or null */
  private yDense: Float64Array | null = null;

  constructor(S: SchurSymbolic) {
    super(S);
    ({ segLead: this.segLead, segFrom: this.segFrom, segTo: this.segTo } = columnBlockSegments(S));
    this.coef = new Float64Array(S.q1);
    this.L = new Float64Array(S.m2 * S.m2);
  }

  /**
   * Refactor from a values array aligned with the analysed pattern
   * (`values[t]` is A's t-th stored entry). Throws `NotPositiveDefiniteError`
   * naming the column (original ordering) and its pivot.
   *
   * @example
   * ```ts
   * const v = A.values.slice(); v[0] += 1;
   * F.refactorValues(v);
   * ```
   */
  refactorValues(values: Float64Array): void {
    this.gatherLead(values);
    const { q1, m2, cPtr, cA, m22Dst, m22Src } = this.symbolic;
    this.liValid = false;
    this.yDense = null;
    const { d, cV, L, coef } = this;
    for (let a = 0; a < m2; a++) L.fill(0, a * m2 + a, (a + 1) * m2);
    for (let e = 0; e < m22Dst.length; e++) L[m22Dst[e]!]! += values[m22Src[e]!]!;
    if (m2 >= 64 && cV.length >= DENSE_C * q1 * m2) {
      // dense C: S −= (CD^-½)(CD^-½)ᵀ as one lower rank-q1 update (gemmt on the dense kernels)
      const cd = (this.cd ??= new Float64Array(m2 * q1));
      cd.fill(0);
      for (let i = 0; i < q1; i++) {
        const f = 1 / Math.sqrt(d[i]!);
        for (let t = cPtr[i]!; t < cPtr[i + 1]!; t++) cd[i * m2 + cA[t]!] = cV[t]! * f;
      }
      gemmt(false, true, m2, q1, -1, cd, 0, m2, cd, 0, m2, L, 0, m2);
      return this.finishFactor();
    }
    this.cd = null;
    // S −= Σ_i c_i c_iᵀ/d_i (lower)
    for (let i = 0; i < q1; i++) coef[i] = -(1 / d[i]!);
    this.cliqueUpdate(coef, L);
    this.finishFactor();
  }

  /** M += Σ_i coef_i c_i c_iᵀ (lower part, m2 × m2 column-major). */
  private cliqueUpdate(coef: Float64Array, M: Float64Array): void {
    const { m2, cPtr, cA } = this.symbolic;
    const { cV, segLead, segFrom, segTo } = this;
    for (let g = 0; g < segLead.length; g++) {
      const i = segLead[g]!;
      const end = cPtr[i + 1]!;
      const f = coef[i]!;
      for (let t = segFrom[g]!; t < segTo[g]!; t++) {
        const col = cA[t]! * m2;
        const va = cV[t]! * f;
        for (let u = t; u < end; u++) M[col + cA[u]!]! += va * cV[u]!;
      }
    }
  }

  /** S = L₂₂L₂₂ᵀ and log|A| once S is assembled in L. */
  private finishFactor(): void {
    const { m2, tcol } = this.symbolic;
    const L = this.L;
    const info = potrf(m2, L, 0, m2);
    if (info !== 0) throw new NotPositiveDefiniteError(tcol[info - 1]!, L[(info - 1) * (m2 + 1)]!);
    // log|A| = Σ log d + 2 Σ log diag(L₂₂)
    let logdet = this.leadLogDet(0);
    for (let a = 0; a < m2; a++) logdet += 2 * Math.log(L[a * m2 + a]!);
    this.logdet = logdet;
    this.factored = true;
  }

  /** w = S⁻¹w = L₂₂⁻ᵀL₂₂⁻¹w. */
  protected solveTrailing(w: Float64Array): void {
    const { m2 } = this.symbolic;
    trsv(false, m2, this.L, 0, m2, w, 0);
    trsv(true, m2, this.L, 0, m2, w, 0);
  }

  /**
   * X = A⁻¹X in place for nrhs vectors stored one after another (column-major
   * n × nrhs): L₂₂ is streamed once for all right-hand sides.
   *
   * @example
   * ```ts
   * F.solveManyInPlace(X, 3); // X.length === 3 * n
   * ```
   */
  override solveManyInPlace(X: Float64Array, nrhs: number): void {
    const n = this.n;
    if (X.length < n * nrhs) throw new DimensionMismatchError('solveManyInPlace', `${n * nrhs} values`, `${X.length}`);
    if (nrhs === 1) return this.solveInPlace(X.subarray(0, n));
    this.ensureFactored();
    this.finishSolve(this.reduceForward(X, nrhs), nrhs, X, X);
  }

  /** Y = L₂₂⁻¹(B₂ − CᵀD⁻¹B₁) (m2 × k, row-major) for a column-major n × k block B. */
  private reduceForward(B: Float64Array, k: number): Float64Array {
    const m2 = this.trailingSize;
    const Y = new Float64Array(m2 * k);
    for (let s = 0; s < k; s++) this.reduceLead(B, s * this.n, Y, k, s);
    lowerSolveMany(m2, this.L, Y, k, false);
    return Y;
  }

  /** X = A⁻¹B from Y = {@link reduceForward}(B): x₂ = L₂₂⁻ᵀY (in Y), x₁ = D⁻¹(b₁ − Cx₂). */
  private finishSolve(Y: Float64Array, k: number, B: Float64Array, X: Float64Array): void {
    lowerSolveMany(this.trailingSize, this.L, Y, k, true);
    for (let s = 0; s < k; s++) this.backLead(Y, k, s, B, s * this.n, X);
  }

  /**
   * BᵀA⁻¹B (k × k, row-major, symmetric) for a column-major n × k block B:
   * Σ_i b₁b₁ᵀ/d_i + YᵀY with Y = L₂₂⁻¹(B₂ − CᵀD⁻¹B₁). B is not modified.
   * With `solution` (length n·k) it also receives A⁻¹B, finishing the solve from Y.
   *
   * @example
   * ```ts
   * const G = F.quadForm(R, 2); // G[s·2 + t] = r_sᵀA⁻¹r_t
   * const X = new Float64Array(R.length); F.quadForm(R, 2, X); // and X = A⁻¹R
   * ```
   */
  quadForm(B: Float64Array, k: number, solution?: Float64Array): Float64Array {
    this.ensureFactored();
    const n = this.n;
    if (B.length < n * k) throw new DimensionMismatchError('quadForm', `${n * k} values`, `${B.length}`);
    if (solution && solution.length < n * k) throw new DimensionMismatchError('quadForm solution', `${n * k} values`, `${solution.length}`);
    const Y = this.reduceForward(B, k);
    const out = this.leadGram(B, k, Y, k, 1);
    if (solution) this.finishSolve(Y, k, B, solution);
    return out;
  }

  /** L₂₂⁻¹ (m2 × m2 column-major lower), cached per factorization. */
  private trailingFactorInverse(): Float64Array {
    const m2 = this.trailingSize;
    const Li = (this.liBuf ??= new Float64Array(m2 * m2));
    if (this.liValid) return Li;
    trtri(m2, this.L, 0, m2, Li, 0, m2);
    this.liValid = true;
    return Li;
  }

  /** Si = S⁻¹ = L₂₂⁻ᵀL₂₂⁻¹ (lauum of the cached L₂₂⁻¹), mirrored. */
  protected invertTrailing(Si: Float64Array): void {
    const m2 = this.trailingSize;
    lauum(m2, this.trailingFactorInverse(), 0, m2, Si, 0, m2);
    for (let b = 0; b < m2; b++) for (let a = b + 1; a < m2; a++) Si[a * m2 + b] = Si[b * m2 + a]!;
  }

  /**
   * diag(S⁻¹) (length m2, trailing positions); same interface as the sparse-Schur factor.
   *
   * @example
   * ```ts
   * const dg = F.trailingInverseDiagonal(); // dg[a] = (A⁻¹)(trailing[a], trailing[a])
   * ```
   */
  trailingInverseDiagonal(): Float64Array {
    const m2 = this.trailingSize;
    const out = new Float64Array(m2);
    for (let a = 0; a < m2; a++) out[a] = this.trailingInverseAt(a, a);
    return out;
  }

  /** quad_i = c_iᵀS⁻¹c_i per lead column, cached per factorization. */
  protected leadQuad(): Float64Array {
    const quad = this.quad;
    if (this.quadValid) return quad;
    const { m2, cPtr, cA } = this.symbolic;
    const { cV, segLead, segFrom, segTo } = this;
    const Si = this.trailingInverse();
    // quad_i = Σ_t v_t² S⁻¹_tt + 2 Σ_{t<u} v_t v_u S⁻¹_tu (positions increasing:
    // column a_t, rows a_u), by column blocks of S⁻¹ as in the factorization
    quad.fill(0);
    for (let g = 0; g < segLead.length; g++) {
      const i = segLead[g]!;
      const end = cPtr[i + 1]!;
      let nz = 0;
      for (let t = segFrom[g]!; t < segTo[g]!; t++) {
        const sc = cA[t]! * m2;
        const vt = cV[t]!;
        let r = 0.5 * vt * Si[sc + cA[t]!]!;
        for (let u = t + 1; u < end; u++) r += cV[u]! * Si[sc + cA[u]!]!;
        nz += 2 * vt * r;
      }
      quad[i]! += nz;
    }
    this.quadValid = true;
    return quad;
  }

  /**
   * The whole of A⁻¹ (n × n, dense, symmetric, original ordering, row-major):
   * trailing S⁻¹, lead–trailing −D⁻¹CS⁻¹, lead–lead D⁻¹ + D⁻¹CS⁻¹CᵀD⁻¹ —
   * Σ nnz(c_i)·m2 + q1²·nnz(c) flops. For moderate n (the Hessian of block models).
   *
   * @example
   * ```ts
   * const Ai = F.denseInverse(); // Ai[i·n + j] = (A⁻¹)_ij
   * ```
   */
  denseInverse(): Float64Array {
    this.ensureFactored();
    const n = this.n;
    const { q1, m2, s0, tcol, cPtr, cA } = this.symbolic;
    const { cV, d } = this;
    const Si = this.trailingInverse();
    const out = new Float64Array(n * n);
    for (let b = 0; b < m2; b++) for (let a = 0; a < m2; a++) out[tcol[a]! * n + tcol[b]!] = Si[b * m2 + a]!;
    const cd = this.cd;
    if (cd) {
      // dense C, Y = L₂₂⁻¹(CD^-½): Z = S⁻¹(CD^-½) = L₂₂⁻ᵀY (upper triangular by row blocks) and G = YᵀY (lower)
      const Y = (this.yDense ??= this.trailingSolveDense(cd, q1));
      const Li = this.trailingFactorInverse();
      const Z = new Float64Array(m2 * q1);
      // Z(I, :) = L₂₂⁻¹(I₀:, I)ᵀ Y(I₀:, :)
      forRowBlocks(m2, (r0, r1) => gemm(true, false, r1 - r0, q1, m2 - r0, 1, Li, r0 + r0 * m2, m2, Y, r0, m2, 0, Z, r0, m2));
      const G = new Float64Array(q1 * q1);
      gemmt(true, false, q1, m2, 1, Y, 0, m2, Y, 0, m2, G, 0, q1);
      for (let i = 0; i < q1; i++) {
        const si = 1 / Math.sqrt(d[i]!);
        for (let a = 0; a < m2; a++) {
          const v = -Z[i * m2 + a]! * si;
          out[(s0 + i) * n + tcol[a]!] = v;
          out[tcol[a]! * n + s0 + i] = v;
        }
        for (let j = 0; j <= i; j++) {
          const v = (i === j ? 1 / d[i]! : 0) + (G[j * q1 + i]! * si) / Math.sqrt(d[j]!);
          out[(s0 + i) * n + s0 + j] = v;
          out[(s0 + j) * n + s0 + i] = v;
        }
      }
      return out;
    }
    // y_i = S⁻¹c_i/d_i (trailing positions): (A⁻¹)(lead i, trailing) = −y_i
    const Y = new Float64Array(q1 * m2);
    for (let i = 0; i < q1; i++) {
      const yi = Y.subarray(i * m2, (i + 1) * m2);
      const f = 1 / d[i]!;
      for (let t = cPtr[i]!; t < cPtr[i + 1]!; t++) {
        const col = cA[t]! * m2;
        const v = cV[t]! * f;
        for (let r = 0; r < m2; r++) yi[r]! += v * Si[col + r]!;
      }
      for (let a = 0; a < m2; a++) {
        out[(s0 + i) * n + tcol[a]!] = -yi[a]!;
        out[tcol[a]! * n + s0 + i] = -yi[a]!;
      }
    }
    // lead–lead: δ_ij/d_i + y_iᵀc_j/d_j
    for (let j = 0; j < q1; j++) {
      const f = 1 / d[j]!;
      for (let i = 0; i <= j; i++) {
        let v = 0;
        const yi = i * m2;
        for (let t = cPtr[j]!; t < cPtr[j + 1]!; t++) v += Y[yi + cA[t]!]! * cV[t]!;
        v *= f;
        if (i === j) v += f;
        out[(s0 + i) * n + s0 + j] = v;
        out[(s0 + j) * n + s0 + i] = v;
      }
    }
    return out;
  }

  /**
   * The k × k diagonal blocks of A⁻¹ over the lead columns taken k at a time
   * (q1/k blocks, row-major each, concatenated): with a dense C, one product
   * L₂₂⁻¹(CD^-½) on the dense kernels (a triangular product); else {@link leadBlockInverse} per block.
   *
   * @example
   * ```ts
   * const B = F.leadBlocksInverse(2); // (A⁻¹) on lead columns (0,1), (2,3), …
   * ```
   */
  leadBlocksInverse(k: number): Float64Array {
    const { q1, m2 } = this.symbolic;
    const { cd, d } = this;
    // c_aᵀS⁻¹c_b = y_aᵀy_b with Y = L₂₂⁻¹(CD^-½): a triangular product (no S⁻¹ = L₂₂⁻ᵀL₂₂⁻¹ needed)
    const out = this.leadBlocks(k, cd && ((ia, ib) => {
      const Y = (this.yDense ??= this.trailingSolveDense(cd, q1));
      let s = 0;
      for (let r = 0; r < m2; r++) s += Y[ia * m2 + r]! * Y[ib * m2 + r]!;
      return s / Math.sqrt(d[ia]! * d[ib]!);
    }));
    if (!cd) for (let l = 0; l < q1 / k; l++) this.leadBlockInverse(l * k, k, out.subarray(l * k * k, (l + 1) * k * k));
    return out;
  }

  /**
   * Y = L₂₂⁻¹B for a dense m2 × n block B (column-major, leading dimension m2):
   * the triangular product L₂₂⁻¹·B by row blocks on the dense kernels,
   * Y(I, :) = L₂₂⁻¹(I, 0:I₁)·B(0:I₁, :) — m2²n(1 + 1/nb) flops for nb row blocks.
   */
  private trailingSolveDense(B: Float64Array, n: number): Float64Array {
    const m2 = this.trailingSize;
    const Li = this.trailingFactorInverse();
    const Y = new Float64Array(m2 * n);
    forRowBlocks(m2, (r0, r1) => gemm(false, false, r1 - r0, n, r1, 1, Li, r0, m2, B, 0, m2, 0, Y, r0, m2));
    return Y;
  }

  /**
   * (S⁻¹)_ab = (A⁻¹)(trailing[a], trailing[b]) for trailing positions a, b:
   * from {@link trailingInverse} when it is current, else the column dot
   * product Σ_{r ≥ max(a,b)} (L₂₂⁻¹)_ra (L₂₂⁻¹)_rb (L₂₂⁻¹ cached; no m2³ product).
   *
   * @example
   * ```ts
   * F.trailingInverseAt(0, 1); // (A⁻¹)(trailing[0], trailing[1])
   * ```
   */
  trailingInverseAt(a: number, b: number): number {
    this.ensureFactored();
    const m2 = this.trailingSize;
    if (!(a >= 0 && a < m2 && b >= 0 && b < m2)) throw new InvalidArgumentError('a, b', `trailing positions ${a}, ${b} outside 0…${m2 - 1}`);
    if (this.siValid) return this.siBuf![b * m2 + a]!;
    const Li = this.trailingFactorInverse();
    const r0 = Math.max(a, b);
    const ca = a * m2;
    const cb = b * m2;
    let s = 0;
    for (let r = r0; r < m2; r++) s += Li[ca + r]! * Li[cb + r]!;
    return s;
  }

  /**
   * A k × k block of A⁻¹ among the lead columns i0 … i0+k−1 (local lead
   * indices), row-major: (A⁻¹)_ab = δ_ab/d_a + y_aᵀy_b/(d_a d_b) with
   * y_a = L₂₂⁻¹c_a (from the cached L₂₂⁻¹, columns from c_a's positions down) —
   * about nnz(c)·m2 flops per row.
   *
   * @example
   * ```ts
   * const B = F.leadBlockInverse(0, 2); // (A⁻¹) on lead columns 0, 1
   * ```
   */
  leadBlockInverse(i0: number, k: number, out: Float64Array = new Float64Array(k * k)): Float64Array {
    this.ensureFactored();
    const { q1, m2, cPtr, cA } = this.symbolic;
    if (!(i0 >= 0 && i0 + k <= q1)) throw new InvalidArgumentError('i0', `lead columns ${i0}…${i0 + k - 1} outside 0…${q1 - 1}`);
    const { cV, d } = this;
    const Li = this.trailingFactorInverse();
    const Yk = new Float64Array(k * m2);
    for (let a = 0; a < k; a++) {
      // y_a = L₂₂⁻¹c_a: column cA[t] of L₂₂⁻¹ is zero above row cA[t]
      const ya = a * m2;
      for (let t = cPtr[i0 + a]!; t < cPtr[i0 + a + 1]!; t++) {
        const c = cA[t]!;
        const col = c * m2;
        const v = cV[t]!;
        for (let r = c; r < m2; r++) Yk[ya + r]! += v * Li[col + r]!;
      }
      for (let b = 0; b <= a; b++) {
        const yb = b * m2;
        let s = 0;
        for (let r = 0; r < m2; r++) s += Yk[ya + r]! * Yk[yb + r]!;
        const da = d[i0 + a]!;
        const db = d[i0 + b]!;
        const v = (a === b ? 1 / da : 0) + s / (da * db);
        out[a * k + b] = v;
        out[b * k + a] = v;
      }
    }
    return out;
  }

  /** K = S⁻¹G, one dense m2³ product; G = Σ_i p_i p_iᵀ (p_i = c_i/d_i) in L₂₂⁻¹'s buffer. */
  protected inverseTimesG(Si: Float64Array): Float64Array {
    const { q1, m2 } = this.symbolic;
    const { d, coef } = this;
    const G = (this.liBuf ??= new Float64Array(m2 * m2)).fill(0);
    this.liValid = false;
    // lower part by column blocks, then mirrored
    for (let i = 0; i < q1; i++) coef[i] = 1 / (d[i]! * d[i]!);
    this.cliqueUpdate(coef, G);
    for (let bb = 0; bb < m2; bb++) for (let aa = bb + 1; aa < m2; aa++) G[aa * m2 + bb] = G[bb * m2 + aa]!;
    const K = new Float64Array(m2 * m2);
    gemm(false, false, m2, m2, m2, 1, Si, 0, m2, G, 0, m2, 0, K, 0, m2);
    return K;
  }

  /**
   * The lead diagonal D (length q1, lead i ↔ column leadStart + i) of the
   * current factorization; owned by the factor, do not modify.
   *
   * @example
   * ```ts
   * const d = F.leadDiagonal(); // d[i] = A(leadStart+i, leadStart+i)
   * ```
   */
  leadDiagonal(): Float64Array {
    this.ensureFactored();
    return this.d;
  }

  /**
   * The coupling C (lead rows × trailing positions) of the current
   * factorization, by lead row: entries ptr[i] … ptr[i+1]−1 of row i sit at
   * trailing positions `pos` (increasing) with `values`; owned by the factor.
   *
   * @example
   * ```ts
   * const { ptr, pos, values } = F.coupling();
   * ```
   */
  coupling(): { ptr: Int32Array; pos: Int32Array; values: Float64Array } {
    this.ensureFactored();
    return { ptr: this.symbolic.cPtr, pos: this.symbolic.cA, values: this.cV };
  }
}

/**
 * Analyse the pattern of a symmetric A (both triangles stored) whose block of
 * columns leadStart … leadStart + leadSize − 1 is diagonal; returns a factor
 * object with no values yet (call `refactorValues`). Throws
 * `InvalidArgumentError` when the block is not diagonal.
 *
 * @example
 * ```ts
 * const F = analyzeSchur(M, 2972);  // pattern once per model
 * F.refactorValues(M.values);       // per evaluation
 * ```
 */
export function analyzeSchur(A: CscMatrix, leadSize: number, options: SchurOptions = {}): SchurCholesky {
  return new SchurCholesky(schurSymbolic(A, leadSize, options));
}

/** The column-block segments of C's rows (see SchurCholesky's segLead): c_i's positions increase, ptr[i] walks them. */
function columnBlockSegments(S: SchurSymbolic): { segLead: Int32Array; segFrom: Int32Array; segTo: Int32Array } {
  const { q1, m2, cPtr, cA } = S;
  const lead: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const ptr = cPtr.slice(0, q1);
  for (let c0 = 0; c0 < m2; c0 += SCHUR_BLOCK) {
    const c1 = Math.min(m2, c0 + SCHUR_BLOCK);
    for (let i = 0; i < q1; i++) {
      let t = ptr[i]!;
      const end = cPtr[i + 1]!;
      if (t >= end || cA[t]! >= c1) continue;
      lead.push(i);
      from.push(t);
      while (t < end && cA[t]! < c1) t++;
      to.push(t);
      ptr[i] = t;
    }
  }
  return { segLead: Int32Array.from(lead), segFrom: Int32Array.from(from), segTo: Int32Array.from(to) };
}

/** body(r0, r1) for the nonempty row blocks [r0, r1) of about 128 rows that cover 0 … m − 1. */
function forRowBlocks(m: number, body: (r0: number, r1: number) => void): void {
  const nb = Math.max(1, Math.ceil(m / 128));
  for (let bi = 0; bi < nb; bi++) {
    const r0 = Math.floor((bi * m) / nb);
    const r1 = Math.floor(((bi + 1) * m) / nb);
    if (r1 > r0) body(r0, r1);
  }
}

/**
 * W = L⁻¹W (`trans` false) or L⁻ᵀW (true) for k right-hand sides at once, W
 * row-major n × k, L column-major lower (n × n): L is streamed once for all k.
 */
function lowerSolveMany(n: number, L: Float64Array, W: Float64Array, k: number, trans: boolean): void {
  if (!trans) {
    for (let j = 0; j < n; j++) {
      const cj = j * n;
      const ljj = L[cj + j]!;
      const wj = j * k;
      for (let s = 0; s < k; s++) W[wj + s]! /= ljj;
      for (let i = j + 1; i < n; i++) {
        const l = L[cj + i]!;
        if (l === 0) continue;
        const wi = i * k;
        for (let s = 0; s < k; s++) W[wi + s]! -= l * W[wj + s]!;
      }
    }
    return;
  }
  const acc = new Float64Array(k);
  for (let j = n - 1; j >= 0; j--) {
    const cj = j * n;
    const wj = j * k;
    for (let s = 0; s < k; s++) acc[s] = W[wj + s]!;
    for (let i = j + 1; i < n; i++) {
      const l = L[cj + i]!;
      if (l === 0) continue;
      const wi = i * k;
      for (let s = 0; s < k; s++) acc[s]! -= l * W[wi + s]!;
    }
    const ljj = L[cj + j]!;
    for (let s = 0; s < k; s++) W[wj + s] = acc[s]! / ljj;
  }
}
