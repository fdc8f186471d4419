/**
 * Approximate minimum degree ordering (Amestoy, Davis & Duff, SIAM J. Matrix
 * Anal. Appl. 17(4), 1996), written from the paper: a quotient graph of
 * variables and elements, approximate external degrees
 * `d̄ᵢ = min(n−k, d̄ᵢ + |Lp∖i|, |Aᵢ∖i| + |Lp∖i| + Σ_{e≠p} |Le∖Lp|)`,
 * element absorption (including aggressive absorption), and supervariable
 * detection by hashing. Rows denser than max(16, 10√n) are removed first and
 * ordered last (as AMD does). Adjacency lists are plain arrays, so no garbage
 * collection of a shared workspace is needed.
 */
import type { CscMatrix } from './csc.js';
import { DimensionMismatchError } from '../errors.js';

const VAR = 0; // principal variable
const NONPRINCIPAL = 1; // merged into another supervariable
const ELEMENT = 2; // eliminated, live element
const ABSORBED = 3; // eliminated, absorbed into a later element

/**
 * Fill-reducing ordering of the symmetric pattern of `A` (A + Aᵀ is used, the
 * diagonal is ignored). Returns `perm` with new index k ↔ original `perm[k]`.
 *
 * @example
 * ```ts
 * const perm = amd(A); // then factor P·A·Pᵀ with cholesky(A, { ordering: perm })
 * ```
 */
