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
