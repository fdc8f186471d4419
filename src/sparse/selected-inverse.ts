/**
 * Selected inverse of a supernodal Cholesky factor (Takahashi, Fagan & Chin
 * 1973; Erisman & Tinney 1975): Z = A⁻¹ restricted to the pattern of L + Lᵀ.
 * With P·A·Pᵀ = L·Lᵀ and, for supernode s, L = [L11; L21] (rows R below),
 *   X = L11⁻¹,  U = L21·X,
 *   Z(R, s) = −Z(R, R)·U,
 *   Z(s, s) = XᵀX − Uᵀ·Z(R, s),
 * processed from the last supernode to the first. Z(R, R) is available because
 * R is a clique of the filled graph, covered by later supernodes.
 */
import { CscMatrix } from './csc.js';
import type { SymbolicCholesky } from './symbolic.js';
import { gemm, gemmt, lauum, trtri } from './dense/index.js';

/**
 * Storage and workspaces for repeated selected inversions of one symbolic
 * pattern, plus the map from supernodal storage to the output CSC pattern.
 *
 * @example
 * ```ts
 * const ws = new SelectedInverseWorkspace(S);
 * selectedInverseSupernodal(S, F.Lx, ws);
 * const Z = ws.toCsc();
 * ```
 */
export class SelectedInverseWorkspace {
  /** Z in the supernodal layout of L */
  readonly Zx: Float64Array;
  readonly X: Float64Array;
  readonly U: Float64Array;
  readonly Zrr: Float64Array;
  readonly relpos: Int32Array;
  private colPtr: Int32Array | null = null;
  private rowIdx: Int32Array | null = null;
  private zmap: Int32Array | null = null;

  constructor(private readonly S: SymbolicCholesky) {
    let maxBelow = 0;
    for (let s = 0; s < S.nsuper; s++) {
      const below = S.superRowPtr[s + 1]! - S.superRowPtr[s]! - (S.superStart[s + 1]! - S.superStart[s]!);
      if (below > maxBelow) maxBelow = below;
    }
    this.Zx = new Float64Array(S.superValPtr[S.nsuper]!);
    this.X = new Float64Array(Math.max(1, S.maxCols * S.maxCols));
    this.U = new Float64Array(Math.max(1, maxBelow * S.maxCols));
    this.Zrr = new Float64Array(Math.max(1, maxBelow * maxBelow));
    this.relpos = new Int32Array(S.n);
  }

  /** Build (once) the symmetric CSC pattern in the original ordering and its map into Zx. */
  private buildPattern(): void {
    const S = this.S;
    const n = S.n, perm = S.perm;
    const { nsuper, superStart, superRowPtr, superRows, superValPtr } = S;
    // (row, col, src) triplets of both triangles, radix-sorted by row then column
    let count = 0;
    for (let s = 0; s < nsuper; s++) {
      const ns = superStart[s + 1]! - superStart[s]!;
      const m = superRowPtr[s + 1]! - superRowPtr[s]!;
      count += 2 * (ns * m - (ns * (ns - 1)) / 2) - ns;
    }
    const tr = new Int32Array(count), tc = new Int32Array(count), ts = new Int32Array(count);
    let k = 0;
    for (let s = 0; s < nsuper; s++) {
      const f = superStart[s]!, ns = superStart[s + 1]! - f;
      const r0 = superRowPtr[s]!, m = superRowPtr[s + 1]! - r0;
      const base = superValPtr[s]!;
      for (let j = 0; j < ns; j++) {
        const c = perm[f + j]!;
        for (let t = j; t < m; t++) {
          const r = perm[superRows[r0 + t]!]!;
          const src = base + j * m + t;
          tr[k] = r; tc[k] = c; ts[k] = src; k++;
          if (t !== j) {
            tr[k] = c; tc[k] = r; ts[k] = src; k++;
          }
        }
      }
    }
    // counting sort by row (stable), then by column (stable): rows sorted in columns
    const byRow = new Int32Array(count);
    const cnt = new Int32Array(n + 1);
    for (let q = 0; q < count; q++) cnt[tr[q]! + 1] = cnt[tr[q]! + 1]! + 1;
    for (let i = 0; i < n; i++) cnt[i + 1] = cnt[i + 1]! + cnt[i]!;
    for (let q = 0; q < count; q++) byRow[cnt[tr[q]!]!++] = q;
    const colPtr = new Int32Array(n + 1);
    for (let q = 0; q < count; q++) colPtr[tc[q]! + 1] = colPtr[tc[q]! + 1]! + 1;
    for (let j = 0; j < n; j++) colPtr[j + 1] = colPtr[j + 1]! + colPtr[j]!;
    const pos = colPtr.slice(0, n);
    const rowIdx = new Int32Array(count);
    const zmap = new Int32Array(count);
    for (let t = 0; t < count; t++) {
      const q = byRow[t]!;
      const at = pos[tc[q]!]!++;
      rowIdx[at] = tr[q]!;
      zmap[at] = ts[q]!;
    }
    this.colPtr = colPtr;
    this.rowIdx = rowIdx;
    this.zmap = zmap;
  }

  /**
   * The current Z as a symmetric CSC matrix (both triangles, original ordering).
   * The pattern arrays are shared between calls; the values are fresh.
   *
   * @example
   * ```ts
   * const Z = ws.toCsc();
   * ```
   */
  toCsc(): CscMatrix {
    if (this.zmap === null) this.buildPattern();
    const zmap = this.zmap!;
    const vals = new Float64Array(zmap.length);
    const Zx = this.Zx;
    for (let q = 0; q < zmap.length; q++) vals[q] = Zx[zmap[q]!]!;
    return new CscMatrix(this.S.n, this.S.n, this.colPtr!, this.rowIdx!, vals);
  }
}

