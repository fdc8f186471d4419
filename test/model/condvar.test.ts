import { describe, expect, it } from 'vitest';
import type { MixedLMResults } from '../../src/model/index.js';
import { insteval10k, loadJson, penicillin, sleepstudy } from './fit-helpers.js';

const lme4 = loadJson('lme4.json');

/** Conditional variances of one variance component, in the model's column order. */
function block(r: MixedLMResults, vc: string): number[] {
  const rec = [...r.randomEffectsCondVar().values()][0]!;
  return Object.entries(rec)
    .filter(([k]) => k.startsWith(`${vc}[`))
    .map(([, v]) => v);
}

/** lme4's condvar for a grouping factor, ordered by level (numeric when the levels are numbers). */
function refBlock(key: string, grp: string, numeric: boolean): number[] {
  const re = lme4[key].ranef[grp];
  const pairs = (re.levels as string[]).map((l, i) => [l, re.condvar[i] as number] as const);
  pairs.sort((a, b) => (numeric ? Number(a[0]) - Number(b[0]) : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return pairs.map((p) => p[1]);
}

const close = (a: number, b: number, rtol: number): void => {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rtol * Math.abs(b));
};

describe('conditional variances of random effects vs lme4 condVar', () => {
  for (const tag of ['reml', 'ml'])
    for (const solver of ['dense', 'sparse'] as const)
      it(`penicillin ${tag} (${solver} engine)`, () => {
        const r = penicillin({ solver }).fit({ reml: tag === 'reml' });
        for (const grp of ['plate', 'sample']) {
          const mine = block(r, grp);
          const ref = refBlock(`penicillin_${tag}`, grp, false);
          expect(mine.length).toBe(ref.length);
          mine.forEach((v, i) => close(v, ref[i]!, 1e-3)); // 1e-3 relative (DESIGN.md)
        }
      });

  it('crossed engine equals the diagonal of the dense conditional covariance (penicillin)', () => {
    const r = penicillin({ solver: 'sparse' }).fit();
    const cv = Object.values([...r.randomEffectsCondVar().values()][0]!);
    const dense = [...r.randomEffectsCov.values()][0]!;
    cv.forEach((v, i) => close(v, dense[i]![i]!, 1e-10)); // same quantity, two routes: 1e-10 relative
  });

  it('insteval10k reml: three crossed components (s, d, dept), 1e-3 relative', () => {
    const r = insteval10k().fit({ reml: true });
    expect(r.model.solverKind).toBe('sparse');
    for (const grp of ['s', 'd', 'dept']) {
      const mine = block(r, grp);
      const ref = refBlock('insteval10k_reml', grp, true);
      expect(mine.length).toBe(ref.length);
      mine.forEach((v, i) => close(v, ref[i]!, 1e-3)); // 1e-3 relative (DESIGN.md)
    }
  });

  for (const tag of ['reml', 'ml'])
    it(`sleepstudy ${tag}: per-subject diagonal of the 2×2 conditional covariance`, () => {
      const r = sleepstudy().fit({ reml: tag === 'reml' });
      const cv = r.randomEffectsCondVar();
      const re = lme4[`sleepstudy_slopes_${tag}`].ranef.Subject;
      (re.levels as string[]).forEach((lev, i) => {
        const mine = cv.get(r.model.groupLabels.find((g) => String(g) === lev)!)!;
        const ref = re.condvar[i] as number[][];
        close(mine.Subject!, ref[0]![0]!, 1e-3); // 1e-3 relative
        close(mine.Days!, ref[1]![1]!, 1e-3);
      });
    });
});
