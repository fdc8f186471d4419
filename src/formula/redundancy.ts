/**
 * patsy's full-rank coding choice (redundancy.py, described in patsy's
 * "Coding categorical data" docs): a term `a:b` of categorical factors is
 * expanded into the subterms `1 + a- + b- + a-:b-` (`-` = reduced-rank
 * coding); subterms already spanned by earlier terms of the same numeric
 * bucket are dropped; the rest are merged greedily left to right
 * (`a- + a-:b-` → `a-:b+`, `+` = full-rank coding).
 *
 * @example
 * ```ts
 * const used = new Set<string>();
 * pickContrasts(['a'], used);      // [Map{}, Map{a→false}]  (intercept, a reduced)
 * pickContrasts(['a', 'b'], used); // [Map{b→false}, Map{a→false, b→false}]
 * ```
 */
export function pickContrasts(categorical: readonly string[], used: Set<string>): Map<string, boolean>[] {
  // all subsets, short before long, ties by positions in `categorical`
  const subsets: number[][] = [];
  const k = categorical.length;
  for (let mask = 0; mask < 1 << k; mask++) {
    const s: number[] = [];
    for (let j = 0; j < k; j++) if (mask & (1 << j)) s.push(j);
    subsets.push(s);
  }
  subsets.sort((a, b) => {
    if (a.length !== b.length) return a.length - b.length;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  });
  // subterm = map factor → includesIntercept
  const subterms: Map<string, boolean>[] = [];
  for (const s of subsets) {
    const names = s.map((j) => categorical[j]!);
    const key = [...names].sort().join('\u0000');
    if (!used.has(key)) subterms.push(new Map(names.map((f) => [f, false])));
  }
  for (const st of subterms) used.add([...st.keys()].sort().join('\u0000'));
  // merge greedily: a long subterm absorbs a short one when it has exactly one
  // extra factor and otherwise the same (factor, coding) pairs
  for (;;) {
    let merged = false;
    outer: for (let si = 0; si < subterms.length; si++) {
      const short = subterms[si]!;
      for (let li = si + 1; li < subterms.length; li++) {
        const long = subterms[li]!;
        if (long.size - short.size !== 1) continue;
        let superset = true;
        for (const [f, full] of short) if (long.get(f) !== full) superset = false;
        if (!superset) continue;
        let extra = '';
        for (const [f] of long) if (!short.has(f)) extra = f;
        if (long.get(extra) !== false) continue;
        const next = new Map(short);
        next.set(extra, true);
        subterms[li] = next;
        subterms.splice(si, 1);
        merged = true;
        break outer;
      }
    }
    if (!merged) break;
  }
  return subterms;
}
