/** The small entries of the benchmark registry (bench/registry.js) fitted against lme4 1.1-31. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM without type declarations
import { registry } from '../../bench/registry.js';
import { MixedLM, VCSpec } from '../../src/model/index.js';
import { CsrMatrix } from '../../src/sparse/csr.js';
import { loadJson } from './fit-helpers.js';

interface Ref {
  source: string;
  llf: number;
  feParams: number[];
  covRe?: number[][];
  vcomp?: number[];
  scale: number;
}
interface Entry {
  id: string;
  size: 'small' | 'big';
  rows: number;
  load(lib: unknown): { endog: Float64Array; exog: Float64Array; groups: Int32Array; options: Record<string, unknown> };
  fit: { reml?: boolean };
  reference?: Ref;
}

const entries = (registry as Entry[]).filter((e) => e.size === 'small');
const lme4 = loadJson('lme4.json');
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('benchmark registry, small entries vs lme4', () => {
  it('has the small and the big entries', () => {
    const ids = (registry as Entry[]).map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['sleepstudy', 'penicillin', 'maximal60x40', 'grouped1m', 'maximal500x400', 'crossed1e5', 'crossed1e6', 'crossed3e6']));
    expect(entries.length).toBeGreaterThanOrEqual(2);
  });

  for (const e of entries)
    it(`${e.id}: fit matches the reference (fe, covariances, scale 1e-4 relative; llf 1e-2)`, () => {
      const ref = e.reference!;
      // the registry's numbers are the lme4.json ones
      if (ref.source.startsWith('lme4.json')) {
        const key = ref.source.split(' ')[1]!;
        expect(rel(ref.llf, lme4[key].loglik)).toBeLessThan(1e-12);
      }
      const d = e.load({ VCSpec, CsrMatrix });
      const m = new MixedLM(d.endog, d.exog, d.groups, d.options);
      expect(m.nobs).toBe(e.rows);
      let evals = 0;
      const r = m.fit({ ...e.fit, onProgress: (p) => (evals = p.evaluations) });
      expect(evals).toBeGreaterThan(0);
      expect(Math.abs(r.llf - ref.llf)).toBeLessThan(1e-2);
      ref.feParams.forEach((v, i) => expect(rel(r.feParams[i]!, v)).toBeLessThan(1e-4));
      expect(rel(r.scale, ref.scale)).toBeLessThan(1e-4);
      ref.covRe?.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(r.covRe[i]![j]! - v)).toBeLessThan(1e-4 * Math.abs(ref.covRe![i]![i]!))));
      ref.vcomp?.forEach((v, i) => expect(Math.abs(r.vcomp[i]! - v)).toBeLessThan(1e-4 * Math.abs(v) + 1e-6)); // 1e-4 relative (covariances: 1e-6 absolute floor)
    });
});
