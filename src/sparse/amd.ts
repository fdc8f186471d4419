/**
 * Approximate minimum degree ordering (Amestoy, Davis & Duff, SIAM J. Matrix
 * Anal. Appl. 17(4):886–905, 1996; ACM TOMS 30(3):381–388, 2004), written
 * from the papers (SuiteSparse AMD, BSD-3, was read for understanding).
 *
 * The quotient graph lives in one preallocated integer workspace `iw`
 * (1.2·nnz + n for a symmetric pattern given with both triangles, else
 * ≈ 2·nnz(A+Aᵀ) + n; compacted in place when it fills up). Variable i owns
 * `iw[pe[i] .. pe[i]+len[i]-1]`: first its `elen[i]` elements, then its
 * variables; element e owns the list Le of its variables. Per pivot me:
 *
 * - Lme = (Ame ∪ ⋃_{e∈Eme} Le) ∖ me; every e ∈ Eme is absorbed into me;
 * - scan 1: w(e) − wflg = |Le ∖ Lme| for every element adjacent to Lme;
 * - scan 2: d̄ᵢ = min(d̄ᵢ, |Aᵢ∖Lme| + Σ_{e≠me} |Le∖Lme|) + |Lme∖i|, capped by
 *   n − k − |i| (the approximate external degree); e with |Le∖Lme| = 0 is
 *   absorbed (aggressive absorption); i with nothing but me left is
 *   eliminated with me (mass elimination);
 * - supervariables: variables of Lme with equal hashes (Σ of their list) and
 *   equal lists are merged.
 *
 * Rows with more than max(16, α√n) entries (α = 10) are removed first and
 * ordered last. Work arrays are typed, allocated once per call.
 */
import type { CscMatrix } from './csc.js';
import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';

const EMPTY = -1;
/** flip(i) = −i − 2 marks a reference (flip(flip(i)) = i, flip(EMPTY) = EMPTY) */
const flip = (i: number): number => -i - 2;

/** Options of {@link amd} and {@link amdOrder}. */
export interface AmdOptions {
  /**
   * Dense-row threshold α: a row with more than max(16, α√n) off-diagonal
   * entries is ordered last without taking part in the elimination. Default
   * 10; negative: only rows with n − 1 entries count as dense.
   */
  dense?: number;
  /** Aggressive element absorption (default true). */
  aggressive?: boolean;
  /**
   * Constraint: the columns `start … start + size − 1` are eliminated before
   * all others (in index order, merged into supervariables only among
   * themselves), the rest by approximate minimum degree on the graph left
   * after their elimination. The result is then the AMD ordering of the Schur
   * complement of that block. No postorder is applied.
   */
  first?: { start: number; size: number };
}

/**
 * Fill-reducing ordering of the symmetric pattern of `A` (A + Aᵀ is used, the
 * diagonal is ignored). Returns `perm` with new index k ↔ original `perm[k]`.
 *
 * @example
 * ```ts
 * const perm = amd(A); // then factor P·A·Pᵀ with cholesky(A, { ordering: perm })
 * ```
 */
export function amd(A: CscMatrix, options: AmdOptions = {}): Int32Array {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('amd', 'a square matrix', `${A.nrow}x${A.ncol}`);
  return amdOrder(n, A.colPtr, A.rowIdx, options);
}

/**
 * {@link amd} on a bare pattern: column j lists rows `rowIdx[colPtr[j] … colPtr[j+1]−1]`
 * (any triangle or both; duplicates and the diagonal are ignored; indices in 0 … n−1).
 *
 * @example
 * ```ts
 * // path 0 – 1 – 2, upper triangle only
 * amdOrder(3, new Int32Array([0, 0, 1, 2]), new Int32Array([0, 1])); // a permutation of 0..2
 * ```
 */
