/**
 * Fill-reducing column orderings for sparse LU.
 *
 * Both orderings run a plain minimum-degree elimination (Rose; Tinney–Walker
 * scheme 2; George & Liu 1989) on an explicit symmetric graph:
 *
 * - `colamdLikeOrder(A)`: graph of AᵀA, built as a union of cliques, one per row
 *   of A (dense rows, with more than max(16, 10√n) entries, are skipped as in
 *   COLAMD). Any row pivoting then keeps the fill of L and U inside the Cholesky
 *   fill of AᵀA (George & Ng 1985).
 * - `symmetricOrder(A)`: graph of A + Aᵀ, for matrices whose pivots are mostly
 *   taken from the diagonal (symmetric indefinite, diagonally dominant).
 *
 * Dense nodes (degree > max(16, 10√n)) are left out of the graph and ordered last.
 * When the remaining graph is a clique the rest is ordered at once.
 */
import { CscMatrix } from './csc.js';
import { DimensionMismatchError } from '../errors.js';

/** Threshold above which a row (AᵀA) or node (A+Aᵀ) counts as dense. */
function denseThreshold(n: number): number {
  return Math.max(16, Math.floor(10 * Math.sqrt(n)));
}

/**
 * Column ordering for LU from minimum degree on the pattern of AᵀA.
 * Returns `q` with `q[k]` = original column eliminated at step k.
 *
 * @example
 * ```ts
 * const q = colamdLikeOrder(A); // use as lu(A, { ordering: q })
 * ```
 */
export function colamdLikeOrder(A: CscMatrix): Int32Array {
  const n = A.ncol;
  const m = A.nrow;
  const Ap = A.colPtr;
  const Ai = A.rowIdx;
  // row counts → transpose pattern (rows as cliques over columns)
  const rc = new Int32Array(m + 1);
  for (let p = 0; p < (Ap[n] ?? 0); p++) rc[(Ai[p] as number) + 1]!++;
  for (let i = 0; i < m; i++) rc[i + 1]! += rc[i]!;
  const Rj = new Int32Array(rc[m] ?? 0);
  const next = rc.slice(0, m);
  for (let j = 0; j < n; j++) {
    for (let p = Ap[j]!; p < Ap[j + 1]!; p++) Rj[next[Ai[p]!]!++] = j;
  }
  const dense = denseThreshold(n);
  // adjacency of AᵀA: union over sparse rows of the clique on their columns
  const adj: number[][] = Array.from({ length: n }, () => []);
  const mark = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    mark[j] = j;
    const aj = adj[j]!;
    for (let p = Ap[j]!; p < Ap[j + 1]!; p++) {
      const i = Ai[p]!;
      const r0 = rc[i]!;
      const r1 = rc[i + 1]!;
      if (r1 - r0 > dense) continue;
      for (let t = r0; t < r1; t++) {
        const c = Rj[t]!;
        if (mark[c] !== j) {
          mark[c] = j;
          aj.push(c);
        }
      }
    }
  }
  return minimumDegree(n, adj);
}

/**
 * Symmetric ordering from minimum degree on the pattern of A + Aᵀ (diagonal
 * ignored). Returns `q` with `q[k]` = original index eliminated at step k.
 *
 * @example
 * ```ts
 * const q = symmetricOrder(A); // use as lu(A, { ordering: q, pivotTolerance: 0.1 })
 * ```
 */
export function symmetricOrder(A: CscMatrix): Int32Array {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('symmetricOrder', 'square matrix', `${A.nrow}x${A.ncol}`);
  const Ap = A.colPtr;
  const Ai = A.rowIdx;
  const adj: number[][] = Array.from({ length: n }, () => []);
  const mark = new Int32Array(n).fill(-1);
  // entries (i,j) of A: j in adj[i] and i in adj[j]; dedupe afterwards
  for (let j = 0; j < n; j++) {
    for (let p = Ap[j]!; p < Ap[j + 1]!; p++) {
      const i = Ai[p]!;
      if (i === j) continue;
      adj[j]!.push(i);
      adj[i]!.push(j);
    }
  }
  for (let j = 0; j < n; j++) {
    const a = adj[j]!;
    let w = 0;
    for (let t = 0; t < a.length; t++) {
      const c = a[t]!;
      if (mark[c] !== j) {
        mark[c] = j;
        a[w++] = c;
      }
    }
    a.length = w;
  }
  return minimumDegree(n, adj);
}