/**
 * Z = A⁻¹ on the supernodal pattern of L, written into `ws.Zx` (same layout as
 * `Lx`, lower trapezoid of each supernode, permuted ordering).
 *
 * @example
 * ```ts
 * selectedInverseSupernodal(F.symbolic, F.Lx, ws);
 * ```
 */
export function selectedInverseSupernodal(S: SymbolicCholesky, Lx: Float64Array, ws: SelectedInverseWorkspace): void {
  const { nsuper, superStart, superRowPtr, superRows, superValPtr, colToSuper } = S;
  const { Zx, X, U, Zrr, relpos } = ws;
  for (let s = nsuper - 1; s >= 0; s--) {
    const f = superStart[s]!, ns = superStart[s + 1]! - f;
    const r0 = superRowPtr[s]!, m = superRowPtr[s + 1]! - r0;
    const mb = m - ns;
    const base = superValPtr[s]!;
    if (ns === 1) {
      // scalar supernode: x = 1/l, u = l21·x, z21 = −Z(R,R)·u, z11 = x² − uᵀz21
      const x = 1 / Lx[base]!;
      for (let a = 0; a < mb; a++) {
        U[a] = Lx[base + 1 + a]! * x;
        Zx[base + 1 + a] = 0;
      }
      let tCur = -1, tM = 0;
      for (let b = 0; b < mb; b++) {
        const rb = superRows[r0 + 1 + b]!;
        const t = colToSuper[rb]!;
        if (t !== tCur) tM = markRows(S, (tCur = t), relpos);
        const col = superValPtr[t]! + (rb - superStart[t]!) * tM;
        const ub = U[b]!;
        let acc = Zx[col + relpos[rb]!]! * ub;
        for (let a = b + 1; a < mb; a++) {
          const v = Zx[col + relpos[superRows[r0 + 1 + a]!]!]!;
          acc += v * U[a]!;
          Zx[base + 1 + a] = Zx[base + 1 + a]! - v * ub;
        }
        Zx[base + 1 + b] = Zx[base + 1 + b]! - acc;
      }
      let z = x * x;
      for (let a = 0; a < mb; a++) z -= U[a]! * Zx[base + 1 + a]!;
      Zx[base] = z;
      continue;
    }
    // X = L11⁻¹
    trtri(ns, Lx, base, m, X, 0, ns);
    if (mb > 0) {
      // U = L21 · X
      gemm(false, false, mb, ns, ns, 1, Lx, base + ns, m, X, 0, ns, 0, U, 0, mb);
      // gather Z(R, R) (full, symmetric) from the later supernodes
      let tCur = -1, tM = 0;
      for (let b = 0; b < mb; b++) {
        const rb = superRows[r0 + ns + b]!;
        const t = colToSuper[rb]!;
        if (t !== tCur) tM = markRows(S, (tCur = t), relpos);
        const col = superValPtr[t]! + (rb - superStart[t]!) * tM;
        for (let a = b; a < mb; a++) {
          const v = Zx[col + relpos[superRows[r0 + ns + a]!]!]!;
          Zrr[a + b * mb] = v;
          Zrr[b + a * mb] = v;
        }
      }
      // Z(R, s) = −Z(R, R) · U
      gemm(false, false, mb, ns, mb, -1, Zrr, 0, mb, U, 0, mb, 0, Zx, base + ns, m);
      // Z(s, s) = XᵀX − Uᵀ Z(R, s)
      lauum(ns, X, 0, ns, Zx, base, m);
      gemmt(true, false, ns, mb, -1, U, 0, mb, Zx, base + ns, m, Zx, base, m);
    } else {
      lauum(ns, X, 0, ns, Zx, base, m);
    }
  }
}

/** relpos[r] = position of row r among supernode t's rows; returns their number. */
function markRows(S: SymbolicCholesky, t: number, relpos: Int32Array): number {
  const r0 = S.superRowPtr[t]!;
  const m = S.superRowPtr[t + 1]! - r0;
  for (let q = 0; q < m; q++) relpos[S.superRows[r0 + q]!] = q;
  return m;
}

/**
 * Entry (i, j) of A⁻¹ from a supernodal selected inverse `Zx` (filled by
 * {@link selectedInverseSupernodal}), i and j in A's original numbering;
 * NaN when (i, j) is not on the pattern of the factor.
 *
 * @example
 * ```ts
 * selectedInverseAt(F.symbolic, ws.Zx, 0, 0); // (A⁻¹)₀₀
 * ```
 */
export function selectedInverseAt(S: SymbolicCholesky, Zx: Float64Array, i: number, j: number): number {
  let pi = S.pinv[i]!;
  let pj = S.pinv[j]!;
  if (pj > pi) [pi, pj] = [pj, pi];
  const sn = S.colToSuper[pj]!;
  const r0 = S.superRowPtr[sn]!;
  const m = S.superRowPtr[sn + 1]! - r0;
  // rows of the supernode are sorted: binary search for pi
  let lo = 0;
  let hi = m - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (S.superRows[r0 + mid]! < pi) lo = mid + 1;
    else hi = mid;
  }
  return S.superRows[r0 + lo] === pi ? Zx[S.superValPtr[sn]! + (pj - S.superStart[sn]!) * m + lo]! : NaN;
}