export function amdOrder(n: number, colPtr: Int32Array, rowIdx: Int32Array, options: AmdOptions = {}): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('n', `must be a non-negative integer, got ${n}`);
  if (colPtr.length < n + 1) throw new DimensionMismatchError('amdOrder', `colPtr of length ${n + 1}`, `${colPtr.length}`);
  let s0 = 0;
  let s1 = 0;
  if (options.first !== undefined) {
    s0 = options.first.start;
    s1 = s0 + options.first.size;
    if (!Number.isInteger(s0) || !Number.isInteger(s1) || s0 < 0 || s1 < s0 || s1 > n) {
      throw new InvalidArgumentError('first', `column range [${s0}, ${s1}) is not inside [0, ${n})`);
    }
  }
  if (n === 0) return new Int32Array(0);

  const q = symmetricStrict(n, colPtr, rowIdx)
    ? copyOffDiagonal(n, colPtr, rowIdx)
    : symmetrize(n, colPtr, rowIdx);
  const { pe, len, next } = q;
  const pfree = q.pfree;
  let iw = q.iw;
  // elbow room ≥ 0.2·nnz + n
  let iwlen = iw.length;
  const want = pfree + Math.ceil(0.2 * pfree) + n;
  if (iwlen < want) {
    const grown = new Int32Array(want);
    grown.set(iw.subarray(0, pfree));
    iw = grown;
    iwlen = want;
  }
  const ws = new AmdWork(n, pe, iw, len, iwlen, pfree, next, s0, s1, options);
  while (ws.nel < n) eliminate(ws);
  return permutation(ws);
}

/** Quotient graph input: row i's neighbours in iw[pe[i] … pe[i]+len[i]−1], pfree entries in use. */
interface QuotientInput {
  pe: Int32Array;
  len: Int32Array;
  next: Int32Array;
  iw: Int32Array;
  pfree: number;
}

/**
 * True when every column is strictly increasing and the pattern equals its
 * transpose: walking the columns in order, each A(i, j) must be the next
 * unconsumed entry A(j, i) of column i. O(nnz), no allocation beyond n.
 */
function symmetricStrict(n: number, colPtr: Int32Array, rowIdx: Int32Array): boolean {
  const ptr = colPtr.slice(0, n);
  for (let j = 0; j < n; j++) {
    let prev = -1;
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
      const i = rowIdx[p]!;
      if (i <= prev || i < 0 || i >= n) return false;
      prev = i;
      const at = ptr[i]!;
      if (at >= colPtr[i + 1]! || rowIdx[at] !== j) return false;
      ptr[i] = at + 1;
    }
  }
  return true;
}

/** A symmetric pattern without its diagonal, copied column by column into iw (1.2·nnz + n). */
function copyOffDiagonal(n: number, colPtr: Int32Array, rowIdx: Int32Array): QuotientInput {
  const nz = colPtr[n]!;
  const iw = new Int32Array(nz + Math.ceil(0.2 * nz) + n);
  const pe = new Int32Array(n);
  const len = new Int32Array(n);
  let pfree = 0;
  for (let j = 0; j < n; j++) {
    pe[j] = pfree;
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
      const i = rowIdx[p]!;
      if (i !== j) iw[pfree++] = i;
    }
    len[j] = pfree - pe[j]!;
  }
  return { pe, len, next: new Int32Array(n), iw, pfree };
}

/** Pattern of A + Aᵀ without the diagonal, duplicates removed (any input: one triangle, both, unsorted). */
function symmetrize(n: number, colPtr: Int32Array, rowIdx: Int32Array): QuotientInput {
  const len = new Int32Array(n);
  let nzOff = 0;
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
      const i = rowIdx[p]!;
      if (i === j) continue;
      len[i]!++;
      len[j]!++;
      nzOff++;
    }
  }
  const pe = new Int32Array(n);
  const next = new Int32Array(n); // fill cursor
  const iw = new Int32Array(2 * nzOff + n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    pe[i] = pos;
    next[i] = pos;
    pos += len[i]!;
  }
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
      const i = rowIdx[p]!;
      if (i === j) continue;
      iw[next[i]!++] = j;
      iw[next[j]!++] = i;
    }
  }
  const mark = next; // mark[j] = i while compacting row i
  mark.fill(EMPTY);
  let pfree = 0;
  for (let i = 0; i < n; i++) {
    const p0 = pe[i]!, p1 = p0 + len[i]!;
    pe[i] = pfree;
    for (let p = p0; p < p1; p++) {
      const j = iw[p]!;
      if (mark[j] !== i) {
        mark[j] = i;
        iw[pfree++] = j;
      }
    }
    len[i] = pfree - pe[i]!;
  }
  return { pe, len, next, iw, pfree };
}

/**
 * State of one ordering: the quotient graph in `iw` and the per-node arrays.
 * The phases below are separate small functions (compiled and optimised
 * independently); each copies what it uses into locals.
 */