export function amd(A: CscMatrix): Int32Array {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('amd', 'a square matrix', `${A.nrow}x${A.ncol}`);
  const perm = new Int32Array(n);
  if (n === 0) return perm;

  // symmetric adjacency without the diagonal, duplicates removed
  const varAdj: number[][] = new Array(n);
  for (let i = 0; i < n; i++) varAdj[i] = [];
  const stamp = new Int32Array(n).fill(-1);
  {
    const cp = A.colPtr, ri = A.rowIdx;
    for (let j = 0; j < n; j++) {
      for (let p = cp[j]!; p < cp[j + 1]!; p++) {
        const i = ri[p]!;
        if (i === j) continue;
        varAdj[i]!.push(j);
        varAdj[j]!.push(i);
      }
    }
    for (let i = 0; i < n; i++) {
      const a = varAdj[i]!;
      let w = 0;
      for (let t = 0; t < a.length; t++) {
        const j = a[t]!;
        if (stamp[j] === i) continue;
        stamp[j] = i;
        a[w++] = j;
      }
      a.length = w;
    }
  }

  const elemAdj: number[][] = new Array(n);
  const elemVars: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    elemAdj[i] = [];
    elemVars[i] = [];
  }
  const status = new Uint8Array(n); // VAR
  const nv = new Int32Array(n).fill(1); // supervariable weights
  const deg = new Int32Array(n);
  const esize = new Int32Array(n); // weighted |Le|
  // members of each supervariable, as a chain
  const mnext = new Int32Array(n).fill(-1);
  const mtail = new Int32Array(n);
  for (let i = 0; i < n; i++) mtail[i] = i;

  // degree buckets (doubly linked)
  const head = new Int32Array(n + 1).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const insert = (i: number, d: number): void => {
    const h = head[d]!;
    next[i] = h;
    prev[i] = -1;
    if (h !== -1) prev[h] = i;
    head[d] = i;
  };
  const remove = (i: number): void => {
    const d = deg[i]!;
    const pv = prev[i]!, nx = next[i]!;
    if (pv !== -1) next[pv] = nx;
    else head[d] = nx;
    if (nx !== -1) prev[nx] = pv;
  };
  // dense rows (degree > max(16, 10√n)) are removed and ordered last, as in AMD
  const denseThreshold = Math.max(16, 10 * Math.sqrt(n));
  const dense: number[] = [];
  for (let i = 0; i < n; i++) if (varAdj[i]!.length > denseThreshold) dense.push(i);
  if (dense.length > 0) {
    for (const i of dense) status[i] = ABSORBED;
    for (let i = 0; i < n; i++) {
      if (status[i] !== VAR) continue;
      const a = varAdj[i]!;
      let w = 0;
      for (let t = 0; t < a.length; t++) if (status[a[t]!] === VAR) a[w++] = a[t]!;
      a.length = w;
    }
    for (const i of dense) varAdj[i] = [];
  }
  for (let i = 0; i < n; i++) {
    if (status[i] !== VAR) continue;
    deg[i] = varAdj[i]!.length;
    insert(i, deg[i]!);
  }

  const mark = new Int32Array(n).fill(-1); // Lp membership, stamped by pivot step
  const mark2 = new Int32Array(n).fill(-1); // supervariable comparison
  let stamp2 = 0;
  const w = new Float64Array(n); // w(e) − wflg = |Le ∖ Lp|
  let wflg = 1;
  const hhead = new Int32Array(n).fill(-1);
  const hnext = new Int32Array(n).fill(-1);
  const hval = new Int32Array(n);

  let nel = dense.length;
  let mindeg = 0;
  let out = 0;
  let step = 0;
  while (nel < n) {
    while (head[mindeg] === -1) mindeg++;
    const p = head[mindeg]!;
    remove(p);
    step++;

    // Lp = (Ap ∪ ⋃_{e∈Ep} Le) ∖ p; elements in Ep are absorbed into p
    mark[p] = step;
    const Lp: number[] = [];
    for (const j of varAdj[p]!) {
      if (status[j] === VAR && mark[j] !== step) {
        mark[j] = step;
        Lp.push(j);
      }
    }
    for (const e of elemAdj[p]!) {
      if (status[e] !== ELEMENT) continue;
      for (const j of elemVars[e]!) {
        if (status[j] === VAR && mark[j] !== step) {
          mark[j] = step;
          Lp.push(j);
        }
      }
      status[e] = ABSORBED;
      elemVars[e] = [];
    }
    status[p] = ELEMENT;
    varAdj[p] = [];
    elemAdj[p] = [];
    nel += nv[p]!;
    for (let m = p; m !== -1; m = mnext[m]!) perm[out++] = m;

    let degLp = 0;
    for (const i of Lp) {
      degLp += nv[i]!;
      remove(i);
    }
    esize[p] = degLp;

    // w(e) = |Le ∖ Lp| for every element adjacent to Lp
    if (wflg > 2 ** 52) {
      w.fill(0);
      wflg = 1;
    }
    for (const i of Lp) {
      const nvi = nv[i]!;
      for (const e of elemAdj[i]!) {
        if (status[e] !== ELEMENT || e === p) continue;
        if (w[e]! < wflg) w[e] = esize[e]! + wflg;
        w[e] = w[e]! - nvi;
      }
    }

    // prune lists, absorb, and bound the degree of each i ∈ Lp
    const remaining = n - nel;
    for (const i of Lp) {
      const ea = elemAdj[i]!;
      let we = 0;
      let degE = 0;
      for (const e of ea) {
        if (status[e] !== ELEMENT || e === p) continue;
        const ext = w[e]! - wflg;
        if (ext === 0) {
          // aggressive absorption: Le ⊆ Lp
          status[e] = ABSORBED;
          elemVars[e] = [];
          continue;
        }
        ea[we++] = e;
        degE += ext;
      }
      ea.length = we;
      ea.push(p);
      const va = varAdj[i]!;
      let wv = 0;
      let degV = 0;
      for (const j of va) {
        if (status[j] !== VAR || mark[j] === step) continue;
        va[wv++] = j;
        degV += nv[j]!;
      }
      va.length = wv;
      const nvi = nv[i]!;
      const lpOther = degLp - nvi;
      let d = Math.min(deg[i]! + lpOther, degV + degE + lpOther, remaining - nvi);
      if (d < 0) d = 0;
      deg[i] = d;
    }
    wflg += n + 1;

    // supervariable detection: hash on adjacency, then compare exactly
    for (const i of Lp) {
      let h = 0;
      for (const e of elemAdj[i]!) h += e;
      for (const j of varAdj[i]!) h += j;
      h %= n;
      hval[i] = h;
      hnext[i] = hhead[h]!;
      hhead[h] = i;
    }
    for (const i of Lp) {
      const h = hval[i]!;
      let list = hhead[h]!;
      if (list === -1) continue;
      hhead[h] = -1;
      // compare every pair in the bucket
      for (let a = list; a !== -1; a = hnext[a]!) {
        if (status[a] !== VAR) continue;
        const ea = elemAdj[a]!, va = varAdj[a]!;
        let marked = false;
        for (let b = hnext[a]!; b !== -1; b = hnext[b]!) {
          if (status[b] !== VAR) continue;
          const eb = elemAdj[b]!, vb = varAdj[b]!;
          if (eb.length !== ea.length || vb.length !== va.length) continue;
          if (!marked) {
            stamp2++;
            for (const x of ea) mark2[x] = stamp2;
            for (const x of va) mark2[x] = stamp2;
            marked = true;
          }
          let same = true;
          for (const x of eb) if (mark2[x] !== stamp2) { same = false; break; }
          if (same) for (const x of vb) if (mark2[x] !== stamp2) { same = false; break; }
          if (!same) continue;
          // b is indistinguishable from a: merge b into a
          nv[a] = nv[a]! + nv[b]!;
          deg[a] = Math.max(0, deg[a]! - nv[b]!);
          nv[b] = 0;
          status[b] = NONPRINCIPAL;
          elemAdj[b] = [];
          varAdj[b] = [];
          mnext[mtail[a]!] = b;
          mtail[a] = mtail[b]!;
        }
      }
      list = -1;
    }

    // reinsert principal variables of Lp; keep Le = principal part of Lp
    const Le: number[] = [];
    for (const i of Lp) {
      if (status[i] !== VAR) continue;
      Le.push(i);
      const d = Math.min(deg[i]!, n - nel - nv[i]!);
      deg[i] = d < 0 ? 0 : d;
      insert(i, deg[i]!);
      if (deg[i]! < mindeg) mindeg = deg[i]!;
    }
    elemVars[p] = Le;
  }
  for (const i of dense) perm[out++] = i;
  return perm;
}
