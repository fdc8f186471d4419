import type { MixedLMResults } from '../results.js';

/**
 * Row names and estimates used by the interval methods: fixed effects,
 * tril(cov_re) and vcomp on the data scale (named as `paramNames`), then "Scale".
 *
 * @example
 * ```ts
 * intervalEstimates(result); // [{ name: 'Intercept', estimate: 251.4 }, ..., { name: 'Scale', estimate: 654.9 }]
 * ```
 */
export function intervalEstimates(r: MixedLMResults): Array<{ name: string; estimate: number }> {
  const out = r.paramNames.map((name, i) => ({ name, estimate: i < r.kFe ? r.feParams[i]! : r.params[i]! * r.scale }));
  out.push({ name: 'Scale', estimate: r.scale });
  return out;
}