class AmdWork {
  readonly nv: Int32Array;
  readonly last: Int32Array;
  readonly head: Int32Array;
  /** hash buckets (size a power of two ≥ n, so that a mask replaces the modulus) */
  readonly hhead: Int32Array;
  readonly hmask: number;
  readonly elen: Int32Array;
  readonly degree: Int32Array;
  readonly w: Int32Array;
  /** elements in the order they were formed */
  readonly eorder: Int32Array;
  readonly aggressive: boolean;
  readonly wbig: number;
  ne = 0;
  nel = 0;
  mindeg = 0;
  lemax = 0;
  /** w[x] < wflg for all x */
  wflg = 2;
  fptr: number;
  // the current pivot
  me = EMPTY;
  elenme = 0;
  nvpiv = 0;
  degme = 0;
  pme1 = 0;
  pme2 = -1;

  constructor(
    readonly n: number,
    readonly pe: Int32Array,
    readonly iw: Int32Array,
    readonly len: Int32Array,
    readonly iwlen: number,
    public pfree: number,
    readonly next: Int32Array,
    readonly s0: number,
    readonly s1: number,
    options: AmdOptions,
  ) {
    const alpha = options.dense ?? 10;
    this.aggressive = options.aggressive ?? true;
    let dense = alpha < 0 ? n - 2 : alpha * Math.sqrt(n);
    dense = Math.min(n, Math.max(16, dense));
    this.wbig = 2147483647 - n;
    this.fptr = s0;
    const nv = (this.nv = new Int32Array(n).fill(1));
    const last = (this.last = new Int32Array(n).fill(EMPTY));
    const head = (this.head = new Int32Array(n).fill(EMPTY));
    let hsize = 1;
    while (hsize < n) hsize *= 2;
    this.hhead = new Int32Array(hsize).fill(EMPTY);
    this.hmask = hsize - 1;
    const elen = (this.elen = new Int32Array(n));
    const degree = (this.degree = new Int32Array(n));
    const w = (this.w = new Int32Array(n).fill(1));
    const eorder = (this.eorder = new Int32Array(n));
    next.fill(EMPTY);
    degree.set(len);
    // initial degree lists; empty rows are eliminated at once, dense rows set aside
    let nel = 0;
    let ne = 0;
    for (let i = 0; i < n; i++) {
      const deg = degree[i]!;
      if (deg === 0) {
        elen[i] = flip(1);
        nel++;
        pe[i] = EMPTY;
        w[i] = 0;
        eorder[ne++] = i;
      } else if (deg > dense && (i < s0 || i >= s1)) {
        nv[i] = 0;
        elen[i] = EMPTY;
        nel++;
        pe[i] = EMPTY;
      } else {
        const inext = head[deg]!;
        if (inext !== EMPTY) last[inext] = i;
        next[i] = inext;
        head[deg] = i;
      }
    }
    this.nel = nel;
    this.ne = ne;
  }
}

/** One pivot step: choose me, form Lme, update degrees, merge supervariables. */
function eliminate(ws: AmdWork): void {
  selectPivot(ws);
  if (ws.elenme === 0) formElementInPlace(ws);
  else formElement(ws);
  resetFlags(ws);
  scanExternal(ws);
  updateDegrees(ws);
  if (ws.degme > ws.lemax) ws.lemax = ws.degme;
  ws.wflg += ws.lemax;
  resetFlags(ws);
  detectSupervariables(ws);
  finishElement(ws);
}

/** Keep wflg + n representable: reset w to {0, 1} when wflg gets large. */
function resetFlags(ws: AmdWork): void {
  if (ws.wflg < ws.wbig) return;
  const w = ws.w;
  for (let x = 0; x < ws.n; x++) if (w[x] !== 0) w[x] = 1;
  ws.wflg = 2;
}

/** Unlink principal variable i from its degree list. */
function unlinkDegree(ws: AmdWork, i: number): void {
  const last = ws.last, next = ws.next;
  const ilast = last[i]!, inext = next[i]!;
  if (inext !== EMPTY) last[inext] = ilast;
  if (ilast !== EMPTY) next[ilast] = inext;
  else ws.head[ws.degree[i]!] = inext;
}