/** Binary min-heap of (degree, node) with lazy deletion; ties broken by node. */
class DegreeHeap {
  private key: number[] = [];
  private node: number[] = [];
  get size(): number {
    return this.key.length;
  }
  push(k: number, v: number): void {
    const key = this.key;
    const node = this.node;
    let i = key.length;
    key.push(k);
    node.push(v);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = key[parent]!;
      const pv = node[parent]!;
      if (pk < k || (pk === k && pv <= v)) break;
      key[i] = pk;
      node[i] = pv;
      i = parent;
    }
    key[i] = k;
    node[i] = v;
  }
  /** Pops the minimum; returns node, and its key in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const key = this.key;
    const node = this.node;
    const topV = node[0]!;
    this.lastKey = key[0]!;
    const k = key.pop()!;
    const v = node.pop()!;
    const len = key.length;
    if (len > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= len) break;
        const c2 = c + 1;
        if (c2 < len && (key[c2]! < key[c]! || (key[c2] === key[c] && node[c2]! < node[c]!))) c = c2;
        const ck = key[c]!;
        const cv = node[c]!;
        if (k < ck || (k === ck && v <= cv)) break;
        key[i] = ck;
        node[i] = cv;
        i = c;
      }
      key[i] = k;
      node[i] = v;
    }
    return topV;
  }
}

/**
 * Minimum degree on an explicit elimination graph. `adj[v]` lists the
 * neighbours of v (no self loops, no duplicates); it is consumed.
 */
function minimumDegree(n: number, adj: number[][]): Int32Array {
  const order = new Int32Array(n);
  let k = 0;
  const dense = denseThreshold(n);
  const state = new Uint8Array(n); // 0 live, 1 eliminated, 2 dense (ordered last)
  const deg = new Int32Array(n);
  const denseNodes: number[] = [];
  for (let v = 0; v < n; v++) {
    if (adj[v]!.length > dense) {
      state[v] = 2;
      denseNodes.push(v);
    }
  }
  const heap = new DegreeHeap();
  for (let v = 0; v < n; v++) {
    if (state[v] !== 0) continue;
    const a = adj[v]!.filter((u) => state[u] === 0);
    adj[v] = a;
    deg[v] = a.length;
    heap.push(a.length, v);
  }
  let live = n - denseNodes.length;
  const seen = new Int32Array(n).fill(-1);
  let stamp = 0;
  while (live > 0) {
    const v = heap.pop();
    if (state[v] !== 0 || heap.lastKey !== deg[v]) continue; // stale entry
    if (deg[v] === live - 1) {
      // remaining graph is a clique: any order gives the same fill
      for (let u = 0; u < n; u++) if (state[u] === 0) order[k++] = u;
      break;
    }
    state[v] = 1;
    order[k++] = v;
    live--;
    // N = live neighbours of v; they become a clique
    const N = adj[v]!.filter((u) => state[u] === 0);
    adj[v] = [];
    for (const u of N) {
      const t = stamp++;
      const a = adj[u]!;
      let w = 0;
      for (let r = 0; r < a.length; r++) {
        const c = a[r]!;
        if (state[c] !== 0) continue;
        seen[c] = t;
        a[w++] = c;
      }
      a.length = w;
      for (const c of N) {
        if (c !== u && seen[c] !== t) {
          seen[c] = t;
          a.push(c);
        }
      }
      if (a.length !== deg[u]) {
        deg[u] = a.length;
        heap.push(a.length, u);
      }
    }
  }
  for (const v of denseNodes) order[k++] = v;
  return order;
}

/**
 * True when the pattern of square A equals the pattern of Aᵀ (values ignored;
 * A canonical).
 *
 * @example
 * ```ts
 * isPatternSymmetric(A) ? symmetricOrder(A) : colamdLikeOrder(A);
 * ```
 */
export function isPatternSymmetric(A: CscMatrix): boolean {
  const n = A.ncol;
  if (A.nrow !== n) return false;
  const Ap = A.colPtr;
  const Ai = A.rowIdx;
  const nnz = Ap[n] ?? 0;
  // pattern of Aᵀ by counting sort (rows come out sorted)
  const Tp = new Int32Array(n + 1);
  for (let t = 0; t < nnz; t++) Tp[(Ai[t] as number) + 1]!++;
  for (let i = 0; i < n; i++) Tp[i + 1]! += Tp[i]!;
  for (let j = 0; j <= n; j++) if (Tp[j] !== Ap[j]) return false;
  const next = Tp.slice(0, n);
  const Ti = new Int32Array(nnz);
  for (let j = 0; j < n; j++) {
    for (let t = Ap[j]!; t < Ap[j + 1]!; t++) Ti[next[Ai[t]!]!++] = j;
  }
  for (let t = 0; t < nnz; t++) if (Ti[t] !== Ai[t]) return false;
  return true;
}
