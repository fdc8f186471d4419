/**
 * Elimination tree (Liu 1986), its postorder, and the column counts of the
 * Cholesky factor (row-subtree traversal, O(nnz(L)) time).
 *
 * All three take the pattern of the UPPER triangle of a symmetric matrix in
 * compressed-column form: column k lists the rows i < k with A(i,k) ≠ 0
 * (entries with i ≥ k are ignored; order within a column is free).
 */

/**
 * Elimination tree: `parent[j]` is the row of the first off-diagonal nonzero of
 * column j of L, or -1 for a root. Liu's algorithm with path compression.
 *
 * @example
 * ```ts
 * // arrow matrix 3×3 with A(0,2), A(1,2) ≠ 0: upper pattern column 2 = {0, 1}
 * etree(3, new Int32Array([0, 0, 0, 2]), new Int32Array([0, 1])); // [2, 2, -1]
 * ```
 */
export function etree(n: number, colPtr: Int32Array, rowIdx: Int32Array): Int32Array {
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (let p = colPtr[k]!; p < colPtr[k + 1]!; p++) {
      let i = rowIdx[p]!;
      // climb from i to the root of its current subtree, compressing to k
      while (i !== -1 && i < k) {
        const next = ancestor[i]!;
        ancestor[i] = k;
        if (next === -1) {
          parent[i] = k;
          break;
        }
        i = next;
      }
    }
  }
  return parent;
}

/**
 * Postorder of a forest: `post[k]` is the k-th node visited (children before
 * parents, children in increasing order).
 *
 * @example
 * ```ts
 * postorder(new Int32Array([2, 2, -1])); // [0, 1, 2]
 * ```
 */
export function postorder(parent: Int32Array): Int32Array {
  const n = parent.length;
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  // child lists, built in reverse so that they come out increasing
  for (let j = n - 1; j >= 0; j--) {
    const p = parent[j]!;
    if (p === -1) continue;
    next[j] = head[p]!;
    head[p] = j;
  }
  const post = new Int32Array(n);
  const stack = new Int32Array(n);
  let k = 0;
  for (let root = 0; root < n; root++) {
    if (parent[root] !== -1) continue;
    let top = 0;
    stack[0] = root;
    while (top >= 0) {
      const j = stack[top]!;
      const child = head[j]!;
      if (child === -1) {
        top--;
        post[k++] = j;
      } else {
        head[j] = next[child]!;
        stack[++top] = child;
      }
    }
  }
  return post;
}

/**
 * Column counts of L (diagonal included): row k of L is the set of nodes on
 * the paths from each i (A(i,k) ≠ 0, i < k) up the tree to k.
 *
 * @example
 * ```ts
 * const cp = new Int32Array([0, 0, 0, 2]), ri = new Int32Array([0, 1]);
 * columnCounts(3, cp, ri, etree(3, cp, ri)); // [2, 2, 1]
 * ```
 */
export function columnCounts(n: number, colPtr: Int32Array, rowIdx: Int32Array, parent: Int32Array): Int32Array {
  const count = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    count[k] = count[k]! + 1;
    for (let p = colPtr[k]!; p < colPtr[k + 1]!; p++) {
      let j = rowIdx[p]!;
      if (j >= k) continue;
      // L(k, j) ≠ 0 for every j on the path up to an already-marked node
      while (mark[j] !== k) {
        mark[j] = k;
        count[j] = count[j]! + 1;
        j = parent[j]!;
      }
    }
  }
  return count;
}

/**
 * Column counts of L (diagonal included) in O(nnz(A)·α) time (Gilbert, Ng &
 * Peyton, SIAM J. Matrix Anal. Appl. 15(4), 1994): colcount(j) = Σ over j's
 * subtree of δ, where δ(j) = [j is a leaf of the tree] − (number of children
 * of j) + (number of row subtrees T_i, i ≠ j, of which j is a leaf) − (number
 * of times j is the least common ancestor of consecutive leaves of a row
 * subtree). Leaves of T_i are found
 * with first descendants (j is a leaf of T_i iff first(j) > first(previous
 * leaf)); least common ancestors by path-compressed union–find in postorder.
 *
 * Requires a POSTORDERED elimination tree (every node after its descendants)
 * and the LOWER pattern by columns: column j lists rows i > j with A(i,j) ≠ 0
 * (entries with i ≤ j are ignored).
 *
 * @example
 * ```ts
 * // arrow 3×3 with A(2,0), A(2,1) ≠ 0: lower pattern column 0 = {2}, column 1 = {2}
 * columnCountsPostordered(3, new Int32Array([0, 1, 2, 2]), new Int32Array([2, 2]), new Int32Array([2, 2, -1])); // [2, 2, 1]
 * ```
 */
export function columnCountsPostordered(n: number, colPtr: Int32Array, rowIdx: Int32Array, parent: Int32Array): Int32Array {
  const first = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (let j = k; j !== -1 && first[j] === -1; j = parent[j]!) first[j] = k;
  }
  // T_i = {i} exactly when i is a leaf of the tree; −1 at parent(i) ends T_i at i
  const delta = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    if (first[j] === j) delta[j]!++;
    const pj = parent[j]!;
    if (pj !== -1) delta[pj]!--;
  }
  const maxfirst = new Int32Array(n).fill(-1);
  const prevleaf = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n);
  for (let j = 0; j < n; j++) ancestor[j] = j;
  for (let j = 0; j < n; j++) {
    const fj = first[j]!;
    for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
      const i = rowIdx[p]!;
      if (i <= j || fj <= maxfirst[i]!) continue; // not a new leaf of row subtree T_i
      maxfirst[i] = fj;
      delta[j]!++;
      const jprev = prevleaf[i]!;
      prevleaf[i] = j;
      if (jprev === -1) continue;
      // q = lca(jprev, j): the first unfinished ancestor of jprev; compress the path to it
      let q = jprev;
      while (ancestor[q] !== q) q = ancestor[q]!;
      for (let s = jprev; s !== q; ) {
        const t = ancestor[s]!;
        ancestor[s] = q;
        s = t;
      }
      delta[q]!--;
    }
    const pj = parent[j]!;
    if (pj !== -1) ancestor[j] = pj; // j finished: its set joins its parent's
  }
  // colcount(j) = Σ δ over j's subtree (children precede parents)
  for (let j = 0; j < n; j++) {
    const pj = parent[j]!;
    if (pj !== -1) delta[pj]! += delta[j]!;
  }
  return delta;
}