/** Pivot: the next constrained column, else a variable of least approximate degree. */
function selectPivot(ws: AmdWork): void {
  const nv = ws.nv, elen = ws.elen;
  let me = EMPTY;
  let f = ws.fptr;
  while (f < ws.s1 && !(nv[f]! > 0 && elen[f]! >= 0)) f++;
  ws.fptr = f;
  if (f < ws.s1) {
    me = f;
    unlinkDegree(ws, me);
  } else {
    const head = ws.head, n = ws.n;
    let deg = ws.mindeg;
    for (; deg < n; deg++) {
      me = head[deg]!;
      if (me !== EMPTY) break;
    }
    ws.mindeg = deg;
    const inext = ws.next[me]!;
    if (inext !== EMPTY) ws.last[inext] = EMPTY;
    head[deg] = inext;
  }
  ws.me = me;
  ws.elenme = elen[me]!;
  ws.nvpiv = nv[me]!;
  ws.nel += ws.nvpiv;
  nv[me] = -ws.nvpiv; // variables of Lme (and me) are flagged by nv < 0
  ws.degme = 0;
}

/** Lme when me is adjacent to no element: compress me's own list in place. */
function formElementInPlace(ws: AmdWork): void {
  const iw = ws.iw, nv = ws.nv, me = ws.me;
  const pme1 = ws.pe[me]!;
  let pme2 = pme1 - 1;
  const pend = pme1 + ws.len[me]!;
  let degme = 0;
  for (let p = pme1; p < pend; p++) {
    const i = iw[p]!;
    const nvi = nv[i]!;
    if (nvi > 0) {
      degme += nvi;
      nv[i] = -nvi;
      iw[++pme2] = i;
      unlinkDegree(ws, i);
    }
  }
  ws.degme = degme;
  ws.pme1 = pme1;
  ws.pme2 = pme2;
  setElement(ws);
}

/** Lme = me's variables ∪ ⋃_{e∈Eme} Le, built in the free space; each e is absorbed. */
function formElement(ws: AmdWork): void {
  const iw = ws.iw, nv = ws.nv, pe = ws.pe, len = ws.len, w = ws.w, me = ws.me;
  const elenme = ws.elenme;
  let p = pe[me]!;
  let pme1 = ws.pfree;
  let pfree = pme1;
  let degme = 0;
  const slenme = len[me]! - elenme;
  for (let knt1 = 1; knt1 <= elenme + 1; knt1++) {
    let e: number, pj: number, ln: number;
    if (knt1 > elenme) {
      e = me;
      pj = p;
      ln = slenme;
    } else {
      e = iw[p++]!;
      pj = pe[e]!;
      ln = len[e]!;
    }
    for (let knt2 = 1; knt2 <= ln; knt2++) {
      const i = iw[pj++]!;
      const nvi = nv[i]!;
      if (nvi <= 0) continue;
      if (pfree >= ws.iwlen) {
        // keep what is left of me's list and of Le, then compact iw
        pe[me] = p;
        len[me] = len[me]! - knt1;
        if (len[me] === 0) pe[me] = EMPTY;
        pe[e] = pj;
        len[e] = ln - knt2;
        if (len[e] === 0) pe[e] = EMPTY;
        ws.pfree = pfree;
        pme1 = compact(ws, pme1);
        pfree = ws.pfree;
        pj = pe[e]!;
        p = pe[me]!;
      }
      degme += nvi;
      nv[i] = -nvi;
      iw[pfree++] = i;
      unlinkDegree(ws, i);
    }
    if (e !== me) {
      pe[e] = flip(me); // e absorbed into me
      w[e] = 0;
    }
  }
  ws.pfree = pfree;
  ws.degme = degme;
  ws.pme1 = pme1;
  ws.pme2 = pfree - 1;
  setElement(ws);
}

/**
 * Garbage collection: slide every live list to the front of iw (each list's
 * first entry is replaced by flip(owner) to find it), then the partial Lme
 * that starts at pme1. Returns Lme's new start; updates pfree.
 */
function compact(ws: AmdWork, pme1: number): number {
  const iw = ws.iw, pe = ws.pe, len = ws.len, n = ws.n;
  for (let j = 0; j < n; j++) {
    const pn = pe[j]!;
    if (pn >= 0) {
      pe[j] = iw[pn]!;
      iw[pn] = flip(j);
    }
  }
  let psrc = 0;
  let pdst = 0;
  while (psrc < pme1) {
    const j = flip(iw[psrc++]!);
    if (j >= 0) {
      iw[pdst] = pe[j]!;
      pe[j] = pdst++;
      const lenj = len[j]!;
      for (let t = 0; t < lenj - 1; t++) iw[pdst++] = iw[psrc++]!;
    }
  }
  const start = pdst;
  for (psrc = pme1; psrc < ws.pfree; psrc++) iw[pdst++] = iw[psrc]!;
  ws.pfree = pdst;
  return start;
}

