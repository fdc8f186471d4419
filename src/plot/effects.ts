/** Conditional modes (and variances) of a fit, by random term and level, in one shape for every plot. */
import { termEffects } from '../model/formula-results.js';
import type { TermEffects } from '../model/terms/formula-spec.js';
import type { MixedLMResults } from '../model/results.js';
import { vcColumnKeys } from '../model/terms/vcspec.js';

/**
 * Conditional modes of each random term by level, with conditional variances
 * (`condvar`, lme4's `condVar = TRUE`) when `withCondVar` (default true).
 * Formula models: one entry per formula term (`termEffects`). Models built
 * from arrays: the exog_re block as one term over the groups, then one term
 * per variance component with levels `group/column`.
 *
 * @example
 * ```ts
 * const [subject] = fitEffects(fit); subject.levels.length; // 18 for sleepstudy
 * ```
 */
export function fitEffects(fit: MixedLMResults, withCondVar = true): TermEffects[] {
  const cv = withCondVar ? fit.randomEffectsCondVar() : undefined;
  const m = fit.model;
  if (m.formula) return termEffects(fit, cv);
  const re = fit.randomEffects;
  const out: TermEffects[] = [];
  if (m.kRe > 0) {
    const t: TermEffects = { grp: 'Group', names: m.exogReNames.slice(), levels: [], values: [] };
    const c: number[][] = [];
    for (const g of m.groupLabels) {
      const rec = re.get(g)!;
      t.levels.push(String(g));
      t.values.push(t.names.map((nm) => rec[nm]!));
      const cr = cv?.get(g);
      if (cr) c.push(t.names.map((nm) => cr[nm]!));
    }
    if (cv) t.condvar = c;
    out.push(t);
  }
  m.exogVc.names.forEach((vn, k) => {
    // d columns per level (general terms: `name[level][column]`; statsmodels' components: d = 1)
    const d = m.vcDims[k]!;
    const t: TermEffects = { grp: vn, names: d === 1 ? ['(Intercept)'] : m.exogVc.columns[k]!.slice(), levels: [], values: [] };
    const c: number[][] = [];
    m.groupLabels.forEach((g, gi) => {
      const rec = re.get(g)!;
      const cr = cv?.get(g);
      const keys = vcColumnKeys(m.exogVc, k, gi);
      m.exogVc.colnames[k]![gi]!.forEach((col, l) => {
        const ks = d === 1 ? [keys[l]!] : keys.slice(l * d, l * d + d);
        t.levels.push(m.nGroups > 1 ? `${String(g)}/${col}` : col);
        t.values.push(ks.map((key) => rec[key]!));
        if (cr) c.push(ks.map((key) => cr[key]!));
      });
    });
    if (cv) t.condvar = c;
    out.push(t);
  });
  return out;
}
