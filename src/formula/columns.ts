import type { FactorInfo } from './design.js';

/**
 * patsy's column names of one subterm: the product of its factors' pieces,
 * left-most factor varying fastest (`x`, `C(g)[T.b]`, `C(g)[a]` when full
 * rank, `x:C(g)[T.b]`; the empty subterm is `Intercept`).
 *
 * @example
 * ```ts
 * const g: FactorInfo = { code: 'g', kind: 'categorical', levels: ['a', 'b'], reference: 0, variable: 'g' };
 * subtermColumnNames(['g'], new Map([['g', false]]), new Map([['g', g]])); // ['g[T.b]']
 * ```
 */
export function subtermColumnNames(codes: readonly string[], fullRank: ReadonlyMap<string, boolean>, factors: ReadonlyMap<string, FactorInfo>): string[] {
  const pieces: string[][] = codes.map((c) => {
    const fi = factors.get(c)!;
    if (fi.kind === 'numeric') return [c];
    if (fullRank.get(c)) return fi.levels.map((l) => `${c}[${l}]`);
    return fi.levels.filter((_, k) => k !== fi.reference).map((l) => `${c}[T.${l}]`);
  });
  let ncol = 1;
  for (const q of pieces) ncol *= q.length;
  const out: string[] = [];
  const combo = new Array<number>(pieces.length).fill(0);
  for (let c = 0; c < ncol; c++) {
    out.push(pieces.length === 0 ? 'Intercept' : pieces.map((q, f) => q[combo[f]!]!).join(':'));
    for (let f = 0; f < combo.length; f++) {
      combo[f]!++;
      if (combo[f]! < pieces[f]!.length) break;
      combo[f] = 0;
    }
  }
  return out;
}