/** Record me as an element with list Lme = iw[pme1..pme2]. */
function setElement(ws: AmdWork): void {
  const me = ws.me;
  ws.degree[me] = ws.degme;
  ws.pe[me] = ws.pme1;
  ws.len[me] = ws.pme2 - ws.pme1 + 1;
  ws.elen[me] = flip(ws.nvpiv + ws.degme);
}

/** Scan 1: w(e) − wflg = |Le ∖ Lme| for every element e adjacent to a variable of Lme. */
function scanExternal(ws: AmdWork): void {
  const iw = ws.iw, nv = ws.nv, pe = ws.pe, elen = ws.elen, w = ws.w, degree = ws.degree;
  const wflg = ws.wflg;
  const pme1 = ws.pme1, pme2 = ws.pme2;
  for (let pme = pme1; pme <= pme2; pme++) {
    const i = iw[pme]!;
    const eln = elen[i]!;
    if (eln <= 0) continue;
    const nvi = -nv[i]!;
    const wnvi = wflg - nvi;
    const pi = pe[i]!;
    const pend = pi + eln;
    for (let p = pi; p < pend; p++) {
      const e = iw[p]!;
      const we = w[e]!;
      if (we >= wflg) w[e] = we - nvi;
      else if (we !== 0) w[e] = degree[e]! + wnvi;
    }
  }
}

/**
 * Scan 2: for each i ∈ Lme prune absorbed elements and Lme's variables from
 * its lists, bound its degree by |Aᵢ∖Lme| + Σ_{e≠me} |Le∖Lme|, absorb elements
 * with Le ⊆ Lme (aggressive absorption), eliminate i with me when nothing else
 * is adjacent (mass elimination), else put me first in i's list and hash i.
 */
function updateDegrees(ws: AmdWork): void {
  const iw = ws.iw, nv = ws.nv, pe = ws.pe, elen = ws.elen, len = ws.len, w = ws.w, degree = ws.degree;
  const next = ws.next, last = ws.last, hhead = ws.hhead;
  const wflg = ws.wflg, me = ws.me, hmask = ws.hmask, aggressive = ws.aggressive;
  const s0 = ws.s0, s1 = ws.s1;
  const meFirst = me >= s0 && me < s1;
  const fme = flip(me);
  let degme = ws.degme;
  const pme1 = ws.pme1, pme2 = ws.pme2;
  for (let pme = pme1; pme <= pme2; pme++) {
    const i = iw[pme]!;
    const p1 = pe[i]!;
    const p2 = p1 + elen[i]! - 1;
    let pn = p1;
    let hash = 0;
    let deg = 0;
    for (let p = p1; p <= p2; p++) {
      const e = iw[p]!;
      const we = w[e]!;
      if (we === 0) continue;
      const dext = we - wflg;
      if (dext > 0 || !aggressive) {
        deg += dext;
        iw[pn++] = e;
        hash += e;
      } else {
        pe[e] = fme; // aggressive absorption: Le ⊆ Lme
        w[e] = 0;
      }
    }
    const eln = pn - p1 + 1; // + me
    elen[i] = eln;
    const p3 = pn;
    const p4 = p1 + len[i]!;
    for (let p = p2 + 1; p < p4; p++) {
      const j = iw[p]!;
      const nvj = nv[j]!;
      if (nvj > 0) {
        deg += nvj;
        iw[pn++] = j;
        hash += j;
      }
    }
    if (eln === 1 && p3 === pn && (i >= s0 && i < s1) === meFirst) {
      // mass elimination: only me is left adjacent to i
      pe[i] = fme;
      const nvi = -nv[i]!;
      degme -= nvi;
      ws.nvpiv += nvi;
      ws.nel += nvi;
      nv[i] = 0;
      elen[i] = EMPTY;
    } else {
      if (deg < degree[i]!) degree[i] = deg;
      // me goes first in i's element list
      iw[pn] = iw[p3]!;
      iw[p3] = iw[p1]!;
      iw[p1] = me;
      len[i] = pn - p1 + 1;
      hash &= hmask;
      next[i] = hhead[hash]!;
      hhead[hash] = i;
      last[i] = hash;
    }
  }
  ws.degme = degme;
  ws.degree[me] = degme;
}

