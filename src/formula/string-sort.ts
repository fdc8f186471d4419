/**
 * Sorting indices by string keys in UTF-16 code-unit order (the order of
 * `a < b`), with MSD radix sort (Sedgewick & Wayne, Algorithms 4th ed., §5.1)
 * when every key is Latin-1 (code units < 256): no comparator callback per
 * comparison, which matters for hundreds of thousands of factor levels.
 * Keys with other code units fall back to a comparison sort.
 */

const R = 256;
const CUTOFF = 16;

/**
 * Sorts `idx` in place so that `keys[idx[0]] ≤ keys[idx[1]] ≤ …` in code-unit
 * order (ties keep no particular order: use distinct keys).
 *
 * @example
 * ```ts
 * const idx = [0, 1, 2];
 * sortByStringKey(idx, ['b', 'a', 'ab']); // idx → [1, 2, 0]
 * ```
 */
export function sortByStringKey(idx: number[], keys: readonly string[]): void {
  const n = idx.length;
  for (let i = 0; i < n; i++) {
    const s = keys[idx[i]!]!;
    for (let k = 0; k < s.length; k++) {
      if (s.charCodeAt(k) >= R) {
        idx.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
        return;
      }
    }
  }
  const a = Int32Array.from(idx);
  msd(a, new Int32Array(n), keys, 0, n, 0);
  for (let i = 0; i < n; i++) idx[i] = a[i]!;
}

/** Code unit d of the key (−1 past its end). */
function at(s: string, d: number): number {
  return d < s.length ? s.charCodeAt(d) : -1;
}

function msd(a: Int32Array, aux: Int32Array, keys: readonly string[], lo: number, hi: number, d: number): void {
  if (hi - lo <= CUTOFF) {
    // insertion sort (the first d code units are equal in this range)
    for (let i = lo + 1; i < hi; i++) {
      const v = a[i]!;
      const kv = keys[v]!;
      let j = i;
      while (j > lo && kv < keys[a[j - 1]!]!) {
        a[j] = a[j - 1]!;
        j--;
      }
      a[j] = v;
    }
    return;
  }
  // count[c + 2]: keys with code unit c at d (c = −1: the key ends before d)
  const count = new Int32Array(R + 2);
  for (let i = lo; i < hi; i++) count[at(keys[a[i]!]!, d) + 2]!++;
  for (let r = 0; r <= R; r++) count[r + 1]! += count[r]!;
  for (let i = lo; i < hi; i++) aux[count[at(keys[a[i]!]!, d) + 1]!++] = a[i]!;
  for (let i = lo; i < hi; i++) a[i] = aux[i - lo]!;
  // bucket of code unit r spans [count[r], count[r + 1]); keys that ended (r = −1) are done
  for (let r = 0; r < R; r++) {
    const s = lo + count[r]!;
    const e = lo + count[r + 1]!;
    if (e - s > 1) msd(a, aux, keys, s, e, d + 1);
  }
}
