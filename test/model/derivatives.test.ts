import { describe, expect, it } from 'vitest';
import { fd } from './helpers.js';
import { MixedLMParams } from '../../src/model/index.js';
import type { MixedLM } from '../../src/model/index.js';
import { pastes, penicillin, sleepstudy } from './fit-helpers.js';

type Mk = (o?: object) => MixedLM;
const models: Array<[string, Mk, number[], number[]]> = [
  // name, builder, packed sqrt covariance point, fe point
  ['sleepstudy', sleepstudy, [0.8, 0.1, 0.2], [250, 10]],
  ['pastes', pastes, [1.2, 3.0], [60]],
  ['penicillin', penicillin, [1.5, 2.0], [23]],
];

describe('score vs central differences of loglike; Hessian vs differences of the score', () => {
  for (const [name, mk, th, fe] of models)
    for (const solver of name === 'penicillin' ? ['dense', 'sparse'] : ['dense'])
      for (const useSqrt of [true, false])
        for (const reml of [true, false])
          for (const profileFe of [true, false]) {
            it(`${name} ${solver} useSqrt=${useSqrt} reml=${reml} profileFe=${profileFe}`, () => {
              const m = mk({ useSqrt, solver });
              m.reml = reml;
              // point in the model's parameterization
              const po = MixedLMParams.fromPacked(th, m.kFe, m.kRe, true, false);
              const cov = po.getPacked(useSqrt, false);
              const x0 = profileFe ? cov : [...fe, ...cov];
              const asParams = (x: number[]): MixedLMParams | number[] => {
                if (profileFe) return x;
                const p = MixedLMParams.fromPacked(x, m.kFe, m.kRe, useSqrt, true);
                return p;
              };
              const ll = (x: number[]): number => m.loglike(asParams(x), profileFe);
              let sc: number[];
              if (profileFe) sc = m.score(x0, true);
              else {
                const p = MixedLMParams.fromPacked(x0, m.kFe, m.kRe, useSqrt, true);
                const r = useSqrt ? m.scoreSqrt(p, true) : m.scoreFull(p, true);
                sc = [...r.fe, ...r.re, ...r.vc];
              }
              const num = fd(ll, x0, 1e-4); // central differences, relative step 1e-4 (qf cancellation noise ~1e-7)
              const smax = Math.max(...num.map(Math.abs));
              sc.forEach((v, i) => expect(Math.abs(v - num[i]!)).toBeLessThan(1e-6 * smax + 1e-6)); // FD error ~h²
            });
          }
  for (const [name, mk, th, fe] of models)
    for (const solver of name === 'penicillin' ? ['dense', 'sparse'] : ['dense'])
      for (const reml of [true, false])
        it(`hessian ${name} ${solver} reml=${reml}`, () => {
          const m = mk({ useSqrt: false, solver });
          m.reml = reml;
          const po = MixedLMParams.fromPacked(th, m.kFe, m.kRe, true, false);
          // statsmodels' Hessian is the exact second derivative where XᵀV⁻¹r = 0, i.e. at the GLS β
          const gls = m.getFeParams(po.covRe, po.vcomp);
          void fe;
          const x0 = [...gls, ...po.getPacked(false, false)];
          const h = m.hessian(MixedLMParams.fromPacked(x0, m.kFe, m.kRe, false, true));
          const g = (x: number[]): number[] => {
            const r = m.scoreFull(MixedLMParams.fromPacked(x, m.kFe, m.kRe, false, true), true);
            return [...r.fe, ...r.re, ...r.vc];
          };
          const hh = 1e-5;
          const hmax = Math.max(...h.flat().map(Math.abs));
          for (let j = 0; j < x0.length; j++) {
            const a = x0.slice();
            const b = x0.slice();
            const hj = hh * Math.max(1, Math.abs(x0[j]!));
            a[j] = x0[j]! + hj;
            b[j] = x0[j]! - hj;
            const ga = g(a);
            const gb = g(b);
            for (let i = 0; i < x0.length; i++) expect(Math.abs(h[i]![j]! - (ga[i]! - gb[i]!) / (2 * hj))).toBeLessThan(1e-6 * hmax); // 1e-6 of max |H|
          }
        });
});

describe('dense and sparse engines agree on the crossed model', () => {
  for (const reml of [true, false])
    it(`penicillin reml=${reml}`, () => {
      const a = penicillin({ solver: 'dense' }).fit({ reml });
      const b = penicillin({ solver: 'sparse' }).fit({ reml });
      const rel = (x: number, y: number): number => Math.abs(x - y) / Math.max(Math.abs(y), 1e-12);
      a.params.forEach((v, i) => expect(rel(v, b.params[i]!)).toBeLessThan(1e-8)); // 1e-8 relative
      expect(Math.abs(a.llf - b.llf)).toBeLessThan(1e-8);
      a.bse.forEach((v, i) => expect(rel(v, b.bse[i]!)).toBeLessThan(1e-6)); // bse: 1e-6 relative
      const ra = a.randomEffects.get(1)!;
      const rb = b.randomEffects.get(1)!;
      for (const k of Object.keys(ra)) expect(Math.abs(ra[k]! - rb[k]!)).toBeLessThan(1e-7);
    });
});