/** Merge variables of Lme with equal hash and identical lists (indistinguishable). */
function detectSupervariables(ws: AmdWork): void {
  const iw = ws.iw, nv = ws.nv, pe = ws.pe, elen = ws.elen, len = ws.len, w = ws.w;
  const next = ws.next, last = ws.last, hhead = ws.hhead;
  const s0 = ws.s0, s1 = ws.s1;
  let wflg = ws.wflg;
  const pme1 = ws.pme1, pme2 = ws.pme2;
  for (let pme = pme1; pme <= pme2; pme++) {
    let i = iw[pme]!;
    if (nv[i]! >= 0) continue;
    const hash = last[i]!;
    i = hhead[hash]!;
    hhead[hash] = EMPTY;
    while (i !== EMPTY && next[i] !== EMPTY) {
      const ln = len[i]!;
      const eln = elen[i]!;
      const pi = pe[i]!;
      const iFirst = i >= s0 && i < s1;
      for (let p = pi + 1; p < pi + ln; p++) w[iw[p]!] = wflg; // (skip me)
      let jlast = i;
      let j = next[i]!;
      while (j !== EMPTY) {
        let ok = len[j] === ln && elen[j] === eln && (j >= s0 && j < s1) === iFirst;
        const pj = pe[j]!;
        for (let p = pj + 1; ok && p < pj + ln; p++) if (w[iw[p]!] !== wflg) ok = false;
        if (ok) {
          // j is indistinguishable from i: merge j into i
          pe[j] = flip(i);
          nv[i] = nv[i]! + nv[j]!;
          nv[j] = 0;
          elen[j] = EMPTY;
          j = next[j]!;
          next[jlast] = j;
        } else {
          jlast = j;
          j = next[j]!;
        }
      }
      wflg++;
      i = next[i]!;
    }
  }
  ws.wflg = wflg;
}

/** Put Lme's principal variables back in the degree lists; Le(me) = those variables. */
function finishElement(ws: AmdWork): void {
  const iw = ws.iw, nv = ws.nv, degree = ws.degree, head = ws.head, next = ws.next, last = ws.last;
  const me = ws.me, degme = ws.degme;
  const pme1 = ws.pme1, pme2 = ws.pme2;
  let p = pme1;
  const nleft = ws.n - ws.nel;
  let mindeg = ws.mindeg;
  for (let pme = pme1; pme <= pme2; pme++) {
    const i = iw[pme]!;
    const nvi = -nv[i]!;
    if (nvi <= 0) continue;
    nv[i] = nvi;
    let deg = degree[i]! + degme - nvi;
    if (deg > nleft - nvi) deg = nleft - nvi;
    const inext = head[deg]!;
    if (inext !== EMPTY) last[inext] = i;
    next[i] = inext;
    last[i] = EMPTY;
    head[deg] = i;
    if (deg < mindeg) mindeg = deg;
    degree[i] = deg;
    iw[p++] = i;
  }
  ws.mindeg = mindeg;
  nv[me] = ws.nvpiv;
  ws.len[me] = p - pme1;
  if (p === pme1) {
    ws.pe[me] = EMPTY; // a root of the assembly tree
    ws.w[me] = 0;
  }
  if (ws.elenme !== 0) ws.pfree = p;
  ws.eorder[ws.ne++] = me;
}

/** Elements in elimination order, each preceded by the variables merged into it; dense rows last. */
function permutation(ws: AmdWork): Int32Array {
  const n = ws.n, nv = ws.nv, pe = ws.pe, eorder = ws.eorder, ne = ws.ne;
  // every non-principal variable points straight at its element (path compression)
  for (let i = 0; i < n; i++) {
    if (nv[i] !== 0 || pe[i] === EMPTY) continue;
    let e = flip(pe[i]!);
    while (nv[e] === 0) e = flip(pe[e]!);
    for (let j = i; nv[j] === 0; ) {
      const jn = flip(pe[j]!);
      pe[j] = flip(e);
      j = jn;
    }
  }
  const start = ws.head;
  let at = 0;
  for (let t = 0; t < ne; t++) {
    const e = eorder[t]!;
    start[e] = at;
    at += nv[e]!;
  }
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (nv[i] !== 0 || pe[i] === EMPTY) continue;
    const e = flip(pe[i]!);
    perm[start[e]!] = i;
    start[e] = start[e]! + 1;
  }
  for (let t = 0; t < ne; t++) {
    const e = eorder[t]!;
    perm[start[e]!] = e;
  }
  for (let i = 0; i < n; i++) if (nv[i] === 0 && pe[i] === EMPTY) perm[at++] = i;
  return perm;
}
